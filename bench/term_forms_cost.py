"""What reading a term in its written forms costs (kg/descriptions.term_written): the users of every concept of a
graph (``users_of``) and the papers whose notes write a few terms (``papers_mentioning``), with the forms read
and, side by side in the same run, with the written group left out (``_papers_writing`` returning nothing) and
terms matched as written only. Best of three passes over the graph as the service holds it (frozen: its note
lines are indexed by word form once, at the first question); the bundled notes', or ``--corpus``'s.

    python bench/term_forms_cost.py
    python bench/term_forms_cost.py --corpus bench/eval/apps/obsidian-16/vault
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

import kg.descriptions as descriptions  # noqa: E402
from ingest.pipeline import build_graph_for  # noqa: E402

TERMS = ("negative sampling", "experience replay", "batch size", "dropout rate", "skip connections")


def _best(run, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "notes")
    args = parser.parse_args()
    G = nx.freeze(build_graph_for([args.corpus], display_root=args.corpus).graph)
    notes = sum(1 for _, d in G.nodes(data=True) if d.get("type") == "note")
    concepts = [n for n, d in G.nodes(data=True) if d.get("type") == "concept"]
    print(f"# {notes} notes, {len(concepts)} concepts; {platform.machine()}, python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    with_forms = _best(lambda: [descriptions.users_of(G, c) for c in concepts])
    terms_forms = _best(lambda: [descriptions.papers_mentioning(G, t) for t in TERMS])
    writing, written = descriptions._papers_writing, descriptions.term_written
    try:
        descriptions._papers_writing = lambda G, names: {}
        descriptions.term_written = lambda text, term: False  # papers_mentioning: as written only
        without = _best(lambda: [descriptions.users_of(G, c) for c in concepts])
        terms_exact = _best(lambda: [descriptions.papers_mentioning(G, t) for t in TERMS])
    finally:
        descriptions._papers_writing, descriptions.term_written = writing, written
    print(f"{'':34}{'forms read':>12}{'as written':>12}{'ratio':>8}")
    print(f"{'users_of, ms a concept':34}{with_forms / len(concepts) * 1e3:12.2f}"
          f"{without / len(concepts) * 1e3:12.2f}{with_forms / without:8.1f}")
    print(f"{'papers_mentioning, ms a term':34}{terms_forms / len(TERMS) * 1e3:12.2f}"
          f"{terms_exact / len(TERMS) * 1e3:12.2f}{terms_forms / terms_exact:8.1f}")


if __name__ == "__main__":
    main()
