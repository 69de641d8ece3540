"""The vocabulary of note layouts (prefixes, venues, field keys, ignores), loaded once from YAML.

The words live in ``note_syntax.yaml`` beside this module, with a comment on why each list
exists; this module only loads them and compiles what the parser matches with.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["NoteSyntax", "note_syntax", "normalize_key"]

_SYNTAX_FILE = Path(__file__).with_name("note_syntax.yaml")


def normalize_key(key: str) -> str:
    """A field key as records carry it: lower-case, single spaces, no emphasis marks.

    >>> normalize_key("  **Builds   On** ")
    'builds on'
    """
    return " ".join(key.replace("*", " ").replace("_", " ").lower().split())


@dataclass(frozen=True)
class NoteSyntax:
    """The loaded vocabulary; see ``note_syntax.yaml`` for what each part means."""

    heading_prefixes: tuple[str, ...]
    meeting_reference_words: tuple[str, ...]
    name_particles: frozenset[str]
    name_prefixes: tuple[str, ...]
    author_name_max_words: int
    short_name_max_words: int
    paper_prefixes: tuple[str, ...]
    heading_separators: str
    venues: frozenset[str]
    months: tuple[str, ...]
    heading_remarks: frozenset[str]
    section_labels: frozenset[str]
    field_keys: dict[str, str]          # spelling -> canonical key
    front_matter_keys: dict[str, str]   # spelling -> canonical key
    paper_types: frozenset[str]
    question_markers: tuple[str, ...]
    answer_markers: tuple[str, ...]
    generic_file_names: frozenset[str]
    default_ignores: tuple[str, ...]
    day_suffixes: tuple[str, ...] = ()
    weekdays: tuple[str, ...] = ()
    ordinal_suffixes: tuple[str, ...] = ()
    relative_days: dict[str, int] = field(default_factory=dict)  # word -> days after the page's day it speaks of
    discussion_labels: frozenset[str] = frozenset()  # the section labels that head the discussion's notes
    meeting_back_references: tuple[str, ...] = ()  # words beside a meeting's number that point back

    def day_spoken_of(self, text: str, date: str) -> str | None:
        """The ISO day a line of the meeting page of ``date`` speaks of where a word of ``relative_days``
        names another day ("cancel tomorrow's session": the next day); None where it names none or two.

        >>> note_syntax().day_spoken_of("cancel tomorrow's session (deadline)", "2024-12-31")
        '2025-01-01'
        >>> note_syntax().day_spoken_of("slides up", "2024-12-31") is None
        True
        """
        if not self.relative_days:
            return None
        # the longest phrase first: "the day after tomorrow" is read whole, never its "tomorrow"
        shifts = {self.relative_days[m.group(0).lower()]
                  for m in _words_pattern(tuple(self.relative_days)).finditer(text)}
        if len(shifts) != 1:
            return None
        try:
            return (datetime.date.fromisoformat(date[:10]) + datetime.timedelta(days=shifts.pop())).isoformat()
        except ValueError:
            return None

    def day_and_month(self, named: bool = False) -> str:
        """A regex for a day and its month in either order ("06 sep", "Sep 12th"), months and day endings from
        ``note_syntax.yaml``; with ``named``, the parts are groups ``day``/``month`` and ``month2``/``day2``."""
        months = "|".join(re.escape(m) for m in sorted(self.months, key=len, reverse=True))
        day = rf"\d{{1,2}}(?:{'|'.join(re.escape(s) for s in self.day_suffixes)})?"
        if named:
            return rf"(?P<day>{day})\s+(?P<month>{months})|(?P<month2>{months})\.?\s+(?P<day2>{day})"
        return rf"{day}\s+(?:{months})\.?|(?:{months})\.?\s+{day}"

    def field_key(self, key: str) -> str | None:
        """The canonical field key for a spelling (``TL;DR`` -> ``summary``), or None."""
        return self.field_keys.get(normalize_key(key))

    def looks_back(self, text: str) -> bool:
        """Whether ``text`` (the words beside a meeting's number) holds a word of ``meeting_back_references``.

        >>> note_syntax().looks_back("FSRW ( above)"), note_syntax().looks_back("slides for are on the drive")
        (True, False)
        """
        return bool(self.meeting_back_references) and \
            _words_pattern(self.meeting_back_references).search(text) is not None

    def heads_discussion(self, text: str) -> bool:
        """Whether a heading's text names the discussion part of a paper's notes (``Discussion``, ``Questions``:
        ``discussion_labels``), whose blocks are each a note.

        >>> note_syntax().heads_discussion("Discussion:"), note_syntax().heads_discussion("Results")
        (True, False)
        """
        return normalize_key(text).strip(" :.") in self.discussion_labels

    def is_section_label(self, text: str) -> bool:
        """Whether a heading's text names a part of a paper's notes (``Questions``, ``Results``)."""
        return normalize_key(text).strip(" :.") in self.section_labels

    def is_venue(self, words: str) -> bool:
        """Whether ``words`` (the text beside a year) reads as a venue: a known name or all capitals."""
        tokens = [t for t in re.split(r"[\s\-/]+", words.strip(" .,;")) if t]
        if not tokens:
            return False
        if tokens[0].lower().rstrip(".") in self.venues:
            return True
        return all(t.isupper() and len(t) >= 2 for t in tokens)


@lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Any of ``words`` as a whole word or phrase, case aside, the longest first (compiled once per list)."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in ordered)})(?![\w-])", re.IGNORECASE)


def _invert(mapping: dict[str, list[str]]) -> dict[str, str]:
    inverted: dict[str, str] = {}
    for canonical, spellings in mapping.items():
        for spelling in (canonical, *spellings):
            inverted[normalize_key(spelling)] = canonical
    return inverted


@lru_cache(maxsize=1)
def note_syntax() -> NoteSyntax:
    """The vocabulary from ``note_syntax.yaml`` (read once)."""
    data = yaml.safe_load(_SYNTAX_FILE.read_text(encoding="utf-8"))
    return NoteSyntax(
        heading_prefixes=tuple(data["heading_prefixes"]),
        meeting_reference_words=tuple(str(w).lower() for w in data.get("meeting_reference_words") or ()),
        name_particles=frozenset(str(w).lower() for w in data.get("name_particles") or ()),
        name_prefixes=tuple(str(w) for w in data.get("name_prefixes") or ()),
        author_name_max_words=int(data.get("author_name_max_words", 4)),
        short_name_max_words=int(data.get("short_name_max_words", 3)),
        paper_prefixes=tuple(data["paper_prefixes"]),
        heading_separators=data["heading_separators"],
        venues=frozenset(v.lower() for v in data["venues"]),
        months=tuple(m.lower() for m in data["months"]),
        day_suffixes=tuple(str(s).lower() for s in data.get("day_suffixes") or ()),
        weekdays=tuple(str(w).lower() for w in data.get("weekdays") or ()),
        ordinal_suffixes=tuple(str(w).lower() for w in data.get("ordinal_suffixes") or ()),
        relative_days={str(w).lower(): int(n) for w, n in (data.get("relative_days") or {}).items()},
        discussion_labels=frozenset(normalize_key(s) for s in data.get("discussion_labels") or ()),
        meeting_back_references=tuple(str(w).lower() for w in data.get("meeting_back_references") or ()),
        heading_remarks=frozenset(r.lower() for r in data["heading_remarks"]),
        section_labels=frozenset(normalize_key(s) for s in data["section_labels"]),
        field_keys=_invert(data["field_keys"]),
        front_matter_keys=_invert(data["front_matter_keys"]),
        paper_types=frozenset(t.lower() for t in data["paper_types"]),
        question_markers=tuple(data["question_markers"]),
        answer_markers=tuple(data["answer_markers"]),
        generic_file_names=frozenset(n.lower() for n in data["generic_file_names"]),
        default_ignores=tuple(data["default_ignores"]),
    )
