"""Typed records the notes parser returns: source positions, notes and paper sections."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SourcePosition", "Field", "Note", "NOTE_SHAPES", "PaperSection", "ConceptPage", "GlossaryEntry",
           "ParseWarning", "LINE_USES", "FileReport"]

#: How a note was written: a numbered question, a ``Q:``/``A:`` pair, a bullet with its
#: sub-bullets, or a free paragraph.
NOTE_SHAPES = ("question", "qa", "bullet", "paragraph")

#: Where each input line ends: a paper heading, a note, a field, the document (or a group)
#: title, a label (``Free discussion:``, a sub-heading), blank (or a rule), or not used (a warning
#: says why).
LINE_USES = ("paper", "note", "field", "title", "label", "blank", "unused")


@dataclass(frozen=True)
class SourcePosition:
    """Where a piece of text came from: a file and a 1-based line number."""

    file: str
    line: int

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True)
class Field:
    """A ``Key: value`` line of a paper (``Presenter: Minh``, ``Builds on: DDPM``) or a front-matter key.

    ``key`` is canonical: lower-case with single spaces (``builds on``, ``summary`` for ``TL;DR``).
    """

    key: str
    value: str
    source: SourcePosition


@dataclass(frozen=True)
class Note:
    """One note as written: a numbered question with its answer bullets, a ``Q:`` line with its
    ``A:`` lines, a top bullet with its sub-bullets, or a free paragraph (``shape``).

    ``question`` is the question, the ``Q:`` text or the top bullet (empty for a paragraph);
    ``answers`` the answer bullets, ``A:`` texts, sub-bullets or the paragraph's lines.
    ``number`` is the number the notes gave (it may repeat; an unnumbered note gets the next free
    number of its section); ``ordinal`` is the 1-based position in its section. Empty questions
    and answers stay empty. ``links`` are the targets of ``[[Page]]``/``[[Page|label]]`` links.
    """

    number: int
    ordinal: int
    question: str
    answers: tuple[str, ...]
    source: SourcePosition
    answer_lines: tuple[int, ...] = ()
    links: tuple[str, ...] = ()
    shape: str = "question"
    session: str | None = None  # the meeting page it was written on (a notes app's session or journal page)
    session_date: str | None = None  # that meeting's ISO date, when the page gives one

    @property
    def text(self) -> str:
        """The question and its answers as written, one per line."""
        return "\n".join(part for part in (self.question, *self.answers) if part)

    @property
    def is_empty(self) -> bool:
        return not self.question and not any(self.answers)


@dataclass(frozen=True)
class PaperSection:
    """A paper and its notes: under a heading (``## Discussion 3 ResNet - 2015``), or a whole page
    named by its front matter or its file name (then ``heading`` is that name).

    ``authors``, ``aliases``, ``venue`` come from the heading (``(Hsu et al. 2021)``, ``(w2v2)``,
    ``(ICLR 2019)``), front matter and ``Aliases:``-style fields; ``summary`` from a ``Summary:`` or
    ``TL;DR:`` line; ``fields`` keeps every ``Key: value`` line in order.
    """

    title: str
    year: int | None
    discussion: int | None
    heading: str
    notes: tuple[Note, ...]
    source: SourcePosition
    order: int = 0  # reading order across all parsed files, 0-based
    authors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    venue: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    named_by_page: bool = False  # a notes app's page: ``title`` is the page's name as the app shows it
    discussed_on: tuple[str, ...] = ()  # ISO dates of the meetings that discussed it (a journal day, a session page)
    full_title: str | None = None  # the paper's full title a notes app page gives (its first line, a title property)


@dataclass(frozen=True)
class ConceptPage:
    """A notes app's page about an idea (a glossary entry): its name, other names, the definition its
    first paragraph gives, where it is, and the paper that paragraph says it comes from."""

    name: str
    aliases: tuple[str, ...]
    definition: str
    source: SourcePosition
    origin: str | None = None  # the paper the page says the idea comes from ("from [[Wren]]"), as linked
    #: the pages this page links to, each with its line and the line as written ("used in: [[Wren]], [[Heron]]")
    linked: tuple[tuple[str, int, str], ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    """A term a group's glossary page says what it is ("Force closure : resists any force"): looked up by
    ``ask`` for a term no node has, never a node."""

    term: str
    text: str
    page: str  # the glossary page's name
    source: SourcePosition


@dataclass(frozen=True)
class MeetingLine:
    """A line of a dated meeting page that names no paper ("cancelled (deadline)", "attendance: Ana, Lee"): not a
    note of any paper, kept for ``ask``'s questions about that day's meeting, never a node."""

    date: str  # the meeting's ISO day
    session: str  # the meeting page's name
    text: str
    source: SourcePosition
    about: str | None = None  # the ISO day the line speaks of where it names another ("cancel tomorrow's session")


@dataclass(frozen=True)
class ParseWarning:
    """Something in the notes that was repaired or looks wrong, reported by ``kg ingest``."""

    message: str
    source: SourcePosition = field(compare=False)

    def __str__(self) -> str:
        return f"{self.source.file}:{self.source.line}: {self.message}"


@dataclass(frozen=True)
class FileReport:
    """What one notes file gave: papers and notes found, and where every line went.

    ``line_uses[i]`` is the use of line ``i + 1`` (one of :data:`LINE_USES`); ``skipped`` says why a
    file gave nothing (no paper heading, same content as another file), else None; ``role`` says what
    a notes app's page is when it is rightly not a paper (a concept, an index, a template).
    """

    file: str
    papers: int
    notes: int
    line_uses: tuple[str, ...]
    skipped: str | None = None
    role: str | None = None  # a notes app's page that is not a paper: "concept page (its 'type' property)"

    @property
    def unused_lines(self) -> tuple[int, ...]:
        """1-based numbers of the lines that ended in a warning rather than in a note or field."""
        return tuple(number for number, use in enumerate(self.line_uses, start=1) if use == "unused")

    def summary_line(self, shown: int = 5) -> str:
        """``notes/a.md: 3 papers, 21 notes, 2 lines not used (lines 4, 9)``."""
        if self.skipped:
            return f"{self.file}: skipped ({self.skipped})"
        if self.role:
            return f"{self.file}: {self.role}"
        unused = self.unused_lines
        text = f"{self.file}: {self.papers} paper{'s' * (self.papers != 1)}, {self.notes} note{'s' * (self.notes != 1)}"
        if unused:
            listed = ", ".join(map(str, unused[:shown])) + (", ..." if len(unused) > shown else "")
            text += f", {len(unused)} line{'s' * (len(unused) != 1)} not used (line{'s' * (len(unused) != 1)} {listed})"
        return text
