"""The full title a group writes on the first line of a paper's page, read as the paper's title.

A page named by the short name the group links with ("Wren", "QNet") often starts with the paper's full
title in one of a few shapes, before any note:

- the title alone, in quotes (``"Quiet wrens sing longer"``, a remark may follow) or written like a title
  (``Quiet Wrens Sing Longer (lab X)``, at least ``bare_min_words`` words);
- the title in bold, then a remark: ``**Bootstrap Wren Optimization** — a new approach (lab X)``, taken
  when the bold words are written like a title or their initials spell the page's name;
- the page's name, a colon or dash, then the title: ``Wren: A Quiet Bird Network (lab X)``;
- the title, then the name spelled out: ``Quiet Bird Singing (WREN = Wide Range Echo Network)``;
- a heading shaped as a plain notes file heads a paper, with the meeting's number or the paper's year, as a group
  that moved its notes file into an app keeps writing it: ``## Discussion 7 Quiet Wrens Sing Longer - 2019``
  (:func:`ingest.headings.read_heading`; the year, where the page gives one too, the same).

A property that holds the full title (``Full title:`` in a Notion page, ``full-title::`` in Logseq; the keys
are ``title_keys`` in ingest/page_kinds.yaml) gives it too. A title here is written like one (its longer words capitalised, ``title_lines`` in
ingest/page_kinds.yaml); a first line that is a sentence ("Wren: predict the next note") gives nothing.
A remark in parentheses after the title ("(Google)") is not part of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.headings import author_names, is_author_list, read_heading, render_links
from ingest.note_syntax import note_syntax
from ingest.readers.document import Page
from ingest.readers.markdown_pages import name_after_day
from kg.names import initialisms

__all__ = ["title_line_aliases", "title_heading_aliases", "title_heading_year", "title_property_aliases",
           "title_property_authors", "reads_as_a_title", "names_a_paper", "tied_to", "sets_side_by_side"]

_QUOTED = re.compile(r'^["“](?P<title>[^"“”]+)["”]\.?(?:\s*(?:\([^()]*\)|[—–-]\s.*))?$')
_BOLD_FIRST = re.compile(r"^(?:\*\*|__)(?P<title>[^*_]+?)(?:\*\*|__)")
_SPELLED_OUT = re.compile(r"^(?P<title>[^()]+?)\s*\(\s*(?P<name>[^()=]+?)\s*=\s*(?P<expansion>[^()]+?)\s*\)$")
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
#: a credit after the title: " — Huang et al.", " — Beltagy, Peters, Cohan" (the authors, not part of the title)
_CREDIT = re.compile(r"\s+[—–-]\s+(?:[^\W\d_][^—–]*?\bet\s+al\b\.?"
                     r"|[A-Z][\w'’-]+(?:\s*(?:,|&|\band\b)\s*[A-Z][\w'’-]+)+\.?)\s*$")
_MARKUP = re.compile(r"(?:\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|`)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ET_AL_END = re.compile(r"\bet\.?\s+al\b\.?$")
#: a bracket closing a title property that lists its authors: "... for Video Prediction (Lotter, Kreiman, Cox)"
_AUTHORS_BRACKET = re.compile(r"\s*\((?P<authors>[^()]+)\)\s*$")
_ONE_ET_AL = re.compile(r"[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)?\s+et\.?\s+al\.?")
#: a full stop and a capital after it, inside a line: a sentence's end where the word before it is a lower-case
#: word of three letters or more ("presenting. Mai", "Tomás. Lena out"; not "vs. M", "et al. 2019"; a question
#: mark is a title's: "Quo Vadis, Action Recognition? A New Model and the Kinetics Dataset")
_STOP_THEN_CAPITAL = re.compile(r"(?P<word>[^\W\d_]+)\.\s+[^\W\d_a-z]")


def _sentence_inside(text: str) -> bool:
    return any(len(m["word"]) >= 3 and m["word"][-1].islower() for m in _STOP_THEN_CAPITAL.finditer(text))


def _rules() -> dict:
    # page_roles reads page_kinds.yaml once; it imports this module, so the import waits for the first call
    from ingest.page_roles import page_kind_rules

    return page_kind_rules()["title_lines"]


def reads_as_a_title(text: str) -> bool:
    """Written like a title: between ``min_words`` and ``max_words`` words, not a question, and most of
    its longer words (``long_word_chars``) capitalised (``capitalised_share``).

    >>> reads_as_a_title("A Quiet Bird Network"), reads_as_a_title("Competition-Level Wren Generation with Heron")
    (True, True)
    >>> reads_as_a_title("predict the next note from the last one"), reads_as_a_title("Wren"), reads_as_a_title("Why Wren?")
    (False, False, False)
    >>> reads_as_a_title("Kenji presenting. Mai, Priya, Jonas, Sofia"), reads_as_a_title("Mai, Priya, Jonas, Lee")
    (False, False)
    >>> reads_as_a_title("Present: Arjun, Hyejin, Mai, Tomás. Lena Out"), reads_as_a_title("Wrens, Vol. 2: Herons")
    (False, True)
    >>> reads_as_a_title("Simple, Fast, and Accurate Wren Detection"), reads_as_a_title("Wrens vs. Herons at Scale")
    (True, True)
    >>> reads_as_a_title("One Model for Images, Video, Audio, Text")
    True
    >>> reads_as_a_title("Quo Vadis, Wren Recognition? A New Model and the Heron Dataset")
    True
    """
    rules = _rules()
    words = _WORD.findall(text)
    if not rules["min_words"] <= len(words) <= rules["max_words"] or text.rstrip().endswith("?"):
        return False
    if _sentence_inside(text):  # "Kenji presenting. Mai, Priya": a remark, not a title
        return False
    parts = text.split(",")
    if len(parts) - 1 >= rules["name_list_min_parts"] and len(_WORD.findall(parts[0])) <= 2 \
            and all(len(_WORD.findall(p)) == 1 for p in parts[1:]):
        return False  # "Mai, Priya, Jonas, Daniel", "present: Lena, Tomás, Arjun": a list of people
    longer = [w for w in words if len(w) >= rules["long_word_chars"]] or words
    return sum(w[0].isupper() for w in longer) >= rules["capitalised_share"] * len(longer)


def _names_the_page(phrase: str, page_name: str) -> bool:
    spelled = re.sub(r"[^A-Za-z]", "", page_name).upper()
    return bool(spelled) and spelled in initialisms(phrase)


def _first_line(page: Page) -> str | None:
    """The first line of text of the page's first block after its properties, as plain text."""
    for block in page.blocks:
        if block.line - 1 < page.body_start or block.kind == "property" or block.kind == "command":
            continue
        if block.kind not in ("item", "paragraph", "quote"):
            return None  # a heading, a table or code comes first: no title line
        line = render_links(page.lines[block.line - 1]).strip()
        return re.sub(r"^(?:[-*+]|\d+[.)]|>)\s+", "", line).strip()
    return None


def title_line_aliases(page: Page) -> tuple[str, ...]:
    """The titles the first line of ``page`` gives it (see the module docstring), none equal to its name: the
    first is the paper's title, any other (a name spelled out) an alias.

    >>> from ingest.readers.document import Block
    >>> def page(line):
    ...     return Page(name="WREN", file="w.md", lines=(line,), blocks=(Block("item", line, 1, 1),))
    >>> title_line_aliases(page('- "Quiet wrens sing longer"'))
    ('Quiet wrens sing longer',)
    >>> title_line_aliases(page("- **Wide Range Echo Network** — a new approach (lab X)"))
    ('Wide Range Echo Network',)
    >>> title_line_aliases(page("- WREN: A Quiet Bird Network (lab X)"))
    ('A Quiet Bird Network', 'WREN: A Quiet Bird Network')
    >>> title_line_aliases(page("- WREN: A Quiet Bird Network — Okafor et al. (lab X)"))
    ('A Quiet Bird Network', 'WREN: A Quiet Bird Network')
    >>> title_line_aliases(page("- WREN: A Quiet Bird Network — Okafor, Baine, Quill"))
    ('A Quiet Bird Network', 'WREN: A Quiet Bird Network')
    >>> title_line_aliases(page("- Quiet Bird Singing (WREN = Wide Range Echo Network)"))
    ('Quiet Bird Singing', 'Wide Range Echo Network')
    >>> title_line_aliases(page("- Quiet Bird Singing at Scale (lab X)")), title_line_aliases(page('"Quiet birds" (lab X)'))
    (('Quiet Bird Singing at Scale',), ('Quiet birds',))
    >>> title_line_aliases(page("- **idea**: predict the next note")), title_line_aliases(page("- WREN: predict the next note"))
    ((), ())
    >>> title_line_aliases(page("- Wren at Heron scale (3B nodes)")), title_line_aliases(page("- Quiet Birds"))
    ((), ())
    """
    line = _first_line(page)
    if not line:
        return ()
    found: list[str] = []
    quoted = _QUOTED.match(line)
    if quoted and _rules()["min_words"] <= len(_WORD.findall(quoted["title"])) <= _rules()["max_words"]:
        found.append(quoted["title"].strip())
    bold = _BOLD_FIRST.match(line)
    if bold and (reads_as_a_title(bold["title"]) or _names_the_page(bold["title"], page.name)):
        found.append(bold["title"].strip())
    plain = _MARKUP.sub("", line).strip()
    named = re.match(rf"^(?P<name>{re.escape(page.name)})\s*(?P<mark>:|—|–|-)\s+(?P<title>.+)$", plain,
                     re.IGNORECASE)
    if named and not found:
        title = _CREDIT.sub("", _REMARK.sub("", named["title"]).strip()).strip().rstrip(".")
        if reads_as_a_title(title):
            found.append(title)
            whole = f"{named['name']}: {title}"  # "BEVDet: High-performance ...": the paper's whole title
            if named["mark"] == ":" and "," not in whole:  # (an alias with a comma is read as a list of names)
                found.append(whole)
    spelled = _SPELLED_OUT.match(plain)
    if spelled and not found and spelled["name"].strip().lower() == page.name.lower():
        found += [part.strip() for part in (spelled["title"], spelled["expansion"]) if reads_as_a_title(part)]
    bare = _REMARK.sub("", plain).strip().rstrip(".")
    if not found and not named and not spelled and len(_WORD.findall(bare)) >= _rules()["bare_min_words"] \
            and reads_as_a_title(bare):
        found.append(bare)
    own = page.name.lower()
    return tuple(dict.fromkeys(t for t in found if t.lower() != own))


#: the parts of a name a reader sees as words: "VoxelMorph-diff" -> Voxel, Morph, diff; "fastText" -> fast, Text
_NAME_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def tied_to(name: str, others) -> bool:
    """Whether ``name`` is tied to one of ``others`` (names, a title, authors the paper already has): a part of one
    begins with the same ``tie_prefix_chars`` letters as a word of the other, or its capitals spell a title's
    initials (``initialisms``).

    >>> tied_to("VoxelMorph-diff", ["Unsupervised Learning of Probabilistic Diffeomorphic Registration"])
    True
    >>> tied_to("HAN", ["Hierarchical Attention Networks for Text"]), tied_to("Kim 2014", ["Yoon Kim"])
    (True, True)
    >>> tied_to("Part 2", ["Quiet Wren Registration"]), tied_to("Open Questions and Next Steps", ["Wren"])
    (False, False)
    """
    chars = _rules()["tie_prefix_chars"]

    # its parts ("Voxel", "Morph", "diff"; "rnn" whole, a part shorter than the prefix) and its words ("VoxelMorph")
    found = {p.lower() for p in _NAME_PART.findall(name) if p.isalpha() and len(p) >= min(chars, 3)}
    own = {p[:chars] for p in found} | {w.lower()[:chars] for w in re.findall(r"[^\W\d_]+", name) if len(w) >= chars}
    capitals = re.sub(r"[^A-Z]", "", name)
    for other in others:
        if not other:
            continue
        theirs = {w.lower()[:chars] for w in re.findall(r"[^\W\d_]+", other) if len(w) >= chars}
        theirs |= {w.lower() for w in re.findall(r"[^\W\d_]+", other) if len(w) >= 3}  # "Kim" as written
        if own & theirs or (len(capitals) >= 2 and capitals in initialisms(other)):
            return True
    return False


def sets_side_by_side(text: str) -> bool:
    """Whether ``text`` sets two things side by side (``side_by_side_words``: "Gull vs Heron", "Wren + wrap-up").

    >>> sets_side_by_side("Gull vs Heron: Which Wades Deeper"), sets_side_by_side("Learning Weights and Songs")
    (True, False)
    """
    words = [str(w).lower() for w in _rules()["side_by_side_words"]]
    return any(re.search(rf"(?<![\w-]){re.escape(w)}\.?(?![\w-])", text.lower()) for w in words)


def _heading_text(page: Page, block) -> str:
    return re.sub(r"^(?:[-*+]\s+)?#+\s*", "", page.lines[block.line - 1].strip()).strip()


def _first_heading(page: Page) -> str | None:
    """The text of the page's first block after its properties when that block is a heading, marks aside; None
    where another heading of the page is shaped as a paper's too (the page holds several papers' notes)."""
    body = [block for block in page.blocks if block.line - 1 >= page.body_start
            and block.kind not in ("property", "command")]
    if not body or body[0].kind != "heading":
        return None
    others = [_heading_text(page, b) for top in body for b in top.walk() if b.kind == "heading" and b is not body[0]]
    if any(parts.prefixed or parts.year is not None for parts in map(read_heading, others)):
        return None
    return _heading_text(page, body[0])


def _paper_heading(text: str):
    """A heading read as a notes file's paper heading (:func:`ingest.headings.read_heading`), a discussion label
    before a dash or colon read off its title ("Discussion — Wren (NeurIPS 2021)": Wren)."""
    heading = read_heading(text)
    label = re.match(r"^(?P<label>[^—–:-]+?)\s*[—–:-]\s*(?P<rest>.+)$", heading.title)
    if label and note_syntax().heads_discussion(label["label"]):
        heading = replace(heading, title=label["rest"])
    return heading


def title_heading_aliases(page: Page) -> tuple[str, ...]:
    """The titles a first heading shaped as a plain notes file's paper heading gives the page (see the module
    docstring): its title (the meeting's number and the year read off), then the names it gives in brackets; only
    where the heading has a meeting prefix or a year, the title is written like one, in more words than the page's
    name and tied to it (:func:`tied_to`), sets nothing side by side, and the year the page's own ``year`` property
    gives, if any, is the heading's. None equal to the page's name.

    >>> from ingest.readers.document import Block
    >>> def page(line, **properties):
    ...     return Page(name="Wren", file="w.md", lines=(line,), blocks=(Block("heading", line, 1, 1),),
    ...                 properties={k: (v,) for k, v in properties.items()})
    >>> title_heading_aliases(page("- ## Discussion 7 Quiet Wrens Sing Longer: Birds and Songs - 2019"))
    ('Quiet Wrens Sing Longer: Birds and Songs',)
    >>> title_heading_aliases(page("## Quiet Wrens Sing Longer (QWSL) - 2019", year="2019"))
    ('Quiet Wrens Sing Longer', 'QWSL')
    >>> title_heading_aliases(page("## Discussion 35 Wren: Learning to Write Songs - 2017"))
    ('Wren: Learning to Write Songs', 'Learning to Write Songs')
    >>> title_heading_aliases(page("## Discussion 34 Wren (QWSL) - 2019")), title_heading_aliases(page("# Wren - 2019"))
    ((), ())
    >>> title_heading_aliases(page("## Quiet Wrens Sing - 2019", title="Quiet Wrens Sing Longer"))
    ()
    >>> title_heading_aliases(page("## Okafor, Lind, Brandt 2016")), title_heading_aliases(page("# Okafor et al. 2019"))
    ((), ())
    >>> title_heading_aliases(page("## Discussion — Wren (NeurIPS 2021)"))
    ()
    >>> title_heading_aliases(page("## Week 3 Open Questions and Next Steps")), title_heading_aliases(page(
    ...     "## Discussion 4 Wren vs Heron: Which Wades Deeper"))
    ((), ())
    >>> title_heading_aliases(page("## Quiet Wrens Sing Longer - 2019", year="2020"))
    ()
    >>> title_heading_aliases(page("## Discussion")), title_heading_aliases(page("## Results and Numbers"))
    ((), ())
    >>> title_heading_aliases(page("## Week 3 - what went wrong")), title_heading_aliases(page("## Wren - 2019"))
    ((), ())
    """
    text = _first_heading(page)
    if not text or page.prop("title") or title_property_aliases(page):
        return ()  # (a page with a title property has its full title already)
    heading = _paper_heading(text)
    if is_author_list(heading.title) or _ET_AL_END.search(heading.title):
        return ()  # "Okafor, Lind, Brandt 2016", "Okafor et al. 2019": whose paper, not its title
    # "DeepCoder: Learning to Write Programs" is read as a name and its long title: the whole is the paper's title
    whole = next((f"{heading.title}: {a}" for a in heading.aliases if f"{heading.title}: {a}" in text), None)
    title = whole or heading.title
    if not (heading.prefixed or heading.year is not None) or not reads_as_a_title(title) or \
            sets_side_by_side(title) or not tied_to(title, [page.name, *page.aliases]):
        return ()  # not a title, two things set side by side, or nothing of the page's name ("Training Details")
    year = page.prop("year")
    if heading.year is not None and year and year.strip().isdigit() and int(year) != heading.year:
        return ()  # another paper's heading
    own = page.name.lower()
    if len(_WORD.findall(title)) <= len(_WORD.findall(page.name)):
        return ()  # the heading names the paper as the page does, or shorter ("Stable Audio"): no fuller title
    return tuple(dict.fromkeys(t for t in (title, heading.title, *heading.aliases) if t.lower() != own))


def title_heading_year(page: Page) -> int | None:
    """The year a first heading shaped as a plain notes file's paper heading gives a page that gives none (no
    ``year`` property, none in its name): "## Discussion 6 Wren - 2017" on the page Wren. Only where the heading
    names the page's paper by the page's name (after a meeting day) or one of its names, or by a full title tied to it
    (:func:`title_heading_aliases`) that opens with no other name ("Wren: Quiet Songs" on the page Wren-2 does).

    >>> from ingest.readers.document import Block
    >>> def page(line, name="Wren", **properties):
    ...     return Page(name=name, file="w.md", lines=(line,), blocks=(Block("heading", line, 1, 1),),
    ...                 properties={k: (v,) for k, v in properties.items()})
    >>> title_heading_year(page("## Discussion 6 Wren - 2017")), title_heading_year(page("## Wren (QWSL) - 2019"))
    (2017, 2019)
    >>> title_heading_year(page("## Discussion 7 Quiet Wrens Sing Longer and Louder - 2019"))
    2019
    >>> title_heading_year(page("## Discussion 3 Wren: Quiet Songs - 2018", name="Wren-2"))
    >>> title_heading_year(page("## Discussion 6 Heron - 2017")), title_heading_year(page("## Discussion 6 Wren"))
    (None, None)
    >>> title_heading_year(page("## Discussion 6 Wren - 2017", year="2018"))
    >>> title_heading_year(page("## Discussion 6 Wren - 2017", name="Wren (2018)"))
    """
    text = _first_heading(page)
    if not text or page.prop("year") or read_heading(page.name).year is not None:
        return None
    heading = _paper_heading(text)
    if heading.year is None:
        return None
    names = (name_after_day(page.name) or page.name, *page.aliases)
    own = {n.lower() for name in names for n in (name, *_names_in(name))}
    if any(n.lower() in own for n in (heading.title, *heading.aliases)):
        return heading.year
    # a full title tied to the page's name ("Learning both Weights and Connections for Efficient Neural Networks" on
    # the page "Learning both Weights and Connections"), unless it opens with another name ("Wren: ..." on Wren-2)
    short = _SHORT_NAME_FIRST.match(heading.title)
    if title_heading_aliases(page) and not (short and short["name"].lower() not in own):
        return heading.year
    return None


def _names_in(name: str) -> tuple[str, ...]:
    """The names a page's name gives as a heading would: "Seq2Tree (Lang2Logic)" is Seq2Tree and Lang2Logic."""
    parts = read_heading(name)
    return (parts.title, *parts.aliases)


#: "DeepWalk: Online Learning of Social Representations": a name before a colon, then the title
_SHORT_NAME_FIRST = re.compile(r"^(?P<name>[^:]+?)\s*:\s+(?P<title>.+)$")
#: a value that is a file or an address, not a title ("wren2018.pdf", "arxiv.org/abs/2006.04779"): one token with a
#: slash or a dot, or a host and a path ("Learning Input/Output Tides" is a title)
_PATH_LIKE = re.compile(r"^\S*[/\\.]\S*$|^\w[\w-]*\.\w[\w.-]*/")


def names_a_paper(value: str) -> bool:
    """Whether a ``paper:`` property's value is a paper's title (in any case: "Cardiologist-level arrhythmia
    detection ..."): words, at least two, not a file, an address, a flag or a number.

    >>> [names_a_paper(v) for v in ("DeepWalk: Online Learning of Social Representations", "Screening for cardiac "
    ...  "dysfunction using an ECG", "Learning Input/Output Tides", "wren2018.pdf", "arxiv.org/abs/2006.04779", "true",
    ...  "Wren", "2019")]
    [True, True, True, False, False, False, False, False]
    """
    words = re.findall(r"[^\W\d_]{2,}", value)
    return len(words) >= 2 and not _PATH_LIKE.search(value.strip())


def title_property_aliases(page: Page) -> tuple[str, ...]:
    """The full title a ``title_keys`` property gives (its list parts joined back: a title may hold commas), never
    a link. The page's name before a colon leaves the title after it as another name, as a heading "Name: title"
    does (not one with a comma: an alias with a comma is read as a list of names).

    A meeting page's ``paper:`` property (:func:`ingest.page_roles.read_source` makes such a page its paper's) names
    the paper only where it reads as a title, and the short name before its colon is a name too where it is the
    page's name after the meeting day ("2025-03-13 DeepWalk", ``paper: "DeepWalk: Online Learning of ..."``).

    >>> title_property_aliases(Page(name="Gullnet", file="g.md", lines=(),
    ...                             properties={"full title": ("Gullnet: A Recipe for Big", "Fast Gulls")}))
    ('Gullnet: A Recipe for Big, Fast Gulls',)
    >>> title_property_aliases(Page(name="Gullnet", file="g.md", lines=(), properties={"full title": ("Gullnet: Fast",)}))
    ('Gullnet: Fast',)
    >>> title_property_aliases(Page(name="2025-03-13 Gullnet", file="g.md", lines=(),
    ...                             properties={"paper": ("Gullnet: Online Learning of Gull Flocks",)}))
    ('Gullnet: Online Learning of Gull Flocks', 'Gullnet')
    >>> [title_property_aliases(Page(name="2025-03-13 Wren", file="w.md", lines=(), properties={"paper": (v,)}))
    ...  for v in ("wren2018.pdf", "arxiv.org/abs/2006.04779", "true", "Graph Tides: A Review of Methods")]
    [(), (), (), ('Graph Tides: A Review of Methods',)]
    """
    found = []
    after_day = name_after_day(page.name) or page.name
    for key, value in _title_properties(page):
        value, _ = _without_authors(value)
        if not value or value.lower() == page.name.lower() or "://" in value:
            continue
        short = _SHORT_NAME_FIRST.match(value)
        if key == "paper" and not names_a_paper(value):
            continue
        found.append(value)
        named = re.match(rf"^{re.escape(page.name)}\s*:\s+(?P<title>.+)$", value, re.IGNORECASE)
        if named and "," not in named["title"] and reads_as_a_title(named["title"]):
            found.append(named["title"].strip())
        if key == "paper" and short and not named and short["name"].lower() == after_day.lower():
            found.append(short["name"])
    return tuple(dict.fromkeys(found))


def title_property_authors(page: Page) -> tuple[str, ...]:
    """The authors a ``title_keys`` property lists in a bracket after the title ("PredNet: Deep Predictive Coding
    Networks (Lotter, Kreiman, Cox)", "... (Wang et al.)"): a credit, not part of the title.

    >>> title_property_authors(Page(name="Gullnet", file="g.md", lines=(),
    ...                             properties={"paper": ("Gullnet: Fast Gulls (Okafor", "Lind)")}))
    ('Okafor', 'Lind')
    >>> title_property_authors(Page(name="Gullnet", file="g.md", lines=(),
    ...                             properties={"paper": ("Fast Gulls (Okafor et al.)",)}))
    ('Okafor et al.',)
    >>> title_property_authors(Page(name="Gullnet", file="g.md", lines=(), properties={"paper": ("Fast Gulls (GN)",)}))
    ()
    """
    for _, value in _title_properties(page):
        _, authors = _without_authors(value)
        if authors:
            return authors
    return ()


def _title_properties(page: Page):
    """(key, value) of each ``title_keys`` property the page has, its list parts joined back (a title may hold
    commas)."""
    for key in _rules()["title_keys"]:
        value = ", ".join(v.strip() for v in page.properties.get(key) or () if v.strip())
        if value:
            yield key, value


def _without_authors(value: str) -> tuple[str, tuple[str, ...]]:
    """A title property's value without a bracket of authors at its end, and those authors: family names one word
    each ("Okafor, Lind", "Okafor et al."), as :func:`ingest.headings.is_author_list` reads a list of them.

    >>> _without_authors("Fast Gulls (Okafor, Lind, Brandt)"), _without_authors("Fast Gulls (Okafor et al.)")
    (('Fast Gulls', ('Okafor', 'Lind', 'Brandt')), ('Fast Gulls', ('Okafor et al.',)))
    >>> _without_authors("Fast Gulls (GN)"), _without_authors("Fast Gulls (Pooling, Attention)")
    (('Fast Gulls (GN)', ()), ('Fast Gulls (Pooling, Attention)', ()))
    >>> _without_authors("Owls by Night (Batch Norm, Dropout)")
    ('Owls by Night (Batch Norm, Dropout)', ())
    """
    bracket = _AUTHORS_BRACKET.search(value)
    if not bracket or bracket.start() == 0:
        return value, ()
    authors = bracket["authors"].strip()
    if _ONE_ET_AL.fullmatch(authors):
        return value[:bracket.start()].rstrip(), (authors,)
    names = author_names(authors)
    if is_author_list(authors) and all(len(name.split()) == 1 for name in names):
        return value[:bracket.start()].rstrip(), names
    return value, ()
