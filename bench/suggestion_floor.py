"""Did-you-mean floor: which similarity between a written name and a known one is worth a suggestion?

A name that means no node is answered with the closest known names at or above ``suggestion_min_score``
(kg/name_rules.yaml). Too low and a name the graph does not have gets noise (issue 25: an unknown model's
name got two unrelated papers); too high and a slip of the keyboard gets nothing. For the suggestions as
they were (WRatio of the whole name, 65) and for the shipped scorer at each floor this prints:

- **slips suggested**: of one slip of every name of the bundled notes' graph (the slip benchmark's kinds:
  a key beside the right one, a swap, a dropped or doubled letter, a space left out), the share whose
  suggestions include the right node (the policy did not already take the slip for the name);
- **unrelated with suggestions**: of the paper names of the test corpora that the bundled graph lacks
  (other groups' papers), the share that get any suggestion at all; a suggestion for them is noise unless
  the name is built on a known one, so lower is better.

    python bench/suggestion_floor.py
"""

from __future__ import annotations

import platform
import random
import sys
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.name_slips import CORPORA, KINDS, SEED, make_slip  # noqa: E402
from ingest.pipeline import build_graph_for  # noqa: E402
from kg.model import compact_key  # noqa: E402
from kg.names import NameIndex, NameRules, graph_names  # noqa: E402
from kg.names.rules import RULES_FILE  # noqa: E402

FLOORS = (50, 60, 65, 70, 75, 80, 85)


def before(keys, owners, written: str, floor: float = 65) -> set[str]:
    """The suggestions ``ask`` gave before: WRatio of the whole name against every key, 65 or more."""
    found = process.extract(compact_key(written), keys, scorer=fuzz.WRatio, limit=20, score_cutoff=floor)
    entities: list[str] = []
    for key, _, _ in found:
        entities += [e for e in owners[key] if e not in entities]
    return set(entities[:5])


def main() -> int:
    started = time.perf_counter()
    rng = random.Random(SEED)
    base = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    rules = NameRules(base)
    bundled = graph_names(build_graph_for(CORPORA[0]).graph)
    owners: dict[str, list[str]] = {}
    for entity, names in bundled.items():
        for name, _ in names:
            owners.setdefault(compact_key(name), []).append(entity)
    keys = list(owners)
    slips = []
    for entity, names in sorted(bundled.items()):
        for name, how in names:
            if how == "id" or len(compact_key(name)) < 3:
                continue
            for kind in KINDS:
                slip = make_slip(name, kind, rng, rules)
                if slip is not None and compact_key(slip) not in owners:
                    slips.append((slip, entity))
    unrelated = set()
    for corpus in CORPORA[1:]:
        G = build_graph_for(corpus).graph
        for node, data in G.nodes(data=True):
            if data["type"] == "paper" and data.get("discussed") and compact_key(data["name"]) not in owners \
                    and node not in bundled:
                unrelated.add(data["name"])
    print(f"# suggestion floor: {len(slips)} slips of {len(bundled)} nodes' names; {len(unrelated)} unrelated "
          f"paper names from {len(CORPORA) - 1} other corpora")
    print(f"# {platform.node()} {platform.machine()} {platform.python_version()}, seed {SEED}")
    print(f"{'suggestions':36} {'slips suggested':>16} {'unrelated with suggestions':>27}")
    rows = [("before: WRatio, whole name, 65", lambda written: before(keys, owners, written))]
    for floor in FLOORS:
        index = NameIndex(bundled, rules=NameRules({**base, "suggestion_min_score": floor}))
        shipped = " (shipped)" if floor == base["suggestion_min_score"] else ""
        rows.append((f"ratio, name and word runs, {floor}{shipped}",
                     lambda written, index=index: {e for e, _ in index.suggest(written)}))
    for label, suggest in rows:
        hit = sum(entity in suggest(slip) for slip, entity in slips)
        noisy = sum(bool(suggest(name)) for name in unrelated)
        print(f"{label:36} {hit / len(slips):16.3f} {noisy / max(len(unrelated), 1):27.3f}", flush=True)
    print(f"# {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
