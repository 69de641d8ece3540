"""Answer a natural question: find the names in it, decide what it asks, answer with a trace.

1. **Names.** :mod:`api.question_names` links the question's names with the graph's one name index.
2. **Intent.** ``api.intents``: cue patterns on the question with its names masked, then the nearest
   labelled example question (embedded with the loaded search model) above a threshold, else search.
3. **Answer.** One payload per intent from the graph's queries (:mod:`kg.queries`, :mod:`kg.descriptions`)
   with a readable ``text`` (:mod:`api.answer_text`); a name the graph does not have is answered with
   search results and ``suggestions`` (never a 404), and every answer carries a ``trace``: the names with
   the question span each came from, the intent and why, the edges and note lines used.
"""

from __future__ import annotations

import dataclasses

from kg.descriptions import (compare, concept_definition, introduced, note_about, note_answers, note_record,
                             papers_discussing, papers_introducing, summary_note, users_of)
from kg.model import node_title
from kg.names import name_rules
from kg.queries import lineage, node_summary, path, short_plan
from kg.resolve import suggest

from api.answer_text import (compare_text, definition_text, introduced_text, lineage_text, path_text,  # as `kg
                             plan_advice, search_text, source_text, uses_text)  # lineage/plan/path` render them
from api.intents import INTENTS, IntentChoice, load_rules
from api.question_names import LinkedName, LinkedQuestion, link_question, looks_like_a_name

__all__ = ["INTENTS", "LinkedName", "LinkedQuestion", "link_question", "answer_question", "concept_definition",
           "compare", "users_of", "introduced"]


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
            wanted = ([text for text, start, _ in leftovers if looks_like_a_name(text, start == 0)]
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
                + search_text(self.G, answer))
        return self._payload(intent, ids, answer, text, "search", suggestions)

    def _too_few_names(self, intent, ids, needs) -> dict:
        """"resnet vs resnet", "compare GAN": fewer names than the intent needs and no unknown one."""
        named = " and ".join(node_title(self.G.nodes[i]) for i in ids) or "nothing the graph knows"
        answer = self._search_payload()
        text = (f"The question names {named}; a {intent} question needs {needs} different names. "
                + search_text(self.G, answer))
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
                name_like = looks_like_a_name(text, start == 0)
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
        introducers = papers_introducing(self.G, node)
        if introducers:
            self.via.append(f"{data['name']} is a concept; answering for {node_title(self.G.nodes[introducers[0]])}, "
                            f"which introduced it")
            return introducers[0]
        return None

    # intents --------------------------------------------------------------------------------------
    def _search(self, ids):
        answer = self._search_payload()
        return answer, search_text(self.G, answer), "search"

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
            found = note_about(self.G, node, term)
            if found is None and self.service.engine is not None:
                hits = [r for r in self.service.engine.search(self.question, 20, ["note"], None, {node})
                        if r.get("paper_id") == node]
                found = hits[0]["id"] if hits else None
            if found is not None:
                answer = {"node": node_summary(self.G, node), "term": term, "note": note_record(self.G, found)}
                self.edges.append((found, node, "part_of"))
                note = answer["note"]
                return answer, (f"'{term}' in {node_title(data)}, from the notes ({found}, "
                                f"{source_text(note['source'])}): {note['question']} - {note_answers(note)}"), None
        if data["type"] == "concept":
            answer = concept_definition(self.G, node)
            self.edges += [(n["id"], node, "mentions") for n in answer["notes"]]
            self.edges += [(p["id"], node, "introduces") for p in answer["introduced_by"]]
            return answer, definition_text(answer), None
        answer = {"node": node_summary(self.G, node), "title": data.get("title"),
                  "summary": data.get("summary") or data.get("notes_summary") or "",
                  "summary_note": summary_note(self.G, node), "source": data.get("source")}
        text = f"{node_title(data)}: {data.get('title', '')}. {answer['summary']}".strip()
        return answer, text, None

    def _compare(self, ids):
        answer = compare(self.G, ids[0], ids[1])
        if answer["later"] is not None:
            self.edges += [(c["id"], answer["earlier"], "mentions") for c in answer["changes"] if "id" in c]
            self.edges.append((answer["earlier"], answer["later"], "led_to"))
        return answer, compare_text(self.G, answer), None

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
        return answer, introduced_text(self.G, answer), None

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
            where = "the catalog" if data.get("cataloged") else f"the notes ({source_text(source)})"
            text = f"{data['name']} ({data.get('title') or data['name']}) was published in {data['year']}, per {where}."
        return answer, self._prefixed(text), None

    def _uses(self, ids):
        answer = users_of(self.G, ids[0])
        targets = [ids[0], *(n["id"] for n in answer["namesakes"])]
        for paper in answer["papers"]:
            for target in targets:
                for relation in ("uses", "discusses"):
                    self.edges.append((paper["id"], target, relation))
            self.edges += [(e["note"], t, "mentions") for e in paper["evidence"] if e.get("note") for t in targets]
        return answer, uses_text(self.G, answer), None

    def _concept_without_paper(self, node, why: str):
        data = self.G.nodes[node]
        answer = {"node": node_summary(self.G, node), "discussed_by": papers_discussing(self.G, node)}
        papers = ", ".join(p["title"] for p in answer["discussed_by"][:8]) or "none"
        return answer, (f"{data['name']} is a concept and {why}. Papers whose notes discuss it: {papers}. "
                        f"{definition_text(concept_definition(self.G, node))}"), "definition"

    def _prefixed(self, text: str) -> str:
        return " ".join([f"{v}." for v in self.via] + [text]) if self.via else text


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
