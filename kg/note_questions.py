"""The shapes of note questions: question words, the "what is this paper about" question, definitional terms.

Read by the build (which notes define a term, which one sums a paper up) and by the graph's own
queries (:mod:`kg.descriptions`: the note that defines a concept, the note that says what a paper set
out to do), so they live in the lowest layer that both use.
"""

from __future__ import annotations

import re

__all__ = ["QUESTION_WORDS", "SUMMARY_QUESTION", "strip_question", "is_about_this_paper"]

QUESTION_WORDS = re.compile(
    r"^\s*(?:what(?:'s| is| are| was| were| does| do)?|why|how|when|which|who|where|is|are|does|do|can|"
    r"explain(?:ing)?|define|describe)\b", re.IGNORECASE)
#: the question that asks what a paper is about ("What is this paper try to convey ?")
SUMMARY_QUESTION = re.compile(r"convey|main idea|\babout\b|summary|contribution|tl;?dr", re.IGNORECASE)
_DEFINITION_PREFIX = re.compile(
    r"^\s*(?:what\s+(?:is|are)\s+(?:the\s+|a\s+|an\s+)?(?:meaning\s+of\s+|mean\s+by\s+|meant\s+by\s+)?|"
    r"what's\s+(?:the\s+|a\s+|an\s+)?|what\s+does\s+(?:the\s+|a\s+|an\s+)?|what\s+do\s+(?:the\s+)?|"
    r"explain(?:ing)?\s+(?:the\s+)?|define\s+(?:the\s+)?)", re.IGNORECASE)
#: "What does X mean?" / "What is X mean" / "What is X used for": the term is X
_DEFINITION_SUFFIX = re.compile(r"\s+(?:mean|means|stand\s+for|stands\s+for|refer\s+to|refers\s+to)\s*$",
                                re.IGNORECASE)
#: a question about this paper, not a term ("What is this paper try to convey")
_NOT_A_TERM = re.compile(r"^(?:this|these|that|it|they|the\s+paper|the\s+authors?)\b", re.IGNORECASE)


def strip_question(question: str) -> str | None:
    """The term a definitional question asks about (``What is receptive field`` -> ``receptive field``).

    Returns None when the question is not of the "what is X / what does X mean / explain X" shape.

    >>> strip_question("What is receptive field ")
    'receptive field'
    >>> strip_question("What does guidance scale mean?")
    'guidance scale'
    >>> strip_question("Why adding pooling") is None
    True
    """
    match = _DEFINITION_PREFIX.match(question)
    if not match:
        return None
    term = question[match.end():].strip(" ?.:!")
    if question[:match.end()].lower().lstrip().startswith(("what does", "what do")):
        suffix = _DEFINITION_SUFFIX.search(term)
        if not suffix:
            return None
        term = term[: suffix.start()]
    else:
        term = _DEFINITION_SUFFIX.sub("", term)
    term = term.strip(" ?.:!")
    return term or None


def is_about_this_paper(term: str) -> bool:
    """True for a "term" that is the paper itself (``this paper try to convey``)."""
    return bool(_NOT_A_TERM.match(term))
