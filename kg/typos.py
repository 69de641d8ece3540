"""Whether a written name is a slip of the keyboard of another name, by the rules in ``name_rules.yaml``.

A slip drops a letter, doubles one, swaps two neighbours, or types a key beside the right one (or one
vowel for another). Another first letter, other digits, a letter far from its neighbours or a different
ending make another name, not a typo of this one.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import yaml

from kg.model import NAME_WORD, compact_key

__all__ = ["NameRules", "name_rules", "typo_edits", "name_typo_edits", "name_words", "is_typed_acronym"]

_RULES_FILE = Path(__file__).with_name("name_rules.yaml")
_IMPOSSIBLE = 1_000


class NameRules:
    """The reviewed thresholds of ``name_rules.yaml``, with the keyboard's neighbours worked out."""

    def __init__(self, data: dict):
        self.min_chars = int(data["min_chars"])
        self.acronym_max_chars = int(data["acronym_max_chars"])
        self.edits_by_length = [(limit, int(edits)) for limit, edits in data["edits_by_length"]]
        self.vowels = frozenset(data["vowels"])
        self.neighbours = _keyboard_neighbours(data["keyboard_rows"])

    def allowed_edits(self, length: int) -> int:
        for limit, edits in self.edits_by_length:
            if limit is None or length <= limit:
                return edits
        return 0

    def near(self, a: str, b: str) -> bool:
        """Keys side by side on the keyboard, or two vowels."""
        return b in self.neighbours.get(a, ()) or (a in self.vowels and b in self.vowels)


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
    return NameRules(yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8")))


def is_typed_acronym(written: str, rules: NameRules | None = None) -> bool:
    """A typed name that is one short all-capitals word: typed deliberately, so matched exactly only.
    (Stricter than ``kg.linking.is_acronym``, which also counts code names such as ``XLNet`` in notes.)

    >>> is_typed_acronym("QRXN"), is_typed_acronym("LarkNet"), is_typed_acronym("Double QRX")
    (True, False, False)
    """
    rules = rules or name_rules()
    word = written.strip()
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 2 and word.upper() == word and re.fullmatch(r"[A-Z0-9-]+", word) is not None
            and len(word) <= rules.acronym_max_chars)


def name_words(name: str) -> tuple[str, ...]:
    """A name's words as compact keys (``Mask R-CNN`` -> ``('mask', 'r', 'cnn')``), split as the matcher splits them.

    >>> name_words("PointNet++"), name_words("β-VAE")
    (('pointnetplusplus',), ('beta', 'vae'))
    """
    return tuple(key for key in (compact_key(w) for w in NAME_WORD.findall(name)) if key)


def name_typo_edits(written: tuple[str, ...], name: tuple[str, ...], rules: NameRules | None = None) -> int | None:
    """The slips between two names given as words (:func:`name_words`), or None when they are two names.

    Word for word when both have as many words (each word a typo of its partner: ``Fast R-CNN`` is not
    ``Faster R-CNN``); with other word breaks, one slip over the whole name at most.

    >>> name_typo_edits(("swim", "transformer"), ("swin", "transformer"))
    1
    >>> name_typo_edits(("fast", "r", "cnn"), ("faster", "rcnn")) is None
    True
    """
    rules = rules or name_rules()
    whole, other = "".join(written), "".join(name)
    if whole in (other + "s", other + "es") or other in (whole + "s", whole + "es"):
        return 1  # the plural of a name (GANs) is the same name, however short
    if min(len(whole), len(other)) < rules.min_chars:
        return 0 if whole == other else None
    if len(written) != len(name):
        edits = typo_edits(whole, other, rules)
        return edits if edits is not None and edits <= 1 else None
    total = 0
    for a, b in zip(written, name):
        edits = typo_edits(a, b, rules, min_chars=1)
        if edits is None:
            return None
        total += edits
    return total if total <= rules.allowed_edits(max(len(whole), len(other))) else None


def typo_edits(written: str, name: str, rules: NameRules | None = None, min_chars: int | None = None) -> int | None:
    """The slips that turn ``name`` into ``written`` (compact keys: lowercase letters and digits), or
    None when ``written`` is another name. Names shorter than ``min_chars`` (default: the rules') match
    only exactly.

    >>> typo_edits("swimtransformer", "swintransformer"), typo_edits("resnext", "resnet")
    (1, None)
    """
    rules = rules or name_rules()
    if written == name:
        return 0
    if written in (name + "s", name + "es") or name in (written + "s", written + "es"):
        return 1  # a plural is the same name
    longest = max(len(written), len(name))
    min_chars = rules.min_chars if min_chars is None else min_chars
    if min(len(written), len(name)) < min_chars or not written or not name or written[0] != name[0]:
        return None
    if re.findall(r"\d+", written) != re.findall(r"\d+", name):
        return None  # another version (YOLOv3, MobileNetV2) is another model
    allowed = rules.allowed_edits(longest)
    if abs(len(written) - len(name)) > allowed:
        return None
    edits = _slips(written, name, rules)
    if edits > allowed:
        return None
    if edits > 1 and len(os.path.commonprefix([written, name])) >= longest - 3:
        return None  # the same stem with another ending (fast / faster) is another word
    return edits


def _slips(written: str, name: str, rules: NameRules) -> int:
    """Optimal string alignment distance where only keyboard slips cost 1 and anything else is impossible."""
    rows, cols = len(written) + 1, len(name) + 1
    D = [[_IMPOSSIBLE] * cols for _ in range(rows)]
    D[0][0] = 0
    for j in range(1, cols):
        D[0][j] = j  # letters dropped at the start (the first letter is checked by the caller)

    def extra_cost(i: int) -> int:
        """An extra letter ``written[i]``: a slip when it doubles or sits beside a neighbouring letter."""
        c = written[i]
        around = [written[k] for k in (i - 1, i + 1) if 0 <= k < len(written)]
        return 1 if any(c == a or c in rules.neighbours.get(a, ()) for a in around) else _IMPOSSIBLE

    for i in range(1, rows):
        D[i][0] = min(_IMPOSSIBLE, D[i - 1][0] + extra_cost(i - 1))
        for j in range(1, cols):
            a, b = written[i - 1], name[j - 1]
            best = min(D[i - 1][j] + extra_cost(i - 1),           # a letter typed too many
                       D[i][j - 1] + 1,                             # a letter dropped
                       D[i - 1][j - 1] + (0 if a == b else 1 if rules.near(a, b) else _IMPOSSIBLE))
            if i > 1 and j > 1 and a == name[j - 2] and written[i - 2] == b:
                best = min(best, D[i - 2][j - 2] + 1)               # two letters swapped
            D[i][j] = min(best, _IMPOSSIBLE)
    return D[-1][-1]
