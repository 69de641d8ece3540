"""Names of papers the graph does not know, found in running notes by their shape.

Groups name the work a paper improves on without discussing it: "Heron without the memory", "why
no ReLU after depthwise - follow Wren", "Vakrin 2014 what they do", "Okafor & Lund - only for
mixtures". Neither the catalog nor the notes' headings know those names. This module finds the
words shaped like a paper's name that no known name covers —

- a **code name**: two capitals or a short word with a digit (``HeronNet``, ``SwQ``, ``K2``);
- a capitalised word that is no English word, not at the start of a line or sentence (``Xanthe``);
- a **citation**: a surname with a year, ``et al.`` or a second surname (``Vakrin 2014``,
  ``Okafor et al.``, ``Okafor & Lund``) —

and the build weighs each as a candidate ancestor like any other (:mod:`ingest.lineage_inference`):
the sentence's cue, the share of the paper's notes naming it, a question line about it, a name the
paper's own extends, how many of the discussed papers name it, a year or author written with it.
Which of these make an ancestor is the fitted scorer's call, not a rule here; a name that no
edge is drawn from is dropped from the graph again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lexicon import is_english_word
from kg.names import is_acronym

__all__ = ["OutsideName", "outside_names"]

#: a word of a name: letters and digits, joined by "-" or "+" ("CIFAR-10", "Heron++", "Mip-Wren360")
_WORD = re.compile(r"(?<![\w\-+])[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]*)*\+*(?![\w])")
#: a surname citation right after a capitalised word: "Vakrin 2014", "Okafor et al.", "Okafor & Lund (2019)"
_CITATION_TAIL = re.compile(r"^(?:\s+et\s+al\.?(?:,?\s*\(?(?:19|20)\d\d\)?)?|\s*,?\s*\(?(?:19|20)\d\d\)?"
                            r"|\s*&\s*[A-Z][a-z]+(?![\w\-])(?:\s*,?\s*\(?(?:19|20)\d\d\)?)?)")
_YEAR = re.compile(r"(?:19|20)\d\d")
#: what may stand before a word that opens a sentence or a line (its capital says nothing)
_OPENS = ".!?:;\n-*•>#(\"'“‘0123456789"


@dataclass(frozen=True)
class OutsideName:
    """A word (or citation) of a note shaped like a paper's name that no known name covers."""

    name: str
    start: int
    end: int
    shape: str  # "code", "capitalised" or "citation"
    year: int | None = None  # the year written with it ("Vakrin 2014")


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in _OPENS


def outside_names(text: str, known_spans: list[tuple[int, int]]) -> list[OutsideName]:
    """The name-shaped words of ``text`` outside ``known_spans`` (the names the build matched), in order.

    >>> [(n.name, n.shape) for n in outside_names("SwQ without the memory, unlike Xanthe and LarkNeX", [])]
    [('SwQ', 'code'), ('Xanthe', 'capitalised'), ('LarkNeX', 'code')]
    >>> [(n.name, n.year) for n in outside_names("Vakrin 2014 what they do; Okafor & Lund - mixtures", [])]
    [('Vakrin 2014', 2014), ('Okafor & Lund', None)]
    >>> [n.name for n in outside_names("Heron vs Wren (Okafor et al. 2019), Tidal beats it", [(0, 5), (9, 13)])]
    []
    """
    found: list[OutsideName] = []
    for match in _WORD.finditer(text):
        start, end, word = match.start(), match.end(), match.group(0)
        if any(s < end and start < e for s, e in known_spans) or (found and start < found[-1].end):
            continue
        opening = text[:start].rstrip(" \t")
        if opening.endswith("(") and any(e == len(opening[:-1].rstrip()) for _, e in known_spans):
            continue  # "Wren (Okafor et al. 2019)": the citation of the name before it, not another paper
        capitalised = word[0].isupper()
        tail = _CITATION_TAIL.match(text[end:]) if capitalised and word[1:].islower() else None
        if tail and len(word) >= 3 and not is_english_word(word):
            cited = text[start:end + tail.end()].rstrip(" ,")
            year = _YEAR.search(tail.group(0))
            found.append(OutsideName(cited.rstrip("()").strip(), start, start + len(cited), "citation",
                                     int(year.group(0)) if year else None))
        elif len(word) >= 2 and is_acronym(word):
            found.append(OutsideName(word, start, end, "code"))
        elif capitalised and len(word) >= 4 and word[1:].islower() and not _opens_sentence(text, start) \
                and not is_english_word(word):
            found.append(OutsideName(word, start, end, "capitalised"))
    return found
