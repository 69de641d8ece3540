"""An :class:`~embeddings.encoder.Encoder` that encodes on a Ray cluster: Ray Data ``map_batches``
over an actor pool of the ordinary encoders (one GPU per actor where the cluster has GPUs, one CPU
per actor otherwise), vectors returned in the order of the texts.

``address=None`` (or ``"local"``) starts a small local Ray (``num_cpus``, a modest object store);
any other address is passed to ``ray.init`` (``auto``, ``ray://head:10001``). The workers need this
package and its model installed (the ``scale`` extra); a local Ray's workers get this process's
``PYTHONPATH``. Ray is imported only when this encoder is made.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from embeddings.encoder import ACCELERATOR_BATCH_SIZE, Encoder, create_encoder, encoder_model_id
from embeddings.errors import EmbeddingsError, first_line

__all__ = ["RayEncoder", "RayUnavailable", "LOCAL_RAY"]

#: the settings of a Ray started here: small, since it shares the machine with everything else
LOCAL_RAY = {"num_cpus": 2, "object_store_memory": 160 * 1024 * 1024}
#: texts per Ray Data batch handed to one actor (each actor batches again for its device)
RAY_BATCH = 256


class RayUnavailable(EmbeddingsError):
    """Ray is not installed or its cluster cannot be reached."""

    status = 503
    title = "Ray unavailable"


class _EncoderActor:
    """One encoder per Ray actor, made once, called with a batch of ``{"row", "text"}``."""

    def __init__(self, model, device, backend, cache_dir, threads):
        self.encoder = create_encoder(model, device, backend, cache_dir, threads)

    def __call__(self, batch: dict) -> dict:
        return {"row": batch["row"], "vector": self.encoder.encode([str(t) for t in batch["text"]]),
                "backend": np.full(len(batch["row"]), self.encoder.backend)}


class RayEncoder(Encoder):
    """Encode texts on Ray; ``model_id`` is the in-process encoder's, so the embedding cache is shared.

    ``accelerator`` is what each actor runs on (``cpu`` or ``cuda``), ``device`` says so with Ray and
    the pool size, ``backend`` is the actors' encoder backend (known once a batch has come back).
    """

    #: texts per call from the ingest pipeline: one Ray Data job each (bounded driver memory)
    slab_size = 16_384

    def __init__(self, address: str | None = None, model: str | None = None, device: str = "auto",
                 backend: str = "auto", cache_dir: str | Path | None = None, actors: int | None = None,
                 local: dict | None = None):
        try:
            import ray
            import ray.data  # noqa: F401 - Ray Data is the part used
        except ImportError:
            raise RayUnavailable("--ray needs Ray Data: pip install -e '.[scale]'") from None
        self.model_id = encoder_model_id(model, backend)
        self.dimension = 0  # known after the first batch
        self.backend = backend
        self._started = False
        if not ray.is_initialized():
            try:
                if address in (None, "", "local"):
                    root = str(Path(__file__).resolve().parent.parent)
                    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
                    ray.init(**{**LOCAL_RAY, **(local or {})}, include_dashboard=False, log_to_driver=False,
                             configure_logging=False,
                             runtime_env={"env_vars": {"PYTHONPATH": path, "HF_HUB_OFFLINE": "1"}})
                else:
                    ray.init(address=address, log_to_driver=False, configure_logging=False,
                             runtime_env={"env_vars": {"HF_HUB_OFFLINE": "1"}})
            except Exception as error:  # noqa: BLE001 - any failure to start or reach Ray is one error
                raise RayUnavailable(f"cannot start or reach Ray at {address or 'local'}: "
                                     f"{first_line(error)}") from None
            self._started = True
        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.WARNING)
        ray.data.DataContext.get_current().enable_progress_bars = False
        resources = ray.cluster_resources()
        gpus, cpus = int(resources.get("GPU", 0)), max(1, int(resources.get("CPU", 1)))
        if gpus and device in ("auto", "cuda"):
            self.accelerator, self.actors, self._per_actor = "cuda", actors or gpus, {"num_gpus": 1}
            self._encoder_args = (model, "cuda", "torch" if backend == "auto" else backend, cache_dir, None)
            self.batch_size = ACCELERATOR_BATCH_SIZE * 4
        else:
            self.accelerator, self.actors, self._per_actor = "cpu", actors or min(cpus, 8), {"num_cpus": 1}
            self._encoder_args = (model, "cpu", backend, cache_dir, 1)
            self.batch_size = RAY_BATCH
        self.device = f"{self.accelerator} on Ray ({self.actors} actor{'s' if self.actors > 1 else ''})"

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import ray.data

        rows = ray.data.from_items([{"row": i, "text": t} for i, t in enumerate(texts)])
        encoded = rows.map_batches(_EncoderActor, fn_constructor_args=self._encoder_args, batch_size=self.batch_size,
                                   compute=ray.data.ActorPoolStrategy(size=self.actors), batch_format="numpy",
                                   **self._per_actor)
        out, filled = None, np.zeros(len(texts), dtype=bool)
        for batch in encoded.iter_batches(batch_size=None, batch_format="numpy"):
            vectors = np.asarray(batch["vector"], dtype=np.float32)
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[batch["row"]] = vectors
            filled[batch["row"]] = True
            self.backend = str(batch["backend"][0]) if len(batch["backend"]) else self.backend
        if out is None or not filled.all():
            raise RayUnavailable(f"Ray returned vectors for {int(filled.sum())} of {len(texts)} texts")
        self.dimension = out.shape[1]
        return out

    def close(self) -> None:
        """Shut down a Ray this encoder started (a cluster it joined keeps running)."""
        if self._started:
            import ray

            ray.shutdown()
            self._started = False

    def __repr__(self) -> str:  # pragma: no cover - shown in logs
        return f"RayEncoder({self.model_id!r}, {self.device})"
