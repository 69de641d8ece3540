"""The relation of a mention: which cue phrase (``ingest/cues.yaml``) governs a paper's name in a sentence.

When the notes of paper Y name paper X, the sentence says how the two relate: Y *builds on* X,
*uses* X, *compares* with X, or X came *later*. The cue phrases are reviewed data; this module
only finds the one that governs a name. See the comment at the top of ``cues.yaml`` for the
rules, including the one for a sentence with no cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["MENTION_RELATIONS", "ASIDE", "LIST_JOINS", "Cue", "CueBook", "load_cues", "classify_mentions",
           "arrow_to_self", "is_arrow"]

#: The relation a mention can have; ``none`` when no cue governs it.
MENTION_RELATIONS = ("builds_on", "uses", "compares", "later", "none")

# A clause ends at sentence punctuation or a line end; a comma ends it unless it joins a list.
_CLAUSE_END = re.compile(r"[.;:!?\n]|,(?!\s*(?:and|or)\b)")
#: what joins two listed names ("A and B", "A, B, or C"); the build reads lists after a cue with it too
LIST_JOINS = r"(?:,\s*(?:and|or)\b|,|and\b|or\b|&|/)"
_LIST_JOIN = re.compile(rf"^\s*{LIST_JOINS}\s*$", re.IGNORECASE)
#: a cue followed by a colon labels what follows ("baselines: A, B", "compared with: A"); it reaches the
#: sentence end, and a list's commas do not end its clause
_LABEL_COLON = re.compile(r"\s*:")  # matched at a cue's end
_SENTENCE_END = re.compile(r"[.;!?\n]|\s--?\s|\s[–—]\s")
_WORDS_BETWEEN_MAX = 5  # a "before" cue reaches the first name at most this many words on
#: between a cue and the first known name, name-like items of the same list ("than L-BFGS, JSMA and X": names
#: the graph does not know) continue the cue's clause: each one word with a capital or a digit, then a join
_UNKNOWN_ITEMS = re.compile(r"^\s*(?:[A-Z0-9][^\s,;:.!?()]*\s*(?:,\s*(?:and|or)\b|,|and\b|or\b|&|/)\s*)+$")
_AFTER_REACH = 1  # an "after" cue starts at most this many words after the name ("X also does this")


@dataclass(frozen=True)
class Cue:
    """The phrase that gave a mention its relation, and where it stands in the text."""

    relation: str
    phrase: str
    start: int
    end: int


_TOKEN = re.compile(r"\w+|[^\w\s]")  # a word, or one punctuation character
_WILDCARD_WORDS = 4  # "*" in a phrase stands for up to this many words


def _tokens(phrase: str) -> tuple[str, ...]:
    """A phrase as lowercase word and punctuation tokens; ``*`` stays a token (the wildcard)."""
    return tuple(t.lower() for t in re.findall(r"\*|\w+|[^\w\s]", phrase))


@dataclass
class CueBook:
    """The cue phrases of every relation, indexed by first word; and the concept-discovery word lists.

    Text and phrases are compared as word and punctuation tokens, case-insensitively, so a phrase
    matches whole words only (``use`` is not found in ``because``) in one pass over the text.
    """

    phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]]  # side -> first token -> [(tokens, relation)]
    concepts: dict
    names: dict = field(default_factory=dict)

    def __post_init__(self):
        # the word lists as lowercase sets, made once (they are read for every note's terms and names)
        self.word_sets = {name: frozenset(_word(w, name).lower() for w in values)
                          for name, values in [*self.concepts.items(), *self.names.items()] if isinstance(values, list)}

    def words(self, name: str) -> frozenset[str]:
        """One of the word lists of cues.yaml (``label_heads``, ``generic_tails``, ``same_name_words``, ...)."""
        return self.word_sets.get(name, frozenset())

    @classmethod
    def from_mapping(cls, raw: dict) -> "CueBook":
        phrases: dict[str, dict] = {"before": {}, "after": {}}
        for relation in MENTION_RELATIONS[:-1]:
            group = raw.get(relation) or {}
            for side in ("before", "after"):
                for phrase in group.get(side, ()):
                    tokens = _tokens(_word(phrase, f"{relation}.{side}"))
                    if tokens:
                        phrases[side].setdefault(tokens[0], []).append((tokens, relation))
        for table in phrases.values():
            for entries in table.values():
                entries.sort(key=lambda e: len(e[0]), reverse=True)  # the longest phrase first
        return cls(phrases, dict(raw.get("concepts") or {}), dict(raw.get("names") or {}))

    @staticmethod
    def _match(tokens: tuple[str, ...], words: list, at: int) -> int | None:
        """The index after the last text token matched by ``tokens`` from ``at``, else None."""
        i = at
        for position, token in enumerate(tokens):
            if token == "*":
                following = tokens[position + 1:]
                for skip in range(0, _WILDCARD_WORDS + 1):
                    end = CueBook._match(following, words, i + skip) if following else i + skip
                    if end is not None:
                        return end
                return None
            if i >= len(words) or words[i][0] != token:
                return None
            i += 1
        return i

    def cues_in(self, text: str, side: str) -> list[Cue]:
        """Every cue of one side in ``text``, in text order; a longer phrase wins where two overlap."""
        table = self.phrases[side]
        words = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        found: list[Cue] = []
        i = 0
        while i < len(words):
            for tokens, relation in table.get(words[i][0], ()):
                end = self._match(tokens, words, i)
                if end is not None:
                    start, stop = words[i][1], words[end - 1][2]
                    found.append(Cue(relation, text[start:stop], start, stop))
                    i = end
                    break
            else:
                i += 1
        return found


def _word(value, where: str) -> str:
    """A word or phrase of the cue file; YAML reads a bare ``on``, ``no`` or ``off`` as a boolean.

    >>> _word(True, "function_words")
    Traceback (most recent call last):
    ValueError: cues.yaml: function_words: True is not a word (YAML reads bare on/off/yes/no as booleans: quote it)
    """
    if not isinstance(value, str):
        raise ValueError(f"cues.yaml: {where}: {value!r} is not a word "
                         f"(YAML reads bare on/off/yes/no as booleans: quote it)")
    return value


@lru_cache(maxsize=1)
def load_cues() -> CueBook:
    """The bundled cue phrases (``ingest/cues.yaml``), compiled once."""
    text = resources.files("ingest").joinpath("cues.yaml").read_text(encoding="utf-8")
    return CueBook.from_mapping(yaml.safe_load(text))


def _clause_break(text: str) -> bool:
    return bool(_CLAUSE_END.search(text))


#: a bracketed aside between a cue and a name, or between two listed names: a citation
#: ("(Silver et al. 2014)"), a year, a second name. It neither ends the clause nor counts as words.
ASIDE = r"\([^()\n]*\)|\[[^\[\]\n]*\]"
_ASIDE = re.compile(ASIDE)


def _without_asides(text: str) -> str:
    """``text`` with its bracketed asides removed.

    >>> _without_asides(" (Okafor et al., 2019) and ")
    '   and '
    """
    return _ASIDE.sub(" ", text)


def _arrow_to_a_paper(after: str, name_follows: bool, cues: CueBook) -> bool:
    """True when what follows an arrow is a paper: the next name, within ``_AFTER_REACH`` words (``after``
    ends where it starts), or words meaning the paper of these notes (``arrow_self_references``).

    >>> book = CueBook({}, {}, {"arrow_self_references": ["this paper", "ours"]})
    >>> _arrow_to_a_paper(" ", True, book), _arrow_to_a_paper(" this paper, faster", False, book)
    (True, True)
    >>> _arrow_to_a_paper(" 196 vectors", False, book), _arrow_to_a_paper(" 196 vectors then ", True, book)
    (False, False)
    """
    words = _without_asides(after).lower().split()
    if name_follows and len(words) <= _AFTER_REACH:
        return True
    references = cues.words("arrow_self_references")
    return any(" ".join(words[:n]).strip(".,;:!?") in references for n in (1, 2, 3))


def is_arrow(cue: Cue | None) -> bool:
    """Whether a cue is an arrow ("->", "→", "=>"): a phrase of no word."""
    return cue is not None and not re.search(r"\w", cue.phrase)


def arrow_to_self(text: str, cues: CueBook) -> bool:
    """True when an arrow in ``text`` points at the paper whose notes these are, by words that mean it
    (``arrow_self_references``: "... -> this one", "-> ours").

    >>> arrow_to_self(" / Wren -> this one (fixes it)", load_cues()), arrow_to_self(" -> Wren", load_cues())
    (True, False)
    >>> arrow_to_self(" -> this is the tide line", load_cues()), arrow_to_self(" -> ours, faster", load_cues())
    (False, True)
    """
    references = cues.words("arrow_self_references")
    for cue in cues.cues_in(text, "after"):
        if not is_arrow(cue):
            continue
        after = _without_asides(text[cue.end:]).strip().lower()
        # the whole phrase after the arrow, up to punctuation or the end: "-> this one (...)", "-> ours."; not
        # "-> this is the tide line", "-> here we go"
        phrase = re.split(r"[.,;:!?()\[\]]", after, maxsplit=1)[0].strip()
        if phrase in references:
            return True
    return False


def classify_mentions(text: str, spans: list[tuple[int, int]], cues: CueBook | None = None,
                      before: list[Cue] | None = None) -> list[Cue | None]:
    """The cue governing each name at ``spans`` (character ranges of ``text``, in text order); None: no cue.

    >>> text = "extends LarkNet and WrenNet layers, compared with ShrikeNet"
    >>> spans = [(8, 15), (20, 27), (50, 59)]
    >>> [c.relation if c else None for c in classify_mentions(text, spans)]
    ['builds_on', 'builds_on', 'compares']
    >>> [c.relation for c in classify_mentions("Ibis-2 (next session) also does it", [(0, 6)])]
    ['later']
    >>> [c.relation if c else None for c in classify_mentions("LarkNet -> WrenNet", [(0, 7), (11, 18)])]
    ['builds_on', None]
    >>> classify_mentions("x -> f (LarkNet) -> h -> loss", [(8, 15)])
    [None]
    >>> classify_mentions("LarkNet 14x14 -> 196 vectors", [(0, 7)])
    [None]
    """
    cues = cues or load_cues()
    if not spans:
        return []
    before = cues.cues_in(text, "before") if before is None else before  # the caller may have them already
    label_cues = [c for c in before if _LABEL_COLON.match(text, c.end)]
    governed: list[Cue | None] = []
    for index, (start, end) in enumerate(spans):
        cue = None
        previous_end = spans[index - 1][1] if index else -1
        candidates = [c for c in before if c.end <= start and c.start >= previous_end]
        if candidates:
            nearest = candidates[-1]
            gap = _without_asides(text[nearest.end:start])
            if (not _clause_break(gap) or _UNKNOWN_ITEMS.match(gap)) and len(gap.split()) <= _WORDS_BETWEEN_MAX:
                cue = nearest
        if cue is None:  # "baselines: A, B, C": a cue written as the label of a list governs all of it
            labels = [c for c in label_cues if c.end <= start]
            if labels:
                label = labels[-1]
                between = _without_asides(text[label.end:start])
                if not _SENTENCE_END.search(between) and not any(label.end < c.start < start for c in before):
                    cue = label
        if cue is None and index and governed[index - 1] is not None and _LIST_JOIN.match(_without_asides(text[previous_end:start])):
            cue = governed[index - 1]  # "compared with A and B": the list shares the cue
        if cue is None:
            following = spans[index + 1][0] if index + 1 < len(spans) else len(text)
            tail = text[end:following]
            stop = _CLAUSE_END.search(tail.replace("(", " ").replace(")", " "))
            tail = tail[: stop.start()] if stop else tail
            for candidate in cues.cues_in(tail, "after"):
                if len(_without_asides(tail[:candidate.start]).split()) > _AFTER_REACH:  # "X (2019) used for"
                    continue
                if is_arrow(candidate) and not _arrow_to_a_paper(
                        tail[candidate.end:], index + 1 < len(spans) and stop is None, cues):
                    continue  # "LarkNet 14x14 -> 196 vectors": a data flow, not a lineage
                cue = Cue(candidate.relation, candidate.phrase, end + candidate.start, end + candidate.end)
                break
        governed.append(cue)
    return governed
