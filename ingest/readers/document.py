"""The one document model every notes reader produces: pages with names, properties, blocks and links.

A reader (one module per app or file format in this folder) turns what an app keeps on disk into
:class:`Source` — a list of :class:`Page` — and knows nothing of papers; the interpreter
(:mod:`ingest.page_roles`) decides which pages are papers, concepts, sessions, indexes or
templates and which lines are notes of which paper. Every piece keeps the file and line it came
from, so evidence and warnings point at the user's own file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["add_property", "Link", "Block", "Page", "Source", "BLOCK_KINDS"]

#: What a block is: a heading, a list item (with nested items as children), a paragraph, a quote,
#: a callout (Obsidian ``> [!note]``, Notion ``<aside>``), a table, a code block or formula, a
#: property line (Logseq ``key:: value``), or an app command (``{{query ...}}``) that is not text.
BLOCK_KINDS = ("heading", "item", "paragraph", "quote", "callout", "table", "code", "property", "command")


@dataclass(frozen=True)
class Link:
    """A link as written: ``[[target#heading|label]]``, ``![[embed]]``, ``[label](target.md)``.

    ``target`` is the page name the link points at (file extension, folders and app ids removed);
    ``line`` is 1-based in the page's file.
    """

    target: str
    line: int
    label: str | None = None
    heading: str | None = None
    embed: bool = False


@dataclass(frozen=True)
class Block:
    """One block of a page (see :data:`BLOCK_KINDS`), its first and last line (1-based), its
    nesting level and its children (sub-items of a list item, the section under a heading); a table
    keeps its ``rows`` too (each a tuple of its cells' text, the header row first)."""

    kind: str
    text: str
    line: int
    end_line: int
    level: int = 0
    children: tuple["Block", ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    def walk(self):
        """This block, then every block below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Page:
    """A page of notes as its app shows it.

    ``name`` is the name a person sees and links with (a file name, a Logseq page name, a Notion
    title without its id); ``aliases`` are the other names the page declares; ``properties`` its
    front matter / property block / database row, keys lower-case with single spaces, values as
    lists of strings, ``property_lines`` where each key was written. ``lines`` is the page's text
    as the notes reader reads it — line ``i`` is line ``i + 1`` of ``file`` — after the reader has
    put its app's syntax into plain Markdown (block references resolved, property and command
    lines blanked: ``dropped`` says why each blanked line is not note text). ``body_start`` is the
    first line (0-based) after the front matter or property block. ``folder`` is the page's folder
    relative to the source root ("" at the top); ``hint`` is what the app itself says the page is
    (``session`` for a journal day, ``template`` for the templates folder), or None; ``date`` the
    ISO day a session or a database row gives, for reading order.
    """

    name: str
    file: str
    lines: tuple[str, ...]
    body_start: int = 0
    aliases: tuple[str, ...] = ()
    properties: dict = field(default_factory=dict)
    property_lines: dict = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    folder: str = ""
    hint: str | None = None
    date: str | None = None
    dropped: dict = field(default_factory=dict)  # 0-based line -> why it is not note text
    position: int | None = None  # the page's place in the app's own order (a database's rows)
    parent: str | None = None  # the page this one is a sub-page of (Notion), whose notes it holds
    # links held by block properties (Logseq ``paper:: [[Wren]]`` under a block): not the page's links (an
    # ``attendees::`` property links people), but they name what the block above them is about
    property_links: tuple[Link, ...] = ()

    def prop(self, key: str) -> str | None:
        """The first value of a property, or None."""
        values = self.properties.get(key) or ()
        return values[0] if values else None


@dataclass(frozen=True)
class Source:
    """What one reader read from one folder or file: its format, pages, and the files it left out
    (``ignored``: (file, why) pairs — app settings, backups, duplicates)."""

    format: str
    root: str
    pages: tuple[Page, ...]
    ignored: tuple[tuple[str, str], ...] = ()
    digests: tuple[tuple[str, str], ...] = ()  # (file, sha256) of every file read
    warnings: tuple = ()


def add_property(properties: dict, key: str, values) -> None:
    """``values`` after those ``properties[key]`` holds, each once: two spellings of one key ("arXiv:" and "Code:",
    both links) add up, the first written first.

    >>> props = {"link": ("a",)}; add_property(props, "link", ("b", "a")); props
    {'link': ('a', 'b')}
    """
    properties[key] = tuple(dict.fromkeys([*properties.get(key, ()), *values]))
