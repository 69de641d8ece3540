"""The one slip-of-the-keyboard policy: whether a written name is a known name with slips, or another name.

A slip drops a letter, doubles one, swaps two neighbours, or types a key beside the right one (or one
vowel for another); a long word may also carry a misspelling away from its ending. Another first letter,
other digits, a letter far from its neighbours, a different ending, a word written as an acronym or code
name, or an English word of its own make another name, not a slip of this one. Every threshold is in
``kg/name_rules.yaml``.
"""

from __future__ import annotations

import os
import re

from kg.model import NAME_WORD, compact_key
from kg.names.rules import NameRules, name_rules

__all__ = ["slip_edits", "name_slip_edits", "name_words", "is_acronym", "is_typed_acronym", "is_plural_of",
           "initialisms", "expansions", "abbreviates_title", "capitals_of"]

_IMPOSSIBLE = 1_000
_TWO_CAPITALS = re.compile(r"[A-Z][^A-Z]*[A-Z]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")


def is_acronym(word: str, rules: NameRules | None = None) -> bool:
    """A word written as an acronym or code name (``LSTM``, ``t5x``, ``XLNet``): matched exactly, never
    with a slip.

    The examples are names of no notes file in this repository, so the rule is shown on words it was
    not written from:

    >>> is_acronym("XLNet"), is_acronym("c4w2"), is_acronym("SimSiam"), is_acronym("Nadam")
    (True, True, True, False)
    """
    if _TWO_CAPITALS.search(word):
        return True
    rules = rules or name_rules()
    return len(word) <= rules.acronym_max_chars and _DIGIT.search(word) is not None and \
        _LETTER.search(word) is not None


def is_typed_acronym(written: str, rules: NameRules | None = None) -> bool:
    """A typed name (a query, a command's argument) that is one short all-capitals word: typed
    deliberately, so matched exactly only. Stricter than :func:`is_acronym`, which reads how a name is
    *written in notes*: someone typing ``Resnte`` or ``AlexNe`` means ResNet or AlexNet.

    >>> is_typed_acronym("QRXN"), is_typed_acronym("LarkNet"), is_typed_acronym("Double QRX")
    (True, False, False)
    """
    rules = rules or name_rules()
    word = written.strip()
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 2 and word.upper() == word and re.fullmatch(r"[A-Z0-9-]+", word) is not None
            and len(word) <= rules.acronym_max_chars)


def name_words(name: str) -> tuple[str, ...]:
    """A name's words as compact keys (``Mask R-CNN`` -> ``('mask', 'r', 'cnn')``), split as every reader of
    names splits them (:data:`kg.model.NAME_WORD`).

    >>> name_words("PointNet++"), name_words("β-VAE")
    (('pointnetplusplus',), ('beta', 'vae'))
    """
    return tuple(key for key in (compact_key(w) for w in NAME_WORD.findall(name)) if key)


def is_plural_of(written: str, name: str) -> bool:
    """``written`` is ``name`` with a plural ending, or the other way round (compact keys).

    >>> is_plural_of("cgans", "cgan"), is_plural_of("boxes", "box"), is_plural_of("gan", "gin")
    (True, True, False)
    """
    return written in (name + "s", name + "es") or name in (written + "s", written + "es")


def slip_edits(written: str, name: str, rules: NameRules | None = None, min_chars: int | None = None,
               first_letter: bool = True) -> int | None:
    """The slips that turn ``name`` into ``written`` (compact keys: lowercase letters and digits), or
    None when ``written`` is another name. Names shorter than ``min_chars`` (default: the rules') match
    only exactly; a plural is the same name (one edit), however short. The first letter of a name is
    never a slip (``first_letter``); that of a later word of a name may be ("attention kechanism").

    >>> slip_edits("swimtransformer", "swintransformer"), slip_edits("resnext", "resnet")
    (1, None)
    >>> slip_edits("perembulanate", "perambulate"), slip_edits("heronnem", "heronnet")
    (3, None)
    """
    rules = rules or name_rules()
    if written == name:
        return 0
    if is_plural_of(written, name):
        return 1
    longest = max(len(written), len(name))
    min_chars = rules.min_chars if min_chars is None else min_chars
    if min(len(written), len(name)) < min_chars or not written or not name:
        return None
    if first_letter and written[0] != name[0]:
        return None  # another first letter is another name (Xception, DCGAN)
    if re.findall(r"\d+", written) != re.findall(r"\d+", name):
        return None  # another version (YOLOv3, MobileNetV2) is another model
    allowed = rules.allowed_edits(longest)
    if abs(len(written) - len(name)) > allowed:
        return None
    edits = _slips(written, name, rules)
    if edits > allowed:
        return None
    if edits > 1 and len(os.path.commonprefix([written, name])) >= longest - rules.ending_chars:
        return None  # the same stem with another ending (fast / faster) is another word
    return edits


def name_slip_edits(written: tuple[str, ...], name: tuple[str, ...], rules: NameRules | None = None,
                    exact: tuple[bool, ...] = ()) -> int | None:
    """The slips between two names given as words (:func:`name_words`), or None when they are two names.

    Word for word when both have as many words (each word a slip of its partner: ``Fast R-CNN`` is not
    ``Faster R-CNN``); with other word breaks, one slip over the whole name at most. ``exact`` marks the
    written words that must appear as they are (acronyms and code names, :func:`is_acronym`).

    >>> name_slip_edits(("swim", "transformer"), ("swin", "transformer"))
    1
    >>> name_slip_edits(("fast", "r", "cnn"), ("faster", "rcnn")) is None
    True
    """
    rules = rules or name_rules()
    whole, other = "".join(written), "".join(name)
    if is_plural_of(whole, other):
        return 1  # the plural of a name (GANs) is the same name, however short
    if min(len(whole), len(other)) < rules.min_chars:
        return 0 if whole == other else None
    if len(written) != len(name):
        if any(exact):
            return 0 if whole == other else None
        edits = slip_edits(whole, other, rules)
        return edits if edits is not None and edits <= 1 else None
    total = 0
    for i, (a, b) in enumerate(zip(written, name)):
        if i < len(exact) and exact[i] and a != b:
            return None
        edits = slip_edits(a, b, rules, min_chars=1, first_letter=i == 0)
        if edits is None:
            return None
        total += edits
    return total if total <= rules.allowed_edits(max(len(whole), len(other))) else None


def _slips(written: str, name: str, rules: NameRules) -> int:
    """Optimal string alignment distance where keyboard slips cost 1, and a misspelling (any letter for
    another, a letter too many) costs 1 in the body of a long word and is impossible elsewhere."""
    rows, cols = len(written) + 1, len(name) + 1  # (a first letter that must not change is checked by the caller)
    spelling = max(len(written), len(name)) >= rules.spelling_min_chars
    body_written, body_name = len(written) - rules.ending_chars, len(name) - rules.ending_chars
    D = [[_IMPOSSIBLE] * cols for _ in range(rows)]
    D[0][0] = 0
    for j in range(1, cols):
        D[0][j] = j  # letters dropped at the start

    def extra_cost(i: int) -> int:
        """An extra letter ``written[i]``: a slip when it doubles or sits beside a neighbouring letter."""
        c = written[i]
        around = [written[k] for k in (i - 1, i + 1) if 0 <= k < len(written)]
        if any(c == a or c in rules.neighbours.get(a, ()) for a in around):
            return 1
        return 1 if spelling and 0 < i < body_written else _IMPOSSIBLE

    def swap_cost(i: int, j: int) -> int:
        """``written[i]`` typed for ``name[j]``."""
        a, b = written[i], name[j]
        if a == b:
            return 0
        if rules.near(a, b):
            return 1
        return 1 if spelling and 0 < i < body_written and 0 < j < body_name else _IMPOSSIBLE

    for i in range(1, rows):
        D[i][0] = min(_IMPOSSIBLE, D[i - 1][0] + extra_cost(i - 1))
        for j in range(1, cols):
            a, b = written[i - 1], name[j - 1]
            best = min(D[i - 1][j] + extra_cost(i - 1),           # a letter typed too many
                       D[i][j - 1] + 1,                             # a letter dropped
                       D[i - 1][j - 1] + swap_cost(i - 1, j - 1))   # a letter for another
            if i > 1 and j > 1 and a == name[j - 2] and written[i - 2] == b:
                best = min(best, D[i - 2][j - 2] + 1)               # two letters swapped
            D[i][j] = min(best, _IMPOSSIBLE)
    return D[-1][-1]


_NAME_PARTS = re.compile(r"[^\s\-/]+")


def initialisms(name: str, rules: NameRules | None = None) -> tuple[str, ...]:
    """The initials a long name is written by: the capitals of its head (the words before its first joiner,
    ``name_rules.yaml``: ``initialism_joiners``) and of all its words but the joiners, each hyphenated part
    a word; none when a word is a code, a version or a single letter.

    >>> initialisms("Neural Architecture Search with Reinforcement Learning"), initialisms("Skip-gram Negative Sampling")
    (('NAS', 'NASRL'), ('SGNS',))
    >>> initialisms("Quick Online and Lean Tracking"), initialisms("Layer Normalization"), initialisms("Wren")
    (('QO', 'QOLT'), ('LN',), ())
    >>> initialisms("The Wren of Heron"), initialisms("Heron v2 Net"), initialisms("Quick-NGP"), initialisms("U-Wren")
    (('WH',), (), (), ())

    A name of words and a code at its end is written with the words' initials before the code ("S-LSTM" for
    "Social LSTM", as "SA-GAN" for "Self-Attention GAN"):

    >>> initialisms("Tidal LSTM"), initialisms("Self-Attention Heron"), initialisms("Quick Tidal GRU")
    (('T-LSTM',), ('SAH',), ('QT-GRU',))
    """
    rules = rules or name_rules()
    spaced = name.split()
    if 2 <= len(spaced) <= rules.initialism_max_words + 1 and spaced[-1].isupper() and spaced[-1].isalpha() \
            and len(spaced[-1]) > 1 and is_acronym(spaced[-1], rules):
        parts = [part for word in spaced[:-1] for part in word.split("-")]
        if parts and all(len(part) > 1 and part.isalpha() and part[1:].islower() for part in parts):
            initials = "".join(part[0].upper() for part in parts)
            return (f"{initials}-{spaced[-1]}",)  # compared without the hyphen too ("SLSTM")
    words = _NAME_PARTS.findall(name)
    while words and words[0].lower() in rules.initialism_joiners:
        words = words[1:]
    head = []
    for word in words:
        if word.lower() in rules.initialism_joiners:
            break
        head.append(word)
    content = [word for word in words if word.lower() not in rules.initialism_joiners]
    found = []
    for part in (head, content):
        if not rules.initialism_min_words <= len(part) <= rules.initialism_max_words:
            continue
        if not all(len(word) > 1 and word.isalpha() and word[1:].islower() for word in content):
            return ()  # a version, a code (NGP, NeRF) or a letter in the name: not a phrase of words
        written = "".join(word[0].upper() for word in part)
        if written not in found:
            found.append(written)
    return tuple(found)


#: a word of a title, hyphens inside it ("Pixel-wise", "All-Pairs"), any alphabet's letters
_TITLE_WORD = re.compile(r"[^\W\d_][\w'\-]*")


def capitals_of(word: str) -> str:
    """The capitals of a word, in order: the initials a short name spells ("ACoL" -> "ACL", "LLMs" -> "LLM")."""
    return "".join(c for c in word if c.isupper())


def expansions(name: str, titles, rules: NameRules | None = None) -> tuple[str, ...]:
    """The runs of words of ``titles`` (a paper's title and other names) that a name of initials spells out: its
    capitals begin the run's words, one each, and the run is a whole phrase of the title: at its start or end, or
    beside a joiner ("Using a", "for ...") or a colon, comma or bracket, whatever the title's case; no word of it is
    a joiner, a single letter or the name itself; at least ``expansion_min_words`` words (``name_rules.yaml``).

    >>> expansions("VAN", ["End-to-end Handwritten Paragraph Recognition Using a Vertical Attention Network"])
    ('Vertical Attention Network',)
    >>> expansions("DeePMD", ["Deep Potential Molecular Dynamics: A Scalable Model"])
    ('Deep Potential Molecular Dynamics',)
    >>> expansions("DSS", ["Deeply Supervised Salient Object Detection"])
    ()
    >>> expansions("DSS", ["Deeply supervised salient object detection"])
    ()
    >>> expansions("AudioLM", ["AudioLM: a Language Modeling Approach"])
    ()
    >>> expansions("ÉCL", ["Équivariant Contrastive Learning for Atoms"])
    ('Équivariant Contrastive Learning',)
    """
    rules = rules or name_rules()
    capitals = capitals_of(name)
    if len(capitals) < rules.expansion_min_words or " " in name.strip():
        return ()

    def bounded(gap: str, word) -> bool:  # the run ends here: nothing, punctuation, or a joiner
        return word is None or bool(re.search(r"[:,;/()\[\]]", gap)) or word.group().lower() in rules.initialism_joiners

    found = []
    for title in titles:
        title = title or ""
        words = list(_TITLE_WORD.finditer(title))
        for i in range(len(words) - len(capitals) + 1):
            run = words[i:i + len(capitals)]
            texts = [w.group() for w in run]
            if "".join(t[0].upper() for t in texts) != capitals or any(
                    len(t) < 2 or t.lower() in rules.initialism_joiners or compact_key(t) == compact_key(name)
                    for t in texts):
                continue
            after = words[i + len(capitals)] if i + len(capitals) < len(words) else None
            before = words[i - 1] if i else None
            if bounded(title[run[-1].end():after.start() if after else len(title)], after) and bounded(
                    title[before.end() if before else 0:run[0].start()], before):
                found.append(" ".join(texts))
    return tuple(dict.fromkeys(found))


def abbreviates_title(written: str, title: str, rules: NameRules | None = None) -> bool:
    """Whether ``written`` (a word of the notes, letters only) is the initials of the head of ``title``: its
    capitals, one for each word from the title's first (a leading joiner aside) to the first joiner or colon,
    comma or bracket, a hyphened word giving one capital or one for each of its parts; at least
    ``expansion_min_words`` capitals. "AGCRN" abbreviates *Adaptive Graph Convolutional Recurrent Network for
    Traffic Forecasting*, "ACoL" *Adversarial Complementary Learning for ...*, "STGCN" *Spatio-Temporal Graph
    Convolutional Networks: ...*; a run further on in the title does not count (*HiFi-GAN: Generative
    Adversarial Networks for ...* is not abbreviated GAN).

    >>> spelled = [("AGCRN", "Adaptive Graph Convolutional Recurrent Network for Traffic Forecasting"),
    ...            ("ACoL", "Adversarial Complementary Learning for Weakly Supervised Object Localization"),
    ...            ("STGCN", "Spatio-Temporal Graph Convolutional Networks: A Deep Learning Framework"),
    ...            ("ADL", "Attention-based Dropout Layer for Weakly Supervised Object Localization")]
    >>> not_spelled = [("GAN", "HiFi-GAN: Generative Adversarial Networks for Efficient Speech Synthesis"),
    ...                ("AGC", "Adaptive Graph Convolutional Recurrent Network"), ("WR", "Wren Rests")]
    >>> [abbreviates_title(w, t) for w, t in spelled], [abbreviates_title(w, t) for w, t in not_spelled]
    ([True, True, True, True], [False, False, False])
    """
    rules = rules or name_rules()
    capitals = capitals_of(written)
    if len(capitals) < rules.expansion_min_words or not written.isalpha():
        return False
    words = list(_TITLE_WORD.finditer(title or ""))
    while words and words[0].group().lower() in rules.initialism_joiners:
        words = words[1:]
    initials = {""}
    end = words[0].start() if words else 0
    for word in words:
        if re.search(r"[:,;/()\[\]]", title[end:word.start()]) or word.group().lower() in rules.initialism_joiners:
            break
        parts = [part for part in word.group().split("-") if part and part.lower() not in rules.initialism_joiners]
        own = {word.group()[0].upper(), "".join(part[0].upper() for part in parts)}
        initials = {start + letters for start in initials for letters in own if capitals.startswith(start + letters)}
        end = word.end()
    return capitals in initials
