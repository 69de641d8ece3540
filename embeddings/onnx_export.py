"""Export a local sentence-transformers model's transformer to ONNX (run as a child process).

``python -m embeddings.onnx_export MODEL_DIR TARGET.onnx`` — used by the ONNX encoder the first
time it meets a model, so that torch is loaded only here and never in the encoding process.
``python -m embeddings.onnx_export --int8 SOURCE.onnx TARGET.onnx`` — the same graph with its
weights quantized to int8 (ONNX Runtime's dynamic quantization), for the ``onnx-int8`` backend.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

__all__ = ["export_onnx", "quantize_onnx"]


def export_onnx(location: Path, target: Path) -> None:
    """Write the model's last hidden state as an ONNX graph with dynamic batch and length."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the export is one step of `kg ingest`, not a download
    hf_logging.set_verbosity_error()
    model = AutoModel.from_pretrained(str(location)).eval()
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
    else:
        export_onnx(Path(sys.argv[1]), Path(sys.argv[2]))
