"""How far two readers' gold agree on the same notes, and the lineage scored by each of them.

Usage: python bench/gold_agreement.py [--show]

For each labelled corpus with a second reader's gold beside its own (``gold-second-reader.yaml``
next to ``gold.yaml``; the second reader was given only the notes file and the same brief as the
first), prints the pairs of each reader and of both for the stated ancestors, all lineage (stated
and inferred) and the pairs that must not be lineage, their agreement (twice the shared pairs over
both readers' pairs: one reader's F1 scored by the other), the pairs one reader draws and the other
rules out, and the graph's lineage scored by each reader (stated found, wrong ancestors). It puts a
ceiling on what "stated found" and "at most one wrong ancestor" can mean: a reader's judgement, not
the notes alone, decides part of each. Only graphs are built (no embeddings): about a minute.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ingest.lineage_evaluation import gold_agreement, load_gold, score_corpus  # noqa: E402
from ingest.pipeline import build_graph_for  # noqa: E402

SECOND_READER = "gold-second-reader.yaml"
RELATIONS = ("stated", "lineage", "must_not")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the pairs the readers disagree on")
    args = parser.parse_args(argv)
    corpora = sorted(p.parent for p in (ROOT / "bench" / "eval").glob(f"*/{SECOND_READER}"))
    if not corpora:
        print(f"error: no corpus under bench/eval has a {SECOND_READER}", file=sys.stderr)
        return 2
    print(f"# two readers' gold, {datetime.date.today()}, {platform.machine()}, python {platform.python_version()}")
    print(f"{'corpus':22s} " + "  ".join(f"{r + ' 1st/2nd/both agr':>27s}" for r in RELATIONS)
          + "   system stated·wrong by 1st | by 2nd")
    totals = {r: [0, 0, 0] for r in RELATIONS}
    conflicts = 0
    for corpus in corpora:
        if (corpus / "inferred.yaml").is_file():  # that file is the first reader's: it would join the second's gold
            print(f"error: {corpus.relative_to(ROOT)}: inferred.yaml beside a second reader's gold", file=sys.stderr)
            return 2
        result = build_graph_for([corpus], display_root=corpus)
        second_path = corpus / SECOND_READER
        second = yaml.safe_load(second_path.read_text(encoding="utf-8"))
        agreement = gold_agreement(load_gold(corpus), second, result.graph)
        by_first = score_corpus(corpus, result=result)
        by_second = score_corpus(corpus, gold_path=second_path, result=result)
        cells = []
        for relation in RELATIONS:
            figures = agreement[relation]
            for i, key in enumerate(("first", "second", "both")):
                totals[relation][i] += figures[key]
            cells.append(f"{figures['first']:6d}/{figures['second']:3d}/{figures['both']:3d} "
                         f"{figures['agreement']:5.2f}")
        conflicts += len(agreement["conflicts"])
        print(f"{corpus.name:22s} " + "  ".join(f"{c:>27s}" for c in cells)
              + f"   {by_first['must_found']:2d}/{by_first['must_total']:<2d}·{by_first['must_not_violated']}"
              f" | {by_second['must_found']:2d}/{by_second['must_total']:<2d}·{by_second['must_not_violated']}")
        if args.show:
            for earlier, later in agreement["conflicts"]:
                print(f"    lineage for one reader, ruled out by the other: {later} <- {earlier}")
    pooled = []
    for relation in RELATIONS:
        first, second, both = totals[relation]
        pooled.append(f"{first:6d}/{second:3d}/{both:3d} {2 * both / max(first + second, 1):5.2f}")
    print(f"{'all':22s} " + "  ".join(f"{c:>27s}" for c in pooled) + f"   conflicts {conflicts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
