"""Ingest: notes -> typed records -> knowledge graph -> chunks -> snapshot (the build pipeline).

Heavy parts (the encoder) are imported by :mod:`ingest.pipeline` only when a build needs them.
"""

from ingest.catalog import Catalog, load_catalog
from ingest.errors import IngestError, SnapshotError
from ingest.graph_build import BuildResult, build_graph, graph_counts
from ingest.notes import LIMITS, ParsedCorpus, parse_file, parse_paths, parse_text
from ingest.records import Field, FileReport, Note, PaperSection, ParseWarning, SourcePosition
from ingest.snapshot import Snapshot, load_snapshot

__all__ = [
    "Catalog", "load_catalog", "IngestError", "SnapshotError", "BuildResult", "build_graph", "graph_counts",
    "LIMITS", "ParsedCorpus", "parse_file", "parse_paths", "parse_text", "Field", "FileReport", "Note",
    "PaperSection", "ParseWarning", "SourcePosition", "Snapshot", "load_snapshot",
]
