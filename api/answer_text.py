"""Readable text for every answer: lineage, path and reading plans (shared by ``ask`` and the command
line), and the definitions, comparisons, introductions, users and search results ``ask`` gives.

Arrows stand only between papers joined by a ``led_to`` edge: a lineage or a path is drawn as its
``main_line``, and the other papers of the answer are named after it as "also: ...".
"""

from __future__ import annotations

import datetime
import re

from kg.descriptions import concept_definition, note_answers
from kg.model import authors_text, node_title

__all__ = ["ARROW", "chain_text", "introduced_elsewhere_text", "introduced_by_papers_text", "mentioned_text",
           "note_quote", "quote_around", "tagged_text", "titles_with_odd_status", "lineage_text", "path_text",
           "plan_advice", "plan_outline", "source_text", "definition_text", "compare_text", "meeting_notes_text",
           "introduced_text",
           "uses_text", "search_text", "changes_text", "closest_notes_text", "topic_text", "statuses_text",
           "listed_people_text", "list_text", "overview_text", "people_text", "papers_search_text",
           "latest_meeting_text", "read_around_text", "pointing_text"]

ARROW = " → "


def _titles(answer: dict) -> dict[str, str]:
    nodes = list(answer.get("nodes", ()))
    for key in ("node", "target"):
        if key in answer:
            nodes.append(answer[key])
    for key in ("ancestors", "descendants", "plan"):
        nodes.extend(answer.get(key, ()))
    return {n["id"]: n["title"] for n in nodes}


def _series(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def chain_text(answer: dict, limit: int | None = None) -> str:
    """The answer's main line drawn with arrows, then the other papers as "(also: ...)"."""
    titles = _titles(answer)
    line = answer.get("main_line") or []
    text = ARROW.join(titles[n] for n in line)
    members = [n["id"] for n in answer.get("nodes", ())] or [
        i["id"] for key in ("ancestors", "descendants") for i in answer.get(key, ())]
    others = [titles[n] for n in members if n not in set(line)]
    if others:
        shown = others if limit is None else others[:limit]
        more = f" and {len(others) - len(shown)} more" if len(others) > len(shown) else ""
        text += f" (also: {', '.join(shown)}{more})"
    return text


def lineage_text(answer: dict, limit: int | None = 8) -> str:
    """``What led to X: A → B → X (also: ...).`` or ``What came from X: X → C → D (also: ...).``"""
    node = answer["node"]["title"]
    direction = answer["direction"]
    if not answer[direction]:
        verb = "builds on no earlier paper in the graph" if direction == "ancestors" else "led to no later paper in the graph"
        return f"{node} {verb}." + suggested_text(answer)
    heading = "What led to" if direction == "ancestors" else "What came from"
    return f"{heading} {node}: {chain_text(answer, limit)}."


def suggested_text(answer: dict) -> str:
    """`` Not drawn, the likeliest predecessors the notes suggest: ...`` for a lineage answer with
    the scorer's guesses under its threshold (``suggested``), else ``""``."""
    guesses = answer.get("suggested") or ()
    if not guesses:
        return ""
    listed = "; ".join(f"{g['title']}, confidence {g['confidence']:.2f}" for g in guesses)
    return (f" Not drawn (under the scorer's threshold), the likeliest predecessors its notes suggest: {listed}."
            f" Confirm one with 'Builds on: {guesses[0]['name']}' under the paper.")


def path_text(answer: dict, limit: int | None = 8) -> str:
    """A lineage between two papers as its main line; otherwise the shortest path, one relation per hop."""
    nodes = answer["nodes"]
    if answer["mode"] == "lineage":
        return f"{nodes[0]['title']} leads to {nodes[-1]['title']}: {chain_text(answer, limit)}."
    if answer["mode"] == "same":
        return f"{nodes[0]['title']} is the same node."
    hops = [f"-[{edge['relation']}]- {node['title']}" for node, edge in zip(nodes[1:], answer["edges"])]
    return f"{nodes[0]['title']} " + " ".join(hops) + "."


def plan_outline(answer: dict) -> list[tuple[dict, list[dict]]]:
    """The plan as (paper, [its concepts]) in reading order, the target last with the concepts for it."""
    groups: dict[str, list[dict]] = {}
    papers: list[dict] = []
    for item in answer["plan"]:
        group = item.get("group", answer["target"]["id"])
        if group == item["id"]:
            papers.append(item)
        else:
            groups.setdefault(group, []).append(item)
    return [(p, groups.get(p["id"], [])) for p in papers] + [(answer["target"], groups.get(answer["target"]["id"], []))]


def plan_advice(answer: dict) -> str:
    """A short plan as advice: "Read A, then B (with x, y), then X; for X know p and q." (the full plan: a summary)."""
    target = answer["target"]
    plan = answer["plan"]
    if not plan:
        return f"Nothing to read before {target['title']}" + (" that you do not know already." if answer["known"] else ".")
    if answer.get("all", True):
        concepts = sum(1 for i in plan if i["type"] == "concept")
        return (f"Before {target['title']}: {len(plan)} steps - {concepts} concepts and {len(plan) - concepts} papers, "
                f"in order. Start with: {', '.join(answer['ready_next'][:6])}.")
    outline = plan_outline(answer)
    reads = []
    for paper, concepts in outline[:-1]:
        with_concepts = f" (with {_series([c['name'] for c in concepts])})" if concepts else ""
        reads.append(paper["title"] + with_concepts)
    own = [c["name"] for c in outline[-1][1]]
    text = ""
    if reads:
        text = "Read " + ", then ".join(reads) + f", then {target['title']}"
        if own:
            text += f"; for {target['name']} know {_series(own)}"
    else:
        text = f"Before {target['title']}, know {_series(own)}"
    text += "."
    introduced = [c["name"] for c in answer.get("introduced_by_target") or ()]
    if introduced:
        text += f" {target['name']} itself introduces {_series(introduced)}."
    if answer.get("total", len(plan)) > len(plan):
        text += f" ({len(plan)} of {answer['total']} steps; every step with --all or all=1.)"
    return text


def source_text(source: dict | None) -> str:
    """``file:line`` of a source, or "no source"."""
    return f"{source['file']}:{source['line']}" if source and source.get("file") else "no source"


def _note_line(note: dict, limit: int = 80) -> str:
    """``paper: id 'question'`` of a note record (its question cut at ``limit`` characters): the paper's title
    says whose note it is, as a person reads it (the id is a slug of it).

    >>> _note_line({"id": "quill/q4", "paper_title": "Quill (2016)", "question": "Expected gain"})
    "Quill (2016): quill/q4 'Expected gain'"
    """
    question = " ".join((note.get("question") or "").split())
    question = question if len(question) <= limit else question[:limit - 1].rstrip() + "…"
    line = f"{note['id']} '{question}'" if question else note["id"]
    return f"{note['paper_title']}: {line}" if note.get("paper_title") else line


def definition_text(answer: dict) -> str:
    """A concept's definition with the source that gave it (the catalog, a note, the summary of the paper
    that introduced it), then the other notes about it; without one, what the graph does hold about it.

    >>> answer = {"node": {"name": "drift"}, "definition": "", "definition_from": None, "definition_source": None,
    ...           "definition_paper": None, "introduced_by": [], "discussed_by": [],
    ...           "notes": [{"id": "p/q2", "question": "drift is slower", "source": {"file": "n.md", "line": 4}}]}
    >>> definition_text(answer)
    "drift: neither the catalog nor the notes define it. The notes discuss it: p/q2 'drift is slower' (n.md:4)."
    """
    node = answer["node"]
    name = node["name"]
    source = answer.get("definition_source") or {}
    origin = answer.get("definition_from")
    notes = answer.get("notes") or []
    if answer["definition"]:
        definition = answer["definition"].rstrip(". ")
        if origin == "paper summary":
            paper = answer.get("definition_paper") or {"title": "the paper that introduced it"}
            text = (f"{name}, in the summary of {paper['title']}, the paper that introduced it (neither the catalog "
                    f"nor the notes define it): {definition}.")
        elif origin == "notes" and source.get("note"):
            note = next((n for n in notes if n["id"] == source["note"]), {"id": source["note"]})
            text = f"{name}: {definition} (from the notes: {_note_line(note)}, {source_text(source)})."
        else:
            text = f"{name}: {definition} (from the {origin or 'catalog'}, {source_text(source)})."
        others = [n for n in notes if n["id"] != source.get("note")][:3]
        if others:
            text += " Also in the notes: " + "; ".join(_note_line(n) for n in others) + "."
        return text
    text = f"{name}: neither the catalog nor the notes define it."
    elsewhere = introduced_elsewhere_text(node)
    if elsewhere:
        text += " " + elsewhere[0].upper() + elsewhere[1:]
    elif answer.get("introduced_by"):
        text += f" It was introduced by {_series([p['title'] for p in answer['introduced_by']])}."
    if notes:
        text += " The notes discuss it: " + "; ".join(
            f"{_note_line(n)} ({source_text(n.get('source'))})" for n in notes[:3]) + "."
    elif answer.get("discussed_by"):
        text += f" The notes of {_series([p['title'] for p in answer['discussed_by'][:6]])} discuss it."
    else:
        text += " No notes discuss it."
    return text


def changes_text(G, paper: str, changes: list[dict], guessed: bool = False) -> str:
    """`` What X changed from P, per the notes: q - a (id, file:line).`` for :func:`kg.descriptions.changes_from_predecessors`
    (empty when there are none), grouped by predecessor; of a ``guessed`` predecessor (not drawn), what X's notes
    say of it."""
    text = ""
    for predecessor in dict.fromkeys(c["predecessor"] for c in changes):
        said = "; ".join(f"{c['question']} - {note_answers(c)} ({c['id']}, {source_text(c['source'])})"
                         for c in changes if c["predecessor"] == predecessor)
        name, earlier = G.nodes[paper]["name"], G.nodes[predecessor]["name"]
        text += (f" What the notes of {name} say of {earlier}, the likeliest guess: {said}." if guessed
                 else f" What {name} changed from {earlier}, per the notes: {said}.")
    return text


def note_quote(note: dict, said: str | None = None) -> str:
    """``question - answers (id, file:line)``: a note as an answer quotes it (``said`` in place of all its answers).

    >>> note_quote({"id": "w/q2", "question": "Gates", "answers": ["two", "wide"],
    ...             "source": {"file": "n.md", "line": 4}})
    'Gates - two / wide (w/q2, n.md:4)'
    """
    return (f"{note['question'] + ' - ' if note['question'] else ''}{note_answers(note) if said is None else said} "
            f"({note['id']}, {source_text(note['source'])})")


def naming_text(G, paper: str, notes: list[dict]) -> str:
    """`` What the notes of X say of Y: q - a (id, file:line).`` for :func:`kg.descriptions.notes_naming` (empty
    when there are none)."""
    if not notes:
        return ""
    said = "; ".join(note_quote(n) for n in notes)
    return f" What the notes of {G.nodes[paper]['name']} say of {G.nodes[notes[0]['named']]['name']}: {said}."


def pointing_text(G, paper: str, notes: list[dict]) -> str:
    """``Before X was read, your notes pointed to it: q - a (id, file:line).`` for
    :func:`kg.descriptions.notes_pointing_to` (empty when there are none)."""
    if not notes:
        return ""
    said = "; ".join(f"{n['paper_title']}: {note_quote(n)}" if n.get("paper_title") else note_quote(n) for n in notes)
    return f"Before {G.nodes[paper]['name']} was read, your notes pointed to it: {said}. "


def meeting_notes_text(notes: list[dict]) -> str:
    """``Notes of the meeting of DAY (page): paper: note (id, file:line) | ...`` for the notes of one meeting page.

    >>> meeting_notes_text([{"session_date": "2024-02-08", "session": "2024-02-08 (cancelled)", "paper_name": "Wren",
    ...     "id": "wren/q1", "question": "", "answers": ["half of us ill"], "source": {"file": "m.md", "line": 7}}])
    'Notes of the meeting of 2024-02-08 (2024-02-08 (cancelled)): Wren: half of us ill (wren/q1, m.md:7).'
    """
    said = " | ".join(f"{note['paper_name'] + ': ' if note['paper_name'] else ''}"
                      f"{note['question'] + ' - ' if note['question'] else ''}{note_answers(note)} "
                      f"({note['id'] + ', ' if note['id'] else ''}{source_text(note['source'])})" for note in notes)
    return f"Notes of the meeting of {notes[0]['session_date']} ({notes[0]['session']}): {said}."


def closest_notes_text(G, closest: list[dict]) -> str:
    """`` Closest to the question: X: snippet (file:line) | Y: ...`` for the compared papers' nearest notes."""
    return " Closest to the question: " + " | ".join(
        f"{node_title(G.nodes[hit['paper_id']])}: {hit['snippet']} ({source_text(hit.get('source'))})"
        for hit in closest) + "."


def tagged_text(tagged: dict[str, list[dict]]) -> str:
    """``Papers you tagged 'topic': A (2021), B (2022).`` for each topic (``kg.descriptions.papers_tagged``);
    a paper whose ``status`` is not the one most of them have says it.

    >>> tagged_text({"anti-aliasing": [{"title": "Wren (2021)", "status": "discussed"},
    ...                                {"title": "Heron (2022)", "status": "backlog"}, {"title": "Lark (2023)"}]})
    "Papers you tagged 'anti-aliasing': Wren (2021), Heron (2022; status backlog), Lark (2023)."
    """
    return " ".join(f"Papers you tagged '{run}': " + ", ".join(titles_with_odd_status(found)) + "."
                    for run, found in tagged.items())


def titles_with_odd_status(papers: list[dict]) -> list[str]:
    """The papers' titles, a paper whose group status (``status``) is not the one most of them have saying it:
    a suggestion among papers read is not read.

    >>> titles_with_odd_status([{"title": "Wren (2021)", "status": "read"}, {"title": "Heron (2022)", "status": "read"},
    ...                         {"title": "Lark (2023)", "status": "suggested"}, {"title": "Tern"}])
    ['Wren (2021)', 'Heron (2022)', 'Lark (2023; status suggested)', 'Tern']
    """
    statuses = [p["status"] for p in papers if p.get("status")]
    usual = max(statuses, key=statuses.count) if statuses else None
    return [p["title"] if p.get("status") in (None, usual) else f"{p['title'][:-1]}; status {p['status']})"
            if p["title"].endswith(")") else f"{p['title']} (status {p['status']})" for p in papers]


def topic_text(written: dict[str, list[dict]], chars: int = 120) -> str:
    """``Papers whose notes write 'topic': A (...); B (...).`` for each topic (``kg.descriptions.papers_mentioning``)."""
    return " ".join(f"Papers whose notes write '{run}': " + "; ".join(mentioned_text(item, chars) for item in found) + "."
                    for run, found in written.items())


def listed_people_text(question: str, people: list[dict], role: str) -> str:
    """``On 'who presented?': A (2019): Lee; B (2020): nobody named.`` for the papers of a list answer.

    >>> listed_people_text("who presented?", [{"node": {"title": "Wren (2019)"}, "presenters": ["Lee", "Ada"]},
    ...                                        {"node": {"title": "Lark (2020)"}, "presenters": []}], "presenters")
    "On 'who presented?': Wren (2019): Lee and Ada; Lark (2020): no presenter named."
    """
    missing = "no presenter named" if role == "presenters" else "no authors recorded"
    return f"On '{question}': " + "; ".join(f"{item['node']['title']}: {_series(item[role]) or missing}"
                                            for item in people) + "."


def statuses_text(asked: dict[str, list[dict]]) -> str:
    """``Papers your notes mark 'backlog': A (2019), B (2021).`` (``kg.descriptions.statuses_asked``).

    >>> statuses_text({"backlog": [{"title": "Wren (2019)"}, {"title": "Lark (2021)"}]})
    "Papers your notes mark 'backlog': Wren (2019), Lark (2021)."
    """
    return " ".join(f"Papers your notes mark '{status}': " + ", ".join(p["title"] for p in papers) + "."
                    for status, papers in asked.items())


def shortened(text: str, chars: int) -> str:
    """``text`` on one line, cut at a word before ``chars`` characters with "…" when longer.

    >>> shortened("Replace the big network with a   hash grid and a tiny one.", 30)
    'Replace the big network with…'
    >>> shortened("A short one.", 30)
    'A short one.'
    """
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = text[:chars - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def compare_text(G, answer: dict, summary_chars: int | None = None) -> str:
    """Two nodes compared: years, tracks, the lineage between them, what each paper is (its summary, cut at
    ``summary_chars``; how two papers differ starts there) and what the later one changed."""
    first, second = answer["nodes"]

    def describe(side):
        bits = [str(side["year"])] if side.get("year") else []
        if side.get("track"):
            bits.append(f"track {side['track']}")
        return f"{side['name']} ({', '.join(bits) or side['type']})"

    text = f"{describe(first)} and {describe(second)}."
    if answer["earlier"] is None:
        for side in (first, second):
            if side["type"] == "concept":
                text += f" {definition_text(side['definition'])}"
            else:
                text += f" {side['name']}: {side['summary']}"
        return text
    earlier, later = (G.nodes[answer["earlier"]]["name"], G.nodes[answer["later"]]["name"])
    text += f" {earlier} came first."
    if answer["same_track"]:
        text += " Same research line."
    if answer["lineage_between"] is not None:
        text += " Lineage: " + " -> ".join(n["name"] for n in answer["lineage_between"]["nodes"]) + "."
    if answer["shared_ancestors"]:
        names = [n["name"] for n in answer["shared_ancestors"]]
        text += f" Shared ancestors: {', '.join(names[:6])}{' and more' if len(names) > 6 else ''}."
    if summary_chars:
        said = [f"{side['name']}: {shortened(side['summary'], summary_chars)}" for side in (first, second)
                if side["type"] == "paper" and side.get("summary")]
        if said:
            said_text = " | ".join(said).rstrip(".")
            text += f" In short: {said_text}{'' if said_text.endswith('…') else '.'}"
    noted = [c for c in answer["changes"] if "id" in c]
    if noted:
        text += f" What {later} changed, per the notes: " + "; ".join(
            f"{c['question']} - {note_answers(c)} ({c['id']}, {source_text(c['source'])})" for c in noted[:3]) + "."
    else:
        text += f" The notes of {later} do not discuss {earlier} directly."
    ahead = answer.get("earlier_notes") or []
    if ahead:
        text += f" What the notes of {earlier} say of {later}: " + "; ".join(
            f"{c['question']} - {note_answers(c)} ({c['id']}, {source_text(c['source'])})" for c in ahead[:2]) + "."
    return text


def introduced_text(G, answer: dict) -> str:
    """Who introduced a concept, with the line that says so and a note about it."""
    name = answer["node"]["name"]
    elsewhere = introduced_elsewhere_text(answer["node"])
    if not answer["introduced_by"] and elsewhere:  # first proposed in a work the notes do not discuss
        return elsewhere
    if not answer["introduced_by"]:
        first = answer["discussed_by"][:1]
        if first:
            return (f"The graph records no paper that introduced {name}; the earliest paper whose notes discuss it "
                    f"is {first[0]['title']}.")
        return f"The graph records no paper that introduced {name}, and no notes discuss it."
    papers = " and ".join(f"{p['title']}" for p in answer["introduced_by"])
    titles = [G.nodes[p["id"]].get("title") for p in answer["introduced_by"] if G.nodes[p["id"]].get("title")]
    text = f"{name} was introduced by {papers}" + (f": {'; '.join(titles)}" if titles else "")
    if answer["evidence"]:
        text += f" ({answer['evidence'][0].get('source', 'catalog')}, {source_text(answer['evidence'][0])})"
    text += "."
    if answer["notes"]:
        note = answer["notes"][0]
        text += f" In the notes: {note['question']} - {note_answers(note)} ({note['id']}, {source_text(note['source'])})."
    return text


def introduced_by_papers_text(answer: dict) -> str:
    """What each asked paper introduced (``introduces`` edges: the catalog's, or a concept page's "from
    [[paper]]"), with the line that says so; a paper that introduced nothing the graph knows says that.

    >>> introduced_by_papers_text({"papers": [{"node": {"title": "Wren (2019)"}, "introduced": [
    ...     {"node": {"name": "Tidal set"}, "evidence": [{"source": "notes", "file": "t.md", "line": 2}]}]},
    ...     {"node": {"title": "Heron (2020)"}, "introduced": []}]})
    'Wren (2019) introduced Tidal set (notes, t.md:2). Heron (2020): the graph records nothing it introduced.'
    """
    parts = []
    for item in answer["papers"]:
        found = [f"{c['node']['name']}" + (f" ({c['evidence'][0].get('source', 'catalog')}, "
                                           f"{source_text(c['evidence'][0])})" if c["evidence"] else "")
                 for c in item["introduced"]]
        parts.append(f"{item['node']['title']} introduced " + ", ".join(found) + "." if found
                     else f"{item['node']['title']}: the graph records nothing it introduced.")
    return " ".join(parts)


def uses_text(G, answer: dict) -> str:
    """The papers that use a node (a ``uses`` edge), those the group's page on it links to, and those whose notes
    discuss it, each with a line.

    >>> uses_text(None, {"node": {"name": "drift"}, "namesakes": [], "total": 1, "papers": [
    ...     {"title": "Tide (2019)", "via": "notes", "evidence": [{"note": "tide/q3", "text": "drift helps"}]}]})
    "Papers whose notes discuss drift: Tide (2019) (tide/q3: 'drift helps')."
    """
    name = answer["node"]["name"]
    also = [n["name"] for n in answer.get("namesakes") or ()]
    named = f"{name} (or {_series(also)})" if also else name
    papers = answer["papers"]
    if not papers:
        return f"No paper in the graph uses {named}, and no paper's notes discuss it."

    def line(paper):
        evidence = paper["evidence"][0] if paper["evidence"] else {}
        where = evidence.get("note") or source_text(evidence)
        said = " ".join((evidence.get("text") or "").split())[:80]
        return f"{paper['title']} ({where}: '{said}')" if said else f"{paper['title']} ({where})"

    parts = []
    users = [p for p in papers if p["via"] == "uses"]
    linked = [p for p in papers if p["via"] == "page"]
    discussing = [p for p in papers if p["via"] == "notes"]
    if users:
        parts.append(f"Papers that use {named}: " + "; ".join(line(p) for p in users[:8]) + ".")
    if linked:
        lead = "Papers your page on it links to" if users else f"Papers your page on {named} links to"
        parts.append(f"{lead}: " + "; ".join(line(p) for p in linked[:8]) + ".")
    if discussing:
        lead = "Papers whose notes discuss it" if users or linked else f"Papers whose notes discuss {named}"
        parts.append(f"{lead}: " + "; ".join(line(p) for p in discussing[:8]) + ".")
    writing = [p for p in papers if p["via"] == "written"]  # a note writes it, in another form, and links nothing
    if writing:
        lead = "Notes that write it, not linked to it at ingest" if users or linked or discussing \
            else f"Papers whose notes write {named}, not linked to it at ingest"
        parts.append(f"{lead}: " + "; ".join(line(p) for p in writing[:8]) + ".")
    shown = len(users[:8]) + len(linked[:8]) + len(discussing[:8]) + len(writing[:8])
    if answer.get("total", len(papers)) > shown:
        parts.append(f"({answer.get('total', len(papers)) - shown} more in the JSON answer.)")
    return " ".join(parts)


def search_text(G, answer: dict, shown: int = 1) -> str:
    """The best search result in one line (a concept with its definition), then the next ``shown - 1``
    results after "Also close:" (``search_answer_results`` of api/intents.yaml for ``ask``)."""
    if not answer["results"]:
        return "No matching notes."
    best = answer["results"][0]

    def one(result: dict) -> str:
        where = f" ({source_text(result.get('source'))})" if result.get("source") else ""
        return f"{result['title']} - {result['snippet']}{where}"

    if best["type"] == "concept" and best["id"] in G:
        text = "Best match: " + definition_text(concept_definition(G, best["id"]))
    else:
        text = f"Best match: {one(best)}"
    more = answer["results"][1:max(shown, 1)]
    return text + (" Also close: " + "; ".join(one(result) for result in more) + "." if more else "")


def papers_search_text(G, answer: dict, listed: int) -> str:
    """The search results by paper, for a question asking for several papers: each paper once, with its best
    note, in the order of the results, at most ``listed`` papers; results of no paper (a concept) and the
    catalog's papers the group did not discuss (a question for several papers asks for the group's) are left out.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("wren", type="paper", name="Wren", year=2016, discussed=True)
    >>> G.add_node("heron", type="paper", name="Heron", year=2019, discussed=True)
    >>> G.add_node("lenet", type="paper", name="LeNet", year=1998)
    >>> hits = [{"id": "wren/q2", "type": "note", "title": "Wren", "paper_id": "wren", "snippet": "online update"},
    ...         {"id": "lenet", "type": "paper", "title": "LeNet", "snippet": "digits"},
    ...         {"id": "wren/q5", "type": "note", "title": "Wren", "paper_id": "wren", "snippet": "more on it"},
    ...         {"id": "heron/q1", "type": "note", "title": "Heron", "paper_id": "heron", "snippet": "updates online"}]
    >>> papers_search_text(G, {"results": hits}, 4)
    'Papers whose notes match best: Wren (2016) - online update; Heron (2019) - updates online.'
    """
    seen, parts = set(), []
    for result in answer["results"]:
        paper = result.get("paper_id") or (result["id"] if result.get("type") == "paper" else None)
        if not paper or paper in seen or paper not in G or G.nodes[paper].get("type") != "paper" \
                or not G.nodes[paper].get("discussed"):  # "which papers we read ...": never a catalog paper
            continue
        seen.add(paper)
        where = f" ({source_text(result.get('source'))})" if result.get("source") else ""
        parts.append(f"{node_title(G.nodes[paper])} - {result['snippet']}{where}")
        if len(parts) >= listed:
            break
    return "Papers whose notes match best: " + "; ".join(parts) + "." if parts else search_text(G, answer)


def latest_meeting_text(G, papers: list[str], day: str, lead: str = "The latest meeting in your notes") -> str:
    """``The latest meeting in your notes, DAY: Wren (2016), presented by Lee (status scheduled).``

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("wren", type="paper", name="Wren", year=2016, presenters=["Lee"], status="scheduled")
    >>> latest_meeting_text(G, ["wren"], "2025-03-13")
    'The latest meeting in your notes, 2025-03-13: Wren (2016), presented by Lee (status scheduled).'
    >>> latest_meeting_text(G, ["wren"], "2025-03-13", "The meeting of that day in your notes")
    'The meeting of that day in your notes, 2025-03-13: Wren (2016), presented by Lee (status scheduled).'
    """
    parts = []
    for paper in papers:
        data = G.nodes[paper]
        who = f", presented by {' and '.join(data['presenters'])}" if data.get("presenters") else ""
        status = f" (status {data['status']})" if data.get("status") else ""
        parts.append(f"{node_title(data)}{who}{status}")
    return f"{lead}, {day}: " + "; ".join(parts) + "."


def mentioned_text(item: dict, chars: int = 120) -> str:
    """One paper whose notes write a term, with the note that does (``kg.descriptions.papers_mentioning``):
    the words around the term, where the note is longer than ``chars``.

    >>> mentioned_text({"paper": {"title": "Quill (2016)"}, "note": {"question": "Tricks", "answers": ["FIM training"],
    ...                 "source": {"file": "n.md", "line": 4}}})
    "Quill (2016) ('Tricks: FIM training', n.md:4)"
    """
    note = item["note"]
    answers = " / ".join(a for a in note.get("answers", ()) if a)  # a note with no answer is its question alone
    said = ": ".join(part for part in (note.get("question", ""), answers) if part)
    return f"{item['paper']['title']} ('{quote_around(said, item.get('phrase'), chars)}', {source_text(note.get('source'))})"


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n| / ")


def quote_around(text: str, phrase: str | None, chars: int) -> str:
    """At most ``chars`` of ``text`` (cut at words, "..." where cut): from the start of the sentence that
    writes ``phrase``, or from a third of ``chars`` before the phrase when that sentence starts further back.

    >>> text = "Casts rays. It then encodes each cone with an integrated encoding, the expected code over the cone."
    >>> quote_around(text, "integrated encoding", 60)
    '...each cone with an integrated encoding, the expected code...'
    >>> quote_around(text, None, 40), quote_around("short", "x", 40)
    ('Casts rays. It then encodes each...', 'short')
    """
    if len(text) <= chars:
        return text
    at = text.lower().find(phrase.lower()) if phrase else -1
    if at < 0:
        return text[:chars - 3].rsplit(" ", 1)[0] + "..."
    start = max([0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, at))])
    if at - start > chars // 3:
        start = text.find(" ", at - chars // 3, at) + 1 or at
    end = start + chars
    if end < len(text):
        end = text.rfind(" ", at + len(phrase), end) if text.rfind(" ", at + len(phrase), end) > 0 else end
    return ("..." if start else "") + text[start:end].strip() + ("..." if end < len(text) else "")


def introduced_elsewhere_text(concept: dict) -> str | None:
    """The sentence for a concept first proposed in a work outside the graph (``introduced_in`` of its
    node summary), naming the paper of the notes that made it known or used it; None otherwise.

    >>> introduced_elsewhere_text({"name": "dropout", "introduced_in": "Hinton et al. 2012",
    ...                            "popularised_by": {"id": "alexnet", "title": "AlexNet (2012)"}})
    'dropout was introduced in Hinton et al. 2012 (not in your notes); AlexNet (2012) popularised it.'
    >>> introduced_elsewhere_text({"name": "weight clipping"}) is None
    True
    """
    if not concept.get("introduced_in"):
        return None
    text = f"{concept['name']} was introduced in {concept['introduced_in']} (not in your notes)"
    for key, verb in (("popularised_by", "popularised"), ("used_by", "used")):
        if concept.get(key):
            return f"{text}; {concept[key]['title']} {verb} it."
    return text + "."


def list_text(answer: dict, limit: int = 30) -> str:
    """A list of papers with the filters that chose them, or a plain sentence that none matched.

    >>> list_text({"filters": {"year": 2017, "groups": [], "papers": None}, "people": [], "total_read": 3,
    ...            "papers": [{"title": "Nib (2017)"}, {"title": "Ink (2017)"}]})
    'Papers from 2017 in your notes: Nib (2017) and Ink (2017) (2 of the 3 papers read).'
    """
    filters = answer["filters"]
    bits = []
    groups = [f"{g['field']} {g['value']}" for g in filters["groups"]]
    if groups:
        bits.append("of " + " or ".join(groups))
    if filters["year"] is not None:
        bits.append(f"from {filters['year']}")
    met = filters.get("met")
    if met:
        month = met.get("season") or datetime.date(2000, met["month"], 1).strftime("%B")
        bits.append(f"talked about at a meeting in {month}" + (f" {met['year']}" if met["year"] else ""))
    for person in answer.get("people") or ():
        verb = {"presenter": "presented by", "author": "written by"}.get(person.get("role"), "by")
        bits.append(f"{verb} {person['name']}")
    described = " ".join(bits)
    total = answer["total_read"]
    papers = titles_with_odd_status(answer["papers"])
    if not described:
        if not papers:
            return "Your notes discuss no papers yet."
        order = "in the order you read them" if answer.get("in_reading_order") else "oldest first"
        return f"The {total} papers in your notes, {order}: {_series(papers[:limit])}" + (
            f" and {len(papers) - limit} more." if len(papers) > limit else ".")
    if not papers and met and not answer.get("with_meeting_dates"):
        return (f"Your notes give no meeting dates (a session page or journal day with a date, or a Date: line "
                f"under a paper), so no paper is known to be {described}.")
    if not papers:
        return f"None of the {total} papers in your notes is {described}."
    shown = _series(papers[:limit]) + (f" and {len(papers) - limit} more" if len(papers) > limit else "")
    order = " in the order you read them" if answer.get("in_reading_order") else ""
    text = f"Papers {described} in your notes{order}: {shown} ({len(papers)} of the {total} papers read)."
    for person in answer.get("people") or ():
        if person.get("asked") and person.get("role") != person["asked"]:  # none in the role asked: said first
            verb = {"presenter": "presented", "author": "written"}.get(person["asked"], "")
            text = f"No paper in your notes was {verb} by {person['name']}. " + text
    return text


def overview_text(answer: dict) -> str:
    """What the reading group reads, in a few sentences: papers, years, areas and research lines.

    >>> overview_text({"papers": 2, "notes": 9, "years": [2016, 2018], "background_papers": 0,
    ...     "first": {"title": "Quill (2016)"}, "last": {"title": "Nib (2018)"}, "tracks": [],
    ...     "areas": [{"name": "vision", "count": 2, "papers": [{"name": "Quill"}, {"name": "Nib"}]}]})
    'Your notes discuss 2 papers in 9 notes, from Quill (2016) to Nib (2018). By area: vision 2 (Quill, Nib).'
    """
    if not answer["papers"]:
        return "Your notes discuss no papers yet."
    years = answer["years"]
    text = f"Your notes discuss {answer['papers']} papers in {answer['notes']} notes"
    if years:
        text += f", from {answer['first']['title']} to {answer['last']['title']}"
    text += "."

    def groups(items):
        return "; ".join(f"{g['name']} {g['count']} ({', '.join(p['name'] for p in g['papers'])}"
                         + (", ..." if g["count"] > len(g["papers"]) else "") + ")" for g in items)

    text += f" By area: {groups(answer['areas'])}."
    lines = [t for t in answer["tracks"] if t["name"] != "unknown"]
    if lines:
        text += f" Research lines: {groups(lines)}."
    if answer["background_papers"]:
        text += (f" The catalog adds {answer['background_papers']} earlier papers they build on "
                 f"(background, not in your notes).")
    return text


def spoken_date(iso: str) -> str:
    """A meeting's ISO date as people write it ("when?": "October 18, 2023"); as given when it is no ISO date.

    >>> spoken_date("2023-10-18"), spoken_date("2024-02-08"), spoken_date("spring")
    ('October 18, 2023', 'February 8, 2024', 'spring')
    """
    try:
        day = datetime.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day:%B} {day.day}, {day.year}"


def people_text(answer: dict) -> str:
    """Who wrote or presented a paper; a plain sentence when the graph records nobody.

    >>> people_text({"node": {"title": "Quill (2016)"}, "role": "presenter", "authors": ["Ada Quenby"],
    ...              "presenters": ["Lee Marsh"], "venue": None})
    'Quill (2016) was presented by Lee Marsh; it was written by Ada Quenby.'
    >>> people_text({"node": {"title": "Quill (2016)"}, "role": "presenter", "authors": [],
    ...              "presenters": ["Lee Marsh"], "venue": None, "discussed_on": ["2023-10-18"]})
    'Quill (2016) was presented by Lee Marsh, at the meeting of October 18, 2023.'
    """
    title = answer["node"]["title"]
    authors = authors_text(answer["authors"])
    presenters = _series(answer["presenters"])
    venue = f" ({answer['venue']})" if answer.get("venue") else ""
    met = answer.get("discussed_on") or ()
    when = (f", at the meeting{'s' if len(met) > 1 else ''} of {_series([spoken_date(d) for d in met])}" if met else "")
    if answer["role"] == "presenter":
        if presenters:
            return f"{title} was presented by {presenters}{when}" + (f"; it was written by {authors}." if authors else ".")
        return (f'The notes name no presenter for {title} (a "Presenter:" line under its heading would)'
                + (f"; it was written by {authors}." if authors else "."))
    if authors:
        return f"{title} was written by {authors}{venue}" + (f"; {presenters} presented it." if presenters else ".")
    return (f"The graph records no authors for {title} (an \"Authors:\" line, front matter or a BibTeX entry "
            f"would give them)" + (f"; {presenters} presented it." if presenters else "."))


def read_around_text(answer: dict) -> str:
    """The papers the group took up right after (or before) a paper (:func:`kg.listing.read_around`), each with
    its meeting day, presenters and status; the nearest one of the paper's own line of work when another; and by
    what order, where the paper has no meeting day.

    >>> near = {"id": "kite", "title": "Kite", "day": "2024-01-18", "presenters": ["Lee"], "status": "next"}
    >>> read_around_text({"paper": {"title": "Wren", "days": ["2024-01-04"], "discussed": True},
    ...                   "direction": "after", "by": "meetings", "nearest": [near], "on_line": [], "track": "a"})
    'Right after Wren, met January 4, 2024, the group took up Kite (January 18, 2024, presented by Lee, status next).'
    """
    paper = answer["paper"]
    after = answer["direction"] == "after"
    where = "after" if after else "before"
    if not paper.get("discussed", True):
        return f"{paper['title']} is not among the papers your notes discuss, so nothing was read {where} it."

    def each(found: list[dict]) -> str:
        said = []
        for item in found:
            about = [spoken_date(item["day"])] if item.get("day") else []
            if item.get("presenters"):
                about.append(f"presented by {_series(item['presenters'])}")
            if item.get("status"):
                about.append(f"status {item['status']}")
            said.append(f"{item['title']} ({', '.join(about)})" if about else item["title"])
        return _series(said)

    days = paper.get("days") or []
    met = f", met {spoken_date(days[0])}," if days else ", by the order of your notes (it has no meeting day),"
    if not answer["nearest"]:
        return f"Right {where} {paper['title']}{met} the group took up no paper in your notes."
    text = f"Right {where} {paper['title']}{met} the group took up {each(answer['nearest'])}"
    if answer.get("on_line"):
        text += f"; the nearest on its own line of work ({answer['track']}): {each(answer['on_line'])}"
    return text + "."
