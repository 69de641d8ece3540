"""The encoder for accelerators: a tokenizer thread prepares the next batches while the device runs this one.

sentence-transformers' ``encode`` does one thing at a time: tokenize a batch, copy it, run it, wait
for its vectors, then tokenize the next. On a GPU the forward pass of MiniLM is the short part, so
the device sat idle while the CPU tokenized (docs/benchmarks.md: fp16 no faster than fp32 on an
H200). Here a thread tokenizes slabs of texts with the fast tokenizer's batch call (Rust, its own
threads, the GIL released), cuts each slab into batches of equal token counts
(:mod:`embeddings.token_batches`) and hands them over in pinned host memory; the calling thread
copies them without blocking, runs the model, pools into a result that stays on the device, and
waits for the device once, at the end. fp16 or bf16 weights run where the device has them; the
pooling and the returned vectors are fp32.

The same code runs on the CPU (no pinning, no asynchronous copies), which is how it is tested on a
machine without a GPU; there ONNX Runtime (:class:`~embeddings.encoder.OnnxEncoder`) is faster.
"""

from __future__ import annotations

import inspect
import queue
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from embeddings.encoder import (CPU_BATCH_SIZE, CPU_MAX_TOKENS, DEFAULT_MODEL, Encoder, _max_seq_length,
                                _require_mean_pooling, choose_device, resolve_model_path)
from embeddings.errors import ModelLoadError, first_line
from embeddings.token_batches import load_tokenizer, token_batches

__all__ = ["PipelinedEncoder", "EncodeStats", "PRECISIONS", "ACCELERATOR_MAX_TEXTS", "ACCELERATOR_MAX_TOKENS",
           "token_budget"]

PRECISIONS = ("fp32", "fp16", "bf16")
# Texts and padded tokens per forward pass on an accelerator, at most: wide passes keep the device
# busy between two launches from Python; the free memory may lower the tokens (token_budget).
# Not yet measured on a GPU (issue 26): bench/gpu_check.py --max-texts sweeps them.
ACCELERATOR_MAX_TEXTS = 2048
ACCELERATOR_MAX_TOKENS = 1 << 17
# Texts tokenized in one call of the tokenizer thread; the ingest pipeline hands this encoder
# slabs of SLAB_SIZE texts, so that several tokenizer slabs overlap the device's work per call.
TOKENIZER_SLAB = 8192
SLAB_SIZE = 65_536
# Share of the free device memory the activations of one pass may take.
MEMORY_SHARE = 0.5


def token_budget(free_bytes: int, config, max_length: int, value_bytes: int) -> int:
    """Padded tokens per pass whose activations fit in :data:`MEMORY_SHARE` of ``free_bytes``.

    Per token, one layer at a time (inference keeps no activations for a backward pass): the
    hidden state and its copies around attention and the feed-forward block (~6 x hidden), the
    feed-forward's inner width, and a row of attention scores per head and per pair of tokens
    (2 x heads x length, counted even where the attention kernel does not write them out).

    >>> from types import SimpleNamespace
    >>> config = SimpleNamespace(hidden_size=384, intermediate_size=1536, num_attention_heads=12)
    >>> token_budget(80 * 2**30, config, 256, 2)
    2150925
    """
    per_token = (6 * config.hidden_size + config.intermediate_size
                 + 2 * config.num_attention_heads * max_length) * value_bytes
    return max(max_length, int(MEMORY_SHARE * free_bytes // per_token))


@dataclass
class EncodeStats:
    """Where the time of the last ``encode`` call went.

    ``tokenize_s``: the tokenizer thread tokenizing, batching and pinning (it overlaps the rest);
    ``forward_s``: the device running the forward passes and pooling (CUDA events on a GPU, so
    device time, not launch time; wall time on the CPU); ``starved_s``: the feeding thread waiting
    for a batch from the tokenizer; ``wall_s``: the whole call. ``padded_tokens`` / ``tokens``: the
    tokens the device ran / the texts' own.
    """

    texts: int = 0
    batches: int = 0
    tokens: int = 0
    padded_tokens: int = 0
    tokenize_s: float = 0.0
    forward_s: float = 0.0
    starved_s: float = 0.0
    wall_s: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _HostBatch:
    rows: object  # torch tensors, pinned on a CUDA device
    input_ids: object
    attention_mask: object
    tokens: int


_DONE = object()


class PipelinedEncoder(Encoder):
    """Normalized mean-pooled sentence embeddings, tokenized ahead of the device in a thread.

    ``precision``: ``fp32``, ``fp16`` or ``bf16`` weights (the vectors are fp32 in every case).
    ``max_texts`` / ``max_tokens``: texts and padded tokens per pass; by default, on an accelerator,
    :data:`ACCELERATOR_MAX_TEXTS` and what the free memory allows (up to
    :data:`ACCELERATOR_MAX_TOKENS`), on the CPU the ONNX encoder's batches. ``prefetch``: batches
    the tokenizer may run ahead. ``stats`` says where the time of the last call went.
    """

    slab_size = SLAB_SIZE  # texts per call from the ingest pipeline (embeddings cached after each)

    def __init__(self, model: str | None = None, device: str = "auto", precision: str = "fp32",
                 max_texts: int | None = None, max_tokens: int | None = None, prefetch: int = 8,
                 tokenizer_slab: int = TOKENIZER_SLAB, threads: int | None = None):
        if precision not in PRECISIONS:
            raise ModelLoadError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
        self.model_id, location = resolve_model_path(model)
        self.device = choose_device(device)
        self.precision = precision
        self.backend = "pipelined" if precision == "fp32" else f"pipelined-{precision}"
        self.prefetch = max(1, int(prefetch))
        self.tokenizer_slab = max(1, int(tokenizer_slab))
        self.stats = EncodeStats()
        try:
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            if threads:
                torch.set_num_threads(threads)
            _require_mean_pooling(Path(location), "pipelined")
            if not (Path(location) / "tokenizer.json").exists():
                raise ModelLoadError(f"{location}: the pipelined backend needs a fast tokenizer (tokenizer.json); "
                                     "use backend 'torch'")
            self.max_length = _max_seq_length(Path(location))
            self._tokenizer = load_tokenizer(Path(location), self.max_length)
            self._pad_id = self._tokenizer.token_to_id("[PAD]") or 0
            sentence_model = SentenceTransformer(location, device=self.device, local_files_only=True)
            self._model = sentence_model[0].auto_model.eval()
            self.max_length = min(self.max_length, int(sentence_model[0].max_seq_length or self.max_length))
            self._tokenizer.enable_truncation(self.max_length)
            self.dtype = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[precision]
            _check_precision(torch, self.device, precision)
            self._model.to(self.dtype)
            self.dimension = int(self._model.config.hidden_size)
            self._segments = "token_type_ids" in inspect.signature(self._model.forward).parameters
        except ModelLoadError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure to load is the same error for the user
            raise ModelLoadError(f"cannot load model {model or DEFAULT_MODEL!r} (offline): "
                                 f"{first_line(error)}") from None
        self._cuda = self.device.startswith("cuda")
        if max_tokens is None and self.device != "cpu":
            free = torch.cuda.mem_get_info(torch.device(self.device))[0] if self._cuda else 8 * 2**30
            max_tokens = min(ACCELERATOR_MAX_TOKENS,
                             token_budget(free, self._model.config, self.max_length, self.dtype.itemsize))
        self.max_texts = int(max_texts or (CPU_BATCH_SIZE if self.device == "cpu" else ACCELERATOR_MAX_TEXTS))
        self.max_tokens = max_tokens if max_tokens is not None else CPU_MAX_TOKENS
        self.batch_size = self.max_texts  # the name the other encoders report

    # -- the tokenizer side ------------------------------------------------------------------
    def _host_batches(self, texts: list[str]) -> Iterator[_HostBatch]:
        """Batches of ``texts`` ready to copy, a slab at a time; the time spent counts as tokenizing."""
        import torch

        for start in range(0, len(texts), self.tokenizer_slab):
            started = time.perf_counter()
            batches = token_batches(self._tokenizer, texts[start:start + self.tokenizer_slab], self.max_texts,
                                    self.max_tokens, self._pad_id)
            for batch in batches:
                host = _HostBatch(torch.from_numpy(batch.rows + start), torch.from_numpy(batch.input_ids),
                                  torch.from_numpy(batch.attention_mask), batch.tokens)
                if self._cuda:
                    host = _HostBatch(host.rows.pin_memory(), host.input_ids.pin_memory(),
                                      host.attention_mask.pin_memory(), host.tokens)
                self.stats.tokenize_s += time.perf_counter() - started
                yield host
                started = time.perf_counter()
            self.stats.tokenize_s += time.perf_counter() - started

    def _prefetched(self, texts: list[str], stop: threading.Event) -> Iterator[_HostBatch]:
        """:meth:`_host_batches` made by a thread, up to ``prefetch`` batches ahead of the caller."""
        handoff: queue.Queue = queue.Queue(maxsize=self.prefetch)

        def put(item) -> bool:
            while not stop.is_set():
                try:
                    handoff.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        def produce() -> None:
            try:
                for batch in self._host_batches(texts):
                    if not put(batch):
                        return
            except BaseException as error:  # noqa: BLE001 - handed to the caller, raised there
                put(error)
                return
            put(_DONE)

        worker = threading.Thread(target=produce, name="tokenizer", daemon=True)
        worker.start()
        try:
            while True:
                waited = time.perf_counter()
                item = handoff.get()
                self.stats.starved_s += time.perf_counter() - waited
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            worker.join(timeout=10)

    # -- the device side ---------------------------------------------------------------------
    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        import torch

        self.stats = stats = EncodeStats(texts=len(texts))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        started = time.perf_counter()
        texts = list(texts)
        device = torch.device(self.device)
        out = torch.empty((len(texts), self.dimension), dtype=torch.float32, device=device)
        # one slab has nothing to overlap with (its lengths are known only once all of it is tokenized)
        batches = (self._host_batches(texts) if len(texts) <= self.tokenizer_slab
                   else self._prefetched(texts, threading.Event()))
        bar = None
        if progress and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=len(texts), desc="embedding", unit="text", file=sys.stderr)
        events = []
        with torch.inference_mode():
            for batch in batches:
                rows = batch.rows.to(device, non_blocking=True)
                ids = batch.input_ids.to(device, non_blocking=True)
                mask = batch.attention_mask.to(device, non_blocking=True)
                if self._cuda:
                    begin, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                    begin.record()
                else:
                    forward_started = time.perf_counter()
                segments = {"token_type_ids": torch.zeros_like(ids)} if self._segments else {}
                hidden = self._model(input_ids=ids, attention_mask=mask, **segments).last_hidden_state
                weights = mask.unsqueeze(-1).to(torch.float32)
                pooled = (hidden.float() * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
                out.index_copy_(0, rows, torch.nn.functional.normalize(pooled, p=2, dim=1))
                if self._cuda:
                    end.record()
                    events.append((begin, end))
                else:
                    stats.forward_s += time.perf_counter() - forward_started
                stats.batches += 1
                stats.tokens += batch.tokens
                stats.padded_tokens += int(ids.numel())
                if bar is not None:
                    bar.update(len(batch.rows))
        vectors = out.cpu().numpy()  # on a GPU: the one wait for the device
        if self._cuda:
            stats.forward_s = sum(begin.elapsed_time(end) for begin, end in events) / 1000.0
        if bar is not None:
            bar.close()
        stats.wall_s = time.perf_counter() - started
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _check_precision(torch, device: str, precision: str) -> None:
    """Refuse a precision the device cannot run, in one line."""
    if precision == "bf16" and device.startswith("cuda") and not torch.cuda.is_bf16_supported():
        raise ModelLoadError(f"{device} has no bf16 support; use precision fp16 or fp32")
