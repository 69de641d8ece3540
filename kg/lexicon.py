"""The lexicon: the word lists the code reads (``kg/lexicon.yaml``) and what counts as an English word."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["word_list", "word_set", "words_pattern", "english_words", "is_english_word", "LEXICON_FILE"]

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")


class _UniqueKeyLoader(yaml.SafeLoader):
    r"""YAML's safe loader, refusing a key written twice (plain YAML keeps the last one without a word).

    >>> yaml.load("lists:\n  stop: [a]\n  stop: [b]\n", Loader=_UniqueKeyLoader)
    Traceback (most recent call last):
    ValueError: lexicon.yaml: line 3: 'stop' is written twice
    """

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ValueError(f"{LEXICON_FILE.name}: line {key_node.start_mark.line + 1}: {key!r} is written twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = yaml.load(LEXICON_FILE.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    for name, words in data["lists"].items():
        wrong = [w for w in words if not isinstance(w, str)]
        if wrong:
            raise ValueError(f"{LEXICON_FILE.name}: list {name} holds {wrong}, not words (YAML reads a bare "
                             f"on/off/yes/no as a boolean: quote it)")
    return data


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """The words of one list of the lexicon, in the order written.

    >>> "ing" in word_list("english_endings")
    True
    """
    try:
        return tuple(_lexicon()["lists"][name])
    except KeyError:
        raise KeyError(f"{LEXICON_FILE.name} has no word list {name!r}") from None


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """The words of one list of the lexicon as a set, for membership tests.

    >>> "for" in word_set("symbol_prepositions")
    True
    """
    return frozenset(word_list(name))


def words_pattern(name: str, space: str = r"\s+") -> str:
    r"""One list of the lexicon as a regular-expression group matching any of its words or phrases.

    Each is matched as written (``tl;dr`` stays literal), a space inside a phrase as ``space``; the
    longest are tried first, so ``means`` is not cut short at ``mean``. The caller adds what must
    stand around it (``\b``, ``\s+``) and the flags (case).

    >>> words_pattern("definition_verbs")
    '(?:stands\\s+for|stand\\s+for|refers\\s+to|refer\\s+to|means|mean)'
    """
    phrases = sorted(word_list(name), key=len, reverse=True)
    return "(?:" + "|".join(space.join(re.escape(word) for word in phrase.split(" ")) for phrase in phrases) + ")"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lowercase English words (letters only) from the word-list package the lexicon names."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set([_lexicon()["english_source"]], alpha=True, lower=True))


def is_english_word(word: str) -> bool:
    """A dictionary word, or one with a regular ending (``transformed``, ``tensors``); a stem's final "e" goes
    only before an ending that starts with a vowel (``decoder``, ``making``), so ``prerequisits`` is no word.

    >>> is_english_word("beat"), is_english_word("transformed"), is_english_word("resnt")
    (True, True, False)
    >>> is_english_word("decoder"), is_english_word("prerequisits")
    (True, False)
    """
    word = word.lower()
    words = english_words()
    if word in words:
        return True
    for ending in word_list("english_endings"):
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and (
                stem in words or (ending[0] in "aeiou" and stem + "e" in words)):
            return True
    return False
