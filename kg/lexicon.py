"""The lexicon: the word lists the code reads (``kg/lexicon.yaml``) and what counts as an English word."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["word_list", "english_words", "is_english_word", "LEXICON_FILE"]

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
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


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lowercase English words (letters only) from the word-list package the lexicon names."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set([_lexicon()["english_source"]], alpha=True, lower=True))


def is_english_word(word: str) -> bool:
    """A dictionary word, or one with a regular ending (``transformed``, ``tensors``).

    >>> is_english_word("beat"), is_english_word("transformed"), is_english_word("resnt")
    (True, True, False)
    """
    word = word.lower()
    words = english_words()
    if word in words:
        return True
    for ending in word_list("english_endings"):
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and (stem in words or stem + "e" in words):
            return True
    return False
