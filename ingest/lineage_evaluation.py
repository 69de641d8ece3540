"""Score a group's graph against a gold file written from its notes: lineage must/must-not, foreign share, concepts.

Two gold layouts are read (YAML):

- by paper name: ``tracks`` ({track: [paper names]}), ``lineage`` ({paper name: {must: [...],
  must_not: [...]}}), ``concepts`` ({real: [...], not: [...]});
- by pairs: ``papers`` ([{name, id, track, ...}]), ``lineage`` ({must: [[earlier, later], ...],
  must_not: [[earlier, later], ...]}) where each item is an id or a name, ``concepts`` as above;
  ``stated`` is another word for ``must``, and ``inferred`` lists the direct edges a reader would
  draw though no line points at them (scored apart: "ancestors a reader would infer").

Names and ids are resolved to graph nodes exactly (a node id, or a paper's name, title or alias
compared as compact keys; a name with a gloss in brackets as the name before it), never
fuzzily, so a score cannot come from a lucky typo match.
``bench/own_notes_quality.py`` prints these figures; the tests assert them on tests/data/own-notes.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import yaml

from ingest.pipeline import build_graph_for
from kg.model import compact_key
from kg.queries import lineage, lineage_on_topic
from kg.resolve import NAME_AND_TITLE

__all__ = ["score_corpus", "normalize_gold", "load_gold", "ancestor_closure", "violations_not_from_comparisons",
           "gold_agreement"]


def load_gold(corpus: Path, gold_path: Path | None = None) -> dict:
    """The gold file of ``corpus``, with the pairs of an ``inferred.yaml`` beside it as ``inferred``.

    ``inferred.yaml`` (``inferred: [[earlier, later], ...]``) holds the edges a reader would infer
    though no line states them, labelled later than the gold by another reader.
    """
    gold = yaml.safe_load(Path(gold_path or corpus / "gold.yaml").read_text(encoding="utf-8"))
    extra = Path(corpus) / "inferred.yaml"
    if extra.is_file():
        pairs = (yaml.safe_load(extra.read_text(encoding="utf-8")) or {}).get("inferred") or []
        gold["inferred"] = [*(gold.get("inferred") or ()), *pairs]
    return gold


def _names_index(G) -> dict[str, str]:
    index: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        if data.get("type") != "paper":
            continue
        for name in [node, data.get("name", ""), data.get("title", ""), *data.get("aliases", [])]:
            key = compact_key(str(name))
            if key and (key not in index or data.get("discussed")):
                index[key] = node
    return index


def _name_before_gloss(name: str) -> tuple[str, ...]:
    """The name before a gloss in brackets ("Pop Music Transformer (REMI)" -> "Pop Music Transformer"), as a gold
    name resolves too, still exactly; never the gloss, which may name another paper ("ResNeXt (ResNet)").

    >>> _name_before_gloss("Pop Music Transformer (REMI)"), _name_before_gloss("REMI")
    (('Pop Music Transformer',), ())
    """
    match = re.fullmatch(r"\s*(?P<outside>[^()]+?)\s*\([^()]+\)\s*", name)
    return (match.group("outside"),) if match else ()


def _name_and_title(name: str) -> tuple[str, ...]:
    """A short name and a title written together, as a heading writes them ("BPR: Bayesian Personalized Ranking",
    "fastText - Enriching Word Vectors"): a gold name resolves when both parts name the same paper, still exactly.

    >>> _name_and_title("BPR: Bayesian Personalized Ranking"), _name_and_title("BPR")
    (('BPR', 'Bayesian Personalized Ranking'), ())
    """
    parts = NAME_AND_TITLE.split(name.strip(), maxsplit=1)
    return tuple(parts) if len(parts) == 2 else ()


def ancestor_closure(parents: dict[str, set]) -> dict[str, set]:
    """Every ancestor of each paper, given some of its ancestors (a paper's ancestors' ancestors added).

    >>> sorted(ancestor_closure({"c": {"b"}, "b": {"a"}})["c"])
    ['a', 'b']
    """
    closed = {paper: set(ancestors) for paper, ancestors in parents.items()}
    changed = True
    while changed:
        changed = False
        for ancestors in closed.values():
            extra = set().union(*(closed.get(a, set()) for a in ancestors)) - ancestors
            if extra:
                ancestors.update(extra)
                changed = True
    return closed


def normalize_gold(gold: dict, G) -> dict:
    """Gold in either layout as graph ids: tracks {paper: track}, must/must_not {paper: [ancestors]}, names.

    An item that names no paper of the graph stays as written (prefixed ``?``): a must ancestor that
    is missing counts as missed, a must-not one cannot be violated.
    """
    index = _names_index(G)
    gold_names: dict[str, str] = {}  # gold id -> name, from the pairs layout's paper list
    for paper in gold.get("papers") or ():
        gold_names[str(paper.get("id", paper.get("name")))] = str(paper.get("name", paper.get("id")))

    def node_of(item) -> str:
        item = str(item)
        if item in G and G.nodes[item].get("type") == "paper":
            return item
        for candidate in (item, gold_names.get(item, "")):
            for name in (candidate, *_name_before_gloss(candidate)):
                key = compact_key(name)
                if key in index:
                    return index[key]
            named = {index.get(compact_key(part)) for part in _name_and_title(candidate)}
            if len(named) == 1 and None not in named:  # "BPR: Bayesian Personalized Ranking": both parts one paper
                return named.pop()
        return f"?{item}"

    tracks: dict[str, str] = {}
    must: dict[str, set] = {}
    must_not: dict[str, set] = {}
    inferred: dict[str, set] = {}
    for paper in gold.get("papers") or ():
        if paper.get("track"):
            tracks[node_of(paper.get("id", paper.get("name")))] = paper["track"]
    for track, members in (gold.get("tracks") or {}).items():
        for name in members:
            tracks[node_of(name)] = track
    lineage_gold = gold.get("lineage") or {}
    if set(lineage_gold) <= {"must", "must_not", "stated", "inferred"} and \
            all(isinstance(v, list) for v in lineage_gold.values()):
        for key, table in (("must", must), ("stated", must), ("must_not", must_not), ("inferred", inferred)):
            for earlier, later in lineage_gold.get(key) or ():
                table.setdefault(node_of(later), set()).add(node_of(earlier))
    else:
        for name, expected in lineage_gold.items():
            paper = node_of(name)
            must.setdefault(paper, set()).update(node_of(n) for n in expected.get("must") or ())
            must_not.setdefault(paper, set()).update(node_of(n) for n in expected.get("must_not") or ())
    for earlier, later in gold.get("inferred") or ():  # a separate inferred.yaml, merged by load_gold
        inferred.setdefault(node_of(later), set()).add(node_of(earlier))
    must = ancestor_closure(must)  # a must ancestor's own must ancestors are must ancestors too
    direct = {p: set(must.get(p, set())) | inferred.get(p, set()) for p in set(must) | set(inferred)}
    # what a reader would infer: every ancestor over stated and inferred edges that is not a stated one
    closed = ancestor_closure(direct)
    inferred_all = {p: a - must.get(p, set()) for p, a in closed.items() if a - must.get(p, set())}
    papers = set(tracks) | set(must) | set(must_not) | set(inferred_all)
    return {"tracks": tracks, "must": must, "must_not": must_not, "papers": papers, "inferred": inferred_all,
            "direct": direct, "closed": closed}


def gold_agreement(first: dict, second: dict, G) -> dict:
    """How far two readers' gold files for the same notes agree, each resolved on the graph ``G``.

    For each relation, ``stated`` (the closed must ancestors, as :func:`score_corpus` counts them),
    ``lineage`` (stated and inferred, closed) and ``must_not``: the pairs of each reader and of both,
    and ``agreement`` (twice the shared pairs over the two readers' pairs: the F1 of one reader scored by the
    other). ``conflicts``: the pairs one reader draws as lineage and the other rules out.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([(n, {"type": "paper", "name": n}) for n in "abc"])
    >>> one = {"lineage": {"stated": [["a", "b"]], "must_not": [["b", "c"]]}}
    >>> two = {"lineage": {"stated": [["a", "b"]], "inferred": [["b", "c"]]}}
    >>> result = gold_agreement(one, two, G)
    >>> result["stated"]["agreement"], result["conflicts"]
    (1.0, [('b', 'c')])
    """
    a, b = normalize_gold(first, G), normalize_gold(second, G)

    def pairs(table: dict[str, set]) -> set[tuple[str, str]]:
        return {(earlier, later) for later, earlier_set in table.items() for earlier in earlier_set}

    result: dict = {}
    for relation, key in (("stated", "must"), ("lineage", "closed"), ("must_not", "must_not")):
        mine, theirs = pairs(a[key]), pairs(b[key])
        result[relation] = {"first": len(mine), "second": len(theirs), "both": len(mine & theirs),
                            "agreement": round(2 * len(mine & theirs) / max(len(mine) + len(theirs), 1), 3)}
    ruled_out_by_second = pairs(a["closed"]) & pairs(b["must_not"])
    result["conflicts"] = sorted(ruled_out_by_second | (pairs(b["closed"]) & pairs(a["must_not"])))
    return result


def violations_not_from_comparisons(G, violations: list[str]) -> list[str]:
    """The wrong ancestors (``later <- earlier``) that are *not* the lineage scorer's reading of a comparison or
    a bare mention (issue 28: a comparison with an earlier paper of the same line is how groups say what
    improved; older golds call some of them wrong): listed where ``earlier`` still leads to ``later`` without the
    steps the scorer inferred from such a reading, or where a step of the path rests on a used part or a later
    paper. "FaceNet" behind ArcFace through the stated SphereFace -> ArcFace is the scorer's, where it read
    SphereFace's "compared against FaceNet"; a wrong ancestor from a stated line or a builds-on sentence is listed."""
    led_to = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == "led_to")
    not_read = nx.DiGraph((u, v) for u, v, k, d in G.edges(keys=True, data=True)
                          if k == "led_to" and not (d["kinds"] == ["inferred"] and _read_from_a_comparison(d)))
    listed = []
    for violation in violations:
        later, earlier = violation.split(" <- ")
        path = nx.shortest_path(led_to, earlier, later)
        relations = {e.get("relation_of_mention") for u, v in zip(path, path[1:])
                     for e in G.edges[u, v, "led_to"]["evidence"]}
        if (earlier in not_read and later in not_read and nx.has_path(not_read, earlier, later)) \
                or relations & {"uses", "later"}:
            listed.append(violation)
    return listed


def _read_from_a_comparison(edge: dict) -> bool:
    """An inferred step whose mentions (the evidence after the scorer's own) are comparisons or bare mentions."""
    cues = {e.get("relation_of_mention") for e in edge["evidence"][1:]}
    return bool(cues) and cues <= {"compares", "none"}


def score_corpus(corpus: Path, gold_path: Path | None = None, lineage_model=None, result=None) -> dict:
    """Build the graph of ``corpus`` and score it against its gold file; returns the figures and the misses.

    ``lineage_model`` replaces the reviewed scorer (leave-one-corpus-out folds); ``result`` is a
    build already made (a baseline's graph, say).
    """
    corpus = Path(corpus)
    gold = load_gold(corpus, gold_path)
    result = result or build_graph_for([corpus], display_root=corpus, lineage_model=lineage_model)
    G = nx.freeze(result.graph)  # frozen: the lineage relation graph is built once, not per paper
    norm = normalize_gold(gold, G)
    tracks = norm["tracks"]
    must_total = must_found = violated = returned = foreign = 0
    misses, violations, foreigners = [], [], []
    unresolved = sorted(p[1:] for p in norm["papers"] if p.startswith("?"))
    found_lineage: dict[str, list[str]] = {}

    def ancestors_of(node: str) -> list[str]:
        if node not in found_lineage:  # each paper's lineage once, however many papers it sits behind
            found_lineage[node] = [a["id"] for a in lineage(G, node)["ancestors"]]
        return found_lineage[node]
    inferred_total = inferred_found = 0
    guessed_total = guessed_right = guess_needed = guess_found = 0
    inferred_misses = []
    on_topic_listed = on_topic_foreign = stated_grouped = 0  # the default answer (kg lineage without --all)
    for paper in sorted(norm["papers"]):
        must = norm["must"].get(paper, set())
        inferred = norm["inferred"].get(paper, set())
        if paper.startswith("?"):  # a paper the graph lost: every ancestor it must have is missed
            must_total += len(must)
            inferred_total += len(inferred)
            misses += [f"{paper[1:]} <- {a.lstrip('?')} (no such paper in the graph)" for a in sorted(must)]
            continue
        returned_in_order = ancestors_of(paper)
        ancestors = set(returned_in_order)
        if not ancestors:  # the scorer's guesses for the group to confirm (never edges): are they right?
            guesses = {g["id"] for g in G.nodes[paper].get("lineage_suggestions", ())}
            wanted = norm["direct"].get(paper, set())
            guessed_total += len(guesses)
            guessed_right += len(guesses & norm["closed"].get(paper, set()))
            guess_needed += bool(wanted)
            guess_found += bool(guesses & wanted)
        inferred_total, must_total = inferred_total + len(inferred), must_total + len(must)
        inferred_found += len(inferred & ancestors)
        must_found += len(must & ancestors)
        inferred_misses += [f"{paper} <- {a.lstrip('?')}" for a in sorted(inferred - ancestors)]
        misses += [f"{paper} <- {a.lstrip('?')}" for a in sorted(must - ancestors)]
        on_topic = {a["id"] for a in lineage_on_topic(G, paper)["ancestors"]}
        stated_grouped += len((must & ancestors) - on_topic)
        for bad in sorted(norm["must_not"].get(paper, set())):
            if bad in ancestors:
                violated += 1
                violations.append(f"{paper} <- {bad}")
        if paper not in tracks:
            continue
        on_topic_listed += len(on_topic)
        allowed = {a for a in ancestors if tracks.get(a) == tracks[paper]} | must | inferred
        behind = {x for a in allowed if a in G for x in ancestors_of(a)}
        for a in returned_in_order:
            returned += 1
            if a not in allowed and a not in behind:
                foreign += 1
                foreigners.append(f"{paper} <- {a}")
                on_topic_foreign += a in on_topic
    created = [d for _, d in G.nodes(data=True) if d.get("type") == "concept" and d.get("origin") == "notes"]
    labels = gold.get("concepts") or {}
    real = {compact_key(t) for t in labels.get("real") or ()}
    not_real = {compact_key(t) for t in labels.get("not") or ()}
    created_keys = {compact_key(d["name"]) for d in created}
    labelled_real, labelled_not = created_keys & real, created_keys & not_real
    labelled = len(labelled_real) + len(labelled_not)
    concept_names = set()
    for _, d in G.nodes(data=True):
        if d.get("type") == "concept":
            concept_names.update(compact_key(n) for n in [d.get("name", ""), *d.get("aliases", [])])
    return {
        "corpus": str(corpus),
        "papers_discussed": sum(1 for _, d in G.nodes(data=True) if d.get("discussed")),
        "must_found": must_found, "must_total": must_total,
        "must_found_share": round(must_found / must_total, 3) if must_total else 1.0,
        "must_not_violated": violated,
        "inferred_found": inferred_found, "inferred_total": inferred_total,
        "inferred_found_share": round(inferred_found / inferred_total, 3) if inferred_total else 1.0,
        "inferred_misses": inferred_misses,
        "ancestors_returned": returned, "foreign": foreign,
        "on_topic_listed": on_topic_listed, "on_topic_foreign": on_topic_foreign, "stated_grouped": stated_grouped,
        # papers with no ancestor: how many have one in the gold, and for how many the guesses hold it
        "guess_needed": guess_needed, "guess_found": guess_found,
        "guessed_total": guessed_total, "guessed_right": guessed_right,
        "foreign_share": round(foreign / returned, 3) if returned else 0.0,
        "concepts_created": len(created),
        "concept_precision": round(len(labelled_real) / labelled, 3) if labelled else 1.0,
        "concepts_labelled": labelled,
        "real_concepts_found": len(real & concept_names), "real_concepts": len(real),
        "misses": misses, "violations": violations, "foreigners": foreigners,
        "concepts_not_real": sorted(d["name"] for d in created if compact_key(d["name"]) in not_real),
        "concepts_unlabelled": sorted(d["name"] for d in created if compact_key(d["name"]) not in real | not_real),
        "unresolved_gold_names": unresolved,
        "report_counts": result.report.as_dict()["counts"],
        "warnings": len(result.warnings),
    }
