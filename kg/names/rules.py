"""The thresholds of the slip policy, read once from ``kg/name_rules.yaml``."""

from __future__ import annotations

import re

from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["NameRules", "name_rules"]

RULES_FILE = Path(__file__).resolve().parent.parent / "name_rules.yaml"


class NameRules:
    """The reviewed thresholds of ``name_rules.yaml``, with the keyboard's neighbours worked out."""

    def __init__(self, data: dict):
        self.min_chars = int(data["min_chars"])
        self.text_min_chars = int(data["text_min_chars"])
        self.cue_word_min_chars = int(data["cue_word_min_chars"])
        self.text_max_words = int(data["text_max_words"])
        self.acronym_max_chars = int(data["acronym_max_chars"])
        self.edits_by_length = [(limit, int(edits)) for limit, edits in data["edits_by_length"]]
        self.spelling_min_chars = int(data["spelling_min_chars"])
        self.ending_chars = int(data["ending_chars"])
        self.vowels = frozenset(data["vowels"])
        self.neighbours = _keyboard_neighbours(data["keyboard_rows"])
        self.english_words_are_not_slips = bool(data["english_words_are_not_slips"])
        self.suggestion_min_score = float(data["suggestion_min_score"])
        self.initialism_joiners = frozenset(data["initialism_joiners"])
        self.initialism_min_words = int(data["initialism_min_words"])
        self.initialism_max_words = int(data["initialism_max_words"])
        self.expansion_min_words = int(data["expansion_min_words"])
        self.abbreviation_field_min_papers = int(data["abbreviation_field_min_papers"])
        self.given_name_min_chars = int(data["given_name_min_chars"])
        self.surname_min_chars = int(data["surname_min_chars"])
        self.capitals_only_max_letters = int(data.get("capitals_only_max_letters", 0))
        self.heading_year_slack = int(data.get("heading_year_slack", 2))
        self.heading_max_slips = int(data.get("heading_max_slips", 1))
        self.cited_by_author = re.compile(data["cited_by_author"])
        self.term_stem_min_chars = int(data["term_stem_min_chars"])
        self.named_for_extra_words = int(data.get("named_for_extra_words", 1))

    def allowed_edits(self, length: int) -> int:
        """The slips a word of ``length`` characters may carry (``edits_by_length``)."""
        for limit, edits in self.edits_by_length:
            if limit is None or length <= limit:
                return edits
        return 0

    def near(self, a: str, b: str) -> bool:
        """Keys side by side on the keyboard, or two vowels."""
        return b in self.neighbours.get(a, ()) or (a in self.vowels and b in self.vowels)

    def candidate_min_ratio(self, min_chars: int) -> float:
        """The lowest rapidfuzz ``ratio`` a slip the policy accepts can score between names of at least
        ``min_chars`` characters: the pre-filter that keeps the candidates, derived, not chosen.

        ``ratio`` is ``100 * (1 - indel / (len_a + len_b))`` and one slip costs at most two indels (a
        swap, a letter for another), so ``e`` slips in names of ``n`` and ``n - e`` characters or more
        score at least ``100 * (1 - 2e / (2n - e))``; the lowest over every length is the bound.
        """
        lowest = 100.0
        for length in range(min_chars, 64):
            edits = self.allowed_edits(length)
            lowest = min(lowest, 100.0 * (1 - 2 * edits / (2 * length - edits)))
        return max(0.0, lowest - 0.5)


def _keyboard_neighbours(rows: list[str]) -> dict[str, frozenset]:
    """Each key's neighbours: left and right, and the two keys touching it in the rows above and below."""
    neighbours: dict[str, set] = {}
    for r, row in enumerate(rows):
        for i, key in enumerate(row):
            near = neighbours.setdefault(key, set())
            near.update(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
            if r > 0:  # the row above is shifted left: keys i and i+1 touch this one
                near.update(rows[r - 1][j] for j in (i, i + 1) if j < len(rows[r - 1]))
            if r + 1 < len(rows):
                near.update(rows[r + 1][j] for j in (i - 1, i) if 0 <= j < len(rows[r + 1]))
    return {key: frozenset(keys) for key, keys in neighbours.items()}


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    """The rules shipped with the package (read once)."""
    return NameRules(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
