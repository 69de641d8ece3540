"""Search quality on the labelled query set: note hit@5, paper MRR@10, nDCG@10 for each mode.

Usage: python bench/search_quality.py [--kb DIR] [--markdown]
Builds a snapshot of the bundled notes with the bundled model in a temporary folder unless --kb
points at one. Prints one row per retrieval mode, side by side.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from api.service import Service  # noqa: E402
from embeddings.encoder import configure_threads, create_encoder  # noqa: E402
from embeddings.evaluation import LabelledQuery, evaluate  # noqa: E402
from embeddings.search import SEARCH_MODES  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402
from ingest.snapshot import load_snapshot  # noqa: E402

QUERIES = ROOT / "bench" / "eval" / "queries.yaml"


def load_queries(path: Path = QUERIES) -> list[LabelledQuery]:
    return [LabelledQuery(item["q"], tuple(item["notes"])) for item in yaml.safe_load(path.read_text())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, help="an existing knowledge base (default: build one)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    configure_threads(2)
    encoder = create_encoder(threads=2)
    with tempfile.TemporaryDirectory() as temporary:
        kb = args.kb or Path(temporary) / "kb"
        if args.kb is None:
            run_ingest(None, kb, encoder=encoder)
        service = Service(load_snapshot(kb), encoder)
        queries = load_queries()
        rows = [evaluate(service.search, queries, mode) for mode in SEARCH_MODES]
    print(f"# {len(queries)} queries, model {encoder.model_id}, {platform.machine()}, python {platform.python_version()}")
    if args.markdown:
        print("| mode | note hit@5 | paper MRR@10 | nDCG@10 |\n|---|---|---|---|")
        for row in rows:
            print(f"| {row['mode']} | {row['note_hit@5']:.3f} | {row['paper_mrr@10']:.3f} | {row['ndcg@10']:.3f} |")
    else:
        print(f"{'mode':<8} {'note hit@5':>10} {'paper MRR@10':>13} {'nDCG@10':>8}")
        for row in rows:
            print(f"{row['mode']:<8} {row['note_hit@5']:>10.3f} {row['paper_mrr@10']:>13.3f} {row['ndcg@10']:>8.3f}")
    for row in rows:
        for miss in row["misses"]:
            print(f"  {row['mode']} miss: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
