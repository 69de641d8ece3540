"""The one name index: every name an entity answers to, looked up exactly or with a slip, and found in text.

Names are compared as *compact keys* (lowercase letters and digits), so ``Mask RCNN`` is ``Mask R-CNN``.
A lookup answers with the entity and how it matched (its id, name, title, an alias, or a slip); a slip
is decided by the one policy of :mod:`kg.names.slips`. rapidfuzz only picks the candidates, with a cut-off
derived from the policy's own limits, so it never decides.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import networkx as nx
import numpy as np
from rapidfuzz import fuzz, process

from kg.lexicon import is_english_word
from kg.model import NAME_WORD, compact_key
from kg.names.rules import NameRules, name_rules
from kg.names.slips import is_acronym, is_plural_of, is_typed_acronym, name_slip_edits, name_words

__all__ = ["NameIndex", "NameMatch", "Mention", "name_index", "graph_names", "node_names"]

#: how a key names its entity, most direct first: when an id and a name share a key, it is the name
HOW_RANK = {"name": 0, "id": 1, "alias": 2, "title": 3}
#: which entity a key shared by several means first: a paper, then a concept
TYPE_RANK = {"paper": 0, "concept": 1, "note": 2}
#: "NeRF's encoding", "the GANs' loss": a possessive ending is not part of the name it follows
_POSSESSIVE = re.compile(r"(?<=[A-Za-z0-9])['’]s?$")
#: a node answers to several keys (id, name, aliases): look at this many keys per suggestion wanted
_KEYS_PER_SUGGESTION = 4
_INDEXES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, NameIndex]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class NameMatch:
    """What a name means: the entity, how (``id``, ``name``, ``title``, ``alias`` or ``slip``), the slips
    counted, and the near entities it was not taken for (another name, or as close as the one taken)."""

    node: str
    how: str
    edits: int = 0
    refused: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A name found in text: the entity id, the words as written, and the match score (100 = exact)."""

    entity: str
    surface: str
    start: int
    end: int
    score: float


def node_names(node: str, data: dict) -> list[tuple[str, str]]:
    """(name, how) for each name a node answers to: its id, its name, a paper's title, its aliases."""
    names = [(node, "id"), (data.get("name", ""), "name")]
    if data.get("type") == "paper":
        names.append((data.get("title", ""), "title"))
    names.extend((alias, "alias") for alias in data.get("aliases", ()))
    return [(name, how) for name, how in names if name]


def graph_names(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, str]]]:
    """Every paper's and concept's names as ``{node: [(name, how)]}`` (notes are found by their id only)."""
    return {node: node_names(node, data) for node, data in G.nodes(data=True)
            if data.get("type") in ("paper", "concept")}


def name_index(G: nx.MultiDiGraph) -> "NameIndex":
    """The name index of a graph, built once per graph (a snapshot's graph never changes)."""
    index = _INDEXES.get(G)
    if index is None:
        index = _INDEXES[G] = NameIndex(graph_names(G), rank=lambda node: (TYPE_RANK[G.nodes[node]["type"]], node))
    return index


class NameIndex:
    """Match names and text against ``{entity: [names]}`` (or ``[(name, how)]``). A name several entities
    share means the first listed, or the first by ``rank`` (the graph's index: a paper, then by id).
    Names shorter than ``min_key_chars`` (compact) are looked up but never found in running text (the
    letter "d" in a sentence is no node). Build once, then :meth:`lookup` a name or :meth:`find` names in text.
    """

    def __init__(self, names_by_entity: Mapping[str, Iterable[str | tuple[str, str]]], min_key_chars: int = 2,
                 rules: NameRules | None = None, rank: Callable[[str], tuple] | None = None):
        self.rules = rules or name_rules()
        self.min_key_chars = min_key_chars  # shorter keys are looked up, never found in running text
        self.owners: dict[str, list[tuple[str, str]]] = {}  # key -> [(entity, how)], first listed first
        self.words: dict[str, set[tuple[str, ...]]] = {}  # key -> the word splits of the names behind it
        for entity, names in names_by_entity.items():
            best: dict[str, str] = {}
            for item in names:
                name, how = item if isinstance(item, tuple) else (item, "name")
                key = compact_key(name)
                if not key:
                    continue
                self.words.setdefault(key, set()).add(name_words(name))
                if key not in best or HOW_RANK[how] < HOW_RANK[best[key]]:
                    best[key] = how
            for key, how in best.items():
                self.owners.setdefault(key, []).append((entity, how))
        if rank is not None:
            for owners in self.owners.values():
                owners.sort(key=lambda owner: rank(owner[0]))
        self.by_key = {key: owners[0][0] for key, owners in self.owners.items()}
        self.keys_of: dict[str, list[str]] = {}  # entity -> its keys
        for key, owners in self.owners.items():
            for entity, _how in owners:
                self.keys_of.setdefault(entity, []).append(key)
        self.keys = list(self.owners)
        text_keys = [k for k in self.keys if len(k) >= self.rules.text_min_chars and not k.isdigit()]
        self._text_keys_by_letter: dict[str, list[str]] = {}
        for key in text_keys:
            self._text_keys_by_letter.setdefault(key[0], []).append(key)
        self._typed_cutoff = self.rules.candidate_min_ratio(self.rules.min_chars)
        self._text_cutoff = self.rules.candidate_min_ratio(self.rules.text_min_chars)

    # --- one name -------------------------------------------------------------------------------
    def lookup(self, name: str, accept: Callable[[str], bool] | None = None) -> NameMatch | None:
        """What ``name`` means: an exact key (id, name, title, alias), else the one entity it is a slip of.

        >>> index = NameIndex({"resnet": ["ResNet"], "resnext": ["ResNeXt"], "cgan": ["cGAN"]})
        >>> index.lookup("Res-Net"), index.lookup("resnte").how, index.lookup("DCGAN")
        (NameMatch(node='resnet', how='name', edits=0, refused=()), 'slip', None)
        """
        key = compact_key(name or "")
        if not key:
            return None
        for entity, how in self.owners.get(key, ()):
            if accept is None or accept(entity):
                return NameMatch(entity, how)
        return self._slip(name, key, accept)

    def match_name(self, name: str) -> str | None:
        """The entity a whole name means, exactly or with a slip, else None."""
        found = self.lookup(name)
        return found.node if found is not None else None

    def _slip(self, name: str, key: str, accept) -> NameMatch | None:
        rules = self.rules
        # the plural of a name, however short (GANs); a name in capitals throughout is written as it is
        # ("VITS" is no plural of ViT: a plural's ending is written in lower case, "ViTs")
        plural_stems = (key[:-1], key[:-2]) if not (name.isupper() and len(name_words(name)) == 1) else ()
        for stem in plural_stems:
            for entity, _ in self.owners.get(stem, ()) if is_plural_of(key, stem) else ():
                if accept is None or accept(entity):
                    return NameMatch(entity, "slip", 1)  # the plural of a name, however short (GANs)
        if len(key) < rules.min_chars or "/" in name:
            return None  # short names and ids are matched exactly
        if is_typed_acronym(name, rules):
            return None  # "DCGAN" typed in capitals is that name or none
        words = name_words(name)
        english = (rules.english_words_are_not_slips and len(words) == 1 and is_english_word(words[0]))
        close: dict[str, int] = {}  # entity -> the fewest slips of any of its names
        refused: list[str] = []
        for candidate, _, _ in process.extract(key, self.keys, scorer=fuzz.ratio, limit=None,
                                               score_cutoff=self._typed_cutoff):
            nodes = [entity for entity, _ in self.owners[candidate] if accept is None or accept(entity)]
            if not nodes:
                continue
            splits = [e for e in (name_slip_edits(words, split, rules) for split in self.words[candidate])
                      if e is not None]
            if not splits or (english and not is_plural_of(key, candidate)):
                refused.append(nodes[0])  # another name ("beat" is a word of its own, not BERT)
                continue
            close[nodes[0]] = min(close.get(nodes[0], 1_000), min(splits))
        if not close:
            return None
        fewest = min(close.values())
        best = [entity for entity, edits in close.items() if edits == fewest]
        if len(best) != 1:
            return None  # as close to two names: never guessed
        others = dict.fromkeys([*refused, *close])
        return NameMatch(best[0], "slip", fewest, tuple(n for n in others if n != best[0]))

    # --- names in text --------------------------------------------------------------------------
    def _candidates(self, text: str):
        """(word keys, n-grams): each n-gram is (compact key, first word, last word + 1, start, end)."""
        words = []
        for m in NAME_WORD.finditer(text):
            possessive = _POSSESSIVE.search(m.group(0))
            end = m.start() + possessive.start() if possessive else m.end()
            words.append((compact_key(text[m.start():end]), m.start(), end))
        grams = []
        for i in range(len(words)):
            key = ""
            for n in range(1, self.rules.text_max_words + 1):
                if i + n > len(words):
                    break
                if n > 1 and "\n" in text[words[i + n - 2][2]:words[i + n - 1][1]]:
                    break  # a name does not run across lines
                key += words[i + n - 1][0]
                grams.append((key, i, i + n, words[i][1], words[i + n - 1][2]))
        return [w[0] for w in words], grams

    def find(self, text: str, fuzzy: bool = True, accept: Callable[[str], bool] | None = None) -> list[Mention]:
        """All non-overlapping names in ``text``, in text order: exact ones first, then the longest.

        >>> index = NameIndex({"quillnorm": ["Quillnorm"], "drift": ["tidal drift"]})
        >>> [(m.entity, m.surface) for m in index.find("Quilnorm and the tidall drift")]
        [('quillnorm', 'Quilnorm'), ('drift', 'tidall drift')]
        """
        rules = self.rules
        word_keys, grams = self._candidates(text)
        found = []
        for key, first, last, start, end in grams:
            entity = self.by_key.get(key) if len(key) >= self.min_key_chars else None
            if entity is not None and (accept is None or accept(entity)):
                found.append((last - first, 100.0, entity, first, last, start, end))
        if fuzzy and grams and self._text_keys_by_letter:
            written = [m.group(0) for m in NAME_WORD.finditer(text)]
            by_letter: dict[str, list] = {}
            acronym: dict[int, bool] = {}  # word index -> written as an acronym, looked at only when needed
            for gram in grams:
                if len(gram[0]) < rules.text_min_chars or gram[0] in self.by_key:
                    continue
                codes = [acronym.setdefault(i, is_acronym(written[i], rules)) for i in range(gram[1], gram[2])]
                if all(codes):
                    continue  # "DDPG" is a name as written or nothing: no slip of another name
                by_letter.setdefault(gram[0][0], []).append(gram)
            for letter, long_grams in by_letter.items():  # a slip keeps the first letter: compare within it
                names = self._text_keys_by_letter.get(letter)
                if not names:
                    continue
                scores = process.cdist([g[0] for g in long_grams], names, scorer=fuzz.ratio,
                                       score_cutoff=self._text_cutoff, dtype=np.float32, workers=1)
                rows, cols = np.nonzero(scores)
                for row, col in zip(rows.tolist(), cols.tolist()):
                    key, first, last, start, end = long_grams[row]
                    name = names[col]
                    entity = self.by_key[name]
                    if accept is not None and not accept(entity):
                        continue
                    codes = tuple(acronym[i] for i in range(first, last))
                    if self._text_slip(word_keys[first:last], key, name, codes) is None:
                        continue
                    found.append((last - first, float(scores[row, col]), entity, first, last, start, end))
        found.sort(key=lambda m: (m[1] < 100, -m[0], -m[1], m[3]))  # exact first, then longest
        taken: set[int] = set()
        mentions = []
        for _, score, entity, first, last, start, end in found:
            span = set(range(first, last))
            if span & taken:
                continue
            taken |= span
            mentions.append(Mention(entity, text[start:end], start, end, score))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _text_slip(self, words: list[str], key: str, name: str, codes: tuple[bool, ...] = ()) -> int | None:
        """The slips between the words of a run of text and a known name, word for word, else None; a word
        written as a code name (``codes``) must be the name's word exactly ("Doubel DQN", not "Double DQX")."""
        rules = self.rules
        if (rules.english_words_are_not_slips and len(words) == 1 and not is_plural_of(key, name)
                and is_english_word(words[0])):
            return None  # "transformed" is a word, not a slip of Transformer
        splits = [e for e in (name_slip_edits(tuple(words), split, rules, codes) for split in self.words[name]
                              if len(split) == len(words)) if e is not None]
        return min(splits) if splits else None

    # --- suggestions ----------------------------------------------------------------------------
    def suggest(self, name: str, limit: int = 5) -> list[tuple[str, float]]:
        """The entities with the closest names to ``name``, best first: ``[(entity, score)]``, each scoring
        ``suggestion_min_score`` or more (name_rules.yaml says what that floor trades).

        The score is rapidfuzz's ``ratio`` (0-100) of compact keys, for the written name whole; a run of its
        words counts too where the run is a known name or a slip of one (:meth:`lookup`), and so does a word
        that is no English word (a coined name: ``heronnnet-ish thing`` suggests HeronNet), but never an English
        word alone ("latent" in a name the graph lacks is not "latent code"). Never a partial match against
        long titles, where any name shares a stretch of letters with some title.

        >>> index = NameIndex({"heron": ["HeronNet"], "quill": ["Quill Networks"]})
        >>> index.suggest("heronnnet-ish thing"), index.suggest("Tessellator")
        ([('heron', 94.1)], [])
        """
        floor = self.rules.suggestion_min_score
        query = compact_key(name or "")
        if not query:
            return []
        found: dict[str, float] = {}
        for key, score, _ in process.extract(query, self.keys, scorer=fuzz.ratio, limit=limit * _KEYS_PER_SUGGESTION,
                                             score_cutoff=floor):
            for entity, _how in self.owners[key]:
                found[entity] = max(found.get(entity, 0), round(score, 1))
        words = [m.group(0) for m in NAME_WORD.finditer(name or "")]
        for size in range(1, min(len(words), self.rules.text_max_words + 1)):
            for i in range(len(words) - size + 1):
                run = " ".join(words[i:i + size])
                match = self.lookup(run)
                if match is not None:  # a known name, a slip or a plural of one
                    candidates = [(k, match.node) for k in self.keys_of[match.node]]
                elif size == 1 and len(compact_key(run)) >= self.rules.min_chars and not is_english_word(run):
                    candidates = [(k, e) for k, _, _ in process.extract(compact_key(run), self.keys, scorer=fuzz.ratio,
                                                                        limit=limit, score_cutoff=floor)
                                  for e, _how in self.owners[k]]  # a coined word: "convolutionnn"
                else:
                    continue  # an English word ("beat", "latent") is that word, not part of a name
                for key, entity in candidates:
                    score = round(fuzz.ratio(compact_key(run), key), 1)
                    if score >= floor:
                        found[entity] = max(found.get(entity, 0), score)
        return sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]
