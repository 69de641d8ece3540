"""Where a build's vectors go and how they are published with the snapshot: in the snapshot (FAISS,
the default) or in Milvus, one collection per snapshot, published by switching the knowledge
base's alias in the same step that replaces ``CURRENT``.

The order of a Milvus publish, and what a crash (SIGKILL) at each point leaves serving:

1. the vectors are written to a new collection ``<namespace>_<stamp>`` and flushed
   (failpoint ``vectors-stored``): CURRENT and the alias still name the old pair; the new
   collection is an orphan that the next build drops;
2. the snapshot directory is complete and renamed into place (``files-written``, ``renamed``);
3. the alias is switched to the new collection (``alias-switched``), then ``CURRENT`` is replaced:
   a crash between the two leaves the alias one step ahead, but ``kg serve`` reads the collection
   the current manifest names, never the alias, so the served graph and vectors stay one pair;
   the next build points the alias again;
4. collections that no remaining snapshot names are dropped (those pruned with their snapshots,
   and orphans of builds that died).
"""

from __future__ import annotations


from embeddings.milvus_index import namespace_for, parse_vectors_setting
from ingest.failpoints import reach
from ingest.errors import SnapshotError
from ingest.snapshot import KBLayout, new_stamp, published_ids, read_manifest

__all__ = ["VectorPublication", "vector_publication"]


class VectorPublication:
    """The embedded default: the index is a file of the snapshot; nothing else to publish."""

    stamp: str | None = None

    def index_options(self) -> dict:
        """Keyword arguments for :func:`embeddings.index.create_index`."""
        return {}

    def track(self, index) -> None:
        """Called with the index once it holds every vector."""

    def before_current(self, snapshot_id: str) -> None:
        """Called once the snapshot directory is in place, just before ``CURRENT`` is replaced."""

    def after_publish(self, layout: KBLayout) -> None:
        """Called once ``CURRENT`` names the new snapshot and old snapshots are pruned; releases what
        the build opened (a build that fails instead exits, or leaves it to this process's exit)."""


class MilvusPublication(VectorPublication):
    """Vectors in a Milvus collection named after the snapshot's stamp; the alias follows CURRENT."""

    def __init__(self, uri: str, layout: KBLayout):
        self.uri, self.layout = uri, layout
        self.namespace = namespace_for(layout.root)
        self.stamp = new_stamp()
        self.collection = f"{self.namespace}_{self.stamp}"
        self._index = None

    def index_options(self) -> dict:
        return {"milvus_uri": self.uri, "collection": self.collection}

    def track(self, index) -> None:
        """Keep the index that :func:`create_index` made, to switch the alias on its connection."""
        self._index = index
        reach("vectors-stored")

    def before_current(self, snapshot_id: str) -> None:
        self._index.store.point_alias(self.namespace, self.collection)
        reach("alias-switched")

    def after_publish(self, layout: KBLayout) -> None:
        store = self._index.store
        named = _collections_named(layout)
        for collection in store.collections(self.namespace):
            if collection not in named:
                store.drop(collection)
        self._index.close()  # a Milvus Lite file is free for `kg serve` from here


def _collections_named(layout: KBLayout) -> set[str]:
    """The Milvus collections that the manifests of the snapshots on disk name."""
    named = set()
    for snapshot_id in published_ids(layout):
        try:
            index = read_manifest(layout.root, snapshot_id).get("index", {})
        except SnapshotError:
            continue  # a folder without a readable manifest names nothing
        if index.get("store") == "milvus" and index.get("collection"):
            named.add(index["collection"])
    return named


def vector_publication(vectors: str | None, layout: KBLayout) -> VectorPublication:
    """The publication for a ``KG_VECTORS`` value: FAISS in the snapshot, or a Milvus URI."""
    uri = parse_vectors_setting(vectors)
    return MilvusPublication(uri, layout) if uri else VectorPublication()
