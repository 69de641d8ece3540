"""A reproducible synthetic corpus of reading-group notes at any size, with a realistic graph.

Usage: python bench/synthetic_notes.py OUT_DIR --chunks 100000 [--seed 7]

Writes Markdown files in the seed's format: papers grouped in research lines, each paper's notes
naming earlier papers of its line (so lineage is inferred from mentions) and concepts from the
catalog (so concept links and prerequisites exist). A paper gets 16 questions; a note becomes two
chunks (two views), so ``--chunks`` sets the number of papers to about chunks / 33.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.catalog import load_catalog  # noqa: E402

QUESTIONS_PER_PAPER = 16
PAPERS_PER_FILE = 200
VERBS = ("improves", "replaces", "stabilizes", "speeds up", "removes the need for", "generalizes", "simplifies")
OBJECTS = ("training", "inference", "memory use", "the loss surface", "sample efficiency", "accuracy", "depth")
SYLLABLES = ("ra", "to", "mi", "ne", "ko", "sa", "lu", "ve", "di", "qu", "zor", "pex", "tal", "bri", "mon")


def paper_name(rng: random.Random, used: set[str]) -> str:
    """A new paper name of 2-3 syllables and a suffix (25,200 of them); after 100 draws in a row that
    are taken, of 4 syllables (another 354,375), so a 1M-chunk corpus (~30,300 papers) can be named
    while smaller corpora stay exactly as they were."""
    misses = 0
    while True:
        syllables = rng.randint(2, 3) if misses < 100 else 4
        name = "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize() + rng.choice(
            ("Net", "Former", "GAN", "-RL", "Seg", "Det", ""))
        if name not in used:
            used.add(name)
            return name
        misses += 1


def generate(out: Path, chunks: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    concepts = [c.name for c in load_catalog().concepts.values()]
    papers = max(1, chunks // (2 * QUESTIONS_PER_PAPER + 1))
    lines = max(1, papers // 25)
    used: set[str] = set()
    line_members: dict[int, list[tuple[str, int]]] = {}
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    text: list[str] = []
    for number in range(papers):
        line = rng.randrange(lines)
        members = line_members.setdefault(line, [])
        year = min(2025, (members[-1][1] if members else rng.randint(1995, 2015)) + rng.randint(0, 2))
        name = paper_name(rng, used)
        earlier = rng.sample(members, k=min(len(members), rng.randint(0, 2)))
        text.append(f"## Discussion {number + 1} {name} - {year}")
        for q in range(1, QUESTIONS_PER_PAPER + 1):
            concept = rng.choice(concepts)
            if q == 1:
                question, answer = "What is this paper try to convey ?", (
                    f"{name} {rng.choice(VERBS)} {rng.choice(OBJECTS)} using {concept}")
            else:
                question = rng.choice((f"What is {concept}", f"Why does {concept} matter here",
                                       f"{concept.capitalize()} vs {rng.choice(concepts)}", f"Figure {q}"))
                answer = f"{concept} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            if earlier and q in (2, 3):  # one paper it builds on (lineage), one it is set against (compares)
                answer += f", {'building on' if q == 2 else 'unlike'} {earlier[(q - 2) % len(earlier)][0]}"
            text.append(f"{q}. {question}\n- {answer}")
        members.append((name, year))
        if (number + 1) % PAPERS_PER_FILE == 0 or number + 1 == papers:
            (out / f"notes-{written:05}.md").write_text("\n".join(text) + "\n", encoding="utf-8")
            written += 1
            text = []
    return {"papers": papers, "files": written, "lines": lines, "expected_chunks": papers * (2 * QUESTIONS_PER_PAPER + 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(args.out, args.chunks, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
