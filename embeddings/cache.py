"""Embedding cache keyed by model and text hash (SQLite), so re-ingest embeds only what changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "text_digest"]


def text_digest(text: str) -> str:
    """The SHA-256 of a chunk's indexed text: the cache key together with the model id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors stored per (model id, text digest); safe to share between snapshots."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, digest TEXT, dim INTEGER, vector BLOB, "
                         "PRIMARY KEY (model, digest))")

    def get_many(self, model: str, digests: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(digests))
        for start in range(0, len(unique), 500):
            batch = unique[start:start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT digest, dim, vector FROM vectors WHERE model = ? AND digest IN ({marks})",
                                    [model, *batch])
            for digest, _, blob in rows:
                found[digest] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                                 [(model, d, int(v.shape[0]), np.asarray(v, np.float32).tobytes())
                                  for d, v in items.items()])

    def close(self) -> None:
        self._db.close()
