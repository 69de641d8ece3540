"""Embedding cache keyed by model and text hash (SQLite), so re-ingest embeds only what changed.

The cache is derived data: when SQLite finds the file corrupt (not a database, a malformed page), the
file is set aside as ``embeddings.sqlite.corrupt-<time>`` with a warning and a fresh cache takes its
place; what was lost is embedded again.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "text_digest", "set_aside"]


def text_digest(text: str) -> str:
    """The SHA-256 of a chunk's indexed text: the cache key together with the model id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: SQLite's primary result codes for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB); a locked or full
#: database is another error, never a reason to set the cache aside
_CORRUPTION_CODES = (11, 26)


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPTION_CODES
    return any(text in str(error) for text in ("file is not a database", "malformed"))


def set_aside(path: Path, companions: tuple[str, ...] = ()) -> Path:
    """Rename a corrupt derived file (and its ``companions`` suffixes, e.g. SQLite's -wal) out of the way:
    ``NAME.corrupt-<UTC time>``, kept for inspection. Returns the new path."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    for suffix in companions:
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    return aside


class EmbeddingCache:
    """Vectors stored per (model id, text digest); safe to share between snapshots.

    ``warnings`` lists what was healed (a corrupt file set aside), for ``kg ingest`` to report.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.warnings: list[str] = []
        try:
            self._open()
        except sqlite3.DatabaseError as error:
            self._heal(error)  # re-raised unless the file is corrupt

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path, timeout=30)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, digest TEXT, dim INTEGER, vector BLOB, "
                             "PRIMARY KEY (model, digest))")
        except sqlite3.DatabaseError:
            self._db.close()
            raise

    def _heal(self, error: sqlite3.DatabaseError) -> None:
        """Set the corrupt file aside and start an empty cache in its place; any other error is raised."""
        if not _is_corruption(error):
            raise error
        try:
            self._db.close()
        except (AttributeError, sqlite3.Error):
            pass
        aside = set_aside(self.path, ("-wal", "-shm"))
        self.warnings.append(f"{self.path}: embedding cache is corrupt ({error}); set aside as {aside.name} "
                             f"and rebuilt (its texts are embedded again)")
        self._open()

    def iter_many(self, model: str, digests: Iterable[str]) -> Iterator[tuple[str, np.ndarray]]:
        """(digest, vector) for each of ``digests`` the cache holds, read 500 at a time. A corrupt cache
        found while reading is healed and yields nothing more (the rest is embedded again)."""
        unique = list(dict.fromkeys(digests))
        for start in range(0, len(unique), 500):
            batch = unique[start:start + 500]
            marks = ",".join("?" * len(batch))
            try:
                rows = self._db.execute(f"SELECT digest, dim, vector FROM vectors WHERE model = ? AND digest IN ({marks})",
                                        [model, *batch]).fetchall()
            except sqlite3.DatabaseError as error:
                self._heal(error)
                return
            for digest, dim, blob in rows:
                if len(blob) != 4 * dim:  # a row that does not hold what it says is not used
                    continue
                yield digest, np.frombuffer(blob, dtype=np.float32)

    def get_many(self, model: str, digests: Iterable[str]) -> dict[str, np.ndarray]:
        return dict(self.iter_many(model, digests))

    def put_many(self, model: str, items: dict[str, np.ndarray] | Iterable[tuple[str, np.ndarray]]) -> None:
        """Store vectors in one transaction; ``items`` is a dict or (digest, vector) pairs, streamed.
        A cache found corrupt on writing is healed and written once more."""
        pairs = list(items.items() if isinstance(items, dict) else items)
        rows = [(model, d, int(v.shape[0]), np.asarray(v, np.float32).tobytes()) for d, v in pairs]
        for attempt in (1, 2):
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
                return
            except sqlite3.DatabaseError as error:
                if attempt == 2:
                    raise
                self._heal(error)

    def close(self) -> None:
        self._db.close()
