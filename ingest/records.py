"""Typed records the notes parser returns: source positions, notes and paper sections."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SourcePosition", "Note", "PaperSection", "ParseWarning"]


@dataclass(frozen=True)
class SourcePosition:
    """Where a piece of text came from: a file and a 1-based line number."""

    file: str
    line: int

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True)
class Note:
    """One numbered question of a discussion with its answer bullets, exactly as written.

    ``number`` is the number the notes gave (it may repeat); ``ordinal`` is the 1-based
    position of the question in its section. Empty questions and answers stay empty.
    """

    number: int
    ordinal: int
    question: str
    answers: tuple[str, ...]
    source: SourcePosition
    answer_lines: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        """The question and its answers as written, one per line."""
        return "\n".join(part for part in (self.question, *self.answers) if part)

    @property
    def is_empty(self) -> bool:
        return not self.question and not any(self.answers)


@dataclass(frozen=True)
class PaperSection:
    """A paper heading and the notes under it (``## Discussion 3 ResNet - 2015``)."""

    title: str
    year: int | None
    discussion: int | None
    heading: str
    notes: tuple[Note, ...]
    source: SourcePosition
    order: int = 0  # reading order across all parsed files, 0-based


@dataclass(frozen=True)
class ParseWarning:
    """Something in the notes that was repaired or looks wrong, reported by ``kg ingest``."""

    message: str
    source: SourcePosition = field(compare=False)

    def __str__(self) -> str:
        return f"{self.source.file}:{self.source.line}: {self.message}"
