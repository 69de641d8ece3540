"""Parse Markdown/text notes into typed records (paper sections and notes), whatever the layout.

Reading one file is a sequence of phases, each a function below:

1. :func:`split_lines` — decode checks, line limits; :func:`~ingest.front_matter.read_front_matter`
   reads a YAML ``---`` block or Logseq ``key:: value`` lines;
2. :func:`~ingest.line_kinds.classify_lines` — what each line is: its block by a CommonMark parse
   (code, HTML, tables, quotes, underlined headings), then its shape;
3. :func:`heading_roles` — which headings are papers, which are the document's (or a group's)
   title and which are sub-headings of a paper; a file with no paper heading is one paper when its
   front matter has a ``title`` or its file name is a paper's name (``Neural-Radiance-Fields.md``);
4. :class:`NoteReader` — the lines under a paper become notes in their shapes (numbered
   questions, ``Q:``/``A:`` pairs, bullets with sub-bullets, paragraphs) and fields (``Summary:``,
   ``Presenter:``, ``Builds on:``);
5. :func:`assemble_section` — a paper's heading parts, front matter and fields make its record.

Every input line ends in one place (:data:`~ingest.records.LINE_USES`); a line that gives nothing
is named by a warning. What cannot be read at all raises :class:`~ingest.errors.IngestError`
naming the file and line. :func:`parse_paths` reads files and folders (skipping what
:mod:`ingest.ignores` leaves out, and files that give no paper, with a warning).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.discovery import LIMITS, NOTE_SUFFIXES, collect_note_files, display_name, read_note_file
from ingest.errors import IngestError
from ingest.front_matter import FrontMatter, read_front_matter, split_list
from ingest.headings import WIKI_LINK, HeadingParts, is_author_list, read_heading, reads_as_a_short_name, \
    render_links, title_from_file_name
from ingest.line_kinds import Line, classify_lines
from ingest.note_syntax import note_syntax
from ingest.readers.markdown_blocks import find_links
from ingest.records import ConceptPage, Field, FileReport, GlossaryEntry, MeetingLine, Note, PaperSection, ParseWarning, \
    SourcePosition
from kg.lexicon import word_set
from kg.model import compact_key

__all__ = [
    "NOTE_SUFFIXES",
    "LIMITS",
    "ParsedCorpus",
    "name_without_year",
    "ParsedFile",
    "NoteFile",
    "NoteReader",
    "heading_roles",
    "parse_file",
    "parse_text",
    "read_note_file",
    "collect_note_files",
    "parse_paths",
]

_NO_PAPER = ("no paper heading found (expected a line like '## ResNet - 2015', front matter with a title, "
             "or a file named after its paper)")


@dataclass(frozen=True)
class NoteFile:
    """A notes file that was read: its path as given and the SHA-256 of its bytes."""

    path: str
    sha256: str


@dataclass(frozen=True)
class ParsedFile:
    """One file's sections, warnings and report (where each line went)."""

    sections: tuple[PaperSection, ...]
    warnings: tuple[ParseWarning, ...]
    report: FileReport


@dataclass(frozen=True)
class ParsedCorpus:
    """Everything parsed from a set of paths, in reading order, with a report per file."""

    sections: tuple[PaperSection, ...]
    warnings: tuple[ParseWarning, ...]
    files: tuple[NoteFile, ...]
    reports: tuple[FileReport, ...] = ()
    sources: tuple[str, ...] = ()  # per notes app folder: what its pages were read as (one line each)
    concepts: tuple[ConceptPage, ...] = ()  # notes apps' concept pages
    glossary: tuple[GlossaryEntry, ...] = ()  # notes apps' glossary entries (looked up by term, never nodes)
    meeting_lines: tuple[MeetingLine, ...] = ()  # notes apps' meeting-page lines that name no paper (never notes)


# --- phase 1: lines ------------------------------------------------------------------------------

def is_empty(text: str) -> bool:
    """Whether a file holds nothing but white space (and a byte-order mark)."""
    return not text.lstrip("\ufeff").strip()


def split_lines(text: str, file: str) -> list[str]:
    """The file's lines (a BOM dropped, CRLF accepted); an empty file or an overlong line is an error.

    >>> split_lines("\\ufeffa\\r\\nb\\n", "x.md")
    ['a', 'b']
    """
    text = text.lstrip("\ufeff")
    if is_empty(text):
        raise IngestError("file is empty", file)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if len(line) > LIMITS["max_line_chars"]:
            raise IngestError(f"line is {len(line)} characters long (limit {LIMITS['max_line_chars']})", file, number)
    return lines


# --- phase 3: which headings are papers -----------------------------------------------------------

@dataclass(frozen=True)
class _Heading:
    index: int  # 0-based line index
    level: int
    text: str
    parts: HeadingParts
    direct: bool  # content lines between it and the next heading
    prose_only: bool  # that content (if any) is only prose and labels: no questions, bullets or fields


def _headings(kinds: list[Line], start: int, current_year: int) -> list[_Heading]:
    found = []
    positions = [i for i in range(start, len(kinds)) if kinds[i].kind == "heading"]
    for n, index in enumerate(positions):
        end = positions[n + 1] if n + 1 < len(positions) else len(kinds)
        content = {kinds[i].kind for i in range(index + 1, end)} - {"blank", "rule"}
        found.append(_Heading(index, kinds[index].level, kinds[index].text,
                              read_heading(kinds[index].text, current_year), bool(content),
                              content <= {"text", "label"}))
    return found


def _same_name(a: str | None, b: str | None) -> bool:
    """``Attention-Is-All-You-Need`` and ``Attention is all you need`` name the same page."""
    return bool(a and b) and compact_key(a) == compact_key(b)


def heading_roles(headings: list[_Heading], page_name: str | None = None) -> list[str]:
    """``paper``, ``title`` or ``label`` for each heading, in order.

    A heading shaped like a paper heading (a meeting prefix, a year, authors) is a paper at any
    level; a plain heading is a paper unless it sits under a paper at a deeper level (then it is a
    sub-heading, a ``label``) or names a part of notes (``Questions``, ``Results``). A heading
    with no notes of its own and papers under it is a (document or group) ``title``, as is a
    file's first heading with no notes when paper headings follow it, and a file's first heading
    with only prose under it (an introduction) when papers follow at deeper levels, or when it is
    plain and paper-shaped headings follow. A heading
    that repeats the file's name (``# Attention Is All You Need`` in ``Attention Is All You
    Need.md``) is that page's paper, and the plain headings under it are its sub-headings, unless
    paper-shaped headings follow under it (then it is the file's title).
    """
    syntax = note_syntax()
    shapes = []
    for heading in headings:
        if syntax.is_section_label(heading.parts.title or heading.text) and not heading.parts.prefixed:
            shapes.append("generic")
        else:
            shapes.append("shaped" if heading.parts.reads_as_paper else "plain")

    def papers_below(i: int) -> bool:
        for j in range(i + 1, len(headings)):
            if headings[j].level <= headings[i].level:
                return False
            if shapes[j] == "shaped" or (shapes[j] == "plain" and headings[j].direct):
                return True
        return False

    roles: list[str] = []
    enclosing: int | None = None  # the level of the paper the headings are under
    for i, heading in enumerate(headings):
        if enclosing is not None and heading.level <= enclosing:
            enclosing = None
        if shapes[i] == "generic" or (shapes[i] == "plain" and enclosing is not None):
            roles.append("label")
            continue
        heads_file = i == 0 and not heading.parts.prefixed
        # a file named after its first heading is that paper's page, unless paper-shaped headings
        # follow under it ("# Catch-up sessions" in catch-up-sessions.md, then "## Heron (2019)")
        names_page = _same_name(heading.parts.title, page_name) and not any(
            shapes[j] == "shaped" for j in range(i + 1, len(headings)) if headings[j].level > heading.level)
        no_notes_of_its_own = not heading.direct and (papers_below(i) or (heads_file and "shaped" in shapes[1:]))
        introduces_file = heads_file and heading.prose_only and (
            papers_below(i) or (shapes[i] == "plain" and "shaped" in shapes[1:]))
        if not names_page and (no_notes_of_its_own or introduces_file):
            roles.append("title")
            continue
        roles.append("paper")
        enclosing = heading.level
    return roles


# --- phase 4: notes in their shapes ----------------------------------------------------------------

@dataclass
class _Draft:
    """A note being read."""

    shape: str
    line: int
    number: int | None
    question: str
    indent: int = 0
    answers: list = field(default_factory=list)  # [text, line]
    links: list = field(default_factory=list)
    ended_by_blank: bool = False


class NoteReader:
    """Reads the lines under one paper into notes and fields, recording each line's use.

    Feed it classified lines in order with :meth:`feed`; :meth:`close` ends the open note.

    >>> lines = ["- top", "  - child", "Q: why?", "A: because"]
    >>> reader = NoteReader("x.md", [None] * 4)
    >>> for i, (text, kind) in enumerate(zip(lines, classify_lines(lines))):
    ...     reader.feed(i, text, kind)
    >>> reader.close(); [(n.shape, n.question, n.answers) for n in reader.notes]
    [('bullet', 'top', ('child',)), ('qa', 'why?', ('because',))]
    """

    def __init__(self, file: str, uses: list):
        self.file = file
        self.uses = uses
        self.notes: list[Note] = []
        self.fields: list[Field] = []
        self.warnings: list[ParseWarning] = []
        self._drafts: list[_Draft] = []
        self._draft: _Draft | None = None

    # -- what each kind of line does --
    def feed(self, index: int, raw: str, line: Line) -> None:
        """Take one line (``index`` 0-based) and record where it went."""
        number = index + 1
        if line.kind in ("fence", "code"):  # code is kept as written, in the note it sits in
            self._text(number, raw.rstrip(), keep_indent=True)
            return
        handler = getattr(self, f"_on_{line.kind}")
        handler(number, line)

    def _on_blank(self, number: int, line: Line) -> None:
        self.uses[number - 1] = "blank"
        if self._draft is not None:
            if self._draft.shape == "paragraph":
                self._end()
            else:
                self._draft.ended_by_blank = True

    def _on_markup(self, number: int, line: Line) -> None:  # a table's delimiter row, a heading's underline
        self.uses[number - 1] = "blank"

    def _on_rule(self, number: int, line: Line) -> None:
        self.uses[number - 1] = "blank"
        self._end()

    def _on_heading(self, number: int, line: Line) -> None:  # a sub-heading inside a paper's notes
        self.uses[number - 1] = "label"
        self._end()

    def _on_label(self, number: int, line: Line) -> None:
        self.uses[number - 1] = "label"
        self._end()

    def _on_field(self, number: int, line: Line) -> None:
        self.uses[number - 1] = "field"
        self._end()
        self.fields.append(Field(line.key, render_links(line.text), SourcePosition(self.file, number)))

    def _on_question(self, number: int, line: Line) -> None:
        draft = self._draft
        if draft is not None and draft.shape in ("question", "bullet") and line.indent >= draft.indent + 2:
            self._answer(number, line.text)  # a numbered sub-item of a note
            return
        self._end()
        if line.junk:
            self.warnings.append(ParseWarning(f"removed stray characters {line.junk!r} before question "
                                              f"{line.number}", SourcePosition(self.file, number)))
        self._start("question", number, line.number, line.text, line.indent)

    def _on_q(self, number: int, line: Line) -> None:
        self._end()
        self._start("qa", number, None, line.text, line.indent)

    def _on_a(self, number: int, line: Line) -> None:
        if self._draft is not None and self._draft.shape in ("qa", "question"):
            self._answer(number, line.text)
            return
        self._end()  # an answer with no question before it: a Q/A note with an empty question
        self._start("qa", number, None, "", line.indent)
        self._answer(number, line.text)

    def _on_bullet(self, number: int, line: Line) -> None:
        draft = self._draft
        if draft is not None and (draft.shape in ("question", "qa")
                                  or (draft.shape == "bullet" and line.indent >= draft.indent + 2)):
            self._answer(number, line.text)
            return
        self._end()
        self._start("bullet", number, None, line.text, line.indent)

    def _on_text(self, number: int, line: Line) -> None:
        self._text(number, line.text, line.indent)

    # -- building notes --
    def _text(self, number: int, text: str, indent: int = 0, keep_indent: bool = False) -> None:
        """Prose (indented ``indent`` columns): a continuation of the open note, else the start of a paragraph."""
        draft = self._draft
        continues = draft is not None and (draft.shape == "paragraph" or not draft.ended_by_blank)
        if continues and draft.shape == "bullet" and not keep_indent and indent < draft.indent + 2:
            continues = False  # prose at the bullet's own margin is a paragraph, not part of the bullet
        if not continues:
            self._end()
            self._start("paragraph", number, None, "", 0)
            draft = self._draft
        self.uses[number - 1] = "note"
        self._collect_links(text)
        text = render_links(text) if not keep_indent else text
        if draft.shape == "paragraph" or (draft.shape == "qa" and not draft.answers):
            if draft.shape == "paragraph":
                draft.answers.append([text, number])
            else:
                draft.question = f"{draft.question}\n{text}".strip()
        elif draft.answers and draft.answers[-1][0].strip():
            draft.answers[-1][0] = f"{draft.answers[-1][0]}\n{text}"
        elif draft.shape == "bullet" and not draft.answers:
            draft.question = f"{draft.question}\n{text}".strip()
        else:
            draft.answers.append([text, number])

    def _collect_links(self, text: str) -> None:
        if self._draft is None:
            return
        if "[[" in text:
            self._draft.links += [m.group(1).strip() for m in WIKI_LINK.finditer(text) if m.group(1).strip()]
        if "](" in text:  # a Markdown link to a page: the name it shows, then its file's (a Notion export cuts a
            # long title in the file name: "Extending Context Window of Large Language Models")
            self._draft.links += [name for link in find_links(WIKI_LINK.sub(" ", text), 0) if not link.embed
                                  for name in (link.label, link.target) if name and name.strip()]

    def _start(self, shape: str, number: int, given: int | None, text: str, indent: int) -> None:
        self._draft = _Draft(shape, number, given, "", indent)
        self.uses[number - 1] = "note"
        self._collect_links(text)
        self._draft.question = render_links(text)

    def _answer(self, number: int, text: str) -> None:
        self.uses[number - 1] = "note"
        self._collect_links(text)
        self._draft.answers.append([render_links(text), number])
        self._draft.ended_by_blank = False

    def end_note(self) -> None:
        """End the open note: the next line starts a new one (a notes app's next block)."""
        self._end()

    def _end(self) -> None:
        if self._draft is not None:
            self._drafts.append(self._draft)
        self._draft = None

    def close(self) -> None:
        """End the open note and turn the drafts into :class:`Note` records (numbers assigned)."""
        self._end()
        highest = 0
        for draft in self._drafts:
            number = draft.number if draft.number is not None else highest + 1
            highest = max(highest, number)
            kept = [(text.strip(), line) for text, line in draft.answers if text.strip()]
            self.notes.append(Note(number, len(self.notes) + 1, draft.question.strip(), tuple(t for t, _ in kept),
                                   SourcePosition(self.file, draft.line), tuple(line for _, line in kept),
                                   tuple(dict.fromkeys(draft.links)), draft.shape))
        self._drafts = []


# --- phase 5: a paper's record ---------------------------------------------------------------------

def _check_year(year: int | None, file: str, line: int, current_year: int) -> None:
    if year is None:
        return
    if year > current_year:
        raise IngestError(f"year {year} in heading is in the future", file, line)
    if year < LIMITS["min_year"]:
        raise IngestError(f"year {year} in heading is implausible (before {LIMITS['min_year']})", file, line)


def assemble_section(parts: HeadingParts, heading: str, position: SourcePosition, reader: NoteReader,
                     front: FrontMatter, order: int, current_year: int,
                     warnings: list[ParseWarning]) -> PaperSection:
    """A paper's record from its heading parts, its page's front matter and its ``Key: value`` fields.

    The heading wins over a field that says the same thing differently (with a warning for the year).
    """
    fields = list(reader.fields)
    by_key: dict[str, list[Field]] = {}
    for item in fields:
        by_key.setdefault(item.key, []).append(item)

    def first(key: str) -> str | None:
        return next((f.value for f in by_key.get(key, ()) if f.value.strip()), None) or front.text(key)

    year = parts.year
    stated = first("year")
    if stated:
        found = re.search(r"\b\d{4}\b", stated)
        stated_year = int(found.group()) if found else None
        where = by_key["year"][0].source.line if by_key.get("year") else front.key_lines.get("year", position.line)
        if stated_year is None:
            warnings.append(ParseWarning(f"year {stated!r} is not a year; ignored", SourcePosition(position.file, where)))
        elif year is None:
            _check_year(stated_year, position.file, where, current_year)
            year = stated_year
        elif stated_year != year:
            warnings.append(ParseWarning(f"the heading says {year}, a field says {stated_year}; keeping {year}",
                                         SourcePosition(position.file, where)))
    aliases = [*parts.aliases, *front.items("aliases")]
    for item in by_key.get("aliases", ()):
        aliases += split_list(item.value)
    # the authors the page states (front matter, an Authors: line) in full, else the heading's short form; a
    # placeholder ("Authors: TBD", "?") states none
    stated_authors = [a for a in (front.items("authors") or next(
        (split_list(f.value) for f in by_key.get("authors", ()) if f.value.strip()), ())) if compact_key(a)]
    placeholder = {compact_key(w) for w in word_set("non_answers")}
    if compact_key(" ".join(stated_authors)) in placeholder:  # the whole value ("TBD", "N/A"), not a name ("Na")
        stated_authors = []
    authors = stated_authors or parts.authors
    tags = [*front.items("tags")]
    for item in by_key.get("tags", ()):  # "NeRF, anti-aliasing", "#cnn #vision": a phrase, or each #-word
        tags += [t.strip("#") for part in re.split(r"[,;]", item.value) if part.strip(" #")
                 for t in (part.split() if "#" in part else [part.strip()]) if t.strip("#")]
    title = parts.title
    return PaperSection(
        title=title, year=year, discussion=parts.discussion, heading=heading, notes=tuple(reader.notes),
        source=position, order=order, authors=tuple(authors),
        aliases=tuple(dict.fromkeys(a for a in aliases if a and a.lower() != title.lower())),
        venue=parts.venue or first("venue"), summary=first("summary"), tags=tuple(dict.fromkeys(tags)),
        fields=tuple(fields),
    )


def _front_matter_fields(front: FrontMatter, file: str) -> list[Field]:
    fields = []
    for key, value in front.values.items():
        if key in ("title", "type"):
            continue
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        fields.append(Field(key, text, SourcePosition(file, front.key_lines.get(key, 1))))
    return fields


# --- one file, all phases --------------------------------------------------------------------------

def _warn_unused_block(file: str, uses: list, lines: list[Line], first: int, last: int, why: str,
                       warnings: list[ParseWarning]) -> str:
    """Mark lines first..last (0-based) not used, with one warning naming them and any question among them;
    returns the words naming those questions (empty when there are none)."""
    content = [i for i in range(first, last + 1) if lines[i].kind not in ("blank", "rule")]
    for i in range(first, last + 1):
        uses[i] = "blank"
    for i in content:
        uses[i] = "unused"
    if not content:
        return ""
    questions = [i + 1 for i in content if lines[i].kind in ("question", "q")]
    span = f"line {content[0] + 1} is" if len(content) == 1 else f"lines {content[0] + 1}-{content[-1] + 1} are"
    listed = ", ".join(map(str, questions[:10])) + (", ..." if len(questions) > 10 else "")
    extra = f" (questions at line {listed})" if questions else ""
    warnings.append(ParseWarning(f"{span} {why}; not used{extra}", SourcePosition(file, content[0] + 1)))
    return extra


def _page_paper(file: str, front: FrontMatter, current_year: int) -> tuple[HeadingParts, str] | None:
    """The one paper a page without paper headings is about: its front matter title, else its file name."""
    title = front.text("title")
    if title:
        parts = read_heading(title, current_year)
        return HeadingParts(title=title.strip(), year=parts.year, aliases=parts.aliases), title.strip()
    stem = Path(file).stem
    name = title_from_file_name(stem)
    if name is None:
        return None
    return read_heading(name, current_year), stem


def _is_one_page(front: FrontMatter, headings: list[_Heading], roles: list[str]) -> bool:
    """A page is one paper when it has no paper heading, or when its front matter names it and none
    of its paper headings is shaped like one (its headings are then sub-headings of that paper)."""
    if "paper" not in roles:
        return True
    return bool(front.text("title")) and not any(
        h.parts.reads_as_paper for h, r in zip(headings, roles) if r == "paper")


class _FileWalk:
    """Phase 4 over a whole file: opens a :class:`NoteReader` per paper, closes it into a record,
    and marks what lies outside any paper as not used (with a warning)."""

    def __init__(self, file: str, raw_lines: list[str], kinds: list[Line], front: FrontMatter,
                 first_order: int, current_year: int):
        self.file, self.raw_lines, self.kinds, self.front = file, raw_lines, kinds, front
        self.first_order, self.current_year = first_order, current_year
        self.uses: list = [None] * len(raw_lines)
        self.warnings: list[ParseWarning] = []
        self.sections: list[PaperSection] = []
        self.reader: NoteReader | None = None
        self.opened: tuple[HeadingParts, str, SourcePosition] | None = None
        self.page = False
        self._unused_from: int | None = None
        self._title: str | None = None  # the title heading that the lines since the last paper are under
        for i in range(front.lines):
            self.uses[i] = "field" if front.error is None else "unused"
        if front.error:
            self.warnings.append(ParseWarning(front.error, SourcePosition(file, 1)))

    def skip(self, reason: str) -> ParsedFile:
        """The file gives no paper: every content line is not used, one warning says why."""
        questions = _warn_unused_block(self.file, self.uses, self.kinds, self.front.lines, len(self.kinds) - 1,
                                       "in a file that gives no paper", [])
        self.warnings.append(ParseWarning(f"{reason}; file skipped{questions}", SourcePosition(self.file, 1)))
        return ParsedFile((), tuple(self.warnings), FileReport(self.file, 0, 0, tuple(self.uses), reason))

    def read_page(self, parts: HeadingParts, name: str) -> None:
        """The whole page (after its front matter) is one paper's notes; headings are sub-headings."""
        self.page = True
        start = self.front.lines
        self._open(parts, name, SourcePosition(self.file, start + 1 if start < len(self.kinds) else 1))
        for index in range(start, len(self.kinds)):
            self.reader.feed(index, self.raw_lines[index], self.kinds[index])
        self._close()

    def read_sections(self, headings: list[_Heading], roles: list[str]) -> None:
        """Each paper heading opens a paper; title headings close it; sub-headings are labels."""
        role_at = {h.index: (h, r) for h, r in zip(headings, roles)}
        for index in range(self.front.lines, len(self.kinds)):
            if index in role_at:
                self._flush_unused(index)
                heading, role = role_at[index]
                if role == "label" and self.reader is not None:
                    self.reader.feed(index, self.raw_lines[index], self.kinds[index])
                    continue
                self._close()
                self.uses[index] = role
                if role == "title":
                    self._title = heading.text
                elif role == "paper":
                    _check_year(heading.parts.year, self.file, index + 1, self.current_year)
                    if not heading.parts.title:
                        raise IngestError("paper heading has no title", self.file, index + 1)
                    self._open(heading.parts, heading.text, SourcePosition(self.file, index + 1))
            elif self.reader is None:
                self._unused_from = index if self._unused_from is None else self._unused_from
            else:
                self.reader.feed(index, self.raw_lines[index], self.kinds[index])
        self._flush_unused(len(self.kinds))
        self._close()

    def _open(self, parts: HeadingParts, heading: str, position: SourcePosition) -> None:
        self.reader = NoteReader(self.file, self.uses)
        self.opened = (parts, heading, position)

    def _close(self) -> None:
        if self.reader is None:
            return
        self.reader.close()
        self.warnings.extend(self.reader.warnings)
        parts, heading, position = self.opened
        section = assemble_section(parts, heading, position, self.reader, self.front if self.page else FrontMatter(),
                                   self.first_order + len(self.sections), self.current_year, self.warnings)
        if self.page:
            section = replace(section, fields=tuple(_front_matter_fields(self.front, self.file)) + section.fields)
        if not section.notes:
            self.warnings.append(ParseWarning(f"'{section.title}' has no notes", position))
        self.sections.append(section)
        self.reader, self.opened = None, None

    def _flush_unused(self, upto: int) -> None:
        if self._unused_from is not None:
            why = (f"under the title '{self._title}', not under a paper heading" if self._title
                   else "before any paper heading")
            _warn_unused_block(self.file, self.uses, self.kinds, self._unused_from, upto - 1, why, self.warnings)
        self._unused_from = None

    def result(self) -> ParsedFile:
        report = FileReport(self.file, len(self.sections), sum(len(s.notes) for s in self.sections),
                            tuple(u or "unused" for u in self.uses))
        return ParsedFile(tuple(self.sections), tuple(self.warnings), report)


def parse_file(text: str, file: str = "<text>", *, first_order: int = 0,
               current_year: int | None = None) -> ParsedFile:
    """Parse one notes file through every phase; a file that gives no paper is reported as skipped.

    Examples
    --------
    >>> parsed = parse_file("# Our group\\n\\n## Week 1 — DDPM (Ho et al., 2020)\\nPresenter: Minh\\n1. Why?\\n- noise\\n")
    >>> section = parsed.sections[0]
    >>> section.title, section.year, section.authors, [f.key for f in section.fields], parsed.report.line_uses
    ('DDPM', 2020, ('Ho',), ['presenter'], ('title', 'blank', 'paper', 'field', 'note', 'note'))
    """
    current_year = current_year or _dt.date.today().year
    raw_lines = split_lines(text, file)                                   # phase 1
    front = read_front_matter(raw_lines)
    kinds = classify_lines(raw_lines, front.lines)                        # phase 2
    headings = _headings(kinds, front.lines, current_year)                # phase 3
    roles = heading_roles(headings, title_from_file_name(Path(file).stem))
    walk = _FileWalk(file, raw_lines, kinds, front, first_order, current_year)
    if _is_one_page(front, headings, roles):
        page = _page_paper(file, front, current_year)
        page_type = (front.text("type") or "paper").lower()
        if page is None:
            return walk.skip(_NO_PAPER)
        if page_type not in note_syntax().paper_types:
            return walk.skip(f"front matter says type '{page_type}', not a paper")
        # a year in the front matter title or the file name is checked like one in a heading
        _check_year(page[0].year, file, front.key_lines.get("title", 1), current_year)
        walk.read_page(*page)                                             # phases 4 and 5
    else:
        walk.read_sections(headings, roles)                               # phases 4 and 5
        _warn_mixed_levels(file, headings, roles, walk.warnings)
    _warn_repeats(file, walk.sections, walk.warnings)
    return walk.result()


_YEAR_ALONE_AT_END = re.compile(r"\s*(?:[\(\[]\s*(?:19|20)\d{2}\s*[\)\]]|[-–—,:]?\s+(?:19|20)\d{2})\s*$")
# "EWC - Kirkpatrick 2017": after a dash, words and a year are a citation of the page's paper, part of its name
# as the app shows it (as "Adapters (Houlsby 2019)" is); the words are its authors, no other name of it
_CITATION_AT_END = re.compile(r"\s[-–—]\s+(?P<cited>(?:(?!\s[-–—]\s)[^\d])+?)[,\s]+(?:19|20)\d{2}\s*$")


def _parts_around_dash(name: str, authors=()) -> list[str]:
    """The parts of a page name "short name - remark" ("See 2017 - pointer-generator", "GCN - Kipf Welling") that are
    names too: the short name (:func:`ingest.headings.reads_as_a_short_name`), and the remark unless it is generic
    ("TODO"), a venue, or the family names of the page's ``authors``. A page named after its year ("2016 - Heron")
    has no short name.

    >>> _parts_around_dash("See 2017 - pointer-generator")
    ['See 2017', 'pointer-generator']
    >>> _parts_around_dash("GCN - Kipf Welling", ["Thomas N. Kipf", "Max Welling"])
    ['GCN']
    >>> _parts_around_dash("2016 - Heron"), _parts_around_dash("Wren - TODO"), _parts_around_dash("Wren")
    ([], ['Wren'], [])
    """
    match = _SHORT_NAME_BEFORE_DASH.match(name)
    if not match or not reads_as_a_short_name(match["name"]):
        return []
    rest = match["rest"].strip()
    families = {str(a).split()[-1].lower() for a in authors if str(a).split()}
    cited = {w.lower() for w in re.findall(r"[^\W\d_]+", rest)} <= families or is_author_list(rest)
    words = len(rest.split()) > 1  # "neural attention summarization"; one word only of a name's shape ("intro" is none)
    remark = (words or reads_as_a_short_name(rest) or "-" in rest) and not cited \
        and rest.lower() not in note_syntax().generic_file_names
    return [match["name"], *([rest] if remark else [])]


# "GCN - Kipf Welling", "See 2017 - pointer-generator": a page named by a short name and a remark after a spaced
# dash answers to each part, as a heading "Wren - Wide Residual Ensembles" does (no dash inside either part)
_SHORT_NAME_BEFORE_DASH = re.compile(
    r"^(?P<name>[^\s\-–—]\S*(?:\s[^\s\-–—]\S*)*?)\s[-–—]\s+(?P<rest>(?:(?!\s[-–—]\s).)+)$")


def name_without_year(name: str) -> str:
    """A page's name less a year standing alone at its end: "Wren (2021)", "Wren 2021", "Wren - 2021" -> "Wren".

    >>> name_without_year("Wren Songs (2019)"), name_without_year("PixelRNN - 2016"), name_without_year("DS-1000")
    ('Wren Songs', 'PixelRNN', 'DS-1000')
    """
    return _YEAR_ALONE_AT_END.sub("", name).strip() or name.strip()


def read_page_lines(lines: list[str], file: str, name: str, front: FrontMatter, *, first_order: int = 0,
                    current_year: int | None = None) -> ParsedFile:
    """One page of a notes app (already in plain Markdown, see :mod:`ingest.readers`) read as the notes
    of the paper ``name``: its headings are sub-headings, ``front`` its properties.

    The paper is named as the page is (the name a person sees in the app); the name without a year standing
    alone at its end ("Wren" for "Wren (2021)"), the short name a heading would give (``Wren`` for
    ``Wren - Wide Residual Ensembles``) and a bracketed second name are its aliases.

    >>> parsed = read_page_lines(["- Why?", "  - it scales"], "w.md", "Wren (2021)", FrontMatter())
    >>> s = parsed.sections[0]; (s.title, s.aliases, s.year, s.notes[0].question, s.notes[0].answers)
    ('Wren (2021)', ('Wren',), 2021, 'Why?', ('it scales',))
    >>> s = read_page_lines(["- x"], "w.md", "Wren - Wide Residual Ensembles", FrontMatter()).sections[0]
    >>> s.title, s.aliases
    ('Wren - Wide Residual Ensembles', ('Wren', 'Wide Residual Ensembles'))
    >>> s = read_page_lines(["- x"], "d.md", "Wren-1000", FrontMatter()).sections[0]
    >>> s.title, s.year
    ('Wren-1000', None)
    >>> read_page_lines(["- x"], "s.md", "Wren 2017 - tidal-gen", FrontMatter()).sections[0].aliases
    ('Wren 2017', 'tidal-gen')
    >>> read_page_lines(["- x"], "z.md", "Okafor & Lind 2017", FrontMatter()).sections[0].title
    'Okafor & Lind 2017'
    >>> s = read_page_lines(["- x"], "w.md", "Wren - Okafor-Vale & Lee 2021", FrontMatter()).sections[0]
    >>> s.title, s.aliases, s.year
    ('Wren - Okafor-Vale & Lee 2021', ('Wren',), 2021)
    """
    current_year = current_year or _dt.date.today().year
    kinds = classify_lines(lines, front.lines)
    walk = _FileWalk(file, list(lines), kinds, front, first_order, current_year)
    parts = read_heading(name, current_year)
    cited = _CITATION_AT_END.search(name)
    if parts.year is not None and parts.year < LIMITS["min_year"]:  # "DS-1000": a number of the name, no year
        parts = replace(parts, year=None)
        shown, names = name.strip(), ()
    elif cited:  # the name before the citation is the short name; the cited authors are no name of the paper
        shown, authors = name.strip(), cited["cited"].strip().lower()
        names = (name[:cited.start()].strip(), *(a for a in parts.aliases if a.lower() != authors))
    else:  # "Wren (2021)": the name a person sees, with its year; the name without it is another of its names
        shown, bare = name.strip(), name_without_year(name)
        if is_author_list(bare):  # "Zimmermann & Brox 2017": a citation; the names alone are the authors'
            bare = shown
        authors = front.values.get("authors") or ()
        names = (bare, parts.title, *parts.aliases,
                 *_parts_around_dash(bare, (authors,) if isinstance(authors, str) else authors))
    aliases = tuple(dict.fromkeys(a for a in names if a and a.lower() != shown.lower()))
    parts = replace(parts, title=shown, aliases=aliases)
    _check_year(parts.year, file, 1, current_year)
    walk.read_page(parts, name)
    walk.sections = [replace(section, named_by_page=True) for section in walk.sections]
    _warn_repeats(file, walk.sections, walk.warnings)
    return walk.result()


def _warn_mixed_levels(file: str, headings: list[_Heading], roles: list[str], warnings: list[ParseWarning]) -> None:
    """One warning when paper headings of one file sit at different levels (``#`` among ``##``)."""
    levels = [h for h, r in zip(headings, roles) if r == "paper"]
    counts: dict[int, int] = {}
    for heading in levels:
        counts[heading.level] = counts.get(heading.level, 0) + 1
    if len(counts) < 2:
        return
    usual = max(counts, key=lambda level: (counts[level], -level))
    odd = [h for h in levels if h.level != usual]
    where = ", ".join(f"line {h.index + 1} ({'#' * h.level})" for h in odd[:5])
    warnings.append(ParseWarning(f"paper headings mix levels: most are {'#' * usual}, but {where}; "
                                 f"each is read as its own paper", SourcePosition(file, odd[0].index + 1)))


def _warn_repeats(file: str, sections: list[PaperSection], warnings: list[ParseWarning]) -> None:
    """Warnings for repeated discussion numbers and repeated question numbers within a paper."""
    seen_discussions: dict[int, int] = {}
    for section in sections:
        if section.discussion is not None:
            if section.discussion in seen_discussions:
                warnings.append(ParseWarning(
                    f"discussion number {section.discussion} repeats (first at line "
                    f"{seen_discussions[section.discussion]})", section.source))
            seen_discussions.setdefault(section.discussion, section.source.line)
        numbers: set[int] = set()
        for note in section.notes:
            if note.shape != "question":
                continue
            if note.number in numbers:
                warnings.append(ParseWarning(f"question number {note.number} repeats in '{section.title}'",
                                             note.source))
            numbers.add(note.number)


def parse_text(text: str, file: str = "<text>", *, first_order: int = 0,
               current_year: int | None = None) -> tuple[list[PaperSection], list[ParseWarning]]:
    """Parse the text of one notes file; a file that gives no paper is an error here.

    Parameters
    ----------
    text : str
        The decoded text (a leading BOM and CRLF line ends are accepted).
    file : str
        The name used in records, warnings and errors (a file with no paper heading may be named
        after its paper: ``Neural-Radiance-Fields.md``).
    first_order : int
        Reading-order number given to the first section (for multi-file corpora).

    Returns
    -------
    sections, warnings

    Examples
    --------
    >>> sections, _ = parse_text("## Discussion 3 ResNet - 2015\\n1. Why?\\n- depth\\n")
    >>> sections[0].title, sections[0].year, sections[0].notes[0].answers
    ('ResNet', 2015, ('depth',))
    """
    parsed = parse_file(text, file, first_order=first_order, current_year=current_year)
    if not parsed.sections:
        raise IngestError(parsed.report.skipped or _NO_PAPER, file)
    return list(parsed.sections), list(parsed.warnings)


# --- files and folders (found by :mod:`ingest.discovery`) ---------------------------------------------


def _note_key(section: PaperSection, note: Note) -> tuple[str, str] | None:
    if note.is_empty:
        return None
    return " ".join(section.title.lower().split()), " ".join(note.text.lower().split())


def _drop_copies(parsed: ParsedFile, seen: dict, warnings: list[ParseWarning]) -> ParsedFile:
    """Notes already read from another file (same paper, same words) are dropped with a warning."""
    uses = list(parsed.report.line_uses)
    sections = []
    for section in parsed.sections:
        kept = []
        for note in section.notes:
            key = _note_key(section, note)
            first = seen.get(key) if key else None
            if first is not None and first.file != note.source.file:
                warnings.append(ParseWarning(f"same note as {first.file}:{first.line} ('{section.title}'); "
                                             f"the copy is not used", note.source))
                for line in (note.source.line, *note.answer_lines):
                    uses[line - 1] = "unused"
                continue
            if key:
                seen.setdefault(key, note.source)
            kept.append(note)
        sections.append(replace(section, notes=tuple(kept)))
    report = replace(parsed.report, notes=sum(len(s.notes) for s in sections), line_uses=tuple(uses))
    return ParsedFile(tuple(sections), parsed.warnings, report)


def _read_app_folder(folder: Path, notes_format: str, display_root: Path | None, first_order: int):
    """A notes app's folder through its reader and the one interpreter (:mod:`ingest.page_roles`)."""
    from ingest.page_roles import read_source
    from ingest.readers import app_readers

    source = app_readers()[notes_format].read(folder, display_root)
    reading = read_source(source, first_order=first_order)
    return source, reading


def parse_paths(paths: list[Path] | tuple[Path, ...], display_root: Path | None = None,
                notes_format: str = "auto") -> ParsedCorpus:
    """Read and parse every notes file under ``paths``, in sorted reading order.

    Files are named relative to ``display_root`` when they lie under it (as given otherwise);
    that name is what evidence, warnings and errors show. A file that gives no paper, and a file
    with the same bytes as one already read, is skipped with a warning; notes that repeat another
    file's notes of the same paper word for word are dropped with a warning. If no file gives a
    paper, that is an error naming the first file. A folder kept by a notes app (an Obsidian vault, a
    Logseq graph, a Notion export: detected from its marks, or chosen by ``notes_format``) is read by
    that app's reader (:mod:`ingest.readers`) and the one interpreter (:mod:`ingest.page_roles`).
    """
    sections: list[PaperSection] = []
    warnings: list[ParseWarning] = []
    files: list[NoteFile] = []
    reports: list[FileReport] = []
    digests: dict[str, str] = {}
    seen_notes: dict = {}
    sources: list[str] = []
    concepts: list[ConceptPage] = []
    glossary: list[GlossaryEntry] = []
    meeting_lines: list[MeetingLine] = []
    from ingest.readers import detect_format

    plain = []
    for given in paths:
        chosen = detect_format(Path(given), notes_format) if Path(given).is_dir() else "markdown"
        if chosen == "markdown":
            plain.append(given)
            continue
        source, reading = _read_app_folder(Path(given), chosen, display_root, len(sections))
        sections.extend(reading.sections)
        warnings.extend(reading.warnings)
        reports.extend(reading.reports)
        files.extend(NoteFile(name, digest) for name, digest in source.digests)
        sources.append(reading.summary_line(source))
        concepts.extend(reading.concepts)
        glossary.extend(reading.glossary)
        meeting_lines.extend(reading.meeting_lines)
    for path in collect_note_files(plain) if plain else ():
        name = display_name(path, display_root)
        text, digest, encoding = read_note_file(path, name)
        if encoding:
            warnings.append(ParseWarning(f"not UTF-8: read as {encoding}; save it as UTF-8 to silence this",
                                         SourcePosition(name, 1)))
        if digest in digests:
            message = f"same content as {digests[digest]}"
            warnings.append(ParseWarning(f"{message}; file skipped", SourcePosition(name, 1)))
            uses = tuple("unused" if line.strip() else "blank" for line in text.splitlines())
            reports.append(FileReport(name, 0, 0, uses, message))
            continue
        digests[digest] = name
        if is_empty(text):
            warnings.append(ParseWarning("file is empty; skipped", SourcePosition(name, 1)))
            reports.append(FileReport(name, 0, 0, (), "file is empty"))
            continue
        parsed = parse_file(text, name, first_order=len(sections))
        parsed = _drop_copies(parsed, seen_notes, warnings)
        sections.extend(parsed.sections)
        warnings.extend(parsed.warnings)
        reports.append(parsed.report)
        files.append(NoteFile(name, digest))
    if not sections:
        first = reports[0] if reports else None
        raise IngestError(first.skipped if first and first.skipped else _NO_PAPER, first.file if first else None)
    return ParsedCorpus(tuple(sections), tuple(warnings), tuple(files), tuple(reports), tuple(sources),
                        tuple(concepts), tuple(glossary), tuple(meeting_lines))
