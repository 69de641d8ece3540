"""Export a local sentence-transformers model's transformer to ONNX (run as a child process).

``python -m embeddings.onnx_export MODEL_DIR TARGET.onnx`` — used by the ONNX encoder the first
time it meets a model, so that torch is loaded only here and never in the encoding process.
``python -m embeddings.onnx_export --fused MODEL_DIR TARGET.onnx`` — the same model with ONNX
Runtime's transformer fusions (one Attention, SkipLayerNormalization, EmbedLayerNormalization and
BiasGelu node where the plain graph has dozens of small ones), for the fp32 ``onnx`` backend.
``python -m embeddings.onnx_export --int8 SOURCE.onnx TARGET.onnx`` — the same graph with its
weights quantized to int8 (ONNX Runtime's dynamic quantization), for the ``onnx-int8`` backend.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

__all__ = ["export_onnx", "quantize_onnx", "FUSED_MODEL_TYPES"]

#: model types whose graph ONNX Runtime's BERT fusions recognise; others are exported plain
FUSED_MODEL_TYPES = ("bert",)


def export_onnx(location: Path, target: Path, fused: bool = False) -> None:
    """Write the model's last hidden state as an ONNX graph with dynamic batch and length.

    ``fused``: export the attention written out op by op (``attn_implementation="eager"``: the
    pattern ONNX Runtime's fusions recognise; the default scaled-dot-product export is not fused),
    then let :func:`onnxruntime.transformers.optimizer.optimize_model` fuse it. Same function, same
    vectors (cosine >= 0.9999, tests/embeddings); fewer, larger kernels on the CPU (docs/benchmarks.md).
    """
    import torch
    from transformers import AutoConfig, AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the export is one step of `kg ingest`, not a download
    hf_logging.set_verbosity_error()
    config = AutoConfig.from_pretrained(str(location))
    fused = fused and config.model_type in FUSED_MODEL_TYPES
    model = AutoModel.from_pretrained(str(location), **({"attn_implementation": "eager"} if fused else {})).eval()
    sample = AutoTokenizer.from_pretrained(str(location))(["an example", "a longer example sentence"],
                                                          padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class _Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *tensors):
            return self.inner(**dict(zip(names, tensors))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"hidden": {0: "batch", 1: "tokens"}}
    temporary = target.with_suffix(f".tmp-{os.getpid()}")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about data-dependent shapes are expected here
        torch.onnx.export(_Hidden(model), tuple(sample[n] for n in names), str(temporary), input_names=names,
                          output_names=["hidden"], dynamic_axes=axes, opset_version=17, dynamo=False)
    if fused:
        from onnxruntime.transformers.optimizer import optimize_model

        # opt_level 0: only the transformer fusions; ONNX Runtime applies its own graph
        # optimizations when a session loads the file, for the machine it runs on
        optimized = optimize_model(str(temporary), model_type="bert", num_heads=config.num_attention_heads,
                                   hidden_size=config.hidden_size, opt_level=0)
        optimized.save_model_to_file(str(temporary))
    os.replace(temporary, target)


def quantize_onnx(source: Path, target: Path) -> None:
    """Write ``source`` with int8 weights and dynamically quantized activations (per tensor, signed).

    Per-tensor signed int8 was the fastest of the variants measured (docs/benchmarks.md).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    temporary = target.with_suffix(f".tmp-{os.getpid()}")
    quantize_dynamic(str(source), str(temporary), weight_type=QuantType.QInt8)
    os.replace(temporary, target)


if __name__ == "__main__":
    if sys.argv[1] == "--int8":
        quantize_onnx(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1] == "--fused":
        export_onnx(Path(sys.argv[2]), Path(sys.argv[3]), fused=True)
    else:
        export_onnx(Path(sys.argv[1]), Path(sys.argv[2]))
