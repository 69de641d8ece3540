"""Whether a name found in a note reads as a name there: not inside code or a formula, not a person.

A paper's name is often also a person's name ("Adam"). Where the note writes it as a person ("Adam
presented", "@Adam"), or inside code (a fenced block, an inline span) or a formula (``$...$``,
``$$...$$``, ``\\(...\\)``), it is not a mention of the paper. A name written in lower case is still
a name: reading a capitalised English word in lower case as "the word" ("whisper") was measured and
dropped — quick notes write the architecture that way ("uses a transformer encoder"), and it removed
real mentions in three labelled corpora.
"""

from __future__ import annotations

import re

__all__ = ["code_spans", "reads_as_name"]

_CODE = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|`[^`\n]+`|\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)|\\\[.*?\\\]",
                   re.DOTALL)
_NEXT_WORD = re.compile(r"\s*(?:'s\s+)?([A-Za-z]+)")


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every code block, inline code span and formula in ``text``.

    >>> text = "use `Wren(x)` and $Heron_t$ then ```\\nLark()\\n``` done"
    >>> [text[a:b] for a, b in code_spans(text)]
    ['`Wren(x)`', '$Heron_t$', '```\\nLark()\\n```']
    """
    return [m.span() for m in _CODE.finditer(text)]


def reads_as_name(text: str, start: int, end: int, name: str, person_verbs: frozenset[str],
                  spans: list[tuple[int, int]] | None = None) -> bool:
    """Whether ``text[start:end]``, found as the name ``name``, is written as that name.

    >>> from ingest.cues import load_cues
    >>> verbs = load_cues().words("person_verbs")
    >>> reads_as_name("Adam presented the slides", 0, 4, "Adam", verbs)
    False
    >>> reads_as_name("trained with Adam", 13, 17, "Adam", verbs)
    True
    >>> reads_as_name("ping @Adam", 6, 10, "Adam", verbs), reads_as_name("`Adam(lr)`", 1, 5, "Adam", verbs)
    (False, False)
    """
    spans = code_spans(text) if spans is None else spans
    if any(a <= start < b for a, b in spans):
        return False
    if start > 0 and text[start - 1] == "@":
        return False  # an @-mention of a person (Notion, chat exports)
    following = _NEXT_WORD.match(text, end)
    if following and following.group(1).lower() in person_verbs and name[:1].isupper():
        return False
    return True
