"""Slip benchmark: does the one name policy (kg/names, kg/name_rules.yaml) take slips for their name and
near misses for nothing? Prints precision and recall, typed and in running text, for the rules as shipped
and for each threshold moved one step either way (the figures that chose them).

Positives: for every name of every paper and concept in the bundled catalog and in the graphs of the
bundled notes and the test corpora, one slip of each kind, at a random letter after the first (seeded):
a key beside the right one, two neighbours swapped, a letter dropped, a letter doubled, a space or hyphen
left out. A slip that spells another known name is left out (no policy can tell it apart).
Negatives, which must match nothing by a slip: every known name looked up with its own entity left out
(another paper's name), the near misses of bench/eval/name-near-misses.yaml (YOLOv3/YOLOv4, ResNeXt/ResNet,
PointNet++/PointNet, ...), every name with its version number changed or ``++`` added, and every English
word (kg/lexicon.py) one edit away from a known name.

    python bench/name_slips.py            # the rules as shipped, then the sweep
    python bench/name_slips.py --no-sweep
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import string
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.catalog import load_catalog  # noqa: E402
from ingest.pipeline import build_graph_for  # noqa: E402
from kg.lexicon import english_words  # noqa: E402
from kg.model import compact_key  # noqa: E402
from kg.names import NameIndex, NameRules, graph_names, is_plural_of  # noqa: E402
from kg.names.rules import RULES_FILE  # noqa: E402

DATA = ROOT / "tests" / "data"
#: the bundled notes and every test corpus (a group's papers.yaml and BibTeX with the notes they go with)
CORPORA = [[ROOT / "data" / "notes"], [DATA / "other-group"],
           [DATA / "own-notes", DATA / "group-library" / "papers.yaml", DATA / "group-library" / "refs.bib"],
           *([p] for layouts in ("layouts", "own-layouts") for p in sorted((DATA / layouts).iterdir())
             if p.suffix != ".yaml")]
NEAR_MISSES = ROOT / "bench" / "eval" / "name-near-misses.yaml"
KINDS = ("neighbour key", "swap", "dropped", "doubled", "no space or hyphen")
SEED = 24


def known_names() -> dict[str, list[str]]:
    """{entity: [names]} over the catalog and every corpus graph (an id keeps the names of all)."""
    names: dict[str, list[str]] = {}
    catalog = load_catalog()
    for entry in [*catalog.papers.values(), *catalog.concepts.values()]:
        names.setdefault(entry.id, []).extend([entry.id, *entry.names])
    for corpus in CORPORA:
        G = build_graph_for(corpus).graph
        for node, named in graph_names(G).items():
            names.setdefault(node, []).extend(name for name, _ in named)
    return {entity: list(dict.fromkeys(n for n in found if compact_key(n))) for entity, found in names.items()}


def _neighbours(rules: NameRules, letter: str) -> list[str]:
    """The letter keys beside a letter (a digit typed for a letter reads as another version: not generated)."""
    return sorted(k for k in rules.neighbours.get(letter, ()) if k.isalpha())


def make_slip(name: str, kind: str, rng: random.Random, rules: NameRules) -> str | None:
    """One slip of ``kind`` at a random letter after the first, or None when the name has no place for it."""
    letters = [i for i, c in enumerate(name) if c.isalpha() and i > 0]
    if kind == "no space or hyphen":
        gaps = [i for i, c in enumerate(name) if c in " -"]
        if not gaps:
            return None
        i = rng.choice(gaps)
        return name[:i] + name[i + 1:]
    if not letters:
        return None
    i = rng.choice(letters)
    c = name[i]
    if kind == "neighbour key":
        near = _neighbours(rules, c.lower())
        if not near:
            return None
        typed = rng.choice(near)
        return name[:i] + (typed.upper() if c.isupper() else typed) + name[i + 1:]
    if kind == "swap":
        pairs = [j for j in letters if j + 1 < len(name) and name[j + 1].isalpha() and name[j] != name[j + 1]]
        if not pairs:
            return None
        j = rng.choice(pairs)
        return name[:j] + name[j + 1] + name[j] + name[j + 2:]
    if kind == "dropped":
        return name[:i] + name[i + 1:]
    if kind == "doubled":
        return name[:i] + c + name[i:]
    raise ValueError(kind)


def one_edit_words(key: str, words: frozenset[str]) -> set[str]:
    """English words one edit (drop, swap, replace, insert) away from a compact key, same first letter."""
    letters = string.ascii_lowercase
    splits = [(key[:i], key[i:]) for i in range(1, len(key) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    return {w for w in edits if w in words and w != key}


@dataclass
class Cases:
    positives: list[tuple[str, str, str]] = field(default_factory=list)  # (written, entity, kind)
    #: entity -> the entities that share one of its names (a slip of that name may mean either)
    same_name: dict[str, set[str]] = field(default_factory=dict)
    #: slips of names shorter than min_chars: matched exactly by the policy, counted apart
    short: list[tuple[str, str, str]] = field(default_factory=list)
    negatives: list[tuple[str, str | None, str]] = field(default_factory=list)  # (written, left-out entity, kind)
    extra_names: dict[str, list[str]] = field(default_factory=dict)  # near misses' known names the catalog lacks


def make_cases(names: dict[str, list[str]], rules: NameRules) -> Cases:
    rng = random.Random(SEED)
    cases = Cases()
    owner = {}
    for entity, found in names.items():
        for name in found:
            owner.setdefault(compact_key(name), entity)
    shared: dict[str, set[str]] = {}
    for entity, found in names.items():
        for name in found:
            shared.setdefault(compact_key(name), set()).add(entity)
    for entities in shared.values():
        for entity in entities:
            cases.same_name.setdefault(entity, set()).update(entities - {entity})
    for entity, found in sorted(names.items()):
        for name in found:
            if name == entity and "-" in name and " " not in name:
                continue  # an id (slugs are not written by people)
            for kind in KINDS:
                slip = make_slip(name, kind, rng, rules)
                if slip is None or compact_key(slip) in owner and owner[compact_key(slip)] != entity:
                    continue
                short = len(compact_key(name)) < rules.min_chars
                (cases.short if short else cases.positives).append((slip, entity, kind))
            cases.negatives.append((name, entity, "another paper's name (own entity left out)"))
            digits = re.search(r"\d+", name)
            if digits:
                other = name[:digits.start()] + str(int(digits.group(0)) + 1) + name[digits.end():]
                if compact_key(other) not in owner:
                    cases.negatives.append((other, None, "another version"))
            if compact_key(name + "++") not in owner and len(compact_key(name)) >= 3:
                cases.negatives.append((name + "++", None, "++ added"))
    words = english_words()
    for key, entity in sorted(owner.items()):
        if len(key) >= rules.min_chars and key.isalpha():
            for word in sorted(one_edit_words(key, words)):
                if word not in owner and not any(is_plural_of(word, other) for other in (key, word[:-1], word[:-2])
                                                 if other in owner):
                    cases.negatives.append((word, None, "English word"))  # a plural is the name: not a miss
    for written, known in yaml.safe_load(NEAR_MISSES.read_text(encoding="utf-8")):
        if compact_key(known) not in owner:
            owner[compact_key(known)] = f"near-miss:{known}"
            cases.extra_names[f"near-miss:{known}"] = [known]
    for written, known in yaml.safe_load(NEAR_MISSES.read_text(encoding="utf-8")):
        # a near miss the catalog knows is looked up with its own entry left out, as another paper's name
        cases.negatives.append((written, owner.get(compact_key(written)), "near miss (versions, derived names)"))
    return cases


def score(cases: Cases, names: dict[str, list[str]], rules: NameRules) -> dict:
    index = NameIndex({**names, **cases.extra_names}, rules=rules)
    figures = {}
    for context in ("typed", "text"):
        hits = wrong = false = 0
        misses_by_kind: dict[str, int] = {}
        false_by_kind: dict[str, int] = {}
        for written, entity, kind in cases.positives:
            found = _match(index, written, context)
            if found == entity or found in cases.same_name.get(entity, ()):  # a name two entries share
                hits += 1
            else:
                misses_by_kind[kind] = misses_by_kind.get(kind, 0) + 1
                wrong += found is not None
        for written, left_out, kind in cases.negatives:
            if left_out is not None and any(e != left_out for e, _ in index.owners.get(compact_key(written), ())):
                continue  # another entity owns this very name: an exact match, not a slip
            found = _match(index, written, context, left_out)
            if found is not None and found != left_out:
                false += 1
                false_by_kind[kind] = false_by_kind.get(kind, 0) + 1
        matched = hits + wrong + false
        short = sum(_match(index, written, context) in {entity, *cases.same_name.get(entity, ())}
                    for written, entity, _ in cases.short)
        figures[context] = {"precision": hits / matched if matched else 1.0, "recall": hits / len(cases.positives),
                            "positives": len(cases.positives), "negatives": len(cases.negatives),
                            "missed": misses_by_kind, "false": false_by_kind,
                            "short_found": short / len(cases.short) if cases.short else 0.0}
    return figures


def _match(index: NameIndex, written: str, context: str, left_out: str | None = None) -> str | None:
    accept = (lambda e: e != left_out) if left_out is not None else None
    if context == "typed":
        found = index.lookup(written, accept)
        return found.node if found is not None else None
    text = f"we read about {written} last week"
    start = text.index(written)  # the name is found when one mention covers it whole
    mentions = [m for m in index.find(text, accept=accept)
                if m.start == start and compact_key(m.surface) == compact_key(written)]
    return mentions[0].entity if mentions else None


def sweep_rules(base: dict):
    """The shipped rules, then each threshold one step either way."""
    yield "as shipped", base
    for key, values in (("min_chars", (4, 6)), ("text_min_chars", (6, 8)), ("spelling_min_chars", (8, 12, 99)),
                        ("ending_chars", (2, 4))):
        for value in values:
            if value != base[key]:
                yield f"{key} = {value}", {**base, key: value}
    yield "english_words_are_not_slips = false", {**base, "english_words_are_not_slips": False}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-sweep", action="store_true", help="only the rules as shipped")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    base = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    names = known_names()
    cases = make_cases(names, NameRules(base))
    kinds = {}
    for _, _, kind in cases.negatives:
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"# name slips: {len(names)} entities, {sum(map(len, names.values()))} names; "
          f"{len(cases.positives)} slips (and {len(cases.short)} of names under min_chars, exact by policy), "
          f"{len(cases.negatives)} near misses {kinds}")
    print(f"# {platform.node()} {platform.machine()} {platform.python_version()}, seed {SEED}")
    print(f"{'rules':40} {'typed P':>8} {'typed R':>8} {'text P':>8} {'text R':>8}")
    for label, data in sweep_rules(base):
        figures = score(cases, names, NameRules(data))
        typed, text = figures["typed"], figures["text"]
        print(f"{label:40} {typed['precision']:8.3f} {typed['recall']:8.3f} {text['precision']:8.3f} "
              f"{text['recall']:8.3f}", flush=True)
        if label == "as shipped":
            for context in ("typed", "text"):
                print(f"  {context}: missed by kind {figures[context]['missed']}; "
                      f"false matches by kind {figures[context]['false']}; slips of names under min_chars "
                      f"found {figures[context]['short_found']:.3f}")
        if args.no_sweep:
            break
    print(f"# {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
