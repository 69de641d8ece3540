"""Notes kept in Google Docs or Word, downloaded as ``.docx`` or as a web page (``.html``), read as Markdown.

The format
    A Word document (``.docx``, Office Open XML: a zip of XML parts) as Google Docs writes it with
    *File → Download → Microsoft Word (.docx)* and Word saves it; or the web page Google Docs writes
    with *File → Download → Web page (.html, zipped)* (unzipped: one ``.html`` file and an
    ``images/`` folder), or any other HTML page of notes.

How it is read
    A ``.docx`` goes through mammoth (kept converter: Word paragraphs to HTML by their *styles*) and
    the HTML through one small Beautiful Soup walk into Markdown text, which the Markdown notes
    reader (:mod:`ingest.notes`) then reads like any notes file. Headings stay headings (the
    document's *Title* becomes a top heading over them); bullet and numbered lists keep their
    levels (an item is indented under the text of the item above it, as CommonMark nests lists)
    and the number each item shows; every other paragraph is one line, an empty paragraph a blank
    line. Bold, italics, colours, fonts, images, tables' borders, comments, footnotes, headers and
    footers are left out; a link keeps its words, not its address.

    One paragraph is one Markdown line: **the line numbers that warnings, errors and evidence give
    for a converted file are lines of that Markdown, which are the document's paragraphs counted
    from the top** (empty paragraphs, list items and table cells' paragraphs included; a *Title*
    is line 1). Text is not escaped: a paragraph that reads ``3. Why?`` is a numbered question, as
    in a Markdown file.

The Google Docs shapes this relies on
    - ``.docx``: headings in the built-in styles *Heading 1* … *Heading 6* and *Title*; a list item
      is a paragraph with ``<w:numPr>`` (``w:ilvl``: its level, ``w:numId``: its list), its numbers
      defined in ``word/numbering.xml`` (``w:abstractNum``/``w:lvl``: ``w:start``, ``w:numFmt``; a
      ``w:num`` may restart a level with ``w:lvlOverride/w:startOverride``). Mammoth nests the
      lists by level but does not say which number Word shows, so :func:`_mark_numbers` computes it
      from those parts (counted per ``w:numId``; a deeper level restarts under each new item above
      it) and leaves it in the paragraph as a bookmark that mammoth passes on.
    - ``.html``: the whole page on one line, generated classes (``c0``, ``c1``…) on every element,
      text in ``<span>``s, ``&nbsp;`` in runs of spaces, ``<p class="… title">`` for the title,
      ``<h1 id="h.…">`` … ``<h6>`` headings, an empty ``<p>`` for a blank line, links through
      ``https://www.google.com/url?q=…``, footnotes (``#ftnt1``) and comments (``#cmnt1``) as
      anchors with their texts at the end. Lists are **never nested**: each level of a list is a
      sibling ``<ul>``/``<ol class="lst-kix_<list id>-<level> [start]">`` of its parent level, and
      an ``<ol>`` says the number of its first item in ``start="N"`` (where that is missing, the
      count of the same ``lst-kix`` list and level goes on). Other HTML (nested lists, plain tags)
      is read the same way.

Documentation relied on
    - mammoth (style maps, ``ignore_empty_paragraphs``, bookmarks, images):
      https://github.com/mwilliamson/python-mammoth#readme
    - Office Open XML numbering, ECMA-376 Part 1 §17.9 (``numPr``, ``abstractNum``, ``lvl``,
      ``lvlOverride``, ``startOverride``): https://ecma-international.org/publications-and-standards/standards/ecma-376/
      and https://learn.microsoft.com/en-us/dotnet/api/documentformat.openxml.wordprocessing.startoverridenumberingvalue
    - Beautiful Soup: https://www.crummy.com/software/BeautifulSoup/bs4/doc/

The test exports of the bundled notes (``tests/data/office/``) are generated imitations of these
shapes, written by ``bench/office_exports.py``.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import yaml

from ingest.errors import IngestError

if TYPE_CHECKING:  # mammoth and Beautiful Soup load when a file needs them, not with every `kg` command
    from bs4.element import Tag

__all__ = ["WORD_SUFFIXES", "HTML_SUFFIXES", "OFFICE_SUFFIXES", "docx_to_markdown", "html_to_markdown"]

WORD_SUFFIXES = (".docx",)
HTML_SUFFIXES = (".html", ".htm")
OFFICE_SUFFIXES = WORD_SUFFIXES + HTML_SUFFIXES

# --- the markup of the two formats (element and class names, not words of the notes) ---------------

# Title and Subtitle paragraphs reach the HTML walk as the classes Google Docs' own page uses.
_STYLE_MAP = "p[style-name='Title'] => p.title:fresh\np[style-name='Subtitle'] => p.subtitle:fresh"
_NUMBER_MARK = "kg-number-"  # the bookmark that carries a Word list item's number through mammoth
_NUMBER_BOOKMARK = re.compile("^" + re.escape(_NUMBER_MARK) + r"\d+$")
_TITLE_CLASS = "title"
_GOOGLE_LIST = re.compile(r"^lst-kix_(?P<list>\w+)-(?P<level>\d+)$")
_GOOGLE_COUNTER_RESET = "start"  # the class of a Google list level whose count starts again
# a footnote's or comment's marker in the text (Google: #ftnt1, #cmnt1; mammoth: #footnote-1) ...
_NOTE_MARKER = re.compile(r"^#(?:ftnt|cmnt|footnote-|endnote-|comment-)")
# ... and the link back to it that starts the note's own text at the end of the document
_NOTE_BACK_LINK = re.compile(r"^#(?:ftnt_ref|cmnt_ref|footnote-ref-|endnote-ref-|comment-ref-)")
_LINE_BREAKS = re.compile("[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # what str.splitlines() splits on
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = ("ul", "ol")


@dataclass(frozen=True)
class _Elements:
    """The HTML element names of ``html_elements.yaml``: not text, holding blocks, one line each."""

    unread: frozenset[str]
    containers: frozenset[str]
    paragraphs: frozenset[str]


@lru_cache(maxsize=1)
def _elements() -> _Elements:
    """Read when a page is first converted, not with every ``kg`` command (discovery imports this module)."""
    raw = yaml.safe_load((Path(__file__).with_name("html_elements.yaml")).read_text(encoding="utf-8"))
    return _Elements(frozenset(raw["unread"]), frozenset(raw["containers"]),
                     frozenset(raw["paragraphs"]) | set(_HEADINGS) | set(_LISTS))


# --- HTML -> Markdown ----------------------------------------------------------------------------------

class _MarkdownLines:
    """Walks an HTML tree once and writes one Markdown line per paragraph, heading or list item."""

    def __init__(self, root: Tag, from_word: bool):
        # mammoth's HTML: every space is the document's own, and list numbers come as bookmarks
        self.from_word = from_word
        self.lines: list[str] = []
        self.columns: list[int] = []  # the text column of the last list item at each level
        self.google_counts: dict[tuple[str, int], int] = {}  # (list id, level) -> its next number
        # with a Title over them, Heading 1s go one level down so that the title heads the file
        has_title = any(_TITLE_CLASS in (tag.get("class") or ()) for tag in root.find_all(["p", *_HEADINGS]))
        self.shift = 1 if has_title and root.find("h1") is not None else 0

    # -- blocks --
    def blocks(self, node: Tag, depth: int = 0) -> None:
        """The blocks under ``node``; loose inline content between them makes a paragraph."""
        loose: list = []
        for child in node.children:
            if child.name in _elements().containers or child.name in _elements().paragraphs:
                self._paragraph_of(loose)
                loose = []
                self._block(child, depth)
            elif child.name not in _elements().unread:
                loose.append(child)
        self._paragraph_of(loose)

    def _block(self, tag: Tag, depth: int) -> None:
        name = tag.name
        if name in _LISTS:
            self._list(tag, depth)
            return
        if name == "li":  # an item outside any list
            self._item(tag, depth, "-")
            return
        self.columns = []
        if name in _elements().containers:
            self.blocks(tag, depth)
        elif name == "hr":
            if "display:none" not in (tag.get("style") or "").replace(" ", ""):  # Google's page break
                self.lines.append("---")
        elif name == "pre":
            self.lines += ["```", *tag.get_text().splitlines(), "```"]
        elif self._links_back(tag):
            return  # a footnote's or comment's text, at the end of the document
        elif _TITLE_CLASS in (tag.get("class") or ()):
            self._heading(1, self.text_of(tag))
        elif name in _HEADINGS:
            self._heading(min(6, _HEADINGS[name] + self.shift), self.text_of(tag))
        else:
            self.lines.append(self.text_of(tag))
        for nested in _lists_in(tag):  # a list written inside a paragraph follows it
            self._list(nested, depth)

    def _heading(self, level: int, text: str) -> None:
        self.lines.append(f"{'#' * level} {text}" if text else "")  # an empty heading is a blank line

    def _paragraph_of(self, loose: list) -> None:
        text = self._clean("".join(self._text(node) for node in loose))
        if text:
            self.columns = []
            self.lines.append(text)

    # -- lists --
    def _list(self, tag: Tag, depth: int) -> None:
        level, google = depth, None
        for name in tag.get("class") or ():
            found = _GOOGLE_LIST.match(name)
            if found:
                google, level = found.group("list"), int(found.group("level"))
        ordered = tag.name == "ol"
        number = _int(tag.get("start"))
        if number is None:
            reset = google is None or _GOOGLE_COUNTER_RESET in (tag.get("class") or ())
            number = 1 if reset else self.google_counts.get((google, level), 1)
        for child in tag.children:
            if child.name == "li":
                if self._links_back(child):
                    continue
                if ordered:
                    mark = child.find("a", id=_NUMBER_BOOKMARK, recursive=False) if self.from_word else None
                    if mark is not None:
                        number = int(mark["id"][len(_NUMBER_MARK):])
                    self._item(child, level, f"{number}.")
                    number += 1
                else:
                    self._item(child, level, "-")
            elif child.name in _LISTS:  # a list put straight in a list
                self._list(child, level + 1)
        if google is not None and ordered:
            self.google_counts[(google, level)] = number

    def _item(self, item: Tag, level: int, marker: str) -> None:
        """One list item at ``level``: indented to the text of the item above it, then its sub-lists."""
        columns = self.columns[:level]
        indent = columns[-1] if columns else 0
        columns += [indent] * (level - len(columns))
        text = self._clean("".join(self._text(child) for child in item.children))
        self.lines.append(" " * indent + marker + (f" {text}" if text else ""))
        self.columns = columns + [indent + len(marker) + 1]
        for nested in _lists_in(item):
            self._list(nested, level + 1)

    # -- text --
    def text_of(self, tag: Tag) -> str:
        return self._clean(self._text(tag))

    def _text(self, node) -> str:
        """The words of ``node`` as a reader sees them, without sub-lists, images or note markers."""
        if node.name is None:  # a string (comments and the doctype are gone: see html_to_markdown)
            return str(node)
        if node.name in _elements().unread or node.name in _LISTS:
            return ""
        if node.name == "br":
            return " "
        if node.name == "a" and _NOTE_MARKER.match(node.get("href") or ""):
            return ""
        inner = "".join(self._text(child) for child in node.children)
        return f" {inner} " if node.name in _elements().paragraphs or node.name in _elements().containers else inner

    def _clean(self, text: str) -> str:
        """One line: line breaks and tabs become spaces; in a web page, runs of spaces one space
        (``&nbsp;`` stays a space of its own, as a browser shows it)."""
        if not self.from_word:
            text = _HTML_SPACE.sub(" ", text)
        return _LINE_BREAKS.sub(" ", text).replace("\u00a0", " ").strip()

    @staticmethod
    def _links_back(tag: Tag) -> bool:
        return tag.find("a", href=_NOTE_BACK_LINK) is not None


def _lists_in(item: Tag):
    """The lists inside a list item (also inside its paragraphs), not those inside them."""
    for child in item.children:
        if child.name in _LISTS:
            yield child
        elif child.name is not None and child.name not in _elements().unread:
            yield from _lists_in(child)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def html_to_markdown(page: str, file: str = "<html>", *, from_word: bool = False) -> str:
    """Markdown text of an HTML page of notes: one line per paragraph, heading and list item.

    A web page's runs of white space are one space, as a browser shows them; ``from_word`` (the
    HTML mammoth makes of a .docx) keeps every space, and takes a numbered item's number from its
    ``kg-number-N`` bookmark (:func:`_mark_numbers`).

    >>> page = ('<p class="c3 title"><span>Wren notes</span></p><h2 id="h.x1"><span>Heron (2019)</span></h2>'
    ...         '<p class="c2"><span></span></p>'
    ...         '<ol class="c1 lst-kix_a1-0 start" start="1"><li><span>Why?</span></li></ol>'
    ...         '<ul class="c1 lst-kix_b2-0 start"><li>because</li></ul>'
    ...         '<ul class="c1 lst-kix_b2-1 start"><li>a&nbsp; detail</li></ul>'
    ...         '<ol class="c1 lst-kix_a1-0" start="2"><li>How?</li></ol>')
    >>> print(html_to_markdown(page), end="")
    # Wren notes
    ## Heron (2019)
    <BLANKLINE>
    1. Why?
    - because
      - a  detail
    2. How?
    """
    from bs4 import BeautifulSoup
    from bs4.element import PreformattedString

    soup = BeautifulSoup(page, "html.parser")
    for node in soup.find_all(string=lambda text: isinstance(text, PreformattedString)):
        node.extract()  # comments, the doctype, CDATA: no words of the page
    writer = _MarkdownLines(soup, from_word)
    try:
        writer.blocks(soup.body or soup)
    except RecursionError:  # the walk goes one call deeper per nested element
        raise IngestError("HTML elements nested too deeply to read (hundreds of levels)", file) from None
    return "\n".join(writer.lines) + "\n"


# --- .docx -> HTML (mammoth) -> Markdown ------------------------------------------------------------------

_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MARKUP_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice"
_UNNUMBERED_FORMATS = ("bullet", "none")


def _main_part(archive: zipfile.ZipFile) -> str | None:
    """The name of the document's main part (``word/document.xml``), from the package's relationships."""
    try:
        relationships = ET.fromstring(archive.read("_rels/.rels"))
    except KeyError:
        return None
    for relationship in relationships.iter(_PACKAGE_RELATIONSHIPS):
        if relationship.get("Type") in (_OFFICE_DOCUMENT, _STRICT_OFFICE_DOCUMENT):
            return str(PurePosixPath(relationship.get("Target", "").lstrip("/")))
    return None


def _list_levels(numbering: bytes | None, w: str) -> dict[str, dict[int, tuple[str, int]]]:
    """For each ``w:numId``: level -> (number format, first number), overrides applied."""
    if numbering is None:
        return {}
    root = ET.fromstring(numbering)

    def levels_of(parent) -> dict[int, tuple[str, int]]:
        found = {}
        for lvl in parent.findall(f"{{{w}}}lvl"):
            fmt, start = lvl.find(f"{{{w}}}numFmt"), lvl.find(f"{{{w}}}start")
            first = _int(start.get(f"{{{w}}}val")) if start is not None else None
            found[_int(lvl.get(f"{{{w}}}ilvl")) or 0] = (
                fmt.get(f"{{{w}}}val", "decimal") if fmt is not None else "decimal", 1 if first is None else first)
        return found

    abstract = {a.get(f"{{{w}}}abstractNumId"): levels_of(a) for a in root.findall(f"{{{w}}}abstractNum")}
    lists = {}
    for num in root.findall(f"{{{w}}}num"):
        base = num.find(f"{{{w}}}abstractNumId")
        levels = dict(abstract.get(base.get(f"{{{w}}}val") if base is not None else None, {}))
        for override in num.findall(f"{{{w}}}lvlOverride"):
            level = _int(override.get(f"{{{w}}}ilvl")) or 0
            levels.update(levels_of(override))
            start = override.find(f"{{{w}}}startOverride")
            if start is not None:
                levels[level] = (levels.get(level, ("decimal", 1))[0], _int(start.get(f"{{{w}}}val")) or 0)
        lists[num.get(f"{{{w}}}numId")] = levels
    return lists


def _paragraphs(element):
    """Every ``w:p`` in document order, without the ``mc:Choice`` copies that mammoth skips."""
    for child in element:
        if child.tag == _MARKUP_CHOICE:
            continue
        if child.tag.endswith("}p"):
            yield child
        yield from _paragraphs(child)


def _mark_numbers(document: bytes, numbering: bytes | None) -> bytes:
    """The main part with a bookmark ``kg-number-N`` in each numbered list item, N being the number
    Word shows before it (ECMA-376 §17.9: counted per ``w:numId`` and level from ``w:start`` or a
    ``w:startOverride``; an item restarts the levels below its own). Counting per ``w:numId`` is
    what Google Docs' exports need (each list has its own); Word may continue one count across two
    ``w:num`` of the same ``w:abstractNum``, which this reads as two lists."""
    root = ET.fromstring(document)
    w = root.tag[1:].split("}")[0]  # the transitional or the strict namespace
    lists = _list_levels(numbering, w)
    counts: dict[str, dict[int, int]] = {}
    for mark, paragraph in enumerate(_paragraphs(root)):
        properties = paragraph.find(f"{{{w}}}pPr")
        numbered = properties.find(f"{{{w}}}numPr") if properties is not None else None
        if numbered is None:
            continue
        num_id = numbered.find(f"{{{w}}}numId")
        num_id = num_id.get(f"{{{w}}}val") if num_id is not None else None
        if num_id not in lists:
            continue  # numId 0 (numbering removed) or a list that numbering.xml does not define
        level = numbered.find(f"{{{w}}}ilvl")
        level = (_int(level.get(f"{{{w}}}val")) or 0) if level is not None else 0
        fmt, start = lists[num_id].get(level, ("decimal", 1))
        count = counts.setdefault(num_id, {})
        for deeper in [k for k in count if k > level]:
            del count[deeper]
        count[level] = count[level] + 1 if level in count else start
        if fmt in _UNNUMBERED_FORMATS:
            continue
        bookmark = ET.Element(f"{{{w}}}bookmarkStart", {f"{{{w}}}id": str(1_000_000 + mark),
                                                        f"{{{w}}}name": f"{_NUMBER_MARK}{count[level]}"})
        paragraph.insert(1 if paragraph[0] is properties else 0, bookmark)
    return ET.tostring(root, encoding="utf-8")


def _with_part(archive: zipfile.ZipFile, name: str, data: bytes) -> io.BytesIO:
    """A copy of the archive in memory with one part replaced (stored, not compressed again)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            copy.writestr(info.filename, data if info.filename == name else archive.read(info))
    out.seek(0)
    return out


def _no_image(image) -> dict:  # noqa: ARG001 - mammoth's hook
    return {}  # an <img> without its bytes: images are not read (nor decoded into the HTML)


def _word_html(archive: zipfile.ZipFile, file: str, max_unpacked_bytes: int) -> str:
    """The HTML mammoth makes of an open .docx, its numbered items marked with their numbers."""
    import mammoth

    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max_unpacked_bytes:
        raise IngestError(f"Word document unpacks to {unpacked} bytes (limit {max_unpacked_bytes})", file)
    main = _main_part(archive)
    if main is None or main not in archive.namelist():
        raise IngestError("not a Word document (.docx): the archive has no main document part", file)
    numbering = archive.read("word/numbering.xml") if "word/numbering.xml" in archive.namelist() else None
    marked = _with_part(archive, main, _mark_numbers(archive.read(main), numbering))
    result = mammoth.convert_to_html(marked, style_map=_STYLE_MAP, ignore_empty_paragraphs=False,
                                     include_embedded_style_map=False,
                                     convert_image=mammoth.images.img_element(_no_image))
    return result.value


def docx_to_markdown(data: bytes, file: str, max_unpacked_bytes: int) -> str:
    """Markdown text of a Word document (the bytes of a ``.docx``); ``file`` names it in errors.

    Raises
    ------
    IngestError
        One line naming ``file``: not a zip archive, no Word document in it, more than
        ``max_unpacked_bytes`` once unpacked, or parts that cannot be read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise IngestError("not a Word document (.docx): not a zip archive (a damaged download, or a "
                          "password-protected or old .doc file)", file) from None
    try:
        with archive:
            page = _word_html(archive, file, max_unpacked_bytes)
    except IngestError:
        raise
    # a damaged part fails inside zipfile, zlib, expat or mammoth with errors of their own kinds
    except Exception as error:  # noqa: BLE001 - each becomes one line naming the file
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise IngestError(f"cannot read this Word document: {detail}", file) from None
    return html_to_markdown(page, file, from_word=True)
