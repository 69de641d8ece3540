"""Graph quality on a group's own notes, scored against a gold file written from the notes alone.

Usage: python bench/own_notes_quality.py --corpus DIR [--gold FILE] [--json] [--show]

DIR holds the notes (and, if the group has them, papers.yaml and *.bib); the gold file
(DIR/gold.yaml unless --gold) has:

    tracks:   {track: [paper names]}
    lineage:  {paper name: {must: [ancestor names], must_not: [names]}}
    concepts: {real: [terms], not: [labels]}

Papers are named as the notes name them and resolved to ids through the built graph (exactly by a
name or alias, else by kg.resolve). Prints:

- must found: the share of ``must`` ancestors that ``kg lineage`` returns;
- must_not violated: how many ``must_not`` names it returns as ancestors;
- foreign share: of all ancestors returned for the gold papers, the share that is neither on the
  paper's track, nor a ``must`` ancestor, nor an ancestor of one of those (a catalog paper behind a
  stated ancestor is fine; LeNet behind a component a paper merely uses is not);
- concept precision: of the concepts created from the notes that the gold labels, the share that
  are real terms (and the recall of the real ones, and how many created concepts are unlabelled).

Only the graph is built (no embeddings), so it runs in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ingest.pipeline import build_graph_for  # noqa: E402
from kg.errors import KGError  # noqa: E402
from kg.model import compact_key  # noqa: E402
from kg.queries import lineage  # noqa: E402
from kg.resolve import resolve  # noqa: E402

__all__ = ["score_corpus", "main"]


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
    result = build_graph_for([corpus])
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="folder of notes with a gold.yaml")
    parser.add_argument("--gold", type=Path, help="gold file (default: CORPUS/gold.yaml)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show", action="store_true", help="list the misses, violations and foreign ancestors")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not a folder", file=sys.stderr)
        return 2
    scores = score_corpus(args.corpus, args.gold)
    if args.json:
        print(json.dumps(scores, indent=2))
        return 0
    print(f"# {scores['corpus']}: {scores['papers_discussed']} papers discussed; {platform.machine()}, "
          f"python {platform.python_version()}")
    print(f"must found        {scores['must_found']}/{scores['must_total']} ({scores['must_found_share']:.3f})")
    print(f"must_not violated {scores['must_not_violated']}")
    print(f"foreign share     {scores['foreign']}/{scores['ancestors_returned']} ({scores['foreign_share']:.3f})")
    print(f"concept precision {scores['concept_precision']:.3f} on {scores['concepts_labelled']} labelled of "
          f"{scores['concepts_created']} created; real terms present {scores['real_concepts_found']}/"
          f"{scores['real_concepts']}")
    if args.show:
        for key in ("misses", "violations", "foreigners", "concepts_not_real", "concepts_unlabelled",
                    "unresolved_gold_names"):
            for item in scores[key]:
                print(f"  {key}: {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
