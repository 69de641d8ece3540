"""Route a natural question to an intent and its entities, without an LLM (patterns + resolution)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Intent", "INTENTS", "route_question"]

INTENTS = ("lineage", "descendants", "prerequisites", "path", "definition", "search")

_X = r"(?P<x>.+?)"
_Y = r"(?P<y>.+?)"
_PATTERNS: list[tuple[str, re.Pattern]] = [(intent, re.compile(rf"^{pattern}$", re.IGNORECASE)) for intent, pattern in (
    ("path", rf"how (?:is|are|was|were|does|do) {_X} (?:related|connected|linked|relate|connect) (?:to|with) {_Y}"),
    ("path", rf"(?:what is the )?(?:path|route|connection|link|relation(?:ship)?) (?:from|between) {_X} (?:to|and) {_Y}"),
    ("path", rf"how (?:do i|can i|to) (?:get|go) from {_X} to {_Y}"),
    ("path", rf"how did {_X} lead to {_Y}"),
    ("lineage", rf"(?:what|which(?: papers?)?|who) (?:led|leads|lead) (?:up )?to {_X}"),
    ("lineage", rf"(?:what|which(?: papers?)?) (?:came|come|was|were) before {_X}"),
    ("lineage", rf"(?:what|which(?: papers?)?) (?:influenced|inspired|preceded|enabled) {_X}"),
    ("lineage", rf"(?:where does|where did) {_X} come from"),
    ("lineage", rf"(?:the )?(?:lineage|history|ancestors|origins?) of {_X}"),
    ("lineage", rf"what (?:does|did) {_X} build on"),
    ("descendants", rf"(?:what|which(?: papers?)?) (?:built|build|builds|improved|improve) (?:on|upon) {_X}"),
    ("descendants", rf"what (?:did|does) {_X} lead to"),
    ("descendants", rf"(?:what|which(?: papers?)?) (?:came|come|followed) after {_X}"),
    ("descendants", rf"(?:the )?(?:descendants|successors|influence|legacy) of {_X}"),
    ("prerequisites", rf"what (?:do|should|must) i (?:need to |have to )?(?:know|read|understand|learn|study) "
                      rf"(?:before|for|to understand|to read|prior to) {_X}"),
    ("prerequisites", rf"(?:what are the |the )?(?:prerequisites?|reading plan|reading list|background) "
                      rf"(?:for|of|to|needed for) {_X}"),
    ("prerequisites", rf"how (?:do|should) i (?:prepare|get ready) (?:for|to read) {_X}"),
    ("prerequisites", rf"what (?:is|are) needed (?:before|for) {_X}"),
    ("definition", rf"(?:what is|what's|what are|what was|define|explain|describe|tell me about) "
                   rf"(?:an? |the )?{_X}"),
)]


@dataclass(frozen=True)
class Intent:
    """The routed question: the intent and the names it mentions, in the order named."""

    intent: str
    names: tuple[str, ...]


def route_question(question: str) -> Intent:
    """The intent of ``question`` and the raw names in it (resolved by the caller).

    >>> route_question("What led to Swin?")
    Intent(intent='lineage', names=('Swin',))
    >>> route_question("how is AlexNet related to Swin Transformer?")
    Intent(intent='path', names=('AlexNet', 'Swin Transformer'))
    >>> route_question("which paper fixed overestimated Q-values?").intent
    'search'
    """
    text = " ".join(question.strip().split()).rstrip("?!. ")
    for intent, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            names = tuple(n.strip(" \"'`") for n in match.groups() if n and n.strip(" \"'`"))
            if names:
                return Intent(intent, names)
    return Intent("search", ())
