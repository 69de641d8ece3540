"""Answer a natural question: find the names in it, decide what it asks, answer with a trace.

1. **Names.** The whole question is linked with the notes' name matcher (``kg.linking``): longest
   match, aliases, typos; possessives and plurals (``GAN's``, ``GANs``) are read as the name; words
   that carry no name (``the original``, ``reading``, ``paper``) are ignored; names keep the order asked.
2. **Intent.** ``api.intents``: cue patterns on the question with its names masked, then the nearest
   labelled example question (embedded with the loaded search model) above a threshold, else search.
3. **Answer.** One payload per intent with a readable ``text``; a name the graph does not have is
   answered with search results and ``suggestions`` (never a 404), and every answer carries a
   ``trace``: the names with the question span each came from, the intent and why, the edges and
   note lines used.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import networkx as nx

from ingest.questions import SUMMARY_QUESTION, strip_question
from kg.names import NameIndex, name_index, name_rules
from kg.model import NAME_CHARS, chronological_key, compact_key, node_title
from kg.queries import lineage, node_summary, path, relation_graph, short_plan
from kg.resolve import suggest

from api.answer_text import lineage_text, path_text, plan_advice  # as `kg lineage/plan/path` render them
from api.intents import INTENTS, IntentChoice, load_rules, normalize_question

__all__ = ["INTENTS", "LinkedName", "LinkedQuestion", "link_question", "answer_question", "concept_definition"]

#: a word of a question: a word of a name (kg.model.NAME_WORD), hyphens kept ("self-attention")
_WORD = re.compile(rf"[{NAME_CHARS}][{NAME_CHARS}'’\-]*\+*")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z0-9])(?:['’]s|s['’])(?=\W|$)")
#: at most this many notes of each paper in a comparison, and of papers in a `uses` answer
_LIST_LIMIT = 40


# --- 1. names -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LinkedName:
    """A node named in the question: its id, the words as written and where (``start``/``end``)."""

    id: str
    text: str
    start: int
    end: int
    how: str  # exact, typo or plural

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "span": [self.start, self.end], "how": self.how}


@dataclass(frozen=True)
class LinkedQuestion:
    """The question with its names found, its left-over content words, and the masked forms."""

    question: str
    names: tuple[LinkedName, ...]
    #: runs of words that are neither a known name nor a filler: (text, start, end)
    leftovers: tuple[tuple[str, int, int], ...]
    masked: str           # the names replaced by X, normalized
    masked_unknown: str   # the names *and* the left-over runs replaced by X


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def link_question(G: nx.MultiDiGraph, question: str) -> LinkedQuestion:
    """The papers and concepts ``question`` names, in the order named, and what is left over.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("gan", type="paper", name="GAN", aliases=["Generative Adversarial Network"])
    >>> G.add_node("vae", type="paper", name="VAE", aliases=[])
    >>> linked = link_question(G, "what did the original GANs change over VAE's?")
    >>> [(n.id, n.text, n.how) for n in linked.names], linked.masked
    ([('gan', 'GANs', 'plural'), ('vae', "VAE's", 'exact')], 'what did the original X change over X')
    """
    rules = load_rules()
    matcher = name_index(G)
    # possessives and plurals are blanked (offsets kept) so that the name itself is matched
    readable, suffix_at = question, set()
    for match in _POSSESSIVE.finditer(question):
        readable = _blank(readable, match.start(), match.end())
        suffix_at.update(range(match.start(), match.end()))
    plural_at = set()
    for match in _WORD.finditer(readable):
        word = match.group(0)
        key = compact_key(word)
        if key in matcher.by_key:
            continue
        for suffix in ("es", "s"):
            if key.endswith(suffix) and len(key) - len(suffix) >= 3 and key[:-len(suffix)] in matcher.by_key:
                readable = _blank(readable, match.end() - len(suffix), match.end())
                plural_at.update(range(match.end() - len(suffix), match.end()))
                break
    found: list[tuple[str, int, int, str]] = []  # (entity, start, end, how)
    for mention in matcher.find(readable):
        end = mention.end
        while end in suffix_at or end in plural_at:
            end += 1
        how = "exact" if mention.score >= 100 else "typo"
        if any(i in plural_at for i in range(mention.start, end + 1)):
            how = "plural"
        found.append((mention.entity, mention.start, end, how))
    # two names side by side that read as one name with a slip ("swin tranformer": Swin and Transformer
    # each matched) are that one name
    for i in range(len(found) - 1, 0, -1):
        (_, l_start, l_end, _), (_, r_start, r_end, _) = found[i - 1], found[i]
        if readable[l_end:r_start].strip(" -"):
            continue
        whole = matcher.match_name(readable[l_start:r_end])
        if whole is not None:
            found[i - 1:i + 1] = [(whole, l_start, r_end, "typo")]
    # a typo glued to an exact word ("swim transformer": "transformer" matched alone) is read whole
    # when the whole reads as one name
    for text, start, end in _leftover_runs(readable, [(s, e) for _, s, e, _ in found], rules):
        for i, (entity, m_start, m_end, how) in enumerate(found):
            touching = ((end <= m_start and not readable[end:m_start].strip(" -"))
                        or (m_end <= start and not readable[m_end:start].strip(" -")))
            if not touching:
                continue
            first, last = min(start, m_start), max(end, m_end)
            whole = matcher.match_name(readable[first:last])
            if whole is not None and whole != entity:
                found[i] = (whole, first, last, "typo")
                break
    # a short name with a slip ("resnt") is below the length looked for in running text: the words left
    # over are looked up as a typed name is
    for text, start, end in _leftover_runs(readable, [(s, e) for _, s, e, _ in found], rules):
        node = _slip_of_a_name(matcher, text)
        if node is not None:
            found.append((node, start, end, "typo"))
    found.sort(key=lambda f: f[1])
    covered = [(start, end) for _, start, end, _ in found]
    names: list[LinkedName] = []
    seen = set()
    kept = []  # spans of the names kept: the masked question shows a dropped role or kind as its word
    for entity, start, end, how in found:
        if entity in seen:
            kept.append((start, end))
            continue
        if len(found) > 1 and rules.role_before is not None and rules.role_before.search(question[:start]):
            continue  # "use ResNet as a backbone": the backbone is ResNet's role, not a second subject
        if (len(found) > 1 and (how == "plural" or G.nodes[entity]["type"] == "concept")
                and rules.category_before is not None and rules.category_before.search(question[:start])):
            continue  # "which detectors use anchor boxes": the kind of answer asked for
        seen.add(entity)
        kept.append((start, end))
        names.append(LinkedName(entity, question[start:end], start, end, how))
    leftovers = _leftover_runs(readable, covered, rules)
    leftovers = [(question[s:e], s, e) for _, s, e in leftovers]
    masked = _mask(question, kept)
    # the second reading masks what may be an unknown name: every left-over run when nothing known is
    # named ("what is a capsule network"), else only the name-like ones ("... faster rcnn and DETR")
    unknown = [(s, e) for text, s, e in leftovers if not found or _looks_like_a_name(text, s == 0)]
    masked_unknown = _mask(question, sorted(kept + unknown))
    return LinkedQuestion(question, tuple(names), tuple(leftovers), normalize_question(masked),
                          normalize_question(masked_unknown))


def _slip_of_a_name(index: NameIndex, text: str) -> str | None:
    """The paper or concept a left-over run of words is a slip of the keyboard for, else None.

    >>> index = NameIndex({"resnet": ["ResNet"], "cgan": ["cGAN"], "bert": ["BERT"]})
    >>> _slip_of_a_name(index, "resnt"), _slip_of_a_name(index, "DCGAN"), _slip_of_a_name(index, "beat")
    ('resnet', None, None)
    """
    found = index.lookup(text)
    return found.node if found is not None and found.how == "slip" else None


def _mask(question: str, spans) -> str:
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(question[last:start].replace("X", "x"))
        out.append("X")
        last = end
    out.append(question[last:].replace("X", "x"))
    return "".join(out)


def _leftover_runs(question: str, covered, rules) -> list[tuple[str, int, int]]:
    """Runs of adjacent words that are neither inside a name nor fillers (a name the graph lacks?)."""
    runs: list[list[int]] = []
    previous_end = None
    for match in _WORD.finditer(question):
        start, end = match.start(), match.end()
        inside = any(s <= start and end <= e for s, e in covered)
        word = match.group(0)
        if inside or rules.is_filler(word) or word.isdigit():
            previous_end = None
            continue
        if previous_end is not None and not question[previous_end:start].strip(" -"):
            runs[-1][1] = end
        else:
            runs.append([start, end])
        previous_end = end
    return [(question[s:e], s, e) for s, e in runs]


def _looks_like_a_name(text: str, at_start: bool = False) -> bool:
    """Digits or capitals inside a word (``DCGAN``, ``V2``, ``YOLOv7``, ``StyleGAN``), or a capital
    letter not at the start of the question (``Mamba``): a name, not an ordinary word.

    >>> _looks_like_a_name("V2"), _looks_like_a_name("Mamba"), _looks_like_a_name("Summarize", at_start=True)
    (True, True, False)
    """
    if any(c.isdigit() for c in text) or any(c.isupper() for w in text.split() for c in w[1:]):
        return True
    return not at_start and any(w[:1].isupper() for w in text.split())


# --- 2. answers ---------------------------------------------------------------------------------
def answer_question(service, question: str) -> dict:
    """The full ``ask`` payload for ``question`` over ``service``'s snapshot (see the module docstring)."""
    G = service.graph
    rules = load_rules()
    linked = link_question(G, question)
    encoder = service.engine.encoder if service.engine is not None else None
    choice = rules.by_cue(linked.masked)
    unknown_masked = False
    if choice is None and linked.masked_unknown != linked.masked:
        choice = rules.by_cue(linked.masked_unknown)  # "what led to DCGAN": the cue sees "what led to X"
        unknown_masked = choice is not None
    if choice is None:
        # no cue matched (by_cue above): the nearest example question, when a model is loaded, else search
        choice = (rules.by_exemplar(linked.masked, encoder) if encoder is not None
                  else IntentChoice("search", "default"))
        if rules.needs.get(choice.intent, 0) > len(linked.names) and choice.how == "exemplar" and not linked.leftovers:
            choice = IntentChoice("search", "default", similarity=choice.similarity, threshold=rules.threshold,
                                  overruled=f"the nearest example question '{choice.exemplar}' ({choice.intent}, "
                                            f"similarity {choice.similarity:.2f}) needs "
                                            f"{rules.needs[choice.intent]} names and the question names "
                                            f"{len(linked.names)}")
    ids = [n.id for n in linked.names]
    rerouted = rules.for_concepts.get(choice.intent)
    if rerouted and ids and G.nodes[ids[0]]["type"] == "concept":
        choice = dataclasses.replace(choice, intent=rerouted, asked=choice.intent)
    trace = {"intent": {**choice.as_dict(), "masked": linked.masked_unknown if unknown_masked else linked.masked},
             "entities": [n.as_dict() for n in linked.names]}
    builder = _Answer(service, question, linked, choice, trace)
    return builder.build(ids)


class _Answer:
    """Builds one ``ask`` payload; each ``_<intent>`` method returns (answer, text)."""

    def __init__(self, service, question, linked: LinkedQuestion, choice: IntentChoice, trace: dict):
        self.service, self.G = service, service.graph
        self.question, self.linked, self.choice, self.trace = question, linked, choice, trace
        self.via: list[str] = []  # lines saying how a name was read ("batch norm -> its paper ...")
        self.edges: list[tuple[str, str, str]] = []  # edges an answer used that its payload does not list

    # the envelope ---------------------------------------------------------------------------------
    def build(self, ids: list[str]) -> dict:
        intent = self.choice.intent
        needs = load_rules().needs.get(intent, 0)
        if ids:
            unknown = self._longer_unknown_name(intent)
            if unknown is not None:
                return self._unresolved(intent, [i for i in ids if i not in unknown[1]], [unknown[0]])
        if len(ids) < needs and not self.linked.leftovers:
            return self._too_few_names(intent, ids, needs)
        if len(ids) < needs:
            leftovers = self.linked.leftovers
            wanted = ([text for text, start, _ in leftovers if _looks_like_a_name(text, start == 0)]
                      or [text for text, _, _ in leftovers] or [self.question])
            return self._unresolved(intent, ids, wanted)
        handler = getattr(self, f"_{intent}")
        answer, text, answered_as = handler(ids[:max(needs, 1)] if needs else ids)
        return self._payload(intent, ids, answer, text, answered_as)

    def _payload(self, intent, ids, answer, text, answered_as=None, suggestions=()) -> dict:
        reason = self.choice.reason()
        self.trace["intent"]["reason"] = reason
        used = _used(self.G, answer)
        known = {(e["source"], e["target"], e["relation"]) for e in used["edges"]}
        used["edges"] += [{"source": u, "target": v, "relation": r} for u, v, r in dict.fromkeys(self.edges)
                          if (u, v, r) not in known and self.G.has_edge(u, v, key=r)]
        self.trace.update(used)
        if self.via:
            self.trace["via"] = list(self.via)
        return {"question": self.question, "intent": intent, "answered_as": answered_as or intent,
                "entities": [node_summary(self.G, i) for i in ids], "answer": answer,
                "text": text, "trace": self.trace, "suggestions": list(suggestions)}

    def _unresolved(self, intent, ids, wanted: list[str]) -> dict:
        """A name the graph lacks: search results, the closest names, and a text that says so."""
        suggestions, seen = [], set(ids)
        for name in wanted:
            for s in suggest(self.G, name):
                if s["id"] not in seen and s["score"] >= name_rules().ask_suggestion_min_score:
                    seen.add(s["id"])
                    suggestions.append(s)
        suggestions.sort(key=lambda s: -s["score"])
        suggestions = suggestions[:5]
        self.trace["unresolved"] = wanted
        answer = self._search_payload()
        closest = ", ".join(s["title"] for s in suggestions) or "nothing close"
        names = " / ".join(f"'{w}'" for w in wanted)
        text = (f"The graph has no paper or concept named {names}; did you mean: {closest}? "
                + _search_text(self.G, answer))
        return self._payload(intent, ids, answer, text, "search", suggestions)

    def _too_few_names(self, intent, ids, needs) -> dict:
        """"resnet vs resnet", "compare GAN": fewer names than the intent needs and no unknown one."""
        named = " and ".join(node_title(self.G.nodes[i]) for i in ids) or "nothing the graph knows"
        answer = self._search_payload()
        text = (f"The question names {named}; a {intent} question needs {needs} different names. "
                + _search_text(self.G, answer))
        return self._payload(intent, ids, answer, text, "search")

    def _longer_unknown_name(self, intent: str):
        """A known name with unknown words glued to it names something else: "Swin V2" is not Swin, and
        "explain contrastive attention" does not ask about attention. A name-like word next to a name
        counts for every intent; for a definition, a plain word before a concept (its modifier) too.
        Returns (the longer name, the id it swallows) or None."""
        for name in self.linked.names:
            concept = self.G.nodes[name.id]["type"] == "concept"
            for text, start, end in self.linked.leftovers:
                touching_before = end <= name.start and not self.question[end:name.start].strip(" -")
                touching_after = start >= name.end and not self.question[name.end:start].strip(" -")
                name_like = _looks_like_a_name(text, start == 0)
                modifier = intent == "definition" and concept and touching_before
                if (touching_before or touching_after) and (name_like or modifier):
                    first, last = min(start, name.start), max(end, name.end)
                    return self.question[first:last], {name.id}
        return None

    def _search_payload(self) -> dict:
        if self.service.engine is None:
            return {"query": self.question, "results": []}
        return self.service.search(self.question, 5)

    def _paper_of(self, node: str) -> str | None:
        """A paper for a paper-only question about a concept: the paper that introduced it."""
        data = self.G.nodes[node]
        if data["type"] == "paper":
            return node
        introducers = _introducers(self.G, node)
        if introducers:
            self.via.append(f"{data['name']} is a concept; answering for {node_title(self.G.nodes[introducers[0]])}, "
                            f"which introduced it")
            return introducers[0]
        return None

    # intents --------------------------------------------------------------------------------------
    def _search(self, ids):
        answer = self._search_payload()
        return answer, _search_text(self.G, answer), "search"

    def _lineage(self, ids, direction="ancestors"):
        paper = self._paper_of(ids[0])
        if paper is None:
            return self._concept_without_paper(ids[0], "lineage follows papers")
        answer = lineage(self.G, paper, direction)
        return answer, self._prefixed(lineage_text(answer)), None

    def _descendants(self, ids):
        return self._lineage(ids, "descendants")

    def _prerequisites(self, ids):
        answer = short_plan(self.G, ids[0])  # the short plan, as kg plan gives it by default
        return answer, plan_advice(answer), None

    def _path(self, ids):
        answer = path(self.G, ids[0], ids[1])
        return answer, path_text(answer), None

    def _definition(self, ids):
        node = ids[0]
        data = self.G.nodes[node]
        term = " ".join(text for text, _, _ in self.linked.leftovers)
        if data["type"] == "paper" and term:
            found = _term_in_paper_notes(self.G, node, term)
            if found is None and self.service.engine is not None:
                hits = [r for r in self.service.engine.search(self.question, 20, ["note"], None, {node})
                        if r.get("paper_id") == node]
                found = hits[0]["id"] if hits else None
            if found is not None:
                answer = {"node": node_summary(self.G, node), "term": term, "note": _note_record(self.G, found)}
                self.edges.append((found, node, "part_of"))
                note = answer["note"]
                return answer, (f"'{term}' in {node_title(data)}, from the notes ({found}, "
                                f"{_where(note['source'])}): {note['question']} - {_answers(note)}"), None
        if data["type"] == "concept":
            answer = concept_definition(self.G, node)
            self.edges += [(n["id"], node, "mentions") for n in answer["notes"]]
            self.edges += [(p["id"], node, "introduces") for p in answer["introduced_by"]]
            return answer, _definition_text(answer), None
        answer = {"node": node_summary(self.G, node), "title": data.get("title"),
                  "summary": data.get("summary") or data.get("notes_summary") or "",
                  "summary_note": _summary_note(self.G, node), "source": data.get("source")}
        text = f"{node_title(data)}: {data.get('title', '')}. {answer['summary']}".strip()
        return answer, text, None

    def _compare(self, ids):
        answer = compare(self.G, ids[0], ids[1])
        if answer["later"] is not None:
            self.edges += [(c["id"], answer["earlier"], "mentions") for c in answer["changes"] if "id" in c]
            self.edges.append((answer["earlier"], answer["later"], "led_to"))
        return answer, _compare_text(self.G, answer), None

    def _introduced(self, ids):
        node = ids[0]
        data = self.G.nodes[node]
        if data["type"] == "paper":
            answer = {"node": node_summary(self.G, node), "introduced_by": [node_summary(self.G, node)],
                      "evidence": [], "notes": []}
            return answer, f"{node_title(data)} is itself a paper: {data.get('title', data['name'])}.", None
        answer = introduced(self.G, node)
        self.edges += [(p["id"], node, "introduces") for p in answer["introduced_by"]]
        self.edges += [(n["id"], node, "mentions") for n in answer["notes"]]
        return answer, _introduced_text(self.G, answer), None

    def _year(self, ids):
        paper = self._paper_of(ids[0])
        if paper is None:
            return self._concept_without_paper(ids[0], "the graph dates papers, and no paper introduced it")
        data = self.G.nodes[paper]
        source = data.get("source") or {}
        answer = {"node": node_summary(self.G, paper), "year": data.get("year"), "title": data.get("title"),
                  "notes_year": data.get("notes_year"), "source": source,
                  "year_from": "catalog" if data.get("cataloged") else "notes"}
        if data.get("year") is None:
            text = f"The notes and the catalog give no year for {data['name']}."
        else:
            where = "the catalog" if data.get("cataloged") else f"the notes ({_where(source)})"
            text = f"{data['name']} ({data.get('title') or data['name']}) was published in {data['year']}, per {where}."
        return answer, self._prefixed(text), None

    def _uses(self, ids):
        answer = users_of(self.G, ids[0])
        for paper in answer["papers"]:
            if answer["relation"] == "uses":
                self.edges.append((paper["id"], ids[0], "uses"))
            else:
                self.edges += [(e["note"], ids[0], "mentions") for e in paper["evidence"] if e.get("note")]
        return answer, _uses_text(self.G, answer), None

    def _concept_without_paper(self, node, why: str):
        data = self.G.nodes[node]
        answer = {"node": node_summary(self.G, node), "discussed_by": _discussed_by(self.G, node)}
        papers = ", ".join(p["title"] for p in answer["discussed_by"][:8]) or "none"
        return answer, (f"{data['name']} is a concept and {why}. Papers whose notes discuss it: {papers}. "
                        f"{_definition_text(concept_definition(self.G, node))}"), "definition"

    def _prefixed(self, text: str) -> str:
        return " ".join([f"{v}." for v in self.via] + [text]) if self.via else text


# --- the answers' content (graph functions: graph first, JSON-ready dicts) ------------------------
def _where(source: dict | None) -> str:
    return f"{source['file']}:{source['line']}" if source and source.get("file") else "no source"


def _answers(note: dict) -> str:
    return " / ".join(a for a in note.get("answers", ()) if a) or "(no answer written)"


def _note_record(G, note: str) -> dict:
    data = G.nodes[note]
    return {"id": note, "paper_id": data.get("paper_id"), "question": data.get("question", ""),
            "answers": list(data.get("answers", ())), "source": data.get("source")}


def _notes_of(G, paper: str) -> list[str]:
    notes = [n for n, _, k in G.in_edges(paper, keys=True) if k == "part_of"]
    return sorted(notes, key=lambda n: ((G.nodes[n].get("source") or {}).get("line", 0), n))


def _summary_note(G, paper: str) -> dict | None:
    for note in _notes_of(G, paper):
        data = G.nodes[note]
        if SUMMARY_QUESTION.search(data.get("question", "")) and data.get("answers"):
            return _note_record(G, note)
    return None


def _introducers(G, concept: str) -> list[str]:
    found = [u for u, _, k in G.in_edges(concept, keys=True) if k == "introduces"]
    intro = G.nodes[concept].get("introduced_by")
    if intro and intro in G and intro not in found:
        found.append(intro)
    return sorted(found, key=lambda n: chronological_key(G, n))


def _discussed_by(G, concept: str) -> list[dict]:
    papers = {u for u, _, k in G.in_edges(concept, keys=True) if k in ("discusses", "introduces")}
    return [node_summary(G, p) for p in sorted(papers, key=lambda n: chronological_key(G, n))]


def _term_in_paper_notes(G, paper: str, term: str) -> str | None:
    """The note of ``paper`` that is about ``term`` ("what is k" for "k"), by its question's words."""
    wanted = compact_key(term)
    words = {compact_key(w) for w in _WORD.findall(term)}
    best = None
    for note in _notes_of(G, paper):
        data = G.nodes[note]
        question = data.get("question", "")
        asked = strip_question(question) or question
        question_words = {compact_key(w) for w in _WORD.findall(question)}
        answer_words = {compact_key(w) for w in _WORD.findall(" ".join(data.get("answers", ())))}
        if compact_key(asked) == wanted:
            rank = 0
        elif words <= question_words:
            rank = 1
        elif words <= answer_words:
            rank = 2
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, note)
    return best[1] if best else None


def _mention_lines(G, note: str, node: str) -> list[int]:
    if not G.has_edge(note, node, key="mentions"):
        return []
    return [e.get("line") for e in G.edges[note, node, "mentions"]["evidence"]]


def concept_definition(G: nx.MultiDiGraph, concept: str) -> dict:
    """What the notes (and the catalog) say a concept is, with the note lines used.

    The notes that discuss the concept are ranked whatever their question's wording: a question that
    is the concept's name ("experience replay") or asks for it ("what is self-attention") first, then
    a question that mentions it ("why DQN is off-policy"), then an answer that mentions it; within a
    rank, the notes of the paper that introduced it, then reading order.
    """
    data = G.nodes[concept]
    names = {compact_key(n) for n in [data.get("name", ""), concept, *data.get("aliases", ())] if n}
    introducers = set(_introducers(G, concept))
    ranked = []
    for note, _, key in G.in_edges(concept, keys=True):
        if key != "mentions" or G.nodes[note].get("type") != "note":
            continue
        note_data = G.nodes[note]
        question = note_data.get("question", "")
        asked = strip_question(question) or question
        in_question = compact_key(asked) in names or (note_data.get("source") or {}).get("line") in _mention_lines(
            G, note, concept)
        rank = 0 if compact_key(asked) in names else 1 if in_question else 2
        if not note_data.get("answers"):
            rank += 3
        ranked.append(((rank, note_data.get("paper_id") not in introducers,
                        chronological_key(G, note_data.get("paper_id", note))), note))
    ranked.sort()
    notes = [_note_record(G, n) for _, n in ranked]
    ranks = [r[0] for r, _ in ranked]
    definition, source, origin = "", None, None
    if data.get("definition") and (data.get("defined_in_notes") or data.get("origin") == "notes"):
        definition, source, origin = data["definition"], data.get("definition_source"), "notes"
    elif notes and ranks[0] == 0:
        definition, source, origin = _answers(notes[0]), {**notes[0]["source"], "note": notes[0]["id"]}, "notes"
    elif data.get("definition"):
        definition, source, origin = data["definition"], data.get("definition_source"), "catalog"
    elif notes and ranks[0] <= 2:
        definition, source, origin = _answers(notes[0]), {**notes[0]["source"], "note": notes[0]["id"]}, "notes"
    return {"node": node_summary(G, concept), "definition": definition, "definition_from": origin,
            "definition_source": source, "introduced_by": [node_summary(G, p) for p in sorted(introducers)],
            "notes": notes[:_LIST_LIMIT]}


def _definition_text(answer: dict) -> str:
    name = answer["node"]["name"]
    if not answer["definition"]:
        return f"{name}: the notes give no definition and do not discuss it."
    source = answer["definition_source"] or {}
    text = f"{name}: {answer['definition']}"
    if answer["definition_from"] == "notes" and source.get("note"):
        note = next((n for n in answer["notes"] if n["id"] == source["note"]), None)
        asked = f", '{note['question']}'" if note and note["question"] else ""
        text += f" (notes, {source['note']}{asked}, {_where(source)})"
    else:
        text += f" ({answer['definition_from']}, {_where(source)})"
    others = [n for n in answer["notes"] if n["id"] != source.get("note")][:3]
    if others:
        text += ". Also in the notes: " + "; ".join(f"{n['id']} '{n['question']}'" for n in others)
    return text


def _led_to_ancestors(G, node: str) -> set[str]:
    H = relation_graph(G, ("led_to",))
    return nx.ancestors(H, node) if node in H else set()


def compare(G: nx.MultiDiGraph, first: str, second: str) -> dict:
    """Two nodes side by side: year, track, shared ancestors, what the later one changed, their notes."""
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
            side["notes"] = [_note_record(G, n) for n in _notes_of(G, node)][:_LIST_LIMIT]
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
        for note in _notes_of(G, later):
            if G.has_edge(note, earlier, key="mentions"):
                changes.append({**_note_record(G, note), "why": f"the note names {G.nodes[earlier]['name']}"})
        if G.has_edge(earlier, later, key="led_to"):
            for evidence in G.edges[earlier, later, "led_to"]["evidence"]:
                changes.append({"evidence": evidence, "why": "the edge " + f"{earlier} -led_to-> {later}"})
        for relation in ("uses", "compares"):
            if G.has_edge(later, earlier, key=relation):
                for evidence in G.edges[later, earlier, relation]["evidence"]:
                    changes.append({"evidence": evidence, "why": f"the edge {later} -{relation}-> {earlier}"})
        summary = _summary_note(G, later)
        if summary is not None:
            changes.append({**summary, "why": f"what {G.nodes[later]['name']} set out to do, per its notes"})
    return {"nodes": sides, "earlier": earlier, "later": later,
            "same_track": bool(a.get("track")) and a.get("track") == b.get("track"),
            "shared_ancestors": shared_ancestors, "lineage_between": between, "changes": changes}


def _compare_text(G, answer: dict) -> str:
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
                text += f" {_definition_text(side['definition'])}."
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
    noted = [c for c in answer["changes"] if "id" in c]
    if noted:
        text += f" What {later} changed, per the notes: " + "; ".join(
            f"{c['question']} - {_answers(c)} ({c['id']}, {_where(c['source'])})" for c in noted[:3]) + "."
    else:
        text += f" The notes of {later} do not discuss {earlier} directly."
    return text


def introduced(G: nx.MultiDiGraph, concept: str) -> dict:
    """The paper(s) that introduced a concept, with the catalog or note lines, else who discussed it first."""
    introducers = _introducers(G, concept)
    evidence = []
    for paper in introducers:
        if G.has_edge(paper, concept, key="introduces"):
            evidence.extend(G.edges[paper, concept, "introduces"]["evidence"])
    notes = [_note_record(G, n) for p in introducers for n in _notes_of(G, p)
             if G.has_edge(n, concept, key="mentions")]
    return {"node": node_summary(G, concept), "introduced_by": [node_summary(G, p) for p in introducers],
            "evidence": evidence, "notes": notes[:_LIST_LIMIT], "discussed_by": _discussed_by(G, concept)}


def _introduced_text(G, answer: dict) -> str:
    name = answer["node"]["name"]
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
        text += f" ({answer['evidence'][0].get('source', 'catalog')}, {_where(answer['evidence'][0])})"
    text += "."
    if answer["notes"]:
        note = answer["notes"][0]
        text += f" In the notes: {note['question']} - {_answers(note)} ({note['id']}, {_where(note['source'])})."
    return text


def users_of(G: nx.MultiDiGraph, node: str) -> dict:
    """Papers that use ``node``: ``uses`` edges when the graph has them, else papers whose notes mention it."""
    users: dict[str, list[dict]] = {}
    relation = "uses"
    for source, _, key, data in G.in_edges(node, keys=True, data=True):
        if key == "uses":
            users.setdefault(source, []).extend(data.get("evidence", ()))
    if not users:
        relation = "mentions"
        for note, _, key, data in G.in_edges(node, keys=True, data=True):
            if key == "mentions" and G.nodes[note].get("type") == "note":
                paper = G.nodes[note].get("paper_id")
                if paper and paper != node:
                    users.setdefault(paper, []).extend(data.get("evidence", ()))
    ordered = sorted(users, key=lambda n: chronological_key(G, n))
    return {"node": node_summary(G, node), "relation": relation,
            "graph_has_uses_edges": relation_graph(G, ("uses",)).number_of_edges() > 0,
            "papers": [{**node_summary(G, p), "evidence": users[p]} for p in ordered][:_LIST_LIMIT]}


def _uses_text(G, answer: dict) -> str:
    name = answer["node"]["name"]
    papers = answer["papers"]
    if answer["relation"] == "uses":
        return f"Papers that use {name}: " + ", ".join(p["title"] for p in papers) + "."
    lead = ("The graph has no 'uses' edges yet, so this lists" if not answer["graph_has_uses_edges"]
            else f"The graph records no paper that uses {name}; this lists")
    if not papers:
        return f"{lead.replace('so this lists', 'and')} no notes mention {name}."
    listed = "; ".join(f"{p['title']} ({p['evidence'][0].get('note', '')}: "
                       f"'{p['evidence'][0].get('text', '')[:80]}')" for p in papers[:8])
    return f"{lead} the papers whose notes mention {name}: {listed}."


def _search_text(G, answer: dict) -> str:
    if not answer["results"]:
        return "No matching notes."
    best = answer["results"][0]
    if best["type"] == "concept" and best["id"] in G:
        return "Best match: " + _definition_text(concept_definition(G, best["id"]))
    where = f" ({_where(best.get('source'))})" if best.get("source") else ""
    return f"Best match: {best['title']} - {best['snippet']}{where}"


def _used(G, answer) -> dict:
    """The edges and note lines an answer rests on, found wherever the payload holds them."""
    edges, notes, seen_edges, seen_notes = [], [], set(), set()

    def walk(value, parent=None):
        if isinstance(value, dict):
            source, target = value.get("source"), value.get("target")
            if isinstance(value.get("needed_for"), str) and parent is not None:  # a reading plan's "why"
                source, target = parent, value["needed_for"]
            if isinstance(source, str) and isinstance(target, str) and source in G and target in G:
                relation = value.get("relation") or "led_to"
                if (source, target, relation) not in seen_edges:
                    seen_edges.add((source, target, relation))
                    edges.append({"source": source, "target": target, "relation": relation})
            note_id = value.get("note") if isinstance(value.get("note"), str) else None
            if note_id is None and isinstance(value.get("id"), str) and "question" in value:
                note_id = value["id"]
            where = value.get("source") if isinstance(value.get("source"), dict) else value
            if note_id is not None and note_id in G and note_id not in seen_notes and where.get("line") is not None:
                seen_notes.add(note_id)
                notes.append({"id": note_id, "file": where.get("file"), "line": where.get("line"),
                              "text": value.get("text") or value.get("question") or ""})
            here = value["id"] if isinstance(value.get("id"), str) and value["id"] in G else parent
            for item in value.values():
                walk(item, here)
        elif isinstance(value, list):
            for item in value:
                walk(item, parent)

    walk(answer)
    return {"edges": edges, "notes": notes}
