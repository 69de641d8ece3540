"""Knowledge-base snapshots: one directory per build, published atomically, verified on load.

Layout of a knowledge base directory (``--kb``)::

    CURRENT                 the id of the snapshot being served (replaced atomically)
    snapshots/<id>/         manifest.json, graph.json, chunks.jsonl, vectors.faiss, lexical.npz/.vocab.json
    snapshots/.tmp-<id>/    a build in progress (removed if a build died)
    cache/embeddings.sqlite vectors by model and text hash, shared by all snapshots
    .lock                   held while a build publishes

A build writes everything into a temporary directory, fsyncs it, renames it into place and only
then replaces ``CURRENT``: a crash or bad input at any point leaves the previous snapshot serving.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ingest.errors import SnapshotError
from ingest.failpoints import reach
from kg.store import graph_from_data, graph_to_data

if TYPE_CHECKING:  # loaded only with search (load_snapshot imports them then): no FAISS for the graph alone
    from embeddings.index import VectorIndex
    from embeddings.lexical import BM25Index
    from embeddings.records import Chunk

__all__ = ["Snapshot", "KBLayout", "new_stamp", "published_ids", "write_snapshot", "load_snapshot", "read_manifest",
           "current_snapshot_id", "build_lock", "graph_writer", "remove_stale", "list_snapshots", "rollback", "verify_snapshot", "FORMAT_VERSION", "KEEP_SNAPSHOTS"]

FORMAT_VERSION = 1
KEEP_SNAPSHOTS = 3


@dataclass(frozen=True)
class KBLayout:
    """The paths inside a knowledge-base directory."""

    root: Path

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def current(self) -> Path:
        return self.root / "CURRENT"

    @property
    def cache(self) -> Path:
        return self.root / "cache" / "embeddings.sqlite"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"


@dataclass(frozen=True)
class Snapshot:
    """A loaded snapshot: immutable once loaded; a reload builds a new one and swaps it whole."""

    id: str
    path: Path
    manifest: dict
    graph: nx.MultiDiGraph
    chunks: tuple[Chunk, ...] = field(default=(), repr=False)
    vectors: VectorIndex | None = field(default=None, repr=False)  #: None when loaded without search
    lexical: BM25Index | None = field(default=None, repr=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def build_lock(kb: Path):
    """An exclusive lock on the knowledge base for the length of a build."""
    layout = KBLayout(Path(kb))
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield layout
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_snapshot_id(kb: Path) -> str:
    """The id in ``CURRENT``; a clear error when there is no knowledge base yet."""
    layout = KBLayout(Path(kb))
    try:
        snapshot_id = layout.current.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise SnapshotError(f"{layout.root}: no knowledge base here; run 'kg ingest' first") from None
    if not snapshot_id:
        raise SnapshotError(f"{layout.current}: empty snapshot pointer")
    return snapshot_id


def write_snapshot(layout: KBLayout, files: dict[str, callable], manifest: dict, *, stamp: str | None = None,
                   before_current=None) -> str:
    """Write a snapshot and publish it; the caller holds :func:`build_lock`.

    ``files`` maps a file name to a function that writes that file given its path. The manifest
    gains the checksums of every file, then ``CURRENT`` is replaced atomically. ``stamp`` (UTC
    ``%Y%m%dT%H%M%S%fZ``) begins the id when the caller named things after it beforehand;
    ``before_current(snapshot_id)`` runs once the directory is in place, just before ``CURRENT`` is
    replaced (an external store's pointer switched in the same step, see ingest/vector_store.py).
    """
    layout.snapshots.mkdir(parents=True, exist_ok=True)
    remove_stale(layout)
    stamp = stamp or new_stamp()
    temporary = layout.snapshots / f".tmp-{stamp}"
    temporary.mkdir()
    final = None
    try:
        snapshot_id = _write_files(temporary, files, manifest, stamp)
        reach("files-written")
        final = layout.snapshots / snapshot_id
        os.rename(temporary, final)
        _fsync_dir(layout.snapshots)
        reach("renamed")
    except BaseException:  # an error or Ctrl-C before anything is published: leave no folder behind
        shutil.rmtree(final if final is not None and final.exists() else temporary, ignore_errors=True)
        raise
    if before_current is not None:
        before_current(snapshot_id)
    _point_to(layout, snapshot_id)
    _prune_old(layout, keep={snapshot_id})
    return snapshot_id


def remove_stale(layout: KBLayout) -> None:
    """Remove what a build that died left (``snapshots/.tmp-*``, ``.CURRENT.tmp-*``); the caller holds
    :func:`build_lock`, so no build is under way."""
    for stale in layout.snapshots.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in layout.root.glob(".CURRENT.tmp-*"):
        stale.unlink(missing_ok=True)


def _write_files(temporary: Path, files: dict[str, callable], manifest: dict, stamp: str) -> str:
    """Write the files and the manifest with their checksums into ``temporary``, fsynced; the snapshot id."""
    for name, write in files.items():
        write(temporary / name)  # a writer may add sibling files (lexical.npz beside lexical.vocab.json)
    checksums = {}
    for name in sorted(os.listdir(temporary)):
        path = temporary / name
        checksums[name] = _sha256(path)
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    content = hashlib.sha256(json.dumps(checksums, sort_keys=True).encode()).hexdigest()[:8]
    snapshot_id = f"{stamp}-{content}"
    manifest = {"format": FORMAT_VERSION, "id": snapshot_id, "created": _dt.datetime.now(_dt.timezone.utc).isoformat(),
                **manifest, "checksums": checksums}
    manifest_path = temporary / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    with open(manifest_path, "rb") as handle:
        os.fsync(handle.fileno())
    _fsync_dir(temporary)
    return snapshot_id


def _point_to(layout: KBLayout, snapshot_id: str) -> None:
    """Replace ``CURRENT`` atomically (write, fsync, rename): readers see the old id or the new one."""
    pointer = layout.root / f".CURRENT.tmp-{os.getpid()}"
    pointer.write_text(snapshot_id + "\n", encoding="utf-8")
    with open(pointer, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer, layout.current)
    _fsync_dir(layout.root)


def new_stamp() -> str:
    """A UTC build time to the microsecond: snapshot ids (and the Milvus collections beside them)
    start with it, so they sort oldest first."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def published_ids(layout: KBLayout) -> list[str]:
    """Ids of the published snapshots, oldest first (ids start with their UTC build time)."""
    if not layout.snapshots.is_dir():
        return []
    return sorted(p.name for p in layout.snapshots.iterdir() if p.is_dir() and not p.name.startswith("."))


def _check_file(folder: Path, name: str, expected: str | None, read: bool = False) -> bytes | None:
    """Check a snapshot file against its manifest checksum; with ``read``, return the bytes checked."""
    path = folder / name
    data = None
    try:
        data = path.read_bytes() if read else None
        digest = hashlib.sha256(data).hexdigest() if read else _sha256(path)
    except FileNotFoundError:
        digest = None
    if expected is None or digest != expected:
        raise SnapshotError(f"{path}: missing or does not match its checksum in the manifest")
    return data


def verify_snapshot(kb: Path, snapshot_id: str) -> dict:
    """Check every file of a snapshot against its manifest's checksums; the manifest when all match."""
    folder = KBLayout(Path(kb)).snapshots / snapshot_id
    manifest = read_manifest(kb, snapshot_id)
    for name, expected in manifest.get("checksums", {}).items():
        _check_file(folder, name, expected)
    return manifest


def list_snapshots(kb: Path) -> list[dict]:
    """The published snapshots, newest first: id, created, whether current, counts and sources."""
    layout = KBLayout(Path(kb))
    current = current_snapshot_id(kb)
    listed = []
    for snapshot_id in reversed(published_ids(layout)):
        try:
            manifest = read_manifest(kb, snapshot_id)
        except SnapshotError:
            continue  # a folder without a readable manifest is no snapshot
        counts = manifest.get("counts", {})
        listed.append({"id": snapshot_id, "created": manifest.get("created"), "current": snapshot_id == current,
                       "counts": {**counts.get("nodes", {}), "papers_discussed": counts.get("papers_discussed"),
                                  "chunks": counts.get("chunks")},
                       "inputs": manifest.get("inputs"), "model": manifest.get("model", {}).get("name")})
    return listed


def rollback(kb: Path, to: str | None = None) -> tuple[str, str]:
    """Point ``CURRENT`` back at the previous published snapshot (or at ``to``), verified first.

    Atomic like a build's publish, under the same lock; a running server hot-reloads to it.
    Returns (the id served before, the id served now).
    """
    with build_lock(kb) as layout:
        current = current_snapshot_id(kb)
        published = published_ids(layout)
        if to is None:
            earlier = [i for i in published if i < current]
            if not earlier:
                raise SnapshotError(f"{layout.root}: no earlier snapshot to roll back to "
                                    f"(serving {current}; 'kg snapshots' lists them)")
            to = earlier[-1]
        elif to not in published:
            raise SnapshotError(f"{layout.root}: no snapshot {to!r} ('kg snapshots' lists them)")
        verify_snapshot(kb, to)
        _point_to(layout, to)
    return current, to


def _prune_old(layout: KBLayout, keep: set[str]) -> None:
    for old in published_ids(layout)[:-KEEP_SNAPSHOTS]:
        if old not in keep:
            shutil.rmtree(layout.snapshots / old, ignore_errors=True)


def read_manifest(kb: Path, snapshot_id: str | None = None) -> dict:
    """The manifest of a snapshot (the current one by default), read without loading anything else."""
    folder = KBLayout(Path(kb)).snapshots / (snapshot_id or current_snapshot_id(kb))
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"{folder}: snapshot is missing its manifest") from None
    except (OSError, ValueError) as error:
        raise SnapshotError(f"{folder / 'manifest.json'}: unreadable manifest ({error})") from None


def _sharing_strings():
    """A ``json`` object hook that makes equal string values one object. graph.json repeats file
    paths, relation names and note texts (as edge evidence) hundreds of thousands of times at scale,
    and chunks repeat them again: at 100k chunks this keeps ~190 MB off a serving process."""
    shared: dict[str, str] = {}

    def hook(obj: dict) -> dict:
        for key, value in obj.items():
            if type(value) is str:
                obj[key] = shared.setdefault(value, value)
        return obj

    return hook


def load_snapshot(kb: Path, snapshot_id: str | None = None, *, with_search: bool = True) -> Snapshot:
    """Load and verify a snapshot (the current one by default).

    With ``with_search=False`` only the graph is read: no FAISS, no torch, fast.
    """
    snapshot_id = snapshot_id or current_snapshot_id(kb)
    folder = KBLayout(Path(kb)).snapshots / snapshot_id
    manifest = read_manifest(kb, snapshot_id)
    checksums = manifest.get("checksums", {})

    def verified(name: str, read: bool = False) -> bytes | None:
        return _check_file(folder, name, checksums.get(name), read)

    shared = _sharing_strings()
    graph = nx.freeze(graph_from_data(json.loads(verified("graph.json", read=True), object_hook=shared)))
    if not with_search:
        return Snapshot(snapshot_id, folder, manifest, graph)
    from embeddings.index import load_index
    from embeddings.lexical import BM25Index

    chunk_lines = verified("chunks.jsonl", read=True).decode("utf-8").splitlines()
    for name in checksums:  # the index files, read by FAISS and scipy themselves
        if name not in ("graph.json", "chunks.jsonl"):
            verified(name)
    chunks = tuple(json.loads(line, object_hook=shared) for line in chunk_lines if line)
    vectors = load_index(folder / "vectors.faiss", manifest["index"])
    if len(vectors) != len(chunks):
        raise SnapshotError(f"{folder}: {len(vectors)} vectors for {len(chunks)} chunks")
    lexical = BM25Index.load(folder / "lexical")
    return Snapshot(snapshot_id, folder, manifest, graph, chunks, vectors, lexical)


def graph_writer(graph: nx.MultiDiGraph):
    """A writer for ``graph.json``."""
    def write(path: Path) -> None:
        with open(path, "w", encoding="utf-8") as handle:  # streamed: no whole-file string in memory
            json.dump(graph_to_data(graph), handle, ensure_ascii=False)
    return write
