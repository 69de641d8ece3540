"""Vectors in Milvus behind the :class:`~embeddings.index.VectorIndex` interface: a Milvus Lite file
(in-process, one process at a time) or a Milvus standalone/cluster (``http://host:19530``), one client.

A knowledge base keeps each snapshot's vectors in its own collection, ``<namespace>_<stamp>`` (the
stamp that begins the snapshot id), and one alias, ``<namespace>``, names the collection of the
snapshot being served, for tools outside Papergraph. ``kg serve`` itself searches the collection its
snapshot's manifest names, so a graph is never served with another snapshot's vectors, even while
the alias is being switched. pymilvus is imported only when a Milvus store is used (the ``scale``
extra: ``pip install -e '.[scale]'``).
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from pathlib import Path

import numpy as np

from embeddings.errors import EmbeddingsError, IndexMismatch, first_line
from embeddings.index import VectorIndex

__all__ = ["MilvusIndex", "MilvusStore", "MilvusError", "is_milvus_setting", "parse_vectors_setting",
           "namespace_for", "MILVUS_INDEX_TYPES", "MAX_TOP_K"]

#: Milvus answers at most this many hits per query (its ``topk`` limit)
MAX_TOP_K = 16_384
#: rows per insert call: one call's vectors as Python floats stay a few MB
INSERT_BATCH = 2_000
#: the index types this module builds; FLAT is exact, the others approximate (Milvus Lite builds
#: HNSW and IVF_FLAT with FAISS). Parameters follow embeddings.index's FAISS HNSW (M=32,
#: efConstruction=200, ef=1024) so the two stores are compared like for like.
MILVUS_INDEX_TYPES = {
    "FLAT": ({}, {}),
    "HNSW": ({"M": 32, "efConstruction": 200}, {"ef": 1024}),
    "IVF_FLAT": ({"nlist": 1024}, {"nprobe": 32}),
}
#: vectors kept by a reader for rescoring lexical-only candidates, so repeated queries do not refetch
RECONSTRUCT_CACHE = 4_096


class MilvusError(EmbeddingsError):
    """Milvus is not installed, cannot be reached, or does not hold what a manifest names."""

    status = 503
    title = "Vector store unavailable"


def is_milvus_setting(value: str | None) -> bool:
    """Whether a ``KG_VECTORS`` value names a Milvus store (anything but empty or ``faiss``)."""
    return bool(value) and value.strip().lower() != "faiss"


def parse_vectors_setting(value: str | None) -> str | None:
    """``None`` for the embedded FAISS default, else the Milvus URI to use.

    A local path is a Milvus Lite file (made absolute; it must end in ``.db``, as Milvus Lite
    requires); ``http://``, ``https://`` and ``tcp://`` URIs name a Milvus standalone or cluster.

    >>> parse_vectors_setting("faiss") is None
    True
    >>> parse_vectors_setting("http://milvus:19530")
    'http://milvus:19530'
    """
    if not is_milvus_setting(value):
        return None
    value = value.strip()
    if value.startswith(("http://", "https://", "tcp://", "unix:")):
        return value
    path = Path(value).expanduser()
    if path.suffix != ".db":
        raise MilvusError(f"KG_VECTORS={value!r}: a Milvus Lite file must end in .db "
                          "(or give a Milvus URI such as http://host:19530, or 'faiss')")
    return str(path.resolve())


def namespace_for(kb: Path) -> str:
    """The collection prefix and alias of a knowledge base, so several share one Milvus cluster.

    >>> namespace_for(Path("/srv/kb")) == namespace_for(Path("/srv/kb/"))
    True
    """
    return "kg_" + hashlib.sha256(str(Path(kb).resolve()).encode()).hexdigest()[:10]


def _is_lite(uri: str) -> bool:
    return uri.endswith(".db")


class MilvusStore:
    """One connection to a Milvus store: collections, aliases, and releasing a Milvus Lite file."""

    def __init__(self, uri: str):
        self.uri = uri
        try:
            from pymilvus import MilvusClient
        except ImportError:
            raise MilvusError("vectors in Milvus need pymilvus and milvus-lite: pip install -e '.[scale]'") from None
        if _is_lite(uri):
            Path(uri).parent.mkdir(parents=True, exist_ok=True)
            # Milvus Lite logs a traceback when it cannot open the file; the one line below says why
            logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)
        try:
            self.client = MilvusClient(uri)
        except Exception as error:  # noqa: BLE001 - every failure to connect is the same error for the user
            hint = (" (a Milvus Lite file is opened by one process at a time: stop `kg serve`, or use a "
                    "Milvus server, http://host:19530, to ingest while serving)") if _is_lite(uri) else ""
            text = str(getattr(error, "message", None) or error).strip()  # pymilvus keeps its words in .message
            reason = first_line(text) if text else type(error).__name__
            raise MilvusError(f"cannot open Milvus at {uri}: {reason}{hint}") from None

    def collections(self, prefix: str) -> list[str]:
        return sorted(name for name in self.client.list_collections() if name.startswith(prefix + "_"))

    def alias_target(self, alias: str) -> str | None:
        try:
            return self.client.describe_alias(alias).get("collection_name")
        except Exception:  # noqa: BLE001 - pymilvus raises for an alias that does not exist
            return None

    def point_alias(self, alias: str, collection: str) -> None:
        """Make ``alias`` name ``collection`` (``alter_alias``, or ``create_alias`` the first time)."""
        if self.alias_target(alias) is None:
            self.client.create_alias(collection, alias)
        else:
            self.client.alter_alias(collection, alias)

    def drop(self, collection: str) -> None:
        self.client.drop_collection(collection)

    def row_count(self, collection: str) -> int:
        return int(self.client.get_collection_stats(collection)["row_count"])

    def close(self) -> None:
        """Close the client; a Milvus Lite file is released so another process can open it."""
        try:
            self.client.close()
        finally:
            self.release(self.uri)

    @staticmethod
    def release(uri: str) -> None:
        """Let go of a Milvus Lite file this process opened (every client of it stops working)."""
        if _is_lite(uri):
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(uri)


class MilvusIndex(VectorIndex):
    """Inner-product search over one Milvus collection (``id`` INT64 primary key = chunk row)."""

    kind = "milvus"
    #: the vectors are not a file of the snapshot; the manifest's ``index`` entry says where they are
    file_name = None

    def __init__(self, store: MilvusStore, collection: str, dimension: int, index_type: str = "FLAT",
                 count: int = 0):
        super().__init__(dimension)
        if index_type not in MILVUS_INDEX_TYPES:
            raise MilvusError(f"unknown Milvus index type {index_type!r}; choose one of "
                              f"{', '.join(MILVUS_INDEX_TYPES)}")
        self.store, self.collection, self.index_type = store, collection, index_type
        self._count = count
        self._vectors: OrderedDict[int, np.ndarray] = OrderedDict()

    @classmethod
    def create(cls, uri: str, collection: str, dimension: int, index_type: str = "FLAT") -> "MilvusIndex":
        """A new, empty collection (replacing a leftover of the same name from a build that died)."""
        from pymilvus import DataType

        store = MilvusStore(uri)
        client = store.client
        if client.has_collection(collection):
            client.drop_collection(collection)
        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=int(dimension))
        params = client.prepare_index_params()
        params.add_index(field_name="vector", index_type=index_type, metric_type="IP",
                         params=MILVUS_INDEX_TYPES[index_type][0])
        # Strong: a replica that reads the collection right after a publish sees every vector (a server's
        # default, Bounded, may lag by seconds)
        client.create_collection(collection, schema=schema, index_params=params, consistency_level="Strong")
        return cls(store, collection, dimension, index_type)

    @classmethod
    def open(cls, meta: dict) -> "MilvusIndex":
        """The collection a manifest's ``index`` entry names, checked against its dimension and count."""
        store = MilvusStore(meta["uri"])
        collection = meta["collection"]
        if not store.client.has_collection(collection):
            raise MilvusError(f"Milvus at {meta['uri']} has no collection {collection!r} (named by the manifest)")
        fields = store.client.describe_collection(collection).get("fields", [])
        dims = [int(f.get("params", {}).get("dim", 0)) for f in fields if f.get("name") == "vector"]
        if dims and dims[0] != int(meta["dimension"]):
            raise IndexMismatch(f"Milvus collection {collection}: dimension {dims[0]} != manifest {meta['dimension']}")
        store.client.load_collection(collection)
        count = store.row_count(collection)
        if count != int(meta.get("count", count)):
            raise IndexMismatch(f"Milvus collection {collection}: {count} vectors, the manifest says {meta['count']}")
        return cls(store, collection, int(meta["dimension"]), meta.get("index_type", "FLAT"), count)

    def __len__(self) -> int:
        return self._count

    def add(self, vectors: np.ndarray) -> None:
        vectors = self._check(vectors)
        client = self.store.client
        for start in range(0, len(vectors), INSERT_BATCH):
            rows = vectors[start:start + INSERT_BATCH]
            client.insert(self.collection, [{"id": self._count + start + i, "vector": row}
                                            for i, row in enumerate(rows)])
        client.flush(self.collection)
        self._count += len(vectors)
        stored = self.store.row_count(self.collection)
        if stored != self._count:
            raise MilvusError(f"Milvus collection {self.collection} holds {stored} vectors after inserting {self._count}")

    def search(self, queries: np.ndarray, k: int):
        queries = self._check(np.atleast_2d(queries))
        k = max(1, min(int(k), max(len(self), 1), MAX_TOP_K))
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        if not len(self):
            return scores, ids
        hits = self.store.client.search(self.collection, data=list(queries), limit=k, output_fields=["id"],
                                        search_params={"metric_type": "IP",
                                                       "params": MILVUS_INDEX_TYPES[self.index_type][1]})
        for row, found in enumerate(hits):
            for column, hit in enumerate(found):
                scores[row, column], ids[row, column] = hit["distance"], hit["id"]
        return scores, ids

    def reconstruct(self, i: int) -> np.ndarray:
        """The stored vector ``i``, fetched by primary key (a few thousand are kept for repeat queries)."""
        i = int(i)
        if i in self._vectors:
            self._vectors.move_to_end(i)
            return self._vectors[i]
        rows = self.store.client.query(self.collection, ids=[i], output_fields=["vector"])
        if not rows:
            raise IndexMismatch(f"Milvus collection {self.collection} has no vector {i}")
        vector = np.asarray(rows[0]["vector"], dtype=np.float32)
        self._vectors[i] = vector
        if len(self._vectors) > RECONSTRUCT_CACHE:
            self._vectors.popitem(last=False)
        return vector

    def save(self, path: Path) -> None:
        """Nothing to write: the vectors are in Milvus already (flushed by :meth:`add`)."""

    def meta(self) -> dict:
        """Where the vectors live, for the manifest's ``index`` entry."""
        return {"store": "milvus", "uri": self.store.uri, "collection": self.collection,
                "index_type": self.index_type, "metric": "IP"}

    def close(self) -> None:
        self.store.close()
