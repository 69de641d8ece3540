"""Logseq graphs: ``pages/`` and ``journals/`` of outliner Markdown with ``key:: value`` properties.

Conventions read (https://docs.logseq.com/): a graph is a folder with ``logseq/`` (settings,
``bak/`` backups: not notes), ``pages/`` and ``journals/`` (one file per day, ``2024_01_05.md``: a
session). Every line is a block (``- text``, nested with tabs). Page properties are the first
block's ``key:: value`` lines (``alias::``, ``title::``, ``type::``, ``tags::``, ``year::``,
``builds-on::``); block properties (``id::``, ``collapsed::``) are not text. A file name's
``___`` (older graphs: ``%2F`` or ``.``) is a namespace separator — ``papers___Wren.md`` is the page
``papers/Wren``, whose name is its last part — and ``title::`` gives the original name when the
file name had to be escaped. Block references ``((uuid))`` and ``{{embed ((uuid))}}`` are replaced
by the text of the block with that ``id::``; ``{{embed [[page]]}}`` by a link; other macros
(``{{query ...}}``, ``{{renderer ...}}``), ``SCHEDULED:``/``DEADLINE:`` lines, ``:LOGBOOK:`` drawers
and task markers (``TODO``, ``DONE``, ``LATER``, ``NOW``) are not note text. A block with a
``template::`` property is a template, not notes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from ingest.discovery import display_name, read_note_file
from ingest.errors import IngestError
from ingest.headings import read_heading
from ingest.note_syntax import note_syntax
from ingest.readers.document import Source
from ingest.readers.markdown_blocks import find_links
from ingest.readers.markdown_pages import day_named, page_from_text
from kg.model import compact_key

__all__ = ["FORMAT", "detect", "read"]

FORMAT = "logseq"
_PROPERTY = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z][\w\-.]*)::\s*(?P<value>.*?)\s*$")
_BLOCK_REF = re.compile(r"\(\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)\)")
_EMBED = re.compile(r"\{\{embed\s+(\(\([^)]*\)\)|\[\[[^\]]*\]\])\s*\}\}")
_MACRO = re.compile(r"\{\{[^}]*\}\}")
_MARKER = re.compile(r"^(?P<head>\s*-\s+)(?:TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED|IN-PROGRESS)\s+")
_PLANNING = re.compile(r"^\s*(?:-\s+)?(?:SCHEDULED|DEADLINE):\s*<")
_HEADING_BLOCK = re.compile(r"^-\s+(?P<heading>#{1,6}\s+\S.*)$")
_DRAWER = re.compile(r"^\s*(?:-\s+)?:(?P<name>[A-Z]+):\s*$")
#: Block properties that are the app's bookkeeping, not a statement of the group's.
_BOOKKEEPING = ("id", "collapsed", "heading", "background-color", "created-at", "updated-at", "card-last-score",
                "card-repeats", "card-next-schedule", "card-last-interval", "card-ease-factor",
                "card-last-reviewed", "ls-type", "hl-type", "hl-page", "hl-color", "query-table",
                "query-properties", "query-sort-by", "query-sort-desc", "template-including-parent")


def detect(folder: Path) -> bool:
    """A folder is a Logseq graph when it has ``logseq/config.edn``, or both ``pages/`` and ``journals/``."""
    if (folder / "logseq" / "config.edn").is_file():
        return True
    return (folder / "pages").is_dir() and (folder / "journals").is_dir()


def page_name(stem: str) -> tuple[str, str]:
    """(full name, shown name) of a page file: namespaces ``a___b`` -> ``a/b``, shown as ``b``.

    >>> page_name("papers___Wren%3A Heron"), page_name("Lark")
    (('papers/Wren: Heron', 'Wren: Heron'), ('Lark', 'Lark'))
    """
    full = unquote(stem.replace("___", "/").replace("%2F", "/"))
    return full, full.rsplit("/", 1)[-1].strip() or full


def _block_ids(texts: dict[str, str]) -> dict[str, str]:
    """uuid -> the text of the block carrying ``id:: uuid`` (the line above the property)."""
    ids = {}
    for text in texts.values():
        lines = text.split("\n")
        for i, line in enumerate(lines):
            match = _PROPERTY.match(line)
            if match and match["key"].lower() == "id":
                for j in range(i - 1, -1, -1):
                    if not _PROPERTY.match(lines[j]):
                        ids[match["value"].strip()] = re.sub(r"^\s*-\s+", "", lines[j]).strip()
                        break
    return ids


def _normalizer(ids: dict[str, str], page_name: str | None = None):
    """The function page_from_text calls on a page's lines: block refs and embeds resolved, properties,
    drawers, planning lines, task markers, queries and templates dropped; on the page named ``page_name``, its
    own paper heading block over its blocks read as a heading (:func:`_heading_blocks`). A journal day (no
    ``page_name``) keeps its heading blocks: there one holds a meeting, and the paper its ``paper::`` property
    names holds its blocks."""
    def resolve(text: str) -> str:
        text = _EMBED.sub(lambda m: m.group(1), text)
        return _BLOCK_REF.sub(lambda m: ids.get(m.group(1), ""), text)

    def normalize(lines: list[str], body_start: int) -> tuple[list[str], dict]:
        out, dropped = list(lines), {}
        spaced = [line.replace("\t", "  ") for line in lines]
        under_heading = _heading_blocks(page_name, spaced) if page_name else (lambda line, index=None: line)
        drawer = False
        template_indent: int | None = None
        for i in range(body_start, len(lines)):
            line = spaced[i]
            indent = len(line) - len(line.lstrip())
            if template_indent is not None:
                if line.strip() and indent <= template_indent and line.lstrip().startswith("-"):
                    template_indent = None
                else:
                    out[i], dropped[i] = "", "template"
                    continue
            if drawer:
                drawer = line.strip(" -") != ":END:"
                out[i], dropped[i] = "", "logbook"
                continue
            if _DRAWER.match(line) and line.strip(" -") != ":END:":
                drawer = True
                out[i], dropped[i] = "", "logbook"
                continue
            prop = _PROPERTY.match(line)
            if prop:
                key = prop["key"].lower()
                if key == "template":
                    # the block above carries the property: it and its children are a template
                    head = i - 1
                    while head >= body_start and not lines[head].strip():
                        head -= 1
                    if head >= body_start:
                        out[head], dropped[head] = "", "template"
                        above = spaced[head]
                        template_indent = len(above) - len(above.lstrip())
                out[i], dropped[i] = "", "template" if key == "template" else "property"
                continue
            if _PLANNING.match(line):
                out[i], dropped[i] = "", "schedule"
                continue
            line = _MARKER.sub(r"\g<head>", line)
            resolved = resolve(line)
            if _MACRO.search(resolved):
                resolved = _MACRO.sub("", resolved)
                if not resolved.strip(" -"):
                    out[i], dropped[i] = "", "query"
                    continue
            out[i] = under_heading(resolved, i)
        return out, dropped

    return normalize


def _blocks_holding_questions(lines: list[str]) -> set[int]:
    """The indices of the heading blocks of ``lines`` whose blocks have blocks under them: questions with their
    answers ("- ## Discussion" over "- 1. why ?" over "- tides"), not a list of remarks.

    >>> sorted(_blocks_holding_questions(["- ## Discussion", "  - why ?", "    - tides", "- ## Notes", "  - 3 cm"]))
    [0]
    """
    found = set()
    for i, line in enumerate(lines):
        text = line.lstrip()
        if not _HEADING_BLOCK.match(text):
            continue
        indent, child = len(line) - len(text), None
        for below in lines[i + 1:]:
            below_text = below.lstrip()
            if not below_text:
                continue
            level = len(below) - len(below_text)
            if level <= indent and below_text.startswith("-"):
                break  # the heading's next sibling: its blocks end
            if below_text.startswith("-"):
                if child is None:
                    child = level
                elif level > child:
                    found.add(i)
                    break
    return found


def _heading_blocks(page_name: str, lines: list[str] = ()):
    """A function of each block line, in order: the page's first top heading block, when it is the page's own
    paper heading (``- ## Discussion 3 Wren - 2019`` on the page Wren: a meeting prefix, or the page's name, in a
    heading shaped like a paper's, :func:`ingest.headings.read_heading`), or a later one naming the page whose
    blocks are questions with answers under them (after a ``- ## Summary``), becomes the heading it is, and the
    blocks under it move up one level, as Logseq shows them: a heading over its blocks, each block a note of its
    own, not one note holding the whole page; so does a heading block that heads the discussion (``- ## Discussion``,
    ``discussion_labels`` of ``note_syntax.yaml``) where its blocks are questions with answers under them (of the
    page's ``lines``, by index). Any other heading block (``- ## idea``, ``- ## Results on ImageNet 2012``, ``- ##
    Related work: Heron (2021)``, a ``- ## Notes`` of plain remarks) stays a block whose children are its note: its
    heading is what they are about.

    >>> shift = _heading_blocks("Wren")
    >>> [shift(line) for line in ["- ## Wren - 2019", "  - what is a wren ?", "    - a bird", "- later"]]
    ['## Wren - 2019', '- what is a wren ?', '  - a bird', '- later']
    >>> shift = _heading_blocks("Wren")
    >>> [shift(line) for line in ["- # Discussion 2 Wren", "  - ## Q", "    - why ?", "- ## Heron - 2020", "  - x"]]
    ['# Discussion 2 Wren', '- ## Q', '  - why ?', '- ## Heron - 2020', '  - x']
    >>> shift = _heading_blocks("Wren")
    >>> [shift(line) for line in ["- ## Results on ImageNet 2012", "  - 76% top-1"]]
    ['- ## Results on ImageNet 2012', '  - 76% top-1']
    >>> page = ["- ## Summary", "  - a bird", "- ## Discussion 2 Wren - 2019", "  - why ?", "    - tides"]
    >>> shift = _heading_blocks("Wren", page)  # the page's paper heading after a summary, over questions with answers
    >>> [shift(line, i) for i, line in enumerate(page)]
    ['- ## Summary', '  - a bird', '## Discussion 2 Wren - 2019', '- why ?', '  - tides']
    >>> page = ["- ## Summary", "  - a bird", "- ## Discussion 4 Heron - 2020", "  - why ?", "    - tides"]
    >>> shift = _heading_blocks("Wren", page)  # another paper's heading after the summary stays a block
    >>> [shift(line, i) for i, line in enumerate(page)][2:]
    ['- ## Discussion 4 Heron - 2020', '  - why ?', '    - tides']
    >>> page = ["- ## Discussion", "  - 1. why ?", "    - tides", "- ## Results", "  - 3 cm", "- ## Notes", "  - 2 cm"]
    >>> shift = _heading_blocks("Wren", page)  # a heading of the discussion (``discussion_labels``) holds its notes
    >>> [shift(line, i) for i, line in enumerate(page)]
    ['## Discussion', '- 1. why ?', '  - tides', '- ## Results', '  - 3 cm', '- ## Notes', '  - 2 cm']
    """
    own = compact_key(page_name)
    seen_heading = False

    def own_paper_heading(text: str, named: bool = False) -> bool:
        """A heading shaped like a paper's with a meeting prefix or the page's name (with ``named``: the name)."""
        parts = read_heading(text.lstrip("#").strip())
        title = compact_key(parts.title or "")
        names_page = bool(own and title and (title == own or title.startswith(own) or own.startswith(title)))
        return parts.reads_as_paper and (names_page or (parts.prefixed and not named))

    headings: list[tuple[int, int]] = []  # (indent of a heading block, the indent its blocks had)

    holding = _blocks_holding_questions(list(lines))

    def shift(line: str, index: int | None = None) -> str:
        text = line.lstrip()
        if not text:
            return line
        indent = len(line) - len(text)
        if text.startswith("-"):
            while headings and indent <= headings[-1][0]:
                headings.pop()
        if headings and headings[-1][1] < 0 and indent > headings[-1][0]:
            headings[-1] = (headings[-1][0], indent)  # the first block under a heading gives its blocks' level
        moved = max(indent - sum(child - own for own, child in headings if 0 <= child <= indent), 0)
        heading = _HEADING_BLOCK.match(text)
        if heading and moved == 0:
            nonlocal seen_heading
            first, seen_heading = not seen_heading, True
            # a later heading block heads the notes only where it names this page ("- ## Discussion 4 Heron" on
            # the page Wren is about another paper) and its blocks are questions with answers
            later_own = index in holding and own_paper_heading(heading["heading"], named=True)
            if first and own_paper_heading(heading["heading"]) or later_own or index in holding and \
                    note_syntax().heads_discussion(heading["heading"].lstrip("#").strip()):
                headings.append((indent, -1))
                return heading["heading"]
        return " " * moved + text

    return shift


def _with_block_property_links(page, text: str):
    """The page with the links its block properties hold (``paper:: [[Wren]]`` under a session's block
    names the paper the block is about) as its ``property_links``: the property lines are no note text,
    and their links are not the page's (an ``attendees::`` property links people), but they name what the
    block above them is about."""
    raw = text.split("\n")
    extra = [link for i, why in sorted(page.dropped.items())
             if why == "property" and i >= page.body_start and i < len(raw) and "[[" in raw[i]
             for link in find_links(raw[i], i + 1)]
    if not extra:
        return page
    return replace(page, property_links=tuple(extra))


def read(folder: Path, display_root: Path | None = None) -> Source:
    """Every page and journal day of the graph at ``folder``."""
    files = []
    for sub, hint in (("pages", None), ("journals", "session")):
        base = folder / sub
        if base.is_dir():
            files += [(p, hint) for p in sorted(base.rglob("*.md")) if "/." not in p.as_posix()]
    if not files:
        raise IngestError("Logseq graph has no pages/ or journals/ files", folder)
    root = display_root or folder.parent
    texts, digests = {}, []
    for path, _ in files:
        display = display_name(path, root)
        text, digest, _ = read_note_file(path, display)
        texts[display] = text
        digests.append((display, digest))
    ids = _block_ids(texts)
    journal_normalizer = _normalizer(ids)
    pages = []
    for path, hint in files:
        display = display_name(path, root)
        date = None
        if hint == "session":
            name = path.stem
            date = day_named(path.stem)
        else:
            full, name = page_name(path.stem)
        normalize = journal_normalizer if hint == "session" else _normalizer(ids, page_name=name)
        page = page_from_text(texts[display], display, name=name, hint=hint, date=date, normalize=normalize,
                              folder=path.parent.relative_to(folder).as_posix())
        page = _with_block_property_links(page, texts[display])
        if hint is None and "template" in page.dropped.values() and not any(
                line.strip() for line in page.lines[page.body_start:]):
            page = replace(page, hint="template")  # nothing but template blocks
        if hint is None:
            full, _ = page_name(path.stem)
            if "/" in full:  # the namespace is a folder of the page (``papers/Wren`` lives in ``papers``)
                page = replace(page, folder=full.rsplit("/", 1)[0])
            title = page.prop("title")
            if title:  # ``title::`` is the page's original name when its file name was escaped
                shown = title.rsplit("/", 1)[-1].strip()
                page = replace(page, name=shown, aliases=tuple(a for a in page.aliases if a.lower() != shown.lower()))
        pages.append(page)
    return Source(FORMAT, str(folder), tuple(pages), digests=tuple(digests))
