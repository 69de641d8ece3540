"""Note ids that stay put: ``<paper-id>/q<N>`` from a note's own number and place in its file, and a
note the served snapshot already had keeps the id it had there.

A saved link (``/?node=hifi-gan/q1``) or a citation must go on naming the same note when next week's
file is added. So a note's id never depends on the order of the files:

1. a note of the served snapshot keeps its id, found again by its paper, file and words; by its
   paper, file and line when its words were edited; by its paper and words when its file was renamed;
2. any other note gets ``<paper-id>/q<N>``, ``-<k>`` added for the k-th note numbered N of that paper
   in the *same file* (the bundled notes repeat numbers); where that id is already a note's (another
   file's note of the same paper and number), the note's file names it: ``hifi-gan/q1-week-2``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Iterable, Mapping

import networkx as nx

from ingest.records import Note, PaperSection
from kg.model import slugify

__all__ = ["NoteKey", "PreviousIds", "note_key", "assign_note_ids"]

#: a note in one build: its paper, file and line (unique: one note starts on a line)
NoteKey = tuple[str, str, int]


def note_key(paper_id: str, note: Note) -> NoteKey:
    return paper_id, note.source.file, note.source.line


def _words(question: str, answers: Iterable[str]) -> str:
    return " ".join(" ".join(part for part in (question, *answers) if part).lower().split())


@dataclass
class PreviousIds:
    """The note ids of a snapshot, to be claimed once each by the notes of the next build."""

    by_words_in_file: dict[tuple[str, str, str], str] = field(default_factory=dict)
    by_line: dict[tuple[str, str, int], str] = field(default_factory=dict)
    by_words: dict[tuple[str, str], str] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph) -> "PreviousIds":
        previous = cls()
        for node, data in G.nodes(data=True):
            if data.get("type") != "note" or not data.get("source"):
                continue
            paper, file, line = data.get("paper_id"), data["source"].get("file"), data["source"].get("line")
            words = _words(data.get("question") or "", data.get("answers") or ())
            previous.by_words_in_file.setdefault((paper, file, words), node)
            previous.by_line.setdefault((paper, file, line), node)
            previous.by_words.setdefault((paper, words), node)
        return previous

    def claim(self, table: str, key) -> str | None:
        """The id this key names in ``table``, unless another note claimed it already."""
        found = getattr(self, table).get(key)
        if found is None or found in self.claimed:
            return None
        self.claimed.add(found)
        return found


def assign_note_ids(papers: Mapping[str, Iterable[PaperSection]],
                    previous: PreviousIds | None = None) -> dict[NoteKey, tuple[str, str]]:
    """``(id, suffix)`` for every note of ``papers`` (paper id -> its sections in reading order).

    ``suffix`` is what follows ``q<N>`` in the id ("" for most), for the note's display name.

    >>> from ingest.records import SourcePosition
    >>> def note(file, line, number, text):
    ...     return Note(number, 1, text, (), SourcePosition(file, line))
    >>> def section(*notes):
    ...     return PaperSection("HiFi-GAN", 2020, None, "HiFi-GAN", tuple(notes), notes[0].source)
    >>> old = {"hifi-gan": [section(note("b.md", 2, 1, "Why two discriminators?"))]}
    >>> ids = assign_note_ids(old)
    >>> ids[("hifi-gan", "b.md", 2)]
    ('hifi-gan/q1', '')
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("hifi-gan/q1", type="note", paper_id="hifi-gan", question="Why two discriminators?",
    ...            answers=[], source={"file": "b.md", "line": 2})
    >>> new = {"hifi-gan": [section(note("a.md", 2, 1, "What is MPD?")), old["hifi-gan"][0]]}
    >>> ids = assign_note_ids(new, PreviousIds.from_graph(G))
    >>> ids[("hifi-gan", "b.md", 2)], ids[("hifi-gan", "a.md", 2)]
    (('hifi-gan/q1', ''), ('hifi-gan/q1-a', '-a'))
    """
    notes = [(paper_id, note) for paper_id, sections in papers.items() for section in sections
             for note in section.notes]
    assigned: dict[NoteKey, tuple[str, str]] = {}
    taken: set[str] = set()
    if previous is not None:  # strongest match first, over all notes, so a weaker one never takes its id
        for table, key_of in (("by_words_in_file", lambda p, n: (p, n.source.file, _words(n.question, n.answers))),
                              ("by_line", lambda p, n: (p, n.source.file, n.source.line)),
                              ("by_words", lambda p, n: (p, _words(n.question, n.answers)))):
            for paper_id, note in notes:
                if note_key(paper_id, note) in assigned:
                    continue
                kept = previous.claim(table, key_of(paper_id, note))
                if kept is not None:
                    stem = f"{paper_id}/q{note.number}"
                    assigned[note_key(paper_id, note)] = (kept, kept[len(stem):] if kept.startswith(stem) else "")
                    taken.add(kept)
    repeats: Counter = Counter()
    for paper_id, note in notes:
        repeats[paper_id, note.source.file, note.number] += 1
        if note_key(paper_id, note) in assigned:
            continue
        count = repeats[paper_id, note.source.file, note.number]
        suffix = "" if count == 1 else f"-{count}"
        candidates = [suffix, f"{suffix}-{slugify(PurePath(note.source.file).stem) or 'notes'}"]
        chosen = next((s for s in candidates if f"{paper_id}/q{note.number}{s}" not in taken), None)
        number = 2
        while chosen is None:
            if f"{paper_id}/q{note.number}{candidates[-1]}-{number}" not in taken:
                chosen = f"{candidates[-1]}-{number}"
            number += 1
        note_id = f"{paper_id}/q{note.number}{chosen}"
        assigned[note_key(paper_id, note)] = (note_id, chosen)
        taken.add(note_id)
    return assigned
