"""One Markdown page file to a :class:`~ingest.readers.document.Page`: the part every app reader shares.

Reads the file with the notes reader's own decoding and limits (:mod:`ingest.discovery`), its front
matter (YAML ``---`` or Logseq ``key:: value`` lines, :mod:`ingest.front_matter`), its block tree
(:mod:`ingest.readers.markdown_blocks`), links and tags. An app reader passes its own ``normalize``
step, which turns the app's syntax into plain Markdown line by line and says why each line it
blanks is not note text; the line count never changes, so every line keeps its number.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ingest.discovery import read_note_file
from ingest.front_matter import FrontMatter, read_front_matter, split_list
from ingest.note_syntax import normalize_key, note_syntax
from ingest.readers.document import Page, add_property
from ingest.readers.markdown_blocks import find_links, find_tags, parse_blocks

__all__ = ["read_markdown_page", "front_matter_of", "Normalizer", "day_named", "starts_with_a_day", "name_after_day",
           "iso_date", "session_date"]

_DAY_NAME = re.compile(r"^(\d{4})[-_.](\d{2})[-_.](\d{2})$")


def day_named(stem: str) -> str | None:
    """The ISO date a page is named by (an Obsidian daily note ``2024-03-07``, a Logseq journal
    ``2024_03_07``), else None.

    >>> day_named("2024_03_07"), day_named("2024-03-07"), day_named("2017 - Wren")
    ('2024-03-07', '2024-03-07', None)
    """
    day = _DAY_NAME.match(stem)
    return "-".join(day.groups()) if day else None

# How apps and people write a meeting's date: ISO, Notion's "March 5, 2024", day first, US order.
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y/%m/%d", "%m/%d/%Y", "%B %d, %Y %I:%M %p")


@lru_cache(maxsize=1)
def _ordinal_day() -> re.Pattern:
    """A day written as an ordinal ("Jan 9th, 2025", "March 1st, 2024"; ``ordinal_suffixes``): the number alone."""
    suffixes = "|".join(re.escape(s) for s in note_syntax().ordinal_suffixes) or "(?!)"
    return re.compile(rf"\b(\d{{1,2}})(?:{suffixes})\b(?=,?\s+\d{{4}})", re.IGNORECASE)


# A name that starts with a day: "2024-02-15 Informer + Wren", "2024_02_15 - kickoff".
_DAY_FIRST = re.compile(r"^(\d{4})[-_.](\d{2})[-_.](\d{2})(?=$|[\s\-–—:|,])")


def iso_date(value: str | None) -> str | None:
    """A date as apps write it (``2024-03-05``, ``March 5, 2024``, ``2024/03/05``) in ISO form, else None.

    >>> iso_date("March 5, 2024"), iso_date("2024-03-05 → 2024-03-06"), iso_date("soon")
    ('2024-03-05', '2024-03-05', None)
    >>> iso_date("Jan 9th, 2025"), iso_date("March 1st, 2024")
    ('2025-01-09', '2024-03-01')
    """
    if not value:
        return None
    text = _ordinal_day().sub(r"\1", value.split("→")[0].strip())  # Logseq's journal titles: "Jan 9th, 2025"
    for form in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def name_after_day(name: str) -> str | None:
    """The name a page named after its meeting day gives after the day ("2025-03-13 DeepWalk" -> "DeepWalk"), else
    None.

    >>> name_after_day("2025-03-13 DeepWalk"), name_after_day("2024_02_15 - Wren"), name_after_day("2024-02-15")
    ('DeepWalk', 'Wren', None)
    """
    day = _DAY_FIRST.match(name.strip())
    rest = name.strip()[day.end():].lstrip(" \t-–—:|,") if day else ""
    return rest or None


def name_after_meeting_day(name: str) -> str | None:
    """The name a meeting's name gives after its day, the day written in full or as spoken ("Feb 8 – VoxelMorph",
    "2025-03-13 DeepWalk", "26 Oct: Wren", "Feb 8, 2024 – Wren"), else None.

    >>> name_after_meeting_day("Feb 8 – Wren-diff"), name_after_meeting_day("2025-03-13 Wren")
    ('Wren-diff', 'Wren')
    >>> name_after_meeting_day("Feb 8, 2024 – Wren"), name_after_meeting_day("8 February 2024: Wren-diff")
    ('Wren', 'Wren-diff')
    >>> name_after_meeting_day("Oct 5"), name_after_meeting_day("Wren on Feb 8"), name_after_meeting_day("1 sep conv")
    (None, None, None)
    >>> name_after_meeting_day("Feb 30, 2024 – Wren")
    """
    after = name_after_day(name)
    if after or _DAY_FIRST.match(name.strip()):
        return after
    with_year = _day_month_pattern(with_year=True).match(name.strip())
    if with_year:  # "Feb 8, 2024 – Wren"; "Feb 30, 2024 – Wren" names no day
        if _month_and_day(with_year, int(with_year.group("year"))) is None:
            return None
        return name.strip()[with_year.end():].lstrip(" \t-–—:|,") or None
    spoken = _day_month_pattern().match(name.strip())
    if not spoken or day_without_year(name) is None:
        return None
    return name.strip()[spoken.end():].lstrip(" \t-–—:|,") or None


def starts_with_a_day(name: str) -> str | None:
    """The ISO day a page's name starts with (``2024-02-15 Wren + Heron``), else None.

    >>> starts_with_a_day("2024-02-15 Wren + Heron"), starts_with_a_day("2017 - Wren"), starts_with_a_day("2024-13-45 x")
    ('2024-02-15', None, None)
    """
    day = _DAY_FIRST.match(name.strip())
    return iso_date("-".join(day.groups())) if day else None


@lru_cache(maxsize=2)
def _day_month_pattern(with_year: bool = False) -> re.Pattern:
    """A spoken day at the start of a text ("Fri Mar 8", "26 Oct"), no year after it; ``with_year``, a spoken day
    with its year standing apart ahead of a name ("Feb 8, 2024 –", "Fri 8 Feb. 2024:")."""
    syntax = note_syntax()
    weekdays = "|".join(re.escape(w) for w in sorted(syntax.weekdays, key=len, reverse=True))
    day = rf"(?:(?P<weekday>{weekdays})\.?,?\s+)?(?:{syntax.day_and_month(named=True)})"
    after = r"\.?\s*,?\s*(?P<year>(?:19|20)\d{2})(?=$|\s|[–—:|,]|-(?!\d))" if with_year else r"\b(?!\.?\s*,?\s*\d)"
    return re.compile(day + after, re.IGNORECASE)


def day_without_year(text: str, anywhere: bool = False) -> tuple[int, int] | None:
    """(month, day) of a meeting's day written without a year at the start of ``text`` ("Fri Mar 8. Jun
    presenting", "26 Oct"), or anywhere in it with ``anywhere``; None where none is, or a year follows.

    >>> day_without_year("Fri Mar 8. Jun presenting"), day_without_year("26 Oct"), day_without_year("Mar 8, 2024")
    ((3, 8), (10, 26), None)
    >>> day_without_year("Wren - 2018 (26 Oct)", anywhere=True), day_without_year("March is busy")
    ((10, 26), None)
    >>> day_without_year("1 sep conv per channel"), day_without_year("Discussion 1 Dec. 2023", anywhere=True)
    (None, None)
    """
    pattern = _day_month_pattern()
    text = text.strip()
    match = pattern.search(text) if anywhere else pattern.match(text)
    # a day stands apart from the words after it ("26 Oct.", "Mar 8, Priya", "(26 Oct)"), or a weekday leads it:
    # "1 sep conv per channel", "2 may help" are words
    if not match or not (match.group("weekday") or re.match(r"\s*(?:[.,:;|)\]\-–—]|$)", text[match.end():])):
        return None
    return _month_and_day(match, 2000)  # a leap year: 29 Feb is a day


def _month_and_day(match: re.Match, year: int) -> tuple[int, int] | None:
    """(month, day) of a :func:`_day_month_pattern` match, None where that day is none of ``year``'s."""
    month = (match.group("month") or match.group("month2"))[:3].title()  # "Sept" and "sep" as strptime's "Sep"
    day = int(re.match(r"\d+", match.group("day") or match.group("day2")).group(0))
    try:
        when = _dt.datetime.strptime(f"{year} {month} {day}", "%Y %b %d")
    except ValueError:
        return None
    return when.month, when.day


def year_for_day(month: int, day: int, known: list[str]) -> str | None:
    """The ISO date of (month, day) in the year that puts it nearest one of the ``known`` ISO dates (the group's
    other meetings), else None.

    >>> year_for_day(10, 26, ["2023-10-19", "2023-11-02"]), year_for_day(1, 5, ["2023-12-14"])
    ('2023-10-26', '2024-01-05')
    >>> year_for_day(1, 5, [])
    """
    dates = [_dt.date.fromisoformat(k) for k in known]
    best = None
    for year in sorted({d.year + step for d in dates for step in (-1, 0, 1)}):
        try:
            candidate = _dt.date(year, month, day)
        except ValueError:
            continue
        distance = min(abs((candidate - d).days) for d in dates)
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1].isoformat() if best else None


def session_date(name: str, date_property: str | None) -> str | None:
    """A meeting page's date: the day its name starts with, else its date property.

    >>> session_date("2024-02-15 Wren + Heron", None), session_date("Kickoff", "2024-01-18")
    ('2024-02-15', '2024-01-18')
    >>> session_date("2024-13-45 typo", None), session_date("20240215 Wren", "soon")
    (None, None)
    """
    return starts_with_a_day(name) or iso_date(date_property)


#: ``normalize(lines, body_start) -> (lines, dropped)``: the app's syntax as plain Markdown, and
#: for each blanked line (0-based) why it is not note text.
Normalizer = Callable[[list[str], int], tuple[list[str], dict]]


def property_key(key: str) -> str:
    """A property's key as records carry it: ``Builds-on``, ``based_on`` -> ``builds on``.

    >>> property_key("Builds-on"), property_key("TL;DR"), property_key("paper_type")
    ('builds on', 'summary', 'paper type')
    """
    syntax = note_syntax()
    name = normalize_key(key.replace("_", " ").replace("-", " "))
    return syntax.front_matter_keys.get(name) or syntax.field_key(name) or name


def front_matter_of(page: Page) -> FrontMatter:
    """The page's properties as the notes reader's :class:`FrontMatter` (for fields and aliases)."""
    values = {key: (tuple(value) if len(value) != 1 else value[0]) for key, value in page.properties.items()
              if key not in ("aliases", "title")}
    if page.aliases:
        values["aliases"] = tuple(page.aliases)  # with a title that differs from the page's name
    return FrontMatter(lines=page.body_start, values=values, key_lines=dict(page.property_lines))


def _as_list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return tuple(v.strip().strip("[]").strip() for v in value if v.strip())
    text = str(value).strip()
    if "[[" in text or "](" in text:
        return tuple(link.target for link in find_links(text, 0)) or (text,)
    return split_list(text) if ("," in text or ";" in text) else ((text,) if text else ())


def read_markdown_page(path: Path, display: str, *, name: str, folder: str = "", hint: str | None = None,
                       date: str | None = None, normalize: Normalizer | None = None,
                       extra_properties: dict | None = None) -> tuple[Page, str]:
    """Read one page file; returns the page and the SHA-256 of its bytes.

    ``name`` is the page's name as its app shows it; the front matter's ``aliases`` and a
    ``title`` that differs from the name become aliases; ``extra_properties`` (a database row)
    fill keys the page itself does not set.
    """
    text, digest, _ = read_note_file(path, display)
    return page_from_text(text, display, name=name, folder=folder, hint=hint, date=date, normalize=normalize,
                          extra_properties=extra_properties), digest


def page_from_text(text: str, display: str, *, name: str, folder: str = "", hint: str | None = None,
                   date: str | None = None, normalize: Normalizer | None = None,
                   extra_properties: dict | None = None) -> Page:
    """A page from its decoded text (see :func:`read_markdown_page`).

    >>> text = "---\\naliases: [Wr]\\ntags: [paper]\\n---\\n- uses [[Heron]] #idea\\n"
    >>> page = page_from_text(text, "w.md", name="Wren")
    >>> page.aliases, page.tags, [l.target for l in page.links], page.body_start, page.blocks[0].kind
    (('Wr',), ('paper', 'idea'), ['Heron'], 4, 'item')
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front = read_front_matter(lines)
    dropped = {i: "front matter" for i in range(front.lines)}
    if normalize is not None:
        lines, more = normalize(lines, front.lines)
        dropped.update(more)
    properties: dict[str, tuple[str, ...]] = {}
    for key, value in front.values.items():
        add_property(properties, property_key(key), _as_list(value))
    property_lines: dict[str, int] = {}
    for key, line in front.key_lines.items():
        property_lines.setdefault(property_key(key), line)
    for key, values in (extra_properties or {}).items():
        if values and property_key(key) not in properties:
            properties[property_key(key)] = tuple(values)
    aliases = list(properties.get("aliases", ()))
    title = (properties.get("title") or (None,))[0]
    if title and title.strip().lower() != name.strip().lower():
        aliases.insert(0, title.strip())
    tags = list(tag.lower() for tag in properties.get("tags", ()))
    links = []
    for index in range(front.lines, len(lines)):
        if index in dropped:
            continue
        links.extend(find_links(lines[index], index + 1))
        tags.extend(find_tags(lines[index]))
    for key, raw in front.values.items():
        for value in (raw if isinstance(raw, tuple) else (raw,)):
            if "[[" in str(value) or "](" in str(value):  # a property that links pages (``builds-on:: [[Wren]]``)
                links.extend(find_links(str(value), front.key_lines.get(key, 1)))
    body = [line if i not in dropped else "" for i, line in enumerate(lines)]
    return Page(name=name, file=display, lines=tuple(body), body_start=front.lines,
                aliases=tuple(dict.fromkeys(a for a in aliases if a and a.lower() != name.lower())),
                properties=properties, property_lines=property_lines,
                blocks=parse_blocks(body, front.lines), links=tuple(links), tags=tuple(dict.fromkeys(tags)),
                folder=folder, hint=hint, date=date, dropped=dropped)
