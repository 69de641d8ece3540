"""The first phase of reading notes: what each line is by its shape alone.

A line is a heading, a numbered question, a ``Q:`` or ``A:`` line, a bullet, a ``Key: value``
field with a known key, a label (``Free discussion:``), a code fence, a rule, blank, or text.
Nothing here knows about papers; :mod:`ingest.notes` decides what the lines make together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.note_syntax import note_syntax

__all__ = ["Line", "classify_line", "indent_of"]

_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
# A stray run of mis-encoded (non-ASCII) characters may stand before the number: `à¸¶7.`
_QUESTION = re.compile(r"^\s*(?P<junk>[^\x00-\x7f]*)(?P<number>\d{1,4})\s*[.)](?:\s+(?P<text>.*?)|)\s*$")
_BULLET = re.compile(r"^\s*[-*•+◦▪‣](?:\s+(?:\[[ xX]\]\s*)?(?P<text>.*?)|)\s*$")
_RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_EMPHASIS = r"(?:\*\*|__|\*|_)?"
_KEY_VALUE = re.compile(rf"^{_EMPHASIS}(?P<key>[A-Za-z][^:：]{{0,40}}?){_EMPHASIS}\s*[:：]{_EMPHASIS}(?:\s+(?P<value>.*?)|)\s*$")
_LABEL = re.compile(rf"^{_EMPHASIS}(?P<label>[^:：]{{1,60}}?){_EMPHASIS}\s*[:：]\s*{_EMPHASIS}\s*$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<label>[^*_]{1,60})(?:\*\*|__)\s*$")
_LABEL_MAX_WORDS = 6  # a label names a block ("Free discussion:"); a longer line ending in ':' is prose
_NUMBERED_MARKER = re.compile(r"^(?:\*\*|__)?(?P<key>[A-Za-z]+)\s*\d+\s*[.)](?:\*\*|__)?\s+(?P<value>.*?)\s*$")
_BOLD_WRAPPED = re.compile(r"^\s*(?:\*\*|__)(?P<inner>.+?)(?:\*\*|__)\s*$")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
# A line that is only an image or an embed (`![](fig.png)`, `![[fig.png]]`) holds no words to read.
_IMAGE_ONLY = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)|!\[\[[^\]]*\]\])\s*$")


def indent_of(line: str) -> int:
    """Columns of leading white space, a tab counting as four.

    >>> indent_of("\\t- x"), indent_of("  - y")
    (4, 2)
    """
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4
        else:
            break
    return width


@dataclass(frozen=True)
class Line:
    """One input line by its shape. ``text`` is the content after the marker (the heading's text,
    the question, the bullet, the field's value); ``key`` the field key or the Q/A marker."""

    kind: str  # heading, question, q, a, bullet, field, label, fence, rule, blank, text
    text: str = ""
    indent: int = 0
    level: int = 0          # heading level
    number: int | None = None
    key: str | None = None  # canonical field key, or "q"/"a"
    junk: str = ""          # stray characters removed before a question number


def _marker(text: str) -> tuple[str, str] | None:
    """('q'|'a', text after the marker) for ``Q: ...``/``**A:** ...``/``Question 3: ...``."""
    syntax = note_syntax()
    numbered = _NUMBERED_MARKER.match(text.strip())  # `Q3. why?`, `Question 2) how?`
    if numbered and numbered.group("key").lower() in syntax.question_markers:
        return "q", numbered.group("value")
    if ":" not in text and "：" not in text:
        return None
    match = _KEY_VALUE.match(text.strip())
    if not match:
        return None
    key = re.sub(r"\s*\d+$", "", match.group("key").strip().lower())
    if key in syntax.question_markers:
        return "q", match.group("value") or ""
    if key in syntax.answer_markers:
        return "a", match.group("value") or ""
    return None


def classify_line(line: str) -> Line:
    """What a line is by its shape.

    >>> [classify_line(t).kind for t in ("## Week 1 — DDPM", "1. Why?", "Q: why?", "- a", "Presenter: Minh",
    ...                                  "Free discussion:", "", "---", "plain words")]
    ['heading', 'question', 'q', 'bullet', 'field', 'label', 'blank', 'rule', 'text']
    >>> classify_line("**TL;DR:** fast").key, classify_line("  - A: yes").kind, classify_line("Q2. why?").kind
    ('summary', 'a', 'q')
    """
    if not line.strip() or _COMMENT.match(line):
        return Line("blank")
    if _IMAGE_ONLY.match(line):
        return Line("label", line.strip(), indent_of(line))
    bold = _BOLD_WRAPPED.match(line)
    if bold and _QUESTION.match(bold.group("inner")):  # `**3. Why deterministic?**`
        line = " " * indent_of(line) + bold.group("inner")
    indent = indent_of(line)
    if _FENCE.match(line):
        return Line("fence", line.strip(), indent)
    heading = _HEADING.match(line)
    if heading:
        return Line("heading", (heading.group(2) or "").strip(), 0, len(heading.group(1)))
    if _RULE.match(line):
        return Line("rule")
    question = _QUESTION.match(line)
    if question:
        return Line("question", question.group("text") or "", indent, number=int(question.group("number")),
                    junk=question.group("junk"))
    bullet = _BULLET.match(line)
    body = bullet.group("text") or "" if bullet else line.strip()
    marker = _marker(body)
    if marker:
        return Line(marker[0], marker[1], indent, key=marker[0])
    if bullet:
        return Line("bullet", body, indent)
    if indent < 4:
        match = _KEY_VALUE.match(body)
        if match:
            key = note_syntax().field_key(match.group("key"))
            if key:
                return Line("field", (match.group("value") or "").strip(), indent, key=key)
        label = _LABEL.match(body) or _BOLD_LINE.match(body)
        if label and len(label.group("label").split()) <= _LABEL_MAX_WORDS:
            return Line("label", label.group("label").strip(), indent)
    return Line("text", line.strip(), indent)
