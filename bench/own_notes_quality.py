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

Only the graph is built (no embeddings), so it runs in seconds. The scoring is
ingest/lineage_evaluation.py (the tests assert the same figures).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ingest.lineage_evaluation import score_corpus  # noqa: E402

__all__ = ["main"]


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
    gold = args.gold or args.corpus / "gold.yaml"
    if not gold.is_file():
        print(f"{gold}: no gold file", file=sys.stderr)
        return 2
    scores = score_corpus(args.corpus, gold)
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
