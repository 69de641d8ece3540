"""No English word list left in Python (issue 24): the words the code reads live in kg/lexicon.yaml (the notes'
layout words and cue phrases in ingest/note_syntax.yaml and ingest/cues.yaml), each with a line saying what it is
for.

The check parses the packages and flags what a word list looks like in code: a set, tuple or list literal of
four or more lowercase words or phrases, and a regular expression that alternates three or more words
(``(?:what|define|explain)``, ``jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?``). Literals that name the parts of our own
data or a file format's fields are no English read from text: tests/not_word_lists.yaml lists them, each with why.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# api/ joins once its own word lists have moved to the lexicon (issue 24, worked on beside this)
PACKAGES = ("kg", "ingest", "embeddings", "api")
ALLOWED_FILE = Path(__file__).with_name("not_word_lists.yaml")

_WORD = re.compile(r"[a-z]+(?:[ '][a-z]+)*")  # a lowercase word, or a phrase of them
_SPACE = r"(?:\s|\\s[+*]?)"
#: one alternative of a regex that is a word: ``what``, ``jan(?:uary)?``, ``june?``, ``stand\s+for``
_ALTERNATIVE = rf"{_SPACE}?[A-Za-z]{{2,}}(?:\(\?:[A-Za-z]+\)\?|\?)?(?:{_SPACE}+[A-Za-z]+)*{_SPACE}*"
_WORD_ALTERNATION = re.compile(rf"(?<![\w\\])(?:{_ALTERNATIVE}\|){{2,}}{_ALTERNATIVE}")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def word_lists_in(source: str) -> list[tuple[int, tuple[str, ...]]]:
    """(line, words) of every literal or regex in ``source`` that reads as a list of English words.

    >>> word_lists_in('STOP = frozenset({"the", "a", "an", "of"})\\nKINDS = ("x1", "y_2", "z", "w")')
    [(1, ('the', 'a', 'an', 'of'))]
    >>> word_lists_in('import re\\nQ = re.compile(r"^(?:what|why|how)\\\\b")\\nJOIN = r"(?:and|or)"')
    [(2, ('what', 'why', 'how'))]
    """
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(words) == len(node.elts) >= 4 and all(_WORD.fullmatch(w) for w in words):
                found.append((node.lineno, tuple(words)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            for match in _WORD_ALTERNATION.finditer(node.value):
                found.append((node.lineno, tuple(w.strip() for w in match.group(0).split("|"))))
    return sorted(found)


def _allowed() -> list[dict]:
    entries = yaml.safe_load(ALLOWED_FILE.read_text(encoding="utf-8"))
    assert all(entry.get("why") for entry in entries), "every entry says why its words are no word list"
    return entries


def _found(package: str) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(path.relative_to(ROOT).as_posix(), line, words)
            for path in sorted((ROOT / package).rglob("*.py"))
            for line, words in word_lists_in(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_word_list_is_left_in_python(package):
    allowed = {(entry["file"], frozenset(entry["words"])) for entry in _allowed()}
    lists = [f"{file}:{line}: {' '.join(words)}" for file, line, words in _found(package)
             if (file, frozenset(words)) not in allowed]
    assert not lists, ("word lists in Python; move them to kg/lexicon.yaml with a line saying what each is for "
                       "(or, if they name our own data, to tests/not_word_lists.yaml with why):\n" + "\n".join(lists))


def test_every_allowed_literal_is_still_in_the_code():
    found = {(file, frozenset(words)) for package in PACKAGES for file, _, words in _found(package)}
    stale = [entry["file"] for entry in _allowed() if (entry["file"], frozenset(entry["words"])) not in found]
    assert not stale, f"tests/not_word_lists.yaml lists literals no longer in the code: {stale}"


def test_the_checker_sees_the_word_lists_that_used_to_be_in_the_code():
    # the shapes moved out of kg/note_questions.py, ingest/headings.py and ingest/graph_build.py (issue 24)
    old = '''import re
QUESTION_WORDS = re.compile(r"^\\s*(?:what(?:'s| is| are| was)?|why|how|explain(?:ing)?)\\b", re.IGNORECASE)
_DEFINITION_SUFFIX = re.compile(r"\\s+(?:mean|means|stand\\s+for|stands\\s+for)\\s*$")
_MONTH = re.compile(r"\\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|may|june?)\\.?")
SYMBOL_PREPOSITIONS = ("of", "in", "for", "at")
'''
    assert sorted({line for line, _ in word_lists_in(old)}) == [2, 3, 4, 5]
