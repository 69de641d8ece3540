"""The build pipeline: notes -> records -> graph -> chunks -> embeddings -> indexes -> snapshot."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from embeddings.cache import EmbeddingCache, text_digest
from embeddings.encoder import Encoder, create_encoder, encoder_model_id
from embeddings.index import EXACT_MAX_VECTORS, create_index, index_meta
from embeddings.lexical import BM25Index
from embeddings.milvus_index import parse_vectors_setting
from embeddings.records import Chunk
from ingest.catalog import load_bibtex, load_catalog, overlay_catalog, split_group_sources
from ingest.chunks import build_chunks
from ingest.errors import IngestError, SnapshotError
from ingest.failpoints import reach
from ingest.graph_build import build_graph, graph_counts
from ingest.note_ids import PreviousIds
from ingest.notes import ParsedCorpus, parse_paths
from ingest.records import FileReport
from ingest.snapshot import (FORMAT_VERSION, build_lock, graph_writer, load_snapshot, read_manifest, remove_stale,
                             verify_snapshot, write_snapshot)
from ingest.vector_store import vector_publication
from ingest.sources import choose_sources

__all__ = ["IngestReport", "default_notes_path", "refuse_unused_lines", "build_graph_for", "build_key",
           "run_ingest"]


@dataclass
class IngestReport:
    """What ``kg ingest`` did: the snapshot, the counts, what was embedded or reused, warnings."""

    snapshot_id: str
    counts: dict
    chunks: int
    embedded: int
    reused: int
    model: str
    device: str | None
    backend: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    files: list[FileReport] = field(default_factory=list)  # per notes file: papers, notes, lines not used
    report: dict = field(default_factory=dict)  # the build report (ingest.build_report), in full
    unchanged: bool = False  # the sources and settings were those of the served snapshot: nothing published
    sources: list[str] = field(default_factory=list)  # per notes app folder: what its pages were read as


def default_notes_path() -> Path:
    """The bundled reading-group notes (``data/notes``), in the source tree or as installed."""
    import sysconfig

    here = Path(__file__).resolve().parent.parent / "data" / "notes"
    if here.is_dir():
        return here
    installed = Path(sysconfig.get_path("data")) / "share" / "papergraph" / "notes"
    return installed


def _build_group_graph(corpus: ParsedCorpus, group_catalogs, bibtex, previous_ids: PreviousIds | None = None,
                       lineage_model=None):
    """The graph of a parsed corpus with the group's papers.yaml files over the catalog and its BibTeX entries."""
    catalog = load_catalog()
    for group_catalog in group_catalogs:
        catalog = overlay_catalog(catalog, group_catalog)
    return build_graph(corpus, catalog, [entry for path in bibtex for entry in load_bibtex(path)],
                       previous_ids=previous_ids, lineage_model=lineage_model)


def _previous_ids(kb: Path) -> PreviousIds | None:
    """The note ids of the snapshot ``kb`` serves, for its notes to keep; None without one."""
    try:
        return PreviousIds.from_graph(load_snapshot(kb, with_search=False).graph)
    except (SnapshotError, OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the code and data files of the packages a build runs (kg, embeddings, ingest): a
    new version of any of them builds anew even from the same notes."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for package in ("kg", "embeddings", "ingest"):
        for path in sorted((root / package).rglob("*")):
            if path.suffix in (".py", ".yaml") and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_key(corpus: ParsedCorpus, group_files, inputs, display_root: Path, model_id: str, vectors: str | None,
              exact_max: int) -> str:
    """What a build's output depends on, as one digest: the notes' names and bytes, the group's files, the
    recorded inputs, the model, where the vectors go, the index choice and the code. Two builds with the
    same key publish the same knowledge base, so the second publishes nothing."""
    parts = {"format": FORMAT_VERSION, "code": _code_digest(),
             "notes": [[f.path, f.sha256] for f in corpus.files], "sources": list(corpus.sources),
             "skipped": [[r.file, r.skipped] for r in corpus.reports if r.skipped],
             "group_files": [[str(p), hashlib.sha256(Path(p).read_bytes()).hexdigest()] for p in group_files],
             "inputs": inputs.to_manifest(), "display_root": str(display_root.resolve()), "model": model_id,
             "vectors": vectors or "faiss", "exact_max": exact_max}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _unchanged(kb: Path, key: str, corpus: ParsedCorpus, model_id: str, started: float) -> IngestReport | None:
    """The report of a build that publishes nothing, when the served snapshot was built with ``key`` and
    still verifies; else None. Under the build lock: folders left by a build that died go either way."""
    if not (kb / "CURRENT").exists():
        return None  # a new knowledge base (no folder made for it before the build has run)
    with build_lock(kb) as layout:
        remove_stale(layout)
        try:
            manifest = read_manifest(kb)
            if manifest.get("build_key") != key:
                return None
            verify_snapshot(kb, manifest["id"])
        except (SnapshotError, KeyError):
            return None  # no snapshot, or one that is torn: build
    counts = {k: v for k, v in manifest.get("counts", {}).items() if k != "chunks"}
    chunks = manifest.get("counts", {}).get("chunks", 0)
    return IngestReport(manifest["id"], counts, chunks, 0, chunks, model_id, None, None,
                        list(manifest.get("warnings", ())), {"total": time.perf_counter() - started},
                        list(corpus.reports), manifest.get("report", {}), unchanged=True,
                        sources=list(corpus.sources))


def build_graph_for(paths, display_root: Path | None = None, lineage_model=None, notes_format: str = "auto"):
    """Parse the notes at ``paths`` and build their graph, with the group's papers.yaml and BibTeX files.

    ``paths`` may hold notes files and folders, ``papers.yaml`` and ``*.bib`` files; a papers.yaml or
    .bib lying directly in a given folder is used too. Returns :class:`ingest.graph_build.BuildResult`.
    """
    notes, group_catalogs, bibtex = split_group_sources([Path(p) for p in paths])
    corpus = parse_paths(notes, display_root=display_root or Path.cwd(), notes_format=notes_format)
    return _build_group_graph(corpus, group_catalogs, bibtex, lineage_model=lineage_model)


# Texts encoded and cached per step: only one slab's vectors are in flight besides the result.
EMBED_SLAB = 4096


def _embed(chunks: list[Chunk], cache: EmbeddingCache, model_id: str, encoder_factory, progress: bool):
    """(vectors [chunks, dimension] in chunk order, texts embedded, the encoder used or None).

    Cached vectors are streamed into the result; the rest are encoded a slab at a time (longest
    texts last, so batches pad little), written to the cache and placed in the result as they come.
    """
    rows: dict[str, list[int]] = {}
    for row, chunk in enumerate(chunks):
        rows.setdefault(text_digest(chunk["index_text"]), []).append(row)
    vectors = None

    def place(digest: str, vector: np.ndarray) -> None:
        nonlocal vectors
        if vectors is None:
            vectors = np.empty((len(chunks), vector.shape[0]), dtype=np.float32)
        elif vector.shape[0] != vectors.shape[1]:
            raise ValueError(f"embedding cache holds vectors of several dimensions for {model_id}")
        vectors[rows[digest]] = vector

    found = set()
    for digest, vector in cache.iter_many(model_id, rows):
        place(digest, vector)
        found.add(digest)
    missing = sorted((d for d in rows if d not in found), key=lambda d: len(chunks[rows[d][0]]["index_text"]))
    encoder = None
    if missing:
        encoder = encoder_factory()
        slab_size = getattr(encoder, "slab_size", EMBED_SLAB)  # a Ray encoder takes larger slabs
        slabs = range(0, len(missing), slab_size)
        if progress and sys.stderr.isatty():
            from tqdm import tqdm

            slabs = tqdm(slabs, desc=f"embedding {len(missing)} texts", unit="slab", file=sys.stderr)
        for start in slabs:
            slab = missing[start:start + slab_size]
            fresh = encoder.encode([chunks[rows[d][0]]["index_text"] for d in slab])
            cache.put_many(model_id, zip(slab, fresh))
            for digest, vector in zip(slab, fresh):
                place(digest, vector)
    if vectors is None:
        vectors = np.zeros((0, 0), dtype=np.float32)
    return vectors, len(missing), encoder


def refuse_unused_lines(corpus: ParsedCorpus) -> None:
    """``--strict``: raise :class:`IngestError` naming the first line that no note or field took."""
    unused = [(report.file, line) for report in corpus.reports for line in report.unused_lines]
    skipped = [report for report in corpus.reports if report.skipped]
    if skipped:
        raise IngestError(f"file skipped ({skipped[0].skipped}); --strict refuses skipped files", skipped[0].file)
    if unused:
        file, line = unused[0]
        others = f" ({len(unused)} lines not used in all)" if len(unused) > 1 else ""
        raise IngestError(f"line not used by any note or field{others}; --strict refuses unused lines", file, line)


def _make_encoder(ray: str | None, model, device, backend, cache_dir, threads) -> Encoder:
    """The encoder for the texts missing from the cache: in this process, or on Ray."""
    if ray:
        from embeddings.ray_encoder import RayEncoder

        return RayEncoder(None if ray == "local" else ray, model, device, backend, cache_dir)
    return create_encoder(model, device, backend, cache_dir, threads, bulk=True)


def run_ingest(paths, kb: Path, *, model: str | None = None, device: str = "auto", backend: str = "auto",
               encoder: Encoder | None = None, progress: bool = False, exact_max: int = EXACT_MAX_VECTORS,
               threads: int | None = None, strict: bool = False, sources: str = "replace",
               vectors: str | None = None, ray: str | None = None, notes_format: str = "auto") -> IngestReport:
    """Build a snapshot of the notes at ``paths`` into the knowledge base ``kb`` and publish it.

    No ``paths``: the sources the current snapshot records (the bundled notes for a new base). With
    ``paths``, ``sources`` says how they meet the recorded ones (:data:`~ingest.sources.SOURCE_MODES`:
    ``check`` refuses to drop a source, ``add`` joins them, ``replace`` builds from ``paths`` alone).

    Bad input raises :class:`~ingest.errors.IngestError` before anything is written; the
    snapshot being served is replaced only once the new one is complete on disk. With ``strict``,
    a line of the notes that gave no note or field (or a skipped file) is bad input.
    ``vectors`` is the vector-store setting (``faiss`` or None: in the snapshot; a Milvus URI: see
    :mod:`ingest.vector_store`); ``ray`` (``"local"`` or a Ray address) encodes the texts missing
    from the embedding cache on Ray instead of in this process. ``notes_format`` says how a folder is
    read (:data:`ingest.readers.FORMATS`; ``auto`` detects a notes app from its marks).
    """
    timings = {}
    started = time.perf_counter()
    parse_vectors_setting(vectors)  # a bad vector-store setting fails before any work is done
    bundled = default_notes_path()
    inputs = choose_sources(Path(kb), paths, sources, bundled)
    notes, group_catalogs, bibtex = split_group_sources([Path(p) for p in inputs.paths])
    # the bundled notes alone are named as in the repository (data/notes/...), others from here;
    # folders are walked for notes files, leaving out what ingest.ignores says is not notes
    display_root = bundled.parent.parent if inputs.bundled and not notes else Path.cwd()
    corpus = parse_paths([bundled] * inputs.bundled + notes, display_root=display_root, notes_format=notes_format)
    if strict:
        refuse_unused_lines(corpus)
    group_files = [*group_catalogs, *bibtex]
    model_id = encoder.model_id if encoder is not None else encoder_model_id(model, backend)
    key = build_key(corpus, group_files, inputs, display_root, model_id, vectors, exact_max)
    unchanged = _unchanged(Path(kb), key, corpus, model_id, started)
    if unchanged is not None:
        return unchanged
    result = _build_group_graph(corpus, group_catalogs, bibtex, _previous_ids(Path(kb)))
    graph = result.graph
    chunks = build_chunks(graph)
    timings["parse_and_graph"] = time.perf_counter() - started
    reach("parsed")

    kb = Path(kb)
    with build_lock(kb) as layout:
        cache = EmbeddingCache(layout.cache)
        try:
            embed_started = time.perf_counter()
            matrix, embedded, used = _embed(chunks, cache, model_id,
                                             lambda: encoder or _make_encoder(ray, model, device, backend,
                                                                              layout.root / "cache", threads),
                                             progress)
            used_device, used_backend = (used.device, used.backend) if used else (None, None)
            healed = [*cache.warnings, *getattr(used, "warnings", ())]  # derived files found corrupt and rebuilt
            if used is not encoder and hasattr(used, "close"):
                used.close()  # a local Ray started for this build stops here
            del used  # an encoder made here (and ONNX Runtime's buffers) goes before indexing starts
            timings["embed"] = time.perf_counter() - embed_started
            reach("embedded")
        finally:
            cache.close()
        dimension = int(matrix.shape[1]) if len(matrix) else (encoder.dimension if encoder else 0)
        publication = vector_publication(vectors, layout)  # FAISS in the snapshot, or Milvus
        index = create_index(dimension, len(chunks), exact_max, **publication.index_options())
        if len(matrix):
            index.add(matrix)
        publication.track(index)
        del matrix  # the index holds its own copy; the lexical index is built without this one
        lexical = BM25Index().fit([c["index_text"] for c in chunks])
        reach("indexed")
        counts = graph_counts(graph)

        def write_chunks(path: Path) -> None:
            with path.open("w", encoding="utf-8") as out:
                out.writelines(json.dumps(c, ensure_ascii=False) + "\n" for c in chunks)

        manifest = {
            "model": {"name": model_id, "dimension": dimension, "device": used_device, "backend": used_backend},
            "index": index_meta(index),
            "counts": {**counts, "chunks": len(chunks)},
            "sources": [{"path": f.path, "sha256": f.sha256} for f in corpus.files]
            + [{"path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in group_files],
            "inputs": inputs.to_manifest(),  # what `kg ingest` with no path rebuilds from
            "build_key": key,  # a rebuild with the same key publishes nothing (build_key)
            "display_root": str(display_root.resolve()),  # the folder source file names are relative to
            "warnings": result.warnings,
            "report": result.report.as_dict(),
        }
        write_started = time.perf_counter()
        snapshot_id = write_snapshot(layout, {
            "graph.json": graph_writer(graph),
            "chunks.jsonl": write_chunks,
            **({index.file_name: index.save} if index.file_name else {}),  # None: the vectors are in Milvus
            "lexical": lexical.save,
        }, manifest, stamp=publication.stamp, before_current=publication.before_current)
        timings["write"] = time.perf_counter() - write_started
        reach("published")
        publication.after_publish(layout)
    timings["total"] = time.perf_counter() - started
    return IngestReport(snapshot_id, counts, len(chunks), embedded, len(chunks) - embedded, model_id,
                        used_device, used_backend, [*result.warnings, *healed], timings, list(corpus.reports),
                        result.report.as_dict(), sources=list(corpus.sources))
