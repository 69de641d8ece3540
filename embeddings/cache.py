"""Embedding cache keyed by model and text hash (SQLite), so re-ingest embeds only what changed."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
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

    def iter_many(self, model: str, digests: Iterable[str]) -> Iterator[tuple[str, np.ndarray]]:
        """(digest, vector) for each of ``digests`` the cache holds, read 500 at a time."""
        unique = list(dict.fromkeys(digests))
        for start in range(0, len(unique), 500):
            batch = unique[start:start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT digest, vector FROM vectors WHERE model = ? AND digest IN ({marks})",
                                    [model, *batch])
            for digest, blob in rows.fetchall():
                yield digest, np.frombuffer(blob, dtype=np.float32)

    def get_many(self, model: str, digests: Iterable[str]) -> dict[str, np.ndarray]:
        return dict(self.iter_many(model, digests))

    def put_many(self, model: str, items: dict[str, np.ndarray] | Iterable[tuple[str, np.ndarray]]) -> None:
        """Store vectors in one transaction; ``items`` is a dict or (digest, vector) pairs, streamed."""
        pairs = items.items() if isinstance(items, dict) else items
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                                 ((model, d, int(v.shape[0]), np.asarray(v, np.float32).tobytes()) for d, v in pairs))

    def close(self) -> None:
        self._db.close()
