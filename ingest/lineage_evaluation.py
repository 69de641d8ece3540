"""Score a group's graph against a gold file written from its notes: lineage must/must-not, foreign share, concepts.

The gold file (YAML) has ``tracks`` ({track: [paper names]}), ``lineage`` ({paper name: {must: [...],
must_not: [...]}}) and ``concepts`` ({real: [...], not: [...]}); papers are named as the notes name
them and resolved through the built graph. ``bench/own_notes_quality.py`` prints these figures;
the tests assert them on tests/data/own-notes.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ingest.pipeline import build_graph_for
from kg.errors import KGError
from kg.model import compact_key
from kg.queries import lineage
from kg.resolve import resolve

__all__ = ["score_corpus"]


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


def _paper_id(G, index: dict[str, str], name: str) -> str | None:
    key = compact_key(name)
    if key in index:
        return index[key]
    try:
        found = resolve(G, name, types=("paper",))
    except KGError:
        return None
    return found


def score_corpus(corpus: Path, gold_path: Path | None = None) -> dict:
    """Build the graph of ``corpus`` and score it against its gold file; returns the figures and the misses."""
    gold = yaml.safe_load((gold_path or corpus / "gold.yaml").read_text(encoding="utf-8"))
    result = build_graph_for([corpus], display_root=corpus)
    G = result.graph
    index = _names_index(G)
    track_of: dict[str, str] = {}
    unresolved: list[str] = []
    for track, members in (gold.get("tracks") or {}).items():
        for name in members:
            node = _paper_id(G, index, name)
            if node is None:
                unresolved.append(name)
            else:
                track_of[node] = track
    must_total = must_found = violated = returned = foreign = 0
    misses, violations, foreigners = [], [], []
    for name, expected in (gold.get("lineage") or {}).items():
        node = _paper_id(G, index, name)
        if node is None:  # a paper the graph lost: every ancestor it must have is missed
            unresolved.append(name)
            must_total += len(expected.get("must") or ())
            misses += [f"{name} <- {n} (no paper '{name}' in the graph)" for n in expected.get("must") or ()]
            continue
        ancestors = [a["id"] for a in lineage(G, node)["ancestors"]]
        must = {n: _paper_id(G, index, n) for n in expected.get("must") or ()}
        for ancestor_name, ancestor in must.items():
            must_total += 1
            if ancestor in ancestors:
                must_found += 1
            else:
                misses.append(f"{name} <- {ancestor_name}")
        for bad_name in expected.get("must_not") or ():
            bad = _paper_id(G, index, bad_name)
            if bad is not None and bad in ancestors:
                violated += 1
                violations.append(f"{name} <- {bad_name}")
        allowed = {a for a in ancestors if track_of.get(a) == track_of.get(node) and a in track_of}
        allowed |= {m for m in must.values() if m}
        behind = set()
        for a in allowed:
            if a in G:
                behind.update(x["id"] for x in lineage(G, a)["ancestors"])
        for a in ancestors:
            returned += 1
            if a not in allowed and a not in behind:
                foreign += 1
                foreigners.append(f"{name} <- {a}")
    created = [d for _, d in G.nodes(data=True) if d.get("type") == "concept" and d.get("origin") == "notes"]
    real = {compact_key(t) for t in (gold.get("concepts") or {}).get("real") or ()}
    not_real = {compact_key(t) for t in (gold.get("concepts") or {}).get("not") or ()}
    created_keys = {compact_key(d["name"]) for d in created}
    labelled_real = created_keys & real
    labelled_not = created_keys & not_real
    labelled = len(labelled_real) + len(labelled_not)
    concept_names = {compact_key(d.get("name", "")) for _, d in G.nodes(data=True) if d.get("type") == "concept"}
    for _, d in G.nodes(data=True):
        if d.get("type") == "concept":
            concept_names.update(compact_key(a) for a in d.get("aliases", []))
    return {
        "corpus": str(corpus),
        "papers_discussed": sum(1 for _, d in G.nodes(data=True) if d.get("discussed")),
        "must_found": must_found, "must_total": must_total,
        "must_found_share": round(must_found / must_total, 3) if must_total else 1.0,
        "must_not_violated": violated,
        "ancestors_returned": returned, "foreign": foreign,
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
    }
