"""Read a paper heading (or a file name) into its parts: title, year, authors, venue, aliases.

``### Week 3 — DDPM (Ho et al., 2020)``, ``## Paper: SimCLR [2020]``, ``## WavLM (IEEE JSTSP
2022)``, ``## Classifier-Free Guidance (NeurIPS'21)``, ``## wav2vec 2.0 (w2v2) - 2020`` and
``## Discussion 3 ResNet - 2015`` all come apart the same way: a meeting prefix, the title, then
trailing groups read from the end (a year, a bracket with a year and a venue or authors, a
bracket with a second name). The words involved are data (:mod:`ingest.note_syntax`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from ingest.note_syntax import note_syntax
from kg.lexicon import is_english_word

__all__ = ["HeadingParts", "read_heading", "title_from_file_name", "render_links", "WIKI_LINK", "is_author_list",
           "author_names", "slashed_names", "reads_as_a_short_name"]

_FULL_YEAR = r"(?:19|20)\d{2}"
_YEAR_IN_TEXT = re.compile(rf"(?<![\w.])({_FULL_YEAR})(?![\w.])|(?<=[A-Za-z])\s?['’](\d{{2}})\b")
#: a bracket closing the text, which may hold brackets of its own: "EGNN (E(n) Equivariant Graph Neural Networks)"
_BRACKET_AT_END = re.compile(r"\s*[\(\[]((?:[^()\[\]]|\([^()\[\]]*\))*)[\)\]]\s*$")
_ET_AL = re.compile(r"\bet\.?\s*al\b\.?", re.IGNORECASE)
#: ``[[Page]]``, ``[[Page|label]]``, ``[[Page#Section|label]]`` (Obsidian, Logseq); not an embed ``![[fig.png]]``.
WIKI_LINK = re.compile(r"(?<!!)\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]")
_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]*\)")
#: Notion's Markdown export names a page ``<Title> <32 hex digits>.md``.
_NOTION_PAGE_ID = re.compile(r"\s+[0-9a-f]{32}$")


@dataclass(frozen=True)
class HeadingParts:
    """What a heading says: ``prefixed`` is true when a meeting/paper prefix opened it."""

    title: str
    year: int | None = None
    discussion: int | None = None
    authors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    venue: str | None = None
    prefixed: bool = False
    authors_listed: bool = False  # the authors come only from a bracket of names ("(Okafor, Lind)"), no "et al."

    @property
    def reads_as_paper(self) -> bool:
        """A heading shaped like a paper heading: a prefix, a year, or authors ("et al.", or with a year: a bracket
        of names alone is as often a sub-heading's remark, "### Follow-up reading (Ng, Jordan)")."""
        return self.prefixed or self.year is not None or (bool(self.authors) and not self.authors_listed)


def render_links(text: str) -> str:
    """Text as a person reads it: wiki links and Markdown links become their label.

    >>> render_links("builds on [[Bootstrap Your Own Latent|BYOL]] and [[DDPM]], see [paper](http://x)")
    'builds on BYOL and DDPM, see paper'
    """
    if "[" not in text:
        return text
    text = WIKI_LINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    return _MARKDOWN_LINK.sub(lambda m: m.group(1), text)


@lru_cache(maxsize=1)  # the vocabulary is read once per process; compile its pattern once too
def _prefix_pattern() -> re.Pattern:
    syntax = note_syntax()
    separators = re.escape(syntax.heading_separators)
    meeting = "|".join(re.escape(p) for p in syntax.heading_prefixes)
    paper = "|".join(re.escape(p) for p in syntax.paper_prefixes)
    return re.compile(
        rf"^(?:(?:{meeting})\s*(?:no\.?\s*)?#?\s*(?P<meeting>\d+)\b\s*[{separators}.]?"
        rf"|(?:{paper})\s*[{separators}]"
        rf"|(?P<numbered>\d{{1,3}})[.)](?=\s))\s*",
        re.IGNORECASE)


def _year_value(full: str | None, short: str | None, current_year: int) -> int:
    if full:
        return int(full)
    two = int(short)
    return 2000 + two if 2000 + two <= current_year else 1900 + two


@lru_cache(maxsize=1)
def _month_pattern() -> re.Pattern:
    """A month beside a year (``(May 2015)``, ``Sept. 2019``): one of ``note_syntax.yaml``'s, a whole word."""
    months = "|".join(re.escape(m) for m in sorted(note_syntax().months, key=len, reverse=True))
    return re.compile(rf"\b(?:{months})\.?(?=\s|,|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _leading_date_pattern() -> re.Pattern:
    """The meeting's date at a heading's start, before a separator: ``06 sep — Wren``, ``Sep 12 | Wren``,
    ``2024-09-12: Wren``, ``12/09 - Wren`` (a running doc's headings are dated); the paper follows it."""
    separators = re.escape(note_syntax().heading_separators)
    date = (rf"(?:{note_syntax().day_and_month()}|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
            rf"|\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?)(?:,?\s+\d{{4}})?")
    return re.compile(rf"^(?:{date})\s*[{separators}]\s*(?=\S)", re.IGNORECASE)


_TRAILING_AUTHORS = re.compile(r"\s*[,\-–—|:]\s*(?P<names>[^,\-–—|:()\[\]]+?\bet\.?\s*al\b\.?)\s*$", re.IGNORECASE)


def _names(text: str) -> tuple[str, ...]:
    """Author names from ``Ho et al.``, ``Kingma & Ba``, ``Chen, Rubanova and Duvenaud``."""
    text = _ET_AL.sub("", text)
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", text)
    return tuple(p.strip(" .") for p in parts if p.strip(" ."))


def _family_name_cased(word: str) -> bool:
    """Written as a family name: a capital, then lower case, a capital again only after a prefix of
    ``name_prefixes`` or a hyphen or apostrophe.

    >>> [_family_name_cased(w) for w in ("Okafor", "LeCun", "MacKay", "O'Brien", "Lévy-Leblond")]
    [True, True, True, True, True]
    >>> [_family_name_cased(w) for w in ("ResNet", "DeepMind", "OpenAI", "LN", "okafor")]
    [False, False, False, False, False]
    """
    if not word[:1].isupper():
        return False
    rest = word[1:]
    for prefix in note_syntax().name_prefixes:
        if word.startswith(prefix) and len(word) > len(prefix) + 1 and word[len(prefix)].isupper():
            rest = word[len(prefix) + 1:]
            break
    parts = re.split(r"['’-]", rest)
    return parts[0] == parts[0].lower() and all(p[:1].isupper() and p[1:] == p[1:].lower() for p in parts[1:])


def is_author_list(text: str) -> bool:
    """Two or more family names, as a bracket after a title lists its authors (``Okafor, Lind, Brandt``):
    each part one to three capitalised words, and not all of them English words (``Pooling, Attention``).

    A family name may hold a second capital only after a prefix of ``name_prefixes`` (LeCun, MacKay, O'Brien; not
    ResNet, DeepMind) and a particle of ``name_particles`` (van der Maaten); at most ``author_name_max_words`` words.

    >>> is_author_list("Okafor, Lindqvist and Brandt"), is_author_list("Bahdanau & Cho")
    (True, True)
    >>> is_author_list("LeCun, Bottou"), is_author_list("van der Maaten, Hinton"), is_author_list("O'Brien, Neal")
    (True, True, True)
    >>> is_author_list("Pooling, Attention"), is_author_list("LN, IN"), is_author_list("Okafor")
    (False, False, False)
    >>> is_author_list("ResNet, DenseNet"), is_author_list("DeepMind, OpenAI"), is_author_list("PyTorch, TensorFlow")
    (False, False, False)
    """
    syntax = note_syntax()
    parts = author_names(text)
    words = [w for p in parts for w in p.split() if w.lower() not in syntax.name_particles]

    return (len(parts) >= 2 and all(1 <= len(p.split()) <= syntax.author_name_max_words for p in parts)
            and bool(words)
            and all(re.fullmatch(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*", w) and _family_name_cased(w)
                    for w in words)
            and not all(is_english_word(w) for w in words))


def author_names(text: str) -> tuple[str, ...]:
    """The names of a list of authors, split as :func:`is_author_list` reads it.

    >>> author_names("Okafor, Lind and Brandt"), author_names("Okafor; Lind & Vale")
    (('Okafor', 'Lind', 'Brandt'), ('Okafor', 'Lind', 'Vale'))
    """
    return tuple(p for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", text.strip()) if p)


def _read_bracket(content: str, current_year: int):
    """(year, authors, venue, alias) from one bracket's content; all None/() when it is a remark."""
    syntax = note_syntax()
    if re.fullmatch(r"\s*\d{4}\s*", content):  # `(1850)`: a year, checked for sense by the caller
        return int(content), (), None, None
    found = _YEAR_IN_TEXT.search(content)
    if found:
        year = _year_value(found.group(1), found.group(2), current_year)
        rest = _month_pattern().sub("", content[:found.start()] + " " + content[found.end():]).strip(" ,;:-–—")
        rest = rest.replace("’", "").replace("'", "").strip()
        authors, venue = [], None
        for chunk in re.split(r"\s*[,;]\s*", rest):  # `Srivastava et al., JMLR`: authors, then a venue
            if not chunk:
                continue
            if venue is None and not _ET_AL.search(chunk) and syntax.is_venue(chunk):
                venue = chunk
            else:
                authors += _names(chunk)
        return year, tuple(authors), venue, None
    words = content.strip()
    if not words:
        return None, (), None, None
    if _ET_AL.search(words) or is_author_list(words):
        return None, _names(words), None, None
    first = words.lower().split()[0].rstrip(".:")
    if first in syntax.heading_remarks or len(words.split()) > 8:
        return None, (), None, None
    return None, (), None, words


_SLASHED = re.compile(r"^(?P<first>[^/]+?)\s+/\s+(?P<second>[^/]+)$")
_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")  # "v2", "V1.5": a version of a name, no name


def slashed_names(text: str) -> list[str]:
    """Both names of ``A / B`` (a page "ESM-2 / ESMFold", a heading's bracket "(TARNet / CFR)"), each a short
    name (:func:`reads_as_a_short_name`); [] otherwise. A slash with no spaces is part of a name ("TCP/IP").

    >>> slashed_names("Lark-2 / LarkFold"), slashed_names("encoder / decoder"), slashed_names("A/B test")
    (['Lark-2', 'LarkFold'], [], [])
    """
    match = _SLASHED.match(text.strip())
    if not match:
        return []
    parts = [match.group("first").strip(), match.group("second").strip()]
    authors = is_author_list(", ".join(parts))  # "(Okafor / Lee)": two authors
    return parts if all(reads_as_a_short_name(p) for p in parts) and not authors else []


def reads_as_a_short_name(text: str) -> bool:
    """Whether ``text`` can be a paper's short name: at most ``short_name_max_words`` words with a capital or a
    digit in them, not a year alone and not a generic page name ("notes", "TODO").

    >>> [reads_as_a_short_name(t) for t in ("CFR", "See 2017", "Heron", "vision", "2016", "TODO", "a b c d")]
    [True, True, True, False, False, False, False]
    >>> [reads_as_a_short_name(t) for t in ("v2", "see p. 3", "NeurIPS 2021", "node2vec")]
    [False, False, False, True]
    """
    words = text.split()
    syntax = note_syntax()
    if not words or len(words) > syntax.short_name_max_words or not re.search(r"[A-Z0-9]", text):
        return False
    if re.fullmatch(_FULL_YEAR, text) or _VERSION.fullmatch(text) or text.lower() in syntax.generic_file_names:
        return False
    # "see p. 3": a remark opens with a lower-case word ("node2vec" is a name); "NeurIPS 2021": a known venue and a year
    venue = len(words) == 2 and bool(re.fullmatch(_FULL_YEAR, words[1])) and words[0].lower() in syntax.venues
    return not (re.fullmatch(r"[a-z]+", words[0]) and is_english_word(words[0])) and not venue


def _strip_trailing_year(text: str, current_year: int):
    """``Title - 2015``, ``Title, 2015``, ``Title 2015``, ``Title — NeurIPS 2021``, ``Title NeurIPS'21``."""
    syntax = note_syntax()
    separators = re.escape(syntax.heading_separators)
    match = (re.search(rf"(?:^|\s*[{separators}]\s*)(\d{{4}})\s*$", text)
             or re.search(rf"\s({_FULL_YEAR})\s*$", text))
    if match and re.fullmatch(rf"[^\W\d_][\w.]*-\d+", text[:match.end()].split()[-1]) \
            and not re.fullmatch(_FULL_YEAR, match.group(1)):
        match = None  # a number hyphened to a word is part of the name (`Kestrel-1501`), not a year
    if match:
        year = int(match.group(1))
        head = text[:match.start()]
        venue = re.search(r"(?:^|\s)([A-Za-z][\w.]*)\s*[,\-–—|:]?\s*$", head)
        if (venue and venue.group(1).lower() in syntax.venues
                and head[:venue.start()].strip(syntax.heading_separators + " ")):
            return head[:venue.start()], year, venue.group(1)
        return head, year, None
    match = re.search(rf"(?:^|\s*[{separators}]?\s+)([A-Za-z][\w.]*)\s?['’](\d{{2}})\s*$", text)
    if match and text[:match.start()].strip():
        return text[:match.start()], _year_value(None, match.group(2), current_year), match.group(1)
    return None


def _split_subtitle(title: str) -> tuple[str, str | None]:
    """``BERT: Pre-training of Deep ...`` -> ('BERT', 'Pre-training of Deep ...'): a short name before
    a colon or spaced dash, a longer title after it."""
    match = re.match(r"^(?P<name>[^:]+?)\s*(?P<mark>:|\s[-–—]\s)\s*(?P<rest>.+)$", title)
    # a name of up to three words before a colon; before a spaced dash, one of up to five words
    # ("Knowing When to Look — adaptive attention via ...") when the title after it is longer
    if match:
        name_words, rest_words = len(match.group("name").split()), len(match.group("rest").split())
        dashed = match.group("mark") != ":"
        if rest_words >= 3 and (name_words <= 3 or (dashed and name_words <= 5 and rest_words > name_words)):
            return match.group("name").strip(), match.group("rest").strip()
    # a name and a quoted title: `PECNet "It is not the journey ..."`
    quoted = re.match(r'^(?P<name>[^"“”]+?)\s+["“](?P<rest>[^"“”]+)["”]$', title)
    if quoted and len(quoted.group("name").split()) <= 3 and len(quoted.group("rest").split()) >= 3:
        return quoted.group("name").strip(), quoted.group("rest").strip()
    return title, None


def read_heading(text: str, current_year: int = 2100) -> HeadingParts:
    """Read a heading's text into its parts.

    Examples
    --------
    >>> read_heading("Week 1 — DDPM (Ho et al., 2020)")  # doctest: +NORMALIZE_WHITESPACE
    HeadingParts(title='DDPM', year=2020, discussion=1, authors=('Ho',), aliases=(), venue=None, prefixed=True,
                 authors_listed=False)
    >>> h = read_heading("wav2vec 2.0 (w2v2) - 2020"); (h.title, h.year, h.aliases)
    ('wav2vec 2.0', 2020, ('w2v2',))
    >>> h = read_heading("HuBERT (Hsu et al. 2021)"); (h.title, h.year, h.authors)
    ('HuBERT', 2021, ('Hsu',))
    >>> h = read_heading("Classifier-Free Diffusion Guidance (NeurIPS'21)"); (h.title, h.year, h.venue)
    ('Classifier-Free Diffusion Guidance', 2021, 'NeurIPS')
    >>> h = read_heading("paper: SimCLR [2020]"); (h.title, h.year, h.prefixed)
    ('SimCLR', 2020, True)
    """
    syntax = note_syntax()
    text = " ".join(render_links(text).replace("**", "").replace("__", "").split())
    discussion, prefixed = None, False
    match = _prefix_pattern().match(text)
    if match:
        prefixed = True
        number = match.group("meeting") or match.group("numbered")
        discussion = int(number) if number else None
        text = text[match.end():]
    dated = _leading_date_pattern().match(text)
    if dated:
        prefixed = True  # a dated heading is one meeting, as `Week 3 —` is
        text = text[dated.end():]
    year, authors, venue, aliases = None, (), None, []
    authors_listed = False
    for _ in range(4):  # trailing groups, read from the end
        bracket = _BRACKET_AT_END.search(text)
        if bracket and text[:bracket.start()].strip():
            found_year, found_authors, found_venue, alias = _read_bracket(bracket.group(1), current_year)
            if found_year is not None and year is None:
                year = found_year
            if found_authors and not authors:
                authors_listed = found_year is None and not _ET_AL.search(bracket.group(1))
            authors = authors or found_authors
            venue = venue or found_venue
            if alias:
                aliases[0:0] = [alias, *slashed_names(alias)]  # "(TARNet / CFR)": both too
            text = text[:bracket.start()]
            continue
        if year is None:
            trailing = _strip_trailing_year(text, current_year)
            if trailing:
                text, year, found_venue = trailing
                venue = venue or found_venue
                continue
        named = _TRAILING_AUTHORS.search(text)  # `DDIM, Song et al. 2020` once the year is gone
        if named and not authors and text[:named.start()].strip():
            authors = _names(named.group("names"))
            text = text[:named.start()]
            continue
        break
    title = text.strip(" \t" + syntax.heading_separators + ".")
    name, long_title = _split_subtitle(title)
    if long_title:
        title = name
        aliases.append(long_title)
    return HeadingParts(title=title, year=year, discussion=discussion, authors=tuple(authors),
                        aliases=tuple(dict.fromkeys(a for a in aliases if a.lower() != title.lower())),
                        venue=venue, prefixed=prefixed, authors_listed=authors_listed and bool(authors))


def title_from_file_name(stem: str) -> str | None:
    """The paper a file is named after, or None for a generic or one-word lower-case name.

    ``_`` reads as a space, and so does ``-`` in a name with no spaces (``MoCo-v2`` -> ``MoCo v2``;
    ``Mask R-CNN.md`` keeps its hyphen); the page id Notion's export appends is dropped. A single lower-case word with no digit (``notes``, ``todo``), a generic name from
    ``note_syntax.yaml`` or a date is not a paper's name.

    >>> title_from_file_name("Neural-Radiance-Fields"), title_from_file_name("MoCo-v2")
    ('Neural Radiance Fields', 'MoCo v2')
    >>> title_from_file_name("todo"), title_from_file_name("2024_01_05"), title_from_file_name("data2vec")
    (None, None, 'data2vec')
    """
    syntax = note_syntax()
    stem = _NOTION_PAGE_ID.sub("", stem)
    if stem.lower() in syntax.generic_file_names or not stem.strip():
        return None
    name = stem.replace("_", " ")
    if " " not in name:
        name = name.replace("-", " ")
    name = " ".join(name.split())
    if re.fullmatch(r"[a-z]+", name) or not re.search(r"[A-Za-z]{2}", name):
        return None  # `notes`, `todo`; a date such as `2024_01_05` (a journal page) names no paper
    return name or None
