"""Vector indexes behind one interface (add, search, save, load); FAISS implementations and a factory."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from embeddings.errors import IndexMismatch

__all__ = ["VectorIndex", "FaissFlatIndex", "FaissHNSWIndex", "create_index", "load_index", "index_meta",
           "EXACT_MAX_VECTORS"]

#: up to this many vectors the factory builds an exact index (recall 1.0); above it, HNSW. Exact search
#: grows linearly with the corpus, HNSW stays near flat: the crossing point, the HNSW parameters and the
#: recall they keep are measured by bench/ann_scale.py, figures in docs/benchmarks.md.
EXACT_MAX_VECTORS = 200_000


class VectorIndex:
    """Inner-product search over normalized vectors (cosine similarity)."""

    kind = "base"
    #: the snapshot file :meth:`save` writes; None where the vectors live outside the snapshot (Milvus)
    file_name: str | None = "vectors.faiss"

    def __init__(self, dimension: int):
        self.dimension = dimension

    def __len__(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def add(self, vectors: np.ndarray) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
        """(scores [q, k], ids [q, k]); ids are -1 where fewer than k vectors exist."""
        raise NotImplementedError

    def reconstruct(self, i: int) -> np.ndarray:  # pragma: no cover - interface
        """The stored vector ``i`` (hybrid search rescores lexical-only candidates with it)."""
        raise NotImplementedError

    def meta(self) -> dict:
        """Where the vectors live, for the manifest, when not in the snapshot's own file."""
        return {}

    def close(self) -> None:
        """Let go of what the index holds open (a connection); nothing for an in-memory index."""

    def save(self, path: Path) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def _check(self, vectors: np.ndarray) -> np.ndarray:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dimension:
            raise IndexMismatch(f"vectors have shape {vectors.shape}, the index dimension is {self.dimension}")
        return vectors


class _FaissIndex(VectorIndex):
    def __init__(self, dimension: int, index=None):
        super().__init__(dimension)
        self._index = index if index is not None else self._new()

    def _new(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(self._check(vectors))

    def search(self, queries: np.ndarray, k: int):
        queries = self._check(np.atleast_2d(queries))
        k = max(1, min(int(k), max(len(self), 1)))
        return self._index.search(queries, k)

    def reconstruct(self, i: int) -> np.ndarray:
        return self._index.reconstruct(int(i))

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))


class FaissFlatIndex(_FaissIndex):
    """Exact inner-product search (``IndexFlatIP``): best for small and medium corpora."""

    kind = "flat"

    def _new(self):
        import faiss

        return faiss.IndexFlatIP(self.dimension)


class FaissHNSWIndex(_FaissIndex):
    """Approximate search on an HNSW graph (``IndexHNSWFlat``, inner product) for large corpora."""

    kind = "hnsw"

    def __init__(self, dimension: int, index=None, m: int = 32, ef_construction: int = 200, ef_search: int = 1024):
        self.m, self.ef_construction, self.ef_search = m, ef_construction, ef_search
        super().__init__(dimension, index)
        self._index.hnsw.efSearch = ef_search

    def _new(self):
        import faiss

        index = faiss.IndexHNSWFlat(self.dimension, self.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = self.ef_construction
        return index


def create_index(dimension: int, expected_size: int, exact_max: int = EXACT_MAX_VECTORS, *,
                 milvus_uri: str | None = None, collection: str | None = None) -> VectorIndex:
    """The index for a corpus of ``expected_size`` vectors: exact up to ``exact_max``, HNSW above.

    With ``milvus_uri`` (see :mod:`embeddings.milvus_index`) the vectors go to a new Milvus
    ``collection`` there instead, with the same exact/HNSW choice.
    """
    if milvus_uri:
        from embeddings.milvus_index import MilvusIndex

        return MilvusIndex.create(milvus_uri, collection, dimension, "FLAT" if expected_size <= exact_max else "HNSW")
    if expected_size <= exact_max:
        return FaissFlatIndex(dimension)
    return FaissHNSWIndex(dimension)


def load_index(path: Path, meta: dict) -> VectorIndex:
    """Load an index saved by :meth:`VectorIndex.save` with its ``meta`` (kind, dimension).

    A manifest whose index lives in Milvus (``store: milvus``) names its URI and collection; ``path``
    is then unused.
    """
    if meta.get("store") == "milvus":
        from embeddings.milvus_index import MilvusIndex

        return MilvusIndex.open(meta)
    import faiss

    raw = faiss.read_index(str(path))
    if raw.d != meta["dimension"]:
        raise IndexMismatch(f"{path}: index dimension {raw.d} != manifest dimension {meta['dimension']}")
    if meta.get("kind") == "hnsw":
        return FaissHNSWIndex(raw.d, raw)
    return FaissFlatIndex(raw.d, raw)


def index_meta(index: VectorIndex) -> dict:
    """What a manifest records about an index."""
    return {"kind": index.kind, "dimension": index.dimension, "count": len(index), **index.meta()}
