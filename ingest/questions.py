"""The shapes of note questions, as the build reads them: they live in :mod:`kg.note_questions` (the graph's
queries read them too); kept here for the build's imports."""

from kg.note_questions import QUESTION_WORDS, SUMMARY_QUESTION, is_about_this_paper, strip_question

__all__ = ["QUESTION_WORDS", "SUMMARY_QUESTION", "strip_question", "is_about_this_paper"]
