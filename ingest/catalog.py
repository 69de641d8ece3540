"""The reviewed paper/concept catalog (``catalog.yaml``), a group's ``papers.yaml`` over it, and BibTeX libraries.

A knowledge base starts from the bundled catalog. A ``papers.yaml`` beside the notes (same schema)
adds papers and concepts or overrides bundled ones by id: what the group states wins. A BibTeX file
given to ``kg ingest`` supplies full titles, years, authors, venues and arXiv ids for the papers
the notes discuss, matched to headings by name (parsed with ``bibtexparser``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

import yaml

from ingest.errors import IngestError
from kg.model import compact_key

__all__ = ["CatalogPaper", "CatalogConcept", "Catalog", "load_catalog", "overlay_catalog", "CATALOG_FILE",
           "GROUP_CATALOG_NAME", "BIBTEX_SUFFIXES", "BibEntry", "load_bibtex", "match_bibtex", "split_group_sources"]

CATALOG_FILE = "ingest/catalog.yaml"
#: the name of a group's own catalog beside its notes
GROUP_CATALOG_NAME = "papers.yaml"
BIBTEX_SUFFIXES = (".bib", ".bibtex")


@dataclass(frozen=True)
class CatalogPaper:
    """A paper the catalog knows: true year, research track, what it cites and needs."""

    id: str
    name: str
    title: str
    year: int | None  # None only for a group's papers.yaml entry that gives none
    area: str
    track: str | None
    aliases: tuple[str, ...]
    summary: str
    cites: tuple[str, ...]
    prerequisites: tuple[str, ...]
    line: int
    file: str | None = None  # the papers.yaml it came from; None: the bundled catalog
    not_builds_on: tuple[str, ...] = ()  # a group's "never an ancestor" (papers.yaml ``not_builds_on``)
    authors: tuple[str, ...] = ()  # as the paper lists them; "et al." ends an abridged list
    venue: str | None = None  # where it was published, with that year ("CVPR 2016", "arXiv 2020")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.title, *self.aliases)


@dataclass(frozen=True)
class CatalogConcept:
    """A concept with aliases, the concepts it requires and who first proposed it.

    ``introduced_by`` is the catalog paper that first proposed it. When that work is not in the
    catalog, ``introduced_in`` names it ("Hinton et al. 2012") and ``popularised_by`` or ``used_by``
    is the catalog paper that made it known or used it (AlexNet for dropout).
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    requires: tuple[str, ...]
    introduced_by: str | None
    definition: str | None
    line: int
    file: str | None = None
    introduced_in: str | None = None
    popularised_by: str | None = None
    used_by: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Catalog:
    """All papers and concepts, by id."""

    papers: dict[str, CatalogPaper] = field(default_factory=dict)
    concepts: dict[str, CatalogConcept] = field(default_factory=dict)
    file: str = CATALOG_FILE

    def evidence(self, entry_id: str, line: int, text: str, file: str | None = None) -> dict:
        """Evidence pointing at a catalog entry (of the bundled catalog, or of ``file``: a papers.yaml)."""
        if file is not None:
            return {"source": GROUP_CATALOG_NAME, "file": file, "line": line, "entry": entry_id, "text": text}
        return {"source": "catalog", "file": self.file, "line": line, "entry": entry_id, "text": text}

    def is_group_entry(self, entry_id: str) -> bool:
        """True when the entry comes from (or was overridden by) the group's papers.yaml."""
        entry = self.papers.get(entry_id) or self.concepts.get(entry_id)
        return entry is not None and entry.file is not None


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping as ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _tuple(value) -> tuple[str, ...]:
    if isinstance(value, str):  # `authors: Ada Lovelace`: one name, not its letters
        return (value,)
    return tuple(str(v) for v in (value or ()))


def _text(value) -> str | None:
    return str(value) if value is not None and str(value).strip() else None


def _read_yaml(path: str | Path | None) -> tuple[dict, str]:
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
    if raw is None:
        raw = {}
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k, []) or [], list) for k in ("papers", "concepts")):
        raise IngestError("expected a mapping with the lists 'papers' and 'concepts'", display, 1)
    return raw, display


def _paper_fields(entry: dict, year: int | None, line: int | None, file: str | None = None) -> dict:
    """A paper entry's fields, read alike from the bundled catalog and from a group's papers.yaml."""
    name = str(entry.get("name", entry["id"]))
    return dict(name=name, title=str(entry.get("title") or name), year=year, area=str(entry.get("area", "unknown")),
                track=entry.get("track"), aliases=_tuple(entry.get("aliases")), summary=str(entry.get("summary", "")),
                cites=_tuple(entry.get("cites")), prerequisites=_tuple(entry.get("prerequisites")),
                not_builds_on=_tuple(entry.get("not_builds_on")), authors=_tuple(entry.get("authors")),
                venue=_text(entry.get("venue")), line=line, file=file)


def _concept_fields(entry: dict, line: int | None, file: str | None = None) -> dict:
    """A concept entry's fields, read alike from the bundled catalog and from a group's papers.yaml."""
    return dict(name=str(entry.get("name", entry["id"])), aliases=_tuple(entry.get("aliases")),
                requires=_tuple(entry.get("requires")), introduced_by=entry.get("introduced_by"),
                introduced_in=_text(entry.get("introduced_in")), popularised_by=_text(entry.get("popularised_by")),
                used_by=_text(entry.get("used_by")), definition=entry.get("definition"), line=line, file=file)


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load the bundled catalog (or the YAML file at ``path``)."""
    raw, display = _read_yaml(path)
    papers, concepts = {}, {}
    try:
        for entry in raw.get("papers", ()):
            if "name" not in entry:  # required here; a papers.yaml entry may leave it to its id
                raise KeyError("name")
            paper = CatalogPaper(id=entry["id"], **_paper_fields(entry, int(entry["year"]), entry["__line__"]))
            if paper.id in papers:
                raise IngestError(f"duplicate paper id {paper.id!r}", display, paper.line)
            papers[paper.id] = paper
        for entry in raw.get("concepts", ()):
            if "name" not in entry:
                raise KeyError("name")
            concept = CatalogConcept(id=entry["id"], **_concept_fields(entry, entry["__line__"]))
            if concept.id in concepts or concept.id in papers:
                raise IngestError(f"duplicate id {concept.id!r}", display, concept.line)
            concepts[concept.id] = concept
    except KeyError as error:
        raise IngestError(f"catalog entry lacks {error}", display) from None
    return Catalog(papers, concepts, display)


def _merged(old, entry: dict, fields: dict):
    """``old`` with the fields ``entry`` gives replaced (a papers.yaml entry overriding one by id)."""
    return replace(old, **{name: value for name, value in fields.items() if name in entry or name in ("line", "file")})


def overlay_catalog(base: Catalog, path: str | Path) -> Catalog:
    """The catalog with a group's ``papers.yaml`` over it: new entries added, same ids overridden field by field.

    A new paper needs ``id`` and ``name``; its ``year`` may be left out (the notes or BibTeX may
    give it). ``cites`` may name papers that only the notes discuss, by id or name.
    """
    raw, display = _read_yaml(path)
    papers, concepts = dict(base.papers), dict(base.concepts)
    for entry in raw.get("papers") or ():
        line = entry.get("__line__") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or "id" not in entry:
            raise IngestError("a papers entry needs an 'id'", display, line)
        try:
            year = int(entry["year"]) if entry.get("year") is not None else None
        except (TypeError, ValueError):
            raise IngestError(f"year {entry.get('year')!r} is not a number", display, line) from None
        fields = _paper_fields(entry, year, line, display)
        old = papers.get(entry["id"])
        if old is not None:
            papers[entry["id"]] = _merged(old, entry, fields)
        else:
            if "name" not in entry:
                raise IngestError(f"paper {entry['id']!r} needs a 'name'", display, line)
            papers[entry["id"]] = CatalogPaper(id=str(entry["id"]), **fields)
    for entry in raw.get("concepts") or ():
        line = entry.get("__line__") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or "id" not in entry:
            raise IngestError("a concepts entry needs an 'id'", display, line)
        fields = _concept_fields(entry, line, display)
        old = concepts.get(entry["id"])
        if old is not None:
            concepts[entry["id"]] = _merged(old, entry, fields)
        elif entry["id"] in papers:
            raise IngestError(f"concept id {entry['id']!r} is already a paper", display, line)
        else:
            concepts[entry["id"]] = CatalogConcept(id=str(entry["id"]), **fields)
    return Catalog(papers, concepts, base.file)


@dataclass(frozen=True)
class BibEntry:
    """One entry of a group's BibTeX library: what it tells about a paper, and where it is."""

    key: str
    title: str
    year: int | None
    authors: tuple[str, ...]
    venue: str | None
    arxiv: str | None
    short_title: str | None
    file: str
    line: int

    @property
    def names(self) -> tuple[str, ...]:
        """Names a heading may use for this entry: the title, the part before its colon, the short title."""
        names = [self.title]
        if ":" in self.title:
            names.append(self.title.split(":", 1)[0])
        if self.short_title:
            names.append(self.short_title)
        return tuple(n.strip() for n in names if n.strip())

    @cached_property
    def name_keys(self) -> frozenset[str]:
        """The compact keys of :attr:`names`, made once per entry (every discussed paper is matched against them)."""
        return frozenset(filter(None, map(compact_key, self.names)))

    @cached_property
    def initials(self) -> str:
        """The first letters of the title's capitalised words (``Denoising Diffusion ...`` -> ``dd...``)."""
        return "".join(_initials(self.title))


_BRACES = re.compile(r"[{}]")
_ARXIV = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")


def load_bibtex(path: str | Path) -> list[BibEntry]:
    """The entries of a BibTeX file, parsed with ``bibtexparser``; a block it cannot parse is an error naming its line."""
    import bibtexparser

    display = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise IngestError(f"cannot read BibTeX file: {error}", display) from None
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise IngestError(f"cannot parse this BibTeX entry ({type(block).__name__})", display,
                          (block.start_line or 0) + 1)
    entries = []
    for entry in library.entries:
        fields = {f.key.lower(): _BRACES.sub("", str(f.value)).strip() for f in entry.fields}
        title = " ".join(fields.get("title", "").split())
        if not title:
            continue
        year_text = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
        authors = tuple(" ".join(a.split()) for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip())
        arxiv = None
        for field_name in ("eprint", "arxiv", "arxivid", "url", "journal"):
            found = _ARXIV.search(fields.get(field_name, ""))
            if found and ("arxiv" in fields.get(field_name, "").lower() or field_name != "journal"):
                arxiv = found.group(1)
                break
        venue = fields.get("booktitle") or fields.get("journal") or fields.get("publisher") or None
        entries.append(BibEntry(entry.key, title, int(year_text.group(0)) if year_text else None, authors, venue,
                                arxiv, fields.get("shorttitle") or None, display, (entry.start_line or 0) + 1))
    return entries


def _initials(title: str) -> list[str]:
    return [w[0].lower() for w in re.findall(r"[A-Za-z][A-Za-z\-]*", title) if w[0].isupper()]


def match_bibtex(names: tuple[str, ...] | list[str], library: list[BibEntry]) -> tuple[BibEntry | None, list[BibEntry]]:
    """The entry whose title (or the part before its colon, or short title) is one of ``names``.

    An acronym heading (``DDPM``, 3+ capitals) also matches a title whose capitalised words start
    with those letters (Denoising Diffusion Probabilistic Models). Returns (the entry, []) for one
    match, (None, the candidates) when several entries match, (None, []) for none.

    >>> e = BibEntry("ho2020", "Denoising Diffusion Probabilistic Models", 2020, (), None, None, None, "x.bib", 1)
    >>> match_bibtex(["DDPM"], [e])[0].key
    'ho2020'
    """
    keys = set(filter(None, map(compact_key, names)))
    exact = [e for e in library if keys & e.name_keys]
    if len(exact) == 1:
        return exact[0], []
    if len(exact) > 1:
        return None, exact
    acronyms = [n for n in names if re.fullmatch(r"[A-Z][A-Za-z0-9]*", n) and sum(c.isupper() for c in n) >= 3
                and n.isalpha()]
    by_initials = []
    for entry in library:
        if any(entry.initials.startswith(a.lower()) and len(a) >= 3 for a in acronyms):
            by_initials.append(entry)
    if len(by_initials) == 1:
        return by_initials[0], []
    return None, by_initials


def split_group_sources(paths) -> tuple[list[Path], list[Path], list[Path]]:
    """Split the paths given to ``kg ingest`` into (notes paths, papers.yaml files, BibTeX files).

    A BibTeX file or a ``papers.yaml`` may be given by name, or lie directly in a given folder.
    """
    notes, group_catalogs, bibtex = [], [], []
    for given in paths:
        path = Path(given)
        if path.is_file() and path.name.lower().endswith(BIBTEX_SUFFIXES):
            bibtex.append(path)
        elif path.is_file() and path.name == GROUP_CATALOG_NAME:
            group_catalogs.append(path)
        else:
            notes.append(path)
            if path.is_dir():
                if (path / GROUP_CATALOG_NAME).is_file():
                    group_catalogs.append(path / GROUP_CATALOG_NAME)
                bibtex.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                                     and p.name.lower().endswith(BIBTEX_SUFFIXES)))
    return notes, group_catalogs, bibtex
