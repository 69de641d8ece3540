"""Find the papers and concepts a piece of note text names, tolerant of the notes' typos.

Text and names are compared as *compact keys* (lowercase letters and digits), so ``Mask RCNN``
matches ``Mask R-CNN``. Word n-grams of the text are looked up exactly first; n-grams long enough
to carry a typo (``vansihing gradient``, ``Adagard``) are then matched with rapidfuzz's ratio
against the names of the same first letter. Overlapping matches keep the longest.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from kg.model import NAME_WORD, compact_key
from kg.typos import name_rules

__all__ = ["Mention", "EntityMatcher", "is_acronym", "SHORT_WORD_CHARS"]

_WORD = NAME_WORD
#: "NeRF's encoding", "the GANs' loss": a possessive ending is not part of the name it follows
_POSSESSIVE = re.compile(r"(?<=[A-Za-z0-9])['’]s?$")
MAX_NGRAM = 6
FUZZY_MIN_CHARS = 7
FUZZY_CUTOFF = 85.0
#: long names tolerate more edits (``concentanate`` for ``concatenate`` scores 78)
FUZZY_CUTOFF_LONG = 76.0
FUZZY_LONG_CHARS = 10

_TWO_CAPITALS = re.compile(r"[A-Z][^A-Z]*[A-Z]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")
#: words this short (``on``, ``off``, ``pre``) carry meaning in every letter: never matched with a typo
SHORT_WORD_CHARS = 3


def _is_typo_of(written: str, name: str) -> bool:
    """True when ``written`` is ``name`` with a few slips of the keyboard, not another word form.

    Allowed edits grow with length (kg/name_rules.yaml's ``edits_by_length``, the table that resolving a
    typed name uses too: 1 up to 5 letters, 2 up to 9, then 3); a plural is fine, but
    a different ending on the same stem (``transforming`` / ``transformer``) is another word.

    >>> _is_typo_of("concentanate", "concatenate"), _is_typo_of("transforming", "transformer")
    (True, False)
    >>> _is_typo_of("on", "off"), _is_typo_of("unsupervised", "supervised")
    (False, False)
    """
    if written == name or written in (name + "s", name + "es") or name in (written + "s", written + "es"):
        return True
    if min(len(written), len(name)) <= SHORT_WORD_CHARS:
        return False  # "on" is not "off", "pre" is not "post"
    if written.endswith(name) or name.endswith(written):
        return False  # a prefix changes the word: "unsupervised" is not "supervised"
    longest = max(len(written), len(name))
    allowed = name_rules().allowed_edits(longest)
    distance = OSA.distance(written, name)
    if distance > allowed:
        return False
    common = len(os.path.commonprefix([written, name]))
    return distance == 1 or common < longest - 3


def is_acronym(word: str) -> bool:
    """A word written as an acronym or code name (``LSTM``, ``t5x``, ``XLNet``): matched exactly, never fuzzily.

    The examples are names of no notes file in this repository, so the rule is shown on words it was
    not written from:

    >>> is_acronym("XLNet"), is_acronym("c4w2"), is_acronym("SimSiam"), is_acronym("Nadam")
    (True, True, True, False)
    """
    if _TWO_CAPITALS.search(word):
        return True
    return len(word) <= 6 and _DIGIT.search(word) is not None and _LETTER.search(word) is not None


@dataclass(frozen=True)
class Mention:
    """A name found in text: the entity id, the words as written, and the match score (100 = exact)."""

    entity: str
    surface: str
    start: int
    end: int
    score: float


class EntityMatcher:
    """Match text against ``{entity id: [names]}``; build once, call :meth:`find` per text."""

    def __init__(self, names_by_entity: dict[str, list[str] | tuple[str, ...]], min_key_chars: int = 2):
        self.by_key: dict[str, str] = {}
        self._words: dict[str, list[str]] = {}
        for entity, names in names_by_entity.items():
            for name in names:
                key = compact_key(name)
                if len(key) >= min_key_chars:
                    self.by_key.setdefault(key, entity)
                    self._words.setdefault(key, [compact_key(w) for w in _WORD.findall(name)])
        self._fuzzy_keys = [k for k in self.by_key if len(k) >= FUZZY_MIN_CHARS and not k.isdigit()]
        self._fuzzy_by_letter: dict[str, list[str]] = {}
        for key in self._fuzzy_keys:
            self._fuzzy_by_letter.setdefault(key[0], []).append(key)

    @staticmethod
    def _candidates(text: str):
        """(word keys, n-grams): each n-gram is (compact key, first word, last word + 1, start, end)."""
        words = []
        for m in _WORD.finditer(text):
            possessive = _POSSESSIVE.search(m.group(0))
            end = m.start() + possessive.start() if possessive else m.end()
            words.append((compact_key(text[m.start():end]), m.start(), end))
        grams = []
        for i in range(len(words)):
            key = ""
            for n in range(1, MAX_NGRAM + 1):
                if i + n > len(words):
                    break
                if n > 1 and "\n" in text[words[i + n - 2][2]:words[i + n - 1][1]]:
                    break  # a name does not run across lines
                key += words[i + n - 1][0]
                grams.append((key, i, i + n, words[i][1], words[i + n - 1][2]))
        return [w[0] for w in words], grams

    def _words_agree(self, text_words: list[str], name_key: str) -> bool:
        """A fuzzy match must pair word for word: each word is a typo of the name's word."""
        name_words = self._words.get(name_key, [name_key])
        if len(name_words) != len(text_words):
            return False
        return all(_is_typo_of(a, b) for a, b in zip(text_words, name_words))

    def find(self, text: str, fuzzy: bool = True) -> list[Mention]:
        """All non-overlapping mentions in ``text``, in text order."""
        word_keys, grams = self._candidates(text)
        grams_text = [m.group(0) for m in _WORD.finditer(text)] if fuzzy and grams and self._fuzzy_keys else []
        found = []
        for key, first, last, start, end in grams:
            entity = self.by_key.get(key)
            if entity is not None:
                found.append((last - first, 100.0, entity, first, last, start, end))
        if fuzzy and grams and self._fuzzy_keys:
            by_letter: dict[str, list] = {}
            acronym: dict[int, bool] = {}  # word index -> written as an acronym, looked at only when needed
            for gram in grams:
                if len(gram[0]) < FUZZY_MIN_CHARS or gram[0] in self.by_key:
                    continue
                spans = [(i, grams_text[i]) for i in range(gram[1], gram[2])]
                if any(acronym.setdefault(i, is_acronym(word)) for i, word in spans):
                    continue  # "DDPG" is a name as written or nothing: no typo of another name
                by_letter.setdefault(gram[0][0], []).append(gram)
            for letter, long_grams in by_letter.items():  # typos keep the first letter: compare within it
                names = self._fuzzy_by_letter.get(letter)
                if not names:
                    continue
                scores = process.cdist([g[0] for g in long_grams], names, scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_CUTOFF_LONG, dtype=np.uint8, workers=1)
                rows, cols = np.nonzero(scores)
                for row, col in zip(rows.tolist(), cols.tolist()):
                    key, first, last, start, end = long_grams[row]
                    name = names[col]
                    cutoff = FUZZY_CUTOFF_LONG if min(len(key), len(name)) >= FUZZY_LONG_CHARS else FUZZY_CUTOFF
                    if scores[row, col] < cutoff:
                        continue
                    if abs(len(key) - len(name)) > 2 or key[-1:].isdigit() != name[-1:].isdigit():
                        continue  # typos keep about the length
                    if not self._words_agree(word_keys[first:last], name):
                        continue
                    found.append((last - first, float(scores[row, col]), self.by_key[name], first, last, start, end))
        found.sort(key=lambda m: (m[1] < 100, -m[0], -m[1], m[3]))  # exact first, then longest
        taken: set[int] = set()
        mentions = []
        for _, score, entity, first, last, start, end in found:
            span = set(range(first, last))
            if span & taken:
                continue
            taken |= span
            mentions.append(Mention(entity, text[start:end], start, end, score))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def match_name(self, name: str, cutoff: float = 90.0) -> str | None:
        """The entity a whole name means (exact compact key, else a close fuzzy match)."""
        key = compact_key(name)
        if not key:
            return None
        if key in self.by_key:
            return self.by_key[key]
        written = _WORD.findall(name)
        if len(key) >= FUZZY_MIN_CHARS and self._fuzzy_keys and not any(is_acronym(w) for w in written):
            words = [compact_key(w) for w in written]
            for candidate, _, _ in process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                   limit=5):
                if self._words_agree(words, candidate):  # word for word: "on-policy" is not "off-policy"
                    return self.by_key[candidate]
        return None
