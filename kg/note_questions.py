"""The shapes of note questions: question words, the "what is this paper about" question, definitional terms.

Read by the build (which notes define a term, which one sums a paper up) and by the graph's own
queries (:mod:`kg.descriptions`: the note that defines a concept, the note that says what a paper set
out to do), so they live in the lowest layer that both use.
"""

from __future__ import annotations

import re

from kg.lexicon import word_list, words_pattern

__all__ = ["QUESTION_WORDS", "SUMMARY_QUESTION", "strip_question", "is_about_this_paper"]

QUESTION_WORDS = re.compile(rf"^\s*{words_pattern('question_openers')}\b", re.IGNORECASE)
#: the question that asks what a paper is about ("What is this paper try to convey ?")
SUMMARY_QUESTION = re.compile(rf"{words_pattern('summary_question_cues', space=' ')}|"
                              rf"\b{words_pattern('summary_question_words')}\b", re.IGNORECASE)
_ARTICLE = rf"(?:{words_pattern('articles')}\s+)?"
#: "What is (the) X", "What is the meaning of X", "What's a X", "What does X mean", "Explain the X", "Define X"
_DEFINITION_PREFIX = re.compile(
    rf"^\s*(?:{words_pattern('definition_openers')}\s+{_ARTICLE}(?:{words_pattern('definition_lead_ins')}\s+)?|"
    rf"{words_pattern('definition_openers_short')}\s+{_ARTICLE}|"
    rf"{words_pattern('definition_requests')}\s+(?:{words_pattern('definite_articles')}\s+)?)", re.IGNORECASE)
#: "What does X mean?" / "What is X mean" / "What is X used for": the term is X
_DEFINITION_SUFFIX = re.compile(rf"\s+{words_pattern('definition_verbs')}\s*$", re.IGNORECASE)
#: a question about this paper, not a term ("What is this paper try to convey")
_NOT_A_TERM = re.compile(rf"^{words_pattern('self_references')}\b", re.IGNORECASE)


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
    if question[:match.end()].lower().lstrip().startswith(word_list("definition_openers_with_verb")):
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
