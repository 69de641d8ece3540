"""Fit the lineage scorer on labelled notes and report it leave-one-corpus-out; writes ingest/lineage_model.yaml.

Usage: python bench/fit_lineage.py [--write] [--check] [--show]

Every labelled corpus (a folder of notes with a gold.yaml written from the notes alone, see
ingest/lineage_evaluation.py) is built once; the build's candidate pairs (ingest/lineage_inference.py)
are labelled from the gold: a direct edge of the gold's stated or inferred lineage is a positive,
a pair whose earlier paper is no ancestor at all in the gold a negative, and an ancestor reached
through another (a chain's skip) is left out. A logistic regression (scikit-learn, balanced class
weights, L2, C below) is fitted on all corpora but one and scored on the one left out, for each
corpus in turn: stated ancestors found, ancestors a reader would infer found, must-not ancestors
returned, foreign share. The threshold of each fold is the one that maximises F0.5 on its training
pairs. The bundled notes with the catalog switched off are *scored*, never fitted on.

``--write`` fits on every corpus and writes the reviewed model file (``make fit-lineage``);
``--check`` refits and exits 1 if the result differs from the file (tests/ingest/test_lineage_inference.py).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from ingest.catalog import load_catalog  # noqa: E402
from ingest.lineage_evaluation import load_gold, normalize_gold, score_corpus  # noqa: E402
from ingest.lineage_inference import FEATURES, LineageModel, decide  # noqa: E402
from ingest.pipeline import build_graph_for  # noqa: E402

__all__ = ["CORPORA", "labelled_pairs", "fit", "main", "catalog_off_copy"]

#: The labelled corpora, each written by someone who had not read the code, with its gold. The first 21, of the
#: first rounds, say "builds on" in one line of 17 to 42; -21 to -30, written like the bundled notes, say it as
#: groups do ("vs X", "problem of X"). With those ten in the fit, the notes no fit sees (the app folders, the
#: later plain corpora) find many more stated ancestors for a few more wrong ones, while the explicit corpora,
#: left out one by one, get more wrong ones: a trade measured in docs/own-notes.md (nineteenth round), where F0.5
#: still rises. The later corpora stay out: they measure the fit on notes it has not seen.
CORPORA = ("tests/data/own-notes", "tests/data/layouts", "bench/eval/heldout-notes",
           *(f"bench/eval/heldout-notes-{n}" for n in range(3, 31)))
MODEL_PATH = ROOT / "ingest" / "lineage_model.yaml"
#: L2 strength: small data, a dozen features; weaker regularisation overfits one corpus's habits
C = 1.0
#: at most this many inferred predecessors per paper (a paper improves on one or two, rarely more);
#: the fit picks 1 to MAX_PARENTS with the threshold
MAX_PARENTS = 3
DECIMALS = 4
#: the threshold maximises F-beta on the training pairs; beta 0.5 weighs precision twice: a wrong
#: ancestor misleads a reader more than a missing one is noticed (the issue allows one per corpus)
BETA = 0.5
#: the threshold of a paper's most likely predecessor maximises F-beta with this beta. Precision weighs
#: twice here too: leave-one-corpus-out on the 21 corpora (2026-12-06), beta 1 finds 278/347 stated
#: ancestors against 266 with 0.5, but draws 71 wrong ones against 40 (beta 2: 290/347, 91 wrong)
TOP_BETA = 0.5
#: where nothing leads to a discussed paper, the scorer's guesses of at least SUGGESTION_FLOOR confidence
#: (at most SUGGESTIONS_PER_PAPER, the most confident first) are shown to the group to confirm (kg doctor,
#: kg lineage), never drawn. --show's "guesses to confirm" line measures them leave-one-corpus-out (21 corpora,
#: 2026-12-06): the gold predecessor is among the guesses for 33 of the 60 papers with no ancestor that have one,
#: and 41 of 134 guesses are right: a short list to check, not an answer
SUGGESTION_FLOOR = 0.5
SUGGESTIONS_PER_PAPER = 2
#: discover_tracks's settings are chosen here, by the best mean adjusted Rand index of the discovered
#: tracks against the gold tracks of the labelled corpora (never the bundled notes), over this grid:
#: nearest papers joined to each, Louvain resolution, and the weight of shared concepts beside words
TRACK_GRID = {"neighbours": (1, 2, 3, 4, 5, 6, 8), "resolution": (0.5, 0.75, 1.0, 1.25, 1.5, 2.0),
              "concept_weight": (0.0, 0.25, 0.5, 0.75)}


def track_inputs(corpus: Path) -> tuple[dict, dict[str, str]]:
    """What the build gives :func:`ingest.lineage_inference.discover_tracks` for ``corpus`` (the papers,
    their notes' similarity, links, concept similarity), and the gold track of each paper."""
    import ingest.lineage_inference as inference

    captured = {}
    original = inference.discover_tracks

    def capture(ids, similarity, links=frozenset(), neighbours=4, resolution=1.0, seed=7, concepts=None,
                concept_weight=0.0):
        captured.update(ids=list(ids), similarity=similarity, links=set(links), concepts=concepts)
        return original(ids, similarity, links, neighbours, resolution, seed, concepts, concept_weight)

    inference.discover_tracks = capture
    try:  # a concept weight above 0 makes the build compute the concept similarity; the inputs do not depend on it
        probe = LineageModel({}, 0.0, 1.0, 1, track_concept_weight=max(TRACK_GRID["concept_weight"]))
        result = build_graph_for([corpus], display_root=corpus, lineage_model=probe)
    finally:
        inference.discover_tracks = original
    gold_tracks = normalize_gold(load_gold(corpus), result.graph)["tracks"]
    return captured, gold_tracks


def track_agreement(inputs: dict, gold_tracks: dict[str, str], neighbours: int, resolution: float,
                    concept_weight: float) -> float:
    """The adjusted Rand index of the tracks discovered with these settings against the gold tracks."""
    from sklearn.metrics import adjusted_rand_score

    from ingest.lineage_inference import discover_tracks

    found = discover_tracks(inputs["ids"], inputs["similarity"], inputs["links"], neighbours, resolution,
                            concepts=inputs["concepts"], concept_weight=concept_weight)
    papers = [p for p in inputs["ids"] if p in gold_tracks]
    return float(adjusted_rand_score([gold_tracks[p] for p in papers], [found[p] for p in papers]))


def choose_track_settings(corpora, show: bool = False) -> tuple[dict, float]:
    """The settings of TRACK_GRID with the best mean adjusted Rand index over ``corpora``.

    Ties (the corpora cannot tell the settings apart) go to the one whose adjacent settings in the
    grid score best on average: the middle of a plateau, not its edge.
    """
    import itertools

    inputs = {c: track_inputs(ROOT / c) for c in corpora}
    inputs = {c: pair for c, pair in inputs.items() if pair[1] and pair[0].get("ids")}
    axes = list(TRACK_GRID.values())
    score = {}
    for index in itertools.product(*(range(len(axis)) for axis in axes)):
        settings = {name: axis[i] for name, axis, i in zip(TRACK_GRID, axes, index)}
        score[index] = round(float(np.mean([track_agreement(*inputs[c], **settings) for c in inputs])), DECIMALS)
        if show:
            print(f"    tracks {settings}: mean ARI {score[index]:.4f}")

    def around(index):
        near = [other for other in score if all(abs(a - b) <= 1 for a, b in zip(index, other))]
        return float(np.mean([score[other] for other in near]))

    best = max(score, key=lambda index: (score[index], around(index)))
    return {name: axis[i] for name, axis, i in zip(TRACK_GRID, axes, best)}, score[best]


def labelled_pairs(corpus: Path, tracks: dict | None = None) -> tuple[list[dict], list[int], list[tuple[str, bool]]]:
    """(features, labels, (later paper, explained)) of a corpus's candidate pairs, labelled from its gold.

    ``explained``: the later paper has a predecessor the rules drew (stated, cited, a builds-on
    sentence), as :func:`ingest.lineage_inference.infer_lineage` is told in the build. ``tracks``: the
    settings of track discovery (:func:`choose_track_settings`); the reviewed model's when None.
    """
    model = None
    if tracks is not None:
        model = LineageModel({}, 0.0, 1.0, 1, track_neighbours=tracks["neighbours"],
                             track_resolution=tracks["resolution"], track_concept_weight=tracks["concept_weight"])
    result = build_graph_for([corpus], display_root=corpus, lineage_model=model)
    gold = load_gold(corpus)
    closed = normalize_gold(gold, result.graph)["closed"]
    rows, labels, laters = [], [], []
    explained = {later for _, later, key, data in result.graph.edges(keys=True, data=True)  # as the scorer saw them:
                 if key == "led_to" and set(data["kinds"]) - {"inferred", "track"}  # a no-cue line's edge comes after
                 and data["evidence"][0].get("relation_of_mention") != "none"}
    for candidate in result.lineage_candidates:
        ancestors = closed.get(candidate.later, set())
        reduced = ancestors - set().union(*(closed.get(a, set()) for a in ancestors)) if ancestors else set()
        if candidate.earlier in reduced:
            label = 1
        elif candidate.earlier in ancestors:
            continue  # a skip along a chain: neither drawn nor wrong
        else:
            label = 0
        rows.append(candidate.features)
        labels.append(label)
        laters.append((candidate.later, candidate.later in explained))
    return rows, labels, laters


def _matrix(rows: list[dict]) -> np.ndarray:
    return np.array([[row.get(name, 0.0) for name in FEATURES] for row in rows], dtype=np.float64)


def fit(rows: list[dict], labels: list[int], groups: list[int], laters: list[tuple[str, bool]],
        tracks: dict | None = None) -> LineageModel:
    """A logistic regression on the pairs; its thresholds those of best macro F-beta on the same pairs.

    ``groups`` names the corpus of each pair: each corpus weighs the same in the fit (one group's
    way of writing is one voice, however many pairs its notes give), and within it the positives
    weigh as much as the negatives. ``laters`` names each pair's later paper: the thresholds are
    applied per paper as the build applies them (:func:`ingest.lineage_inference.decide`), and
    F-beta is averaged over the corpora.
    """
    from sklearn.linear_model import LogisticRegression

    X, y = _matrix(rows), np.array(labels)
    groups_array = np.array(groups)
    weights = np.zeros(len(rows))
    for group in np.unique(groups_array):
        for label in (0, 1):
            mask = (groups_array == group) & (y == label)
            if mask.any():
                weights[mask] = 1.0 / mask.sum()
    weights *= len(rows) / weights.sum()
    estimator = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    estimator.fit(X, y, sample_weight=weights)
    coefficients = {name: round(float(w), DECIMALS) for name, w in zip(FEATURES, estimator.coef_[0])}
    intercept = round(float(estimator.intercept_[0]), DECIMALS)
    model = LineageModel(coefficients, intercept, 0.5, MAX_PARENTS)
    by_paper: dict[tuple, list[tuple[int, float]]] = {}
    for i, (row, group, later) in enumerate(zip(rows, groups, laters)):
        by_paper.setdefault((group, *later), []).append((i, model.confidence(row)))
    grid = [round(float(t), 2) for t in np.arange(0.30, 0.951, 0.05)]
    corpora_of_fit = sorted(set(groups))

    def macro_f(threshold: float, top: float, beta: float, parents: int) -> float:
        drawn = set()
        for (_, _, explained), scored in by_paper.items():
            drawn.update(decide(scored, threshold, threshold if explained else top, parents))
        f_scores = []  # each corpus counts the same, as in the fit
        for group in corpora_of_fit:
            mask = groups_array == group
            drawn_here = [i for i in drawn if mask[i]]
            tp = sum(1 for i in drawn_here if y[i] == 1)
            positives = int(((y == 1) & mask).sum())
            precision, recall = tp / max(len(drawn_here), 1), tp / max(positives, 1)
            f_scores.append((1 + beta**2) * precision * recall / max(beta**2 * precision + recall, 1e-9))
        return float(np.mean(f_scores))

    # every predecessor needs strong evidence (F0.5); the first of a paper that nothing else gives one
    # has its own threshold (TOP_BETA), at most the others'
    threshold, parents = max(((t, n) for t in grid for n in range(1, MAX_PARENTS + 1)),
                             key=lambda pair: (macro_f(pair[0], pair[0], BETA, pair[1]), pair[0], -pair[1]))
    top = max([t for t in grid if t <= threshold], key=lambda t: (macro_f(threshold, t, TOP_BETA, parents), t))
    thresholds = (threshold, top)
    tracks = tracks or {"neighbours": 4, "resolution": 1.0, "concept_weight": 0.0}
    return LineageModel(coefficients, intercept, thresholds[0], parents, top_threshold=thresholds[1],
                        track_neighbours=tracks["neighbours"], track_resolution=tracks["resolution"],
                        track_concept_weight=tracks["concept_weight"], suggestion_floor=SUGGESTION_FLOOR,
                        suggestions=SUGGESTIONS_PER_PAPER)


def catalog_off_copy(folder: Path) -> Path:
    """The bundled notes beside a papers.yaml giving every catalog paper ``cites: []`` and a track of its own."""
    catalog = load_catalog()
    (folder / "papers.yaml").write_text(yaml.safe_dump(
        {"papers": [{"id": p.id, "cites": [], "track": f"own-{p.id}"} for p in catalog.papers.values()]}),
        encoding="utf-8")
    shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", folder / "reading-group-notes.md")
    return folder


def _model_yaml(model: LineageModel, corpora, pairs: int, positives: int) -> str:
    body = {"coefficients": model.coefficients, "intercept": model.intercept, "threshold": model.threshold,
            "top_threshold": model.top_threshold, "max_parents": model.max_parents,
            "tracks": {"neighbours": model.track_neighbours, "resolution": model.track_resolution,
                       "concept_weight": model.track_concept_weight},
            "suggestions": {"floor": model.suggestion_floor, "per_paper": model.suggestions},
            "training": {"corpora": list(corpora), "pairs": pairs, "positives": positives, "C": C}}
    header = ("# The lineage scorer (ingest/lineage_inference.py): a logistic regression over the features of a\n"
              "# pair (an earlier paper X, a paper Y). Fitted by bench/fit_lineage.py --write (make fit-lineage) on\n"
              "# the labelled corpora listed under training, never on the bundled notes; reviewed data: a change\n"
              "# here is a change of the fit, and tests/ingest/test_lineage_inference.py checks that refitting\n"
              "# reproduces it. Its leave-one-corpus-out figures are in docs/own-notes.md#inferred-lineage.\n"
              "# threshold: the confidence above which an edge is drawn; top_threshold: the one above which a\n"
              "# paper's most likely predecessor is drawn (the pair of best F0.5 on the training pairs);\n"
              "# max_parents: inferred predecessors per paper at most, the most confident first.\n"
              "# suggestions: where nothing leads to a discussed paper, at most per_paper guesses of at least floor\n"
              "# confidence are shown to the group to confirm (kg doctor, kg lineage), never drawn.\n")
    return header + yaml.safe_dump(body, sort_keys=False)


def _line(name: str, s: dict) -> str:
    return (f"{name:34s} {s['papers_discussed']:3d} {s['must_found']:3d}/{s['must_total']:<3d} "
            f"{s['must_found_share']:6.3f}  {s['inferred_found']:3d}/{s['inferred_total']:<3d} "
            f"{s['inferred_found_share']:6.3f}  {s['must_not_violated']:4d}  {s['foreign']:3d}/{s['ancestors_returned']:<3d} "
            f"{s['foreign_share']:6.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="fit on every corpus and write ingest/lineage_model.yaml")
    parser.add_argument("--check", action="store_true", help="exit 1 if refitting differs from the model file")
    parser.add_argument("--show", action="store_true", help="list each fold's misses, violations and foreigners")
    args = parser.parse_args(argv)
    corpora = [c for c in CORPORA if (ROOT / c / "gold.yaml").is_file()]
    tracks, agreement = choose_track_settings(corpora, show=args.show)
    data = {c: labelled_pairs(ROOT / c, tracks) for c in corpora}

    def pooled(names):
        rows = [r for c in names for r in data[c][0]]
        labels = [lab for c in names for lab in data[c][1]]
        groups = [corpora.index(c) for c in names for _ in data[c][1]]
        laters = [later for c in names for later in data[c][2]]
        return fit(rows, labels, groups, laters, tracks), rows, labels

    final, every_row, every_label = pooled(corpora)
    if args.check:
        written = yaml.safe_load(MODEL_PATH.read_text(encoding="utf-8"))
        same = (written["coefficients"] == final.coefficients and written["intercept"] == final.intercept
                and written["threshold"] == final.threshold and written.get("top_threshold") == final.top_threshold
                and written["max_parents"] == final.max_parents
                and written.get("tracks") == {"neighbours": final.track_neighbours, "resolution": final.track_resolution,
                                              "concept_weight": final.track_concept_weight}
                and written.get("suggestions") == {"floor": final.suggestion_floor, "per_paper": final.suggestions})
        print("refit reproduces ingest/lineage_model.yaml" if same else "refit DIFFERS from ingest/lineage_model.yaml")
        return 0 if same else 1
    print(f"# lineage scorer, leave-one-corpus-out; {datetime.date.today()}, {platform.machine()}, "
          f"python {platform.python_version()}; {len(every_row)} pairs, {sum(every_label)} positive")
    print(f"tracks: {tracks}, mean adjusted Rand index {agreement:.4f} against the corpora's gold tracks")
    print(f"{'corpus (left out)':34s} pap stated        inferred      viol foreign")
    totals = {"must_found": 0, "must_total": 0, "inferred_found": 0, "inferred_total": 0, "ancestors_returned": 0,
              "foreign": 0, "on_topic_listed": 0, "on_topic_foreign": 0, "stated_grouped": 0,
              "guess_needed": 0, "guess_found": 0, "guessed_total": 0, "guessed_right": 0}
    for left_out in corpora:
        scores = score_corpus(ROOT / left_out, lineage_model=pooled([c for c in corpora if c != left_out])[0])
        for key in totals:
            totals[key] += scores[key]
        print(_line(left_out, scores))
        if args.show:
            for key in ("misses", "inferred_misses", "violations", "foreigners"):
                for item in scores[key]:
                    print(f"    {key}: {item}")
    print(f"{'all folds':34s}     {totals['must_found']:3d}/{totals['must_total']:<3d} "
          f"{totals['must_found'] / max(totals['must_total'], 1):6.3f}  {totals['inferred_found']:3d}/"
          f"{totals['inferred_total']:<3d} {totals['inferred_found'] / max(totals['inferred_total'], 1):6.3f}")
    print(f"guesses to confirm (papers with no ancestor), all folds: the gold predecessor among the guesses for "
          f"{totals['guess_found']} of the {totals['guess_needed']} that have one; {totals['guessed_right']} of "
          f"{totals['guessed_total']} guesses right")
    print(f"answers on topic (kg lineage without --all), all folds: ancestors listed {totals['ancestors_returned']} -> "
          f"{totals['on_topic_listed']}, foreign {totals['foreign']} -> {totals['on_topic_foreign']}; stated ancestors "
          f"grouped outside the line: {totals['stated_grouped']}")
    with tempfile.TemporaryDirectory() as folder:
        off = catalog_off_copy(Path(folder))
        result = build_graph_for([off], display_root=off, lineage_model=final)
        from kg.queries import lineage, main_line_between

        G = result.graph
        discussed = [n for n, d in G.nodes(data=True) if d.get("discussed")]
        lone = sorted(n for n in discussed if not lineage(G, n)["ancestors"])
        chains = []
        for older, newer in (("alexnet", "densenet"), ("dqn", "ddqn"), ("transformer", "swin-transformer")):
            try:
                chains.append(" -> ".join(main_line_between(G, older, newer)))
            except Exception as error:  # noqa: BLE001 - printed: no lineage between them
                chains.append(f"{older} .. {newer}: {type(error).__name__}")
        from sklearn.metrics import adjusted_rand_score

        catalog_tracks = {p.id: p.track for p in load_catalog().papers.values()}
        in_catalog = [n for n in discussed if catalog_tracks.get(n)]
        bundled_ari = adjusted_rand_score([catalog_tracks[n] for n in in_catalog],
                                          [G.nodes[n].get("track_discovered") for n in in_catalog])
        print(f"\nbundled notes, catalog off (scored, never fitted on): {len(discussed)} papers, "
              f"{len(lone)} without an ancestor: {', '.join(lone)}")
        print(f"  discovered tracks against the catalog's: adjusted Rand index {bundled_ari:.3f}")
        for chain in chains:
            print(f"  main line {chain}")
    print("\nfitted on all corpora:", {k: v for k, v in final.coefficients.items()}, "intercept", final.intercept,
          "threshold", final.threshold)
    if args.write:
        MODEL_PATH.write_text(_model_yaml(final, corpora, len(every_row), sum(every_label)), encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
