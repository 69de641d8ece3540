"""Build the knowledge graph from parsed notes and the catalog; every edge carries its evidence.

:func:`build_graph` runs six named phases, in this order; each is a function below, in the same
order, so one note can be followed from its heading to its edges by reading down this file:

1. :func:`read_headings` - the papers the notes discuss: names, aliases, years (notes, ``Year:``
   lines, BibTeX, catalog), one node each; the catalog's papers and concepts beside them.
2. :func:`resolve_names` - one name matcher over papers and concepts (a discussed paper keeps a
   name it shares with a concept); the names in ``Builds on:`` lines and papers.yaml ``cites``.
3. :func:`classify_mentions` - a node per note; each name a note mentions, with the relation its
   sentence gives it (``ingest/cues.yaml``: builds on, uses, compares, later, or none).
4. :func:`add_edges` - ``led_to`` (stated, catalog, builds-on and plain mentions, the fitted lineage
   scorer of :mod:`ingest.lineage_inference`, reading order), ``uses``/``compares``, prerequisites;
   never back in time, a refused cycle reported with both lines; tracks discovered from the notes.
5. :func:`discover_concepts` - definitions and new concepts from "What is X?" questions and from
   short noun-phrase headings that are not section labels of the group's template;
   :func:`link_new_concepts` names those concepts in every note that writes them.
6. :func:`prune` - catalog entries nothing in the notes needs are dropped; papers left without
   lineage are reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import networkx as nx

from ingest.build_report import BuildReport
from ingest.catalog import BibEntry, Catalog, match_bibtex
from ingest.cues import (ASIDE, LIST_JOINS, Cue, CueBook, arrow_to_self, classify_mentions as governing_cues, is_arrow,
                         load_cues)
from ingest.errors import IngestError
from ingest.front_matter import split_list
from ingest.headings import read_heading, render_links
from ingest.lineage_inference import LineageModel, PairCandidate, explain, infer_lineage, lineage_candidates, \
    load_lineage_model, published_before, suggest_predecessors
from ingest.mention_context import code_spans, reads_as_name
from ingest.note_ids import PreviousIds, assign_note_ids, note_key
from ingest.note_syntax import note_syntax
from ingest.notes import ParsedCorpus, name_without_year
from ingest.page_roles import names_a_page_kind
from ingest.questions import QUESTION_WORDS, SUMMARY_QUESTION, is_about_this_paper, strip_question
from ingest.records import Note, PaperSection, SourcePosition
from kg.lexicon import is_english_word, word_set, words_pattern
from kg.model import (ConceptNode, NoteNode, PaperNode, add_evidence_edge, chronological_key, compact_key, graph_schema,
                      new_graph, slugify)
from kg.names import (Mention, NameIndex, abbreviates_title, capitals_of, expansions, initialisms, is_acronym,
                      name_rules)
from kg.queries import relation_graph

__all__ = ["BuildResult", "LineageCycleError", "DiscussedPaper", "Names", "PaperMention", "build_graph",
           "read_headings", "resolve_names", "classify_mentions", "add_edges", "discover_concepts", "link_new_concepts",
           "prune", "graph_counts"]


class LineageCycleError(IngestError):
    """The finished lineage/prerequisite graph has a cycle: a bug in the rules, never bad notes."""

    status = 500
    title = "Lineage cycle"


@dataclass
class BuildResult:
    """The built graph, the warnings to report and the build report (what the group should fix)."""

    graph: nx.MultiDiGraph
    warnings: list[str] = field(default_factory=list)
    report: BuildReport = field(default_factory=BuildReport)
    #: every pair the lineage scorer weighed, with its features (bench/fit_lineage.py fits on them)
    lineage_candidates: list[PairCandidate] = field(default_factory=list)


@dataclass
class DiscussedPaper:
    """A paper the notes discuss: its sections, names, year and what the group states about it."""

    id: str
    name: str
    names: list[str]
    year: int | None
    sections: list[PaperSection]
    stated: list[tuple[str, SourcePosition]] = field(default_factory=list)  # "Builds on:" names
    denied: list[tuple[str, SourcePosition]] = field(default_factory=list)  # "Not:" names: never an ancestor
    bib: BibEntry | None = None

    @property
    def source(self) -> SourcePosition:
        return self.sections[0].source


@dataclass
class Names:
    """The name matcher of this build, the concepts discussed papers share a name with, stated lineage."""

    matcher: NameIndex
    shared_with_concept: dict[str, str]  # discussed paper id -> concept id of the same name
    stated: list[tuple[str, str, dict]]  # (earlier, later, evidence), from Builds on: lines and papers.yaml
    ambiguous_keys: dict[str, list[str]]  # compact name -> every entity with that name
    denied: list[tuple[str, str, dict]] = field(default_factory=list)  # (earlier, later, evidence) of "Not:" lines
    initials: dict[str, tuple[str, ...]] = field(default_factory=dict)  # discussed paper id -> initials it answers to in capitals
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)  # discussed paper id -> family name it is cited by
    capitals_only: dict[str, frozenset[str]] = field(default_factory=dict)  # entity -> its names that are words in lower case


@dataclass(frozen=True)
class PaperMention:
    """Paper ``named`` is named in the notes of ``paper``; ``relation`` is what the sentence's cue says."""

    named: str
    paper: str
    relation: str  # builds_on, uses, compares, later, none
    evidence: dict


def _notes_evidence(source_note: Note, line: int, text: str, **extra) -> dict:
    snippet = " ".join(text.split())
    return {"source": "notes", "file": source_note.source.file, "line": line, "text": snippet[:240], **extra}


def _line_of(note: Note, mention_start: int) -> tuple[int, str]:
    """The source line and the line's text where a character offset of ``note.text`` falls."""
    parts = [(note.question, note.source.line)] if note.question else []
    parts += list(zip(note.answers, note.answer_lines or [note.source.line] * len(note.answers)))
    offset = 0
    for text, line in parts:
        if mention_start < offset + len(text) + 1:
            return line, text
        offset += len(text) + 1
    return note.source.line, note.question


def _summary_from_notes(notes: tuple[Note, ...]) -> str:
    for note in notes:
        if SUMMARY_QUESTION.search(note.question) and note.answers:
            return " ".join(note.answers)
    for note in notes:
        if note.answers:
            return " ".join(note.answers)
    return ""


# --- 1. read headings ----------------------------------------------------------------------------

_LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


def heading_names(section: PaperSection) -> tuple[str, list[str], int | None]:
    """(name, other names, year) of a paper heading, from the record's fields and the title as written.

    The parser gives ``aliases``, ``year`` and ``fields`` (``Aliases:``, ``Year:`` lines); a title it
    left whole (``wav2vec 2.0 (w2v2)``, ``HuBERT (Hsu et al. 2021)``, ``WavLM [2022]``) is split
    here too: a bracketed year is the year, bracketed authors are dropped, any other bracketed part
    is a second name.

    >>> from ingest.records import PaperSection, SourcePosition
    >>> s = PaperSection("Lark Net 2.0 (LKN2)", None, None, "", (), SourcePosition("n.md", 1))
    >>> heading_names(s)
    ('Lark Net 2.0', ['LKN2'], None)
    >>> heading_names(PaperSection("Wren (Okafor et al. 2020)", None, None, "", (), SourcePosition("n.md", 1)))
    ('Wren', [], 2020)
    >>> heading_names(PaperSection("Wren", None, None, "", (), SourcePosition("n.md", 1), venue="ICLR 2021"))
    ('Wren', [], 2021)
    """
    parts = read_heading(section.title)  # the parser's own reading of a heading
    if section.named_by_page:  # a notes app's page keeps the name the app shows; the reader gave its aliases
        parts = replace(parts, title=section.title, aliases=())
    name, year = parts.title or section.title, section.year or parts.year
    others = [*section.aliases, *parts.aliases]
    fields = {f.key: f for f in section.fields}
    if "aliases" in fields:
        others += split_list(fields["aliases"].value)
    if year is None and "year" in fields:
        found = re.search(r"\d{4}", fields["year"].value)
        year = int(found.group(0)) if found else None
    if year is None and section.venue:  # "ICLR 2022": where nothing else dates the paper, its venue does
        found = re.search(r"\b(?:19|20)\d{2}\b", section.venue)
        year = int(found.group(0)) if found else None
    unique = []
    for other in others:
        if compact_key(other) and compact_key(other) != compact_key(name) and other not in unique:
            unique.append(other.strip())
    return " ".join(name.split()), unique, year


def _presenters(sections) -> list[str]:
    """Who presented a paper: its ``Presenter:`` lines (and presenter properties), names split as lists
    are (``Ada and Lee``), links and tags rendered as their names.

    >>> from ingest.records import Field, PaperSection, SourcePosition
    >>> at = SourcePosition("n.md", 2)
    >>> _presenters([PaperSection("Wren", None, None, "", (), at, fields=(Field("presenter", "[[Ada]] and Lee", at),))])
    ['Ada', 'Lee']
    """
    found: list[str] = []
    for section in sections:
        for item in section.fields:
            if item.key == "presenter":
                found += [n.strip(" #[]@") for n in _LIST_SPLIT.split(render_links(item.value)) if n.strip(" #[]@")]
    return list(dict.fromkeys(found))


def _group_status(sections) -> str | None:
    """Where the group says a paper stands: its ``status`` field (front matter, a notes app's property or
    database column), in lower case, links rendered, else None.

    >>> from ingest.records import Field, PaperSection, SourcePosition
    >>> at = SourcePosition("n.md", 2)
    >>> _group_status([PaperSection("Wren", None, None, "", (), at, fields=(Field("status", "[[Backlog]]", at),))])
    'backlog'
    """
    said = (render_links(item.value).strip(" #[]") for section in sections for item in section.fields
            if item.key == "status")
    return next((" ".join(value.lower().split()) for value in said if value), None)


def _group_tags(sections) -> list[str]:
    """The group's topic labels for a paper (its sections' tags, links rendered), without the tags that say
    what kind of page it is (``#paper``) and without repeats in another case.

    >>> from ingest.records import PaperSection, SourcePosition
    >>> at = SourcePosition("n.md", 2)
    >>> _group_tags([PaperSection("Wren", None, None, "", (), at, tags=("paper", "[[anti-aliasing]]", "Anti-aliasing"))])
    ['anti-aliasing']
    """
    found: dict[str, str] = {}
    for section in sections:
        for tag in section.tags:
            text = " ".join(render_links(tag).strip(" #[]").split())
            if text and not names_a_page_kind(text):
                found.setdefault(text.lower(), text)
    return list(found.values())


def _group_track(sections) -> str | None:
    """The line of work the group gives a paper: a ``track`` field (front matter, a ``Track:`` line), else None.

    >>> from ingest.records import Field, PaperSection, SourcePosition
    >>> at = SourcePosition("n.md", 2)
    >>> _group_track([PaperSection("Wren", None, None, "", (), at, fields=(Field("track", "[[tidal models]]", at),))])
    'tidal models'
    """
    tracks = (render_links(item.value).strip(" #[]") for s in sections for item in s.fields if item.key == "track")
    return next((track for track in tracks if track), None)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _meeting_dates(sections) -> list[str]:
    """The ISO dates of the meetings that discussed a paper: a notes app's session or journal day, a page's
    date property, a ``Date:`` line under the paper's heading (ISO-written, ``2024-02-07``).

    >>> from ingest.records import Field, PaperSection, SourcePosition
    >>> at = SourcePosition("n.md", 2)
    >>> _meeting_dates([PaperSection("Wren", None, None, "", (), at, fields=(Field("date", "2024-02-07 (room 3)", at),),
    ...                              discussed_on=("2024-01-31",))])
    ['2024-01-31', '2024-02-07']
    """
    found = {day for section in sections for day in section.discussed_on}
    for section in sections:
        for item in section.fields:
            if item.key == "date":
                found.update("-".join(match.groups()) for match in _ISO_DATE.finditer(item.value))
    return sorted(found)


def _another_paper_of_that_name(section: PaperSection, name: str, others: list[str], year: int | None, entry) -> bool:
    """True when a heading "Name: Subtitle - year" names another paper than the catalog's paper ``Name``: its
    year is more than ``heading_year_slack`` (kg/name_rules.yaml) from the catalog's. "LSTM: A Search Space
    Odyssey - 2015" is not LSTM (1997); "BERT: Pre-training of ... - 2018" is BERT, and "BERT - 2019" a slip.

    >>> from ingest.records import SourcePosition
    >>> from types import SimpleNamespace
    >>> wren = SimpleNamespace(year=1997)
    >>> later = PaperSection("Wren", 2015, 4, "Discussion 4 Wren: A Search Space Odyssey - 2015", (),
    ...                      SourcePosition("n.md", 1), aliases=("A Search Space Odyssey",))
    >>> _another_paper_of_that_name(later, "Wren", ["A Search Space Odyssey"], 2015, wren)
    True
    >>> same = PaperSection("Wren", 1998, None, "Wren: Long Memory Units (1998)", (), SourcePosition("n.md", 1))
    >>> _another_paper_of_that_name(same, "Wren", ["Long Memory Units"], 1998, wren)
    False
    """
    if not others or year is None or entry.year is None or abs(year - entry.year) <= name_rules().heading_year_slack:
        return False
    written = f"{section.heading} {section.title}"  # a parser gives the heading's name and subtitle apart
    return re.search(rf"{re.escape(name)}\s*(?::|\s[-–—]\s)\s*{re.escape(others[0])}", written) is not None


def read_headings(G: nx.MultiDiGraph, corpus: ParsedCorpus, catalog: Catalog, library: list[BibEntry],
                  report: BuildReport, warnings: list[str]) -> dict[str, DiscussedPaper]:
    """Phase 1: one node per paper the notes discuss, then the catalog's papers and concepts.

    A heading is matched to the catalog by its name or any alias (one slip at most, ``heading_max_slips`` of
    kg/name_rules.yaml; never for an acronym); a paper the catalog does not know gets the slug of its name. Its year comes from the
    catalog, else BibTeX, else the heading or a ``Year:`` line; a paper with none is reported.
    """
    paper_matcher = NameIndex({p.id: p.names for p in catalog.papers.values()})
    papers: dict[str, DiscussedPaper] = {}
    for section in corpus.sections:
        name, others, year = heading_names(section)
        paper_id = next((found.node for found in (paper_matcher.lookup(n) for n in [name, *others])
                         if found and found.edits <= name_rules().heading_max_slips), None)
        if paper_id is not None and _another_paper_of_that_name(section, name, others, year, catalog.papers[paper_id]):
            name, others, paper_id = f"{name}: {others[0]}", others[1:], None  # "LSTM: A Search Space Odyssey - 2015"
        if paper_id is None:
            # an app page named "Wren - Wide Residual Ensembles" keeps that name, and the short id "wren"
            short = read_heading(name).title if section.named_by_page else name
            paper_id = slugify(short) or slugify(name) or f"paper-{section.order + 1}"
            if paper_id in catalog.concepts:
                paper_id = f"{paper_id}-paper"
        paper = papers.setdefault(paper_id, DiscussedPaper(paper_id, name, [], None, []))
        paper.sections.append(section)
        paper.names += [n for n in [name, *others] if n not in paper.names]
        paper.year = paper.year or year
        for item in section.fields:
            if item.key == "builds on":
                paper.stated += [(n.strip(), item.source) for n in _LIST_SPLIT.split(item.value) if n.strip()]
            elif item.key == "not builds on":
                paper.denied += [(n.strip(), item.source) for n in _LIST_SPLIT.split(item.value) if n.strip()]

    matched_keys = set()
    for paper in papers.values():
        entry = catalog.papers.get(paper.id)
        first = paper.sections[0]
        notes_years = sorted({s.year for s in paper.sections if s.year is not None})
        bib, candidates = match_bibtex([*paper.names, *(entry.names if entry else ())], library)
        if candidates:
            report.ambiguous_names.append({"name": paper.name, "candidates": [c.key for c in candidates],
                                           "chosen": None, "file": first.source.file, "line": first.source.line})
        paper.bib = bib
        if bib is not None:
            matched_keys.add((bib.file, bib.key))
        attributes = PaperNode(
            type="paper", discussed=True, cataloged=entry is not None and not catalog.is_group_entry(paper.id),
            order=first.order, notes_year=notes_years[0] if notes_years else paper.year,
            headings=[s.heading for s in paper.sections], source=first.source.as_dict(),
            notes_summary=_summary_from_notes(tuple(n for s in paper.sections for n in s.notes)),
            authors=list(first.authors or (bib.authors if bib else ())), venue=first.venue or (bib.venue if bib else None),
            presenters=_presenters(paper.sections), discussed_on=_meeting_dates(paper.sections),
            status=_group_status(paper.sections), tags=_group_tags(paper.sections),
            arxiv=bib.arxiv if bib else None)
        if entry is not None:
            # the notes' or the library's authors and venue first (what the group states), else the catalog's
            attributes.update(authors=attributes["authors"] or list(entry.authors),
                              venue=attributes["venue"] or entry.venue)
            shown = paper.name if first.named_by_page else entry.name  # an app page's name is what the group sees
            attributes.update(name=shown, title=entry.title, year=entry.year, area=entry.area,
                              track=entry.track, aliases=[n for n in dict.fromkeys([entry.name, *entry.aliases,
                                                                                    *paper.names])
                                                          if compact_key(n) != compact_key(shown)],
                              summary=entry.summary or attributes["notes_summary"])
            if entry.year is None:
                attributes["year"] = bib.year if bib and bib.year else paper.year
            elif paper.year is not None and paper.year != entry.year:
                warnings.append(f"{first.source.file}:{first.source.line}: the notes date {entry.name} {paper.year}, "
                                f"the catalog {entry.year}; ordering by {entry.year}")
        else:
            year = bib.year if bib and bib.year else paper.year
            if bib and bib.year and paper.year and bib.year != paper.year:
                warnings.append(f"{first.source.file}:{first.source.line}: the notes date {paper.name} {paper.year}, "
                                f"BibTeX ({bib.file}:{bib.line}) {bib.year}; ordering by {bib.year}")
            full_title = next((s.full_title for s in paper.sections if s.full_title), None)
            title = bib.title if bib else full_title or name_without_year(paper.name)  # "Wren (2019)": Wren
            attributes.update(name=paper.name, title=title, year=year, area="unknown",
                              track=None, aliases=paper.names[1:], summary=first.summary or attributes["notes_summary"])
            warnings.append(f"{first.source.file}:{first.source.line}: '{paper.name}' is not in the catalog; "
                            f"added as paper '{paper.id}'")
        track = _group_track(paper.sections)
        if track:  # the group's own line of work ("track: robot learning" in front matter, a Track: line) wins
            attributes.update(track=track, track_source="group")
        paper.year = attributes["year"]
        if paper.year is None:
            report.papers_without_year.append({"paper": paper.id, "name": attributes["name"],
                                               "file": first.source.file, "line": first.source.line})
            warnings.append(f"{first.source.file}:{first.source.line}: '{attributes['name']}' has no year; only "
                            f"'Builds on:' lines, builds-on sentences and the reading order place it (add 'Year: ...')")
        G.add_node(paper.id, **attributes)
    report.bibtex_unmatched += [{"key": e.key, "title": e.title, "file": e.file, "line": e.line}
                                for e in library if (e.file, e.key) not in matched_keys]

    for entry in catalog.papers.values():  # pruned at the end to what the notes need
        if entry.id not in G:
            G.add_node(entry.id, **PaperNode(
                type="paper", discussed=False, cataloged=True, order=10_000 + (entry.line or 0), name=entry.name,
                title=entry.title, year=entry.year, area=entry.area, track=entry.track, aliases=list(entry.aliases),
                authors=list(entry.authors), venue=entry.venue,
                summary=entry.summary, notes_year=None, source={"file": entry.file or catalog.file, "line": entry.line}))
    for concept in catalog.concepts.values():
        where = {"file": concept.file or catalog.file, "line": concept.line}
        G.add_node(concept.id, **ConceptNode(
            type="concept", origin="catalog", name=concept.name, aliases=list(concept.aliases),
            definition=concept.definition or "", definition_source=where if concept.definition else None,
            introduced_by=concept.introduced_by, introduced_in=concept.introduced_in,
            popularised_by=concept.popularised_by, used_by=concept.used_by, source=where))
    return papers


def add_concept_pages(G: nx.MultiDiGraph, concepts, catalog: Catalog) -> dict[str, list[str]]:
    """The concepts a notes app keeps a page for (:class:`~ingest.records.ConceptPage`): a catalog
    concept of the same name takes the page's other names; another becomes a concept of its own, defined
    by the page's first paragraph. Returns their names by id, for the name matcher.

    A concept named like a paper gets the id ``<slug>-concept`` (the paper keeps the plain one).
    """
    added: dict[str, list[str]] = {}
    by_name = {compact_key(n): c.id for c in catalog.concepts.values() for n in c.names}
    papers_by_name = {compact_key(n): node for node, d in G.nodes(data=True) if d.get("type") == "paper"
                      and d.get("discussed") for n in (d.get("name", ""), *(d.get("aliases") or ()))}
    for page in concepts:
        names = list(dict.fromkeys([page.name, *page.aliases]))
        where = page.source.as_dict()
        existing = by_name.get(compact_key(page.name))
        if existing is not None and existing in G:
            node = G.nodes[existing]
            node["aliases"] = list(dict.fromkeys([*node.get("aliases", []),
                                                  *(n for n in names if compact_key(n) != compact_key(node["name"]))]))
            node["page"] = where
            added[existing] = list(dict.fromkeys([*catalog.concepts[existing].names, *names]))
            _add_page_origin(G, page, existing, papers_by_name)
            _add_page_papers(G, page, existing, papers_by_name)
            continue
        concept_id = slugify(page.name)
        if concept_id and concept_id in G:
            concept_id = f"{concept_id}-concept"
        if not concept_id or concept_id in G:
            continue
        G.add_node(concept_id, **ConceptNode(
            type="concept", origin="notes", name=page.name, aliases=list(page.aliases), definition=page.definition,
            definition_source=where if page.definition else None, defined_in_notes=bool(page.definition),
            source=where, page=where))
        added[concept_id] = names
        _add_page_origin(G, page, concept_id, papers_by_name)
        _add_page_papers(G, page, concept_id, papers_by_name)
    return added


def _add_page_papers(G: nx.MultiDiGraph, page, concept_id: str, papers_by_name: dict[str, str]) -> None:
    """The discussed papers a concept's page links to ("used in: [[Wren]], [[Heron]]"), each once with the
    line that links it: the group tied them to the idea on its own page (``page_papers``; ``users_of``)."""
    found: dict[str, dict] = {}
    for target, line, text in page.linked:
        paper = papers_by_name.get(compact_key(target))
        if paper is not None and paper not in found:
            found[paper] = {"id": paper, "file": page.source.file, "line": line, "text": text, "source": "page"}
    if found:
        G.nodes[concept_id]["page_papers"] = list(found.values())


def _add_page_origin(G: nx.MultiDiGraph, page, concept_id: str, papers_by_name: dict[str, str]) -> None:
    """The discussed paper a concept page says the idea comes from ("from [[Wren]]") ``introduces`` it."""
    paper = papers_by_name.get(compact_key(page.origin or ""))
    if paper is not None and not G.has_edge(paper, concept_id, key="introduces"):
        add_evidence_edge(G, paper, concept_id, "introduces", {"source": "notes", **page.source.as_dict(),
                                                                "text": page.definition})


# --- 2. resolve names ----------------------------------------------------------------------------

def add_named_paper(G: nx.MultiDiGraph, name: str, where: dict) -> str:
    """A paper the notes name as an ancestor but neither discuss nor find in the catalog (``builds on QRX``).

    It becomes a node of its own (no year, ``discussed`` false, ``named_only`` true) so the lineage
    the group wrote down is kept; ``kg doctor`` lists it among the names that matched nothing.
    """
    paper_id = slugify(name) or "unnamed-paper"
    if paper_id in G and G.nodes[paper_id]["type"] != "paper":
        paper_id = f"{paper_id}-paper"
    if paper_id not in G:
        G.add_node(paper_id, **PaperNode(
            type="paper", discussed=False, cataloged=False, named_only=True, order=20_000, name=name, title=name,
            year=None, notes_year=None, area="unknown", track=None, aliases=[], summary="", source=where))
    return paper_id


def resolve_names(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], catalog: Catalog,
                  report: BuildReport, page_concepts: dict[str, list[str]] | None = None,
                  other_lines: tuple[str, ...] = ()) -> Names:
    """Phase 2: the name matcher of this build, and the lineage the group states by name.

    Discussed papers' names come first, so a discussed paper keeps a name it shares with a
    catalog concept (the two are linked: the paper ``introduces`` the concept); catalog papers
    next, concepts last. Names in ``Builds on:`` lines and in papers.yaml ``cites`` are resolved
    to papers exactly or by a typo (never an acronym); what matches nothing is reported. ``other_lines``: the
    group's lines that are no paper's notes (a meeting page's "start 9 Jan with Ballé 2017"), read for the
    citations they write (:func:`_citations_written`).
    """
    names: dict[str, list[str]] = {}
    for paper in papers.values():
        entry = catalog.papers.get(paper.id)
        names[paper.id] = list(dict.fromkeys([*paper.names, *(entry.names if entry else ())]))
    for entry in catalog.papers.values():
        names.setdefault(entry.id, list(entry.names))
    concept_names = {c.id: list(c.names) for c in catalog.concepts.values()}
    concept_names.update(page_concepts or {})  # concepts a notes app keeps a page for
    owners: dict[str, list[str]] = {}
    for entity, entity_names in [*names.items(), *concept_names.items()]:
        for name in entity_names:
            key = compact_key(name)
            if key and entity not in owners.setdefault(key, []):
                owners[key].append(entity)
    shared: dict[str, str] = {}
    for paper_id in papers:
        for name in names[paper_id]:
            for other in owners.get(compact_key(name), ()):
                if other in catalog.concepts:
                    shared.setdefault(paper_id, other)
    initials = _initials_of(papers, names, owners, catalog)
    for paper_id, written in initials.items():
        names[paper_id] = [*names[paper_id], *written]
    for paper_id, written in _expansions_of(G, papers, names, owners, catalog).items():
        names[paper_id] = [*names[paper_id], *written]  # "Vertical Attention Network" is VAN: a name a person sees
        G.nodes[paper_id]["aliases"] = list(dict.fromkeys([*G.nodes[paper_id].get("aliases", []), *written]))
    for paper_id, written in _abbreviations_of(G, papers, names, owners, catalog).items():
        names[paper_id] = [*names[paper_id], *written]  # "AGCRN" for "Adaptive Graph Convolutional ... for ..."
        G.nodes[paper_id]["aliases"] = list(dict.fromkeys([*G.nodes[paper_id].get("aliases", []), *written]))
    surnames = _surnames_of(G, papers, names, owners, catalog)
    for paper_id, written in surnames.items():
        names[paper_id] = [*names[paper_id], *written]
    for paper_id, written in _citations_written(G, papers, surnames, other_lines).items():
        G.nodes[paper_id]["aliases"] = list(dict.fromkeys([*G.nodes[paper_id].get("aliases", []), *written]))
    matcher = NameIndex({**names, **concept_names})
    capitals_only = _capitals_only(names, concept_names)
    for paper_id, concept_id in shared.items():
        add_evidence_edge(G, paper_id, concept_id, "introduces", {
            "source": "notes", **papers[paper_id].source.as_dict(),
            "text": f"the notes discuss the paper {G.nodes[paper_id]['name']}, named like the concept "
                    f"{G.nodes[concept_id]['name']}"})

    stated: list[tuple[str, str, dict]] = []

    def paper_named(name: str) -> str | None:
        if name in G and G.nodes[name]["type"] == "paper":
            return name
        found = matcher.match_name(name)
        return found if found is not None and G.nodes[found]["type"] == "paper" else None

    for paper in papers.values():
        for name, where in paper.stated:
            earlier = paper_named(name)
            if earlier is None:  # the group says so: keep the line as a paper of its own
                earlier = add_named_paper(G, name, where.as_dict())
                report.unresolved_names.append({"name": name, "paper": paper.id, "added": earlier, **where.as_dict()})
            stated.append((earlier, paper.id, {"source": "notes", **where.as_dict(), "kind": "stated",
                                               "text": f"Builds on: {name}", "matched": name,
                                               "relation_of_mention": "builds_on", "cue": "Builds on:"}))
    denied: list[tuple[str, str, dict]] = []
    for paper in papers.values():
        for name, where in paper.denied:
            earlier = paper_named(name)
            if earlier is None:
                report.unresolved_names.append({"name": name, "paper": paper.id, **where.as_dict()})
                continue
            denied.append((earlier, paper.id, {"source": "notes", **where.as_dict(), "text": f"Not: {name}"}))
    for entry in catalog.papers.values():
        if entry.file is None or entry.id not in G:
            continue
        for name in entry.not_builds_on:
            earlier = paper_named(name)
            if earlier is not None:
                denied.append((earlier, entry.id, catalog.evidence(entry.id, entry.line, f"not built on {name}",
                                                                   entry.file)))
        for name in entry.cites:
            earlier = paper_named(name)
            if earlier is None:
                report.unresolved_names.append({"name": name, "paper": entry.id, "file": entry.file,
                                                "line": entry.line})
                continue
            stated.append((earlier, entry.id, {**catalog.evidence(entry.id, entry.line, f"{entry.name} builds on {name}",
                                                                  entry.file), "kind": "stated"}))
    ambiguous = {key: ids for key, ids in owners.items() if len(ids) > 1}
    return Names(matcher, shared, stated, ambiguous, denied, initials, surnames, capitals_only)


def _capitals_only(*named: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """The names written in capitals throughout that are a short English word in lower case ("AT" for a paper
    on attention transfer; ``capitals_only_max_letters`` in kg/name_rules.yaml), per entity: they answer for it
    only in capitals ("features at 1/4" names nothing).

    >>> _capitals_only({"atr": ["Attention Transfer", "AT"], "qnet": ["QNet", "DQN"], "clip": ["CLIP"]})
    {'atr': frozenset({'at'})}
    """
    most = name_rules().capitals_only_max_letters
    found = {}
    for names in named:
        for entity, written in names.items():
            keys = frozenset(compact_key(w) for w in written
                             if len(w) <= most and w.isupper() and w.isalpha() and is_english_word(w.lower()))
            if keys:
                found[entity] = keys
    return found


def _written_as_another_word(names: Names, mention) -> bool:
    """True when ``mention`` is a name that answers for its paper only as written so, written otherwise: the
    paper's initials not in capitals (``ln``, ``Nas``), a two-letter name in capitals that is a word in lower
    case (``at``), or the family name it is cited by in lower case."""
    key = compact_key(mention.surface)
    initials = names.initials.get(mention.entity) or ()
    surnames = names.surnames.get(mention.entity) or ()
    return (not mention.surface.isupper() and (key in {compact_key(w) for w in initials}
                                               or key in names.capitals_only.get(mention.entity, ()))) or \
        (not mention.surface[:1].isupper() and key in {compact_key(w) for w in surnames})


#: a citation's shape: "et al." or a year in the words matched
_CITATION_SHAPE = re.compile(r"\bet\s+al\b|\b(?:19|20)\d\d\b")
#: a year right after a name: "Guo et al. (2015)", "Bruna, 2013"
_YEAR_AFTER = re.compile(r"^[\s.,(]{0,4}(?P<year>(?:19|20)\d\d)\b")
#: a date's rest right after a year: "2016-03-06", "2016/03"
_DATE_AFTER = re.compile(r"^[-/.]\d")


def _cites_another(G: nx.MultiDiGraph, names: Names, text: str, mention) -> bool:
    """True when ``mention`` is a family-name citation of its paper (:func:`_surnames_of`) that cites another
    work: written with a slip ("Gao 2017" is not "Guo 2017": a citation is written exactly or not at all), or
    followed by a year that is not the paper's ("Guo et al. (2015)" for Guo's 2017 paper).

    >>> G = nx.MultiDiGraph(); G.add_node("cal", year=2017)
    >>> names = Names(None, {}, [], {}, [], {}, {"cal": ("Guo 2017", "Guo et al")}, {})
    >>> from kg.names import Mention
    >>> [_cites_another(G, names, text, Mention("cal", text[:end], 0, end, score))
    ...  for text, end, score in (("Guo et al. (2015) on ships", 9, 100.0), ("Guo et al. 2017", 9, 100.0),
    ...                           ("Gao 2017 did tides", 8, 88.0), ("Guo et al. said", 9, 100.0))]
    [True, False, True, False]
    """
    forms = {compact_key(w) for w in names.surnames.get(mention.entity) or ()}
    if not forms:
        return False
    if mention.score < 100:
        return bool(_CITATION_SHAPE.search(mention.surface))
    if compact_key(mention.surface) not in forms:
        return False
    after = text[mention.end:]
    if _DATE_AFTER.match(after):
        return True  # "Sun 2016-03-06": a day, not a citation
    year = _YEAR_AFTER.match(after)
    return year is not None and G.nodes[mention.entity].get("year") not in (None, int(year["year"]), year["year"])


def _owned_by_one(found: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """``found`` without the names two papers share, and without the papers left with none."""
    counts = Counter(compact_key(w) for written in found.values() for w in written)
    return {paper_id: kept for paper_id, written in found.items()
            if (kept := tuple(w for w in written if counts[compact_key(w)] == 1))}


def _family_name(author: str) -> str:
    """``Joan Bruna`` -> ``Bruna``; ``Bruna, Joan`` -> ``Bruna``; ``Kipf`` -> ``Kipf``; ``Bruna et al.`` -> ``Bruna``
    (an authors field that names the first author only, as a database column often does: not ``al.``).

    >>> [_family_name(a) for a in ("Joan Bruna", "Bruna, Joan", "Kipf", "Bruna et al.", "Joan Bruna et al")]
    ['Bruna', 'Bruna', 'Kipf', 'Bruna', 'Bruna']
    """
    author = re.sub(r"\s+et\s+al\.?$", "", author.strip())
    return author.split(",")[0].strip() if "," in author else (author.split() or [""])[-1]


def _surnames_of(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], names: dict[str, list[str]],
                 owners: dict[str, list[str]], catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The family name each discussed paper of the notes is cited by ("Problem from Bruna" for the paper the
    group calls "Spectral Networks (Bruna 2014)"): its first author's, or the one its name cites it by
    ("Eigen 2014 - Multi-Scale Depth"). It answers for the paper only when written with a capital, and only a
    family name of at least ``surname_min_chars`` letters that is no English word, no other name of the
    build, no word of a presenter's name (a member is called by name), and the first author of no other paper
    of the graph; the first author of several papers cites each by the year only ("Ballé 2017", "Ballé et al.
    2018": :func:`_cited_forms` with the year), where no two of them share the year. Not for a catalog paper (its
    names are curated)."""
    rules = name_rules()
    members = {word.lower() for _, data in G.nodes(data=True) if data.get("type") == "paper"
               for person in data.get("presenters") or () for word in re.findall(r"[^\W\d_]+", person)}
    first_authors = Counter(_family_name(data["authors"][0]).lower() for _, data in G.nodes(data=True)
                            if data.get("type") == "paper" and data.get("authors"))
    found: dict[str, tuple[str, ...]] = {}
    for paper_id in papers:
        if paper_id in catalog.papers:
            continue
        authors = [a for a in G.nodes[paper_id].get("authors") or () if a.strip()]
        own_first = _family_name(authors[0]) if authors else None
        cited = {own_first} if own_first else set()
        for name in names[paper_id]:
            match = rules.cited_by_author.match(name)  # "Bruna 2014", "Eigen et al."
            if match:
                cited.add(match["surname"] or match["alone"])
        own_first = own_first.lower() if own_first else None
        named = [word for word in cited if word[:1].isupper() and word.lower() not in members]
        kept = [word for word in named if first_authors[word.lower()] <= (1 if word.lower() == own_first else 0)]
        year = G.nodes[paper_id].get("year")
        written = ({word for word in kept if len(word) >= rules.surname_min_chars and not is_english_word(word.lower())}
                   | {cited_as for word in kept if len(word) < rules.surname_min_chars
                      for cited_as in _cited_forms(word, year)})
        # the first author of several papers: "Ballé 2017" and "Ballé 2018" still tell them apart by the year (two
        # papers of one year share the form, which _owned_by_one takes from both)
        written |= {cited_as for word in named if word not in kept and year for cited_as in _cited_forms(word, year)
                    if str(year) in cited_as}
        # owned by no other name of the build ("He" may be a concept, "He et al." is not)
        found[paper_id] = tuple(sorted(word for word in written if not owners.get(compact_key(word))))
    return _owned_by_one(found)


def _texts_written(papers: dict[str, DiscussedPaper]):
    """(paper id, text) for every heading, question and answer line of the discussed papers' notes."""
    for paper_id, paper in papers.items():
        for section in paper.sections:
            for text in (section.heading, *(part for note in section.notes for part in (note.question, *note.answers))):
                if text:
                    yield paper_id, text


def _citations_written(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper],
                       surnames: dict[str, tuple[str, ...]], other_lines: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The citations of each paper by its family name (:func:`_surnames_of`) that the notes (or ``other_lines``
    of the group) write, "Guo 2017", "Sap et al.", "Karpukhin et al. 2020": a name a person sees for the paper,
    shown among its aliases. Only the forms that name the paper (its own names of :func:`_surnames_of`: its own
    year, never "May 2016" for a family name that is a month's, only dated forms where the family name is the
    first author's of several papers); a year the notes do not give for the paper is never checked, so only
    "et al." alone."""
    papers_of: dict[str, list[str]] = {}  # family name -> the papers that answer to a form of it
    for paper_id, written in surnames.items():
        for family in dict.fromkeys(word.split()[0] for word in written):
            papers_of.setdefault(family, []).append(paper_id)
    if not papers_of:
        return {}
    cited = re.compile(rf"(?<![\w-])(?P<family>{'|'.join(map(re.escape, sorted(papers_of, key=len, reverse=True)))})"
                       rf"(?P<al>\s+et\s+al\b\.?)?(?:,?\s+\(?(?P<year>(?:19|20)\d\d)\b(?![-/.]\d)\)?)?")
    # a citation form (a short or shared family name's: "Guo 2017") is allowed as written; a family name that
    # answers alone ("Bruna") in any of its citation forms
    allowed = {paper_id: {compact_key(form) for word in written
                          for form in ([word] if " " in word else _cited_forms(word, G.nodes[paper_id].get("year")))}
               for paper_id, written in surnames.items()}
    found: dict[str, list[str]] = {}
    for text in [*(text for _, text in _texts_written(papers)), *other_lines]:
        for match in cited.finditer(text):
            form = " ".join(match.group(0).replace("(", " ").replace(")", " ").split()).rstrip(",")
            for paper_id in papers_of[match["family"]]:
                if compact_key(form) in allowed[paper_id] and compact_key(form) not in {
                        compact_key(f) for f in found.get(paper_id, ())}:
                    found.setdefault(paper_id, []).append(form)
    return found


def _cited_forms(family: str, year: int | None) -> list[str]:
    """How the notes cite a paper by a short family name ("Guo 2017", "Li et al."), the only ways such a name
    stands for the paper: written alone, "Li", "He" and "Guo" are too often words or other people. A family name
    that is a month's (``months``, ingest/note_syntax.yaml) or a function word (``same_name_words``,
    ingest/cues.yaml) is taken before "et al." only: "May 2016" is a date, "In 2017 we switched" a sentence ("Sun
    2018" cites Sun's paper; "Sun 2016-03-06", a day, is refused where it is read, :func:`_cites_another`).

    >>> _cited_forms("Guo", 2017), _cited_forms("May", 2016), _cited_forms("Wu", None)
    (['Guo et al', 'Guo et al 2017', 'Guo 2017'], ['May et al', 'May et al 2016'], ['Wu et al'])
    >>> _cited_forms("In", 2017), _cited_forms("Sun", 2016)
    (['In et al', 'In et al 2017'], ['Sun et al', 'Sun et al 2016', 'Sun 2016'])
    """
    forms = [f"{family} et al"]
    if year:
        forms.append(f"{family} et al {year}")
        syntax = note_syntax()
        if family.lower() not in {*syntax.months, *load_cues().words("same_name_words")}:
            forms.append(f"{family} {year}")
    return forms


def _initials_of(papers: dict[str, DiscussedPaper], names: dict[str, list[str]], owners: dict[str, list[str]],
                 catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The initials each discussed paper of the notes answers to (``NAS`` for "Neural Architecture Search
    with ..."; :func:`kg.names.initialisms`), from the name the group calls it by (not a title or an alias
    it gives: "A Simple Framework for ..." is not written SF): not for a catalog paper (its aliases are
    curated), never initials another name of the build has or that two papers share."""
    found: dict[str, tuple[str, ...]] = {}
    for paper_id in papers:
        if paper_id not in catalog.papers:
            found[paper_id] = tuple(w for w in initialisms(names[paper_id][0]) if not owners.get(compact_key(w)))
    return _owned_by_one(found)


def _expansions_of(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], names: dict[str, list[str]],
                   owners: dict[str, list[str]], catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The words each discussed paper called by its initials is the short name of, from its title and other
    names (:func:`kg.names.expansions`: VAN for "... Using a Vertical Attention Network"): not for a catalog
    paper (its aliases are curated), never a name another paper or concept has or two papers share."""
    found: dict[str, tuple[str, ...]] = {}
    for paper_id in papers:
        if paper_id not in catalog.papers and paper_id in G:
            titles = [G.nodes[paper_id].get("title") or "", *names[paper_id][1:]]
            found[paper_id] = tuple(w for w in expansions(names[paper_id][0], titles)
                                    if not (set(owners.get(compact_key(w), ())) - {paper_id}))
    return _owned_by_one(found)


#: a word of the notes that may be a paper's initials: letters, two capitals or more ("AGCRN", "ACoL")
_CAPITALS_WORD = re.compile(r"(?<![\w\-])[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?![\w\-])")


def _abbreviations_of(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], names: dict[str, list[str]],
                      owners: dict[str, list[str]], catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The initials the notes write for a discussed paper the group calls by its title, words only ("AGCRN" for
    *Adaptive Graph Convolutional Recurrent Network for Traffic Forecasting*; :func:`kg.names.abbreviates_title`):
    a word of any note or heading of the notes that spells the head of its title. Not for a paper with a short
    name of its own (PARSeq's title begins "Scene Text Recognition": STR is the field), not for a catalog paper,
    not initials (in any form: "LLMs" is LLM) the notes of ``abbreviation_field_min_papers`` papers read before it
    write (a paper titled "Large Language Models for ..." is not the LLM the group wrote of before reading it: the
    field's term; one earlier paper naming it is a preview), never a name another paper or concept has or that two
    papers share. A paper read before the group wrote the field's term may take it (nothing tells the two apart)."""
    rules = name_rules()
    writers: dict[str, set[str]] = {}  # a word -> the papers whose notes write it
    for paper_id, text in _texts_written(papers):
        for word in _CAPITALS_WORD.findall(text):
            writers.setdefault(word, set()).add(paper_id)

    def read_before(earlier: str, later: str) -> bool:  # by the first meeting days, else the order of the notes
        if earlier not in G or later not in G:
            return False
        days = [sorted(G.nodes[p].get("discussed_on") or ()) for p in (earlier, later)]
        if days[0] and days[1]:
            return str(days[0][0]) < str(days[1][0])
        return G.nodes[earlier].get("order", 0) < G.nodes[later].get("order", 0)

    found: dict[str, tuple[str, ...]] = {}
    for paper_id in papers:
        if paper_id in catalog.papers or paper_id not in G:
            continue
        parts = [part for word in re.findall(r"[^\W\d_][\w'\-]*", names[paper_id][0]) for part in word.split("-")]
        if len(parts) < rules.expansion_min_words or not all(len(part) < 2 or part[1:].islower() for part in parts):
            continue  # a short name of its own ("PARSeq", "Grad-CAM: ...") or too few words to abbreviate
        titles = [G.nodes[paper_id].get("title") or "", names[paper_id][0]]
        found[paper_id] = tuple(sorted(w for w in writers if any(abbreviates_title(w, t) for t in titles)
                                       and not (set(owners.get(compact_key(w), ())) - {paper_id})))
    # initials two titles spell stand for neither ("CPT" for two "Continual Pre-training of ..." papers), whichever
    # was read first; of those one title spells, the ones the notes of papers read before it write are the field's
    # term (one such paper is a preview: "next week: SVD"; `abbreviation_field_min_papers`, kg/name_rules.yaml)
    field = rules.abbreviation_field_min_papers
    by_capitals: dict[str, set[str]] = {}  # "LLM" and "LLMs" are one word of the field
    for word, by in writers.items():
        by_capitals.setdefault(capitals_of(word), set()).update(by)

    def earlier_writers(word: str, paper_id: str) -> int:
        return sum(read_before(other, paper_id) for other in by_capitals[capitals_of(word)] - {paper_id})

    return {paper_id: kept for paper_id, written in _owned_by_one(found).items()
            if (kept := tuple(w for w in written if earlier_writers(w, paper_id) < field))}


# --- 3. classify mentions ------------------------------------------------------------------------

#: a name right after a builds-on cue that matched nothing known: an acronym or a Title Case run
_UNKNOWN_NAME = re.compile(r"^\s*(?:the\s+)?((?:[A-Z][A-Za-z0-9\-.]*[A-Za-z0-9]|[A-Z])(?:\s+[A-Z][A-Za-z0-9\-.]*[A-Za-z0-9]){0,3})")
_READS_AS_PAPER_AFTER = re.compile(r"^\s*(?:paper|\(\s*[A-Z][a-z]+|\(?\s*(?:19|20)\d\d\b|et\s+al)", re.IGNORECASE)


def _note_ids(paper_id: str, sections: list[PaperSection], assigned: dict | None = None):
    """(section, note, id, suffix) of a paper's notes; ids from :func:`ingest.note_ids.assign_note_ids`."""
    assigned = assigned if assigned is not None else assign_note_ids({paper_id: sections})
    for section in sections:
        for note in section.notes:
            note_id, suffix = assigned[note_key(paper_id, note)]
            yield section, note, note_id, suffix


#: what joins two listed names ("extends A and B", "builds on A, B, or C"), as the cues read lists
_LIST_STEP = re.compile(rf"^\s*{LIST_JOINS}\s*", re.IGNORECASE)
#: a bracketed aside after a name: a citation, a year, a second name ("DPG (Silver et al. 2014)")
_ASIDE_AFTER = re.compile(rf"^\s*(?:{ASIDE})")


def _unknown_ancestors(text: str, found_spans: list[tuple[int, int]], paper_spans: list[tuple[int, int]],
                       before: list[Cue]) -> list[tuple[str, int]]:
    """Names the matcher did not know in the list after a builds-on cue: (name, offset).

    The list is read name by name across ``,`` ``and`` ``or`` and bracketed asides, past known
    papers (``extends DPG (Silver et al. 2014) and DQN``: DPG; ``builds on ResNet and QRX``: QRX);
    it ends at anything else (a known concept: "adapts dropout, RandAugment magnitude" lists things,
    not papers). Only an acronym (``QRX``) or two or more capitalised words (``Heron Sampling``)
    counts as a name. Not a name of its own: one followed by a bracketed known paper (``QRX-1
    (QRX)`` is that paper's second name) or by ``of`` (``the U-Net of QRX`` is a part of QRX).

    >>> text = "extends LRK (Okafor et al. 2019) and the Heron Sampler, then uses WRN"
    >>> _unknown_ancestors(text, [], [], [Cue("builds_on", "extends", 0, 7)])
    [('LRK', 8), ('Heron Sampler', 41)]
    >>> text = "replaces the U-Net of QRX, extends QRX-1 (QRX)"
    >>> _unknown_ancestors(text, [(22, 25), (42, 45)], [(22, 25), (42, 45)], [Cue("builds_on", "replaces", 0, 8),
    ...                                                                     Cue("builds_on", "extends", 27, 34)])
    []
    """
    names = []
    for cue in before:
        if cue.relation != "builds_on":
            continue
        at = cue.end
        while True:
            lead = re.match(r"^\s*(?:the\s+)?", text[at:])
            known = next((e for s, e in paper_spans if s == at + lead.end()), None)
            if known is not None:
                at = known
            else:
                match = _UNKNOWN_NAME.match(text[at:])
                if not match:
                    break
                start = at + match.start(1)
                name = match.group(1).rstrip(".")
                if any(s < start + len(name) and start < e for s, e in found_spans):
                    break
                words = name.split()
                if not ((len(words) == 1 and is_acronym(words[0])) or len(words) >= 2):
                    break
                after = start + len(name)
                aside = _ASIDE_AFTER.match(text[after:])
                if re.match(r"^\s+of\b", text[after:]) or (aside and any(
                        after < s and e <= after + aside.end() for s, e in paper_spans)):
                    break
                names.append((name, start))
                at = after
            while aside := _ASIDE_AFTER.match(text[at:]):
                at += aside.end()
            step = _LIST_STEP.match(text[at:])
            if not step:
                break
            at += step.end()
    return names


def _modified_name(text: str, start: int, same_name_words: frozenset[str]) -> bool:
    """True when a capitalised word right before a known name makes it another name (``Soft Q-Learning``).

    Not at the start of a sentence or line, and not a word of ``same_name_words`` (cues.yaml):

    >>> words = frozenset({"the", "vanilla", "does"})
    >>> _modified_name("It builds on Soft QRX here", 18, words), _modified_name("Soft QRX", 5, words)
    (True, False)
    >>> _modified_name("Why Does QRX work", 9, words), _modified_name("a Vanilla QRX", 10, words)
    (False, False)
    """
    word = re.search(r"([A-Za-z][A-Za-z0-9\-]*)[ \t]+$", text[:start])
    if not word or not word.group(1)[0].isupper() or word.group(1).lower() in same_name_words:
        return False
    before = text[:word.start(1)].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?:;\n-*•>#(\"'“‘"


def classify_mentions(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], names: Names, cues: CueBook,
                      report: BuildReport, note_ids: dict | None = None) -> list[PaperMention]:
    """Phase 3: a node per note, and every paper or concept each note names, with the sentence's relation.

    A note ``mentions`` what it names; the paper ``discusses`` the concepts. A named paper gets the
    relation of the cue governing the name (:func:`ingest.cues.classify_mentions`), kept in the
    evidence as ``relation_of_mention`` and ``cue``. A discussed paper named like a concept is the
    paper when the sentence reads as a paper (a cue, ``X paper``, ``X (Author``, a year), else the
    concept. A numbered meeting the notes name ("as in Discussion 5", ``meeting_reference_words``) names the
    paper of that meeting (:func:`_meetings_by_number`).
    """
    matcher = names.matcher
    same_name_words = cues.words("same_name_words")
    person_verbs = cues.words("person_verbs")
    meeting_refs = _meetings_by_number(papers)
    mentions: list[PaperMention] = []
    for paper_id, paper in papers.items():
        paper_name = G.nodes[paper_id]["name"]
        for section, note, note_id, suffix in _note_ids(paper_id, paper.sections, note_ids):
            G.add_node(note_id, **NoteNode(
                type="note", paper_id=paper_id, paper_name=paper_name, number=note.number, ordinal=note.ordinal,
                question=note.question, answers=list(note.answers), name=f"{paper_name} Q{note.number}{suffix}",
                source=note.source.as_dict(), **({"session": note.session} if note.session else {}),
                **({"session_date": note.session_date} if note.session_date else {})))
            add_evidence_edge(G, note_id, paper_id, "part_of", _notes_evidence(note, note.source.line, section.heading))
            text = note.text
            spans = code_spans(text)
            found = [m for m in matcher.find(text) if (G.nodes[m.entity]["type"] != "paper"
                     or not _modified_name(text, m.start, same_name_words))
                     and not _written_as_another_word(names, m) and not _cites_another(G, names, text, m)
                     and reads_as_name(text, m.start, m.end, G.nodes[m.entity]["name"], person_verbs, spans)]
            found = sorted([*found, *_meeting_references(text, meeting_refs, found, paper_id, section),
                            *_linked_labels(text, note.links, matcher, found)], key=lambda m: m.start)
            paper_spans = [(m.start, m.end) for m in found if G.nodes[m.entity]["type"] == "paper"]
            cue_text = _question_as_label(note, text, cues)  # "4. Based on" over "- Wren": a label of its answers
            before = cues.cues_in(cue_text, "before")
            cue_of = dict(zip(paper_spans, governing_cues(cue_text, paper_spans, cues, before)))
            elsewhere = _arrow_chains_elsewhere(cue_text, cue_of, [(m.start, m.end, m.entity) for m in found
                                                                   if G.nodes[m.entity]["type"] == "paper"],
                                                paper_id, cues)
            linked = set()
            for mention in found:
                entity = mention.entity
                if entity == paper_id or entity == names.shared_with_concept.get(paper_id):
                    continue
                line, line_text = _line_of(note, mention.start)
                cue = cue_of.get((mention.start, mention.end))
                if entity in names.shared_with_concept and cue is None and \
                        not _READS_AS_PAPER_AFTER.match(text[mention.end:]):
                    entity = names.shared_with_concept[entity]  # "uses layer normalization": the concept
                owners = names.ambiguous_keys.get(compact_key(mention.surface))
                if owners and len([o for o in owners if G.nodes[o]["type"] == "paper"]) > 1:
                    report.ambiguous_names.append({"name": mention.surface, "candidates": owners, "chosen": entity,
                                                   "file": note.source.file, "line": line})
                evidence = _notes_evidence(note, line, line_text, matched=mention.surface, note=note_id)
                if G.nodes[entity]["type"] == "paper":
                    relation = cue.relation if cue else "none"
                    evidence.update(relation_of_mention=relation, cue=cue.phrase if cue else None)
                    if (mention.start, mention.end) in elsewhere:  # a chain of another line: no lineage here
                        evidence["arrow_chain_to"] = elsewhere[(mention.start, mention.end)]
                    mentions.append(PaperMention(entity, paper_id, relation, {**evidence, "kind": "mentions"}))
                add_evidence_edge(G, note_id, entity, "mentions", evidence)
                linked.add(entity)
                if G.nodes[entity]["type"] == "concept":
                    add_evidence_edge(G, paper_id, entity, "discusses", evidence)
            for name, offset in _unknown_ancestors(text, [(m.start, m.end) for m in found], paper_spans, before):
                line, line_text = _line_of(note, offset)
                where = {"file": note.source.file, "line": line}
                named = add_named_paper(G, name, where)
                report.unresolved_names.append({"name": name, "paper": paper_id, "added": named, **where})
                evidence = _notes_evidence(note, line, line_text, matched=name, note=note_id,
                                           relation_of_mention="builds_on", cue="builds on")
                add_evidence_edge(G, note_id, named, "mentions", evidence)
                mentions.append(PaperMention(named, paper_id, "builds_on", {**evidence, "kind": "mentions"}))
            for target in note.links:  # [[Page]] links name a paper or concept outright
                entity = matcher.match_name(target)
                if entity is None or entity == paper_id or entity in linked:
                    continue
                linked.add(entity)  # a link's label and its file name are one mention
                evidence = _notes_evidence(note, note.source.line, note.question, matched=target, note=note_id)
                add_evidence_edge(G, note_id, entity, "mentions", evidence)
                if G.nodes[entity]["type"] == "paper":
                    evidence = {**evidence, "relation_of_mention": "none", "cue": None, "kind": "mentions"}
                    mentions.append(PaperMention(entity, paper_id, "none", evidence))
        mentions += _related_field_mentions(G, paper_id, [f for s in paper.sections for f in s.fields], matcher)
    return mentions


# a whole item of a list field: what may stand around a name there (brackets of a link, a " - 2019" year), not prose
_LIST_ITEM_EDGE = re.compile(r"^[\s\[\]()\"'*_]*(?:-\s*\d{4})?[\s\[\]()\"'*_]*$")


def _related_field_mentions(G: nx.MultiDiGraph, paper_id: str, fields, matcher: NameIndex) -> list[PaperMention]:
    """The papers a paper's ``Related:`` field lists (a Notion relation column, ``related: [[Wren]]`` in front
    matter): evidence for the lineage scorer, a naming with no cue and outside any note (no ``note`` in the
    evidence: not counted in the share of notes naming a paper, and no edge on its own). A group's "related" links
    earlier papers of its line more often than papers it only compares (in the held-out app folders about 70 of the
    gold's stated predecessors against 40 it rules out). Only a name that is a whole item of the list counts:
    "Related work: unlike Wren, ..." is prose, not a list.

    >>> from ingest.records import Field
    >>> G = nx.MultiDiGraph(); G.add_nodes_from(["wren", "heron", "ibis", "kite"], type="paper")
    >>> where = SourcePosition("k.md", 3)
    >>> fields = [Field("related work", "Wren - 2018, [[Heron]]", where),
    ...           Field("related work", "unlike Ibis, it", where)]
    >>> matcher = NameIndex({"wren": ["Wren"], "heron": ["Heron"], "ibis": ["Ibis"], "kite": ["Kite"]})
    >>> [(m.named, m.relation) for m in _related_field_mentions(G, "kite", fields, matcher)]
    [('wren', 'none'), ('heron', 'none')]
    """
    mentions, seen = [], set()
    for item in (f for f in fields if f.key == "related work"):
        value = item.value
        for mention in matcher.find(value):
            entity = mention.entity
            if entity == paper_id or entity in seen or G.nodes[entity]["type"] != "paper":
                continue
            before = re.split(r"[,;]", value[:mention.start])[-1]  # the rest of the name's item of the list
            after = re.split(r"[,;]", value[mention.end:], maxsplit=1)[0]
            if not (_LIST_ITEM_EDGE.match(before) and _LIST_ITEM_EDGE.match(after)):
                continue
            seen.add(entity)
            mentions.append(PaperMention(entity, paper_id, "none", {
                "source": "notes", **item.source.as_dict(), "text": f"Related: {value}"[:240],
                "matched": mention.surface, "relation_of_mention": "none", "cue": None, "kind": "mentions"}))
    return mentions


def _linked_labels(text: str, links, matcher: NameIndex, found: list[Mention]) -> list[Mention]:
    """The links of a note that name a paper or concept by a label too long for the names looked up in running
    text ("see [Extending Context Window of ... via Positional Interpolation](...)"), read where the label stands,
    so the cue and the line around it count as for any name; never inside a name found already.

    >>> from kg.names import NameIndex
    >>> index = NameIndex({"pi": ["Extending Context Window of Large Models via Positional Interpolation"]})
    >>> text = "not like Extending Context Window of Large Models via Positional Interpolation, cheaper"
    >>> [(m.entity, m.start) for m in _linked_labels(text, ["Extending Context Window of Large Models via "
    ...                                                     "Positional Interpolation"], index, [])]
    [('pi', 9)]
    >>> wren = NameIndex({"w": ["Wren"]})
    >>> [m.start for m in _linked_labels("not like DistilWren, builds on Wren", ["Wren"], wren, [])]
    [31]
    """
    taken = [(m.start, m.end) for m in found]
    labels = []
    for label in dict.fromkeys(links):
        entity = matcher.match_name(label)
        written = re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text) if entity is not None else None
        at = written.start() if written else -1  # as a whole name: "BERT" is not in "DistilBERT"
        if at < 0 or any(start < at + len(label) and at < end for start, end in taken):
            continue
        labels.append(Mention(entity, label, at, at + len(label), 100.0))
        taken.append((at, at + len(label)))
    return labels


def _meetings_by_number(papers: dict[str, DiscussedPaper]) -> tuple[re.Pattern | None,
                                                                  dict[int, list[tuple[int, str]]]]:
    """How the notes refer to their own numbered meetings ("(Discussion 13)", "from session 5"): a pattern of
    the heading prefixes their paper headings use, and for each number the meetings whose headings carry it, each
    as (its reading order, its paper) (running notes repeat numbers: which of them a note means,
    :func:`_meeting_of_number` decides)."""
    words = note_syntax().meeting_reference_words
    if not words:
        return None, {}
    prefix = re.compile(rf"^\s*({'|'.join(re.escape(p) for p in words)})\.?\s*#?\s*\d", re.IGNORECASE)
    used, owners = set(), {}
    for paper_id, paper in papers.items():
        for section in paper.sections:
            found = prefix.match(section.heading or "")
            if found and section.discussion is not None:
                used.add(found.group(1).lower())
                owners.setdefault(section.discussion, []).append((section.order, paper_id))
    if not used:
        return None, {}
    words = "|".join(re.escape(w) for w in sorted(used))
    pattern = re.compile(rf"(?<![\w-])(?:{words})\.?\s*#?\s*(\d{{1,3}})(?!\w|\.\d)", re.IGNORECASE)
    return pattern, owners


def _meeting_of_number(meetings: list[tuple[int, str]], paper_id: str, section: PaperSection,
                       looks_back: bool) -> str | None:
    """The paper a note of ``paper_id`` under ``section`` means by a meeting number whose meetings are ``meetings``
    ((reading order, paper) each): the one paper of the others, or where running notes repeat the number, the one
    of them read before the note; never the note's own paper. The note's own number names its own meeting, unless
    a back-reference word stands beside it (``looks_back``: "(Discussion 9 above)", ``meeting_back_references``):
    then the one read before it. None where that leaves none or two.

    >>> from ingest.records import SourcePosition
    >>> at = lambda number, order: PaperSection("x", None, number, "", (), SourcePosition("n.md", 1), order=order)
    >>> nines = [(0, "wren"), (1, "lark")]
    >>> _meeting_of_number(nines, "lark", at(9, 1), True), _meeting_of_number(nines, "lark", at(9, 1), False)
    ('wren', None)
    >>> _meeting_of_number(nines, "heron", at(10, 2), False), _meeting_of_number([(5, "kite")], "heron", at(3, 2), 0)
    (None, 'kite')
    """
    others = [(order, paper) for order, paper in meetings if order != section.order]
    own_number = any(order == section.order for order, _ in meetings)
    if own_number:
        if not looks_back:
            return None
        others = [(order, paper) for order, paper in others if order < section.order]
    papers = {paper for _, paper in others}
    if len(papers) != 1:
        papers = {paper for order, paper in others if order < section.order}
    meant = next(iter(papers)) if len(papers) == 1 else None
    return meant if meant != paper_id else None


def _meeting_references(text: str, meetings: tuple[re.Pattern | None, dict[int, list[tuple[int, str]]]], found,
                        paper_id: str, section: PaperSection) -> list[Mention]:
    """The papers a note of ``paper_id`` under ``section`` names by the meeting that discussed them ("same
    redundancy problem as Discussion 9"), as mentions (where no name was found already)."""
    pattern, by_number = meetings
    if pattern is None:
        return []
    taken = [(m.start, m.end) for m in found]
    mentions = []
    for match in pattern.finditer(text):
        beside = f"{text[max(0, match.start() - 20):match.start()]} {text[match.end():match.end() + 20]}"
        meant = _meeting_of_number(by_number.get(int(match.group(1)), []), paper_id, section,
                                   note_syntax().looks_back(beside))
        if meant and not any(s < match.end() and match.start() < e for s, e in taken):
            mentions.append(Mention(meant, match.group(0), match.start(), match.end(), 100.0))
    return mentions


def _question_as_label(note: Note, text: str, cues: CueBook) -> str:
    """``text`` (the note's question and answers, one per line) as the cues read it: a question that is only
    a cue ("Based on", "Baselines?", "Compared with:") labels the names its answers give, as "based on: A, B"
    would; the same length, so the names' places in ``text`` stay.

    >>> from ingest.records import SourcePosition
    >>> note = Note(4, 4, "Based on", ("Wren", "Heron tricks"), SourcePosition("n.md", 9))
    >>> _question_as_label(note, note.text, load_cues())
    'Based on:Wren,Heron tricks'
    >>> other = Note(5, 5, "Why does it work?", ("Wren",), SourcePosition("n.md", 12))
    >>> _question_as_label(other, other.text, load_cues()) == other.text
    True
    """
    question = note.question
    label = question.strip().rstrip("?: ").strip()
    if not label or not note.answers or not text.startswith(question) or len(text) <= len(question):
        return text
    if not any(c.start == 0 and c.end == len(label) for c in cues.cues_in(label, "before")):
        return text
    return question + ":" + text[len(question) + 1:].replace("\n", ",")


# --- 4. add edges --------------------------------------------------------------------------------

def _path_evidence(lineage: nx.DiGraph, G: nx.MultiDiGraph, start: str, end: str) -> dict:
    """The first evidence line of the lineage path ``start`` ... ``end`` (what a refused edge collides with)."""
    hops = nx.shortest_path(lineage, start, end)
    first = G.edges[hops[0], hops[1], "led_to"]["evidence"][0]
    return {"path": " -> ".join(hops), "file": first.get("file"), "line": first.get("line"), "text": first.get("text")}


def name_tracks(G: nx.MultiDiGraph, discovered: dict[str, int]) -> None:
    """Give each discussed paper without a track the track discovered from the notes, named by its papers.

    A track is named after the concept most of its papers discuss (``deep q-learning``) that names no
    other track, else after its first paper (``after Wren``): two tracks never share a name, as two
    lanes of one name would read as one line. The name is kept in ``track`` (so the viewer's lanes use
    it) with ``track_source: notes``. A track the group or the catalog gives is never replaced.
    """
    members: dict[int, list[str]] = {}
    for paper, number in discovered.items():
        members.setdefault(number, []).append(paper)
    taken: set[str] = set()
    for number, papers_of_track in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        counts: Counter = Counter()
        for paper in papers_of_track:
            counts.update({c for _, c, k in G.out_edges(paper, keys=True)
                           if k == "discusses" and G.nodes[c]["type"] == "concept"})
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))  # ties by id: the same name every build
        common = [c for c, n in ranked if n >= 2 and n >= len(papers_of_track) / 2
                  and G.nodes[c]["name"] not in taken]
        first = G.nodes[papers_of_track[0]]["name"]
        name = G.nodes[common[0]]["name"] if common and len(papers_of_track) > 1 else f"after {first}"
        taken.add(name)
        for paper in papers_of_track:
            G.nodes[paper]["track_discovered"] = name
            if not G.nodes[paper].get("track"):
                G.nodes[paper].update(track=name, track_source="notes")


def add_edges(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], catalog: Catalog, names: Names,
              mentions: list[PaperMention], report: BuildReport, warnings: list[str], cues: CueBook,
              model: LineageModel, result_candidates: list[PairCandidate]) -> None:
    """Phase 4: lineage, side relations and prerequisites, strongest evidence first.

    ``led_to`` comes, in this order, from what the group states (``Builds on:``, papers.yaml), the
    catalog's ``cites``, mentions with a builds-on cue, mentions with no cue (between two discussed
    papers whose years differ, and no sentence gives the pair a uses/compares/later cue), the
    lineage scorer (:mod:`ingest.lineage_inference`: every mention of an earlier paper, name
    derivation, topical closeness, the research track discovered from the notes and the reading
    order, weighed by a model fitted on labelled notes; kind ``inferred`` with its ``confidence``;
    to an edge already drawn it adds its confidence and reasons), and the reading order within a
    catalog track. An edge is refused when it
    points back in time, when the notes say the earlier paper came later, or when it would close a
    cycle (reported with both lines); a ``Not:`` line (papers.yaml ``not_builds_on``) removes any
    edge but a stated one. ``uses`` and ``compares`` edges go from the paper whose notes say so to
    the paper named. Papers the catalog gives no track take the track discovered from the notes.
    """
    lineage = nx.DiGraph()
    came_later: set[tuple[str, str]] = set()  # (x, y): the notes of y say x came later
    for m in mentions:
        if m.relation == "later" and not published_before(G, m.named, m.paper):
            came_later.add((m.named, m.paper))
            report.forward_references.append({"paper": m.paper, "later": m.named, "cue": m.evidence.get("cue"),
                                              "file": m.evidence["file"], "line": m.evidence["line"],
                                              "text": m.evidence["text"]})

    def add_led_to(earlier: str, later: str, evidence: dict, strong: bool) -> bool:
        if earlier == later:
            return False
        if G.has_edge(earlier, later, key="led_to"):  # already there: one more reason for it
            add_evidence_edge(G, earlier, later, "led_to", evidence, kind=evidence["kind"])
            return True
        a, b = G.nodes[earlier].get("year"), G.nodes[later].get("year")
        if (earlier, later) in came_later:
            return False
        if a is not None and b is not None and a > b:
            if evidence["kind"] in ("stated", "mentions") and strong:
                report.refused_back_in_time.append({"earlier": earlier, "later": later, "earlier_year": a,
                                                    "later_year": b, "file": evidence.get("file"),
                                                    "line": evidence.get("line"), "text": evidence.get("text")})
            return False
        if not strong and (a is None or b is None or a == b):
            return False  # without a cue, only the years can order two papers
        if earlier in lineage and later in lineage \
                and nx.has_path(lineage, later, earlier):
            if evidence["kind"] == "inferred":
                return False  # the scorer's guess against what the notes or the catalog say: nothing to report
            blocked = _path_evidence(lineage, G, later, earlier)
            report.refused_cycles.append({"earlier": earlier, "later": later, "file": evidence.get("file"),
                                          "line": evidence.get("line"), "text": evidence.get("text"),
                                          "blocked_by": blocked})
            warnings.append(f"{evidence.get('file')}:{evidence.get('line')}: {earlier} -> {later} refused: it would "
                            f"close a circle with {blocked['path']} ({blocked['file']}:{blocked['line']})")
            return False
        add_evidence_edge(G, earlier, later, "led_to", evidence, kind=evidence["kind"])
        lineage.add_edge(earlier, later)
        return True

    def add_inferred(candidate: PairCandidate, confidence: float) -> None:
        """An edge the scorer drew: its first evidence says why, the mention lines follow."""
        first = candidate.mentions[0] if candidate.mentions else G.nodes[candidate.later]["source"]
        summary = {"source": "inference", "kind": "inferred", "file": first.get("file"), "line": first.get("line"),
                   "text": f"inferred, confidence {confidence:.2f}: {explain(candidate)}",
                   "confidence": round(confidence, 3),
                   "features": {k: round(v, 3) for k, v in candidate.features.items() if v}}
        if add_led_to(candidate.earlier, candidate.later, summary, strong=True):
            data = G.edges[candidate.earlier, candidate.later, "led_to"]
            data["confidence"] = max(data.get("confidence", 0.0), round(confidence, 3))
            for evidence in candidate.mentions:  # the lines it weighed: reasons of the inferred edge, not a kind
                add_evidence_edge(G, candidate.earlier, candidate.later, "led_to", evidence, kind="inferred")

    for earlier, later, evidence in names.stated:
        add_led_to(earlier, later, evidence, strong=True)
    for entry in catalog.papers.values():
        for cited in entry.cites:
            if entry.file is None and cited in catalog.papers:  # a group's cites are stated, above
                add_led_to(cited, entry.id, {**catalog.evidence(entry.id, entry.line, f"{entry.name} builds on "
                                             f"{catalog.papers[cited].name}"), "kind": "cites"}, strong=True)
    ruled_out = set(came_later) | {(earlier, later) for earlier, later, _ in names.denied}
    for m in mentions:
        if m.relation == "builds_on":
            add_led_to(m.named, m.paper, m.evidence, strong=True)
    for m in mentions:  # a line naming a paper with no cue: one more reason for an edge drawn above
        if m.relation == "none" and G.has_edge(m.named, m.paper, key="led_to"):
            add_led_to(m.named, m.paper, m.evidence, strong=False)
    # then the scorer: an edge the rules above did not draw, where the evidence together is strong
    notes_of = {paper_id: [note for section in paper.sections for note in section.notes]
                for paper_id, paper in papers.items()}
    candidates, discovered = lineage_candidates(G, notes_of, mentions, ruled_out, cues.words("function_words"),
                                                model.track_neighbours, model.track_resolution,
                                                {(earlier, later) for earlier, later, _ in names.stated},
                                                names.shared_with_concept, model.track_concept_weight)
    explained = {later for _, later, key in G.edges(keys=True) if key == "led_to"}  # stated, cited, said
    for candidate, confidence in infer_lineage(candidates, model, explained):
        add_inferred(candidate, confidence)
    # a line naming an earlier paper of the same research line (discovered from the notes, or the group's) with no
    # cue: groups say what a paper improved on this way; across lines, or in a line listing several discussed
    # papers ("the best talks: A, B, C"), it is only the scorer's evidence (measured: docs/own-notes.md)
    same_line = {(c.earlier, c.later) for c in candidates if c.features.get("same_track")}
    typed_pairs = {(m.named, m.paper) for m in mentions if m.relation in ("uses", "compares", "later")}
    named_on_line: dict[tuple, set[str]] = {}
    for m in mentions:
        if m.named in papers:
            named_on_line.setdefault((m.paper, m.evidence.get("note"), m.evidence.get("line")), set()).add(m.named)
    listing = int(cues.names.get("enumeration_min_names") or 10 ** 6)
    drawn_before = {(u, v) for u, v, key in G.edges(keys=True) if key == "led_to"}  # their lines are reasons already
    for m in mentions:
        listed = len(named_on_line.get((m.paper, m.evidence.get("note"), m.evidence.get("line")), ())) >= listing
        if m.relation == "none" and (m.named, m.paper) in same_line and (m.named, m.paper) not in typed_pairs \
                and m.named in papers and not listed and (m.named, m.paper) not in drawn_before \
                and not m.evidence.get("arrow_chain_to") and m.evidence.get("note"):  # a line of a note
            add_led_to(m.named, m.paper, m.evidence, strong=False)
    for earlier, later, evidence in names.denied:  # the group overrules an edge from any source but its own
        if G.has_edge(earlier, later, key="led_to") and "stated" not in G.edges[earlier, later, "led_to"]["kinds"]:
            G.remove_edge(earlier, later, key="led_to")
            if lineage.has_edge(earlier, later):
                lineage.remove_edge(earlier, later)
    for m in mentions:
        if m.relation in ("uses", "compares"):
            add_evidence_edge(G, m.paper, m.named, m.relation, m.evidence)
    result_candidates.extend(candidates)

    tracks: dict[str, list[str]] = {}
    for paper_id in papers:
        track = G.nodes[paper_id].get("track")
        if track and G.nodes[paper_id].get("track_source") != "group":
            # a catalog's (or papers.yaml's) track is a line read in order; a track a page's front matter or a
            # Track: line gives is a lane and a topic, and its reading order is the scorer's to weigh
            tracks.setdefault(track, []).append(paper_id)
    for track, members in tracks.items():
        members.sort(key=lambda n: chronological_key(G, n))
        for earlier, later in zip(members, members[1:]):
            source = G.nodes[later]["source"]
            add_led_to(earlier, later, {"source": "reading-order", "file": source["file"], "line": source["line"],
                                        "text": f"next paper of the '{track}' line the group read", "kind": "track"},
                       strong=True)

    # where nothing leads to a discussed paper, the scorer's best guesses under its threshold, for the group to
    # confirm with one line (kg doctor, kg lineage): never drawn, never an edge
    has_predecessor = {later for _, later, key in G.edges(keys=True) if key == "led_to"}
    for later, guesses in suggest_predecessors(candidates, model, has_predecessor).items():
        # never a paper that comes from this one: confirming it would close a circle the build refuses
        guesses = [(c, p) for c, p in guesses if not (lineage.has_node(later) and lineage.has_node(c.earlier)
                                                      and nx.has_path(lineage, later, c.earlier))]
        if later in papers and guesses:
            G.nodes[later]["lineage_suggestions"] = [
                {"id": c.earlier, "confidence": round(p, 3), "why": explain(c),
                 **({"file": c.mentions[0].get("file"), "line": c.mentions[0].get("line")} if c.mentions else {})}
                for c, p in guesses]

    name_tracks(G, discovered)
    for concept in catalog.concepts.values():
        for required in concept.requires:
            add_evidence_edge(G, required, concept.id, "prerequisite", catalog.evidence(
                concept.id, concept.line, f"{concept.name} requires {catalog.concepts[required].name}", concept.file))
        if concept.introduced_by and concept.introduced_by in G:
            add_evidence_edge(G, concept.introduced_by, concept.id, "introduces", catalog.evidence(
                concept.id, concept.line, f"{concept.name} was introduced by "
                f"{G.nodes[concept.introduced_by]['name']}", concept.file))
    for entry in catalog.papers.values():
        for required in entry.prerequisites:
            if required in catalog.concepts:
                add_evidence_edge(G, required, entry.id, "prerequisite", catalog.evidence(
                    entry.id, entry.line, f"reading {entry.name} needs {catalog.concepts[required].name}", entry.file))


# --- 5. discover concepts ------------------------------------------------------------------------

_NOUN_PHRASE = re.compile(r"^[A-Za-z][A-Za-z\-']+(?: [A-Za-z][A-Za-z\-']+){1,3}$")
_TERM = re.compile(r"^[A-Za-z0-9][\w\-'’ ]{1,60}$")
def _is_label(phrase: str, cues: CueBook, template: set[str]) -> bool:
    """True for a section label of the group's template (``Main idea``, ``Data size``) rather than a term."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-']*", phrase)]
    return (not words or compact_key(phrase) in template or words[0] in cues.words("label_first_words")
            or words[-1] in cues.words("label_heads") or bool(set(words) & cues.words("function_words")))


def _template_headings(papers: dict[str, DiscussedPaper], cues: CueBook) -> set[str]:
    """Headings that many discussed papers use (the group's template), as compact keys."""
    users: dict[str, set[str]] = {}
    for paper_id, paper in papers.items():
        for section in paper.sections:
            for note in section.notes:
                if note.question and not QUESTION_WORDS.match(note.question):
                    users.setdefault(compact_key(note.question), set()).add(paper_id)
    share = float(cues.concepts.get("template_share", 0.15))
    return {key for key, who in users.items() if len(who) >= 2 and len(who) >= share * len(papers)}


def _known_term(matcher: NameIndex, G: nx.MultiDiGraph, term: str, cues: CueBook) -> str | None:
    """The known entity ``term`` names: the whole phrase, or a known term plus words that add no meaning.

    Words that add no meaning are the generic tails of cues.yaml (``off-policy learning``) and
    one- or two-letter fragments. A known term inside a longer phrase with another meaningful word
    is *not* that term: the longest match wins, so "depthwise convolution" is a term of its own,
    not "convolution"; "on-policy" is not "off-policy" (the matcher never takes a short word's typo).
    """
    entity = matcher.match_name(term)
    if entity is not None:
        return entity
    found = matcher.find(term)
    if len(found) != 1:
        return None
    tails = cues.words("generic_tails")
    rest = (term[:found[0].start] + " " + term[found[0].end:]).split()
    if all(len(word) <= 2 or word.lower() in tails for word in rest):
        return found[0].entity
    return None


def _known_only_as_head(matcher: NameIndex, G: nx.MultiDiGraph, heading: str) -> bool:
    """True when ``heading`` names nothing known, or a known concept as its last words after a modifier.

    "Tidal pooling" is a kind of pooling: a term of its own (the longest match wins). "Adam noisy" or
    "Dropout helps here" only name something known and say something about it: not a term.
    """
    found = matcher.find(heading)
    if not found:
        return True
    words = heading.split()
    return (len(found) == 1 and G.nodes[found[0].entity]["type"] == "concept"
            and heading[found[0].end:].strip() == "" and len(heading[:found[0].start].split()) == 1
            and len(words) <= 3)


def _add_notes_concept(G: nx.MultiDiGraph, name: str, where: dict, note_id: str, paper_id: str, definition: str,
                       evidence: dict, report: BuildReport, aliases: tuple[str, ...] = ()) -> str:
    concept_id = slugify(name)
    if concept_id in G and G.nodes[concept_id]["type"] != "concept":
        concept_id = f"{concept_id}-concept"
    if concept_id not in G:
        G.add_node(concept_id, **ConceptNode(
            type="concept", origin="notes", name=name, aliases=list(aliases), definition=definition,
            definition_source={**where, "note": note_id} if definition else None,
            introduced_by=None, source=dict(where)))
        report.concepts_created.append({"id": concept_id, "name": name, **where})
    elif definition and not G.nodes[concept_id].get("definition"):
        G.nodes[concept_id].update(definition=definition, definition_source={**where, "note": note_id})
    add_evidence_edge(G, note_id, concept_id, "mentions", {**evidence, "matched": name})
    add_evidence_edge(G, paper_id, concept_id, "discusses", {**evidence, "matched": name})
    return concept_id


_INLINE_QUESTION = re.compile(rf"^\s*({words_pattern('inline_question_openers')}\b[^?]{{2,80}})\?\s*(.*)$",
                              re.IGNORECASE | re.DOTALL)


def _definition_questions(note: Note) -> list[tuple[str, str, int]]:
    """(question, definition, line) for each definitional question of a note.

    The note's own question with its answers; a question that carries its answer after the ``?``
    (``what is layer averaging? average of ...``); and, in a paragraph or bullet note, a line of
    the answers that opens with such a question (``What is cross-attention? queries from ...``).
    """
    found = []
    answer = " ".join(note.answers).strip()
    inline = _INLINE_QUESTION.match(note.question or "")
    if inline and inline.group(2).strip():
        found.append((inline.group(1), " ".join([inline.group(2).strip(), answer]).strip(), note.source.line))
    elif note.question:
        found.append((note.question, answer, note.source.line))
    for text, line in zip(note.answers, note.answer_lines or [note.source.line] * len(note.answers)):
        inline = _INLINE_QUESTION.match(text)
        if inline and inline.group(2).strip():
            found.append((inline.group(1), inline.group(2).strip(), line))
    return found


def _arrow_chains_elsewhere(text: str, cue_of: dict, papers: list[tuple[int, int, str]], paper_id: str,
                            cues: CueBook) -> dict[tuple[int, int], str]:
    """Arrow chains of names that end at another paper than the one whose notes these are: the span of each name
    in them -> the paper the chain ends at. An arrow orders the names it joins; a chain says what this paper came
    from only when it ends at it ("STM -> STCN -> XMem" in the XMem notes, "A -> B / C -> this one"). A chain that
    ends elsewhere ("PointNet -> PointNet++ -> PointNeXt", a wrap-up line of another track in the Grounding DINO
    notes; "Lark -> Wren (Kite does not use it)") says nothing of it: its names lose their arrow cue here, and the
    caller draws no lineage from them. A chain goes on through an arrow the cues gave no name ("-> inside codecs
    ([[SoundStream]])"), a list ("Wren / Tern ->") and the same name again ("Lark -> it's basically lark + ...").

    >>> from ingest.cues import Cue
    >>> arrow = lambda at: Cue("builds_on", "->", at, at + 2)
    >>> spans = [(0, 4, "lark"), (6, 10, "wren"), (12, 15, "owl")]
    >>> cue_of = {(0, 4): arrow(4), (6, 10): arrow(10), (12, 15): None}
    >>> sorted(_arrow_chains_elsewhere("lark->wren->owl", cue_of, spans, "kite", load_cues()).items())
    [((0, 4), 'owl'), ((6, 10), 'owl'), ((12, 15), 'owl')]
    >>> [c.phrase if c else None for c in cue_of.values()]
    [None, None, None]
    >>> cue_of = {(0, 4): arrow(4), (6, 10): None, (13, 17): arrow(17)}
    >>> _arrow_chains_elsewhere("lark->wren / tern->kite", cue_of, [(0, 4, "lark"), (6, 10, "wren"),
    ...                         (13, 17, "tern"), (19, 23, "kite")], "kite", load_cues())
    {}
    >>> [c.phrase if c else None for c in cue_of.values()]
    ['->', None, '->']
    """
    def arrow_in(between: str) -> Cue | None:
        return next((c for c in cues.cues_in(between, "after") if is_arrow(c)), None)

    def arrow_after(span: tuple[int, int]) -> bool:  # the name's cue is an arrow after it ("Lark ->")
        cue = cue_of.get(span)
        return is_arrow(cue) and cue.start >= span[1]

    def chain(index: int, seen: frozenset) -> tuple[bool, list[int]]:
        _, end, entity = papers[index]
        if entity == paper_id:
            return True, [index]
        line_end = text.find("\n", end) % (len(text) + 1)
        following = index + 1 if index + 1 < len(papers) and papers[index + 1][0] < line_end else None
        between = text[end:papers[following][0] if following is not None else line_end]
        arrow = arrow_in(between)
        if arrow is not None and following is None:  # "-> this one" ends it at this paper; "-> 196 vectors" nowhere
            return arrow_to_self(between[arrow.start:], cues), [index]
        if following is None or following in seen:
            return False, [index]
        if arrow is not None and papers[following][2] == entity:  # the same name again: the arrow orders nothing
            return len(seen) == 1, [index]  # "Lark -> it's basically lark + ...", where the line starts at Lark
        if arrow is not None or _LISTED_NEXT.match(re.sub(ASIDE, " ", between)):
            reaches, rest = chain(following, seen | {following})
            return reaches, [index, *rest]
        return False, [index]

    elsewhere: dict[tuple[int, int], str] = {}
    for index, (start, end, _) in enumerate(papers):
        if not arrow_after((start, end)) or (start, end) in elsewhere:
            continue  # no cue, a cue before the name, words after it ("Lark and adds ..."), or a chain seen
        reaches, members = chain(index, frozenset({index}))
        if not reaches:
            for member in members:
                span = papers[member][:2]
                elsewhere[span] = papers[members[-1]][2]
                if arrow_after(span):
                    cue_of[span] = None
    return elsewhere


#: what stands between two listed names: a list's join, nothing else ("Wren / Tern", "Wren, Tern")
_LISTED_NEXT = re.compile(rf"^\s*{LIST_JOINS}\s*$", re.IGNORECASE)


def _clean_term(term: str, cues: CueBook, of_symbol: bool = True) -> str:
    """A definitional term without what follows the term in speech (``U-Net here``, ``sampling of t``, ``Sigma``).

    ``of_symbol`` also drops ``of t`` / ``for d``; a heading keeps them (``loss function for d`` is a
    remark about a symbol, not the term "loss function" being defined).

    >>> _clean_term("importance sampling of t", load_cues()), _clean_term("U-Net here", load_cues())
    ('importance sampling', 'U-Net')
    """
    noise, symbols = cues.words("trailing_noise"), cues.words("symbol_words")
    words = term.split()
    while len(words) > 1:
        last = words[-1].lower().strip(".,;:")
        symbol = last in symbols or (len(last) == 1 and last.isalpha())
        if of_symbol and symbol and len(words) > 2 and words[-2].lower() in word_set("symbol_prepositions"):
            words = words[:-2]
        elif last in noise or symbol:
            words.pop()
        else:
            break
    return " ".join(words)


def _expansion(acronym: str, definition: str) -> str | None:
    """The words an acronym stands for when the definition opens with them (``WER``: ``word error rate = ...``).

    >>> _expansion("WER", "word error rate = (S + D + I) / N")
    'word error rate'
    >>> _expansion("WER", "lower is better") is None
    True
    """
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = re.findall(r"[A-Za-z][A-Za-z\-]*", definition)[: len(letters)]
    if len(letters) < 2 or len(words) < len(letters) or [w[0].lower() for w in words] != letters:
        return None
    return " ".join(words)


def discover_concepts(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], names: Names, cues: CueBook,
                      report: BuildReport, note_ids: dict | None = None) -> list[tuple[str, str, dict]]:
    """Phase 5: definitions and concepts from the shape of note questions; returns the prerequisites they show.

    "What is X?" / "What does X mean?": a known concept X takes its definition from the answers
    and becomes a prerequisite of the paper; an unknown X becomes a concept of the notes. A short
    noun-phrase heading (``Polyak averaging``) that names nothing known becomes a concept too.
    Neither is made from a section label: a heading of the group's template (used by many papers,
    see ``template_share`` in cues.yaml) or one whose words the cue file lists as label words.
    """
    matcher = names.matcher
    template = _template_headings(papers, cues)
    prerequisites: list[tuple[str, str, dict]] = []
    for paper_id, paper in papers.items():
        for _, note, note_id, _ in _note_ids(paper_id, paper.sections, note_ids):
            answer = " ".join(note.answers).strip()
            asked = False
            for question, definition, line in _definition_questions(note):
                term = strip_question(question)
                if term is None:
                    continue
                asked = asked or question == note.question
                term = _clean_term(term, cues)
                where = {"file": note.source.file, "line": line}
                evidence = _notes_evidence(note, line, question, note=note_id)
                if is_about_this_paper(term) or not _TERM.match(term) or len(term.split()) > 5:
                    continue
                entity = _known_term(matcher, G, term, cues)
                if entity is not None:
                    node = G.nodes[entity]
                    if node["type"] != "concept":
                        continue
                    add_evidence_edge(G, note_id, entity, "mentions", {**evidence, "matched": term})
                    add_evidence_edge(G, paper_id, entity, "discusses", {**evidence, "matched": term})
                    if definition and node.get("origin") == "catalog" and not node.get("defined_in_notes"):
                        node.update(definition=definition, definition_source={**where, "note": note_id},
                                    defined_in_notes=True)
                    if node.get("introduced_by") != paper_id:
                        prerequisites.append((entity, paper_id, {**evidence, "matched": term}))
                elif definition and not _is_label(term, cues, template) and (len(term.split()) >= 2 or
                                                                               not term.islower()):
                    expanded = _expansion(term, definition) if is_acronym(term) else None
                    if expanded and _known_term(matcher, G, expanded, cues) is None:
                        _add_notes_concept(G, expanded, where, note_id, paper_id, definition, evidence, report,
                                           aliases=(term,))
                    elif not expanded:
                        _add_notes_concept(G, term, where, note_id, paper_id, definition, evidence, report)
            if asked:
                continue
            heading = _clean_term(note.question.strip(), cues, of_symbol=False)
            evidence = _notes_evidence(note, note.source.line, note.question, note=note_id)
            if not answer or not _NOUN_PHRASE.match(heading) or QUESTION_WORDS.match(heading) \
                    or _is_label(heading, cues, template):
                continue
            if _known_term(matcher, G, heading, cues) is not None or not _known_only_as_head(matcher, G, heading):
                continue  # names something known: a mention, not a new concept
            _add_notes_concept(G, heading, note.source.as_dict(), note_id, paper_id, answer, evidence, report)
    return prerequisites


def link_new_concepts(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], cues: CueBook, created: list[str],
                      note_ids: dict | None = None) -> None:
    """Phase 5, last: the concepts the notes defined into being, named wherever a note writes them.

    A concept phase 5 creates from one paper's notes ("6. Perspective API" in one paper's) is an idea of the
    group's: the other notes that write it mention it and their papers discuss it, as phase 3 links the
    concepts known before ("which papers we read use the Perspective API"). The same reading as phase 3 (a
    name as a name, not in code); after the lineage, which these mentions do not weigh.
    """
    fresh = {c: [G.nodes[c]["name"], *G.nodes[c].get("aliases", ())] for c in dict.fromkeys(created) if c in G}
    if not fresh:
        return
    matcher = NameIndex(fresh)
    person_verbs = cues.words("person_verbs")
    for paper_id, paper in papers.items():
        for _, note, note_id, _ in _note_ids(paper_id, paper.sections, note_ids):
            text, spans = note.text, code_spans(note.text)
            for mention in matcher.find(text):
                concept = mention.entity
                if G.has_edge(note_id, concept, key="mentions") or not reads_as_name(
                        text, mention.start, mention.end, G.nodes[concept]["name"], person_verbs, spans):
                    continue
                line, line_text = _line_of(note, mention.start)
                evidence = _notes_evidence(note, line, line_text, matched=mention.surface, note=note_id)
                add_evidence_edge(G, note_id, concept, "mentions", evidence)
                add_evidence_edge(G, paper_id, concept, "discusses", evidence)


# --- 6. prune ------------------------------------------------------------------------------------

def prune(G: nx.MultiDiGraph, papers: dict[str, DiscussedPaper], names: Names, report: BuildReport) -> nx.MultiDiGraph:
    """Phase 6: keep what the notes discuss or mention and everything needed before it; report lone papers."""
    seeds = {n for n, d in G.nodes(data=True) if d["type"] == "note" or d.get("discussed") or d.get("page")}
    for note in [n for n in seeds if G.nodes[n]["type"] == "note"]:
        seeds.update(G.successors(note))
    needed = relation_graph(G, ("prerequisite", "led_to")).reverse(copy=False)
    keep, frontier = set(seeds), [n for n in seeds if n in needed]
    while frontier:  # one walk back from all seeds at once
        node = frontier.pop()
        for earlier in needed.successors(node):
            if earlier not in keep:
                keep.add(earlier)
                frontier.append(earlier)
    for paper_id, paper in papers.items():  # the other end of a uses/compares edge stays too
        for _, target, key in G.out_edges(paper_id, keys=True):
            if key in ("uses", "compares"):
                keep.add(target)
    keep.update(names.shared_with_concept.values())  # the concept named like a discussed paper
    G.remove_nodes_from([n for n in G if n not in keep])  # in place: no second copy of a large graph
    unconfirmed = []
    for earlier, later, key, data in G.edges(keys=True, data=True):
        if key == "led_to" and data["kinds"] == ["inferred"]:  # nothing but the scorer says so
            first = data["evidence"][0]
            unconfirmed.append({"earlier": earlier, "later": later, "confidence": data.get("confidence", 0.0),
                                "why": first.get("text", ""), "file": first.get("file"), "line": first.get("line")})
    report.inferred_unconfirmed += sorted(unconfirmed, key=lambda item: (item["confidence"], item["later"]))
    for paper_id, paper in papers.items():
        guesses = [g for g in G.nodes[paper_id].get("lineage_suggestions", ()) if g["id"] in G]
        if guesses:  # a guess at a paper the pruning dropped is no guess the group can follow
            G.nodes[paper_id]["lineage_suggestions"] = guesses
            report.lineage_suggested.append({"paper": paper_id, "name": G.nodes[paper_id]["name"],
                                             **paper.source.as_dict(),
                                             "suggested": [{**g, "name": G.nodes[g["id"]]["name"]} for g in guesses]})
        else:
            G.nodes[paper_id].pop("lineage_suggestions", None)
        if not any(k == "led_to" for _, _, k in G.in_edges(paper_id, keys=True)) and \
                not any(k == "led_to" for _, _, k in G.out_edges(paper_id, keys=True)):
            report.papers_without_lineage.append({"paper": paper_id, "name": G.nodes[paper_id]["name"],
                                                  **paper.source.as_dict()})
    return G


def build_graph(corpus: ParsedCorpus, catalog: Catalog, library: list[BibEntry] | tuple = (),
                cues: CueBook | None = None, lineage_model: LineageModel | None = None,
                previous_ids: PreviousIds | None = None) -> BuildResult:
    """Turn parsed notes into the knowledge graph of DESIGN.md, in the six phases of this module.

    ``catalog`` is the bundled catalog, with a group's papers.yaml over it if there is one;
    ``library`` the entries of the group's BibTeX files; ``previous_ids`` the note ids of the snapshot
    being served, which its notes keep (:mod:`ingest.note_ids`). Returns the graph, the warnings and
    the build report; the report is also kept in ``G.graph["report"]``.
    """
    cues = cues or load_cues()
    G = new_graph()
    warnings = [str(w) for w in corpus.warnings]
    report = BuildReport()
    report.pages_unclassified += [{"file": r.file, "line": 1, "name": r.skipped} for r in corpus.reports
                                  if r.skipped and r.skipped.startswith("unclassified page")]
    papers = read_headings(G, corpus, catalog, list(library), report, warnings)
    names = resolve_names(G, papers, catalog, report, add_concept_pages(G, corpus.concepts, catalog),
                          tuple(m.text for m in corpus.meeting_lines))
    note_ids = assign_note_ids({paper_id: paper.sections for paper_id, paper in papers.items()}, previous_ids)
    mentions = classify_mentions(G, papers, names, cues, report, note_ids)
    candidates: list[PairCandidate] = []
    add_edges(G, papers, catalog, names, mentions, report, warnings, cues, lineage_model or load_lineage_model(),
              candidates)
    for required, paper_id, evidence in discover_concepts(G, papers, names, cues, report, note_ids):
        # a concept -> paper edge cannot close a cycle: out of a paper, prerequisite and led_to edges
        # reach only papers; the check below raises if the model ever changes that
        if not G.has_edge(paper_id, required, key="introduces"):
            add_evidence_edge(G, required, paper_id, "prerequisite", evidence)
    link_new_concepts(G, papers, cues, [c["id"] for c in report.concepts_created], note_ids)
    if not nx.is_directed_acyclic_graph(relation_graph(G, ("prerequisite", "led_to"))):
        cycle = nx.find_cycle(relation_graph(G, ("prerequisite", "led_to")))
        raise LineageCycleError(f"the built lineage has a cycle: {' -> '.join(u for u, _ in cycle)}")
    G = prune(G, papers, names, report)
    G.graph["glossary"] = [{"term": e.term, "text": e.text, "page": e.page, **e.source.as_dict()}
                           for e in corpus.glossary]
    G.graph["meeting_lines"] = [{"date": m.date, "session": m.session, "text": m.text, **m.source.as_dict(),
                                 **({"about": m.about} if m.about else {})}
                                for m in corpus.meeting_lines]
    G.graph["warnings"] = list(warnings)
    G.graph["report"] = report.as_dict()
    G.graph["schema"] = graph_schema()
    return BuildResult(G, warnings, report, candidates)


def graph_counts(G: nx.MultiDiGraph) -> dict:
    """Counts of nodes by type, edges by relation and lineage edges by kind."""
    nodes = Counter(d["type"] for _, d in G.nodes(data=True))
    edges = Counter(k for _, _, k in G.edges(keys=True))
    kinds = Counter(d["kind"] for _, _, k, d in G.edges(keys=True, data=True) if k == "led_to")
    discussed = sum(1 for _, d in G.nodes(data=True) if d.get("discussed"))
    return {"nodes": dict(sorted(nodes.items())), "papers_discussed": discussed,
            "edges": dict(sorted(edges.items())), "led_to_kinds": dict(sorted(kinds.items()))}
