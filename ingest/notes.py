"""Parse Markdown/text discussion notes into typed records (paper sections and notes).

The format is the one reading groups actually write: a heading per paper
(``## Discussion 3 ResNet - 2015``, ``# ResNet (2015)``, ``### ResNet — 2015`` or just
``## ResNet``), numbered questions (``1.`` or ``1)``) and answer bullets (``-``, ``*``, ``•``).
The parser repairs what it safely can (CRLF, a BOM, mis-encoded bytes before a question
number, repeated numbers) and reports it as a warning; what it cannot read raises
:class:`~ingest.errors.IngestError` naming the file and line.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError
from ingest.records import Note, PaperSection, ParseWarning, SourcePosition

__all__ = [
    "NOTE_SUFFIXES",
    "LIMITS",
    "ParsedCorpus",
    "NoteFile",
    "parse_text",
    "read_note_file",
    "collect_note_files",
    "parse_paths",
]

NOTE_SUFFIXES = (".md", ".markdown", ".txt")

#: Input limits (documented in the README): what is larger is rejected with an IngestError.
LIMITS = {
    "max_file_bytes": 5 * 1024 * 1024,
    "max_line_chars": 10_000,
    "max_files": 10_000,
    "max_folder_depth": 32,
    "min_year": 1940,
}

_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_DISCUSSION_PREFIX = re.compile(
    r"^(?:discussion|session|week|meeting|chapter|lecture)\s*(?:no\.?\s*)?#?\s*(\d+)\b\s*[:.\-–—]?\s*",
    re.IGNORECASE,
)
_YEAR_SUFFIX = re.compile(r"(?:^|\s*[-–—,:|]\s*|\s+)\(?\s*(\d{4})\s*\)?\s*$")
# A stray run of mis-encoded (non-ASCII) characters may stand before the number: `à¸¶7.`
_QUESTION = re.compile(r"^\s*(?P<junk>[^\x00-\x7f]*)(?P<number>\d{1,4})\s*[.)](?:\s+(?P<text>.*?)|)\s*$")
_BULLET = re.compile(r"^\s*[-*•+](?:\s+(?P<text>.*?)|)\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


@dataclass(frozen=True)
class NoteFile:
    """A notes file that was read: its path as given and the SHA-256 of its bytes."""

    path: str
    sha256: str


@dataclass(frozen=True)
class ParsedCorpus:
    """Everything parsed from a set of paths, in reading order."""

    sections: tuple[PaperSection, ...]
    warnings: tuple[ParseWarning, ...]
    files: tuple[NoteFile, ...]


@dataclass
class _OpenNote:
    number: int
    question: str
    answers: list[list]  # [text, line]
    line: int


def _split_heading(text: str, file: str, line: int, current_year: int):
    """Return (title, year, discussion number) from a heading's text."""
    discussion = None
    match = _DISCUSSION_PREFIX.match(text)
    if match:
        discussion = int(match.group(1))
        text = text[match.end():]
    year = None
    match = _YEAR_SUFFIX.search(text)
    if match:
        year = int(match.group(1))
        text = text[: match.start()]
        if year > current_year:
            raise IngestError(f"year {year} in heading is in the future", file, line)
        if year < LIMITS["min_year"]:
            raise IngestError(f"year {year} in heading is implausible (before {LIMITS['min_year']})", file, line)
    title = text.strip(" \t-–—:|,.")
    if not title:
        raise IngestError("paper heading has no title", file, line)
    return title, year, discussion


def _paper_heading_level(headings: list[tuple[int, int]], question_lines: list[int]) -> int | None:
    """The heading level that carries papers: the shallowest level with questions under it.

    ``headings`` holds (line index, level). A shallower heading with no questions directly
    under it (a document title such as ``# Reading group notes``) is not a paper.
    """
    if not headings:
        return None
    levels_with_questions = set()
    for position, (index, level) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else float("inf")
        if any(index < q < end for q in question_lines):
            levels_with_questions.add(level)
    if levels_with_questions:
        return min(levels_with_questions)
    return min(level for _, level in headings)


def parse_text(text: str, file: str = "<text>", *, first_order: int = 0,
               current_year: int | None = None) -> tuple[list[PaperSection], list[ParseWarning]]:
    """Parse the text of one notes file.

    Parameters
    ----------
    text : str
        The decoded text (a leading BOM and CRLF line ends are accepted).
    file : str
        The name used in records, warnings and errors.
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
    current_year = current_year or _dt.date.today().year
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not text.strip():
        raise IngestError("file is empty", file)
    for number, line in enumerate(lines, start=1):
        if len(line) > LIMITS["max_line_chars"]:
            raise IngestError(f"line is {len(line)} characters long (limit {LIMITS['max_line_chars']})", file, number)

    headings = []
    question_lines = []
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading:
            headings.append((index, len(heading.group(1))))
        elif _QUESTION.match(line):
            question_lines.append(index)
    paper_level = _paper_heading_level(headings, question_lines)
    if paper_level is None:
        raise IngestError("no paper heading found (expected a line like '## ResNet - 2015')", file)

    sections: list[PaperSection] = []
    warnings: list[ParseWarning] = []
    current: dict | None = None
    note: _OpenNote | None = None
    seen_discussions: dict[int, int] = {}

    def close_note():
        nonlocal note
        if note is not None and current is not None:
            current["notes"].append(note)
        note = None

    def close_section():
        nonlocal current
        close_note()
        if current is None:
            return
        notes = []
        seen_numbers: set[int] = set()
        for ordinal, raw in enumerate(current["notes"], start=1):
            if raw.number in seen_numbers:
                warnings.append(ParseWarning(f"question number {raw.number} repeats in '{current['title']}'",
                                             SourcePosition(file, raw.line)))
            seen_numbers.add(raw.number)
            kept = [(text.strip(), line) for text, line in raw.answers if text.strip()]
            notes.append(Note(raw.number, ordinal, raw.question.strip(), tuple(t for t, _ in kept),
                              SourcePosition(file, raw.line), tuple(line for _, line in kept)))
        if not notes:
            warnings.append(ParseWarning(f"'{current['title']}' has no numbered questions",
                                         SourcePosition(file, current["line"])))
        sections.append(PaperSection(
            title=current["title"], year=current["year"], discussion=current["discussion"],
            heading=current["heading"], notes=tuple(notes),
            source=SourcePosition(file, current["line"]), order=first_order + len(sections),
        ))
        current = None

    for index, line in enumerate(lines):
        line_number = index + 1
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if level < paper_level:
                close_section()
                continue
            if level > paper_level:
                continue  # a sub-heading inside a paper's notes
            close_section()
            heading_text = (heading.group(2) or "").strip()
            title, year, discussion = _split_heading(heading_text, file, line_number, current_year)
            if discussion is not None:
                if discussion in seen_discussions:
                    warnings.append(ParseWarning(
                        f"discussion number {discussion} repeats (first at line {seen_discussions[discussion]})",
                        SourcePosition(file, line_number)))
                seen_discussions.setdefault(discussion, line_number)
            current = {"title": title, "year": year, "discussion": discussion, "heading": heading_text,
                       "line": line_number, "notes": []}
            continue
        if current is None:
            if _QUESTION.match(line):
                warnings.append(ParseWarning("numbered question before any paper heading is ignored",
                                             SourcePosition(file, line_number)))
            continue
        if not line.strip() or _RULE.match(line):
            continue
        question = _QUESTION.match(line)
        if question:
            close_note()
            if question.group("junk"):
                warnings.append(ParseWarning(f"removed stray characters {question.group('junk')!r} before question "
                                             f"{question.group('number')}", SourcePosition(file, line_number)))
            note = _OpenNote(int(question.group("number")), question.group("text") or "", [], line_number)
            continue
        bullet = _BULLET.match(line)
        if note is None:
            continue  # prose under a heading before its first question
        if bullet:
            note.answers.append([bullet.group("text") or "", line_number])
        elif note.answers and note.answers[-1][0].strip():
            note.answers[-1][0] = f"{note.answers[-1][0]}\n{line.strip()}"
        else:
            note.answers.append([line.strip(), line_number])
    close_section()
    if not sections:
        raise IngestError("no paper heading found (expected a line like '## ResNet - 2015')", file)
    return sections, warnings


def read_note_file(path: Path, display: str | None = None) -> tuple[str, str]:
    """Read one notes file as UTF-8 text; return (text, sha256 of the bytes)."""
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > LIMITS["max_file_bytes"]:
            raise IngestError(f"file is {size} bytes (limit {LIMITS['max_file_bytes']})", display)
        data = path.read_bytes()
    except IngestError:
        raise
    except OSError as error:
        raise IngestError(f"cannot read file: {error.strerror or error}", display) from None
    if b"\x00" in data[:8192]:
        raise IngestError("binary file, not text notes", display)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(f"not UTF-8 text (byte 0x{data[error.start]:02x})", display, line) from None
    return text, hashlib.sha256(data).hexdigest()


def collect_note_files(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    """Expand files and folders into the notes files to read, sorted, without duplicates.

    A folder is walked for ``*.md``, ``*.markdown`` and ``*.txt``; hidden entries are skipped,
    and a symbolic link that points outside the folder is refused.
    """
    found: list[Path] = []
    for given in paths:
        given = Path(given)
        if not given.exists():
            raise IngestError("no such file or folder", given)
        if given.is_file():
            found.append(given)
            continue
        if not given.is_dir():
            raise IngestError("not a regular file or folder", given)
        root = given.resolve()
        in_folder = []
        for folder, dirnames, filenames in os.walk(given, followlinks=False):
            depth = len(Path(folder).relative_to(given).parts)
            if depth > LIMITS["max_folder_depth"]:
                raise IngestError(f"folders nested deeper than {LIMITS['max_folder_depth']} levels", folder)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                candidate = Path(folder) / name
                if name.startswith(".") or not name.lower().endswith(NOTE_SUFFIXES):
                    continue
                if candidate.is_symlink() and not candidate.resolve().is_relative_to(root):
                    raise IngestError("symbolic link points outside the notes folder", candidate)
                if not candidate.is_file():
                    continue  # a folder named like a notes file
                in_folder.append(candidate)
        if not in_folder:
            raise IngestError("folder holds no notes files (*.md, *.markdown, *.txt)", given)
        found.extend(in_folder)
        if len(found) > LIMITS["max_files"]:
            raise IngestError(f"more than {LIMITS['max_files']} notes files", given)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _display_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def parse_paths(paths: list[Path] | tuple[Path, ...], display_root: Path | None = None) -> ParsedCorpus:
    """Read and parse every notes file under ``paths``, in sorted reading order.

    Files are named relative to ``display_root`` when they lie under it (as given otherwise);
    that name is what evidence, warnings and errors show.
    """
    sections: list[PaperSection] = []
    warnings: list[ParseWarning] = []
    files: list[NoteFile] = []
    for path in collect_note_files(paths):
        name = _display_name(path, display_root)
        text, digest = read_note_file(path, name)
        file_sections, file_warnings = parse_text(text, name, first_order=len(sections))
        sections.extend(file_sections)
        warnings.extend(file_warnings)
        files.append(NoteFile(name, digest))
    return ParsedCorpus(tuple(sections), tuple(warnings), tuple(files))
