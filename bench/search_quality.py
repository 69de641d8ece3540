"""Search quality on the labelled query sets: note hit@5, paper MRR@10, nDCG@10 for each mode.

Usage: python bench/search_quality.py [--kb DIR] [--markdown]
Builds a snapshot of the bundled notes with the bundled model in a temporary folder unless --kb
points at one. Prints one row per retrieval mode and query set, side by side: the tuning set
(bench/eval/queries.yaml, on which the ranking was chosen) and the held-out set
(bench/eval/heldout.yaml, written afterwards and never used to choose anything).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from api.service import Service  # noqa: E402
from bench.bundled import bundled_knowledge_base  # noqa: E402
from embeddings.evaluation import LabelledQuery, evaluate  # noqa: E402
from embeddings.search import SEARCH_MODES  # noqa: E402
from ingest.snapshot import load_snapshot  # noqa: E402

QUERIES = ROOT / "bench" / "eval" / "queries.yaml"
HELD_OUT = ROOT / "bench" / "eval" / "heldout.yaml"
QUERY_SETS = {"tuning": QUERIES, "held-out": HELD_OUT}


def load_queries(path: Path = QUERIES) -> list[LabelledQuery]:
    return [LabelledQuery(item["q"], tuple(item["notes"])) for item in yaml.safe_load(path.read_text())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, help="an existing knowledge base (default: build one)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    with bundled_knowledge_base(args.kb) as (kb, encoder):
        service = Service(load_snapshot(kb), encoder)
        sets = {name: load_queries(path) for name, path in QUERY_SETS.items()}
        rows = [{**evaluate(service.search, queries, mode), "set": name}
                for name, queries in sets.items() for mode in SEARCH_MODES]
    sizes = ", ".join(f"{name} {len(queries)}" for name, queries in sets.items())
    print(f"# queries: {sizes}; model {encoder.model_id}, {platform.machine()}, python {platform.python_version()}")
    if args.markdown:
        print("| set | mode | note hit@5 | paper MRR@10 | nDCG@10 |\n|---|---|---|---|---|")
        for row in rows:
            print(f"| {row['set']} | {row['mode']} | {row['note_hit@5']:.3f} | {row['paper_mrr@10']:.3f} "
                  f"| {row['ndcg@10']:.3f} |")
    else:
        print(f"{'set':<9} {'mode':<8} {'note hit@5':>10} {'paper MRR@10':>13} {'nDCG@10':>8}")
        for row in rows:
            print(f"{row['set']:<9} {row['mode']:<8} {row['note_hit@5']:>10.3f} {row['paper_mrr@10']:>13.3f} "
                  f"{row['ndcg@10']:>8.3f}")
    for row in rows:
        for miss in row["misses"]:
            print(f"  {row['set']} {row['mode']} miss: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
