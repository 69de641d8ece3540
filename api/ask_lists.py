"""The ``ask`` intents about the reading group's papers as a set: lists with filters, an overview of the
group, and the people of a paper (authors, presenters); and the names a question lists ("what led to X and
Y", a family name like "lark" for Lark v1 and v2). A mixin of :class:`api.ask._Answer`: each intent method
takes the ids named and returns (answer, text, answered_as), declaring what it used in ``self.used``.

A list question's filters come from the question itself: a year ("in 2017"), the words of an area or track
("detection papers", "papers about quills"), a named paper (its line of work) or concept (the papers that use
or discuss it), a person (their papers as author or presenter). No filter: every paper read.
"""

from __future__ import annotations

import re

from kg.descriptions import papers_of_statuses, users_of
from kg.lexicon import word_set
from kg.listing import family, groups_named, list_papers, overview, papers_read
from kg.model import compact_key, node_title
from kg.people import people_of
from kg.queries import node_summary
from kg.resolve import suggest

from api.answer_text import list_text, overview_text, people_text, uses_text
from api.question_names import _WORD, looks_like_a_name

__all__ = ["ListAnswers", "topic_words"]

#: a year of publication written in a question
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def topic_words(G, linked, rules=None) -> list[str]:
    """The words of a question left over by the names that are no area or track of the graph either, nor the
    month of a meeting (``rules.meeting_month``): a topic ("diffusion", "pixels"), which no list filter can stand for.

    >>> import networkx as nx
    >>> from api.question_names import link_question
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("quill", type="paper", name="Quill", area="vision/detection", discussed=True, year=2016)
    >>> topic_words(G, link_question(G, "detection papers")), topic_words(G, link_question(G, "papers on pixels"))
    ([], ['pixels'])
    >>> topic_words(G, link_question(G, "what did we read on the detection track")), topic_words(G, link_question(G, "track pixels"))
    ([], ['track', 'pixels'])
    """
    month = rules.meeting_month(linked.question) if rules is not None else None
    said = {w.group(0).lower() for w in _WORD.finditer(month[1])} if month else set()
    order = rules.reading_order.search(linked.question) if rules is not None and rules.reading_order else None
    if order:  # "..., in order": how to list them, no topic
        said |= {w.group(0).lower() for w in _WORD.finditer(order.group(0))}
    for when in rules.time_phrases.finditer(linked.question) if rules is not None and rules.time_phrases else ():
        said |= {w.group(0).lower() for w in _WORD.finditer(when.group(0))}  # "so far": when, no topic
    words = [w.group(0) for text, _, _ in linked.leftovers for w in _WORD.finditer(text)]
    tracks = _tracks_read(G)
    if any(groups_named(G, [w]) for w in words) or any(compact_key(G.nodes[n.id]["name"]) in tracks
                                                       for n in linked.names):
        said |= word_set("group_nouns")  # "the anomaly track": "track" is part of the line's name
    return [w for w in words if not groups_named(G, [w]) and w.lower() not in said]


def _tracks_read(G) -> dict[str, str]:
    """The lines of work of the papers read, by their names compared case and punctuation aside."""
    return {compact_key(track): track for p in papers_read(G) if (track := G.nodes[p].get("track"))}


class ListAnswers:
    """``_list``, ``_overview``, ``_authors`` and ``_presenters`` for :class:`api.ask._Answer`, and the names
    its question lists."""

    def _role_asked(self) -> str | None:
        """The role a person's list asks for: presented (presenter) or wrote (author), from the intent rules."""
        masked = self.linked.masked
        for role, pattern in self.rules.person_roles.items():
            if pattern.search(masked):
                return role
        return None

    def _list(self, ids):
        G = self.G
        month = self.rules.meeting_month(self.question)  # "in February 2024": the meetings of a month
        question = self.question.replace(month[1], " ") if month else self.question
        years = [int(y) for y in _YEAR.findall(question)]
        year = years[0] if years else None
        words = [w.group(0) for w in _WORD.finditer(question) if not self.rules.is_filler(w.group(0))
                 and not w.group(0).isdigit()]
        groups = groups_named(G, words)
        concepts = [i for i in ids if G.nodes[i]["type"] == "concept"]
        tracks = _tracks_read(G)
        for concept in [c for c in concepts if compact_key(G.nodes[c]["name"]) in tracks]:
            concepts.remove(concept)  # "the code LLM evaluation track": a line of the group's, named by a page too
            line = ("track", tracks[compact_key(G.nodes[concept]["name"])])
            if line not in groups:
                groups.append(line)
        for paper in (i for i in ids if G.nodes[i]["type"] == "paper"):
            data = G.nodes[paper]  # a named paper stands for its line of work
            line = ("track", data["track"]) if data.get("track") else ("area", data.get("area"))
            if line[1] and line not in groups:
                groups.append(line)
        person_papers = None
        role = asked = self._role_asked() if self.people else None
        if self.people:
            person_papers = {p for m in self.people for p, had in m.papers if role is None or had == role}
            if not person_papers:  # "papers by Okafor" of a presenter: the papers they had any part in
                role, person_papers = None, {p for m in self.people for p, _ in m.papers}
        unread = None  # "which papers are lined up for next term": the papers of a to-read status only
        if self.rules.unread_question is not None and self.rules.unread_question.search(self.question):
            unread = {p["id"] for found in papers_of_statuses(G, self.rules.unread_statuses).values() for p in found}
            if unread:
                person_papers = unread if person_papers is None else person_papers & unread
        answer = list_papers(G, year=year, groups=groups, papers=person_papers, met=month[0] if month else None)
        self._closest_to_topic_first(answer, month)
        if self.rules.reading_order is not None and self.rules.reading_order.search(self.question) and month is None:
            answer["papers"].sort(key=lambda p: (G.nodes[p["id"]].get("order", 10 ** 6), p["id"]))
            answer["in_reading_order"] = True
        answer["people"] = [{"name": m.name, "role": role, "asked": asked} for m in self.people]
        answer["concepts"] = [users_of(G, c) for c in concepts]
        for paper in answer["papers"]:
            self.used.node(paper["id"])
        for users in answer["concepts"]:
            self._declare_users(users)
        text = list_text(answer)
        if unread:  # the statuses say it all: "Papers your notes mark 'suggested': ..."
            answer, text = self._with_statuses(answer, "")
            text = text.strip()
        if answer["concepts"] and (year is None and not groups and person_papers is None and month is None):
            text = " ".join(uses_text(G, users) for users in answer["concepts"])  # "papers about ink flow"
        elif answer["concepts"]:
            text += " " + " ".join(uses_text(G, users) for users in answer["concepts"])
        if answer.get("topic"):
            text += f" (The closest to '{answer['topic']}' first, by their notes.)"
        return answer, text, None

    def _closest_to_topic_first(self, answer: dict, month) -> None:
        """"What did we read on point processes in November": a month's (or season's) papers, the closest to the
        topic the question's other words give first, by their notes (``answer.topic``); any other list keeps its
        order (a topic without a month goes to search before this)."""
        runs = [(start, end) for text, start, end in self.linked.leftovers if text in (self.trace.get("topic") or ())]
        topic = self.question[runs[0][0]:runs[-1][1]] if runs else ""  # "temporal point processes", names within
        if not (month and topic and len(answer["papers"]) > 1 and self.service.engine is not None):
            return
        listed = {p["id"] for p in answer["papers"]}
        hits = self.service.engine.search(topic, self.rules.closest_note_depth, ["note"], None, listed)
        rank: dict[str, int] = {}
        for hit in hits:
            rank.setdefault(hit.get("paper_id"), len(rank))
        answer["papers"].sort(key=lambda p: rank.get(p["id"], len(rank)))
        answer["topic"] = topic

    def _overview(self, ids):
        answer = overview(self.G)
        for area in answer["areas"]:
            for paper in area["papers"]:
                self.used.node(paper["id"])
        return answer, overview_text(answer), None

    def _people(self, ids, role: str):
        paper = ids[0]
        data = self.G.nodes[paper]
        people = people_of(self.G, paper)
        answer = {"node": node_summary(self.G, paper), "role": role, "authors": people["authors"],
                  "presenters": people["presenters"], "venue": data.get("venue"), "source": data.get("source"),
                  "discussed_on": list(data.get("discussed_on") or ())}
        self.used.node(paper)
        return answer, people_text(answer), None

    def _authors(self, ids):
        return self._people(ids, "author")

    def _presenters(self, ids):
        return self._people(ids, "presenter")

    def _listed(self, ids: list[str]) -> list[str]:
        """The names of the question joined as a list ("X, Y and Z"), from the first, in order."""
        names = [n for n in self.linked.names if n.id in ids]
        listed = names[:1]
        for before, after in zip(names, names[1:]):
            if self.rules.list_join is None or not self.rules.list_join.match(self.question[before.end:after.start]):
                break
            listed.append(after)
        return [n.id for n in listed]

    def _joined_first(self, ids: list[str], needs: int) -> list[str]:
        """``ids`` with the names the question joins as a list after a pair's lead (``pair_lead``: "between",
        "among") ahead, when it names more than an intent needs: "how does the code search setup differ between
        CodeBERT and GraphCodeBERT" compares the two papers, not the idea named before them; "how does Swin differ
        from ViT in attention and positional encoding" keeps Swin and ViT (no lead before the ideas' list)."""
        if len(ids) <= needs or self.rules.list_join is None or self.rules.pair_lead is None:
            return ids
        names = [n for n in self.linked.names if n.id in ids]
        for start, first in enumerate(names):
            if not self.rules.pair_lead.search(self.question[:first.start]):
                continue
            run = [first]
            for before, after in zip(names[start:], names[start + 1:]):
                if not self.rules.list_join.match(self.question[before.end:after.start]):
                    break
                run.append(after)
            if len(run) >= needs:
                first_ids = list(dict.fromkeys(n.id for n in run))
                return [*first_ids, *(i for i in ids if i not in first_ids)]
        return ids

    def _say_families_and_missing_names(self) -> None:
        """A name a family of papers shares ("lark": Lark v1 and v2) is answered for the paper it is a name of,
        and the answer says so; a name-like word listed with a known name ("X and Lark v7") that the graph lacks
        is said plainly, with the closest names."""
        for name in self.linked.names:
            members = family(self.G, name.text)
            if members and name.id in members:
                titles = ", ".join(node_title(self.G.nodes[m]) for m in members)
                self.preface.append(f"'{name.text}' names a family of {len(members)} papers ({titles}); this "
                                    f"answers for {node_title(self.G.nodes[name.id])}, the one called "
                                    f"'{name.text}' - ask for another by its full name.")
                self.trace.setdefault("families", []).append({"text": name.text, "answered_for": name.id,
                                                              "members": members})
        for text, start, end in self.linked.leftovers:
            joined = any(self.rules.list_join is not None and self.rules.list_join.match(
                self.question[n.end:start] if n.end <= start else self.question[end:n.start])
                for n in self.linked.names)
            if joined and looks_like_a_name(text, start == 0):
                close = [s for s in suggest(self.G, text) if s["id"] not in {n.id for n in self.linked.names}]
                self.suggestions += close
                did = f" (did you mean: {', '.join(s['title'] for s in close)}?)" if close else ""
                self.preface.append(f"The graph has no paper or concept named '{text}'{did}.")

    def _declare_users(self, answer: dict) -> None:
        """The edges and notes of a :func:`kg.descriptions.users_of` answer."""
        targets = [answer["node"]["id"], *(n["id"] for n in answer["namesakes"])]
        for paper in answer["papers"]:
            self.used.node(paper["id"])  # linked from the idea's own page or writing it: maybe no edge of the graph
            for target in targets:
                for relation in ("uses", "discusses"):
                    self.used.edge(paper["id"], target, relation)
                for evidence in paper["evidence"]:
                    if evidence.get("note"):  # a line of the idea's own page is no note's mention
                        self.used.edge(evidence["note"], target, "mentions")
                    self.used.evidence(evidence)

