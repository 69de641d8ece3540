"""How sound the example-question fallback of `ask` is on its own: every labelled question is routed by
the examples alone (cues switched off), for a grid of top-k / threshold / margin.

Usage: python bench/ask_fallback.py [FILE.yaml ...] [--kb DIR]
Prints, per setting: the share of questions the fallback answers (not `search`), how many of those it
gets right (precision), and accuracy over all questions. A wrong intent is worse than `search`, which
still answers from the notes, so the settings in api/intents.yaml favour precision over coverage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from api.ask import link_question  # noqa: E402
from api.ask_quality import load_questions  # noqa: E402
from api.intents import load_rules  # noqa: E402
from bench.ask_quality import DEFAULT_FILES  # noqa: E402
from bench.bundled import bundled_knowledge_base  # noqa: E402
from ingest.snapshot import load_snapshot  # noqa: E402



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--kb", type=Path)
    args = parser.parse_args()
    files = args.files or [f for f in DEFAULT_FILES if f.exists()]
    try:
        questions = [q for f in files for q in load_questions(f)]
    except (OSError, ValueError) as error:
        print(f"ask_fallback: {error}", file=sys.stderr)
        return 2
    rules = load_rules()
    with bundled_knowledge_base(args.kb) as (kb, encoder):
        G = load_snapshot(kb).graph
    intents = sorted({i for i, _ in rules.exemplars})
    exemplar_vectors = np.asarray(encoder.encode([t for _, t in rules.exemplars]), dtype=np.float32)
    rows = {i: np.array([r for r, (j, _) in enumerate(rules.exemplars) if j == i]) for i in intents}
    masked = [rules.prepare_question(link_question(G, q.q).masked) for q in questions]
    similarities = np.asarray(encoder.encode([m for m in masked]), dtype=np.float32) @ exemplar_vectors.T
    labels = [q.intent for q in questions]
    print(f"# {len(questions)} questions from {', '.join(f.name for f in files)}; "
          f"{len(rules.exemplars)} example questions; model {encoder.model_id}")
    print(f"{'top_k':>5} {'threshold':>9} {'margin':>6} {'answered':>9} {'precision':>9} {'accuracy':>9}")
    for k in (1, 2, 3):
        scores = np.stack([np.sort(similarities[:, rows[i]], axis=1)[:, ::-1][:, :k].mean(axis=1) for i in intents], 1)
        order = np.argsort(-scores, axis=1)
        best, second = scores[np.arange(len(labels)), order[:, 0]], scores[np.arange(len(labels)), order[:, 1]]
        for threshold in (0.45, 0.5, 0.55, 0.6):
            for margin in (0.0, 0.02, 0.04, 0.06, 0.08):
                chosen = [intents[order[n, 0]] if best[n] >= threshold and best[n] - second[n] >= margin else "search"
                          for n in range(len(labels))]
                answered = [n for n, c in enumerate(chosen) if c != "search"]
                right = sum(chosen[n] == labels[n] for n in answered)
                accuracy = sum(c == lab for c, lab in zip(chosen, labels)) / len(labels)
                flag = " <- intents.yaml" if (k, threshold, margin) == (rules.top_k, rules.threshold, rules.margin) else ""
                print(f"{k:>5} {threshold:>9.2f} {margin:>6.2f} {len(answered) / len(labels):>9.1%} "
                      f"{right / max(len(answered), 1):>9.1%} {accuracy:>9.1%}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
