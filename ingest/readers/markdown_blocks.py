"""Markdown text to :class:`~ingest.readers.document.Block` trees and links, with a CommonMark parser.

The structure (headings, nested list items, quotes, code, tables) comes from markdown-it-py
(CommonMark, https://spec.commonmark.org/ ; tables and strikethrough from its GFM-like preset),
so a reader never guesses structure with line patterns. Links are the three ways notes apps write
them: ``[[target#heading|label]]`` and ``![[embed]]`` (Obsidian, Logseq), and ``[label](page.md)``
with a URL-encoded relative target (Notion, plain Markdown); a target is reduced to the page name
(folders, extension and a Notion id removed). Tags are ``#tag`` and ``#[[two words]]``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt

from ingest.readers.document import Block, Link

__all__ = ["commonmark_tokens", "parse_blocks", "find_links", "find_tags", "page_name_from_target", "strip_app_id"]

_WIKI = re.compile(r"(?P<embed>!?)\[\[(?P<target>[^\]|#]*)(?:#(?P<heading>[^\]|]*))?(?:\|(?P<label>[^\]]*))?\]\]")
_MARKDOWN = re.compile(r"(?P<embed>!?)\[(?P<label>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_TAG = re.compile(r"(?<![\w#/&])#(?:\[\[(?P<long>[^\]]+)\]\]|(?P<short>[^\s#\[\],.;:!?()]+))")
#: Notion appends a 32-hex page id to every exported file and folder name ("Page 1a2b...f.md").
_APP_ID = re.compile(r"\s+[0-9a-f]{32}$|\s+[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, mailto:, obsidian:, ...
_BLOCK_TOKENS = {"heading_open": "heading", "paragraph_open": "paragraph", "blockquote_open": "quote",
                 "fence": "code", "code_block": "code", "table_open": "table", "html_block": "paragraph",
                 "math_block": "code", "hr": None}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def commonmark_tokens(text: str) -> list:
    """The block tokens of a CommonMark parse of ``text`` (each with ``map``: its lines, 0-based, end excluded).

    >>> [(t.type, t.map) for t in commonmark_tokens("# Wren\\n\\n```\\nx\\n```") if t.map and t.type != "inline"]
    [('heading_open', [0, 1]), ('fence', [2, 5])]
    """
    return _parser().parse(text)


def strip_app_id(name: str) -> str:
    """A file or folder name without an app's page id.

    >>> strip_app_id("Wren notes 0123456789abcdef0123456789abcdef")
    'Wren notes'
    """
    return _APP_ID.sub("", name).strip()


def page_name_from_target(target: str) -> str | None:
    """The page a link target names, or None for an external link or an attachment.

    >>> page_name_from_target("Heron%20Nets%200123456789abcdef0123456789abcdef.md")
    'Heron Nets'
    >>> page_name_from_target("papers/Lark.md"), page_name_from_target("https://x.org/a.md")
    ('Lark', None)
    """
    target = target.strip()
    if not target or _EXTERNAL.match(target) or target.startswith("#"):
        return None
    target = unquote(target.split("#", 1)[0]).rstrip("/")
    last = target.rsplit("/", 1)[-1]
    stem, dot, suffix = last.rpartition(".")
    if dot and suffix.lower() in ("md", "markdown", "csv", "html"):
        last = stem
    elif dot and 1 <= len(suffix) <= 4 and suffix.isalnum() and not suffix.isdigit():
        return None  # an image, a PDF: an attachment, not a page
    return strip_app_id(last) or None


def find_links(text: str, line: int) -> list[Link]:
    """The page links in one line of text (wiki links first, then Markdown links).

    >>> [(l.target, l.label, l.heading, l.embed) for l in find_links("see [[Wren#Loss|the loss]] and ![[Heron]]", 3)]
    [('Wren', 'the loss', 'Loss', False), ('Heron', None, None, True)]
    """
    links = []
    for match in _WIKI.finditer(text):
        target = match["target"].strip()
        if target:
            name = target.rsplit("/", 1)[-1] if "/" in target and not target.endswith("/") else target
            links.append(Link(name.removesuffix(".md"), line, match["label"], match["heading"], bool(match["embed"])))
    for match in _MARKDOWN.finditer(_WIKI.sub(" ", text)):
        name = page_name_from_target(match["target"])
        if name:
            links.append(Link(name, line, match["label"] or None, None, bool(match["embed"])))
    return links


def find_tags(text: str) -> list[str]:
    """``#tag`` and ``#[[two words]]`` tags of a line, lower-case.

    >>> find_tags("read #paper and #[[Reading List]], not a#b or # heading")
    ['paper', 'reading list']
    """
    return [(m["long"] or m["short"]).strip().lower() for m in _TAG.finditer(text)]


def parse_blocks(lines: list[str] | tuple[str, ...], start: int = 0) -> tuple[Block, ...]:
    """The block tree of ``lines[start:]``; line numbers are 1-based positions in ``lines``.

    >>> blocks = parse_blocks(["# Wren", "", "- a", "  - b", "", "```", "x = 1", "```"])
    >>> [(b.kind, b.text, b.line, [c.text for c in b.children]) for b in blocks]
    [('heading', 'Wren', 1, []), ('item', 'a', 3, ['b']), ('code', 'x = 1', 6, [])]
    >>> parse_blocks(["| term | what |", "| --- | --- |", "| FVD | video FID |"])[0].rows
    (('term', 'what'), ('FVD', 'video FID'))
    """
    tokens = commonmark_tokens("\n".join(lines[start:]))
    blocks, _ = _read(tokens, 0, start, level=0, stop=None)
    return tuple(blocks)


def _span(token, offset: int) -> tuple[int, int]:
    first, last = token.map if token.map else (0, 1)
    return first + offset + 1, max(first + offset + 1, last + offset)


def _read(tokens, i: int, offset: int, level: int, stop: str | None):
    """Blocks from ``tokens[i]`` until a closing token of type ``stop``; returns (blocks, next index)."""
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        if stop and token.type == stop:
            return blocks, i + 1
        if token.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _read(tokens, i + 1, offset, level, token.type.replace("_open", "_close"))
            blocks.extend(items)
            continue
        if token.type == "list_item_open":
            first, last = _span(token, offset)
            inner, i = _read(tokens, i + 1, offset, level + 1, "list_item_close")
            head = inner[0].text if inner and inner[0].kind == "paragraph" and inner[0].line == first else ""
            children = tuple(inner[1:] if head else inner)
            blocks.append(Block("item", head, first, last, level, children))
            continue
        if token.type == "blockquote_open":
            first, last = _span(token, offset)
            inner, i = _read(tokens, i + 1, offset, level, "blockquote_close")
            text = "\n".join(b.text for b in inner)
            kind = "callout" if re.match(r"^\[![\w-]+\]", text) else "quote"
            blocks.append(Block(kind, text, first, last, level, tuple(inner)))
            continue
        kind = _BLOCK_TOKENS.get(token.type, "")
        if kind == "":
            i += 1
            continue
        if kind is None:
            i += 1
            continue
        first, last = _span(token, offset)
        if token.type in ("heading_open", "paragraph_open"):
            inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
            level_of = int(token.tag[1]) if token.type == "heading_open" else level
            blocks.append(Block(kind, inline, first, last, level_of))
            i += 3
            continue
        if token.type == "table_open":
            j = i
            while j < len(tokens) and tokens[j].type != "table_close":
                j += 1
            rows, row = [], []
            for t in tokens[i:j]:
                if t.type == "inline":
                    row.append(t.content)
                elif t.type == "tr_close":
                    rows.append(tuple(row))
                    row = []
            blocks.append(Block("table", " | ".join(cell for cells in rows for cell in cells), first, last, level,
                                rows=tuple(rows)))
            i = j + 1
            continue
        content = token.content.rstrip("\n")
        if token.type == "html_block" and content.lstrip().lower().startswith("<aside"):
            kind = "callout"
        blocks.append(Block(kind, content, first, last, level))
        i += 1
    return blocks, i
