"""The reviewed paper/concept catalog shipped as package data (``catalog.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ingest.errors import IngestError

__all__ = ["CatalogPaper", "CatalogConcept", "Catalog", "load_catalog", "CATALOG_FILE"]

CATALOG_FILE = "ingest/catalog.yaml"


@dataclass(frozen=True)
class CatalogPaper:
    """A paper the catalog knows: true year, research track, what it cites and needs."""

    id: str
    name: str
    title: str
    year: int
    area: str
    track: str | None
    aliases: tuple[str, ...]
    summary: str
    cites: tuple[str, ...]
    prerequisites: tuple[str, ...]
    line: int

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.title, *self.aliases)


@dataclass(frozen=True)
class CatalogConcept:
    """A concept with aliases, the concepts it requires and the paper that introduced it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    requires: tuple[str, ...]
    introduced_by: str | None
    definition: str | None
    line: int

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Catalog:
    """All papers and concepts, by id."""

    papers: dict[str, CatalogPaper] = field(default_factory=dict)
    concepts: dict[str, CatalogConcept] = field(default_factory=dict)
    file: str = CATALOG_FILE

    def evidence(self, entry_id: str, line: int, text: str) -> dict:
        """Evidence pointing at a catalog entry."""
        return {"source": "catalog", "file": self.file, "line": line, "entry": entry_id, "text": text}


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping as ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _tuple(value) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load the bundled catalog (or the YAML file at ``path``)."""
    if path is None:
        text = resources.files("ingest").joinpath("catalog.yaml").read_text(encoding="utf-8")
        display = CATALOG_FILE
    else:
        display = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise IngestError(f"cannot read catalog: {error}", display) from None
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise IngestError(f"invalid YAML: {getattr(error, 'problem', error)}", display,
                          mark.line + 1 if mark else None) from None
    papers, concepts = {}, {}
    try:
        for entry in raw.get("papers", ()):
            paper = CatalogPaper(
                id=entry["id"], name=entry["name"], title=entry.get("title", entry["name"]), year=int(entry["year"]),
                area=entry.get("area", "unknown"), track=entry.get("track"), aliases=_tuple(entry.get("aliases")),
                summary=entry.get("summary", ""), cites=_tuple(entry.get("cites")),
                prerequisites=_tuple(entry.get("prerequisites")), line=entry["__line__"])
            if paper.id in papers:
                raise IngestError(f"duplicate paper id {paper.id!r}", display, paper.line)
            papers[paper.id] = paper
        for entry in raw.get("concepts", ()):
            concept = CatalogConcept(
                id=entry["id"], name=entry["name"], aliases=_tuple(entry.get("aliases")),
                requires=_tuple(entry.get("requires")), introduced_by=entry.get("introduced_by"),
                definition=entry.get("definition"), line=entry["__line__"])
            if concept.id in concepts or concept.id in papers:
                raise IngestError(f"duplicate id {concept.id!r}", display, concept.line)
            concepts[concept.id] = concept
    except KeyError as error:
        raise IngestError(f"catalog entry lacks {error}", display) from None
    return Catalog(papers, concepts, display)
