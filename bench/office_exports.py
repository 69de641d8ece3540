"""Write a Markdown notes file as Google Docs would export it: a ``.docx`` and a web page (``.html``).

The files this writes are **generated imitations**, not files that Google Docs wrote: no Google
account is reachable from here. They follow the shapes of real exports, which is what the office
reader (:mod:`ingest.readers.office`) must read:

- **Download → Microsoft Word (.docx)**: a ``Title`` paragraph, headings in the built-in
  ``Heading 1`` … ``Heading 6`` styles, an empty paragraph for each blank line, and lists as real
  Word numbering — each paragraph of a list carries ``<w:numPr>`` (``w:ilvl`` its level, ``w:numId``
  its list), ``word/numbering.xml`` defines each list (``w:abstractNum``: per level ``w:start``,
  ``w:numFmt`` ``decimal``/``lowerLetter``/``bullet``, ``w:lvlText`` ``%1.``/``●``, indentation), a
  list restarted at another number is a new ``w:num`` with a ``w:startOverride``;
- **Download → Web page (.html, zipped)**: one line of HTML, a ``<style>`` of generated classes
  (``.c0``, ``.c1``, …), ``<p class="… title">`` for the title, ``<h2 id="h.…">`` headings, text in
  ``<span>``s, ``&nbsp;`` for a run of spaces, an empty ``<p>`` for a blank line, and lists that are
  never nested: each level of a list is a sibling ``<ul>``/``<ol class="lst-kix_<id>-<level>">``
  (``start`` in the class where its counter restarts, ``start="N"`` on every ``<ol>``), its items
  ``<li class="… li-bullet-0">``.

A numbered line is a numbered list item, a ``-``/``*``/``+`` line a bullet; items indented under
another are the next level of that item's list. Within a section (up to the next heading) the
numbered items continue one list and the bullets another, as a Google Docs user's would; a number
that does not follow the one before (``8.`` after ``8.``) restarts the list at that number (a
nested numbered item is numbered as Word counts it: 1, 2, … under each item above). Any other
line is a paragraph, written as is.

    python bench/office_exports.py                 # rewrites tests/data/office/reading-group-notes.*
    python bench/office_exports.py NOTES.md OUTDIR  # another notes file

Writing the same notes twice gives the same bytes (fixed dates and zip times), so a test can check
that the committed exports are what this program writes.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "office"
NOTES = ROOT / "data" / "notes" / "reading-group-notes.md"
TITLE = "Reading group notes"

__all__ = ["Block", "read_blocks", "docx_bytes", "html_text", "write_exports"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ORDERED = re.compile(r"^(\s*)(\d{1,4})[.)](?:\s+(.*?))?\s*$")
_BULLET = re.compile(r"^(\s*)[-*+](?:\s+(.*?))?\s*$")

# Google Docs' list presets: a numbered list counts 1. a. i. down its levels, a bulleted one
# draws ● ○ ■ (as the CSS of its HTML export and the w:lvl of its .docx say).
_NUMBER_FORMATS = [("decimal", "decimal"), ("lowerLetter", "lower-latin"), ("lowerRoman", "lower-roman")] * 3
_BULLET_GLYPHS = ["\u25cf", "\u25cb", "\u25a0"] * 3


@dataclass(frozen=True)
class Block:
    """One paragraph of the document: ``kind`` is title, heading, ol, ul, paragraph or blank."""

    kind: str
    text: str = ""
    level: int = 0  # heading level, or list level (0 = top)
    number: int | None = None  # the number a numbered item shows
    list_id: str = ""  # the Google list it belongs to
    restarts: str = ""  # for a list restarted at another number: the list it restarts


def read_blocks(markdown: str, title: str | None = None) -> list[Block]:
    """The paragraphs of a Google Doc that holds ``markdown``, its lists assigned as Google Docs would.

    >>> for block in read_blocks("## Wren\\n1. a\\n- b\\n  - c\\n2. d\\n"):
    ...     print(block.kind, block.level, block.number, block.list_id or "-")
    heading 2 None -
    ol 0 1 kix1
    ul 0 None kix2
    ul 1 None kix2
    ol 0 2 kix1
    """
    blocks = [Block("title", title)] if title else []
    indents: list[int] = []  # the marker columns of the open list items
    lists: dict[str, str] = {}  # top-level kind -> the section's list of that kind
    last_number: dict[str, int] = {}  # list id -> the last number it showed at level 0
    top = ""  # the list of the last top-level item
    count = 0
    for line in markdown.splitlines():
        heading, ordered, bullet = _HEADING.match(line), _ORDERED.match(line), _BULLET.match(line)
        if heading:
            lists, indents = {}, []
            blocks.append(Block("heading", heading.group(2), len(heading.group(1))))
            continue
        if not (ordered or bullet):
            if line.strip():
                indents = []
            blocks.append(Block("paragraph", line.strip()) if line.strip() else Block("blank"))
            continue
        indent = len((ordered or bullet).group(1).expandtabs(4))
        while indents and indents[-1] >= indent:
            indents.pop()
        level = len(indents)
        indents.append(indent)
        kind = "ol" if ordered else "ul"
        text = (ordered.group(3) if ordered else bullet.group(2)) or ""
        number = int(ordered.group(2)) if ordered else None
        restarts = ""
        if level == 0:
            list_id = lists.get(kind)
            if list_id is None or (kind == "ol" and number != last_number[list_id] + 1):
                restarts = list_id or ""
                count += 1
                list_id = lists[kind] = f"kix{count}"
            if kind == "ol":
                last_number[list_id] = number
            top = list_id
        else:
            list_id = top
        blocks.append(Block(kind, text, level, number, list_id, restarts))
    return blocks


def _kix(list_id: str) -> str:
    """A Google-looking list id (``lst-kix_`` + 12 letters and digits), the same for the same list."""
    return "lst-kix_" + hashlib.sha256(list_id.encode()).hexdigest()[:12]


def _anchor(n: int) -> str:
    """A Google-looking heading id: ``h.`` + 12 letters and digits."""
    return "h." + hashlib.sha256(f"heading {n}".encode()).hexdigest()[:12]


def _levels_of(blocks: list[Block]) -> dict[str, dict[int, str]]:
    """For each list, the kind (ol/ul) of each level used; one level has one kind, as in Google Docs."""
    levels: dict[str, dict[int, str]] = {}
    for block in blocks:
        if block.kind in ("ol", "ul"):
            seen = levels.setdefault(block.list_id, {}).setdefault(block.level, block.kind)
            if seen != block.kind:
                raise ValueError(f"list {block.list_id} mixes numbers and bullets at level {block.level}")
    return levels


# --- the web page ------------------------------------------------------------------------------------

def _spaces(text: str) -> str:
    """Text as Google Docs writes it in HTML: escaped, a space after a space as ``&nbsp;``."""
    escaped = html.escape(text, quote=False)
    return re.sub(r"(?<= ) ", "&nbsp;", escaped).replace("\u00a0", "&nbsp;")


def _list_css(kix: str, level: int, kind: str) -> str:
    counter = f"lst-ctn-{kix[4:]}-{level}"
    if kind == "ul":
        glyph = "\\%06x" % ord(_BULLET_GLYPHS[level])
        return f'ul.{kix}-{level}{{list-style-type:none}}.{kix}-{level}>li:before{{content:"{glyph}   "}}'
    style = _NUMBER_FORMATS[level][1]
    return (f"ol.{kix}-{level}{{list-style-type:none}}.{kix}-{level}>li{{counter-increment:{counter}}}"
            f"ol.{kix}-{level}.start{{counter-reset:{counter} 0}}"
            f'.{kix}-{level}>li:before{{content:"" counter({counter},{style}) ". "}}')


def html_text(blocks: list[Block]) -> str:
    """The document as Google Docs' "Web page (.html)" export: one line, flat lists, classes."""
    levels = _levels_of(blocks)
    css = "".join(_list_css(_kix(list_id), level, kind)
                  for list_id, kinds in levels.items() for level, kind in sorted(kinds.items()))
    css += ("ol{margin:0;padding:0}table td,table th{padding:0}"
            ".c0{color:#000000;font-weight:400;text-decoration:none;vertical-align:baseline;font-size:11pt;"
            "font-family:\"Arial\";font-style:normal}"
            ".c1{padding-top:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;text-align:left}"
            ".c2{margin-left:36pt;padding-top:0pt;padding-left:0pt;padding-bottom:0pt;line-height:1.15;"
            "orphans:2;widows:2;text-align:left}"
            ".c3{height:11pt}.c4{padding:0;margin:0}"
            ".c5{background-color:#ffffff;max-width:468pt;padding:72pt 72pt 72pt 72pt}"
            ".c6{font-size:26pt;font-weight:400}"
            ".title{padding-top:0pt;color:#000000;font-size:26pt;padding-bottom:3pt;font-family:\"Arial\";"
            "line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}"
            + "".join(f"h{n}{{padding-top:{22 - 2 * n}pt;color:#000000;font-size:{22 - 2 * n}pt;"
                      f"padding-bottom:6pt;font-family:\"Arial\";line-height:1.15;page-break-after:avoid;"
                      f"orphans:2;widows:2;text-align:left}}" for n in range(1, 7)))
    out = ['<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
           f'<style type="text/css">{css}</style></head><body class="c5 doc-content">']
    started: set[tuple[str, int]] = set()  # (list, level) counters begun
    open_list: tuple[str, int, str] | None = None
    headings = 0
    for index, block in enumerate(blocks):
        key = (block.list_id, block.level, block.kind) if block.kind in ("ol", "ul") else None
        if open_list is not None and key != open_list:
            out.append(f"</{open_list[2]}>")
            open_list = None
        if block.kind == "title":
            headings += 1
            out.append(f'<p class="c1 title" id="{_anchor(headings)}"><span class="c6">'
                       f"{_spaces(block.text)}</span></p>")
        elif block.kind == "heading":
            headings += 1
            out.append(f'<h{block.level} class="c1" id="{_anchor(headings)}"><span class="c0">'
                       f"{_spaces(block.text)}</span></h{block.level}>")
        elif block.kind == "blank":
            out.append('<p class="c1 c3"><span class="c0"></span></p>')
        elif block.kind == "paragraph":
            out.append(f'<p class="c1"><span class="c0">{_spaces(block.text)}</span></p>')
        else:
            if open_list is None:
                kix = _kix(block.list_id)
                # a counter restarts at a list's first item and under each new parent item
                parent_changed = block.level > 0 and blocks[index - 1].level < block.level
                fresh = (block.list_id, block.level) not in started or parent_changed
                started.add((block.list_id, block.level))
                classes = f"c4 {kix}-{block.level}" + (" start" if fresh else "")
                start = f' start="{block.number}"' if block.kind == "ol" else ""
                out.append(f'<{block.kind} class="{classes}"{start}>')
                open_list = key
            margin = "c2" if block.level == 0 else f'c2" style="margin-left:{36 * (block.level + 1)}pt'
            out.append(f'<li class="{margin} li-bullet-{block.level}"><span class="c0">'
                       f"{_spaces(block.text)}</span></li>")
    if open_list is not None:
        out.append(f"</{open_list[2]}>")
    out.append("</body></html>")
    return "".join(out)


# --- the Word document -------------------------------------------------------------------------------

_FIXED_TIME = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _numbering_xml(levels: dict[str, dict[int, str]], first_numbers: dict[str, int],
                   restarts: dict[str, str]) -> tuple[list[str], list[str], dict[str, int]]:
    """(w:abstractNum elements, w:num elements, list id -> numId) as Google Docs' .docx writes them."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    abstracts, nums, num_ids, abstract_of = [], [], {}, {}
    for list_id, kinds in levels.items():
        num_id = len(num_ids) + 1
        num_ids[list_id] = num_id
        base = restarts.get(list_id)
        if base:
            abstract_id = abstract_of[base]
            nums.append(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{first_numbers[list_id]}"/>'
                        f"</w:lvlOverride></w:num>")
            abstract_of[list_id] = abstract_id
            continue
        abstract_id = 100 + num_id
        abstract_of[list_id] = abstract_id
        top = kinds[0] if 0 in kinds else next(iter(kinds.values()))
        lvls = []
        for level in range(9):
            kind = kinds.get(level, top)
            if kind == "ol":
                fmt, text = _NUMBER_FORMATS[level][0], f"%{level + 1}."
                start = first_numbers.get(list_id, 1) if level == 0 else 1
            else:
                fmt, text, start = "bullet", _BULLET_GLYPHS[level], 1
            lvls.append(f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind '
                        f'w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>')
        abstracts.append(f'<w:abstractNum {w} w:abstractNumId="{abstract_id}"><w:multiLevelType '
                         f'w:val="hybridMultilevel"/>{"".join(lvls)}</w:abstractNum>')
        nums.append(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    return abstracts, nums, num_ids


def _same_bytes_zip(data: bytes) -> bytes:
    """The archive rewritten with fixed member times, so the same document gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), source.read(info),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


#: the styles a Google Docs export defines (python-docx's template has ~160 more, and latent ones)
_STYLES = ("Normal", "Title", "Subtitle", *(f"Heading {n}" for n in range(1, 7)), "Default Paragraph Font",
           "Normal Table", "No List")


def _keep_used_styles(document) -> None:
    """Leave the styles part as small as Google's: its styles, no latent styles."""
    from docx.oxml.ns import qn

    for style in list(document.styles):
        if style.name not in _STYLES:
            style.element.getparent().remove(style.element)
    latent = document.styles.element.find(qn("w:latentStyles"))
    if latent is not None:
        latent.getparent().remove(latent)


def docx_bytes(blocks: list[Block]) -> bytes:
    """The document as Google Docs' "Microsoft Word (.docx)" export (python-docx, real numbering)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    levels = _levels_of(blocks)
    first_numbers = {}
    restarts = {}
    for block in blocks:
        if block.kind == "ol" and block.level == 0:
            first_numbers.setdefault(block.list_id, block.number)
        if block.restarts:
            restarts[block.list_id] = block.restarts
    document = docx.Document()
    _keep_used_styles(document)
    numbering = document.part.numbering_part.element
    abstracts, nums, num_ids = _numbering_xml(levels, first_numbers, restarts)
    first_num = numbering.find(qn("w:num"))
    for element in abstracts:  # every w:abstractNum comes before the first w:num (the schema's order)
        if first_num is not None:
            first_num.addprevious(parse_xml(element))
        else:
            numbering.append(parse_xml(element))
    for element in nums:
        numbering.append(parse_xml(element))
    for block in blocks:
        if block.kind == "title":
            document.add_paragraph(block.text, style="Title")
        elif block.kind == "heading":
            document.add_paragraph(block.text, style=f"Heading {block.level}")
        elif block.kind == "blank":
            document.add_paragraph("")
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        else:
            paragraph = document.add_paragraph(block.text)
            paragraph._p.get_or_add_pPr().append(parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{block.level}"/><w:numId w:val="{num_ids[block.list_id]}"/></w:numPr>'))
    properties = document.core_properties
    properties.author = properties.last_modified_by = ""
    properties.title = next((b.text for b in blocks if b.kind == "title"), "")
    properties.created = properties.modified = _FIXED_TIME
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return _same_bytes_zip(out.getvalue())


def write_exports(notes: Path, out_dir: Path, title: str | None = TITLE) -> tuple[Path, Path]:
    """Write ``<stem>.docx`` and ``<stem>.html`` of ``notes`` into ``out_dir``; return their paths."""
    blocks = read_blocks(notes.read_text(encoding="utf-8"), title)
    out_dir.mkdir(parents=True, exist_ok=True)
    word, page = out_dir / f"{notes.stem}.docx", out_dir / f"{notes.stem}.html"
    word.write_bytes(docx_bytes(blocks))
    page.write_text(html_text(blocks), encoding="utf-8")
    return word, page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", nargs="?", type=Path, default=NOTES)
    parser.add_argument("out_dir", nargs="?", type=Path, default=OUT)
    parser.add_argument("--title", default=TITLE, help="the document's Title paragraph ('' for none)")
    args = parser.parse_args(argv)
    for path in write_exports(args.notes, args.out_dir, args.title or None):
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
