"""People: the authors and presenters of the papers, and the people a question or a query names.

A paper node holds ``authors`` (from the catalog, the group's BibTeX, front matter or its heading) and
``presenters`` (the group's ``Presenter:`` lines and front matter). A person is named by their full name,
or by their family name alone when it is long enough to be a name rather than a word (``min_chars`` of
``kg/name_rules.yaml``, and no English word): "Quenby" names Ada Quenby, "Marsh" (a word) names nobody.
A presenter, a member of the group, is also named by their given name ("Tomás" for Tomás Ruiz) when that is
no English word and nobody else's.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import networkx as nx

from kg.lexicon import is_english_word
from kg.model import NAME_WORD, chronological_key, compact_key
from kg.names import name_rules

__all__ = ["ROLES", "PersonMention", "people_of", "find_people", "papers_of_person"]

#: the two ways a person is tied to a paper, with the node attribute that lists them
ROLES = {"author": "authors", "presenter": "presenters"}
#: the mark of a key that is a presenter's first name and also a word: matched capitalised inside a sentence
_AS_WORD = "~"
#: each graph's person keys, built once (a snapshot's graph never changes)
_KEYS: "weakref.WeakKeyDictionary[nx.MultiDiGraph, dict]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class PersonMention:
    """A person named in text: the name as the graph writes it, the words as written and where, and the
    papers with the role the person had in each."""

    name: str
    text: str
    start: int
    end: int
    papers: tuple[tuple[str, str], ...]  # (paper id, role)

    def as_dict(self) -> dict:
        return {"name": self.name, "text": self.text, "span": [self.start, self.end],
                "papers": [{"id": p, "role": r} for p, r in self.papers]}


def _names(value) -> list[str]:
    return [str(n).strip() for n in value or () if str(n).strip() and str(n).strip().lower().rstrip(".") != "et al"]


def people_of(G: nx.MultiDiGraph, paper: str) -> dict[str, list[str]]:
    """``{"authors": [...], "presenters": [...]}`` of a paper ("et al." left out).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("quill", type="paper", authors=["Ada Moss", "et al."], presenters=["Lee Marsh"])
    >>> people_of(G, "quill")
    {'authors': ['Ada Moss'], 'presenters': ['Lee Marsh']}
    """
    data = G.nodes[paper]
    return {attribute: _names(data.get(attribute)) for attribute in ROLES.values()}


def _person_keys(G: nx.MultiDiGraph) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """compact key -> {person's name -> [(paper, role)]}: every full name, and every family name that is a
    name (long enough, no English word)."""
    cached = _KEYS.get(G)
    if cached is not None:
        return cached
    keys: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for paper, data in G.nodes(data=True):
        if data.get("type") != "paper":
            continue
        for role, attribute in ROLES.items():
            for person in _names(data.get(attribute)):
                words = NAME_WORD.findall(person)
                written = {compact_key(person)}
                family = words[-1] if words else ""
                if len(words) > 1 and len(compact_key(family)) >= name_rules().min_chars \
                        and not is_english_word(family):
                    written.add(compact_key(family))
                given = words[0] if len(words) > 1 else ""
                if role == "presenter" and len(compact_key(given)) >= name_rules().given_name_min_chars:
                    # a member of the group, called by their first name; one that is also a word ("Maya",
                    # "Lee") only where it is written with a capital inside a sentence (find_people)
                    written.add(compact_key(given) if not is_english_word(given) else _AS_WORD + compact_key(given))
                for key in written - {""}:
                    keys.setdefault(key, {}).setdefault(person, []).append((paper, role))
    _KEYS[G] = keys
    return keys


def find_people(G: nx.MultiDiGraph, text: str, word_first_names: bool = False) -> list[PersonMention]:
    """The people ``text`` names, in text order: runs of up to four capitalised words that are a person's full
    name or family name (longest first). A presenter's first name that is also a word ("Lee") names them only
    with ``word_first_names`` (the text asks who presented what) and written with a capital inside a sentence.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("quill", type="paper", year=2016, authors=["Ada Quenby"], presenters=["Lee Marsh", "Tove Ruiz"])
    >>> [(m.name, m.papers) for m in find_people(G, "what did Lee Marsh present? and Quenby? and Marsh?")]
    [('Lee Marsh', (('quill', 'presenter'),)), ('Ada Quenby', (('quill', 'author'),))]
    >>> [m.name for m in find_people(G, "what did Tove present? and Ada?")]  # a presenter's first name
    ['Tove Ruiz']
    >>> [m.name for m in find_people(G, "which papers did Lee present? Lee said", word_first_names=True)]
    ['Lee Marsh']
    >>> find_people(G, "why did Lee think so?")  # a first name that is a word, where no presenting is asked
    []
    """
    keys = _person_keys(G)
    if not keys:
        return []
    words = list(NAME_WORD.finditer(text))
    found: list[PersonMention] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            run = words[i:i + size]
            if not run[0].group(0)[:1].isupper():
                continue
            people = keys.get(compact_key(" ".join(w.group(0) for w in run)))
            if not people and word_first_names and size == 1 and text[:run[0].start()].strip() \
                    and text[:run[0].start()].rstrip()[-1] not in ".!?:;\"'“(":
                people = keys.get(_AS_WORD + compact_key(run[0].group(0)))  # "which papers did Maya present"
            if len(people or ()) == 1:  # a family name two people share names neither
                (person, papers), = people.items()
                ordered = tuple(sorted(dict.fromkeys(papers), key=lambda p: chronological_key(G, p[0])))
                found.append(PersonMention(person, text[run[0].start():run[-1].end()], run[0].start(), run[-1].end(),
                                           ordered))
                i += size
                break
        else:
            i += 1
    return found


def papers_of_person(G: nx.MultiDiGraph, person: PersonMention, role: str | None = None) -> list[str]:
    """The papers of a person found in text, oldest first; only those where they had ``role`` when given."""
    return [paper for paper, had in person.papers if role is None or had == role]
