"""Decide what a question asks: cue patterns first, then the nearest labelled example question.

The data (cues in priority order, example questions per intent, the threshold, filler words) lives in
``api/intents.yaml`` with the reasons for each choice. Questions arrive *masked*: every name the
linker found is replaced by ``X`` ("what did the original X lead to"), so cues and examples speak
about the shape of a question, never about particular papers.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml

from kg.lexicon import is_english_word, word_list
from kg.names import name_rules, slip_edits

__all__ = ["INTENTS", "IntentChoice", "IntentRules", "cue_words", "load_rules", "normalize_question"]

#: every intent `ask` answers; `search` is the fallback
INTENTS = ("lineage", "descendants", "prerequisites", "path", "definition", "compare", "introduced", "year",
           "uses", "authors", "presenters", "list", "overview", "search")
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")


def normalize_question(masked: str) -> str:
    """Lowercase (the ``X`` of a name kept), contractions spelled out, spaces and end marks tidied.

    >>> normalize_question("  What's  the difference between X and the X ?")
    'what is the difference between X and X'
    """
    parts = masked.split("X")
    text = "X".join(p.lower() for p in parts)
    text = text.replace("’", "'")
    for pattern, replacement in load_rules().contractions:
        text = pattern.sub(replacement, text)
    text = load_rules().article_before_name.sub("X", text)  # "build on the X" reads as "build on X"
    return " ".join(text.split()).strip(" ?!.:;,")


_CORRECTED_MAX = 10_000  # words whose correction is remembered


def cue_words(pattern: str) -> set[str]:
    """The words a cue pattern spells out, with its simple suffix groups expanded.

    >>> sorted(cue_words(r"\\bdiffer(?:ence|ent)?\\b.*\\b(?:improve[sd]?|led|summari[sz]e)\\b"))
    ['differ', 'difference', 'different', 'improve', 'improved', 'improves', 'led', 'summarise', 'summarize']
    """
    text = re.sub(r"\\[A-Za-z]", " ", pattern)
    words: set[str] = set()

    def expand(match, alternatives):
        stem, optional, rest = match.group(1), match.group(3), match.group(4)
        words.update(stem + alternative + rest for alternative in alternatives)
        if optional:
            words.add(stem + rest)
        return " "

    text = re.sub(r"([a-z]+)\(\?:([a-z|]+)\)(\?)?([a-z]*)", lambda m: expand(m, m.group(2).split("|")), text)
    text = re.sub(r"([a-z]+)\[([a-z]+)\](\?)?([a-z]*)", lambda m: expand(m, list(m.group(2))), text)
    words.update(re.findall(r"[a-z]{2,}", text))
    return {w for w in words if len(w) >= 2}


@dataclass(frozen=True)
class IntentChoice:
    """The intent chosen and why: ``how`` is ``cue``, ``exemplar`` or ``default`` (nothing matched)."""

    intent: str
    how: str
    cue: str | None = None
    exemplar: str | None = None
    similarity: float | None = None
    threshold: float | None = None
    #: the intent the cue or example gave, when the kind of name asked about changed it
    asked: str | None = None
    #: why the cue's or example's intent was not kept, when it was not
    overruled: str | None = None
    #: the example fallback's second-best intent, its score, and the lead the best must have over it
    runner_up: str | None = None
    runner_up_similarity: float | None = None
    margin: float | None = None

    def as_dict(self) -> dict:
        out = {"intent": self.intent, "how": self.how}
        if self.asked is not None:
            out["asked"] = self.asked
        if self.overruled is not None:
            out["overruled"] = self.overruled
        if self.cue is not None:
            out["cue"] = self.cue
        if self.exemplar is not None:
            out.update(exemplar=self.exemplar, similarity=round(self.similarity, 3), threshold=self.threshold)
        elif self.similarity is not None:
            out.update(similarity=round(self.similarity, 3), threshold=self.threshold)
        if self.runner_up is not None:
            out.update(runner_up=self.runner_up, runner_up_similarity=round(self.runner_up_similarity, 3),
                       margin=self.margin)
        return out

    def reason(self) -> str:
        """One readable line: why this intent."""
        if self.overruled is not None:
            return f"intent {self.intent}: {self.overruled}"
        if self.asked is not None:
            return (replace(self, intent=self.asked, asked=None).reason()
                    + f"; asked about a concept, answered as {self.intent}")
        if self.how == "cue":
            return f"intent {self.intent}: the question matched the cue /{self.cue}/"
        lead = ""
        if self.runner_up is not None:
            lead = f", ahead of {self.runner_up} {self.runner_up_similarity:.2f}"
        if self.how == "exemplar":
            return (f"intent {self.intent}: nearest example questions, e.g. '{self.exemplar}' "
                    f"(similarity {self.similarity:.2f} >= {self.threshold:.2f}{lead})")
        if self.similarity is not None and self.similarity >= (self.threshold or 0) and self.runner_up is not None:
            return (f"intent search: no cue matched and the example questions do not tell two intents apart "
                    f"(best {self.similarity:.2f}{lead}, a lead under {self.margin:.2f})")
        if self.similarity is not None:
            return (f"intent search: no cue matched and no example question was close enough "
                    f"(best {self.similarity:.2f} < {self.threshold:.2f})")
        return "intent search: no cue matched"


def optional_pattern(data: dict, key: str) -> re.Pattern | None:
    """The rules' pattern ``key``, matched case aside, or None where the rules leave it out.

    >>> optional_pattern({"pair_lead": "between $"}, "pair_lead").search("differ BETWEEN "), optional_pattern({}, "x")
    (<re.Match object; span=(7, 15), match='BETWEEN '>, None)
    """
    return re.compile(data[key], re.IGNORECASE) if data.get(key) else None


class IntentRules:
    """The reviewed rules of ``intents.yaml``: cues, exemplars, threshold, fillers, names needed."""

    def __init__(self, data: dict, source: str = "intents.yaml"):
        try:
            self.threshold = float(data["exemplar_threshold"])
            self.margin = float(data.get("exemplar_margin", 0.0))
            self.top_k = int(data.get("exemplar_top_k", 1))
            self.needs = {str(k): int(v) for k, v in data["needs"].items()}
            motive = f"(?:{data.get('reading_motive') or '(?!)'})"  # a cue may read the words of reading_motive
            self.cues = [(str(intent), re.compile(pattern.replace("READING_MOTIVE", motive)))
                         for intent, pattern in data["cues"]]
            self.exemplars = [(str(intent), str(text)) for intent, texts in data["exemplars"].items() for text in texts]
            if not all(isinstance(w, str) for w in data["fillers"]):  # a bare on/no is a YAML boolean
                raise TypeError(f"fillers must be words, not {[w for w in data['fillers'] if not isinstance(w, str)]}"
                                " (YAML reads a bare on/off/yes/no as a boolean: quote it)")
            fillers = {w.lower() for w in data["fillers"]}
            self.for_concepts = {str(k): str(v) for k, v in (data.get("for_concepts") or {}).items()}
            self.pronouns = re.compile(r"\b(?:" + "|".join(re.escape(str(p)) for p in data.get("pronouns") or ["it"])
                                       + r")\b")
            self.modifier_intents = frozenset(data.get("modifier_intents") or ())
            self.category_before = re.compile(data["category_before"]) if data.get("category_before") else None
            self.request_prefix = re.compile(data["request_prefix"]) if data.get("request_prefix") else None
            self.role_before = re.compile(data["role_before"]) if data.get("role_before") else None
            self.contractions = [(re.compile(str(p)), str(r)) for p, r in data.get("contractions") or ()]
            self.list_join = optional_pattern(data, "list_join")
            self.shared_word_join = optional_pattern(data, "shared_word_join")
            self.second_question = optional_pattern(data, "second_question")
            self.question_start = optional_pattern(data, "question_start")
            self.follow_up_notes = int(data.get("follow_up_notes", 2))
            self.search_answer_results = int(data.get("search_answer_results", 1))
            self.several_papers = optional_pattern(data, "several_papers")
            self.several_papers_listed = int(data.get("several_papers_listed", 4))
            self.several_papers_depth = int(data.get("several_papers_depth", 5))
            self.next_session = optional_pattern(data, "next_session")
            self.status_max_share = float(data.get("status_max_share", 0.5))
            self.read_statuses = frozenset(" ".join(str(s).lower().split()) for s in data.get("read_statuses") or ())
            words = "|".join(re.escape(str(w)) for w in data.get("status_words") or ())
            self.status_words = re.compile(rf"\b(?:{words})\b", re.IGNORECASE) if words else None
            self.unread_question = optional_pattern(data, "unread_question")
            self.unread_statuses = frozenset(" ".join(str(s).lower().split())
                                             for s in data.get("unread_statuses") or ())
            self.closest_note_depth = int(data.get("closest_note_depth", 200))
            self.closest_note_min_words = int(data.get("closest_note_min_words", 2))
            self.closest_note_stem_chars = int(data.get("closest_note_stem_chars", 6))
            self.idea_term_notes = int(data.get("idea_term_notes", 2))
            self.pair_lead = optional_pattern(data, "pair_lead")
            self.meetings_asked = optional_pattern(data, "meetings_asked")
            self.reading_motive = optional_pattern(data, "reading_motive")
            self.reading_motive_notes = int(data.get("reading_motive_notes", 2))
            self.meeting_events = optional_pattern(data, "meeting_events")
            self.meeting_line_stem_chars = int(data.get("meeting_line_stem_chars", 6))
            self.meeting_lines_shown = int(data.get("meeting_lines_shown", 3))
            self.idea_note_lines = int(data.get("idea_note_lines", 3))
            self.mention_quote_chars = int(data.get("mention_quote_chars", 120))
            self.compare_summary_chars = int(data.get("compare_summary_chars", 0))
            described = data.get("described_paper")
            self.described_paper = None if not described else {
                "after": re.compile(described["after"], re.IGNORECASE),
                "before": re.compile(described["before"], re.IGNORECASE),
                "depth": int(described["depth"]), "min_share": float(described["min_share"]),
                "min_title_words": int(described.get("min_title_words", 2)),
                "term_paper": optional_pattern(described, "term_paper")}
            self.follow_up_intents = frozenset(data.get("follow_up_intents") or ())
            self.asks_who = optional_pattern(data, "asks_who")
            self.reading_order = optional_pattern(data, "reading_order")
            around = data.get("read_around") or {}
            self.read_around = {direction: re.compile(pattern, re.IGNORECASE) for direction, pattern in around.items()}
            self.time_phrases = optional_pattern(data, "time_phrases")
            self.follow_up_pronoun = optional_pattern(data, "follow_up_pronoun")
            self.follow_up_papers = optional_pattern(data, "follow_up_papers")
            self._meeting_month = optional_pattern(data, "meeting_month")
            self._meeting_month_list = optional_pattern(data, "meeting_month_list")
            self._meeting_month_run = optional_pattern(data, "meeting_month_run")
            self._meeting_day = optional_pattern(data, "meeting_day")
            self.seasons = {str(k).lower(): tuple(int(m) for m in v) for k, v in (data.get("seasons") or {}).items()}
            self._meeting_season = re.compile(data["meeting_season"].replace(
                "SEASON", "|".join(map(re.escape, self.seasons))), re.IGNORECASE) \
                if data.get("meeting_season") and self.seasons else None
            self.person_token = str(data.get("person_token") or "person")
            self.max_listed = int(data.get("max_listed", 4))
            self.person_roles = {str(k): re.compile(v) for k, v in (data.get("person_roles") or {}).items()}
            self.first_name_cue = optional_pattern(data, "first_name_cue")
            articles = [re.escape(str(a)) for a in data.get("articles") or ()]
            self.article_before_name = re.compile(rf"\b(?:{'|'.join(articles)})\s+X\b" if articles else r"(?!)")
        except (KeyError, TypeError, ValueError, re.error) as error:
            raise ValueError(f"{source}: malformed intent rules ({error})") from None
        unknown = ({i for i, _ in self.cues} | {i for i, _ in self.exemplars} | set(self.needs)
                   | set(self.for_concepts) | set(self.for_concepts.values()) | self.modifier_intents | self.follow_up_intents) - set(INTENTS)
        if unknown:
            raise ValueError(f"{source}: unknown intents {sorted(unknown)}")
        if self.top_k < 1 or not 0 <= self.margin < 1:
            raise ValueError(f"{source}: exemplar_top_k must be >= 1 and exemplar_margin in [0, 1)")
        self._rows_of: dict[str, np.ndarray] = {}
        for row, (intent, _) in enumerate(self.exemplars):
            self._rows_of.setdefault(intent, np.array([], dtype=np.int64))
            self._rows_of[intent] = np.append(self._rows_of[intent], row)
        # every word of an example question is a question word, not part of a name
        for _, text in self.exemplars:
            fillers.update(w for w in _WORD.findall(text.replace("X", " ").lower()))
        # and so is every word a cue looks for ("led", "introduced", "published", "difference")
        for _, pattern in self.cues:
            fillers.update(cue_words(pattern.pattern))
        self.fillers = frozenset(fillers)
        # the cue words a slip of the keyboard is corrected to ("prerequisits", "diffrence", "expalin")
        self._cue_vocabulary = sorted({w for _, p in self.cues for w in cue_words(p.pattern)
                                       if len(w) >= name_rules().cue_word_min_chars and w.isalpha()})
        self._vectors: dict[str, np.ndarray] = {}
        self._corrected: dict[str, str] = {}

    def role_asked_of_nobody(self, question: str) -> str | None:
        """``presenters`` or ``authors`` for a question that asks who, of nobody named ("who presented?",
        "and who wrote them"): the role by ``person_roles``; else None.

        >>> load_rules().role_asked_of_nobody("who presented?"), load_rules().role_asked_of_nobody("who wrote them")
        ('presenters', 'authors')
        >>> load_rules().role_asked_of_nobody("what did it change?")
        """
        if self.asks_who is None or not self.asks_who.search(question):
            return None
        for role, pattern in self.person_roles.items():
            if pattern.search(question):
                return "presenters" if role == "presenter" else "authors"
        return None

    def is_filler(self, word: str) -> bool:
        """A word that names nothing: a filler, a question word, or one of their inflections."""
        word = word.lower().replace("'", "").replace("’", "").strip("-")
        if not word or word in self.fillers:
            return True
        if any(word.endswith(end) and word[:-len(end)] in self.fillers for end in word_list("filler_endings")):
            return True
        return word.isalpha() and self.correct_word(word) != word  # a cue word with a slip ("expalin")

    def correct_word(self, word: str) -> str:
        """The cue word ``word`` is a slip of the keyboard of (kg.names' one policy), else the word itself.

        >>> load_rules().correct_word("prerequisits"), load_rules().correct_word("expalin")
        ('prerequisites', 'explain')
        >>> load_rules().correct_word("decoder")  # decode + r: a word of its own, not a slip of "decade"
        'decoder'
        """
        if len(word) < name_rules().cue_word_min_chars or word in self.fillers or not self._cue_vocabulary:
            return word
        if name_rules().english_words_are_not_slips and is_english_word(word):
            return word  # "integrated" is a dictionary word of its own, not a slip of "inherited"; nor is
            # "decoder" (decode + r) one of "decade"
        corrected = self._corrected.get(word)  # a question asks for the same word up to five times
        if corrected is None:
            if len(self._corrected) >= _CORRECTED_MAX:  # the words of any question: bounded, not a leak
                self._corrected.clear()
            corrected = self._corrected[word] = self._closest_cue_word(word)
        return corrected

    def _closest_cue_word(self, word: str) -> str:
        found = [(w, e) for w, e in ((w, slip_edits(word, w)) for w in self._cue_vocabulary if w[0] == word[0])
                 if e is not None]
        if not found:
            return word
        best = min(e for _, e in found)
        closest = [w for w, e in found if e == best]
        return closest[0] if len(closest) == 1 else word

    def prepare_question(self, question: str, pronouns: bool = True) -> str:
        """``it``/``they`` after a name stand for it: "X? what came before it" -> "X? what came before X";
        a polite opening ("could you ...") is dropped; a cue word with a slip is corrected."""
        question = re.sub(r"[a-z]+", lambda m: self.correct_word(m.group(0)), question)
        if self.request_prefix is not None:
            question = self.request_prefix.sub("", question) or question
        first = question.find("X")
        if first < 0 or not pronouns:
            return question
        return question[:first + 1] + self.pronouns.sub("X", question[first + 1:])

    def meeting_month(self, question: str) -> tuple[tuple, str] | None:
        """((year or None, month), the words read) of the month a question asks about, or None; for a season
        ("in fall 2024"), ((year or None, its months, the season), the words read).

        >>> rules = load_rules()
        >>> rules.meeting_month("What did we read in November?"), rules.meeting_month("papers from Feb 2024")
        (((None, 11), 'in November'), ((2024, 2), 'from Feb 2024'))
        >>> rules.meeting_month("papers in vision"), rules.meeting_month("what may I read")
        (None, None)
        >>> rules.meeting_month("what did we read in fall 2024?")  # a season: its months and its word
        ((2024, (9, 10, 11, 12), 'fall'), 'in fall 2024')
        >>> rules.meeting_month("papers in the fall of 2024")[0], rules.meeting_month("during this fall")
        ((2024, (9, 10, 11, 12), 'fall'), None)
        >>> rules.meeting_month("What is scheduled for December?"), rules.meeting_month("What loss is used for MAR?")
        (((None, 12), 'for December'), None)
        >>> rules.meeting_month("what did we read in January and February 2024?")  # months together: as a season's
        ((2024, (1, 2), 'January and February'), 'in January and February 2024')
        >>> rules.meeting_month("papers in Feb, Mar and Apr")[0], rules.meeting_month("papers from Nov to Feb")[0]
        ((None, (2, 3, 4), 'Feb, Mar and Apr'), (None, (11, 12, 1, 2), 'Nov to Feb'))
        >>> rules.meeting_month("read in January, February, and March?")[0]
        (None, (1, 2, 3), 'January, February, and March')
        >>> rules.meeting_month("between January and March 2025")[0]
        (2025, (1, 2, 3), 'January and March')
        >>> rules.meeting_month("from December to March 2025")  # over the year's end: those months, any year
        ((None, (12, 1, 2, 3), 'December to March 2025'), 'from December to March 2025')
        >>> rules.meeting_month("in Feb 2024 and Mar 2025")[0], rules.meeting_month("in March and may I ask")
        ((None, (2, 3), 'Feb 2024 and Mar 2025'), ((None, 3), 'in March'))
        """
        for pattern, run in ((self._meeting_month_run, True), (self._meeting_month_list, False)):
            for match in pattern.finditer(question) if pattern else ():
                written = match.group("between") if run and match.group("between") else match.group("months")
                written = written or ""
                words = [w for w in re.findall(r"[A-Za-z]{3,9}", written) if w.lower() not in ("and", "or")]
                numbers = [_month_number(w) for w in words if not w.isupper()]
                if None in numbers or len(numbers) < 2 or (run and len(numbers) != 2) \
                        or any(w.lower() == "may" and w != "May" for w in words[1:]):
                    continue  # not months only ("in March and the spring"; "may I ask" is a verb)
                years = set(re.findall(r"(?:19|20)\d\d", match.group(0)))
                year = int(years.pop()) if len(years) == 1 else None
                first, last = numbers[0], numbers[-1]
                if run:
                    months = tuple((first - 1 + i) % 12 + 1 for i in range((last - first) % 12 + 1))
                    year = year if last >= first else None  # over the year's end: those months of any year
                else:
                    months = tuple(dict.fromkeys(numbers))
                said = re.sub(r"^\w+\s+", "", match.group(0))  # the months as written, the year of them all aside
                said = re.sub(r"\s+(?:19|20)\d\d$", "", said) if year is not None else said
                return (year, months, said.rstrip(".")), match.group(0)
        for match in self._meeting_month.finditer(question) if self._meeting_month else ():
            month = _month_number(match.group("month"))
            if month is not None and not match.group("month").isupper():  # "for DEC", "MAR": a name, not a month
                year = int(match.group("year")) if match.group("year") else None
                return (year, month), match.group(0)
        for match in self._meeting_season.finditer(question) if self._meeting_season else ():
            season = match.group("season").lower()
            if season in self.seasons:  # "in fall 2024": the months of that term, the season's word
                year = int(match.group("year")) if match.group("year") else None
                return (year, self.seasons[season], season), match.group(0)
        return None

    def meeting_day(self, question: str) -> tuple[tuple[int | None, int, int], str] | None:
        """((year or None, month, day), the words read) of the meeting day a question names, or None.

        >>> rules = load_rules()
        >>> rules.meeting_day("Why was the 8 February 2024 meeting cancelled?")
        ((2024, 2, 8), '8 February 2024')
        >>> rules.meeting_day("what did we say on March 14th?"), rules.meeting_day("notes of 2023-11-16")
        (((None, 3, 14), 'March 14th'), ((2023, 11, 16), '2023-11-16'))
        >>> rules.meeting_day("top 5 of 2024"), rules.meeting_day("the 3 papers")
        (None, None)
        """
        at = 0
        while self._meeting_day is not None and (match := self._meeting_day.search(question, at)) is not None:
            at = match.start() + 1  # "the 8 February": "the 8" is no month and day, "8 February" is
            if match.group("iso"):
                day = datetime.date.fromisoformat(match.group("iso"))
                return (day.year, day.month, day.day), match.group(0)
            month = _month_number(match.group("month") or match.group("month2") or "")
            number = int(match.group("day") or match.group("day2"))
            if month is not None and 1 <= number <= 31:
                year = int(match.group("year")) if match.group("year") else None
                return (year, month, number), match.group(0).strip()
        return None

    def by_cue(self, question: str) -> IntentChoice | None:
        """The first cue that matches the normalized, masked question.

        A pronoun stands for the name before it, so it does not make a second name: the cues of an
        intent that needs two names (compare, path) are tried only when the question names two.
        """
        named = len(re.findall(r"\bX\b", self.prepare_question(question, pronouns=False)))
        question = self.prepare_question(question)
        for intent, pattern in self.cues:
            if self.needs.get(intent, 0) > max(named, 1):
                continue
            if pattern.search(question):
                return IntentChoice(intent, "cue", cue=pattern.pattern)
        return None

    def intent_scores(self, question: str, encoder) -> list[tuple[str, float, str]]:
        """Every intent's score for a question, best first: (intent, score, its nearest example).

        An intent's score is the mean cosine similarity of its ``exemplar_top_k`` nearest example
        questions, so one example that merely shares words with the question ("where did X first
        appear" for "where did X originate from") cannot decide alone.
        """
        key = encoder.model_id
        vectors = self._vectors.get(key)
        if vectors is None:
            vectors = self._vectors[key] = np.asarray(encoder.encode([t for _, t in self.exemplars]), dtype=np.float32)
        query = np.asarray(encoder.encode_query(self.prepare_question(question)), dtype=np.float32)
        similarities = vectors @ query
        scores = []
        for intent, rows in self._rows_of.items():
            mine = similarities[rows]
            order = np.argsort(-mine)
            scores.append((intent, float(mine[order[:self.top_k]].mean()), self.exemplars[int(rows[order[0]])][1]))
        return sorted(scores, key=lambda s: -s[1])

    def by_exemplar(self, question: str, encoder) -> IntentChoice:
        """The intent whose example questions are nearest, when it is close enough *and* ahead of the
        next intent by the margin; else ``search`` (see ``intents.yaml`` for the two figures)."""
        ranked = self.intent_scores(question, encoder)
        (intent, score, text), runner = ranked[0], (ranked[1] if len(ranked) > 1 else (None, 0.0, None))
        details = dict(similarity=score, threshold=self.threshold, runner_up=runner[0],
                       runner_up_similarity=runner[1], margin=self.margin)
        if score >= self.threshold and score - runner[1] >= self.margin:
            return IntentChoice(intent, "exemplar", exemplar=text, **details)
        return IntentChoice("search", "default", **details)


@lru_cache(maxsize=1)
def load_rules() -> IntentRules:
    """The rules shipped with the package (read once)."""
    text = resources.files("api").joinpath("intents.yaml").read_text(encoding="utf-8")
    return IntentRules(yaml.safe_load(text), "api/intents.yaml")


def _month_number(word: str) -> int | None:
    """The month a word names, by Python's own month names and abbreviations (``November``, ``feb``), else None."""
    for form in ("%B", "%b"):
        try:
            return datetime.datetime.strptime(word.title(), form).month
        except ValueError:
            continue
    return None
