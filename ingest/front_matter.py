"""Front matter of a notes page: a YAML ``---`` block (Obsidian, Jekyll, Notion exports) or
Logseq ``key:: value`` property lines at the top of a page.

The block is parsed with PyYAML (``yaml.safe_load``); keys are mapped onto the canonical keys of
:mod:`ingest.note_syntax` (``alias`` -> ``aliases``, ``tldr`` -> ``summary``), and every key keeps
the line it was written on, so fields point back at the file like notes do.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import yaml

from ingest.note_syntax import normalize_key, note_syntax

__all__ = ["FrontMatter", "read_front_matter", "split_list"]

_FENCE = re.compile(r"^---\s*$")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_LOGSEQ_PROPERTY = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z][\w\-]*)::\s*(?P<value>.*?)\s*$")
_KEY_LINE = re.compile(r"^(?P<key>[^\s:#-][^:]*):")


@dataclass(frozen=True)
class FrontMatter:
    """What the top of a page states. ``lines`` is how many lines the block takes (0: none);
    ``values`` maps canonical keys to values as strings or tuples of strings; ``key_lines`` maps each
    key to its 1-based line; ``error`` is a message when the block could not be read."""

    lines: int = 0
    values: dict = field(default_factory=dict)
    key_lines: dict = field(default_factory=dict)
    error: str | None = None

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        if isinstance(value, tuple):
            return ", ".join(value) or None
        return value or None

    def items(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        if isinstance(value, tuple):
            return value
        return split_list(value)


def split_list(value: str) -> tuple[str, ...]:
    """A written list (``a, b; #c``) as its items, in order, without blanks or tag marks.

    >>> split_list("w2v2, wav2vec2 ; #speech,")
    ('w2v2', 'wav2vec2', 'speech')
    """
    return tuple(part.strip(" #") for part in re.split(r"[,;]", value) if part.strip(" #"))


def _as_value(raw):
    """A YAML value as a string or a tuple of strings (nested structures are flattened to text)."""
    if raw is None:
        return ""
    if isinstance(raw, (list, tuple, set)):
        return tuple(str(item).strip().lstrip("#") for item in raw if item is not None and str(item).strip())
    if isinstance(raw, (_dt.date, _dt.datetime)):
        return raw.isoformat()
    if isinstance(raw, dict):
        return ", ".join(f"{k}: {v}" for k, v in raw.items())
    return str(raw).strip()


def _canonical(raw: dict, key_lines: dict) -> tuple[dict, dict]:
    syntax = note_syntax()
    values, lines = {}, {}
    for key, value in raw.items():
        name = normalize_key(str(key))
        canonical = syntax.front_matter_keys.get(name, name)
        if canonical in values:
            continue
        values[canonical] = _as_value(value)
        if name in key_lines:
            lines[canonical] = key_lines[name]
    return values, lines


def _yaml_block(lines: list[str]) -> FrontMatter | None:
    if not lines or not _FENCE.match(lines[0]):
        return None
    for end in range(1, len(lines)):
        if _FENCE_END.match(lines[end]):
            break
    else:
        return None  # a lone `---` is a horizontal rule, not front matter
    block = lines[1:end]
    key_lines = {}
    for offset, line in enumerate(block, start=2):
        match = _KEY_LINE.match(line)
        if match:
            key_lines.setdefault(normalize_key(match.group("key")), offset)
    try:
        raw = yaml.safe_load("\n".join(block)) if any(line.strip() for line in block) else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return FrontMatter(lines=end + 1, error=f"front matter is not valid YAML{where}: "
                                                f"{getattr(error, 'problem', None) or error}")
    except ValueError as error:  # a date YAML reads as one that is no day ("date: 2024-02-30")
        return FrontMatter(lines=end + 1, error=f"front matter holds a date that is no day: {error}")
    if not isinstance(raw, dict):
        return FrontMatter(lines=end + 1, error="front matter is not a mapping of keys to values")
    values, lines_of = _canonical(raw, key_lines)
    return FrontMatter(lines=end + 1, values=values, key_lines=lines_of)


def _logseq_values(value: str) -> tuple[str, ...]:
    """A Logseq property's values: comma-separated, but a ``[[page]]`` is one value whatever its commas (a journal
    day is titled "Jan 9th, 2025").

    >>> _logseq_values("[[Jan 9th, 2025]]"), _logseq_values("[[Wren]], #heron, lark")
    (('Jan 9th, 2025',), ('Wren', 'heron', 'lark'))
    >>> _logseq_values("[[Jan 9th, 2025]], [[Feb 6th, 2025]]")
    ('Jan 9th, 2025', 'Feb 6th, 2025')
    """
    values = (v.strip().strip("[]#").strip() for v in re.findall(r"\[\[[^\]]*\]\]|[^,\s][^,]*", value))
    return tuple(v for v in values if v)


def _logseq_block(lines: list[str]) -> FrontMatter | None:
    raw, key_lines, count = {}, {}, 0
    for index, line in enumerate(lines):
        match = _LOGSEQ_PROPERTY.match(line)
        if not match:
            break
        key = normalize_key(match.group("key"))
        value = match.group("value")
        raw[key] = _logseq_values(value) if "," in value else value
        key_lines[key] = index + 1
        count = index + 1
    if not count:
        return None
    values, lines_of = _canonical(raw, key_lines)
    return FrontMatter(lines=count, values=values, key_lines=lines_of)


def read_front_matter(lines: list[str]) -> FrontMatter:
    """The front matter at the top of a page's lines (an empty :class:`FrontMatter` when none).

    >>> fm = read_front_matter(["---", "title: DINO", "year: 2021", "aliases: [Emerging Properties]", "---", "- x"])
    >>> fm.lines, fm.text("title"), fm.values["year"], fm.items("aliases"), fm.key_lines["year"]
    (5, 'DINO', '2021', ('Emerging Properties',), 3)
    >>> read_front_matter(["title:: MAE", "alias:: Masked Autoencoders", "- note"]).items("aliases")
    ('Masked Autoencoders',)
    """
    return _yaml_block(lines) or _logseq_block(lines) or FrontMatter()
