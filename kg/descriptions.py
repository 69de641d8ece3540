"""What the graph says about one node or two: a concept's definition, two nodes compared, the papers that
introduced a concept, the papers that use a node, and the notes behind each (graph first, JSON-ready dicts).

They stand beside :func:`kg.queries.lineage` and :func:`kg.queries.path`; ``ask`` routes questions to
them and :mod:`api.answer_text` writes their text.
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache

import networkx as nx

from kg.model import NAME_CHARS, add_evidence_edge, chronological_key, compact_key, node_title
from kg.note_questions import SUMMARY_QUESTION, strip_question
from kg.lexicon import word_list
from kg.queries import node_summary, path, relation_graph
from kg.names import is_plural_of, name_rules
from kg.resolve import base_name, namesakes

__all__ = ["headed_by", "papers_mentioning", "papers_tagged", "LIST_LIMIT", "TEXT_WORD", "says_something",
           "asks_what_it_is", "pointed_concept", "concept_definition", "compare", "introduced", "users_of",
           "note_about", "note_record", "note_answers", "notes_of", "summary_note", "papers_introducing",
           "papers_discussing", "papers_of_statuses", "notes_naming", "notes_pointing_to", "papers_named_for",
           "glossary_entries", "term_written", "example_graph"]

#: at most this many notes of each paper in a comparison, and of papers in a `uses` answer
LIST_LIMIT = 40
#: a word of a question or a note: a word of a name (kg.model.NAME_WORD), hyphens kept ("self-attention")
TEXT_WORD = re.compile(rf"[{NAME_CHARS}][{NAME_CHARS}'’\-]*\+*")


def example_graph() -> nx.MultiDiGraph:
    """A tiny graph for the examples: two papers, a concept the first introduced, a note defining it."""
    G = nx.MultiDiGraph()
    G.add_node("qnet", type="paper", name="QNet", title="Q-Networks", year=2013, aliases=[], track="q")
    G.add_node("double-qnet", type="paper", name="Double QNet", title="Double Q-Networks", year=2015, aliases=[],
               track="q")
    G.add_node("replay", type="concept", name="replay", aliases=["experience replay"], definition="")
    G.add_node("qnet/q1", type="note", paper_id="qnet", question="What is replay?",
               answers=["store transitions, sample them at random"], source={"file": "n.md", "line": 3})
    where = {"source": "notes", "file": "n.md", "line": 3}
    add_evidence_edge(G, "qnet/q1", "qnet", "part_of", where)
    add_evidence_edge(G, "qnet/q1", "replay", "mentions", {**where, "note": "qnet/q1"})
    add_evidence_edge(G, "qnet", "replay", "introduces", where)
    add_evidence_edge(G, "qnet", "double-qnet", "led_to", {**where, "kind": "stated"}, kind="stated")
    return G


def note_answers(note: dict) -> str:
    """A note record's answers as one line (``a / b``), or a placeholder when none was written."""
    return " / ".join(a for a in note.get("answers", ()) if a) or "(no answer written)"


def note_record(G, note: str) -> dict:
    """A note as answers show it: id, paper (its id and title), question, answers and source line."""
    data = G.nodes[note]
    paper = data.get("paper_id")
    return {"id": note, "paper_id": paper, "paper_title": node_title(G.nodes[paper]) if paper in G else None,
            "question": data.get("question", ""),
            "answers": list(data.get("answers", ())), "source": data.get("source")}


def notes_of(G, paper: str) -> list[str]:
    """The notes of a paper in the order of the notes file."""
    notes = [n for n, _, k in G.in_edges(paper, keys=True) if k == "part_of"]
    return sorted(notes, key=lambda n: ((G.nodes[n].get("source") or {}).get("line", 0), n))


#: a word of a term as a note writes it: letters and digits, an apostrophe inside it ("Priya's")
_TERM_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: what joins the words of a term as a note writes it: spaces or a hyphen ("cross attention", "cross-attention")
_WORD_JOIN = re.compile(r"[\s\-\u2010\u2011]+")
#: a term read in its forms: such words joined so; one with any other character ("GPT-3.5", "A/B", "max_len",
#: "PointNet++") is read as written only (:func:`papers_mentioning`)
_PLAIN_TERM = re.compile(r"\s*[^\W_]+(?:['’][^\W_]+)*(?:[\s\-\u2010\u2011]+[^\W_]+(?:['’][^\W_]+)*)*\s*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
#: what glues a word to the next into one longer word: a hyphen, a slash, an underscore, a dot, a plus ("CNN/DM",
#: "CNN_DM", "CNN.DM": the dataset, not CNN)
_GLUE = "-\u2010\u2011/_.+"


def _as_written_only(word: str) -> bool:
    """A word with a capital after its first letter (an acronym, a code name: ADD, mAP, PointNet) is matched only
    as written, case and all."""
    return any(c.isupper() for c in word[1:])


@lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> frozenset[str]:
    """A lowercase word and what stays of it without one of ``inflection_endings`` (at least
    ``term_stem_min_chars`` letters, ``kg/name_rules.yaml``): the forms two spellings of one word share.

    >>> sorted(_word_forms("samples")), sorted(_word_forms("used"))
    (['sampl', 'sample', 'samples'], ['used'])
    """
    keep = name_rules().term_stem_min_chars
    return frozenset({word, *(word[:-len(e)] for e in word_list("inflection_endings")
                              if word.endswith(e) and len(word) - len(e) >= keep)})


@lru_cache(maxsize=1 << 17)
def _text_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """The words of a note's line with where each stands (read once: every question reads the same notes)."""
    return tuple((m.group(), m.start(), m.end()) for m in _TERM_WORD.finditer(text))


@lru_cache(maxsize=1 << 17)
def _text_forms(text: str) -> frozenset[str]:
    """Every word of a note's line as written, lowercased, without a possessive and in its forms: what a term's
    words must all be among before :func:`term_written` looks for them in order (most lines write none)."""
    found = set()
    for written, _, _ in _text_words(text):
        bare = _POSSESSIVE.sub("", written)
        found |= {written, written.lower(), bare, *_word_forms(bare.lower())}
    return frozenset(found)


def _accepted_forms(word: str, several: bool) -> frozenset[str]:
    """The forms of a line's words (:func:`_text_forms`) one of which a line must hold to write a term's ``word``:
    the word as written for an acronym, else its lowercase and, in a term of several words, its other forms."""
    if _as_written_only(word):
        return frozenset({word})
    return _word_forms(word.lower()) if several else frozenset({word.lower()})


def _written_as(written: str, word: str, several: bool) -> bool:
    """``written`` (as the note has it) is the term's ``word``: a word with a capital after its first letter (an
    acronym, a code name: ADD, mAP, PointNet) only as written, case and all; any other case aside; a possessive
    aside ("ReLU's"); and, in a term of several words, a regular ending aside ("negative samples" writes
    negative sampling; one word alone keeps its ending: "condition" is not "conditioning").

    >>> _written_as("samples", "sampling", True), _written_as("condition", "conditioning", False)
    (True, False)
    >>> _written_as("add", "ADD", False), _written_as("ReLU's", "ReLU", False), _written_as("Dropout", "dropout", False)
    (False, True, True)
    """
    if not _POSSESSIVE.search(word):
        written = _POSSESSIVE.sub("", written)
    if _as_written_only(word):
        return written == word
    written, word = written.lower(), word.lower()
    if written == word:
        return True
    return several and written.isalpha() and word.isalpha() and bool(_word_forms(written) & _word_forms(word))


def term_written(text: str, term: str) -> bool:
    """Whether ``text`` writes ``term`` whole, word after word, each word in one of its forms (:func:`_written_as`),
    joined by spaces or hyphens, and not as a part of a longer hyphened word ("average-pooling layer" does not
    write "pooling layer"): "negative samples", "cross attention" write negative sampling and cross-attention.

    >>> term_written("rest is skip-gram w/ negative samples", "negative sampling")
    True
    >>> term_written("dilation 2", "dilated")
    False
    >>> term_written("40.8 ADD(-S)", "ADD-S"), term_written("ADD-S AUC", "ADD-S"), term_written("we add noise", "ADD")
    (False, True, False)
    >>> term_written("Lee's hand-tuned grid", "Lee's hand-tuned")
    True
    >>> term_written("the average-pooling layer", "pooling layer")
    False
    >>> term_written("CNN/DM R1 41.2", "CNN"), term_written("a CNN, then an RNN", "CNN")
    (False, True)
    """
    wanted = [w for w, _, _ in _text_words(term)]
    several = len(wanted) > 1
    forms = _text_forms(text)
    if not all(forms & _accepted_forms(w, several) for w in wanted):
        return False  # a word of the term the line does not write in any form
    words = _text_words(text)
    for i in range(len(words) - len(wanted) + 1):
        run = words[i:i + len(wanted)]
        if not all(_written_as(written, w, several) for (written, _, _), w in zip(run, wanted)):
            continue
        if not all(_WORD_JOIN.fullmatch(text[a[2]:b[1]]) for a, b in zip(run, run[1:])):
            continue
        start, end = run[0][1], run[-1][2]
        if (start and text[start - 1] in _GLUE and text[:start - 1][-1:].isalnum()) or (
                text[end:end + 1] in _GLUE and text[end + 1:end + 2].isalnum()):
            continue  # a part of a longer word glued by a hyphen, a slash, ...
        return True
    return False


#: the note lines of each served (frozen) graph and the lines each word form stands in (:func:`_note_lines`)
_LINES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple]" = weakref.WeakKeyDictionary()


def _note_lines(G) -> tuple[list[tuple], dict[str, set[int]]]:
    """Every line of every note as (note, paper, text, file, line), in the graph's order, and each word form
    (:func:`_text_forms`) -> the lines that hold it. Read once for a frozen graph (a snapshot's never changes);
    a graph still being built or edited is read at each call."""
    cached = _LINES.get(G) if nx.is_frozen(G) else None
    if cached is None:
        lines, index = [], {}
        for note, data in G.nodes(data=True):
            if data.get("type") != "note" or data.get("paper_id") not in G:
                continue
            source = data.get("source") or {}
            for text in (data.get("question", ""), *data.get("answers", ())):
                for form in _text_forms(text):
                    index.setdefault(form, set()).add(len(lines))
                lines.append((note, data["paper_id"], text, source.get("file"), source.get("line")))
        cached = (lines, index)
        if nx.is_frozen(G):
            _LINES[G] = cached
    return cached


def _papers_writing(G, names: list[str]) -> dict[str, list[dict]]:
    """The papers whose notes write one of ``names`` (:func:`term_written`), each with the note lines that do
    (evidence: the note, its file and line, the text); only the lines that hold a form of every word of a name
    are read. A name of fewer than three letters or digits finds nothing."""
    names = [n for n in names if n and len(compact_key(n)) >= 3]
    found: dict[str, list[dict]] = {}
    if not names:
        return found
    lines, index = _note_lines(G)
    candidates: set[int] = set()
    for name in names:
        wanted = [w for w, _, _ in _text_words(name)]
        holding = [set().union(*(index.get(f, ()) for f in _accepted_forms(w, len(wanted) > 1))) for w in wanted]
        candidates |= set.intersection(*holding) if holding else set()
    for number in sorted(candidates):
        note, paper, text, file, line = lines[number]
        if any(term_written(text, name) for name in names):
            found.setdefault(paper, []).append({"note": note, "file": file, "line": line, "text": text})
    return found


def headed_by(question: str, phrase: str) -> bool:
    """Whether a note's question is ``phrase`` itself, a leading number aside ("3. selectivity", "3) selectivity"; not
    "Q3. selectivity").

    >>> headed_by("3. selectivity", "Selectivity"), headed_by("selectivity vs accuracy", "selectivity")
    (True, False)
    """
    return compact_key(re.sub(r"^\s*\d+[.)]\s*", "", question)) == compact_key(phrase)


def papers_mentioning(G, phrase: str, limit: int = 6) -> list[dict]:
    """The papers whose notes write ``phrase`` (as written, case aside; or in its forms: :func:`term_written`), oldest
    first, each with the note that says most of it: one headed by the phrase itself, with answers (the group's
    explanation of the term), else the first that writes it. What the notes say of a term the graph has no node
    for. A phrase of fewer than three letters or digits finds nothing (a letter is in every note).

    >>> [(m["paper"]["id"], m["note"]["id"]) for m in papers_mentioning(example_graph(), "transitions")]
    [('qnet', 'qnet/q1')]
    >>> papers_mentioning(example_graph(), "transit"), papers_mentioning(example_graph(), "at")
    ([], [])
    """
    if len(compact_key(phrase)) < 3:
        return []
    acronym = any(_as_written_only(word) for word in phrase.split())  # ADD, mAP: as written, case and all
    exact = re.compile(rf"(?<![\w-]){re.escape(phrase.strip())}(?![\w-])", 0 if acronym else re.IGNORECASE)
    plain = bool(_PLAIN_TERM.fullmatch(phrase))

    def writes(text: str) -> bool:
        return bool(exact.search(text)) or (plain and any(term_written(line, phrase) for line in text.split("\n")))

    found = []
    papers = {d.get("paper_id") for _, d in G.nodes(data=True) if d.get("type") == "note"}
    for paper in sorted((p for p in papers if p in G), key=lambda n: chronological_key(G, n)):
        writing = [note for note in notes_of(G, paper) if writes(
            "\n".join([G.nodes[note].get("question", ""), *G.nodes[note].get("answers", ())]))]
        headed = [note for note in writing if G.nodes[note].get("answers")
                  and headed_by(G.nodes[note].get("question", ""), phrase)]
        if writing:
            note = (headed or writing)[0]
            found.append({"paper": node_summary(G, paper), "note": note_record(G, note), "phrase": phrase.strip()})
        if len(found) >= limit:
            break
    return found


def _term_names(term: str) -> list[str]:
    """The names a glossary term gives: itself, each side of a slash, and a bracketed long form or acronym
    ("EM (exact match)" -> EM, exact match), a leading task box ("[ ] TGAN") aside."""
    term = re.sub(r"^\[[ xX]?\]\s*", "", term.strip())
    names = [term, *(part for part in re.split(r"\s+/\s+|/", term) if part.strip())]
    bracketed = re.match(r"^(?P<head>[^()]+?)\s*\((?P<inside>[^()]+)\)$", term)
    if bracketed:
        names += [bracketed["head"], bracketed["inside"]]
    return [n.strip() for n in names if n.strip()]


def glossary_entries(G, phrase: str) -> list[dict]:
    """The entries of the group's glossary pages (``G.graph["glossary"]``: a concept or index page's "term :
    what it is" lines, read at ingest) for ``phrase``: a term that is the phrase (case, spaces and hyphens
    aside; either side of "A / B", a bracketed long form), or that adds one word to it ("aleatoric" finds
    "aleatoric uncertainty"). What the group wrote down for a term that has no node.

    >>> G = nx.MultiDiGraph(glossary=[{"term": "EM (exact match)", "text": "same SQL", "page": "Glossary",
    ...                                "file": "g.md", "line": 3},
    ...                               {"term": "aleatoric uncertainty", "text": "noise", "page": "G", "line": 4}])
    >>> [e["text"] for e in glossary_entries(G, "exact match")], [e["text"] for e in glossary_entries(G, "aleatoric")]
    (['same SQL'], ['noise'])
    >>> glossary_entries(G, "match"), glossary_entries(G, "uncertainty")
    ([], [])
    """
    key = compact_key(phrase)
    words = [w.lower() for w in TEXT_WORD.findall(phrase)]
    if len(key) < 2 or not words:
        return []
    found = []
    for entry in G.graph.get("glossary") or ():
        for name in _term_names(entry["term"]):
            name_words = [w.lower() for w in TEXT_WORD.findall(name)]
            if compact_key(name) == key or (name_words[:len(words)] == words and len(name_words) == len(words) + 1):
                found.append(entry)
                break
    return found


def papers_tagged(G, phrase: str) -> list[dict]:
    """The papers the group tagged ``phrase`` (a tag, keyword or Tags property: ``tags`` of a paper node; case,
    spaces and hyphens aside, or the phrase in the plural), oldest first, as node summaries.

    >>> G = example_graph(); G.nodes["qnet"]["tags"] = ["Value Learning"]
    >>> [p["id"] for p in papers_tagged(G, "value-learning")], papers_tagged(G, "value")
    (['qnet'], [])
    """
    key = compact_key(phrase)
    if not key:
        return []
    tagged = [node for node, data in G.nodes(data=True) if data.get("type") == "paper"
              and any((t := compact_key(tag)) == key or is_plural_of(t, key) for tag in data.get("tags") or ())]
    return [{**node_summary(G, node), "status": G.nodes[node].get("status")}
            for node in sorted(tagged, key=lambda n: chronological_key(G, n))]


def summary_note(G, paper: str) -> dict | None:
    """The note that says what a paper set out to do ("what is this paper about"), when it has answers."""
    for note in notes_of(G, paper):
        data = G.nodes[note]
        if SUMMARY_QUESTION.search(data.get("question", "")) and data.get("answers"):
            return note_record(G, note)
    return None


def papers_introducing(G, concept: str) -> list[str]:
    """The papers that introduced a concept (``introduces`` edges and the catalog's ``introduced_by``), oldest first."""
    found = [u for u, _, k in G.in_edges(concept, keys=True) if k == "introduces"]
    intro = G.nodes[concept].get("introduced_by")
    if intro and intro in G and intro not in found:
        found.append(intro)
    return sorted(found, key=lambda n: chronological_key(G, n))


def papers_discussing(G, concept: str) -> list[dict]:
    """The papers that discuss or introduce a concept, oldest first, as node summaries."""
    papers = {u for u, _, k in G.in_edges(concept, keys=True) if k in ("discusses", "introduces")}
    return [node_summary(G, p) for p in sorted(papers, key=lambda n: chronological_key(G, n))]


def note_about(G, paper: str, term: str, headed: bool = False) -> str | None:
    """The note of ``paper`` that is about ``term`` ("what is k" for "k"), by its question's words, else one whose
    answers write them all; with ``headed``, only a note whose question (its heading) holds them.

    >>> note_about(example_graph(), "qnet", "replay"), note_about(example_graph(), "qnet", "transitions", headed=True)
    ('qnet/q1', None)
    """
    wanted = compact_key(term)
    words = {compact_key(w) for w in TEXT_WORD.findall(term)}
    best = None
    for note in notes_of(G, paper):
        data = G.nodes[note]
        question = data.get("question", "")
        asked = strip_question(question) or question
        question_words = {compact_key(w) for w in TEXT_WORD.findall(question)}
        answer_words = {compact_key(w) for w in TEXT_WORD.findall(" ".join(data.get("answers", ())))}
        if compact_key(asked) == wanted:
            rank = 0
        elif words <= question_words:
            rank = 1
        elif words <= answer_words and not headed:
            rank = 2
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, note)
    return best[1] if best else None


def _mention_lines(G, note: str, node: str) -> list[int]:
    """The lines of a note that mention a node."""
    if not G.has_edge(note, node, key="mentions"):
        return []
    return [e.get("line") for e in G.edges[note, node, "mentions"]["evidence"]]


def says_something(answers) -> bool:
    """An answer with a word beyond the lexicon's ``non_answers`` ("No one", "n/a" and "?" say nothing).

    >>> says_something(["No one"]), says_something(["-", "?"]), says_something(["store transitions"])
    (False, False, True)
    """
    words = {w.lower() for answer in answers for w in TEXT_WORD.findall(answer or "")}
    return bool(words - set(word_list("non_answers")))


def pointed_concept(G, note: str, concept: str | None = None) -> str | None:
    """The concept page a note's answer only points at ("What is DER exactly - see [DER cheat sheet](...)"): its
    words beyond the ``non_answers`` all name a concept the note names that has a definition and, for ``concept``,
    whose name holds that concept's (a page about it: "DER cheat sheet" for DER; never a "Glossary" page, whose
    first paragraph is about another term); else None.

    >>> G = example_graph()
    >>> G.add_node("tides", type="concept", name="TR sheet", definition="crests over troughs")
    >>> G.add_node("p/q9", type="note", paper_id="qnet", question="What is TR?", answers=["see TR sheet"])
    >>> add_evidence_edge(G, "p/q9", "tides", "mentions", {"file": "n.md", "line": 9})
    >>> G.add_node("tr", type="concept", name="TR")
    >>> pointed_concept(G, "p/q9", "tr"), pointed_concept(G, "p/q9", "replay"), pointed_concept(G, "qnet/q1")
    ('tides', None, None)
    """
    words = {w.lower() for a in G.nodes[note].get("answers", ()) for w in TEXT_WORD.findall(a or "")}
    words -= set(word_list("non_answers"))
    about = [{w.lower() for w in TEXT_WORD.findall(n)} for n in
             ([G.nodes[concept]["name"], *G.nodes[concept].get("aliases", ())] if concept else [])]
    for _, target, key in G.out_edges(note, keys=True):
        data = G.nodes[target]
        named = {w.lower() for w in TEXT_WORD.findall(data.get("name", ""))}
        if key == "mentions" and data.get("type") == "concept" and data.get("definition") and words and \
                words <= named and (concept is None or any(n and n <= named for n in about)):
            return target
    return None


def _names_of(G, node: str) -> set[str]:
    data = G.nodes[node]
    return {compact_key(n) for n in [data.get("name", ""), base_name(data.get("name", "")), node,
                                      *data.get("aliases", ())] if n}


def asks_what_it_is(G, note: str, concept: str) -> bool:
    """The note's question is the concept's name or asks what it is ("What is experience replay?")."""
    question = G.nodes[note].get("question", "")
    return compact_key(strip_question(question) or question) in _names_of(G, concept)


def concept_definition(G: nx.MultiDiGraph, concept: str) -> dict:
    """What a concept is, from the first source that has it, and the notes that discuss it.

    The sources, in order (``definition_from`` says which gave it): the ``catalog``'s definition; the
    ``notes``' answers to a question that asks what the concept is ("What is X?", or a question that is its
    name), when they say something (:func:`says_something`); the summary of the paper that introduced it
    (``paper summary``, ``definition_paper``). None of these: an empty definition, and the notes that
    discuss it all the same. The notes are ranked whatever their question's wording: a question asking what
    it is first, then a question naming it, then an answer naming it; within a rank, the notes of the paper
    that introduced it, then reading order.

    Examples
    --------
    >>> G = example_graph()
    >>> answer = concept_definition(G, "replay")
    >>> answer["definition"], answer["definition_from"], [n["id"] for n in answer["notes"]]
    ('store transitions, sample them at random', 'notes', ['qnet/q1'])
    >>> G.nodes["qnet/q1"]["answers"] = ["no one"]
    >>> G.nodes["qnet"]["summary"] = "Q-learning with a deep network."
    >>> answer = concept_definition(G, "replay")
    >>> answer["definition"], answer["definition_from"], answer["definition_paper"]["id"]
    ('Q-learning with a deep network.', 'paper summary', 'qnet')
    """
    data = G.nodes[concept]
    introducers = papers_introducing(G, concept)
    ranked = []
    for note, _, key in G.in_edges(concept, keys=True):
        if key != "mentions" or G.nodes[note].get("type") != "note":
            continue
        note_data = G.nodes[note]
        in_question = (note_data.get("source") or {}).get("line") in _mention_lines(G, note, concept)
        rank = 0 if asks_what_it_is(G, note, concept) else 1 if in_question else 2
        if not says_something(note_data.get("answers", ())):
            rank += 3
        ranked.append(((rank, note_data.get("paper_id") not in introducers,
                        chronological_key(G, note_data.get("paper_id", note))), note))
    ranked.sort()
    notes = [note_record(G, n) for _, n in ranked]
    definition, source, origin, paper = "", None, None, None
    if data.get("definition") and data.get("origin") == "catalog" and not data.get("defined_in_notes"):
        definition, source, origin = data["definition"], data.get("definition_source"), "catalog"
    elif ranked and ranked[0][0][0] == 0:
        definition, source, origin = note_answers(notes[0]), {**notes[0]["source"], "note": notes[0]["id"]}, "notes"
    elif data.get("definition") and data.get("origin") == "notes":  # a concept the notes defined into being
        definition, source, origin = data["definition"], data.get("definition_source"), "notes"
    else:
        paper = next((p for p in introducers if G.nodes[p].get("summary") or G.nodes[p].get("notes_summary")), None)
        if paper is not None:
            paper_data = G.nodes[paper]
            definition = paper_data.get("summary") or paper_data.get("notes_summary")
            source, origin = paper_data.get("source"), "paper summary"
    pointed = pointed_concept(G, source["note"], concept) if origin == "notes" and (source or {}).get("note") in G \
        else None
    if pointed is not None:  # "see DER cheat sheet": the page it points at says what it is
        definition, source = G.nodes[pointed]["definition"], G.nodes[pointed].get("definition_source") or \
            G.nodes[pointed].get("source")
    return {"node": node_summary(G, concept), "definition": definition, "definition_from": origin,
            "definition_source": source, "definition_paper": node_summary(G, paper) if paper else None,
            "introduced_by": [node_summary(G, p) for p in introducers],
            "discussed_by": papers_discussing(G, concept), "notes": notes[:LIST_LIMIT]}


def _led_to_ancestors(G, node: str) -> set[str]:
    """Every paper that leads to ``node`` over ``led_to``."""
    H = relation_graph(G, ("led_to",))
    return nx.ancestors(H, node) if node in H else set()


def statuses_asked(G: nx.MultiDiGraph, question: str, max_share: float = 1.0) -> dict[str, list[dict]]:
    """The group's paper statuses (``status``: "backlog", "up next"; several values joined by commas) whose
    every word the question writes, each with its papers, oldest first: "what is left in the backlog" asks
    for the papers marked backlog. A status more than ``max_share`` of the papers with a status have is the
    usual state ("discussed"), not asked for by its word; a status with no word ("✅") never is.

    >>> G = example_graph()
    >>> G.nodes["double-qnet"]["status"] = "up next, starred"
    >>> {s: [p["id"] for p in found] for s, found in statuses_asked(G, "what is up next?").items()}
    {'up next': ['double-qnet']}
    >>> statuses_asked(G, "what is next?"), statuses_asked(G, "what is up next?", max_share=0.5)
    ({}, {})
    """
    words = {w.lower() for w in re.findall(rf"[{NAME_CHARS}]+", question)}
    statuses = _paper_statuses(G)
    found: dict[str, list[str]] = {}
    for node, values in statuses.items():
        for value in values:
            value_words = set(re.findall(rf"[{NAME_CHARS}]+", value.lower()))
            if value_words and value_words <= words:
                found.setdefault(value, []).append(node)
    return {status: _oldest_first(G, papers) for status, papers in found.items()
            if len(papers) <= max_share * len(statuses)}


def _paper_statuses(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each paper that has a status -> its status values (``status``, several joined by commas)."""
    return {node: [v.strip() for v in data["status"].split(",") if v.strip()]
            for node, data in G.nodes(data=True) if data.get("type") == "paper" and data.get("status")}


def _oldest_first(G: nx.MultiDiGraph, papers) -> list[dict]:
    return [node_summary(G, n) for n in sorted(papers, key=lambda n: chronological_key(G, n))]


def papers_of_statuses(G: nx.MultiDiGraph, statuses) -> dict[str, list[dict]]:
    """The papers whose status (one of its comma-separated values, case aside) is one of ``statuses``, by
    status, oldest first: "what is lined up" asks for every paper the group marks as not read yet.

    >>> G = example_graph()
    >>> G.nodes["double-qnet"]["status"] = "Suggested"
    >>> {s: [p["id"] for p in found] for s, found in papers_of_statuses(G, {"suggested", "backlog"}).items()}
    {'Suggested': ['double-qnet']}
    """
    found: dict[str, list[str]] = {}
    for node, values in _paper_statuses(G).items():
        for value in values:
            if " ".join(value.lower().split()) in statuses:
                found.setdefault(value, []).append(node)
    return {status: _oldest_first(G, papers) for status, papers in found.items()}


def notes_naming(G: nx.MultiDiGraph, paper: str, other: str, limit: int = 2) -> list[dict]:
    """The notes of ``paper`` that name ``other`` (at most ``limit``, in the notes' order), each with ``named``
    (``other``): what a reader quotes for "how does X relate to Y" beside the lineage between them.

    >>> G = example_graph()
    >>> G.add_node("double-qnet/q1", type="note", paper_id="double-qnet", question="vs QNet",
    ...            answers=["two estimators"], source={"file": "n.md", "line": 9})
    >>> add_evidence_edge(G, "double-qnet/q1", "double-qnet", "part_of", {"file": "n.md", "line": 9})
    >>> add_evidence_edge(G, "double-qnet/q1", "qnet", "mentions", {"file": "n.md", "line": 9})
    >>> [(n["id"], n["named"]) for n in notes_naming(G, "double-qnet", "qnet")], notes_naming(G, "qnet", "double-qnet")
    ([('double-qnet/q1', 'qnet')], [])
    """
    return [{**note_record(G, note), "named": other} for note in _notes_naming_ids(G, paper, other)[:limit]]


def notes_pointing_to(G: nx.MultiDiGraph, paper: str, limit: int = 2) -> list[dict]:
    """The notes of the papers read before ``paper`` that name it, or ask what the concept it is named for is (at
    most ``limit``: the paper read last first, its last note first, where a discussion turns to what to read next),
    each with ``named`` (``paper``) and, where the note names the term, ``through`` (the concept): where the
    group's notes pointed to a paper before reading it ("what is
    HOTA? nobody knew, read HOTA next week"), what a reader quotes for "what made us read X".

    >>> G = example_graph()
    >>> G.nodes["qnet"]["order"], G.nodes["double-qnet"]["order"] = 0, 1
    >>> G.add_node("qnet/q4", type="note", paper_id="qnet", question="over-estimation?",
    ...            answers=["read Double QNet next"], source={"file": "n.md", "line": 4})
    >>> add_evidence_edge(G, "qnet/q4", "qnet", "part_of", {"file": "n.md", "line": 4})
    >>> add_evidence_edge(G, "qnet/q4", "double-qnet", "mentions", {"file": "n.md", "line": 4})
    >>> [(n["id"], n["named"]) for n in notes_pointing_to(G, "double-qnet")], notes_pointing_to(G, "qnet")
    ([('qnet/q4', 'double-qnet')], [])
    """
    read_at = G.nodes[paper].get("order")
    if read_at is None:
        return []
    earlier = {}
    for named in (paper, *_concepts_named_in(G, paper)):  # "read HOTA next week" points to the HOTA metric paper
        for note, _, key in G.in_edges(named, keys=True):
            data = G.nodes[note]
            other = data.get("paper_id")
            if key != "mentions" or data.get("type") != "note" or other in (None, paper):
                continue
            if named != paper and not asks_what_it_is(G, note, named):
                continue  # the term used ("dropout 0.5 on the last layer") points to no paper; asked about, it did
            order = G.nodes[other].get("order") if other in G else None
            if order is not None and order < read_at:
                earlier.setdefault(note, (-order, -(data.get("source") or {}).get("line", 0), note, named))
    return [{**note_record(G, note), "named": paper, **({"through": named} if named != paper else {})}
            for _, _, note, named in sorted(earlier.values())[:limit]]  # the paper read last, its last note, first


def _concepts_named_in(G: nx.MultiDiGraph, paper: str) -> list[str]:
    """The concepts ``paper`` is named for (:func:`papers_named_for`)."""
    return [concept for _, concept, key in G.out_edges(paper, keys=True)
            if key == "discusses" and G.nodes[concept].get("type") == "concept" and _named_for(G, paper, concept)]


def _named_for(G: nx.MultiDiGraph, paper: str, concept: str) -> bool:
    words, named = (re.findall(r"[^\W_]+", G.nodes[n].get("name", "").lower()) for n in (paper, concept))
    return bool(named) and words[:len(named)] == named and \
        len(words) - len(named) <= name_rules().named_for_extra_words


def papers_named_for(G: nx.MultiDiGraph, concept: str) -> list[str]:
    """The discussed papers named for ``concept``: their notes discuss it, and the paper's name is the concept's
    with at most ``named_for_extra_words`` words after it (kg/name_rules.yaml: *HOTA metric* for HOTA; not
    *Attention Is All You Need* for attention).

    >>> G = example_graph()
    >>> G.add_node("gauge-metric", type="paper", name="Gauge metric", discussed=True)
    >>> G.add_node("gauge", type="concept", name="gauge")
    >>> add_evidence_edge(G, "gauge-metric", "gauge", "discusses", {"file": "n.md", "line": 3})
    >>> papers_named_for(G, "gauge")
    ['gauge-metric']
    """
    return [paper for paper, _, key in G.in_edges(concept, keys=True)
            if key == "discusses" and G.nodes[paper].get("type") == "paper" and G.nodes[paper].get("discussed")
            and _named_for(G, paper, concept)]


def _notes_naming_ids(G: nx.MultiDiGraph, paper: str, other: str) -> list[str]:
    """The ids of the notes of ``paper`` that name ``other``, in the notes' order."""
    return [note for note in notes_of(G, paper) if G.has_edge(note, other, key="mentions")]


def changes_from_predecessors(G: nx.MultiDiGraph, paper: str, limit: int = 2, predecessors=None) -> list[dict]:
    """What ``paper`` changed from the papers it directly builds on, per its notes: the notes of ``paper``
    that name one of its ``led_to`` predecessors (nearest year first; or of the ``predecessors`` given, in
    their order: a guess the scorer did not draw), each with ``predecessor`` (its id), at most ``limit``. The
    sentences a reader looks for after "what led to X": what X did differently.

    >>> G = example_graph()
    >>> G.add_node("double-qnet/q1", type="note", paper_id="double-qnet", question="vs QNet",
    ...            answers=["two estimators"], source={"file": "n.md", "line": 9})
    >>> add_evidence_edge(G, "double-qnet/q1", "double-qnet", "part_of", {"file": "n.md", "line": 9})
    >>> add_evidence_edge(G, "double-qnet/q1", "qnet", "mentions", {"file": "n.md", "line": 9})
    >>> [(c["id"], c["predecessor"]) for c in changes_from_predecessors(G, "double-qnet")]
    [('double-qnet/q1', 'qnet')]
    >>> changes_from_predecessors(G, "qnet"), [c["id"] for c in changes_from_predecessors(G, "double-qnet", 2, [])]
    ([], [])
    """
    if predecessors is None:
        predecessors = sorted((u for u, _, k in G.in_edges(paper, keys=True) if k == "led_to"),
                              key=lambda n: chronological_key(G, n), reverse=True)
    found: list[dict] = []
    for predecessor in predecessors:
        for note in _notes_naming_ids(G, paper, predecessor):
            taken = any(c["id"] == note for c in found)  # a note naming two predecessors is quoted once
            if not taken and len(found) < limit:
                found.append({**note_record(G, note), "predecessor": predecessor})
    return found


def compare(G: nx.MultiDiGraph, first: str, second: str) -> dict:
    """Two nodes side by side: year, track, shared ancestors, what the later one changed, their notes.

    Examples
    --------
    >>> answer = compare(example_graph(), "double-qnet", "qnet")
    >>> answer["earlier"], answer["later"], [c["why"] for c in answer["changes"]]
    ('qnet', 'double-qnet', ['the edge qnet -led_to-> double-qnet'])
    """
    a, b = G.nodes[first], G.nodes[second]
    both_papers = a["type"] == "paper" and b["type"] == "paper"
    order = sorted([first, second], key=lambda n: chronological_key(G, n))
    earlier, later = order if both_papers and first != second else (None, None)
    sides = []
    for node in (first, second):
        data = G.nodes[node]
        side = {**node_summary(G, node), "track": data.get("track"), "area": data.get("area"),
                "summary": data.get("summary") or data.get("notes_summary") or data.get("definition") or ""}
        if data["type"] == "paper":
            side["notes"] = [note_record(G, n) for n in notes_of(G, node)][:LIST_LIMIT]
        else:
            side["definition"] = concept_definition(G, node)
        sides.append(side)
    shared_ancestors: list[dict] = []
    between = None
    changes: list[dict] = []
    if earlier is not None:
        ancestors = {node: _led_to_ancestors(G, node) for node in (first, second)}
        common = ancestors[first] & ancestors[second]
        shared_ancestors = [node_summary(G, n) for n in sorted(common, key=lambda n: chronological_key(G, n))]
        if earlier in ancestors[later]:
            between = path(G, earlier, later)
        # what the later paper's notes say about the earlier one, then the led_to evidence between them
        for note in notes_of(G, later):
            if G.has_edge(note, earlier, key="mentions"):
                changes.append({**note_record(G, note), "why": f"the note names {G.nodes[earlier]['name']}"})
        if G.has_edge(earlier, later, key="led_to"):
            for evidence in G.edges[earlier, later, "led_to"]["evidence"]:
                changes.append({"evidence": evidence, "why": "the edge " + f"{earlier} -led_to-> {later}"})
        for relation in ("uses", "compares"):
            if G.has_edge(later, earlier, key=relation):
                for evidence in G.edges[later, earlier, relation]["evidence"]:
                    changes.append({"evidence": evidence, "why": f"the edge {later} -{relation}-> {earlier}"})
        summary = summary_note(G, later)
        if summary is not None:
            changes.append({**summary, "why": f"what {G.nodes[later]['name']} set out to do, per its notes"})
    # what the earlier paper's notes say of the later one (a group reads out of order, or looks ahead: "X calls
    # this concat"): the other half of a comparison
    looking_ahead = [note_record(G, note) for note in notes_of(G, earlier)
                     if G.has_edge(note, later, key="mentions")] if earlier is not None else []
    return {"nodes": sides, "earlier": earlier, "later": later,
            "same_track": bool(a.get("track")) and a.get("track") == b.get("track"),
            "shared_ancestors": shared_ancestors, "lineage_between": between, "changes": changes,
            "earlier_notes": looking_ahead}


def introduced(G: nx.MultiDiGraph, concept: str) -> dict:
    """The paper(s) that introduced a concept, with the catalog or note lines, else who discussed it first.

    Examples
    --------
    >>> answer = introduced(example_graph(), "replay")
    >>> [p["id"] for p in answer["introduced_by"]], [n["id"] for n in answer["notes"]]
    (['qnet'], ['qnet/q1'])
    """
    introducers = papers_introducing(G, concept)
    evidence = []
    for paper in introducers:
        if G.has_edge(paper, concept, key="introduces"):
            evidence.extend(G.edges[paper, concept, "introduces"]["evidence"])
    notes = [note_record(G, n) for p in introducers for n in notes_of(G, p)
             if G.has_edge(n, concept, key="mentions")]
    return {"node": node_summary(G, concept), "introduced_by": [node_summary(G, p) for p in introducers],
            "evidence": evidence, "notes": notes[:LIST_LIMIT], "discussed_by": papers_discussing(G, concept)}


def users_of(G: nx.MultiDiGraph, node: str) -> dict:
    """The papers that use ``node``: those with a ``uses`` edge to it, then those the group's own page on it
    links to (``page_papers``: "used in: [[Wren]]"), then those whose notes discuss it, oldest first in each group. A paper counts its namesake too (:func:`kg.resolve.namesakes`: the paper "Tidal
    Drift" and the technique it proposed); the paper that introduced a concept does not use it.

    Each paper says how it was found (``via``: ``uses``, ``page``, ``notes``, or ``written``: a note writes a
    concept's name or alias in one of its forms though the build linked it to nothing, :func:`term_written`) with
    the evidence (the edge's lines, or
    the note lines that name it). ``relation`` is ``uses`` when any paper has a ``uses`` edge, else
    ``mentions``.

    Examples
    --------
    >>> G = example_graph()
    >>> G.add_node("later/q1", type="note", paper_id="double-qnet", question="replay buffer size", answers=["1M"])
    >>> add_evidence_edge(G, "later/q1", "replay", "mentions", {"note": "later/q1", "line": 9, "text": "replay"})
    >>> answer = users_of(G, "replay")
    >>> answer["relation"], [(p["id"], p["via"]) for p in answer["papers"]]
    ('mentions', [('double-qnet', 'notes')])
    """
    targets = [node, *namesakes(G, node)]
    introducers = {p for t in targets if G.nodes[t]["type"] == "concept" for p in papers_introducing(G, t)}
    used: dict[str, list[dict]] = {}
    discussed: dict[str, list[dict]] = {}
    for target in targets:
        for source, _, key, data in G.in_edges(target, keys=True, data=True):
            kind = G.nodes[source].get("type")
            if key == "uses" and kind == "paper":
                used.setdefault(source, []).extend(data.get("evidence", ()))
            elif key == "discusses" and kind == "paper":
                discussed.setdefault(source, []).extend(e for e in data.get("evidence", ()) if e.get("note"))
            elif key == "mentions" and kind == "note":
                paper = G.nodes[source].get("paper_id")
                if paper in G:
                    discussed.setdefault(paper, []).extend(data.get("evidence", ()))
    concept_names = [n for t in targets if G.nodes[t]["type"] == "concept"
                     for n in (G.nodes[t].get("name"), *G.nodes[t].get("aliases", ()))]
    written = _papers_writing(G, concept_names)  # "negative samples" in a note the build linked to no concept
    on_page: dict[str, list[dict]] = {}  # the papers the group's own page on the idea links to
    for target in targets:
        for linked in G.nodes[target].get("page_papers") or ():
            if linked["id"] in G:  # the line that links it, as the page keeps it (source: page)
                on_page.setdefault(linked["id"], []).append({k: v for k, v in linked.items() if k != "id"})
    papers = []
    for via, found in (("uses", used), ("page", on_page), ("notes", discussed), ("written", written)):
        for paper in sorted(found, key=lambda n: chronological_key(G, n)):
            if paper in targets or paper in introducers or (via != "uses" and paper in used) \
                    or (via in ("notes", "written") and paper in on_page) or (via == "written" and paper in discussed):
                continue
            evidence = list({(e.get("note"), e.get("line"), e.get("text")): e for e in found[paper]}.values())
            if via in ("notes", "written") and not evidence:
                continue
            papers.append({**node_summary(G, paper), "via": via, "evidence": evidence})
    return {"node": node_summary(G, node), "namesakes": [node_summary(G, n) for n in targets[1:]],
            "relation": "uses" if used else "mentions",
            "graph_has_uses_edges": relation_graph(G, ("uses",)).number_of_edges() > 0,
            "papers": papers[:LIST_LIMIT], "total": len(papers)}
