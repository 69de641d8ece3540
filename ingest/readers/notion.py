"""Notion workspaces exported as "Markdown & CSV" (unzipped).

Conventions read (https://www.notion.com/help/export-your-content): every page is ``<Title> <id>.md``
(``<id>``: 32 hex digits) and its sub-pages sit in the folder ``<Title> <id>/``; a page starts with
``# <Title>``, then, for a database row, one ``Key: value`` line per property; a database is
``<Name> <id>.csv`` (one row per page, the first column the title; the ``_all.csv`` export is the
same rows and is not read twice) with its row pages in ``<Name>/`` or ``<Name> <id>/``; relation
columns list page titles, often followed by the URL-encoded relative path of the page
(``Wren (Wren%20<id>.md)``); links are Markdown links with URL-encoded relative targets; callouts
are ``<aside>`` blocks. The ids are stripped from every name. Pages under a page or database whose
name says it holds meetings ("Meeting notes", see ``ingest/page_kinds.yaml``) are sessions.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

from ingest.discovery import display_name, read_note_file
from ingest.errors import IngestError
from ingest.readers.document import Link, Page, Source, add_property
from ingest.readers.markdown_blocks import page_name_from_target, strip_app_id
from ingest.readers.markdown_pages import iso_date, page_from_text, property_key

__all__ = ["FORMAT", "detect", "read"]

FORMAT = "notion"
_ID = re.compile(r"\s[0-9a-f]{32}(?:_all)?$")
_PROPERTY_LINE = re.compile(r"^(?P<key>[^:#>\-*\s][^:]{0,40}):\s+(?P<value>.+?)\s*$")
# a relation cell's link after a page's title: the page's exported file (``Wren%20<id>.md``, a parenthesis in it
# allowed: ``Performer%20(FAVOR%2B)%20<id>.md``) or, in newer exports, its notion.so address
# (``https://www.notion.so/Wren-<id>?pvs=21``)
_RELATION_LINK = re.compile(r"\s*\((?P<path>(?:[^()]|\([^()]*\))*?\.md|https?://(?:www\.)?notion\.so/[^()\s]*)\)"
                            r"\s*(?:,\s*|$)")
_ASIDE = re.compile(r"^\s*</?aside>\s*$", re.IGNORECASE)
_TITLE = re.compile(r"^#\s+(?P<title>.+?)\s*$")


def detect(folder: Path) -> bool:
    """A folder is a Notion export when a Markdown or CSV file at its top, or one folder down (an
    unzipped export's own folder), carries a Notion page id; a plain notes folder is not walked whole."""
    for path in (*folder.glob("*"), *folder.glob("*/*")):
        if path.suffix.lower() in (".md", ".csv") and _ID.search(path.stem):
            return True
    return False


def _relation(value: str) -> tuple[str, ...]:
    """Names in a relation cell: ``A (A%20<id>.md), B`` -> ('A', 'B'); notion.so addresses and Markdown links too.

    >>> _relation("Wren (../Papers/Wren%200123456789abcdef0123456789abcdef.md), Heron Nets")
    ('Wren', 'Heron Nets')
    >>> _relation("Heron, Kite (KV) (Kite%20(KV)%200123456789abcdef0123456789abcdef.md)")
    ('Heron', 'Kite (KV)')
    >>> _relation("Wren - 2019 (https://www.notion.so/Wren-2019-0123456789abcdef0123456789abcdef?pvs=21), "
    ...           "Kite (KV) (https://www.notion.so/Kite-KV-0123456789abcdef0123456789abcdee?pvs=21)")
    ('Wren - 2019', 'Kite (KV)')
    """
    links = re.findall(r"\[([^\]]+)\]\(([^)]+)\)", value)
    if links:
        return tuple(label.strip() for label, _ in links)
    names, start = [], 0
    for match in _RELATION_LINK.finditer(value):
        label = value[start:match.start()].strip(" ,")
        page = page_name_from_target(match["path"]) if match["path"].endswith(".md") else None
        if page:  # the file names the page; names before its title in the label are pages written without a link
            before = label[:-len(page)] if label.endswith(page) else label.rpartition(",")[0]
            names += [name.strip() for name in before.split(",") if name.strip()]
        if page or label:
            names.append(page or label)
        start = match.end()
    names += [name.strip() for name in value[start:].split(",") if name.strip()]
    return tuple(names)


def _relation_line(line: str) -> bool:
    """True when a property line or cell links pages (a relation), not a value written as text."""
    return "](" in line or _RELATION_LINK.search(line) is not None


def _properties(lines: list[str]) -> tuple[int, dict, dict]:
    """The property block under the title: (index after it, {key: values}, {key: 1-based line})."""
    i = 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    props, where = {}, {}
    while i < len(lines):
        match = _PROPERTY_LINE.match(lines[i])
        if not match:
            break
        key = property_key(match["key"])
        value = match["value"]
        values = _relation(value) if _relation_line(value) else tuple(
            v.strip() for v in value.split(",") if v.strip()) if key in ("aliases", "tags", "authors") else (value,)
        add_property(props, key, values)
        where.setdefault(key, i + 1)
        i += 1
    return (i if props else 0), props, where


def _read_csv(path: Path, display: str) -> tuple[list[dict], str]:
    """A database export's rows, and the SHA-256 of its bytes."""
    text, digest, _ = read_note_file(path, display)
    try:
        return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")))), digest
    except csv.Error as error:
        raise IngestError(f"database export is not valid CSV: {error}", display) from None


def read(folder: Path, display_root: Path | None = None) -> Source:
    """Every page and database row of the export at ``folder``."""
    from ingest.page_roles import page_kind_words  # the words that name a meetings page live with the kinds

    root = display_root or folder.parent
    rows: dict[str, dict] = {}
    positions: dict[str, int] = {}
    digests, ignored = [], []
    csv_files = sorted(folder.rglob("*.csv"))
    for path in csv_files:
        display = display_name(path, root)
        if path.stem.endswith("_all"):
            ignored.append((display, "the same rows as the database's other export"))
            continue
        table, digest = _read_csv(path, display)
        for row in table:
            items = list(row.items())
            if not items or not (items[0][1] or "").strip():
                continue
            title = items[0][1].strip()
            positions.setdefault(title.lower(), len(positions))
            row_properties: dict[str, tuple[str, ...]] = {}
            for k, v in items[1:]:  # two columns of one key add up, as in a page's property block
                if k and (v or "").strip():
                    values = _relation(v) if _relation_line(v) else tuple(x.strip() for x in v.split(",") if x.strip())
                    add_property(row_properties, property_key(k), values)
            rows[title.lower()] = row_properties
        digests.append((display, digest))
    session_words = page_kind_words("session")
    pages: list[Page] = []
    page_files = sorted(p for p in folder.rglob("*.md") if not any(part.startswith(".") for part in p.parts))
    databases = {p.with_suffix("") for p in csv_files}
    titles: dict[Path, str] = {}  # page file -> its name, for the sub-pages inside it
    for path in page_files:
        display = display_name(path, root)
        text, digest, _ = read_note_file(path, display)
        digests.append((display, digest))
        lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
        title_match = _TITLE.match(lines[0]) if lines else None
        name = title_match["title"].strip() if title_match else strip_app_id(path.stem)
        end, props, where = _properties(lines) if title_match else (0, {}, {})
        parents = [strip_app_id(part) for part in path.relative_to(folder).parent.parts]
        hint = "session" if any(" ".join(p.lower().split()) in session_words for p in parents) else None
        # a folder named like a page (not like a database) holds that page's sub-pages
        owner = path.parent.with_suffix(".md") if path.parent != folder else None
        if owner is not None and not owner.is_file():  # a sub-pages folder named without the page's id
            owner = next((p for p in sorted(path.parent.parent.glob("*.md"))
                          if strip_app_id(p.stem) == path.parent.name and p.stem != path.parent.name), owner)
        parent = None
        if owner is not None and owner.is_file() and path.parent not in databases:
            parent = titles.get(owner) or _title_of(owner)  # a page is read before the folder of its sub-pages

        def normalize(raw: list[str], body_start: int, end=end, titled=bool(title_match)):
            out, dropped = list(raw), {}
            if titled:
                out[0], dropped[0] = "", "title"
            for i in range(1, end):
                if raw[i].strip():
                    out[i], dropped[i] = "", "property"
            for i in range(max(end, 1), len(raw)):
                if _ASIDE.match(raw[i]):
                    out[i], dropped[i] = "", "callout mark"
            return out, dropped

        extra = {**rows.get(name.lower(), {}), **props}
        page = page_from_text(text, display, name=name, folder="/".join(parents), hint=hint, normalize=normalize,
                              extra_properties=extra)
        # a meeting's date; a row's Created is when someone added it (a paper's row: not when it was read), so it
        # dates a page only under the meeting notes
        date = iso_date(page.prop("date") or page.prop("meeting date") or (page.prop("created") if hint else None))
        # a relation property links the pages it names ("Papers: Wren (Wren%20<id>.md)")
        related = tuple(Link(target, where[key]) for key, value in props.items() if key in where
                        for target in value if _relation_line(lines[where[key] - 1]))
        page = replace(page, property_lines={**page.property_lines, **where}, date=date,
                       position=positions.get(name.lower()), parent=parent, body_start=end, links=related + page.links)
        titles[path] = name
        pages.append(page)
    if not pages:
        raise IngestError("Notion export has no pages (*.md)", folder)
    return Source(FORMAT, str(folder), tuple(pages), ignored=tuple(ignored), digests=tuple(digests))


def _title_of(page_file: Path) -> str:
    """A page's name: its ``# Title`` line, else its file name without the id."""
    try:
        with page_file.open(encoding="utf-8-sig", errors="replace") as handle:
            match = _TITLE.match(handle.readline())
    except OSError:
        match = None
    return match["title"].strip() if match else strip_app_id(page_file.stem)
