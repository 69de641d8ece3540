"""Lineage as an inference over evidence: candidate paper pairs, named features, and a fitted scorer.

Groups rarely write "builds on". They write "Heron vs Wren", "Gannet comparing with Wren", "Wren
with a memory can handle long history", and they read a line of work in order. For each
pair (an earlier paper X, a discussed paper Y) this module gathers what a careful reader weighs —

- the cue of every mention of X in Y's notes (``ingest/cues.yaml``: builds on, uses, compares, none)
  and where it stands (a question line, the summary), and how many of Y's notes name X;
- whether Y's name is derived from X's (``Heron v4`` / ``Heron v1``, ``Double Wren`` / ``Wren``);
- how close the two papers' notes are (TF-IDF cosine), whether X is among the papers most like Y;
- the research track each sits in, *discovered from the notes* (:func:`discover_tracks`), and
  whether X is the paper read just before Y on that track;
- the year gap —

and a logistic scorer whose weights were fitted on labelled notes (``ingest/lineage_model.yaml``,
refitted by ``bench/fit_lineage.py``) turns them into a confidence. The cue phrases are features,
not verdicts. Hard evidence against stays hard: a forward reference ("X came later"), a ``Not:``
line, a year later than Y's.

Every function here is pure over the graph of the build; :func:`infer_lineage` is what the build
calls (phase 4 of :mod:`ingest.graph_build`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np
import yaml
from scipy import sparse

from kg.model import compact_key

__all__ = ["FEATURES", "PairCandidate", "LineageModel", "load_lineage_model", "topical_similarity", "tfidf_cosine",
           "discover_tracks", "name_derived", "published_before", "lineage_candidates", "decide", "infer_lineage",
           "explain", "suggest_predecessors"]

#: The features of a pair, in the order of the model's coefficients; each is computed below by name.
FEATURES = (
    "cue_builds_on",        # a mention of X in Y's notes with a builds-on cue ("extends X")
    "cue_uses",             # ... with a uses cue ("X as backbone")
    "cue_compares",         # ... with a comparison cue ("vs X", "same as X but", "beats X")
    "cue_none",             # ... with no cue at all ("Wren with a memory can handle long history")
    "mention_share",        # the share of Y's notes that name X
    "named_in_question",    # X is named in a question or heading line of Y's notes ("Heron vs Wren")
    "name_derived",         # Y's name extends or versions X's ("Heron v4" / "Heron v1", "Double Wren" / "Wren")
    "discussed",            # X is a paper the group discussed (not only one its notes name)
    "similarity",           # cosine of the two papers' notes (TF-IDF), 0 when X has no notes
    "most_similar_earlier",  # X is one of the two earlier papers whose notes are most like Y's
    "same_track",           # X and Y sit on one research track discovered from the notes
    "previous_in_track",    # X is the paper of Y's track read (or published) just before Y
    "previous_read",        # X is the paper discussed just before Y, whatever the track
    "close_years",          # both years known and at most three apart
    "compares_in_track",    # a comparison with a paper of the same track: how groups say what improved
    "uses_in_track",        # a component taken from the same track
    "explained_elsewhere",  # Y's notes (or the group) state another ancestor outright: a reader looks no further
    "names_its_concept",    # Y's notes name the idea X is named after or, as the catalog says, introduced ("why not BN?")
    "same_year",            # both published the same year: concurrent work more often than a predecessor
)

_WORD = re.compile(r"[a-z][a-z0-9\-]{2,}")


@dataclass(frozen=True)
class PairCandidate:
    """One (earlier, later) pair the build weighs: its features and the mention lines behind them."""

    earlier: str
    later: str
    features: dict[str, float]
    mentions: tuple[dict, ...] = ()


@dataclass(frozen=True)
class LineageModel:
    """A fitted logistic scorer: ``P(X led to Y) = sigmoid(intercept + sum(w_f * x_f))``.

    ``threshold`` is the confidence above which an edge is drawn; ``top_threshold`` (at most
    ``threshold``) the one above which a paper's single most likely predecessor is drawn (most
    papers come from one earlier paper); ``max_parents`` how many inferred predecessors a paper takes
    at most (the most confident first).

    >>> m = LineageModel({"cue_builds_on": 4.0}, -2.0, 0.5, 3)
    >>> round(m.confidence({"cue_builds_on": 1.0}), 3), round(m.confidence({}), 3)
    (0.881, 0.119)
    """

    coefficients: dict[str, float]
    intercept: float
    threshold: float
    max_parents: int
    source: str = ""
    training: dict = field(default_factory=dict)
    top_threshold: float | None = None  # None: the same as threshold
    track_neighbours: int = 4  # discover_tracks: nearest papers joined to each paper
    track_resolution: float = 1.0  # discover_tracks: Louvain resolution (higher: more, smaller tracks)
    track_concept_weight: float = 0.0  # discover_tracks: weight of shared concepts beside the notes' words
    suggestion_floor: float = 1.0  # suggest_predecessors: the least confidence of a guess shown to the group
    suggestions: int = 0  # suggest_predecessors: guesses per paper at most (0: none)

    def confidence(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(w * features.get(name, 0.0) for name, w in self.coefficients.items())
        return 1.0 / (1.0 + math.exp(-z))


MODEL_FILE = "ingest/lineage_model.yaml"


@lru_cache(maxsize=4)
def load_lineage_model(path: str | None = None) -> LineageModel:
    """The reviewed fitted scorer (``ingest/lineage_model.yaml``), or the one at ``path``."""
    if path is None:
        text, source = resources.files("ingest").joinpath("lineage_model.yaml").read_text(encoding="utf-8"), MODEL_FILE
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    raw = yaml.safe_load(text)
    unknown = set(raw["coefficients"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"{source}: coefficients of unknown features {sorted(unknown)}")
    tracks = raw.get("tracks") or {}
    suggestions = raw.get("suggestions") or {}
    return LineageModel({k: float(v) for k, v in raw["coefficients"].items()}, float(raw["intercept"]),
                        float(raw["threshold"]), int(raw["max_parents"]), source, raw.get("training") or {},
                        float(raw.get("top_threshold", raw["threshold"])), int(tracks.get("neighbours", 4)),
                        float(tracks.get("resolution", 1.0)), float(tracks.get("concept_weight", 0.0)),
                        float(suggestions.get("floor", 1.0)), int(suggestions.get("per_paper", 0)))


# --- topical closeness and tracks ---------------------------------------------------------------

def topical_similarity(texts: dict[str, str], stop_words: frozenset[str] = frozenset()) -> tuple[list[str], np.ndarray]:
    """(ids, cosine matrix) of TF-IDF vectors of each paper's notes (sublinear tf, smooth idf).

    >>> ids, S = topical_similarity({"a": "residual block depth", "b": "residual depth gradient", "c": "reward agent"})
    >>> ids, bool(S[0, 1] > S[0, 2]), round(float(S[0, 0]), 6)
    (['a', 'b', 'c'], True, 1.0)
    """
    ids = list(texts)
    bags = [[word for word in _WORD.findall(texts[paper].lower()) if word not in stop_words] for paper in ids]
    return ids, tfidf_cosine(bags)


def tfidf_cosine(bags: list[list[str]]) -> np.ndarray:
    """The cosine matrix of the TF-IDF vectors (sublinear tf, smooth idf) of bags of terms, one per row.

    >>> S = tfidf_cosine([["wren", "heron"], ["heron"], ["kite"], []])
    >>> bool(S[0, 1] > 0), float(S[0, 2]), float(S[3, 3])
    (True, 0.0, 0.0)
    """
    vocabulary: dict[str, int] = {}
    rows = []
    for bag in bags:
        counts: dict[int, int] = {}
        for term in bag:
            column = vocabulary.setdefault(term, len(vocabulary))
            counts[column] = counts.get(column, 0) + 1
        rows.append(counts)
    # sparse: a paper uses a few hundred of the corpus's words
    row_of = [i for i, counts in enumerate(rows) for _ in counts]
    columns = [column for counts in rows for column in counts]
    values = [1.0 + math.log(count) for counts in rows for count in counts.values()]
    X = sparse.csr_matrix((values, (row_of, columns)), shape=(len(bags), max(len(vocabulary), 1)))
    document_frequency = np.bincount(columns, minlength=X.shape[1])
    X = X.multiply(np.log((1 + len(bags)) / (1 + document_frequency)) + 1.0).tocsr()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1))).ravel()
    X = sparse.diags(1.0 / np.where(norms == 0, 1.0, norms)) @ X
    return np.asarray((X @ X.T).todense())


def discover_tracks(ids: list[str], similarity: np.ndarray, links: set[tuple[str, str]] = frozenset(),
                    neighbours: int = 4, resolution: float = 1.0, seed: int = 7,
                    concepts: np.ndarray | None = None, concept_weight: float = 0.0) -> dict[str, int]:
    """Research tracks from the notes: communities of a graph joining each paper to its nearest papers.

    Each paper is joined to its ``neighbours`` most similar papers (by their notes) and to the
    discussed papers its notes name or its name derives from (``links``); Louvain communities (a fixed seed: the same notes
    give the same tracks) are the tracks, numbered in the order of their first paper. ``concepts``, the
    similarity of the papers' named concepts, is blended in with ``concept_weight`` (0: the words alone):
    a short section shares few words with its line but often its concepts.

    >>> S = np.array([[1, .9, .1, 0], [.9, 1, 0, .1], [.1, 0, 1, .8], [0, .1, .8, 1]])
    >>> discover_tracks(["a", "b", "c", "d"], S, neighbours=1)
    {'a': 0, 'b': 0, 'c': 1, 'd': 1}
    """
    if concepts is not None and concept_weight:
        similarity = (1.0 - concept_weight) * similarity + concept_weight * concepts
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    for i, paper in enumerate(ids):
        order = [j for j in np.argsort(-similarity[i]) if j != i][:neighbours]
        for j in order:
            if similarity[i, j] > 0:
                weight = float(similarity[i, j])
                if graph.has_edge(paper, ids[j]):
                    weight = max(weight, graph.edges[paper, ids[j]]["weight"])
                graph.add_edge(paper, ids[j], weight=weight)
    for a, b in links:
        if a in graph and b in graph and a != b:
            graph.add_edge(a, b, weight=graph.edges[a, b]["weight"] + 0.5 if graph.has_edge(a, b) else 0.5)
    communities = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    position = {paper: i for i, paper in enumerate(ids)}
    communities = sorted(communities, key=lambda c: min(position[p] for p in c))
    return {paper: number for number, members in enumerate(communities) for paper in sorted(members, key=position.get)}


# --- names ----------------------------------------------------------------------------------------

_VERSION = re.compile(r"^(.*?)(?:v|version)?(\d+(?:\.\d+)?)$")


def _base_and_version(key: str) -> tuple[str, float | None]:
    match = _VERSION.match(key)
    if match and match.group(1) and len(match.group(1)) >= 3:
        return match.group(1).rstrip("s"), float(match.group(2))
    return key.rstrip("s") if len(key) > 4 else key, None


def name_derived(later_names, earlier_names) -> bool:
    """True when one of the later paper's names extends or versions one of the earlier paper's names.

    A version of the same base (``Heron v4`` after ``Heron v1``, ``Lark-2`` after ``Lark``, ``WrenNetV2``
    after ``WrenNets``), or the earlier name as a whole word-part of the later one (``Double Wren``,
    ``cKite``, ``ReKestrel`` after ``Kestrel``); names shorter than three letters never count.

    >>> name_derived(["Heron v4"], ["Heron v1", "Heron"]), name_derived(["Double Wren", "DWren"], ["Wren"])
    (True, True)
    >>> name_derived(["Lark-2"], ["Lark"]), name_derived(["WrenNetV2"], ["WrenNets"])
    (True, True)
    >>> name_derived(["GullNet"], ["ErnNet"]), name_derived(["Heron v1"], ["Heron v4"]), name_derived(["WRQN"], ["WQN"])
    (False, False, False)
    """
    return _keys_derived(_name_keys(later_names), _name_keys(earlier_names))


def _name_keys(names) -> tuple[tuple[str, str, float | None], ...]:
    """Each name as (compact key, base, version): read once per paper, compared for many pairs."""
    return tuple((key, *_base_and_version(key)) for key in map(compact_key, names) if key)


def _keys_derived(later_keys, earlier_keys) -> bool:
    for lkey, lbase, lversion in later_keys:
        for ekey, ebase, eversion in earlier_keys:
            if len(ekey) < 3 or lkey == ekey:
                continue
            if lbase == ebase and lversion is not None and (eversion is None or lversion > eversion):
                return True
            if eversion is None and (lkey.endswith(ekey) or lkey.startswith(ekey) or (len(ekey) >= 4 and ekey in lkey)):
                return True
    return False


# --- candidates and their features ----------------------------------------------------------------

def _names_of(G: nx.MultiDiGraph, node: str) -> list[str]:
    data = G.nodes[node]
    return [n for n in [data.get("name", ""), *data.get("aliases", ())] if n]


def _when(G: nx.MultiDiGraph, paper: str) -> tuple[int | None, int]:
    return G.nodes[paper].get("year"), G.nodes[paper].get("order", 10_000)


def _precedes(earlier: tuple[int | None, int], later: tuple[int | None, int]) -> bool:
    (a, a_order), (b, b_order) = earlier, later
    if a is not None and b is not None and a != b:
        return a < b
    return a_order < b_order


def published_before(G: nx.MultiDiGraph, earlier: str, later: str) -> bool:
    """Whether both years are known and ``earlier``'s is the smaller: then a "later" cue naming it in ``later``'s
    notes ("Orca next week", "we read it after X") tells the group's reading order, not the papers' order.

    >>> G = nx.MultiDiGraph(); G.add_node("orca", year=2022); G.add_node("vllm", year=2023); G.add_node("kite")
    >>> published_before(G, "orca", "vllm"), published_before(G, "vllm", "orca"), published_before(G, "kite", "vllm")
    (True, False, False)
    """
    a, b = (G.nodes[n].get("year") if n in G else None for n in (earlier, later))
    return a is not None and b is not None and a < b


def lineage_candidates(G: nx.MultiDiGraph, notes_of: dict[str, list], mentions, ruled_out: set[tuple[str, str]],
                       stop_words: frozenset[str] = frozenset(), neighbours: int = 4, resolution: float = 1.0,
                       stated: set[tuple[str, str]] = frozenset(),
                       concept_of: dict[str, str] | None = None,
                       concept_weight: float = 0.0) -> tuple[list[PairCandidate], dict[str, int]]:
    """Every pair worth weighing, with its features; and the discovered track of each discussed paper.

    ``notes_of`` maps each discussed paper to its notes (:class:`ingest.records.Note`); ``mentions``
    are the build's :class:`ingest.graph_build.PaperMention` records; ``ruled_out`` the pairs hard
    evidence forbids (a forward reference, a ``Not:`` line); ``stated`` the (earlier, later) pairs the
    group states (``Builds on:``, papers.yaml); ``concept_of`` the concept each discussed paper is named
    like (a paper named after the idea it proposed); ``concept_weight`` how much the concepts two papers'
    notes name count beside their words when tracks are discovered. A pair is weighed when Y's notes name
    X or the idea X is named after (and X is not later than Y), or when X is a discussed paper before
    Y that is among the five whose notes are most like Y's, among the three read just before it, or
    whose name Y's extends.
    """
    discussed = sorted(notes_of, key=lambda n: (G.nodes[n].get("order", 10_000), n))
    texts = {p: " ".join([*_names_of(G, p), *(n.text for n in notes_of[p])]) for p in discussed}
    ids, S = topical_similarity(texts, stop_words)
    index = {p: i for i, p in enumerate(ids)}
    by_pair: dict[tuple[str, str], list] = {}
    for m in mentions:
        by_pair.setdefault((m.named, m.paper), []).append(m)
    links = {(a, b) for a, b in by_pair if a in index and b in index}
    when = {p: _when(G, p) for p in discussed}  # read once: the pairs below are many
    keys = {p: _name_keys(_names_of(G, p)) for p in discussed}
    derived = {(a, b) for a in discussed for b in discussed
               if a != b and _precedes(when[a], when[b]) and _keys_derived(keys[b], keys[a])}
    links |= derived  # a version of a paper is on its line
    position = {p: i for i, p in enumerate(discussed)}
    named_ideas: dict[str, set[str]] = {}  # paper -> the papers whose namesake idea its notes name
    papers_of_concept: dict[str, set[str]] = {}
    for paper, concept in (concept_of or {}).items():
        papers_of_concept.setdefault(concept, set()).add(paper)
    for concept, data in G.nodes(data=True):  # a concept the catalog says a discussed paper introduced
        if data.get("type") == "concept" and data.get("introduced_by") in notes_of:
            papers_of_concept.setdefault(concept, set()).add(data["introduced_by"])
    concept_bags: dict[str, list[str]] = {}  # paper -> the concepts its notes name, once per note
    for y in discussed:
        for note in G.predecessors(y):
            if G.nodes[note].get("type") != "note":
                continue
            for _, concept, key in G.out_edges(note, keys=True):
                if concept_weight and key == "mentions" and G.nodes[concept].get("type") == "concept":
                    concept_bags.setdefault(y, []).append(concept)
                if key == "mentions" and concept in papers_of_concept:
                    named_ideas.setdefault(y, set()).update(papers_of_concept[concept] - {y})
    C = tfidf_cosine([concept_bags.get(p, []) for p in ids]) if concept_weight else None  # only when weighed
    tracks = discover_tracks(ids, S, links, neighbours, resolution, concepts=C,
                             concept_weight=concept_weight) if ids else {}
    # the line of work the group gives a paper (front matter, a Track: line) wins over the one discovered
    given = {p: G.nodes[p]["track"] for p in discussed if G.nodes[p].get("track_source") == "group"}
    line_of = {p: ("group", given[p]) if p in given else ("found", tracks.get(p)) for p in discussed}
    outright: dict[str, set[str]] = {}  # later -> earlier papers stated or named with a builds-on cue
    for earlier, later in stated:
        outright.setdefault(later, set()).add(earlier)
    for m in mentions:
        read_later = m.named in when and m.paper in when and not _precedes(when[m.named], when[m.paper])
        if m.relation == "builds_on" and not read_later:  # "built on this -> [[Kite]]", Kite read later: no ancestor
            outright.setdefault(m.paper, set()).add(m.named)

    named_in: dict[str, set[str]] = {}  # later paper -> the papers its notes name, or its name derives from
    for x, later in [*by_pair, *derived]:
        if x in G and x != later:
            named_in.setdefault(later, set()).add(x)
    candidates = []
    for y in discussed:
        earlier_discussed = [x for x in discussed if x != y and _precedes(when[x], when[y])]
        earlier_set = set(earlier_discussed)
        ranked = sorted(earlier_discussed, key=lambda x: -S[index[y], index[x]])
        top2 = set(ranked[:2])
        read_before = discussed[max(0, position[y] - 3):position[y]]
        previous_read = read_before[-1] if read_before else None
        same_track_before = [x for x in earlier_discussed if line_of[x] == line_of[y]]
        previous_in_track = max(same_track_before, key=lambda x: (G.nodes[x].get("year") or 0, position[x]),
                                default=None)
        pool = set(ranked[:5]) | (set(read_before) & earlier_set) | named_in.get(y, set())
        pool |= named_ideas.get(y, set()) & earlier_set
        y_notes = notes_of[y]
        for x in sorted(pool):
            if (x, y) in ruled_out or G.nodes[x].get("type") != "paper":
                continue
            a, b = G.nodes[x].get("year"), G.nodes[y].get("year")
            if a is not None and b is not None and a > b:
                continue
            if x in when and not _precedes(when[x], when[y]):
                continue  # a discussed paper of the same year read after Y (or undated, later in the notes)
            found = by_pair.get((x, y), [])
            relations = {m.relation for m in found}
            if "later" in relations and not published_before(G, x, y):
                continue  # "X came later"; where the years say X was published first, the cue is the reading order
            relations.discard("later")
            # the share of Y's notes naming X: a naming outside the notes (a Related field) is none of them
            noted = {m.evidence["note"] for m in found if m.evidence.get("note")}
            in_question = any(m.evidence.get("text") and _is_question_line(m.evidence, y_notes) for m in found)
            in_track = x in index and line_of[x] == line_of[y]
            features = {
                "cue_builds_on": float("builds_on" in relations),
                "cue_uses": float("uses" in relations),
                "cue_compares": float("compares" in relations),
                "cue_none": float("none" in relations),
                "mention_share": len(noted) / max(len(y_notes), 1),
                "named_in_question": float(in_question),
                "name_derived": float(_keys_derived(keys[y], keys.get(x) or _name_keys(_names_of(G, x)))),
                "discussed": float(x in index),
                "similarity": float(S[index[y], index[x]]) if x in index else 0.0,
                "most_similar_earlier": float(x in top2),
                "same_track": float(in_track),
                "previous_in_track": float(x == previous_in_track),
                "previous_read": float(x == previous_read and x in earlier_set),
                "close_years": float(a is not None and b is not None and b - a <= 3),
            }
            features["compares_in_track"] = features["cue_compares"] * features["same_track"]
            features["uses_in_track"] = features["cue_uses"] * features["same_track"]
            features["explained_elsewhere"] = float(bool(outright.get(y, set()) - {x}))
            features["names_its_concept"] = float(x in named_ideas.get(y, set()))
            features["same_year"] = float(a is not None and a == b)
            candidates.append(PairCandidate(x, y, features, tuple(m.evidence for m in found)))
    return candidates, tracks


def _is_question_line(evidence: dict, notes) -> bool:
    """True when the mention's line is a note's question (or heading) rather than an answer."""
    line = evidence.get("line")
    return any(n.source.line == line and n.question for n in notes)


_REASONS = {
    "cue_builds_on": "its notes say it builds on it",
    "cue_compares": "its notes compare the two",
    "cue_none": "its notes name it",
    "cue_uses": "its notes name it as a part it uses",
    "named_in_question": "named in a question of the notes",
    "name_derived": "its name is derived from it",
    "names_its_concept": "its notes name the idea it is named after",
    "most_similar_earlier": "among the two earlier papers whose notes are most alike",
    "same_track": "on the same research line",
    "previous_in_track": "the previous paper of that line",
    "previous_read": "discussed just before it",
}


def explain(candidate: PairCandidate) -> str:
    """The features that made an edge, in words (for the evidence line and ``kg lineage``).

    >>> explain(PairCandidate("a", "b", {"cue_compares": 1.0, "same_track": 1.0, "similarity": 0.42}))
    'its notes compare the two; on the same research line; notes similarity 0.42'
    """
    reasons = [text for name, text in _REASONS.items() if candidate.features.get(name)]
    if candidate.features.get("similarity"):
        reasons.append(f"notes similarity {candidate.features['similarity']:.2f}")
    return "; ".join(reasons)


def decide(scored: list[tuple[object, float]], threshold: float, top_threshold: float, max_parents: int) -> list:
    """Of one paper's scored candidates, most confident first, those drawn: the first when it reaches
    ``top_threshold``, the others when they reach ``threshold``; at most ``max_parents``.

    >>> decide([("a", 0.6), ("b", 0.55), ("c", 0.9)], 0.8, 0.5, 3)
    ['c']
    >>> decide([("a", 0.6), ("b", 0.55)], 0.8, 0.5, 3)
    ['a']
    """
    ordered = sorted(scored, key=lambda cp: -cp[1])
    chosen = [item for i, (item, p) in enumerate(ordered) if p >= (top_threshold if i == 0 else threshold)]
    return chosen[:max_parents]


def infer_lineage(candidates: list[PairCandidate], model: LineageModel,
                  explained: set[str] = frozenset()) -> list[tuple[PairCandidate, float]]:
    """The pairs the model draws an edge for, with their confidence (:func:`decide` per later paper).

    A paper in ``explained`` already has a predecessor from what the group states or the catalog
    cites: its most likely candidate needs ``threshold`` like the others, not ``top_threshold``.

    >>> m = LineageModel({"cue_builds_on": 4.0}, -2.0, 0.5, 1)
    >>> picked = infer_lineage([PairCandidate("a", "c", {"cue_builds_on": 1.0}), PairCandidate("b", "c", {})], m)
    >>> [(c.earlier, round(p, 2)) for c, p in picked]
    [('a', 0.88)]
    >>> m = LineageModel({"cue_none": 2.5}, -2.0, 0.7, 1, top_threshold=0.6)
    >>> [c.earlier for c, _ in infer_lineage([PairCandidate("a", "c", {"cue_none": 1.0})], m)]
    ['a']
    >>> infer_lineage([PairCandidate("a", "c", {"cue_none": 1.0})], m, explained={"c"})
    []
    """
    by_later: dict[str, list[tuple[PairCandidate, float]]] = {}
    for candidate in candidates:
        by_later.setdefault(candidate.later, []).append((candidate, model.confidence(candidate.features)))
    chosen = []
    top = model.threshold if model.top_threshold is None else model.top_threshold
    for later in sorted(by_later):
        scored = sorted(by_later[later], key=lambda cp: (-cp[1], cp[0].earlier))
        first = model.threshold if later in explained else top
        chosen += decide([(cp, cp[1]) for cp in scored], model.threshold, first, model.max_parents)
    return chosen


def suggest_predecessors(candidates: list[PairCandidate], model: LineageModel,
                         has_predecessor: set[str]) -> dict[str, list[tuple[PairCandidate, float]]]:
    """For each later paper not in ``has_predecessor``, the scorer's best guesses it did not draw.

    At most ``model.suggestions`` candidates of at least ``model.suggestion_floor`` confidence and under
    ``model.threshold`` (one above it was drawn, or refused: a cycle), the most confident first: the group confirms one with ``Builds on: X`` (``kg doctor``, ``kg lineage``).

    >>> m = LineageModel({"cue_none": 2.0}, -1.0, 0.9, 1, suggestion_floor=0.5, suggestions=1)
    >>> pairs = [PairCandidate("a", "c", {"cue_none": 1.0}), PairCandidate("b", "c", {}), PairCandidate("a", "d", {})]
    >>> guessed = suggest_predecessors(pairs, m, set())
    >>> {later: [(c.earlier, round(p, 2)) for c, p in guesses] for later, guesses in guessed.items()}
    {'c': [('a', 0.73)]}
    >>> suggest_predecessors(pairs, m, {"c"})
    {}
    """
    by_later: dict[str, list[tuple[PairCandidate, float]]] = {}
    for candidate in candidates:
        if candidate.later in has_predecessor:
            continue
        confidence = model.confidence(candidate.features)
        if model.suggestion_floor <= confidence < model.threshold:  # at the threshold it was drawn, or refused
            by_later.setdefault(candidate.later, []).append((candidate, confidence))
    return {later: sorted(guesses, key=lambda cp: (-cp[1], cp[0].earlier))[:model.suggestions]
            for later, guesses in sorted(by_later.items()) if model.suggestions > 0}
