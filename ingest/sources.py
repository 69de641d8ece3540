"""What a knowledge base is built from: the notes paths its manifest records, and the rule that an
ingest of other paths neither drops nor adds sources without being told (``--add``, ``--replace``).

``kg ingest`` with no path rebuilds from the recorded sources (the bundled notes for a new base);
``kg ingest PATH`` on a base built from other sources refuses, naming what would be dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ingest.errors import IngestError, SnapshotError

__all__ = ["SOURCE_MODES", "Sources", "SourcesConflict", "choose_sources", "dropped_papers"]

#: check: refuse an ingest that would drop a recorded source; add: the new paths join the recorded
#: ones; replace: the new paths are the sources from now on
SOURCE_MODES = ("check", "add", "replace")


class SourcesConflict(IngestError):
    """``kg ingest PATH`` on a base built from other sources, without ``--add`` or ``--replace``."""

    status = 409
    title = "Built from other sources"


@dataclass(frozen=True)
class Sources:
    """The inputs of a build: the bundled notes or not, and absolute paths of files and folders."""

    bundled: bool
    paths: tuple[str, ...]

    @classmethod
    def of(cls, paths, bundled: bool = False) -> "Sources":
        return cls(bundled, tuple(sorted({str(Path(p).expanduser().resolve()) for p in paths})))

    @classmethod
    def from_manifest(cls, manifest: dict) -> "Sources | None":
        inputs = manifest.get("inputs")
        if not isinstance(inputs, dict):
            return None  # a base built before sources were recorded
        return cls(bool(inputs.get("bundled")), tuple(inputs.get("paths", ())))

    def to_manifest(self) -> dict:
        return {"bundled": self.bundled, "paths": list(self.paths)}

    def union(self, other: "Sources") -> "Sources":
        return Sources(self.bundled or other.bundled, tuple(sorted(set(self.paths) | set(other.paths))))

    def minus(self, other: "Sources") -> "Sources":
        return Sources(self.bundled and not other.bundled, tuple(p for p in self.paths if p not in other.paths))

    def __bool__(self) -> bool:
        return self.bundled or bool(self.paths)

    def describe(self) -> str:
        return ", ".join((["the bundled notes"] if self.bundled else []) + list(self.paths))


def _recorded(kb: Path) -> tuple[Sources | None, dict | None]:
    from ingest.snapshot import read_manifest

    try:
        manifest = read_manifest(kb)
    except SnapshotError:
        return None, None  # no knowledge base yet (or one that cannot be read: the build replaces it)
    return Sources.from_manifest(manifest) or Sources(True, ()), manifest


def dropped_papers(kb: Path, manifest: dict, dropped: Sources, bundled_root: Path) -> list[str]:
    """The discussed papers of the current snapshot whose notes come from the ``dropped`` sources."""
    from ingest.snapshot import load_snapshot

    graph: nx.MultiDiGraph = load_snapshot(kb, with_search=False).graph
    root = Path(manifest.get("display_root") or ".")
    under = [Path(p) for p in dropped.paths] + ([bundled_root.resolve()] if dropped.bundled else [])
    papers = []
    for node, data in graph.nodes(data=True):
        if data.get("type") != "paper" or not data.get("discussed") or not data.get("source"):
            continue
        file = Path(data["source"]["file"])
        file = (file if file.is_absolute() else root / file).resolve()
        if any(file == u or u in file.parents for u in under):
            papers.append(node)
    return sorted(papers, key=lambda n: (graph.nodes[n].get("order", 0), n))


def choose_sources(kb: Path, paths, mode: str, bundled_root: Path) -> Sources:
    """The sources the next build of ``kb`` reads, from the paths given and the ones recorded.

    Raises
    ------
    SourcesConflict
        In ``check`` mode, when ``paths`` would drop a recorded source: the message names the sources
        and the papers that would go, and the options.
    """
    if mode not in SOURCE_MODES:
        raise ValueError(f"sources must be one of {', '.join(SOURCE_MODES)}")
    recorded, manifest = _recorded(Path(kb))
    if not paths:
        return recorded or Sources(True, ())
    given = Sources.of(paths)
    if recorded is None or mode == "replace":
        return given
    if mode == "add":
        return recorded.union(given)
    dropped = recorded.minus(given)
    if not dropped:
        return given.union(recorded)
    papers = dropped_papers(Path(kb), manifest, dropped, bundled_root)
    shown = ", ".join(papers[:8]) + (f" and {len(papers) - 8} more" if len(papers) > 8 else "")
    raise SourcesConflict(f"this knowledge base is built from {recorded.describe()}; ingesting "
                          f"{given.describe()} alone would drop {len(papers)} papers ({shown or 'none'}) from "
                          f"{dropped.describe()}; add --add to add it to the sources, or --replace to build "
                          f"from it alone", file=kb)
