"""The one interpreter of every notes app: which pages are papers, concepts, sessions, indexes,
templates or people, and which lines are notes of which paper.

A reader (:mod:`ingest.readers`) gives a :class:`~ingest.readers.document.Source` of pages; this
module turns it into the records the graph is built from (:class:`~ingest.records.PaperSection`),
the same records the Markdown reader gives, so nothing downstream learns an app's syntax.

What a page is, first match wins (the words are data, ``ingest/page_kinds.yaml``):

1. what the app itself says (a journal day is a session, a page in the templates folder a template);
2. what the group says: a kind property (``type: concept``) or a tag (``#moc``, ``#person``);
3. the folder it lives in (``Concepts/``, ``People/``, a Notion page under "Meeting notes");
4. its name (a "Home" or "Reading list" page);
5. its shape: a page made mostly of links is an index; a page with a year property (an Obsidian
   ``YYYY - `` file name gives one) or a paper's properties (authors, venue, a link to the PDF) is a
   paper — a year in a page's name is not enough ("Spring 2024" is a semester's hub);
6. otherwise a page with notes is a paper — unless the group marks its papers (some page is a paper
   by 2 to 5): then an unmarked page that a paper's notes link to is a concept (an idea of those
   notes), and any other is *unclassified*, reported by ``kg ingest`` and ``kg doctor`` and not read.

A page the group marks as a session (2 or 3, not 1) that names the one paper it read and gives that paper's
authors or venue, where no page of the paper exists, is that paper's page (:func:`_meetings_of_one_paper`).

A session's notes go to the paper each block links or names (a block under a heading that names a
paper goes to that paper; a block that names none, on a page about one paper, to that paper); a
block that names a paper no page has, with notes under it, makes that paper. Links to pages that
do not exist are names for the graph to resolve, never pages.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.cues import LIST_JOINS, classify_mentions, load_cues
from ingest.headings import read_heading, render_links, slashed_names
from ingest.line_kinds import classify_lines
from ingest.note_syntax import note_syntax
from ingest.notes import NoteReader, read_page_lines
from ingest.readers.document import Block, Link, Page, Source
from ingest.readers.markdown_pages import day_without_year, front_matter_of, iso_date, name_after_day, \
    name_after_meeting_day, session_date, starts_with_a_day, year_for_day
from ingest.records import ConceptPage, Field, FileReport, GlossaryEntry, MeetingLine, PaperSection, ParseWarning, \
    SourcePosition
from ingest.title_lines import names_a_paper, sets_side_by_side, tied_to, title_heading_aliases, title_heading_year, \
    title_line_aliases, title_property_aliases, title_property_authors
from kg.lexicon import is_english_word

__all__ = ["PAGE_KINDS", "page_kind_rules", "page_kind_words", "names_a_page_kind", "classify_pages", "read_source",
           "paper_ids", "pages_of_one_paper",
           "SourceReading"]

#: What a page can be.
PAGE_KINDS = ("paper", "concept", "session", "index", "template", "person", "unclassified", "empty")
#: A link target that can be a paper's name: it has a capital or a digit ("Wren", "w2v"), unlike a
#: tag-like page ("reading group", "todo") that groups link from every journal day.
_NAME_SHAPED = re.compile(r"[A-Z0-9]")
_HEADING_ITEM = re.compile(r"#{1,6}\s")  # "## Discussion 2" (a tag, "#todo", is no heading)


@lru_cache(maxsize=1)
def page_kind_rules() -> dict:
    """The reviewed words and thresholds of ingest/page_kinds.yaml (read once)."""
    return yaml.safe_load((Path(__file__).with_name("page_kinds.yaml")).read_text(encoding="utf-8"))


def page_kind_words(kind: str) -> frozenset[str]:
    """The words that say a page is of ``kind`` (lower-case).

    >>> "meeting notes" in page_kind_words("session"), "moc" in page_kind_words("index")
    (True, True)
    """
    return frozenset(" ".join(str(w).lower().split()) for w in page_kind_rules()["kinds"][kind])


def _kind_of_words(values, place: bool = False) -> str | None:
    """The kind named by any of ``values`` (whole value, or a word of it), or None; with ``place`` (the values
    name a page's kind property, folder or database) the words that say a kind only there count too.

    >>> _kind_of_words(["Datasets"]), _kind_of_words(["Datasets"], place=True), _kind_of_words(["#paper"])
    (None, 'concept', 'paper')
    """
    for value in values:
        text = " ".join(str(value).lower().replace("_", " ").replace("-", " ").split()).strip("#/ ")
        for kind in ("template", "session", "index", "person", "concept", "paper"):
            words = _kind_words(kind, place)
            if text in words or (text.endswith("s") and text[:-1] in words):
                return kind
    return None


@lru_cache(maxsize=None)
def _kind_words(kind: str, place: bool) -> frozenset[str]:
    """The words of a kind (:func:`page_kind_words`), and with ``place`` those that name it only as a place
    (``kinds_by_place_only``); made once, as every page asks for them."""
    by_place = (page_kind_rules().get("kinds_by_place_only") or {}).get(kind, ()) if place else ()
    return page_kind_words(kind) | {" ".join(str(w).lower().split()) for w in by_place}


def names_a_page_kind(value: str) -> bool:
    """Whether a tag or property value says what kind of page it is on (``#paper``, ``moc``), not a topic.

    >>> names_a_page_kind("#paper"), names_a_page_kind("Literature note"), names_a_page_kind("anti-aliasing")
    (True, True, False)
    """
    return _kind_of_words([value]) is not None


def _named_as_a_gathering(name: str) -> bool:
    """Whether a page's name ends with a word for a meeting, an index, a template or a person ("RG meeting",
    "weekly session", "lab members"): what a link to it stands for is no paper, whatever its first words.

    A day ("Jan 9th, 2025", a Logseq journal's title) is a meeting too.

    >>> _named_as_a_gathering("RG meeting"), _named_as_a_gathering("Session-based Wren"), _named_as_a_gathering("Wren")
    (True, False, False)
    >>> _named_as_a_gathering("Jan 9th, 2025")
    True
    """
    words = name.split()
    return bool(iso_date(name)) or len(words) > 1 and _kind_of_words([words[-1]]) not in (None, "paper", "concept")


def _is_link_list(page: Page) -> bool:
    rules = page_kind_rules()
    content = [b for b in page.blocks if b.kind in ("item", "paragraph", "table")]
    items = [c for b in content for c in b.walk() if c.kind in ("item", "paragraph") and c.text.strip()]
    if not page.links or not items:
        return False
    linky = 0
    for item in items:
        words = re.sub(r"\[\[[^\]]*\]\]|\[[^\]]*\]\([^)]*\)", " ", item.text)
        if len(words.split()) <= 3 and item.text.strip() != words.strip():
            linky += 1
    if linky == len(items):
        return True  # nothing but links (a workspace's top page, a list of sub-pages)
    return len(page.links) >= rules["index_min_links"] and linky / len(items) >= rules["index_link_share"]


def _has_notes(page: Page) -> bool:
    return any(line.strip() for line in page.lines[page.body_start:])


@dataclass(frozen=True)
class PageKind:
    kind: str
    why: str


#: a page named by two names of one paper with a spaced slash ("ESM-2 / ESMFold"); "encoder/decoder" has no spaces
def _opens_with_a_day(page: Page) -> bool:
    """True when the page's first line of text (after its title) starts with a day: a meeting's page ("Fri Mar 8.
    Jun presenting", "2024-03-08 reading group").

    >>> _opens_with_a_day(Page("MoE #3", "m.md", ("# MoE #3", "", "Fri Mar 8. Jun presenting", "- top-2")))
    True
    >>> _opens_with_a_day(Page("Wren", "w.md", ("# Wren", "- March results were weak")))
    False
    """
    first = _first_text_lines(page, 1)
    return bool(first) and bool(day_without_year(first[0]) or starts_with_a_day(first[0]))


def _first_text_lines(page: Page, count: int) -> list[str]:
    """The page's first ``count`` lines of text after its title (blank lines and front-matter fences skipped),
    without heading or emphasis marks at their start."""
    found = []
    for line in page.lines[page.body_start:]:
        text = line.strip().lstrip("#*_ ").strip()
        if not text or text == "---" or (line.lstrip().startswith("# ") and _key(text) == _key(page.name)):
            continue
        found.append(text)
        if len(found) == count:
            break
    return found


def _page_kind(page: Page) -> PageKind:
    rules = page_kind_rules()
    if page.hint in ("template", "session"):
        return PageKind(page.hint, "the app keeps it as one")
    if " ".join(page.name.lower().split()) in {str(n).lower() for n in rules["placeholder_names"]}:
        return PageKind("empty" if not _has_notes(page) else "unclassified", "the app's name for a new page")
    if page.parent:  # a page inside another page: its notes are that page's, as a session's are
        return PageKind("session", f"a sub-page of '{page.parent}'")
    for key in rules["kind_properties"]:
        kind = _kind_of_words(page.properties.get(key, ()), place=True)
        if kind:
            return PageKind(kind, f"its '{key}' property")
    folder_kinds = [(kind, part) for part in reversed([p for p in page.folder.split("/") if p])
                    if (kind := _kind_of_words([part], place=True))]
    if page.position is not None and folder_kinds:  # a database's row is of its database's kind: its tags are
        return PageKind(folder_kinds[0][0], f"a row of the database '{folder_kinds[0][1]}'")  # topics ("templates")
    kind = _kind_of_words(page.tags)
    if kind:
        return PageKind(kind, "its tags")
    if folder_kinds:
        return PageKind(folder_kinds[0][0], f"its folder '{folder_kinds[0][1]}'")
    kind = _kind_of_words([page.name])
    if kind in ("index", "template") or page.name.lower().endswith(" moc"):
        return PageKind(kind if kind in ("index", "template") else "index", "its name")
    if kind is not None:  # the page named "paper" that `type:: [[paper]]` links: the kind's own page, a list
        return PageKind("index", f"it is named for the kind '{page.name}'")
    if _is_link_list(page):
        return PageKind("index", "it is mostly links")
    if any(key in page.properties for key in rules["paper_properties"]):
        return PageKind("paper", "a year or a paper's properties")
    if not _has_notes(page):
        return PageKind("empty", "it has no text")
    return PageKind("unclassified", "nothing says what it is")


def _meetings_of_one_paper(pages, kinds: list[PageKind]) -> list[PageKind]:
    """A meeting page the group keeps for one paper that no page of its own has ("Sessions/2025-03-13 DeepWalk.md",
    tagged `session`) is that paper's page: it names the paper (a `paper:` title, an arXiv or DOI link) and gives its
    authors or venue (``session_paper_properties``, page_kinds.yaml), links no paper page in its properties or
    headings, and its name after the day names no paper already read (a second meeting on one paper stays a meeting,
    its notes that paper's). Not a page the app keeps as a day (a journal, a daily note, Notion's meeting notes) or
    a sub-page.

    >>> from ingest.readers.document import Link
    >>> one = Page("2025-03-13 Wren", "s/1.md", ("# Wren", "- wide"), tags=("session",),
    ...     properties={"paper": ("Wren: Wide Residual Ensembles",), "authors": ("Ada Okafor",)})
    >>> two = Page("2025-03-20 reading group", "s/2.md", ("## [[Heron]]", "- deep"), links=(Link("Heron", 1),),
    ...     tags=("session",), properties={"authors": ("Ada",), "link": ("https://arxiv.org/abs/2006.04779",)})
    >>> again = Page("2025-03-27 Wren", "s/3.md", ("- part two",), tags=("session",),
    ...     properties={"paper": ("Wren: Wide Residual Ensembles",), "authors": ("Ada Okafor",)})
    >>> heron = Page("Heron", "p/h.md", ("- deep",), properties={"type": ("paper",)})
    >>> [k.kind for k in _meetings_of_one_paper([one, two, again, heron], [_page_kind(p) for p in (one, two, again, heron)])]
    ['paper', 'session', 'session', 'paper']
    """
    rules = page_kind_rules()
    own = [str(k).lower() for k in rules.get("session_paper_properties") or ()]
    read = {_key(n) for page, kind in zip(pages, kinds) if kind.kind == "paper" for n in (page.name, *page.aliases)}
    taken = set(read)
    out = []
    for page, kind in zip(pages, kinds):
        key = next((k for k in own if page.properties.get(k)), None)
        if kind.kind != "session" or page.hint is not None or page.parent or key is None:
            out.append(kind)
            continue
        about, title = name_after_day(page.name) or page.name, page.prop("paper") or ""
        named = any(not i.startswith("url:") for i in paper_ids(page)) or names_a_paper(title)
        heads = [link for link in (*page.links, *page.property_links) if link.line <= page.body_start
                 or (0 < link.line <= len(page.lines) and page.lines[link.line - 1].lstrip().startswith("#"))]
        heading = read_heading(about)
        names = {_key(n) for n in (about, heading.title, *heading.aliases, title, *re.split(r":\s+|\s[-–—]\s", title, 1))
                 if n.strip()}
        if not named or {_key(link.target) for link in heads} & read or names & taken or _named_as_a_gathering(about):
            out.append(kind)
            continue
        taken |= names
        out.append(PageKind("paper", f"a session page with its paper's {key}"))
    return out


def classify_pages(pages: tuple[Page, ...] | list[Page]) -> list[PageKind]:
    """What each page is (see the module docstring); pages with notes and no mark are papers unless
    the group marks its papers.

    >>> from ingest.readers.document import Link, Page
    >>> pages = [Page("Wren", "w.md", ("- a",), properties={"type": ("paper",)}),
    ...          Page("Heron", "h.md", ("- b",)), Page("Home", "i.md", ("- [[Wren]]",))]
    >>> [k.kind for k in classify_pages(pages)]
    ['paper', 'unclassified', 'index']
    >>> [k.kind for k in classify_pages(pages[1:2])]
    ['paper']
    >>> linked = [Page("Wren", "w.md", ("- [[Heron]]",), properties={"type": ("paper",)},
    ...                links=(Link("Heron", 1),)), Page("Heron", "h.md", ("- b",))]
    >>> [k.kind for k in classify_pages(linked)]
    ['paper', 'concept']
    >>> presented = [Page("Wren", "w.md", ("- [[Heron]]",), properties={"type": ("paper",), "presenter": ("Heron",)},
    ...                   links=(Link("Heron", 1),)), Page("Heron", "h.md", ("- b",))]
    >>> [k.kind for k in classify_pages(presented)]
    ['paper', 'person']
    """
    kinds = _meetings_of_one_paper(pages, [_page_kind(page) for page in pages])
    # a page named as some page's presenter (``presenter:: [[Mint]]``) is a member of the group, when nothing
    # else says what it is (a kind property, a tag, a folder)
    presenters = {_key(value) for page in pages for value in page.properties.get("presenter") or ()}
    kinds = [PageKind("person", "a page's presenter") if _key(page.name) in presenters
             and kind.kind == "unclassified" else kind for page, kind in zip(pages, kinds)]
    papers = {page.name for page, kind in zip(pages, kinds) if kind.kind == "paper"}
    kinds = [PageKind("unclassified", "a sub-page of a page that is not a paper")
             if page.parent and page.parent not in papers and kind.kind == "session" and page.hint != "session"
             and not _opens_with_a_day(page) else kind for page, kind in zip(pages, kinds)]
    marked = any(k.kind == "paper" for k in kinds)
    if not marked:
        return [PageKind("paper", "a page with notes") if k.kind == "unclassified" else k for k in kinds]
    # the group marks its papers: an unmarked page that opens with a day ("Fri Mar 8. Jun presenting") is a meeting
    kinds = [PageKind("session", "it opens with the meeting's day") if kind.kind == "unclassified"
             and _opens_with_a_day(page) else kind for page, kind in zip(pages, kinds)]
    # the group marks its papers: an unmarked page that a paper's notes link to is an idea of those notes
    linked = {_key(link.target) for page, kind in zip(pages, kinds) if kind.kind == "paper" for link in page.links}
    return [PageKind("concept", "the notes of a paper link to it")
            if kind.kind == "unclassified" and linked & {_key(n) for n in (page.name, *page.aliases)} else kind
            for page, kind in zip(pages, kinds)]


# --- reading -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceReading:
    """What one source gave: paper records, warnings, one report per file, and each page's kind."""

    sections: tuple[PaperSection, ...]
    warnings: tuple[ParseWarning, ...]
    reports: tuple[FileReport, ...]
    kinds: tuple[tuple[str, str, str], ...]  # (file, page name, kind)
    concepts: tuple[ConceptPage, ...] = ()  # the concept pages, each with the definition it opens with
    glossary: tuple[GlossaryEntry, ...] = ()  # the entries of its glossary pages (looked up, never concepts)
    meeting_lines: tuple[MeetingLine, ...] = ()  # the lines of dated meeting pages that name no paper

    def summary_line(self, source: Source) -> str:
        """``obsidian vault notes/: 18 papers, 3 concepts, 1 index, 4 sessions, 2 lines not used``."""
        counts: dict[str, int] = {}
        for _, _, kind in self.kinds:
            counts[kind] = counts.get(kind, 0) + 1
        counts["paper"] = len(self.sections)  # with the papers only a session discusses
        parts = [f"{counts[k]} {k if counts[k] == 1 else _plural(k)}" for k in PAGE_KINDS if counts.get(k)]
        unused = sum(len(r.unused_lines) for r in self.reports)
        return (f"{source.format} {Path(source.root).name}/: {', '.join(parts)}"
                + (f", {unused} line{'s' * (unused != 1)} not used" if unused else ""))


def _plural(kind: str) -> str:
    return {"index": "indexes", "person": "people", "empty": "empty pages",
            "unclassified": "unclassified pages"}.get(kind, kind + "s")


class _Names:
    """Paper names and aliases of a source, for attributing session blocks.

    >>> names = _Names(); names.add("Quillnet - Wide Residual Ensembles", "Quillnet", "Adam")
    >>> names.named("## Discussion Quillnet - 2021"), names.named("quillnet again"), names.named("adam said so")
    (['Quillnet - Wide Residual Ensembles'], ['Quillnet - Wide Residual Ensembles'], [])
    """

    def __init__(self):
        self.by_key: dict[str, str] = {}
        self.spelling: dict[str, str] = {}  # key -> the name or alias as the notes wrote it

    def add(self, name: str, *aliases: str) -> None:
        for value in (name, *aliases):
            key = _key(value)
            if key and key not in self.by_key:
                self.by_key[key] = name
                self.spelling[key] = " ".join(value.split())

    def linked(self, targets) -> list[str]:
        return list(dict.fromkeys(self.by_key[t] for t in (_key(x) for x in targets) if t in self.by_key))

    def of_block(self, page: Page, block: Block) -> list[str]:
        """Papers a block names on its first line: by a link there, else written as a name."""
        return (self.linked(link.target for link in page.links if link.line == block.line)
                or self.named(block.text.split("\n")[0]))

    def named(self, text: str) -> list[str]:
        """Papers whose name or alias is written in ``text`` as a name: whole words, in any case unless
        the name is one English word (then only as written: "adam said" is not the paper Adam)."""
        found = []
        plain = render_links(text)
        for key, name in self.by_key.items():
            if len(key) < 3:
                continue
            spelling = self.spelling[key]
            word_like = " " not in key and key.isalpha() and is_english_word(key)
            pattern = rf"(?<![\w-]){re.escape(spelling if word_like else key)}(?![\w-])"
            if re.search(pattern, plain if word_like else plain.lower()):
                found.append(name)
        return list(dict.fromkeys(found))


def _key(name: str) -> str:
    return " ".join(name.lower().split())


#: a meeting's name that lists things or remarks on one ("Wren, Heron", "cancelled (CVPR ddl)"); the words that set
#: two things side by side are data (``side_by_side_words``, ingest/title_lines.sets_side_by_side)
_LISTED_OR_REMARKED = re.compile(r"[,()\[\]]")


def _shaped_as_a_name(text: str) -> bool:
    """Whether a meeting's name after its day is shaped as a paper's name: a few words (``short_name_max_words``),
    one of them written as no English word is (a digit, a capital inside it: "HAN", "SyN", "Sketch-a-Net", or a
    word no dictionary has: "sketch-rnn", "Kim 2014"), joining nothing, no venue and no year alone.

    >>> [_shaped_as_a_name(t) for t in ("HAN", "sketch-rnn", "Kim 2014", "VoxelMorph-diff", "Sketch-a-Net", "SyN")]
    [True, True, True, True, True, True]
    >>> [_shaped_as_a_name(t) for t in ("Calibration", "cancelled", "Chronos + wrap-up", "CVPR deadline", "2024")]
    [False, False, False, False, False]
    """
    syntax = note_syntax()
    words = text.split()
    if not words or len(words) > syntax.short_name_max_words or _LISTED_OR_REMARKED.search(text) or \
            sets_side_by_side(text) or \
            re.fullmatch(r"\d{4}", text.strip()) or text.lower() in syntax.generic_file_names:
        return False
    if any(part.lower() in syntax.venues for word in words for part in re.findall(r"[^\W_]+", word)):
        return False

    def name_like(word: str) -> bool:  # "HAN", "SyN", "Kim", "Sketch-a-Net", "sketch-rnn", "2014"; not "cancelled"
        parts = re.findall(r"[^\W_]+", word)
        return bool(re.search(r"\d|.[A-Z]", word)) or (word[:1].isupper() or len(parts) > 1) and any(
            not is_english_word(part.lower()) for part in parts)

    return any(name_like(word) for word in words)


def _name_the_meetings_paper(page: Page, context: list[str], papers: dict, names: _Names, presenters: set) -> None:
    """A meeting named after its day and the paper it read ("Feb 8 – VoxelMorph-diff", a Notion Meetings row whose
    Paper relation is that paper's page, named by its full title) gives the paper the name the group calls it by:
    an alias, where the meeting is about that one paper, the name reads as a paper's short name and no other paper
    or presenter goes by it (``papers`` and ``names`` take it).

    >>> names = _Names(); names.add("Unsupervised Wren Registration"); names.add("Heron")
    >>> papers = {"Unsupervised Wren Registration": PaperSection("Unsupervised Wren Registration", None, None, "", (),
    ...                                                          SourcePosition("w.md", 1))}
    >>> _name_the_meetings_paper(Page("Feb 8 – Wren-diff", "m.md", ()), ["Unsupervised Wren Registration"], papers,
    ...                          names, {"kenji sato"})
    >>> papers["Unsupervised Wren Registration"].aliases, names.named("unlike Wren-diff")
    (('Wren-diff',), ['Unsupervised Wren Registration'])
    >>> for name in ("Feb 15 – Heron", "Feb 22 – Kenji Sato", "Feb 29 – cancelled", "Mar 7 – Wren + wrap-up",
    ...              "Mar 14 – Robustifying Heron", "Mar 21 – Registration", "Mar 28 – CVPR deadline",
    ...              "Apr 4 – Part 2", "Apr 11 – Zoom"):
    ...     _name_the_meetings_paper(Page(name, "m.md", ()), ["Unsupervised Wren Registration"], papers, names,
    ...                              {"kenji sato"})
    >>> papers["Unsupervised Wren Registration"].aliases
    ('Wren-diff',)
    """
    named = name_after_meeting_day(page.name)
    if not named or len(context) != 1 or context[0] not in papers or not _shaped_as_a_name(named):
        return
    key = _key(named)
    if set(names.named(named)) - {context[0]} or names.by_key.get(key, context[0]) != context[0] or \
            any(key.split()[0] == person.split()[0] for person in presenters if person):
        return  # another paper's name ("Feb 15 – Heron", "Robustifying Heron"), or who presented ("Feb 22 – Kenji")
    section = papers[context[0]]
    if not tied_to(named, [section.title, section.full_title or "", *section.aliases, *section.authors]):
        return  # "Feb 8 – Part 2", "Feb 22 – Zoom": nothing of the paper's names, title or authors
    if named != section.title and named not in section.aliases:
        papers[context[0]] = replace(section, aliases=(*section.aliases, named))
        names.add(context[0], named)


def _presenter_fields(page: Page, paper: str, context: list[str], given: dict) -> tuple:
    """The presenter a meeting page names in its properties (``presenter: "[[Kenta]]"``, a Notion "Presenter"
    column), as ``presenter`` fields of the paper the meeting is about (the one its properties or parent name, or
    the only one it gives notes to): who presented is said once, on the meeting, not on the paper's page.

    >>> page = Page("2023-11-30 Wren", "m.md", ("- why?",), properties={"presenter": ("[[Kenta]]",)})
    >>> [(f.key, f.value) for f in _presenter_fields(page, "Wren", ["Wren"], {"Wren": []})]
    [('presenter', '[[Kenta]]')]
    >>> _presenter_fields(page, "Heron", ["Wren"], {"Wren": [], "Heron": []})
    ()
    """
    if not (paper in context or (not context and list(given) == [paper])):
        return ()
    return tuple(Field("presenter", value, SourcePosition(page.file, page.property_lines.get(key, 1)))
                 for key, value in _presenter_values(page) if value.strip())


def _presenter_values(page: Page) -> list[tuple[str, str]]:
    """(key, value) of every value of the page's presenter properties (any spelling of the key: ``presenter``,
    ``speaker``, a Notion "Presenter" column)."""
    return [(key, value) for key, values in page.properties.items() if note_syntax().field_key(key) == "presenter"
            for value in values]


def _answers_numbered_question(kinds, previous: Block, unit: Block, answering: bool = False) -> bool:
    """Whether ``unit``, a bullet list right after the numbered item ``previous`` (no line between, no sub-items
    under the number), holds that item's answers, as the bundled notes write them ("1. What is it about?" over
    "- a sparrow grammar"): a Markdown parse makes two lists of them, a reader one note. ``kinds`` are the page's
    line kinds (:func:`ingest.line_kinds.classify_lines`); with ``answering`` (``previous`` was such answers) the
    bullets after them answer the same question.

    >>> kinds = classify_lines(["1. What is it about?", "- a sparrow grammar", "", "- an aside"], 0)
    >>> question, answers = Block("item", "What is it about?", 1, 1), Block("item", "a", 2, 2)
    >>> aside = Block("item", "b", 4, 4)
    >>> _answers_numbered_question(kinds, question, answers), _answers_numbered_question(kinds, answers, aside)
    (True, False)
    """
    if previous.children or unit.line != previous.end_line + 1 or kinds[unit.line - 1].kind != "bullet":
        return False
    return answering or kinds[previous.line - 1].kind == "question"


def _session_units(page: Page) -> list[tuple[Block, list[Block]]]:
    """(unit, headings above it): each top-level list item or paragraph of a session page."""
    units, headings = [], []
    for block in page.blocks:
        if block.kind == "heading":
            headings = [h for h in headings if h.level < block.level] + [block]
            continue
        if block.kind in ("item", "paragraph", "quote", "callout", "table"):
            units.append((block, list(headings)))
    return units


def _day_of_the_meeting(page: Page, known_days: list[str], heading: bool = False) -> str | None:
    """The ISO day of a meeting written without its year: at the start of one of a meeting page's first two lines
    ("Fri Mar 8. Jun presenting"), or anywhere on a paper page's first heading ("## Discussion 9 Wren (26 Oct)",
    with ``heading``); the year is the one nearest the group's ``known_days``. None where no day is written.

    >>> page = Page("MoE #3", "m.md", ("# MoE #3", "", "Fri Mar 8. Jun presenting", "- why top-2?"), body_start=1)
    >>> _day_of_the_meeting(page, ["2024-02-21", "2024-03-20"])
    '2024-03-08'
    >>> paper = Page("Wren", "w.md", ("---", "year: 2019", "---", "## Discussion 9 Wren - 2018 (26 Oct)"),
    ...              body_start=3)
    >>> _day_of_the_meeting(paper, ["2023-10-19"], heading=True), _day_of_the_meeting(paper, [], heading=True)
    ('2023-10-26', None)
    """
    if heading:
        first = next((line.strip() for line in page.lines[page.body_start:] if line.strip().startswith("#")), None)
        found = day_without_year(first, anywhere=True) if first else None
    else:
        found = next((day for line in _first_text_lines(page, 2) if (day := day_without_year(line))), None)
    return year_for_day(*found, known_days) if found else None


def _paper_of_the_meeting(page: Page, unit: Block, names: "_Names") -> list[str]:
    """The paper of a meeting block that names none itself ("- RG" over "- [[Wren]] [[Mo]]" and the notes): its
    one child that names a paper, on a line of little more than links; [] when none or several children do.

    >>> page = Page("2024_04_17", "j.md", ("- RG", "  - [[Wren]] [[Mo]]", "  - short meeting"),
    ...             links=(Link("Wren", 2), Link("Mo", 2)))
    >>> unit = Block("item", "RG", 1, 3, children=(Block("item", "[[Wren]] [[Mo]]", 2, 2),
    ...                                           Block("item", "short meeting", 3, 3)))
    >>> names = _Names(); names.add("Wren")
    >>> _paper_of_the_meeting(page, unit, names)
    ['Wren']
    >>> later = Page("2024_04_10", "j.md", ("- to read next", "  - [[Wren]]", "  - buy milk"),
    ...              links=(Link("Wren", 2),))
    >>> _paper_of_the_meeting(later, unit, names)
    []
    """
    naming = [(child, found) for child in unit.children if (found := names.of_block(page, child))]
    if len(naming) != 1 or len(naming[0][1]) != 1:
        return []
    child, found = naming[0]
    line = page.lines[child.line - 1]
    cues = load_cues()  # "- to read next" over "- [[Wren]]": the schedule, no meeting of Wren
    if any(cue.relation == "later" for text in (page.lines[unit.line - 1], line) for side in ("before", "after")
           for cue in cues.cues_in(render_links(text), side)):
        return []
    rest = re.sub(r"\[\[[^\]]*\]\]|#\S+", " ", line).strip(" -*\t")
    return found if len(re.findall(r"\w+", rest)) <= page_kind_rules()["paper_line_max_words"] else []


def _items_naming_one_paper(page: Page, unit: Block, names: "_Names") -> list[tuple[int, Block, str]]:
    """(head line, item, paper) for the items under a session block that names no paper, each naming one
    paper on its first line ("favourite paper vote" with "Wren: 3 (Mo, Lee)" under it): the items of each
    child of ``unit`` that names no paper either, the child being their head (the block they answer)."""
    return [(child.line, item, below[0]) for child in unit.children if not names.of_block(page, child)
            for item in child.children if len(below := names.of_block(page, item)) == 1]


#: the place of a page or a meeting in the reading-order key (date, place): after every database row's place
_AFTER_ROWS = 10 ** 6
#: a paper's identity where a page's property links to it: an arXiv id (arxiv.org/abs/2006.04779, a /pdf/
#: link, a version suffix) or a DOI; the syntax of those identifiers, not a word list
_PAPER_ID = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})|\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
#: any other web address, the host without ``www.``, the path with its query (``forum?id=...``), no fragment
_ADDRESS = re.compile(r"https?://(?:www\.)?(?P<host>[^/\s\"<>()]+)(?P<path>[^\s\"<>()#]*)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _paper_link_rules() -> tuple[frozenset[str], frozenset[str]]:
    """The properties whose address may be a paper's own, and the hosts whose address never is (page_kinds.yaml)."""
    rules = page_kind_rules()
    return (frozenset(str(k).lower() for k in rules.get("paper_link_properties") or ()),
            frozenset(str(h).lower() for h in rules.get("not_paper_hosts") or ()))


def paper_ids(page: Page) -> frozenset[str]:
    """The arXiv ids and DOIs the page's properties link to (its own paper, not ones its notes cite), and the
    other addresses its paper-link properties give (``paper_link_properties``, page_kinds.yaml), as
    ``url:<host><path>``: not a site's front page.

    >>> paper_ids(Page("CQL", "CQL.md", (), properties={"link": ["https://arxiv.org/abs/2006.04779v2"]}))
    frozenset({'arxiv:2006.04779'})
    >>> sorted(paper_ids(Page("X", "X.md", (), properties={"doi": ["https://doi.org/10.1145/3292500.3330701."]})))
    ['doi:10.1145/3292500.3330701']
    >>> sorted(paper_ids(Page("X", "X.md", (), properties={"link": ["https://www.Wren.org/paper/77-wren/",
    ...                                                             "https://github.com/wren/wren"]})))
    ['url:wren.org/paper/77-wren']
    """
    found = set()
    link_keys, elsewhere = _paper_link_rules()
    for key, values in page.properties.items():
        for value in values:
            ids = {f"arxiv:{m.group(1)}" if m.group(1) else f"doi:{m.group(2).rstrip('.,;)').lower()}"
                   for m in _PAPER_ID.finditer(value)}
            address = _ADDRESS.search(value) if key in link_keys and not ids else None
            host = address.group("host").lower() if address else ""
            if address and address.group("path").strip("/") and host not in elsewhere \
                    and not any(host.endswith("." + h) for h in elsewhere):
                ids.add(f"url:{host}{address.group('path').rstrip('/')}")
            found |= ids
    return frozenset(found)


def _note_lines(page: Page) -> int:
    return sum(1 for i in range(page.body_start, len(page.lines)) if page.lines[i].strip() and i not in page.dropped)


def pages_of_one_paper(pages, kinds) -> dict[int, int]:
    """Paper pages that link the same arXiv id or DOI: page index -> the index of the one page that keeps
    the paper's name (the one with the most lines of notes; the first of those). A backlog database's row
    "moved to Papers" and the Papers database's row are one paper, under two names. Another address
    (:func:`paper_ids`) joins a page with no notes (a reading-queue row) to the one page with notes that links it,
    where no other page does and their years agree.

    >>> rows = [Page("CQL", "b/CQL.md", ("# CQL",), 1, properties={"link": ["arxiv.org/abs/2006.04779"]}),
    ...         Page("Conservative Q-Learning", "p/C.md", ("# C", "", "- penalty on OOD actions"), 1,
    ...              properties={"arxiv": ["https://arxiv.org/abs/2006.04779"]})]
    >>> pages_of_one_paper(rows, [PageKind("paper", ""), PageKind("paper", "")])
    {0: 1}
    """
    by_id: dict[str, list[int]] = {}
    for index, (page, kind) in enumerate(zip(pages, kinds)):
        if kind.kind == "paper":
            for paper_id in paper_ids(page):
                by_id.setdefault(paper_id, []).append(index)
    home: dict[int, int] = {}
    for paper_id, indexes in by_id.items():
        if len(indexes) < 2:
            continue
        keeper = max(indexes, key=lambda i: (_note_lines(pages[i]), -i))
        if paper_id.startswith("url:"):  # another address: the one page with notes, and one row of its year
            year = pages[keeper].prop("year")
            rows = [i for i in indexes if i != keeper and pages[i].prop("year") in (None, year)]
            if not _note_lines(pages[keeper]) or len(rows) != 1 \
                    or any(_note_lines(pages[i]) for i in indexes if i != keeper):
                continue
            indexes = [keeper, *rows]
        for index in indexes:
            if index != keeper and index not in home and keeper not in home:
                home[index] = keeper
    return home


def _first(order_of: dict[str, tuple], name: str, key: tuple) -> None:
    """Keep the earliest reading-order key of a paper: its first dated meeting, else its page's place; a
    database row's place (a Notion row order, below ``_AFTER_ROWS``) is the group's own order and stays."""
    kept = order_of.get(name)
    if kept is None or (kept[1] >= _AFTER_ROWS and (key[1] < _AFTER_ROWS or key < kept)):
        order_of[name] = key


def _head_lines(page: Page, unit: Block) -> set[int]:
    """The 1-based lines of a block's head: its first line and the block properties right under it."""
    lines, line = {unit.line}, unit.line + 1
    while page.dropped.get(line - 1) == "property":
        lines.add(line)
        line += 1
    return lines


def _listed_with_people(pages, kinds: list[PageKind]) -> set[str]:
    """The names a line links after two pages or more of people, that no page has: people too, listed with them
    ("members: [[Ploy]] [[Nok]] [[Tan]], sometimes [[Aj. Pim]]"), never papers a block discusses; a name linked
    before them is what they did ("[[Wren Song Net]] ([[Ploy]], [[Nok]])": a paper and its presenters).

    >>> from ingest.readers.document import Link
    >>> people = [Page(name=n, file=f"{n}.md", lines=("type:: member",)) for n in ("Ploy", "Nok")]
    >>> roster = Page(name="Group", file="g.md", lines=("- members: [[Ploy]] [[Nok]], sometimes [[Aj. Pim]]",),
    ...               links=tuple(Link(t, line=1) for t in ("Ploy", "Nok", "Aj. Pim")))
    >>> sorted(_listed_with_people([*people, roster], [PageKind("person", ""), PageKind("person", ""),
    ...                                                 PageKind("index", "")]))
    ['aj. pim']
    >>> paper = Page(name="Day", file="d.md", lines=("- [[Wren Net]] ([[Ploy]], [[Nok]])",),
    ...              links=tuple(Link(t, line=1) for t in ("Wren Net", "Ploy", "Nok")))
    >>> _listed_with_people([*people, paper], [PageKind("person", ""), PageKind("person", ""), PageKind("session", "")])
    set()
    """
    people = {_key(page.name) for page, kind in zip(pages, kinds) if kind.kind == "person"}
    named = {_key(n) for page in pages for n in (page.name, *page.aliases)}
    found = set()
    for page in pages:
        by_line: dict[int, list[str]] = {}
        for link in page.links:
            by_line.setdefault(link.line, []).append(_key(link.target))
        for targets in by_line.values():
            seen = 0  # people linked so far on the line
            for target in targets:
                seen += target in people
                if seen >= 2 and target not in named:
                    found.add(target)
    return found


def read_source(source: Source, first_order: int = 0, current_year: int | None = None) -> SourceReading:
    """The records of every page of ``source`` (see the module docstring)."""
    current_year = current_year or _dt.date.today().year
    kinds = classify_pages(source.pages)
    warnings: list[ParseWarning] = list(source.warnings)
    names = _Names()
    page_names = {_key(n) for page in source.pages
                  for n in (page.name, *page.aliases, f"{page.folder}/{page.name}" if page.folder else page.name)}
    presenters = {_key(render_links(value)) for page in source.pages
                  for _, value in _presenter_values(page)}  # people, never papers
    presenters |= _listed_with_people(source.pages, kinds)  # "members: [[Ploy]] [[Nok]], sometimes [[Aj. Pim]]"
    reports: dict[str, FileReport] = {}
    papers: dict[str, PaperSection] = {}
    order_of: dict[str, tuple] = {}
    meeting_lines: list[MeetingLine] = []
    title_of: dict[int, list[str]] = {}  # a paper page's index -> the titles of the sections it gave
    # each page's meeting date written in full (the app's, its name's, a date property): the year of a day written
    # without one ("Fri Mar 8") is the one nearest them
    dated = [page.date or session_date(page.name, page.prop("date") or page.prop("meeting date"))
             for page in source.pages]
    known_days = sorted({day for day in dated if day})
    for index, (page, kind) in enumerate(zip(source.pages, kinds)):
        if kind.kind != "paper":
            continue
        # "2025-03-13 DeepWalk": the page of the meeting that read it; the name after the day is read as the page's
        # name would be (its parts are names too: "2025-02-13 Rush 2015 - neural attention summarization")
        after_day = name_after_day(page.name)
        # the meeting's day: a page named after it (its date property too), the day the page says it was read
        # ("discussed:: [[Jan 9th, 2025]]"), else one on its heading ("## Discussion 9 Wren - 2018 (26 Oct)")
        read_on = [day for value in page.properties.get("discussed on") or () if (day := iso_date(value))]
        if page.date is None:
            page = replace(page, date=(dated[index] if after_day else None) or (read_on[0] if read_on else None)
                           or _day_of_the_meeting(page, known_days, heading=True))
        # "ESM-2 / ESMFold": a page named by two names answers to each, unless another page is named so
        own = {_key(n) for n in (page.name, *page.aliases)}
        slashed = [n for n in slashed_names(page.name) if _key(n) not in page_names - own]
        if len(slashed) == 2:
            page = replace(page, aliases=tuple(dict.fromkeys([*page.aliases, *slashed])))
        # the paper's full title (a title property, else the first line's or first heading's); more names the first
        # line or heading gives are aliases
        titles = list(dict.fromkeys([*title_property_aliases(page), *title_line_aliases(page),
                                     *title_heading_aliases(page)]))
        if titles[1:]:
            page = replace(page, aliases=tuple(dict.fromkeys([*page.aliases, *titles[1:]])))
        # "paper: PredNet: Deep Predictive Coding ... (Lotter, Kreiman, Cox)": the bracket credits its authors;
        # "## Discussion 6 PredNet - 2016" heading the page gives its year where the page gives none
        read_off: dict[str, tuple[str, ...]] = {}
        if not page.prop("authors") and (credited := title_property_authors(page)):
            read_off["authors"] = credited
        if (heading_year := title_heading_year(page)) is not None:
            read_off["year"] = (str(heading_year),)
        if read_off:
            page = replace(page, properties={**page.properties, **read_off})
        result = read_page_lines(list(page.lines), page.file, after_day or page.name,
                                 front_matter_of(page), first_order=0, current_year=current_year)
        warnings.extend(result.warnings)
        reports[page.file] = result.report
        for section in result.sections:
            if after_day:  # named as the app shows it, answering to the name after the day and its parts
                section = replace(section, title=page.name, aliases=tuple(dict.fromkeys(
                    a for a in (section.title, *section.aliases, *page.aliases) if a != page.name)))
            if titles:
                section = replace(section, full_title=titles[0])
            if page.date or read_on:  # a page of the paper with a meeting date (a database row's Date), or several
                section = replace(section, discussed_on=tuple(dict.fromkeys(
                    [*section.discussed_on, *([page.date] if page.date else []), *read_on])))
            papers.setdefault(section.title, section)
            title_of.setdefault(index, []).append(section.title)
            names.add(section.title, *section.aliases)
            _first(order_of, section.title, (page.date or "9999", page.position if page.position is not None
                                                else _AFTER_ROWS + index))
    for duplicate, keeper in pages_of_one_paper(source.pages, kinds).items():
        _merge_pages_of_one_paper(papers, names, order_of, title_of.get(duplicate, []), title_of.get(keeper, []))
    # sessions: each block to the paper it links or names
    for index, (page, kind) in enumerate(zip(source.pages, kinds)):
        if kind.kind != "session":
            continue
        if page.date is None:  # "2024-02-15 Wren + Heron.md", a date: property, else "Fri Mar 8. Jun presenting"
            page = replace(page, date=dated[index] or _day_of_the_meeting(page, known_days))
        uses = ["blank" if not line.strip() else None for line in page.lines]
        context = (names.linked([page.parent]) if page.parent else []) or \
            names.linked(link.target for link in page.links if link.line <= page.body_start) or \
            names.linked([page.name]) or names.named(page.name) or names.named(page.prop("paper") or "")
        _name_the_meetings_paper(page, context, papers, names, presenters)
        given: dict[str, list] = {}
        asides: set[str] = set()  # papers given only items of a block about something else (not a discussion)
        for unit, headings in _session_units(page):
            head_lines = _head_lines(page, unit)  # the block's first line and its block properties
            head_links = [link.target for link in (*page.links, *page.property_links) if link.line in head_lines]
            head_text = unit.text.split("\n")[0] or render_links(page.lines[unit.line - 1]).strip(" -#\t")
            paper = names.linked(head_links)
            for heading in reversed(headings):  # the heading a block sits under names its paper
                if paper:
                    break
                paper = names.of_block(page, heading)
            if not paper:
                paper = names.named(head_text)
                if len(context) == 1 and paper and context[0] not in paper and \
                        len(head_text.split()) > max(len(name.split()) for name in paper) + 2:
                    paper = []  # on the page of one paper's meeting, a line naming another in passing is its notes
            if not paper and len(context) == 1:
                paper = context
            if not paper and unit.children:
                # (on the block's own line: a block property's links are people, dates and tags as often)
                first_links = [link.target for link in page.links if link.line == unit.line]
                target = next((t for t in first_links if _NAME_SHAPED.search(t) and _key(t) not in page_names
                               and _key(t) not in presenters
                               and not _named_as_a_gathering(t)), None)
                if target:  # a paper no page has, discussed here (Logseq makes pages from links)
                    names.add(target)
                    paper = [target]
            if not paper and unit.children:
                paper = _paper_of_the_meeting(page, unit, names)
            if not paper:  # a block about the meeting ("favourite paper vote") whose items each name a paper
                for head, child, named in _items_naming_one_paper(page, unit, names):
                    given.setdefault(named, []).append((head, child))
                    asides.add(named)
                continue
            for heading in headings:
                uses[heading.line - 1] = "label"
            if len(paper) > 1 and unit.children:  # "[[Wren]] + [[Heron]]": each child to the one it names
                uses[unit.line - 1] = "label"
                current = paper[0]
                for child in unit.children:
                    child_links = [link.target for link in page.links if child.line <= link.line <= child.end_line]
                    named = [p for p in names.linked(child_links) or names.named(child.text.split("\n")[0])
                             if p in paper]
                    current = named[0] if named else current
                    given.setdefault(current, []).append((None, child))
                    _first(order_of, current, (page.date or "9999", _AFTER_ROWS + index))
                    asides.discard(current)
                continue
            given.setdefault(paper[0], []).append((None, unit))
            _first(order_of, paper[0], (page.date or "9999", _AFTER_ROWS + index))
            asides.discard(paper[0])
        line_kinds = classify_lines([line.replace("\t", "  ") for line in page.lines], page.body_start) \
            if given else []  # Logseq nests with tabs
        for name, units in given.items():
            reader = NoteReader(page.file, uses)
            previous, answers_previous = None, False
            for head, unit in units:  # bullets right under a numbered question (and the bullets after them)
                answers_previous = previous is not None and \
                    _answers_numbered_question(line_kinds, previous, unit, answers_previous)
                previous = unit
                first = unit.line
                if head is not None:  # the item under the block it answers: "favourite paper vote" / "Wren: 3"
                    reader.end_note()
                    reader.feed(head - 1, page.lines[head - 1].replace("\t", "  "), line_kinds[head - 1])
                    for i in range(unit.line - 1, unit.end_line):
                        line = page.lines[i].replace("\t", "  ")
                        if line.strip():
                            reader.feed(i, line, line_kinds[i])
                    continue
                head = render_links(page.lines[first - 1]).strip(" -*\t")
                a_heading = bool(_HEADING_ITEM.match(head))  # "- ## Discussion 2: Wren": the block's title
                if unit.children and (a_heading or len(re.sub(r"[^\w]+", " ", head).split()) <= len(name.split()) + 1):
                    uses[first - 1] = "label"  # the block only names the paper: its children are the notes
                    first += 1
                if not answers_previous:  # a block never continues the note of the block before it, but the
                    reader.end_note()     # bullets right under "1. What is it about?" are its answers
                for i in range(first - 1, unit.end_line):
                    line = page.lines[i].replace("\t", "  ")
                    if line.strip():
                        reader.feed(i, line, line_kinds[i])
            reader.close()
            warnings.extend(reader.warnings)
            section = papers.get(name)
            if section is None:
                section = PaperSection(title=name, year=None, discussion=None, heading=name, notes=(),
                                       source=SourcePosition(page.file, units[0][1].line))
            notes = tuple(replace(n, ordinal=len(section.notes) + k + 1, session=page.name, session_date=page.date)
                          for k, n in enumerate(reader.notes))
            papers[name] = replace(section, notes=section.notes + notes,
                                   fields=section.fields + _presenter_fields(page, name, context, given))
        for name in dict.fromkeys([*(g for g in given if g not in asides), *context]) if page.date else ():
            if name in papers:  # the meeting's date, for the papers it gave notes to or is about
                section = papers[name]
                papers[name] = replace(section, discussed_on=tuple(dict.fromkeys([*section.discussed_on, page.date])))
        for i, use in enumerate(uses):
            if use is None and i in page.dropped:
                uses[i] = "blank"
        final = tuple(u or "unused" for u in uses)
        note_count = sum(1 for u in final if u == "note")
        reports[page.file] = FileReport(page.file, 0, note_count, final)
        unused = [i + 1 for i, u in enumerate(final) if u == "unused"]
        if page.date:  # still the meeting's: "why was the 14 November meeting cancelled?"
            meeting_lines += [MeetingLine(page.date, page.name, text, SourcePosition(page.file, line),
                                          note_syntax().day_spoken_of(text, page.date))
                              for line in unused if (text := _plain(page.lines[line - 1]).strip(" -*#>\t"))
                              and not _is_page_title(page.lines[line - 1], page.name)]
        if unused:
            warnings.append(ParseWarning(f"{len(unused)} line{'s' * (len(unused) != 1)} of this session name no "
                                         f"paper; not used", SourcePosition(page.file, unused[0])))
    for page, kind in zip(source.pages, kinds):
        if kind.kind in ("paper", "session"):
            continue
        why = f"{kind.kind} page ({kind.why})"
        skipped = why if kind.kind == "unclassified" else None
        reports[page.file] = FileReport(page.file, 0, 0, tuple("blank" for _ in page.lines), skipped,
                                        None if skipped else why)
        if kind.kind == "unclassified":
            warnings.append(ParseWarning(
                f"page '{page.name}' is not read as a paper: other pages are marked as papers and this one is not "
                f"(give it a type: paper, or type: concept to silence this)", SourcePosition(page.file, 1)))
    for name, given in _schedule_names(source.pages, kinds, papers).items():
        papers[name] = replace(papers[name], aliases=tuple(dict.fromkeys([*papers[name].aliases, *given])))
    ordered = sorted(papers, key=lambda name: order_of.get(name, ("9999", 10 ** 9)))
    sections = tuple(replace(papers[name], order=first_order + i) for i, name in enumerate(ordered))
    kinds_out = tuple((p.file, p.name, k.kind) for p, k in zip(source.pages, kinds))
    concepts = tuple(concept_page(p) for p, k in zip(source.pages, kinds) if k.kind == "concept")
    # the concept pages' glossary entries, then those of index pages and pages of no kind (never concepts)
    glossary = tuple(entry for wanted in ("concept", "index", "unclassified") for p, k in zip(source.pages, kinds)
                     if k.kind == wanted for entry in _glossary_entries(p, wanted))
    return SourceReading(sections, tuple(warnings), tuple(reports[p.file] for p in source.pages if p.file in reports),
                         kinds_out, concepts, glossary, tuple(meeting_lines))


def _shares_a_word(cell: str, names) -> bool:
    """Whether a schedule cell writes a word of the paper's names or an author's family name ("Deep KWS (Chen et al.
    2014)" for "Small-footprint keyword spotting using deep neural networks" by Guoguo Chen): a word of three letters
    or more, a plural "s" aside, that is no function word (``same_name_words`` in ingest/cues.yaml).

    >>> _shares_a_word("CNN KWS (Sainath & Parada)", ["CNNs for Small-footprint Keyword Spotting", "Tara Sainath"])
    True
    >>> _shares_a_word("TBD", ["Lark"]), _shares_a_word("Open discussion", ["The Lark of the Dunes"])
    (False, False)
    """
    function_words = load_cues().words("same_name_words")

    def words(text: str) -> set[str]:
        return {w.lower().removesuffix("s") for w in re.findall(r"[^\W\d_]{3,}", text)
                if w.lower() not in function_words}

    said = words(cell)
    return any(said & words(name) for name in names)


_CODE_NAME = re.compile(r"\b(?=\w*[A-Z]\w*[A-Z0-9])[A-Za-z][\w-]*[A-Za-z0-9]\b")  # JT-VAE, EDM, MedSAM, GPT-2
_LINKED = re.compile(r"\[\[|\]\(")  # a wiki or Markdown link in a cell


def _schedule_names(pages, kinds: list[PageKind], papers: dict[str, PaperSection]) -> dict[str, list[str]]:
    """The names a group's schedule table gives its papers: a row whose day ("Oct 31", "October 31, 2024") is the
    meeting day of exactly one paper names that paper in its paper column (``schedule_paper_columns`` in
    page_kinds.yaml): "| Oct 31 | Deep KWS (Chen et al. 2014) | Rahul |" gives "Deep KWS (Chen et al. 2014)" and
    "Deep KWS". A table on a paper's own page is no schedule; a struck-out day ("~~Dec 19~~ Jan 9") is no day; a
    name another paper has stays that paper's; a cell that links a page names it already; a remark is no name
    (one opening in lower case, or with "?" or "!"); two rows of one day name neither; a cell names the paper only
    where it shares a word or an author with the paper's names, or writes a code name ("JT-VAE", "EDM") and no
    placeholder (``schedule_placeholders``: "TBD", "cancelled", "deadline").

    >>> wren = PaperSection("Wren", 2014, None, "Wren", (), SourcePosition("w.md", 1), discussed_on=("2024-10-31",))
    >>> lark = PaperSection("Lark", 2015, None, "Lark", (), SourcePosition("l.md", 1), discussed_on=("2024-11-07",))
    >>> rows = ("| Date | Paper | Presenter |", "| --- | --- | --- |",
    ...         "| Oct 31 | Deep Wren (Chen et al. 2014) | Rahul |",
    ...         "| ~~Nov 1~~ Nov 7 | Lark | Ines |", "| Nov 14 | - no session - | |", "| Nov 21 | kickoff / vote | |")
    >>> from ingest.readers.markdown_blocks import parse_blocks
    >>> home = Page("Home", "h.md", rows, blocks=parse_blocks(rows))
    >>> _schedule_names([home], [PageKind("index", "")], {"Wren": wren, "Lark": lark})
    {'Wren': ['Deep Wren (Chen et al. 2014)', 'Deep Wren']}
    """
    columns, placeholder = _schedule_rules()
    met: dict = {}  # a meeting's full date, and its day as a table may write it without the year -> the papers
    for name, section in papers.items():
        for day in section.discussed_on:
            for key in (day, (int(day[5:7]), int(day[8:10]))):
                met.setdefault(key, set()).add(name)
    owner = {_key(n): name for name, section in papers.items() for n in (name, *section.aliases)}
    found: dict[str, dict[str, None]] = {}
    for page, kind in zip(pages, kinds):
        if kind.kind == "paper":
            continue
        for table in (b for top in page.blocks for b in top.walk() if b.kind == "table" and len(b.rows) > 1):
            rows = _schedule_rows(table, columns)
            days = Counter(day for day, _ in rows)
            for day, cell in rows:
                named = met.get(day, set())
                if len(named) != 1 or days[day] > 1:  # two rows of one day: which names which is not known
                    continue
                paper = next(iter(named))
                if not (_shares_a_word(cell, [paper, *papers[paper].aliases, *papers[paper].authors])
                        or (_CODE_NAME.search(cell) and not placeholder.search(cell))):
                    continue  # "TBD", "Open discussion", "CVPR deadline": not this paper's name
                for alias in (cell, read_heading(cell).title):
                    # a name as a name is written: no "kickoff / topic vote", "hands-on: ...", "(MIT one!!)"
                    if re.match(r"[^\w]*[A-Z0-9]", alias) and not re.search(r"[?!]", alias) \
                            and owner.get(_key(alias), paper) == paper and _key(alias) != _key(paper):
                        found.setdefault(paper, {})[alias] = None
    return {paper: list(aliases) for paper, aliases in found.items()}


@lru_cache(maxsize=1)
def _schedule_rules() -> tuple[frozenset[str], re.Pattern]:
    """The header words of a schedule's paper column, and its placeholders as one pattern (page_kinds.yaml)."""
    rules = page_kind_rules()
    words = "|".join(re.escape(str(w)) for w in rules.get("schedule_placeholders") or ()) or "(?!)"
    return (frozenset(str(w).lower() for w in rules.get("schedule_paper_columns") or ()),
            re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE))


def _schedule_rows(table: Block, columns: frozenset[str]) -> list[tuple]:
    """(day, cell) of each row of a schedule table: the day its first dated cell gives (an ISO date, or (month,
    day) where the year is not written; a struck-out day aside) and its cell under the paper column (the first
    whose header is one of ``columns``); none for a table without that column, a row without a day, a linked cell."""
    header = [_plain(cell).lower() for cell in table.rows[0]]
    column = next((i for i, cell in enumerate(header) if cell in columns), None)
    rows = []
    for row in table.rows[1:] if column is not None else ():
        cells = [_plain(re.sub(r"~~.*?~~", " ", cell)).strip() for cell in row]
        if len(cells) <= column or not cells[column] or _LINKED.search(row[column]):
            continue  # a linked cell names the page it links, by the page's own name
        day = next((d for i, cell in enumerate(cells) if i != column
                    and (d := iso_date(cell) or day_without_year(cell))), None)
        if day is not None:
            rows.append((day, cells[column]))
    return rows


def _merge_pages_of_one_paper(papers: dict, names: "_Names", order_of: dict, duplicate: list[str],
                              keeper: list[str]) -> None:
    """The paper of the ``duplicate`` page's one section joins the ``keeper`` page's: its name becomes an
    alias (sessions naming it give their notes to the keeper), its notes follow the keeper's."""
    if len(duplicate) != 1 or len(keeper) != 1 or duplicate[0] == keeper[0] or duplicate[0] not in papers:
        return
    gone, kept = papers.pop(duplicate[0]), papers[keeper[0]]
    notes = tuple(replace(n, ordinal=len(kept.notes) + k + 1) for k, n in enumerate(gone.notes))
    papers[keeper[0]] = replace(
        kept, notes=kept.notes + notes, year=kept.year or gone.year,
        aliases=tuple(dict.fromkeys(a for a in (*kept.aliases, gone.title, *gone.aliases) if a != kept.title)),
        discussed_on=tuple(dict.fromkeys([*kept.discussed_on, *gone.discussed_on])))
    for key, name in list(names.by_key.items()):
        if name == gone.title:
            names.by_key[key] = kept.title
    names.add(kept.title, gone.title, *gone.aliases)
    if gone.title in order_of:
        first = order_of.pop(gone.title)
        order_of[kept.title] = min(order_of.get(kept.title, first), first)


def _set_beside(text: str, name: str) -> bool:
    """Whether ``text`` writes ``name`` as a paper set beside the idea or coming later ("unlike [[Osprey]]",
    "vs X", "X next week": a compares or later cue of ingest/cues.yaml governs it), not one that uses it.

    >>> _set_beside("unlike Osprey, which uses a marsh prior", "Osprey"), _set_beside("used in: Wren, Heron", "Heron")
    (True, False)
    """
    at = text.lower().find(name.lower())
    if at < 0:
        return False
    cue = classify_mentions(text, [(at, at + len(name))], load_cues())[0]
    return cue is not None and cue.relation in ("compares", "later")


def _ruled_out(text: str, name: str) -> bool:
    """Whether ``text`` writes ``name`` after a phrase of ``page_link_negations`` in its clause ("Used in: Wren,
    Heron. Not in Osprey": Osprey is set apart from the idea).

    >>> _ruled_out("Used in: Wren, Heron. Not in Osprey.", "Osprey"), _ruled_out("Used in: Wren, Heron.", "Heron")
    (True, False)
    >>> _ruled_out("info NOT in the input → hallucination in Osprey", "Osprey")
    False
    >>> [_ruled_out(t, "Wren") for t in ("Not in Osprey, but used in Wren", "All except the loss comes from Wren",
    ...                                  "Used in Heron (not in the decoder), Wren", "Not in Osprey, Kite or Wren")]
    [False, False, False, True]
    >>> _ruled_out("Not in Osprey-2; used in Osprey", "Osprey")
    False
    """
    at = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE)
    if at is None:
        return False
    clause = re.split(r"[.;!?]\s|→|->", text[:at.start()])[-1].lower()
    rules = page_kind_rules()
    ends = rules.get("page_link_negation_ends") or ()
    for word in (str(w).lower() for w in rules.get("page_link_negations") or ()):
        for said in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", clause):
            # the phrase governs the run of names right after it ("Not in Osprey, Kite"), not what follows a
            # bracket's end or a word that turns the clause ("Not in Osprey, but used in Wren")
            between = clause[said.end():]
            items = re.split(LIST_JOINS, between, flags=re.IGNORECASE)
            if ")" not in between and not any(re.search(rf"(?<![\w-]){re.escape(str(e))}(?![\w-])", between)
                                              for e in ends) and all(len(item.split()) <= 3 for item in items):
                return True
    return False


def _is_page_title(line: str, name: str) -> bool:
    """A line that only titles its page: the page's name alone, or a heading that writes it ("# Reading group
    2024-11-14"); "cancelled 2024-11-14" is a line of the meeting.

    >>> _is_page_title("# Reading group 2024-11-14", "2024-11-14"), _is_page_title("- cancelled 2024-11-14", "2024-11-14")
    (True, False)
    """
    text = line.strip(" -*>\t")
    return _key(text.lstrip("# ")) == _key(name) or (text.startswith("#") and _key(name) in _key(text))


def concept_page(page: Page) -> ConceptPage:
    """A concept page as a record: its definition is its first block of text, and the next ones while fewer
    than ``concept_definition_min_words`` words were taken (links as their labels, Markdown emphasis and a
    leading "Name:" or "Name is" kept as written), cut at 400 characters; its origin
    the page that block links right after a cue of ``concept_origin_cues`` (``from [[Wren]]``).

    >>> from ingest.readers.document import Page
    >>> from ingest.readers.markdown_blocks import parse_blocks, find_links
    >>> lines = ("# Quillnorm", "", "- **Quillnorm**: normalises the [[Wren]] quills", "  - see also x")
    >>> concept_page(Page("Quillnorm", "q.md", lines, blocks=parse_blocks(lines))).definition
    'Quillnorm: normalises the Wren quills'
    >>> lines = ("# Tidal set", "released with [[Heron]]: 40 tides",)
    >>> concept_page(Page("Tidal set", "t.md", lines, blocks=parse_blocks(lines), links=tuple(find_links(lines[1], 2)))).origin
    'Heron'
    """
    texts, line = [], page.body_start + 1
    wanted = int(page_kind_rules().get("concept_definition_min_words") or 0)
    for block in page.blocks:
        for item in block.walk():
            if item.kind in ("paragraph", "item", "quote", "callout") and item.text.strip():
                if not texts:
                    line = item.line
                texts.append(item.text)
                break
        if texts and len(" ".join(texts).split()) >= wanted:
            break
    plain = " ".join(render_links(" ".join(texts)).replace("**", "").replace("__", "").split())
    linked = tuple((link.target, link.line, text) for link in page.links if not link.embed and link.target
                   and not _set_beside((text := _plain(page.lines[link.line - 1]) if 0 < link.line <= len(page.lines)
                                        else ""), link.label or link.target)
                   and not _ruled_out(text, link.label or link.target))
    return ConceptPage(page.name, tuple(page.aliases), plain[:400], SourcePosition(page.file, line),
                       _origin_link(page, line), linked)


_ENTRY_SPLIT = re.compile(r"\s+[:=\-—–]\s+|:\s+")
_TASK_BOX = re.compile(r"^\[[ xX]?\]\s*")
_ONLY_PAGE_LINK = re.compile(r"^\s*(?:!?\[\[[^\]]+\]\]|!?\[[^\]]*\]\([^)]*\))\s*$")  # a page link alone, as written
_ONLY_A_LINK = re.compile(r"^<?(?:https?://|www\.)\S+>?(?:\s.*)?$")  # a link, perhaps with a remark after it


def _plain(text: str) -> str:
    return " ".join(render_links(text).replace("**", "").replace("__", "").split())


@lru_cache(maxsize=1)
def _glossary_time_terms() -> re.Pattern:
    return re.compile(page_kind_rules()["glossary_time_terms"], re.IGNORECASE)


def _glossary_entries(page: Page, kind: str) -> tuple[GlossaryEntry, ...]:
    """The glossary entries of a concept page, of an index page named as a glossary ("Glossary (WIP)" under a
    workspace page), or of a page of no kind (a page of datasets and protocols: "MCAR: missing completely at
    random"), where a schedule's "Week 1:", "Fall:" are no terms unless the page is named as a glossary."""
    named = is_glossary_name(page.name)
    if kind == "index" and not named:
        return ()
    entries = glossary_of(page)
    if kind == "unclassified" and not named:
        entries = tuple(entry for entry in entries if not _glossary_time_terms().match(entry.term))
    return entries


def is_glossary_name(name: str) -> bool:
    """Whether a page's name says it is a glossary (``glossary_page_words`` in page_kinds.yaml).

    >>> is_glossary_name("Glossary"), is_glossary_name("Protein basics"), is_glossary_name("Links & resources")
    (True, True, False)
    """
    words = [str(w).lower() for w in page_kind_rules().get("glossary_page_words") or ()]
    said = " ".join(re.findall(r"[^\W\d_]+", name.lower()))
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", said) for w in words)


def glossary_of(page: Page) -> tuple[GlossaryEntry, ...]:
    """The glossary entries of a page that is a glossary: one named as one (:func:`is_glossary_name`), or one
    holding at least ``glossary_min_entries`` of them (a track's page of terms); else none."""
    entries = read_glossary(page.blocks, page.name)
    if is_glossary_name(page.name) or len(entries) >= int(page_kind_rules().get("glossary_min_entries") or 1):
        return tuple(GlossaryEntry(term, text, page.name, SourcePosition(page.file, line))
                     for term, text, line in entries)
    return ()


def read_glossary(blocks, page_name: str = "") -> tuple[tuple[str, str, int], ...]:
    """The (term, text, line) entries of a glossary page's blocks: a heading with the paragraph (or the one
    item) under it, an item ``**Term** : what it is``, or a short top item with the items under it
    (``glossary_term_max_words``, page_kinds.yaml), or, on a page named as a glossary (:func:`is_glossary_name`),
    a table's row: the cell under a term column's header (``glossary_term_columns``) the term, the one under a
    definition column's (``glossary_definition_columns``) what it is, the others after their column's name (a
    table elsewhere, or without those columns, holds results, not terms); each text cut at
    ``glossary_entry_chars``. Not kept: a heading over a page link alone (a link is no definition), a
    term that is a property (``glossary_not_terms``: "Added by", "Status"), the page's own name (its title
    heading), a text that is only a link; a task box before a term is dropped.

    >>> from ingest.readers.markdown_blocks import parse_blocks
    >>> lines = ("# Terms", "words we forget", "### FVD", "Frechet Video Distance, like FID", "",
    ...          "- **Force closure** : resists any force", "- we tried it on our own data: 0.58 at best",
    ...          "- surrogate gradient", "  - smooth stand-in", "- Added by: Ana", "- [ ] TGAN: look it up",
    ...          "- SSM: https://example.org/s4")
    >>> [(t, x, n) for t, x, n in read_glossary(parse_blocks(lines), "Terms")]  # doctest: +NORMALIZE_WHITESPACE
    [('FVD', 'Frechet Video Distance, like FID', 3), ('Force closure', 'resists any force', 6),
     ('surrogate gradient', 'smooth stand-in', 8), ('TGAN', 'look it up', 11)]
    >>> table = ("| # | Term | Seen in | Meaning |", "| --- | --- | --- | --- |",
    ...          "| 1 | FIM | Wren | fill in the middle |", "| 2 | ECE | Wren | |")
    >>> read_glossary(parse_blocks(table), "Glossary"), read_glossary(parse_blocks(table), "Results")
    ((('FIM', 'fill in the middle; #: 1; Seen in: Wren', 3),), ())
    >>> read_glossary(parse_blocks(("| paper | DER |", "| --- | --- |", "| Wren | 10.8 |")), "DER cheat sheet")
    ()
    >>> read_glossary(parse_blocks(("| Abbr. | Full form |", "| --- | --- |", "| QDL | quill drift loss |")), "Terms")
    (('QDL', 'quill drift loss', 3),)
    """
    rules = page_kind_rules()
    most_words = int(rules.get("glossary_term_max_words") or 0)
    chars = int(rules.get("glossary_entry_chars") or 300)
    not_terms = {_key(str(t)) for t in rules.get("glossary_not_terms") or ()} | {_key(page_name)}
    entries: list[tuple[str, str, int]] = []

    def keep(term: str, text: str, line: int) -> None:
        term, text = _TASK_BOX.sub("", term).strip(), text.strip()
        if term and len(term.split()) <= most_words and _key(term) not in not_terms and text \
                and not _ONLY_A_LINK.match(text):
            entries.append((term, text[:chars], line))

    def entry_shaped(item) -> bool:
        parts = _ENTRY_SPLIT.split(_plain(item.text), maxsplit=1)
        return len(parts) == 2 and len(parts[0].split()) <= most_words

    blocks = list(blocks)
    tables = is_glossary_name(page_name)
    term_columns = {str(w).lower() for w in rules.get("glossary_term_columns") or ()}
    what_columns = {str(w).lower() for w in rules.get("glossary_definition_columns") or ()}
    for i, block in enumerate(blocks):
        if block.kind == "heading":  # the block right under it says what it is
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if after is not None and (after.kind in ("paragraph", "quote", "callout")
                                      or (after.kind == "item" and not entry_shaped(after))) \
                    and not _ONLY_PAGE_LINK.match(after.text):  # "## SSMs" over "[SSM - 3 views](...)": a link
                keep(_plain(block.text), _plain(" ".join(b.text for b in after.walk() if b.text.strip())), block.line)
        elif block.kind == "item":
            text = _plain(block.text)
            parts = _ENTRY_SPLIT.split(text, maxsplit=1)
            if len(parts) == 2 and len(parts[0].split()) <= most_words:
                keep(parts[0], parts[1], block.line)
            elif block.children:
                under = [b.text for child in block.children for b in child.walk() if b.text.strip()]
                keep(text, _plain(" ".join(under)), block.line)
        elif block.kind == "table" and tables and block.rows:
            header = [_plain(cell) for cell in block.rows[0]]
            heads = [set(re.findall(r"[^\W\d_]+", h.lower())) for h in header]  # "Abbr.", "What it means"
            term = next((i for i, h in enumerate(heads) if h & term_columns), None)
            what = next((i for i, h in enumerate(heads) if h & what_columns and i != term), None)
            if term is None or what is None:  # a table of results or of papers, not of terms
                continue
            for number, row in enumerate(block.rows[1:], start=2):  # the row under the header's rule line
                cells = [_plain(cell) for cell in row]
                if len(cells) <= max(term, what) or not cells[what] or _ONLY_PAGE_LINK.match(row[what]):
                    continue  # a row that leaves "what" empty (or only links a page) says nothing of its term
                said = [cells[what]] + [f"{name}: {cell}" for i, (name, cell) in enumerate(zip(header, cells))
                                        if i not in (term, what) and name and cell]
                keep(cells[term], "; ".join(said), block.line + number)
    return tuple(entries)


def _origin_link(page: Page, line: int) -> str | None:
    """The page linked on ``line`` right after an origin cue ("from [[Wren]]", "**Source:** [[Wren]]")."""
    if not 0 < line <= len(page.lines):
        return None
    raw = page.lines[line - 1]
    start = re.search(r"!?\[\[|!?\[[^\]]*\]\(", raw)  # the first wiki or Markdown link of the line
    link = next((l for l in page.links if l.line == line), None)
    if link is None or start is None:
        return None
    before = re.sub(r"[^\w\s]+", " ", raw[:start.start()].lower()).split()
    if not before:
        return None
    said = " ".join(before)
    cues = [" ".join(str(c).lower().split()) for c in page_kind_rules().get("concept_origin_cues") or ()]
    return link.target if any(said == c or said.endswith(" " + c) for c in cues) else None
