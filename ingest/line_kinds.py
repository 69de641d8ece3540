"""The first phase of reading notes: what each line is, by the block it sits in and by its shape.

:func:`classify_lines` reads a file's (or a page's) lines with a CommonMark parser first
(markdown-it-py, the one :mod:`ingest.readers.markdown_blocks` uses): a line inside a fenced code
block is code, an HTML comment is blank, an HTML block's tags are not text, a table's delimiter
row and a heading's ``===`` underline are markup, a quote's ``>`` marks and a callout's ``[!note]``
are not text. Within the other blocks :func:`classify_line` says what a line is by its shape: a
heading, a numbered question, a ``Q:`` or ``A:`` line, a bullet, a ``Key: value`` field with a
known key, a label (``Free discussion:``), a rule, blank, or text. Nothing here knows about papers;
:mod:`ingest.notes` decides what the lines make together.

Where CommonMark and a group's intent part, the group's wins, by choice: an indented line is never
code (groups indent answers, not programs), and dashes under a line are a heading's underline only at
the top level and three or more (``1. Why?`` over ``    -`` is a question with an empty answer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.note_syntax import note_syntax
from ingest.readers.markdown_blocks import commonmark_tokens

__all__ = ["Line", "classify_line", "classify_lines", "indent_of"]

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

    kind: str  # heading, question, q, a, bullet, field, label, fence, code, markup, rule, blank, text
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


# A quote's `>` marks (nested too), and a callout's type after them: `> [!note]- Title`.
_QUOTE_MARKS = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
_CALLOUT = re.compile(r"^\[![\w-]+\][+-]?\s*")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# A line that could open a block the shapes cannot judge: after any list or quote marks, a fence, an
# HTML tag, a quote, an underline; or a table's delimiter row. Text with none of these gets no role from
# the parse (tests/ingest/test_markdown_structure.py checks it on every notes file of the repository),
# so the parse, about ten times the cost of the shapes, is skipped.
_MAY_HOLD_BLOCKS = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:```|~~~|<|>|=+[ \t]*$|-{2,}[ \t]*$)"
                              r"|^(?=[^\n]*\|)(?=[^\n]*-)[ \t|:-]+$", re.MULTILINE)
# `Why?` over a lone `-` is a question with an empty answer bullet; a title is underlined with a rule's
# three or more dashes, as a rule is written (the `_RULE` shape above).
_SETEXT_DASHES = 3


def _blocks(lines: Sequence[str], start: int, always: bool = False) -> dict[int, tuple[str, object]]:
    """``{line index: (role, detail)}`` for the lines a CommonMark parse of ``lines[start:]`` puts in a
    fence, an HTML block, a table's delimiter row, a top-level setext heading or a quote (the parse is
    skipped, unless ``always``, where no line could open one of these)."""
    roles: dict[int, tuple[str, object]] = {}
    text = "\n".join(lines[start:])
    if not always and not _MAY_HOLD_BLOCKS.search(text):
        return roles
    tokens = commonmark_tokens(text)
    for token in tokens:
        if not token.map:
            continue
        first, last = token.map[0] + start, token.map[1] + start  # [first, last) in ``lines``
        if token.type == "fence":
            closed = last - 1 > first and _FENCE.match(lines[last - 1].lstrip(" >")) is not None
            for i in range(first, last):
                roles[i] = ("fence", None) if i == first or (closed and i == last - 1) else ("code", None)
        elif token.type == "html_block":
            comment = token.content.lstrip().startswith("<!--")
            for i in range(first, last):
                roles.setdefault(i, ("comment", None) if comment else ("html", None))
        elif token.type == "table_open" and first + 1 < last:
            roles[first + 1] = ("markup", None)
        elif token.type == "heading_open" and token.markup in ("=", "-") and token.level == 0 \
                and (token.markup == "=" or len(lines[last - 1].strip()) >= _SETEXT_DASHES):
            roles[first] = ("setext", 1 if token.markup == "=" else 2)
            for i in range(first + 1, last):
                roles[i] = ("markup", None)
        elif token.type == "blockquote_open":
            for i in range(first, last):
                roles.setdefault(i, ("quote", None))
    return roles


def classify_lines(lines: Sequence[str], start: int = 0, *, always_parse: bool = False) -> list[Line]:
    """What each line is: the block a CommonMark parse of ``lines[start:]`` puts it in, then its shape.

    Lines before ``start`` (a front matter block) are classified by shape alone.

    >>> kinds = classify_lines(["## Wren", "```python", "# not a heading", "Q: not a question", "```",
    ...                         "<!-- a", "comment -->", "> [!note] quoted", "", "Heron", "====="])
    >>> [(k.kind, k.text) for k in kinds][1:]  # doctest: +NORMALIZE_WHITESPACE
    [('fence', '```python'), ('code', '# not a heading'), ('code', 'Q: not a question'), ('fence', '```'),
     ('blank', ''), ('blank', ''), ('text', 'quoted'), ('blank', ''), ('heading', 'Heron'), ('markup', '')]
    >>> [k.kind for k in classify_lines(["1. Why?", "    -", "2. How?"])]  # an empty answer, not a heading
    ['question', 'bullet', 'question']
    """
    roles = _blocks(lines, start, always_parse) if start < len(lines) else {}
    kinds = []
    for index, line in enumerate(lines):
        role, detail = roles.get(index, (None, None))
        if role == "fence":
            kinds.append(Line("fence", line.strip(), indent_of(line)))
        elif role == "code":
            kinds.append(Line("code", line.rstrip(), indent_of(line)))
        elif role == "comment":
            kinds.append(Line("blank"))
        elif role == "markup":
            kinds.append(Line("markup"))
        elif role == "setext":
            kinds.append(Line("heading", line.strip(), 0, detail))
        elif role == "html":
            kinds.append(classify_line(_HTML_TAG.sub("", line)))
        elif role == "quote":
            kinds.append(classify_line(_CALLOUT.sub("", _QUOTE_MARKS.sub("", line))))
        else:
            kinds.append(classify_line(line))
    return kinds
