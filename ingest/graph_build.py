"""Build the knowledge graph from parsed notes and the catalog; every edge carries its evidence."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from ingest.catalog import Catalog
from kg.linking import QUESTION_WORDS, SUMMARY_QUESTION, EntityMatcher, strip_question
from ingest.notes import ParsedCorpus
from ingest.records import Note, PaperSection
from kg.model import add_evidence_edge, chronological_key, new_graph, slugify
from kg.queries import relation_graph

__all__ = ["BuildResult", "build_graph", "graph_counts"]

_GENERIC_FIRST_WORDS = {
    "figure", "fig", "table", "equation", "eq", "theorem", "section", "appendix", "algorithm", "step", "part",
    "main", "the", "a", "an", "this", "these", "more", "other", "previous", "summary", "limitation", "limitations",
    "result", "results", "experiment", "experiments", "question", "note", "notes",
}
_NOUN_PHRASE = re.compile(r"^[A-Za-z][A-Za-z\-']+(?: [A-Za-z][A-Za-z\-']+){1,3}$")
_FUNCTION_WORDS = {
    "vs", "versus", "is", "are", "was", "if", "in", "then", "to", "with", "for", "or", "when", "how", "what",
    "why", "on", "at", "by", "from", "this", "that", "it", "we", "they", "do", "does", "not", "can", "be",
}


@dataclass
class BuildResult:
    """The built graph, the warnings to report and the counts of what was built."""

    graph: nx.MultiDiGraph
    warnings: list[str] = field(default_factory=list)


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


def _is_noun_phrase_heading(question: str) -> bool:
    """A short noun phrase such as ``Polyak averaging``: 2-4 words, no question or function words."""
    text = question.strip()
    if not _NOUN_PHRASE.match(text) or QUESTION_WORDS.match(text):
        return False
    words = [w.lower() for w in text.split()]
    return words[0] not in _GENERIC_FIRST_WORDS and not (set(words) & (_FUNCTION_WORDS | _GENERIC_FIRST_WORDS - {"main"}))


def build_graph(corpus: ParsedCorpus, catalog: Catalog) -> BuildResult:
    """Turn parsed notes into the knowledge graph of DESIGN.md.

    Papers of the notes are matched to the catalog by name or alias (typo-tolerant); a paper the
    catalog does not know gets the slug of its heading as id. Lineage (``led_to``) comes from the
    catalog (``cites``), from the papers a discussion's notes name (``mentions``) and from the
    reading order within a research track (``track``); no ``led_to`` edge points back in time or
    closes a cycle. Catalog entries that nothing in the notes needs are left out.
    """
    G = new_graph()
    warnings = [str(w) for w in corpus.warnings]
    paper_matcher = EntityMatcher({p.id: p.names for p in catalog.papers.values()})

    # --- papers the notes discuss ----------------------------------------------------------
    sections_by_paper: dict[str, list[PaperSection]] = {}
    for section in corpus.sections:
        paper_id = paper_matcher.match_name(section.title, cutoff=92)
        if paper_id is None:
            paper_id = slugify(section.title) or f"paper-{section.order + 1}"
            if paper_id in catalog.concepts:
                paper_id = f"{paper_id}-paper"
        sections_by_paper.setdefault(paper_id, []).append(section)

    for paper_id, sections in sections_by_paper.items():
        first = sections[0]
        notes_years = sorted({s.year for s in sections if s.year is not None})
        entry = catalog.papers.get(paper_id)
        notes_year = notes_years[0] if notes_years else None
        attributes = {
            "type": "paper", "discussed": True, "cataloged": entry is not None, "order": first.order,
            "notes_year": notes_year, "headings": [s.heading for s in sections],
            "source": {"file": first.source.file, "line": first.source.line},
            "notes_summary": _summary_from_notes(tuple(n for s in sections for n in s.notes)),
        }
        if entry is not None:
            attributes.update(name=entry.name, title=entry.title, year=entry.year, area=entry.area,
                              track=entry.track, aliases=list(entry.aliases), summary=entry.summary)
            if notes_year is not None and notes_year != entry.year:
                warnings.append(f"{first.source.file}:{first.source.line}: the notes date {entry.name} {notes_year}, "
                                f"the catalog {entry.year}; ordering by {entry.year}")
        else:
            attributes.update(name=first.title, title=first.title, year=notes_year, area="unknown", track=None,
                              aliases=[], summary=attributes["notes_summary"])
            warnings.append(f"{first.source.file}:{first.source.line}: '{first.title}' is not in the catalog; "
                            f"added as paper '{paper_id}'")
        G.add_node(paper_id, **attributes)
    # catalog papers and concepts (pruned at the end to what the notes need)
    for paper in catalog.papers.values():
        if paper.id not in G:
            G.add_node(paper.id, type="paper", discussed=False, cataloged=True, order=10_000 + paper.line,
                       name=paper.name, title=paper.title, year=paper.year, area=paper.area, track=paper.track,
                       aliases=list(paper.aliases), summary=paper.summary, notes_year=None,
                       source={"file": catalog.file, "line": paper.line})
    for concept in catalog.concepts.values():
        G.add_node(concept.id, type="concept", origin="catalog", name=concept.name, aliases=list(concept.aliases),
                   definition=concept.definition or "", definition_source=(
                       {"file": catalog.file, "line": concept.line} if concept.definition else None),
                   introduced_by=concept.introduced_by, source={"file": catalog.file, "line": concept.line})

    # --- notes and what they mention -------------------------------------------------------
    names: dict[str, tuple[str, ...]] = {c.id: c.names for c in catalog.concepts.values()}
    names.update({p.id: p.names for p in catalog.papers.values()})
    for paper_id in sections_by_paper:
        if paper_id not in catalog.papers:
            names[paper_id] = (G.nodes[paper_id]["name"],)
    matcher = EntityMatcher(names)
    mentioned_papers: list[tuple[str, str, dict]] = []  # (earlier, later, evidence)
    noted_prerequisites: list[tuple[str, str, dict]] = []
    for paper_id, sections in sections_by_paper.items():
        used_ids: Counter = Counter()
        for section in sections:
            for note in section.notes:
                used_ids[note.number] += 1
                suffix = "" if used_ids[note.number] == 1 else f"-{used_ids[note.number]}"
                note_id = f"{paper_id}/q{note.number}{suffix}"
                G.add_node(note_id, type="note", paper_id=paper_id, paper_name=G.nodes[paper_id]["name"],
                           number=note.number, ordinal=note.ordinal, question=note.question,
                           answers=list(note.answers), name=f"{G.nodes[paper_id]['name']} Q{note.number}{suffix}",
                           source=note.source.as_dict())
                add_evidence_edge(G, note_id, paper_id, "part_of",
                                  _notes_evidence(note, note.source.line, section.heading))
                for mention in matcher.find(note.text):
                    entity = mention.entity
                    if entity == paper_id:
                        continue
                    line, line_text = _line_of(note, mention.start)
                    evidence = _notes_evidence(note, line, line_text, matched=mention.surface, note=note_id)
                    add_evidence_edge(G, note_id, entity, "mentions", evidence)
                    if G.nodes[entity]["type"] == "concept":
                        add_evidence_edge(G, paper_id, entity, "discusses", evidence)
                    else:
                        mentioned_papers.append((entity, paper_id, {**evidence, "kind": "mentions"}))
                _define_from_note(G, matcher, catalog, paper_id, note, note_id, noted_prerequisites, warnings)

    # --- lineage: cites, then mentions, then track; never back in time, never a cycle ----------
    lineage_so_far = nx.DiGraph()  # the led_to edges added so far, walked to refuse cycles

    def add_led_to(earlier: str, later: str, evidence: dict) -> bool:
        if earlier == later:
            return False
        a, b = G.nodes[earlier], G.nodes[later]
        if a.get("year") is not None and b.get("year") is not None:
            if a["year"] > b["year"]:
                return False
            same_year_backwards = a["year"] == b["year"] and a.get("order", 0) > b.get("order", 0)
            if same_year_backwards and evidence["kind"] != "cites":
                return False  # within a year only the catalog's citations order two papers
        if (not lineage_so_far.has_edge(earlier, later) and later in lineage_so_far and earlier in lineage_so_far
                and nx.has_path(lineage_so_far, later, earlier)):
            return False
        add_evidence_edge(G, earlier, later, "led_to", evidence, kind=evidence["kind"])
        lineage_so_far.add_edge(earlier, later)
        return True

    for paper in catalog.papers.values():
        for cited in paper.cites:
            add_led_to(cited, paper.id, {**catalog.evidence(paper.id, paper.line,
                                         f"{paper.name} builds on {catalog.papers[cited].name}"), "kind": "cites"})
    for earlier, later, evidence in mentioned_papers:
        add_led_to(earlier, later, evidence)
    tracks: dict[str, list[str]] = {}
    for paper_id in sections_by_paper:
        track = G.nodes[paper_id].get("track")
        if track:
            tracks.setdefault(track, []).append(paper_id)
    for track, members in tracks.items():
        members.sort(key=lambda n: chronological_key(G, n))
        for earlier, later in zip(members, members[1:]):
            source = G.nodes[later]["source"]
            add_led_to(earlier, later, {"source": "reading-order", "file": source["file"], "line": source["line"],
                                        "text": f"next paper of the '{track}' line the group read", "kind": "track"})

    # --- prerequisites and introductions (catalog), then the ones the notes show --------------
    for concept in catalog.concepts.values():
        for required in concept.requires:
            add_evidence_edge(G, required, concept.id, "prerequisite", catalog.evidence(
                concept.id, concept.line, f"{concept.name} requires {catalog.concepts[required].name}"))
        if concept.introduced_by:
            add_evidence_edge(G, concept.introduced_by, concept.id, "introduces", catalog.evidence(
                concept.id, concept.line, f"{concept.name} was introduced by {catalog.papers[concept.introduced_by].name}"))
    for paper in catalog.papers.values():
        for required in paper.prerequisites:
            add_evidence_edge(G, required, paper.id, "prerequisite", catalog.evidence(
                paper.id, paper.line, f"reading {paper.name} needs {catalog.concepts[required].name}"))
    # a concept -> paper edge cannot close a cycle: out of a paper, prerequisite and led_to edges
    # reach only papers; the assertion below keeps that true if the model ever changes
    for required, paper_id, evidence in noted_prerequisites:
        if not G.has_edge(paper_id, required, key="introduces"):
            add_evidence_edge(G, required, paper_id, "prerequisite", evidence)
    assert nx.is_directed_acyclic_graph(relation_graph(G, ("prerequisite", "led_to")))

    G = _prune(G)
    G.graph["warnings"] = list(warnings)
    return BuildResult(G, warnings)


def _define_from_note(G, matcher, catalog, paper_id, note, note_id, noted_prerequisites, warnings) -> None:
    """Definitions, prerequisites and new concepts that a note's question shape reveals.

    "What is X" (X a known concept) gives X's definition from the answers and marks X as needed
    for the paper; a short noun-phrase question that names nothing known (``Polyak averaging``)
    becomes a concept of its own, defined by its answers.
    """
    answer = " ".join(note.answers).strip()
    term = strip_question(note.question)
    evidence = _notes_evidence(note, note.source.line, note.question, note=note_id)
    if term is not None:
        entity = matcher.match_name(term, cutoff=88)
        if entity is not None and G.nodes[entity]["type"] == "concept":
            add_evidence_edge(G, note_id, entity, "mentions", {**evidence, "matched": term})
            add_evidence_edge(G, paper_id, entity, "discusses", {**evidence, "matched": term})
            if answer and G.nodes[entity].get("origin") == "catalog" and not G.nodes[entity].get("defined_in_notes"):
                G.nodes[entity].update(definition=answer, definition_source={**note.source.as_dict(), "note": note_id},
                                       defined_in_notes=True)
            if G.nodes[entity].get("introduced_by") != paper_id:
                noted_prerequisites.append((entity, paper_id, {**evidence, "matched": term}))
        return
    if not answer or not _is_noun_phrase_heading(note.question):
        return
    if matcher.match_name(note.question, cutoff=88) is not None or matcher.find(note.question):
        return  # names something known: a mention, not a new concept
    concept_id = slugify(note.question)
    if concept_id in G and G.nodes[concept_id]["type"] != "concept":
        concept_id = f"{concept_id}-concept"
    if concept_id not in G:
        G.add_node(concept_id, type="concept", origin="notes", name=note.question.strip(), aliases=[],
                   definition=answer, definition_source={**note.source.as_dict(), "note": note_id}, introduced_by=None,
                   source=note.source.as_dict())
    add_evidence_edge(G, note_id, concept_id, "mentions", {**evidence, "matched": note.question.strip()})
    add_evidence_edge(G, paper_id, concept_id, "discusses", {**evidence, "matched": note.question.strip()})


def _prune(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Keep what the notes discuss or mention and everything needed before it; drop the rest."""
    seeds = {n for n, d in G.nodes(data=True) if d["type"] == "note" or d.get("discussed")}
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
    G.remove_nodes_from([n for n in G if n not in keep])  # in place: no second copy of a large graph
    return G


def graph_counts(G: nx.MultiDiGraph) -> dict:
    """Counts of nodes by type, edges by relation and lineage edges by kind."""
    nodes = Counter(d["type"] for _, d in G.nodes(data=True))
    edges = Counter(k for _, _, k in G.edges(keys=True))
    kinds = Counter(d["kind"] for _, _, k, d in G.edges(keys=True, data=True) if k == "led_to")
    discussed = sum(1 for _, d in G.nodes(data=True) if d.get("discussed"))
    return {"nodes": dict(sorted(nodes.items())), "papers_discussed": discussed,
            "edges": dict(sorted(edges.items())), "led_to_kinds": dict(sorted(kinds.items()))}
