"""Answer a natural question: find the names in it, decide what it asks, answer with a trace.

1. **Names.** :mod:`api.question_names` links the question's names with the graph's one name index.
2. **Intent.** ``api.intents``: cue patterns on the question with its names masked, then the nearest
   labelled example question (embedded with the loaded search model) above a threshold, else search.
3. **Answer.** One payload per intent from the graph's queries (:mod:`kg.queries`, :mod:`kg.descriptions`,
   :mod:`kg.listing`; lists and people in :mod:`api.ask_lists`) with a readable ``text``
   (:mod:`api.answer_text`); a name the graph does not have is answered with search results and
   ``suggestions`` (never a 404), and every answer carries a ``trace``: the names with the question span
   each came from, the intent and why, and the nodes, edges and note lines the answer declared it used
   (:mod:`api.ask_trace`).
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from kg.descriptions import (LIST_LIMIT, changes_from_predecessors, compare, concept_definition, glossary_entries,
                             headed_by, introduced, note_about, note_answers, note_record, papers_discussing,
                             papers_introducing, papers_mentioning, notes_naming, notes_pointing_to, papers_named_for,
                             papers_of_statuses, papers_tagged, statuses_asked, summary_note, users_of)
from kg.lexicon import word_list
from kg.listing import read_around
from kg.model import NAME_CHARS, node_title
from kg.names import name_rules, node_names
from kg.people import find_people, people_of
from kg.queries import lineage_on_topic, node_summary, path, short_plan
from kg.resolve import suggest

from api.answer_text import (changes_text, closest_notes_text, compare_text, definition_text, introduced_by_papers_text,
                             introduced_text, latest_meeting_text, lineage_text, listed_people_text,
                             meeting_notes_text, mentioned_text, naming_text, note_quote, papers_search_text, path_text,
                             plan_advice, pointing_text, read_around_text, search_text, source_text, statuses_text,
                             tagged_text, topic_text, uses_text)  # as `kg lineage/plan/path` render them
from api.ask_lists import ListAnswers, topic_words
from api.ask_trace import Used
from api.intents import INTENTS, IntentChoice, load_rules
from api.question_names import LinkedName, LinkedQuestion, link_question, looks_like_a_name, people_in_paper_names

__all__ = ["INTENTS", "LinkedName", "LinkedQuestion", "link_question", "answer_question", "concept_definition",
           "compare", "users_of", "introduced"]


def answer_question(service, question: str) -> dict:
    """The full ``ask`` payload for ``question`` over ``service``'s snapshot (see the module docstring).

    A second question joined by "and" ("What led to X, and what did it change?", ``second_question`` in
    api/intents.yaml) is answered after the first: ``follow_up`` holds it, and ``text`` both answers.
    """
    rules = load_rules()
    joined = None
    for match in rules.second_question.finditer(question) if rules.second_question else ():
        if "?" in match.group(0) and not (rules.question_start and rules.question_start.search(question[:match.start()])):
            continue  # "Swin? what came before it": the first part is no question of its own
        joined = match
        break
    if joined is None or not question[:joined.start()].strip():
        return _answer_one(service, question)
    first, second = question[:joined.start()].strip(), question[joined.end():].strip()
    answer = _answer_one(service, first)
    answer["question"] = question
    listed = [p["id"] for p in (answer.get("answer") or {}).get("papers") or []] \
        if answer["answered_as"] == "list" else []
    role = rules.role_asked_of_nobody(second) if listed else None
    if role is not None:
        # "what did we read in March and who presented?": that role for each paper the list gave
        return _with_follow_up(answer, _people_of_listed(service, second, listed, role))
    subjects = [e["id"] for e in answer["entities"]]
    names_its_own = bool(link_question(service.graph, second).names)
    # "what is FIM and which papers used it": a term no node stands for, that the notes write all the same
    written = next(iter(((answer.get("answer") or {}).get("mentioned_in") or {}).items()), None)
    if not subjects and not names_its_own and written is None:
        whole = _answer_one(service, question) if answer["intent"] == "search" else None
        if whole is not None and whole["intent"] == "search":
            return whole  # "who was the guest ... and at which session did she come": the notes searched with both
        # nothing known, nothing the notes write, to ask the rest of: the first answer is all there is
        answer["follow_up"] = {"question": second, "answered_as": "none", "answer": {}, "text": ""}
        return answer
    if names_its_own:
        follow_up = _as_follow_up(second, _answer_one(service, second))
    elif subjects:
        follow_up = _follow_up(service, rules, second, subjects)
    else:
        term, found = written
        follow_up = _follow_up(service, rules, second, [item["paper"]["id"] for item in found], term)
    return _with_follow_up(answer, follow_up)


def _with_follow_up(answer: dict, follow_up: dict) -> dict:
    """The first part's ``answer`` with the second's: ``follow_up``, both texts, its trace under the first's."""
    answer["follow_up"] = follow_up
    answer["text"] = f"{answer['text']}\n{follow_up['text']}"
    answer["trace"]["follow_up"] = follow_up.pop("trace")
    return answer


def _follow_up(service, rules, question: str, subjects: list[str], term: str | None = None) -> dict:
    """The second question of a compound one that names nothing itself: a question about the first part's
    subject when it says it with a pronoun and then asks a ``follow_up_intents`` intent ("which papers use
    it") or which papers (``follow_up_papers``: "which papers we read deal with it"); else from the notes of
    the first part's ``subjects`` (a paper's own notes; for a concept, the notes of the papers that discuss it).
    When the first part asked about a ``term`` no node stands for, the subjects are the papers whose notes write
    it, and the pronoun stands for the term."""
    G = service.graph
    pronoun = rules.follow_up_pronoun.search(question) if rules.follow_up_pronoun else None
    if pronoun is not None:  # "which papers use it": that question about the first part's subject
        about = term or G.nodes[subjects[0]]["name"]
        own = _answer_one(service, f"{question[:pronoun.start()]}{about}{question[pronoun.end():]}")
        same_subject = (own["trace"].get("unresolved") == [term] if term
                        else [e["id"] for e in own["entities"]] == subjects[:1])
        # (or asks which papers, "which papers we read deal with it" (``follow_up_papers``), answered by the papers
        # whose notes match best: a search over all the notes, not only those of the papers the first part found)
        listed = own["intent"] == "search" and own["trace"].get("listed_by_paper") and \
            rules.follow_up_papers is not None and rules.follow_up_papers.search(question) is not None
        if (own["intent"] in rules.follow_up_intents or listed) and same_subject:
            return _as_follow_up(question, own)
    papers = set()
    for node in subjects:
        papers |= {node} if G.nodes[node]["type"] == "paper" else {p["id"] for p in papers_discussing(G, node)}
    used = Used(G)
    hits = []
    if service.engine is not None and papers:
        about = term or " ".join(node_title(G.nodes[n]) for n in subjects)
        ranked = service.engine.search(f"{question} {about}", 40, ["note"], None, papers)
        hits = [r for r in ranked if r.get("paper_id") in papers][:rules.follow_up_notes]
    for hit in hits:
        used.note(hit["id"], hit.get("source"), hit.get("snippet"))
    if hits:
        text = f"On '{question}', the notes say: " + " | ".join(
            f"{node_title(G.nodes[hit['paper_id']])}: {hit['snippet']} ({source_text(hit.get('source'))})" for hit in hits)
    else:
        text = f"On '{question}': no note of {', '.join(node_title(G.nodes[n]) for n in subjects)} answers it."
    return {"question": question, "answered_as": "notes", "answer": {"results": hits}, "text": text,
            "trace": {"subjects": list(subjects), **used.as_dict()}}


def _people_of_listed(service, question: str, papers: list[str], role: str) -> dict:
    """The presenters (or authors) of each paper a list answer gave, for a second question that asks who."""
    G = service.graph
    people = [{"node": node_summary(G, p), role: people_of(G, p)[role]} for p in papers]
    used = Used(G)
    for paper in papers:
        used.node(paper)
    return {"question": question, "answered_as": role, "answer": {"each": people},
            "text": listed_people_text(question, people, role), "trace": used.as_dict()}


def _as_follow_up(question: str, own: dict) -> dict:
    """A second question answered as a question of its own (``own``: its ``ask`` payload)."""
    return {"question": question, "answered_as": own["answered_as"], "answer": own["answer"], "text": own["text"],
            "trace": own["trace"]}


def _lines_about(note: dict, term: str, lines: int = 3, begun: bool = False) -> str:
    """The answer lines of a note from the first that writes ``term`` (that line and the next ``lines - 1``; with
    ``begun``, where it begins a word: :func:`_word_begun`), else all of them: a long note quoted where it speaks
    of the term.

    >>> _lines_about({"answers": ["intro", "Wren gates", "two gates", "more", "later"]}, "wren gates")
    'Wren gates / two gates / more'
    >>> _lines_about({"answers": ["intro"]}, "wren"), _lines_about({"answers": ["bleak", "leakage"]}, "leak", 1, True)
    ('intro', 'leakage')
    """
    answers = list(note.get("answers") or ())
    writes = _word_begun(term).search if begun else (lambda line: term.lower() in line.lower())
    at = next((i for i, line in enumerate(answers) if writes(line)), None)
    return " / ".join(answers[at:at + lines]) if at is not None else note_answers(note)


def _word_begun(word: str) -> re.Pattern:
    """A word of a term at the start of a word of the notes ("leak" in "leakage", not in "bleak")."""
    return re.compile(rf"(?<![^\W_]){re.escape(word)}", re.IGNORECASE)


def _writes_word_of(note: dict, term: str) -> str | None:
    """The word of ``term`` (of ``term_stem_min_chars`` letters at least, kg/name_rules.yaml: shorter ones begin
    too many words) that begins a word of the note's answers ("leak" of "leakage") in the fewest lines, else None:
    a note that speaks of the term in a longer form of its word, and where.

    >>> _writes_word_of({"answers": ["data leakage issue"]}, "leak"), _writes_word_of({"answers": ["a leg"]}, "leg")
    ('leak', None)
    >>> _writes_word_of({"answers": ["bleak results"]}, "leak")
    >>> _writes_word_of({"answers": ["heterogeneous data", "data leakage", "data again"]}, "data leak")
    'leak'
    """
    answers = list(note.get("answers") or ())
    shortest = name_rules().term_stem_min_chars
    lines_of = {word: sum(bool(_word_begun(word).search(line)) for line in answers)
                for word in re.findall(r"[^\W_]+", term.lower()) if len(word) >= shortest}
    # the word fewest lines write ("leak" of "data leak", not "data", which a long note writes everywhere)
    return min((word for word, lines in lines_of.items() if lines), key=lambda word: lines_of[word], default=None)


def _says_more_than_names(G, hit: dict, rules) -> bool:
    """Whether a search hit's note says ``closest_note_min_words`` words besides its paper's names, the labels of
    fields ("Paper:") and numbers: "**Paper:** Wren" on a meeting page names the paper the meeting read, and is
    near any question that names it, but says nothing of it ("limitation large" says enough).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("wren", type="paper", name="Wren", aliases=["Wren Net"])
    >>> [_says_more_than_names(G, {"paper_id": "wren", "snippet": text}, load_rules())
    ...  for text in ("**Paper:** [[Wren]]", "Wren Net (wren) 2018", "train with model data", "limitation large")]
    [False, False, True, True]
    """
    return _says_enough(_text_besides_names(G, hit), rules)


def _says_enough(said: str, rules) -> bool:
    """Whether a note's text besides its paper's names (:func:`_text_besides_names`) holds ``closest_note_min_words``
    words."""
    return len(re.findall(r"[^\W\d_]+", said)) >= rules.closest_note_min_words


def _text_besides_names(G, hit: dict) -> str:
    """A search hit's note text without its paper's names and the labels of fields ("Paper:").

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("wren", type="paper", name="Wren: quiet calls")
    >>> hit = {"paper_id": "wren", "snippet": "Paper: Wren: quiet calls - loud gulls"}
    >>> sorted(_stems(_text_besides_names(G, hit), 5))
    ['gulls', 'loud']
    """
    text = hit.get("snippet") or ""
    for name in sorted((name for name, _ in node_names(hit["paper_id"], G.nodes[hit["paper_id"]])), key=len,
                       reverse=True):  # the longest first: "Wren Net" before "wren"
        text = re.sub(rf"(?i)(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return re.sub(r"[^\W\d_]+\s*:", " ", text)  # a field's label


def _stems(text: str, chars: int, skip=None) -> set[str]:
    """The first ``chars`` letters of each word of ``text``, lower-cased ("cancelled" and "canceled" alike), less the
    words ``skip`` says to leave out.

    >>> sorted(_stems("Cancelled: the Heron talk", 6, skip=lambda w: w.lower() == "the"))
    ['cancel', 'heron', 'talk']
    """
    return {w.lower()[:chars] for w in re.findall(r"[^\W\d_]+", text) if skip is None or not skip(w)}


def _day_of_line(line: dict) -> str:
    """The day a meeting page's line is about, as an answer writes it: its page's, or the one it speaks of
    ("2024-11-14, written 2024-11-13" for "cancel tomorrow's session")."""
    return f"{line['about']}, written {line['date']}" if line.get("about") else line["date"]


def _same_day(iso: str, year: int | None, month: int, day: int) -> bool:
    """True when the ISO date ``iso`` is that day (any year when ``year`` is None).

    >>> _same_day("2024-02-08", None, 2, 8), _same_day("2024-02-08", 2023, 2, 8), _same_day("spring", None, 2, 8)
    (True, False, False)
    """
    try:
        when = datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    return (when.month, when.day) == (month, day) and (year is None or when.year == year)


def _answer_one(service, question: str) -> dict:
    """The ``ask`` payload of one question (no second question joined to it)."""
    G = service.graph
    rules = load_rules()
    # authors and presenters: no node, masked as the person word; a first name that is also a word ("Maya") where
    # the question asks who presented what, and not the month it may also be ("which papers did we present in May")
    asks_presenting = bool(rules.first_name_cue and rules.first_name_cue.search(question))
    month = rules.meeting_month(question)
    people = [p for p in find_people(G, question, word_first_names=asks_presenting)
              if not (month and p.text in month[1].split())]
    eponymous = people_in_paper_names(G, question, people)  # "Luong attention" is a paper, not the person Luong
    people = [p for p in people if p not in eponymous]
    linked = link_question(G, question, [(m.start, m.end) for m in people])
    encoder = service.engine.encoder if service.engine is not None else None
    choice = rules.by_cue(linked.masked)
    unknown_masked = False
    topic: list[str] = []
    words = {w.lower() for w in topic_words(G, linked, rules)} if choice is not None and choice.intent == "list" else ()
    if words:
        # "papers about diffusion for image generation": words that name no filter the graph knows (a year,
        # an area or track, a person, a node) ask for a topic: what the words around them ask, else a search
        topic = [text for text, _, _ in linked.leftovers if any(w.lower() in words for w in text.split())]
        if month is None:
            choice = rules.by_cue(linked.masked_unknown)
            choice = choice if choice is not None and choice.intent != "list" else None
            unknown_masked = choice is not None
        # else "what did we read on point processes in November": that month's papers, those writing the topic first
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
    if rerouted and ids and G.nodes[ids[0]]["type"] == "concept" and rules.needs.get(choice.intent) == 1:
        # "what led to the unbiased scene graph (TDE) paper": an idea named right before a paper's name describes
        # that paper, which the question is about
        after = [n.id for n in linked.names[1:] if G.nodes[n.id]["type"] == "paper"
                 and 0 <= n.start - linked.names[0].end <= 3]
        ids = [*after[:1], *(i for i in ids if i not in after[:1])]
    if rerouted and ids and G.nodes[ids[0]]["type"] == "concept":
        choice = dataclasses.replace(choice, intent=rerouted, asked=choice.intent)
    trace = {"intent": {**choice.as_dict(), "masked": linked.masked_unknown if unknown_masked else linked.masked},
             "entities": [n.as_dict() for n in linked.names]}
    if people:
        trace["people"] = [m.as_dict() for m in people]
    if topic:
        trace["topic"] = topic
    builder = _Answer(service, question, linked, choice, trace, people)
    return builder.build(ids)


class _Answer(ListAnswers):
    """Builds one ``ask`` payload; each ``_<intent>`` method returns (answer, text, answered_as)."""

    def __init__(self, service, question, linked: LinkedQuestion, choice: IntentChoice, trace: dict, people=()):
        self.service, self.G, self.rules = service, service.graph, load_rules()
        self.question, self.linked, self.choice, self.trace = question, linked, choice, trace
        self.people = list(people)
        self.via: list[str] = []  # lines saying how a name was read ("batch norm -> its paper ...")
        self.preface: list[str] = []  # sentences before any answer's text: a family name, names not found
        self.suggestions: list[dict] = []
        self.used = Used(self.G)  # what the answer rests on, declared by each intent as it builds it

    # the envelope ---------------------------------------------------------------------------------
    def build(self, ids: list[str]) -> dict:
        ids = self._titled_instead(ids)
        if self.choice.asked is not None and ids and self.G.nodes[ids[0]]["type"] == "paper":
            # "who presented the attention-based dropout layer paper": the idea named was a paper's description,
            # so the question is asked of that paper as it was written, not of who introduced the idea
            self.choice = dataclasses.replace(self.choice, intent=self.choice.asked, asked=None)
            self.trace["intent"] = {**self.choice.as_dict(), "masked": self.trace["intent"]["masked"]}
        intent = self.choice.intent
        needs = load_rules().needs.get(intent, 0)
        if ids:
            unknown = self._longer_unknown_name(intent)
            if unknown is not None:
                return self._unresolved(intent, [i for i in ids if i not in unknown[1]], [unknown[0]])
        if len(ids) < needs and not self.linked.leftovers:
            return self._too_few_names(intent, ids, needs)
        if len(ids) < needs:  # "who presented the volumetric heatmap pose paper": a paper named by what it does
            ids = self._with_described_papers(ids)
        if len(ids) < needs:
            leftovers = self.linked.leftovers
            wanted = ([text for text, start, _ in leftovers if looks_like_a_name(text, start == 0)]
                      or [text for text, _, _ in leftovers] or [self.question])
            return self._unresolved(intent, ids, wanted)
        handler = getattr(self, f"_{intent}")
        if needs >= 2:
            ids = self._joined_first(ids, needs)
        self._say_families_and_missing_names()
        listed = self._listed(ids) if needs == 1 else ids[:1]
        if len(listed) < 2:
            answer, text, answered_as = handler(ids[:max(needs, 1)] if needs else ids)
            return self._payload(intent, ids, answer, text, answered_as, self.suggestions)
        each = []  # "what led to X and Y": the same question for each name of the list
        for node in listed[:self.rules.max_listed]:
            self.via = []
            answer, text, answered_as = handler([node])
            each.append({"node": node_summary(self.G, node), "answered_as": answered_as or intent,
                         "answer": answer, "text": self._prefixed(text)})
        text = "\n".join(item["text"] for item in each)
        if len(listed) > len(each):
            text += f"\n(Answered for the first {len(each)} of the {len(listed)} names listed.)"
        return self._payload(intent, ids, {"each": each}, text, None, self.suggestions)

    def _payload(self, intent, ids, answer, text, answered_as=None, suggestions=()) -> dict:
        reason = self.choice.reason()
        self.trace["intent"]["reason"] = reason
        for node in ids:
            self.used.node(node)
        self.trace.update(self.used.as_dict())
        if self.via:
            self.trace["via"] = list(self.via)
        text = " ".join([*self.preface, text]) if self.preface else text
        return {"question": self.question, "intent": intent, "answered_as": answered_as or intent,
                "entities": [node_summary(self.G, i) for i in ids], "answer": answer,
                "text": text, "trace": self.trace, "suggestions": list(suggestions)}

    def _unresolved(self, intent, ids, wanted: list[str]) -> dict:
        """A name the graph lacks: search results, the closest names, and a text that says so. The words of a
        meeting's day the question names ("Feb" of "scheduled for Feb 20") are no name."""
        day = self.rules.meeting_day(self.question)
        month = None if day else self.rules.meeting_month(self.question)
        day_words = set((day or month)[1].lower().replace(",", " ").split()) if day or month else set()
        # "what is scheduled for December": the month is what the question asks about
        named_month = month is not None and any(set(w.lower().split()) <= day_words for w in wanted)
        wanted = [w for w in wanted if not set(w.lower().split()) <= day_words]
        suggestions, seen = [], set(ids)
        for name in wanted:
            for s in suggest(self.G, name):
                if s["id"] not in seen:
                    seen.add(s["id"])
                    suggestions.append(s)
        suggestions.sort(key=lambda s: -s["score"])
        suggestions = suggestions[:5]
        self.trace["unresolved"] = wanted
        answer = self._search_payload()
        names = " / ".join(f"'{w}'" for w in wanted)
        closest = (f"; did you mean: {', '.join(s['title'] for s in suggestions)}?" if suggestions
                   else ", nor one with a close name.")
        text = f"The graph has no paper or concept named {names}{closest} " if wanted else ""
        glossary = {name: glossary_entries(self.G, name)[:2] for name in wanted}
        for name, entries in glossary.items():  # a term of the group's glossary: what it says, first
            for entry in entries:
                text += (f"Your {entry['page']} page says: {entry['term']}: {entry['text']} "
                         f"({entry['file']}:{entry['line']}). ")
        mentioned = {name: papers_mentioning(self.G, name) for name in wanted}
        for name, found in mentioned.items():  # a term of the notes with no node: the papers whose notes write it
            self._use_mentions(found)
            if found:
                text += (f"Your notes write '{name}' in "
                         + "; ".join(mentioned_text(item, self.rules.mention_quote_chars) for item in found) + ". ")
        answer = {**answer, "mentioned_in": {name: found for name, found in mentioned.items() if found}}
        if any(glossary.values()):
            answer["glossary"] = {name: entries for name, entries in glossary.items() if entries}
        text += self._search_text(answer)
        answer, text = self._with_statuses(answer, text)
        answer, text = self._with_meeting_day(answer, text, named_month)
        return self._payload(intent, ids, answer, text, "search", suggestions)

    def _too_few_names(self, intent, ids, needs) -> dict:
        """"resnet vs resnet", "compare GAN": fewer names than the intent needs and no unknown one."""
        named = " and ".join(node_title(self.G.nodes[i]) for i in ids) or "nothing the graph knows"
        answer = self._search_payload()
        text = (f"The question names {named}; a {intent} question needs {needs} different names. "
                + search_text(self.G, answer, self.rules.search_answer_results))
        return self._payload(intent, ids, answer, text, "search")

    def _longer_unknown_name(self, intent: str):
        """A known name with unknown words glued to it names something else: "Swin V2" is not Swin, and
        "explain contrastive attention" does not ask about attention. A name-like word next to a name
        counts for every intent; for the ``modifier_intents`` of api/intents.yaml (a definition, the users of
        an idea), a plain word before a concept (its modifier) too.
        Returns (the longer name, the id it swallows) or None."""
        for name in self.linked.names:
            concept = self.G.nodes[name.id]["type"] == "concept"
            before, after = self._leftovers_touching(name)
            for text, start, end in [*before, *after]:
                name_like = looks_like_a_name(text, start == 0)
                modifier = intent in self.rules.modifier_intents and concept and end <= name.start
                if name_like or modifier:
                    first, last = min(start, name.start), max(end, name.end)
                    return self.question[first:last], {name.id}
        return None

    def _leftovers_touching(self, name: LinkedName, running_on: bool = False) -> tuple[list, list]:
        """The question's left-over runs right before ``name`` and right after it (a space or hyphen between);
        with ``running_on``, also a run that goes on from inside it ("attention-based reed layer", one run of
        words around the name "attention")."""
        before = [left for left in self.linked.leftovers
                  if (left[2] <= name.start and not self.question[left[2]:name.start].strip(" -"))
                  or (running_on and left[1] < name.start < left[2])]
        after = [left for left in self.linked.leftovers
                 if (left[1] >= name.end and not self.question[name.end:left[1]].strip(" -"))
                 or (running_on and left[1] < name.end < left[2])]
        return before, after

    def _titled_instead(self, ids: list[str]) -> list[str]:
        """``ids`` with a name that the question writes inside a longer description of a paper ("the
        structure-aware seq2seq table-to-text paper": the words touching it, before a paper noun) replaced by the
        one discussed paper whose title holds all those words (:meth:`_paper_titled_with`); and a term written
        alone before "paper" (``term_paper``: "the HOTA paper") or in a question of the group's reason to read
        ("why did we read HOTA", ``reading_motive``) by the one paper named for it (:meth:`_paper_named_for`). The
        answer says so."""
        rules = self.rules.described_paper
        if rules is None:
            return ids
        motive = self.rules.reading_motive
        for name in list(self.linked.names):
            before, after = self._leftovers_touching(name, running_on=True)
            alone = not (before or after)  # "the HOTA paper", "why did we read HOTA": a term named for its paper
            if name.id not in ids or (alone and self.G.nodes[name.id]["type"] != "concept"):
                continue
            start, end = (before[-1][1] if before else name.start), (after[0][2] if after else name.end)
            if alone and not (rules["term_paper"] is not None and rules["term_paper"].match(self.question[end:])
                              or motive is not None and motive.search(self.question)):
                continue
            if not alone and not (rules["after"].match(self.question[end:])
                                  or rules["before"].search(self.question[:start])):
                continue
            text = self.question[start:end]
            titled = self._paper_named_for(name.id) if alone else self._paper_titled_with(text)
            if titled is None or titled in ids:
                continue
            why = (f"the one paper named for {self.G.nodes[name.id]['name']}" if alone
                   else "the one paper whose name or title has those words")
            self.preface.append(f"Taking '{text}' as {node_title(self.G.nodes[titled])} ({why}).")
            self.trace.setdefault("described", []).append({"text": text, "paper": titled,
                                                           "by": "named for" if alone else "title words"})
            # in the ids and in the question's names (one a node, which the lists read too), with the words it took
            # a name inside the description ("attention" of "attention-based dropout layer") is a word of it
            inside = {n.id for n in self.linked.names if n is not name and start <= n.start and n.end <= end}
            ids = [titled if node == name.id else node for node in ids if node not in inside or node == name.id]
            described = dataclasses.replace(name, id=titled, text=text, start=start, end=end, how="described")
            self.linked = dataclasses.replace(
                self.linked, names=tuple(described if n is name else n for n in self.linked.names
                                         if n is name or not (start <= n.start and n.end <= end)),
                leftovers=tuple(left for left in self.linked.leftovers if not (start <= left[1] and left[2] <= end)))
        return ids

    def _with_described_papers(self, ids: list[str]) -> list[str]:
        """``ids`` with the papers the question names by what they do ("the volumetric heatmap pose paper",
        "the paper on dropless experts"), in question order: the words right before a paper noun (or after
        "paper on") whose closest nodes by the search model are mostly one paper's (``described_paper`` in
        api/intents.yaml). A description that several papers share stays unresolved. The answer says how it
        read each one."""
        if self.service.engine is None or self.rules.described_paper is None:
            return ids
        rules = self.rules.described_paper
        placed = [(name.start, name.id) for name in self.linked.names if name.id in ids]
        for text, start, end in self.linked.leftovers:
            if not (rules["after"].match(self.question[end:]) or rules["before"].search(self.question[:start])):
                continue
            titled = self._paper_titled_with(text)
            if titled is not None and titled not in ids:  # "the self-attentive Hawkes paper": its title's words
                placed.append((start, titled))
                self.preface.append(f"Taking '{text}' as {node_title(self.G.nodes[titled])} (the one paper whose "
                                    f"name or title has those words).")
                self.trace.setdefault("described", []).append({"text": text, "paper": titled, "by": "title words"})
                continue
            hits = self.service.engine.search(text, rules["depth"], ["paper", "note"])
            papers = [hit.get("paper_id") or hit["id"] for hit in hits if hit["type"] == "paper" or hit.get("paper_id")]
            if not papers:
                continue
            best = max(set(papers), key=lambda p: (papers.count(p), -papers.index(p)))
            if papers.count(best) < rules["min_share"] * len(hits) or best in ids or best not in self.G:
                continue
            placed.append((start, best))
            self.preface.append(f"Taking '{text}' as {node_title(self.G.nodes[best])} ({papers.count(best)} of the "
                                f"{len(hits)} nodes closest to those words are it or its notes).")
            self.trace.setdefault("described", []).append({"text": text, "paper": best, "by": "search",
                                                          "share": papers.count(best) / len(hits)})
        return [node for _, node in sorted(placed)] if len(placed) > len(ids) else ids

    def _paper_named_for(self, concept: str) -> str | None:
        """The one discussed paper named for ``concept`` (its name is the concept's and a few words more,
        :func:`kg.descriptions.papers_named_for`): "the HOTA paper" is *HOTA metric*; else None."""
        found = papers_named_for(self.G, concept)
        return found[0] if len(found) == 1 else None

    def _paper_titled_with(self, text: str) -> str | None:
        """The one discussed paper whose name, title or an alias holds every word of ``text`` that is no filler
        (two at least; hyphens part words, a plural "s" aside), else None: "self-attentive Hawkes" for
        *Self-Attentive Hawkes Processes*, "lottery ticket" for *The Lottery Ticket Hypothesis*."""

        def singular(word: str) -> str:  # "processes" and "process", "gates" and "gate", "gas" stays
            word = word.lower()
            if len(word) <= 3:
                return word
            stem = re.sub(r"(?:(?<=[sxz])|(?<=[cs]h))es$", "", word)
            return stem if stem != word else re.sub(r"(?<![su])s$", "", word)

        def words(value: str) -> set[str]:
            return {singular(w) for w in re.findall(r"[^\W_]+", value)}

        wanted = {singular(w) for w in re.findall(r"[^\W_]+", text) if not self.rules.is_filler(w)}
        if len(wanted) < self.rules.described_paper["min_title_words"]:
            return None
        found = [node for node, data in self.G.nodes(data=True)
                 if data.get("type") == "paper" and data.get("discussed")
                 and any(wanted <= words(name) for name in (data.get("name", ""), data.get("title") or "",
                                                             *(data.get("aliases") or ())))]
        return found[0] if len(found) == 1 else None

    def _search_payload(self) -> dict:
        if self.service.engine is None:
            return {"query": self.question, "results": []}
        several = self.rules.several_papers is not None and self.rules.several_papers.search(self.question)
        answer = self.service.search(self.question, self.rules.several_papers_depth if several else 5)
        # a note that only names its paper ("Paper page: [[Wren]]" on a meeting page) is near any question that
        # names it and says nothing of it: after the notes that say something
        empty = [r for r in answer["results"] if r["type"] == "note" and r.get("paper_id") in self.G
                 and not _says_more_than_names(self.G, r, self.rules)]
        if empty:
            answer = {**answer, "results": [r for r in answer["results"] if r not in empty] + empty}
        for result in answer["results"]:
            if result["type"] == "note":
                self.used.note(result["id"], result.get("source"), result.get("snippet"))
            else:
                self.used.node(result["id"])
        return answer

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
    def _nearest_note_first(self, ids, answer: dict) -> dict:
        """A question asked of one paper ("how does SynthMorph become contrast-invariant") answered by search: the
        paper's own note nearest what is asked of it (the question without the paper's name, :meth:`_closest_notes`)
        leads the results, where it writes a word asked; the whole question ranks the notes that repeat the name (a
        title holding the very words asked) above the one that answers."""
        if len(ids) != 1 or self.G.nodes[ids[0]]["type"] != "paper" or self.rules.several_papers is not None \
                and self.rules.several_papers.search(self.question):
            return answer
        scored = self._closest_scored(ids, set())
        if not scored or not scored[0][0]:
            return answer  # (a note that writes none of the words asked is no nearer than the search's best)
        nearest = scored[0][1]
        self.trace["nearest_note_first"] = nearest["id"]
        self._use_hits([nearest])
        return {**answer, "results": [nearest, *(r for r in answer["results"] if r["id"] != nearest["id"])]}

    def _search_text(self, answer: dict) -> str:
        """The search results in words: by paper when the question asks for several papers (``several_papers``
        of api/intents.yaml), else the best result and the next ones."""
        if self.rules.several_papers is not None and self.rules.several_papers.search(self.question):
            self.trace["listed_by_paper"] = True
            return papers_search_text(self.G, answer, self.rules.several_papers_listed)
        return search_text(self.G, answer, self.rules.search_answer_results)

    def _search(self, ids):
        answer = self._nearest_note_first(ids, self._search_payload())
        text = self._search_text(answer)
        # "which papers are about anti-aliasing": the papers whose notes write the topic, before the search
        written = {run: found for run in self.trace.get("topic") or () if (found := papers_mentioning(self.G, run))}
        for found in written.values():
            self._use_mentions(found)
        if written:
            answer = {**answer, "mentioned_in": written}
            text = f"{topic_text(written, self.rules.mention_quote_chars)} {text}"
        # ... and, first of all, the papers the group tagged with it
        tagged = {run: found for run in self.trace.get("topic") or () if (found := papers_tagged(self.G, run))}
        for found in tagged.values():
            for paper in found:
                self.used.node(paper["id"])
        if tagged:
            answer = {**answer, "tagged": tagged}
            text = f"{tagged_text(tagged)} {text}"
        answer, text = self._with_statuses(answer, text)
        answer, text = self._with_meeting_day(answer, text)
        # "what is the next session": the papers of the latest meeting date in the notes, first of all
        if self.rules.next_session is not None and self.rules.next_session.search(self.question):
            dated = [(max(d["discussed_on"]), n) for n, d in self.G.nodes(data=True)
                     if d.get("type") == "paper" and d.get("discussed_on")]
            if dated:
                day = max(dated)[0]
                latest = sorted(n for when, n in dated if when == day)
                for paper in latest:
                    self.used.node(paper)
                answer = {**answer, "latest_meeting": {"date": day, "papers": latest}}
                text = f"{latest_meeting_text(self.G, latest, day)} {text}"
        return answer, text, "search"

    def _status_asked_for(self, words: list[str]) -> bool:
        """Whether the question asks for the status of these words by one of ``status_words`` right before it
        ("marked read", "with status done")."""
        if self.rules.status_words is None or not words:
            return False
        status = r"\W+".join(re.escape(w) for w in words)
        return bool(re.search(rf"{self.rules.status_words.pattern}\W+(?:as\W+)?{status}\b", self.question,
                              re.IGNORECASE))

    def _with_meeting_day(self, answer: dict, text: str, month: bool = False) -> tuple[dict, str]:
        """A question that names a meeting's day: the papers that meeting read (or is to read: "what is scheduled
        for Feb 20"), with who presents them (``answer.meeting_papers``), and before them the notes written at it
        ("why was the 8 February meeting cancelled", ``answer.meeting_notes``); with ``month`` (a month the question
        asks about, read where a name was looked for), that month's meetings."""
        day = self.rules.meeting_day(self.question)
        if not day and month:
            return self._with_meeting_month(answer, text)
        if not day:
            return self._with_meeting_lines(answer, text)
        on_day = self._papers_met(lambda when: _same_day(when, *day[0]))
        if on_day:  # a day written without its year: the latest meeting of that day
            when = on_day[-1][0]
            papers = self._papers_at(on_day, when)
            answer = {**answer, "meeting_papers": {"date": when, "papers": papers}}
            text = f"{latest_meeting_text(self.G, papers, when, 'The meeting of that day in your notes')} {text}"
            day = ((int(when[:4]), *day[0][1:]), day[1])  # the notes of that same meeting
        met = self._notes_of_meeting(day[0])
        if met:
            answer = {**answer, "meeting_notes": met}
            text = f"{meeting_notes_text(met)} {text}"
        return answer, text

    def _with_meeting_lines(self, answer: dict, text: str) -> tuple[dict, str]:
        """A question about what happened to a meeting that names no day ("which meeting was cancelled, and
        why?": a meeting word and an event's, ``meetings_asked`` and ``meeting_events``): the lines of meeting
        pages that name no paper (``G.graph["meeting_lines"]``) and write another word of the question (its first
        ``meeting_line_stem_chars`` letters: "cancelled" is "canceled"), oldest first, before the answer's text
        (``answer.meeting_lines``)."""
        rules = self.rules
        if None in (rules.meetings_asked, rules.meeting_events) or not rules.meetings_asked.search(self.question) \
                or not rules.meeting_events.search(self.question):
            return answer, text
        asked = rules.meetings_asked.sub(" ", self.question)
        chars = rules.meeting_line_stem_chars
        stems = _stems(asked, chars, rules.is_filler)
        found = sorted((m for m in self.G.graph.get("meeting_lines") or ()
                        if stems & _stems(m["text"], chars)),
                       key=lambda m: (m.get("about") or m["date"], m["line"]))[:rules.meeting_lines_shown]
        if not found:
            return answer, text
        for m in found:
            self.used.line(m["file"], m["line"], m["text"])
        said = "; ".join(f"{_day_of_line(m)}{'' if m['session'] == m['date'] else ' (' + m['session'] + ')'}: "
                         f"{m['text']} ({m['file']}:{m['line']})" for m in found)
        return {**answer, "meeting_lines": found}, f"Your meeting pages say: {said}. {text}"

    def _with_meeting_month(self, answer: dict, text: str) -> tuple[dict, str]:
        """A question that names a month and no day ("what is scheduled for December and who presents it"): each
        meeting of that month (the latest year that has one, where the question gives none) with its papers and
        who presents them, first (``answer.month_meetings``: each date with its papers)."""
        month = self.rules.meeting_month(self.question)
        if not month or len(month[0]) != 2:  # a season: the list answers give its months' papers
            return answer, text
        year, number = month[0]
        dated = self._papers_met(lambda when: when[5:7] == f"{number:02d}" and (year is None or when[:4] == str(year)))
        dated = [(when, n) for when, n in dated if when[:4] == dated[-1][0][:4]] if dated else []
        if not dated:
            return answer, text
        meetings = [{"date": when, "papers": self._papers_at(dated, when)}
                    for when in dict.fromkeys(when for when, _ in dated)]
        lines = " ".join(latest_meeting_text(self.G, m["papers"], m["date"], "A meeting of that month in your notes")
                         for m in meetings)
        return {**answer, "month_meetings": meetings}, f"{lines} {text}"

    def _papers_met(self, on) -> list[tuple[str, str]]:
        """(date, paper) for each meeting date of a paper that ``on`` accepts, oldest first."""
        return sorted((when, n) for n, d in self.G.nodes(data=True) if d.get("type") == "paper"
                      for when in d.get("discussed_on") or () if on(when))

    def _papers_at(self, dated: list[tuple[str, str]], when: str) -> list[str]:
        """The papers of ``dated`` met on ``when``, each once and declared used."""
        papers = list(dict.fromkeys(n for at, n in dated if at == when))
        for paper in papers:
            self.used.node(paper)
        return papers

    def _notes_of_meeting(self, day: tuple[int | None, int, int]) -> list[dict]:
        """The notes written on the meeting page of ``day`` ((year or None, month, day)), in page order, at most
        ``search_answer_results`` of the meeting named first, and before them the lines of other days' pages that
        speak of it ("call off tomorrow's meeting", the day before); each declared used. A meeting whose page names
        no paper gives its own lines instead (:meth:`_lines_of_meeting`)."""
        year, month, number = day
        found = [(data["session_date"], data.get("source", {}).get("line") or 0, node)
                 for node, data in self.G.nodes(data=True)
                 if data.get("type") == "note" and data.get("session_date")
                 and _same_day(data["session_date"], year, month, number)]
        if not found:  # a meeting page that names no paper: its own lines ("cancelled (deadline)")
            return self._lines_of_meeting(day)
        first_day = min(found)[0]
        notes = [note_record(self.G, node) for when, _, node in sorted(found) if when == first_day]
        notes = notes[:self.rules.search_answer_results]
        for note in notes:
            note.update(session=self.G.nodes[note["id"]]["session"], session_date=first_day,
                        paper_name=self.G.nodes[note["id"]]["paper_name"])
            self.used.note(note["id"], note.get("source"))
        spoken_of = self._lines_of_meeting((int(first_day[:4]), month, number), spoken_of_only=True)  # that day's
        return [*spoken_of, *notes]

    def _lines_of_meeting(self, day: tuple[int | None, int, int], spoken_of_only: bool = False) -> list[dict]:
        """The lines of the meeting page of ``day`` that name no paper (``G.graph["meeting_lines"]``), and those of
        other days' pages that speak of it (only these with ``spoken_of_only``), in the shape of
        :meth:`_notes_of_meeting`'s notes (no paper, no note id), at most ``search_answer_results``."""
        year, month, number = day
        found = [(when, m) for m in self.G.graph.get("meeting_lines") or ()  # its page's day, or the one it speaks of
                 for when in dict.fromkeys((None if spoken_of_only else m["date"], m.get("about")))
                 if when and _same_day(when, year, month, number)]
        if not found:
            return []
        first_day = min(when for when, _ in found)
        lines = [m for when, m in found if when == first_day][:self.rules.search_answer_results]
        for m in lines:
            self.used.line(m["file"], m["line"], m["text"])
        return [{"session_date": first_day, "session": m["session"], "paper_name": None, "paper_id": None, "id": None,
                 "kind": "meeting line", "question": "", "answers": [m["text"]],
                 "source": {"file": m["file"], "line": m["line"]}} for m in lines]

    def _use_mentions(self, found: list[dict]) -> None:
        """Declare the notes of :func:`kg.descriptions.papers_mentioning` results as used by the answer."""
        for item in found:
            self.used.note(item["note"]["id"], item["note"]["source"], note_answers(item["note"]))

    def _with_statuses(self, answer: dict, text: str) -> tuple[dict, str]:
        """A question no intent takes that writes a status the group gives papers ("what is left in the
        backlog"): the papers of that status lead the answer (``answer.statuses``)."""
        asked = statuses_asked(self.G, self.question, self.rules.status_max_share)  # not the usual ("discussed")
        asked = {status: papers for status, papers in asked.items()  # "we read": not the papers marked "read"
                 if " ".join(words := re.findall(rf"[{NAME_CHARS}]+", status.lower())) not in self.rules.read_statuses
                 or self._status_asked_for(words)}  # "which papers are marked read?" asks for them
        if self.rules.unread_question is not None and self.rules.unread_question.search(self.question):
            asked = {**papers_of_statuses(self.G, self.rules.unread_statuses), **asked}  # "what is lined up"
        if not asked:
            return answer, text
        for papers in asked.values():
            for paper in papers:
                self.used.node(paper["id"])
        return {**answer, "statuses": asked}, f"{statuses_text(asked)} {text}"

    def _lineage(self, ids, direction="ancestors"):
        around = self._read_around(ids)
        if around is not None:
            return around
        paper = self._paper_of(ids[0])
        if paper is None:
            return self._concept_without_paper(ids[0], "lineage follows papers")
        answer = lineage_on_topic(self.G, paper, direction)  # as the lineage endpoint answers by default
        self.used.lineage(answer)
        text = lineage_text(answer)
        motive = self.rules.reading_motive
        if direction == "ancestors" and motive is not None and motive.search(self.question):
            # "what made us read X": where the notes of the papers read before it pointed to it, first
            pointing = notes_pointing_to(self.G, paper, self.rules.reading_motive_notes)
            for note in pointing:
                self.used.note(note["id"], note.get("source"), note_answers(note))
                self.used.edge(note["id"], note.get("through", paper), "mentions")
            answer = {**answer, "pointed_before": pointing}
            text = pointing_text(self.G, paper, pointing) + text
        if direction == "ancestors":  # and what the paper changed from its nearest steps, per its notes
            changes = self._changes_quoted(paper)
            guessed = not changes and bool(answer.get("suggested"))  # no step drawn: what the notes say of the guess
            if guessed:
                changes = self._changes_quoted(paper, [answer["suggested"][0]["id"]])
            answer = {**answer, "changes": changes, **({"changes_of_guess": True} if guessed and changes else {})}
            text += changes_text(self.G, paper, changes, guessed)
            term = " ".join(text for text, _, _ in self.linked.leftovers)
            # "what is the X baseline based on" quotes the note "baseline", never one that only writes a stray word
            found = note_about(self.G, paper, term, headed=True) if not changes and term else None
            if found is not None:
                # "what is the DESED baseline based on?": no note names a predecessor; the paper's note headed
                # by the question's other words ("6. baseline") says what it is built from
                note = note_record(self.G, found)
                self.used.note(note["id"])
                answer = {**answer, "note": note, "term": term}
                text += f" On '{term}', the notes of {node_title(self.G.nodes[paper])} say: {note_quote(note)}."
        return answer, self._prefixed(text), None

    def _read_around(self, ids):
        """"What paper is next on the schedule after X", "what did we read right before X" (``read_around`` in
        api/intents.yaml): the papers the group took up next to the first paper the question names, by its
        meetings, not X's line of work or a reading plan; None for any other question."""
        around = next((way for way, asks in self.rules.read_around.items() if asks.search(self.linked.masked)), None)
        if around is None:
            return None
        paper = ids[0] if self._paper_of(ids[0]) == ids[0] else next(  # "the next segmentation paper after X"
            (name.id for name in self.linked.names if self._paper_of(name.id) == name.id), self._paper_of(ids[0]))
        if paper is None:
            return None
        answer = read_around(self.G, paper, around)
        for item in answer["nearest"] + answer["on_line"]:
            self.used.node(item["id"])
        return answer, self._prefixed(read_around_text(answer)), "reading_order"

    def _descendants(self, ids):
        return self._lineage(ids, "descendants")

    def _prerequisites(self, ids):
        around = self._read_around(ids)
        if around is not None:  # "what did we read right before X" is the group's past, not a plan
            return around
        answer = short_plan(self.G, ids[0])  # the short plan, as kg plan gives it by default
        self.used.plan(answer)
        text = plan_advice(answer)
        if self.G.nodes[ids[0]]["type"] == "paper":  # why the step before it: what the paper changed, per its notes
            changes = self._changes_quoted(ids[0])
            if changes:
                answer = {**answer, "changes": changes}
                text += changes_text(self.G, ids[0], changes)
        return answer, text, None

    def _changes_quoted(self, paper: str, predecessors=None) -> list[dict]:
        """What ``paper`` changed from its predecessors (or the ``predecessors`` given), per its notes
        (:func:`kg.descriptions.changes_from_predecessors`), each note declared used with the mention it quotes."""
        changes = changes_from_predecessors(self.G, paper, self.rules.follow_up_notes, predecessors)
        for change in changes:
            self.used.note(change["id"], change.get("source"), note_answers(change))
            self.used.edge(change["id"], change["predecessor"], "mentions")
        return changes

    def _path(self, ids):
        answer = path(self.G, ids[0], ids[1])
        for node in answer["nodes"]:
            self.used.node(node["id"])
        self.used.edge_records(answer["edges"])
        text = path_text(answer)
        if all(self.G.nodes[i]["type"] == "paper" for i in ids[:2]):  # "how does X relate to Y": and what
            naming = []                                                # each one's notes say of the other
            for paper, other in ((ids[0], ids[1]), (ids[1], ids[0])):
                notes = notes_naming(self.G, paper, other, self.rules.follow_up_notes)
                for note in notes:
                    self.used.note(note["id"], note.get("source"), note_answers(note))
                    self.used.edge(note["id"], other, "mentions")
                naming += notes
                text += naming_text(self.G, paper, notes)
            answer = {**answer, "notes_naming": naming}
        kinds = [self.G.nodes[i]["type"] for i in ids[:2]]
        if sorted(kinds) == ["concept", "paper"]:  # "where does QANet's context-query attention come from": what
            paper, concept = ids[:2] if kinds[0] == "paper" else ids[1::-1]  # the paper's notes say of that idea
            written = self._written_with_modifier(concept)
            found = note_about(self.G, paper, written)
            notes = ([{**note_record(self.G, found), "named": concept if self.G.has_edge(found, concept, key="mentions")
                       else None}] if found is not None
                     else notes_naming(self.G, paper, concept, self.rules.follow_up_notes))
            for note in notes:
                self.used.note(note["id"], note.get("source"), note_answers(note))
                self.used.edge(note["id"], concept, "mentions")  # declared where the graph has it
            if notes:
                said = "; ".join(note_quote(n, _lines_about(n, written, self.rules.idea_note_lines)) for n in notes)
                text += f" What the notes of {node_title(self.G.nodes[paper])} say of {written}: {said}."
                answer = {**answer, "notes_naming": notes}
        return answer, text, None

    def _term_of_the_idea(self, concept: str, term: str) -> list[dict]:
        """The notes that write ``term``, a word asked of an idea that names no node ("selectivity" in "what is
        selectivity in probing"), of the papers whose notes discuss the idea or that its own page links to, a note
        headed by the term first (the group's explanation of it; :func:`kg.descriptions.papers_mentioning`); at most
        ``idea_term_notes``. None for a term of filler words alone ("the main idea of probing")."""
        if not [w for w in re.findall(r"[^\W\d_]+", term) if not self.rules.is_filler(w)]:
            return []
        related = {p["id"] for p in papers_discussing(self.G, concept)} | {
            p["id"] for p in self.G.nodes[concept].get("page_papers") or ()}
        found = [m for m in papers_mentioning(self.G, term, limit=LIST_LIMIT) if m["paper"]["id"] in related]
        return sorted(found, key=lambda m: not headed_by(m["note"].get("question", ""), term))[
            :self.rules.idea_term_notes]

    def _compound_written(self, node: str) -> tuple[str, list[dict]] | None:
        """A paper's name hyphened to the words after it, one term the notes use ("CLIP-blind pair": "CLIP-blind
        pairs" in another paper's notes), with the papers whose notes write it; None when no note writes the whole
        (singular or plural: ``plural_endings`` of kg/lexicon.yaml). Not "the Wren loss", which is Wren's."""
        name = next((n for n in self.linked.names if n.id == node), None)  # None: the paper of a named idea
        if name is None or self.question[name.end:name.end + 1] != "-":
            return None
        after = [(min(start, name.start), end) for _, start, end in self.linked.leftovers  # a run may hold the name
                 if end > name.end and (start <= name.end or not self.question[name.end:start].strip(" -"))]
        if not after:
            return None
        phrase = self.question[after[0][0]:after[0][1]]
        for written in (phrase, *(phrase + ending for ending in word_list("plural_endings"))):
            found = papers_mentioning(self.G, written)
            if found:
                return phrase, found
        return None

    def _written_with_modifier(self, node: str) -> str:
        """How the question writes ``node``'s name, with the words right before it that name no node
        ("context-query attention" where "attention" was linked)."""
        name = next(n for n in self.linked.names if n.id == node)
        start = name.start
        for text, run_start, run_end in self.linked.leftovers:
            if run_end <= name.start and not self.question[run_end:name.start].strip(" -"):
                start = run_start
        words = self.question[start:name.end].split()
        while len(words) > 1 and self.rules.is_filler(words[0]):
            words = words[1:]
        return " ".join(words)

    def _definition(self, ids):
        node = ids[0]
        data = self.G.nodes[node]
        term = " ".join(text for text, _, _ in self.linked.leftovers)
        if data["type"] == "paper" and term:
            compound = self._compound_written(node)
            if compound:  # "what is a CLIP-blind pair": a term the notes write whole, not a part of CLIP's notes
                phrase, found = compound
                self._use_mentions(found)
                answer = {"node": node_summary(self.G, node), "term": phrase, "mentioned_in": {phrase: found}}
                said = "; ".join(mentioned_text(m, self.rules.mention_quote_chars) for m in found)
                return answer, f"Your notes write '{phrase}' in {said}.", None
            found = note_about(self.G, node, term)
            if found is None and self.service.engine is not None:
                hits = [r["id"] for r in self.service.engine.search(self.question, 20, ["note"], None, {node})
                        if r.get("paper_id") == node]
                # "the data leak problem": a note that writes a word the term's words begin ("leakage") first
                found = next((hit for hit in hits if _writes_word_of(self.G.nodes[hit], term)),
                             hits[0] if hits else None)
            if found is not None:
                answer = {"node": node_summary(self.G, node), "term": term, "note": note_record(self.G, found)}
                self.used.edge(found, node, "part_of")
                self.used.note(found)
                note = answer["note"]
                begun = _writes_word_of(note, term)  # a long note (a page's whole section) quoted where it says it
                said = _lines_about(note, begun, self.rules.idea_note_lines, begun=True) if begun \
                    else note_answers(note)
                return answer, (f"'{term}' in {node_title(data)}, from the notes ({found}, "
                                f"{source_text(note['source'])}): {note['question']} - {said}"), None
        if data["type"] == "concept":
            answer = concept_definition(self.G, node)
            self._used_by_definition(answer)
            text = definition_text(answer)
            written = self._term_of_the_idea(node, term) if term else None
            if written:  # "what is selectivity in probing": the note that explains the term first, then the idea
                answer = {**answer, "term": term, "mentioned_in": {term: written}}
                self._use_mentions(written)
                said = "; ".join(mentioned_text(m, self.rules.mention_quote_chars) for m in written)
                text = f"Your notes on {data['name']} write '{term}' in {said}. {text}"
            return answer, text, None
        answer = {"node": node_summary(self.G, node), "title": data.get("title"),
                  "summary": data.get("summary") or data.get("notes_summary") or "",
                  "summary_note": summary_note(self.G, node), "source": data.get("source")}
        if answer["summary_note"]:
            self.used.edge(answer["summary_note"]["id"], node, "part_of")
            self.used.note(answer["summary_note"]["id"])
        text = f"{node_title(data)}: {data.get('title', '')}. {answer['summary']}".strip()
        return answer, text, None

    def _compare(self, ids):
        answer = compare(self.G, ids[0], ids[1])
        for side in answer["nodes"]:
            self.used.node(side["id"])
        if answer["later"] is not None:
            earlier, later = answer["earlier"], answer["later"]
            for change in answer["changes"]:
                if "id" in change:  # a note of the later paper
                    self.used.note(change["id"])
                    self.used.edge(change["id"], earlier, "mentions")
                    self.used.edge(change["id"], later, "part_of")
            for relation, (u, v) in (("led_to", (earlier, later)), ("uses", (later, earlier)),
                                     ("compares", (later, earlier))):
                self.used.edge(u, v, relation, self.G.edges[u, v, relation]["evidence"] if self.G.has_edge(
                    u, v, key=relation) else ())
            if answer["lineage_between"] is not None:
                self.used.edge_records(answer["lineage_between"]["edges"])
        ahead = answer["earlier_notes"][:2]  # what the earlier one's notes say of the later, as compare_text quotes it
        for note in ahead:
            self.used.note(note["id"])
            self.used.edge(note["id"], answer["later"], "mentions")
            self.used.edge(note["id"], answer["earlier"], "part_of")
        text = compare_text(self.G, answer, self.rules.compare_summary_chars)
        closest = self._closest_notes(ids[:2], {c["id"] for c in [*answer["changes"], *ahead] if "id" in c})
        self._use_hits(closest)
        if closest:  # "how do X and Y differ in how they capture motion": each side's note nearest the question
            answer = {**answer, "closest_notes": closest}
            text += closest_notes_text(self.G, closest)
        return answer, text, None

    def _closest_notes(self, papers: list[str], shown: set[str]) -> list[dict]:
        """The note of each paper nearest what is asked (one per paper, none already ``shown``): of the paper's
        notes the search returns for the question without the papers' names, the one that writes most of the words
        asked besides the paper's names (``closest_note_stem_chars``), the search's order breaking ties."""
        return [hit for _, hit in self._closest_scored(papers, shown)]

    def _closest_scored(self, papers: list[str], shown: set[str]) -> list[tuple[int, dict]]:
        """:meth:`_closest_notes`, each note with how many of the words asked it writes."""
        papers = [p for p in papers if self.G.nodes[p]["type"] == "paper"]
        if self.service.engine is None or not papers:
            return []
        # what is asked of the two, without their names: every note of a paper is about that paper, and a note
        # that names the other one ("compared to X") is not nearer to "how do they set the threshold" for it
        # (used when it holds words of its own: "how does the X in X differ from the X of X" holds none)
        aspect = " ".join(re.sub(r"\bX\b", " ", self.linked.masked).split())
        asked = [w for w in aspect.split() if not self.rules.is_filler(w)]
        ranked = self.service.engine.search(aspect if len(asked) >= 2 else self.question,
                                            self.rules.closest_note_depth, ["note"], None, set(papers))
        # the notes that write more of the asked words besides the paper's names first, in the search's order
        # otherwise: the search ranks a note by its paper's title too, and a title holding the very words asked
        # ("SynthMorph: learning contrast-invariant ...") puts the shortest notes first, whatever they say
        chars = self.rules.closest_note_stem_chars
        stems = _stems(aspect, chars, self.rules.is_filler)
        best: dict[str, tuple[int, dict]] = {}
        for hit in ranked:
            if hit.get("paper_id") not in papers or hit["id"] in shown:
                continue
            said = _text_besides_names(self.G, hit)  # once per note: the names are taken out by a regex each
            if not _says_enough(said, self.rules):
                continue
            written = len(stems & _stems(said, chars))
            if hit["paper_id"] not in best or written > best[hit["paper_id"]][0]:
                best[hit["paper_id"]] = (written, hit)
        return [best[p] for p in papers if p in best]

    def _use_hits(self, hits: list[dict]) -> None:
        for hit in hits:
            self.used.note(hit["id"], hit.get("source"), hit.get("snippet"))

    def _introduced(self, ids):
        node = ids[0]
        data = self.G.nodes[node]
        if data["type"] == "paper":  # "which datasets did X introduce": what the paper introduced
            evidence = {c: self.G.edges[node, c, "introduces"]["evidence"]
                        for _, c, k in self.G.out_edges(node, keys=True) if k == "introduces"}
            answer = {"node": node_summary(self.G, node), "introduced_by": [node_summary(self.G, node)],
                      "evidence": [], "notes": [],
                      "papers": [{"node": node_summary(self.G, node), "introduced": [
                          {"node": node_summary(self.G, c), "evidence": lines} for c, lines in evidence.items()]}]}
            if not evidence:
                return answer, f"{node_title(data)} is itself a paper: {data.get('title', data['name'])}.", None
            for concept, lines in evidence.items():
                self.used.edge(node, concept, "introduces", lines)
            return answer, introduced_by_papers_text(answer), None
        answer = introduced(self.G, node)
        for paper in answer["introduced_by"]:
            self.used.edge(paper["id"], node, "introduces", answer["evidence"])
        for note in answer["notes"]:
            self.used.note(note["id"])
            self.used.edge(note["id"], node, "mentions")
        return answer, introduced_text(self.G, answer), None

    def _year(self, ids):
        paper = self._paper_of(ids[0])
        if paper is None:
            return self._concept_without_paper(ids[0], "the graph dates papers, and no paper introduced it")
        data = self.G.nodes[paper]
        source = data.get("source") or {}
        self.used.node(paper)
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
        self._declare_users(answer)
        return answer, uses_text(self.G, answer), None

    def _concept_without_paper(self, node, why: str):
        data = self.G.nodes[node]
        answer = {"node": node_summary(self.G, node), "discussed_by": papers_discussing(self.G, node)}
        self._used_by_definition(concept_definition(self.G, node))
        papers = ", ".join(p["title"] for p in answer["discussed_by"][:8]) or "none"
        return answer, (f"{data['name']} is a concept and {why}. Papers whose notes discuss it: {papers}. "
                        f"{definition_text(concept_definition(self.G, node))}"), "definition"

    def _used_by_definition(self, answer: dict) -> None:
        node = answer["node"]["id"]
        for paper in answer["introduced_by"]:
            self.used.edge(paper["id"], node, "introduces")
        for note in answer["notes"]:
            self.used.note(note["id"])
            self.used.edge(note["id"], node, "mentions")

    def _prefixed(self, text: str) -> str:
        return " ".join([f"{v}." for v in self.via] + [text]) if self.via else text

