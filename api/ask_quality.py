"""Score `ask` on labelled questions: intent accuracy, entity accuracy (exact list) and both right.

A question file is YAML: a list of ``{q, intent, entities: [ids in the order named], unknown: bool}``.
Used by ``bench/ask_quality.py`` and the tests; the answer scored is the real ``Service.ask``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["LabelledQuestion", "AskScore", "load_questions", "score_questions"]


@dataclass(frozen=True)
class LabelledQuestion:
    """One question with the intent it asks and the node ids it names, in order."""

    q: str
    intent: str
    entities: tuple[str, ...]
    unknown: bool = False


@dataclass
class AskScore:
    """Counts over a question set, and the questions that missed (with what was answered)."""

    total: int = 0
    intent_right: int = 0
    entities_right: int = 0
    both_right: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, count: int) -> float:
        return count / self.total if self.total else 0.0


def load_questions(path: Path) -> list[LabelledQuestion]:
    """The labelled questions of a YAML file (a clear error naming the file and entry when malformed)."""
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    if isinstance(items, dict):  # a file may wrap its list: {questions: [...]}
        items = items.get("questions", [])
    questions = []
    for number, item in enumerate(items, start=1):
        try:
            questions.append(LabelledQuestion(str(item["q"]), str(item["intent"]),
                                              tuple(str(e) for e in item.get("entities") or ()),
                                              bool(item.get("unknown", False))))
        except (KeyError, TypeError) as error:
            raise ValueError(f"{path}: entry {number} is not {{q, intent, entities}} ({error})") from None
    return questions


def score_questions(service, questions: list[LabelledQuestion]) -> AskScore:
    """Ask every question through ``service.ask`` and compare intent and entity ids with the labels."""
    score = AskScore()
    for item in questions:
        payload = service.ask(item.q)
        intent = payload["intent"]
        entities = tuple(e["id"] for e in payload["entities"])
        intent_ok, entities_ok = intent == item.intent, entities == item.entities
        score.total += 1
        score.intent_right += intent_ok
        score.entities_right += entities_ok
        score.both_right += intent_ok and entities_ok
        if not (intent_ok and entities_ok):
            score.misses.append(f"{item.q!r}: got {intent} {list(entities)}, want {item.intent} {list(item.entities)}"
                                f" ({payload['trace']['intent']['reason']})")
    return score
