"""The lineage scorer: features of a pair, discovered tracks, inferred edges that explain themselves, overrules.

Notes here are written for the test with invented papers (Lark, Wren, Heron...), not taken from any corpus.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.catalog import load_catalog, overlay_catalog
from ingest.graph_build import build_graph
from ingest.lineage_inference import (FEATURES, LineageModel, PairCandidate, discover_tracks, infer_lineage,
                                      load_lineage_model, name_derived, topical_similarity)
from ingest.notes import ParsedCorpus
from ingest.records import PaperSection
from kg.queries import lineage
from test_graph_phases import FILE, section  # the phase tests' records: one way to write a paper section

ROOT = Path(__file__).resolve().parents[2]


def build(*sections, model=None, catalog=None):
    ordered = tuple(PaperSection(**{**s.__dict__, "order": i}) for i, s in enumerate(sections))
    return build_graph(ParsedCorpus(ordered, (), ()), catalog or load_catalog(), [], lineage_model=model)


#: a scorer that only trusts a derived name: what these tests check is the build around the scorer
NAME_ONLY = LineageModel({"name_derived": 6.0}, -3.0, 0.5, 2)

LARK = section("Lark", 2018, [("main idea", ["a sparrow grammar for tidal sequences"]),
                              ("tidal sequences", ["long sequences of waves"])], line=1)
LARK2 = section("Lark v2", 2019, [("main idea", ["bigger tidal sequences with a sparrow grammar"]),
                                  ("what changed", ["deeper grammar"])], line=20)


def test_reviewed_model_names_only_known_features_and_a_threshold_between_zero_and_one():
    model = load_lineage_model()
    assert set(model.coefficients) == set(FEATURES)
    assert 0 < model.threshold < 1 and model.max_parents >= 1


def test_refitting_on_the_labelled_corpora_reproduces_the_reviewed_model():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "fit_lineage.py"), "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "refit reproduces" in done.stdout


def test_a_derived_name_is_a_version_or_an_extension_never_a_sibling_or_an_earlier_version():
    assert name_derived(["Heron v3"], ["Heron v2"]) and name_derived(["Deep Heron"], ["Heron"])
    assert not name_derived(["Heron v2"], ["Heron v3"])
    assert not name_derived(["Wren"], ["Heron"])
    assert not name_derived(["QX"], ["Q"])  # a name of one or two letters never counts


def test_topical_similarity_is_higher_for_notes_on_the_same_topic():
    ids, S = topical_similarity({"a": "tidal waves sequences grammar", "b": "tidal sequences of waves",
                                 "c": "reward agent policy"})
    assert S[0, 1] > S[0, 2] and S[1, 0] > S[1, 2]


def test_tracks_discovered_from_the_notes_group_the_papers_of_one_topic():
    ids, S = topical_similarity({"a": "tidal waves grammar", "b": "tidal waves sequences", "c": "tidal grammar waves",
                                 "x": "reward agent policy", "y": "policy reward value", "z": "agent value reward"})
    tracks = discover_tracks(ids, S, neighbours=2)
    assert tracks["a"] == tracks["b"] == tracks["c"]
    assert tracks["x"] == tracks["y"] == tracks["z"] != tracks["a"]


def test_the_scorer_keeps_at_most_max_parents_above_the_threshold_the_most_confident_first():
    model = LineageModel({"similarity": 10.0}, -5.0, 0.5, 1)
    picked = infer_lineage([PairCandidate("a", "c", {"similarity": 0.9}), PairCandidate("b", "c", {"similarity": 0.7}),
                            PairCandidate("d", "c", {"similarity": 0.1})], model)
    assert [(c.earlier, c.later) for c, _ in picked] == [("a", "c")]


def test_an_inferred_edge_has_kind_confidence_features_and_the_line_it_came_from():
    result = build(LARK, LARK2, model=NAME_ONLY)
    G = result.graph
    data = G.edges["lark", "lark-v2", "led_to"]
    assert data["kind"] == "inferred" and 0.5 <= data["confidence"] <= 1
    first = data["evidence"][0]
    assert first["kind"] == "inferred" and first["features"]["name_derived"] == 1.0
    assert first["file"] == FILE and first["line"] == 20
    assert "name is derived" in first["text"]
    assert [a["id"] for a in lineage(G, "lark-v2")["ancestors"]] == ["lark"]


def test_a_not_line_removes_an_inferred_edge():
    denied = section("Lark v2", 2019, [("main idea", ["bigger tidal sequences"])], line=20,
                     fields=[("not builds on", "Lark")])
    G = build(LARK, denied, model=NAME_ONLY).graph
    assert not G.has_edge("lark", "lark-v2", key="led_to")


def test_papers_yaml_not_builds_on_removes_an_edge(tmp_path):
    (tmp_path / "papers.yaml").write_text("papers:\n  - id: lark-v2\n    name: Lark v2\n    year: 2019\n"
                                          "    not_builds_on: [Lark]\n", encoding="utf-8")
    catalog = overlay_catalog(load_catalog(), tmp_path / "papers.yaml")
    G = build(LARK, LARK2, model=NAME_ONLY, catalog=catalog).graph
    assert not G.has_edge("lark", "lark-v2", key="led_to")


def test_a_forward_reference_is_never_an_inferred_ancestor():
    reading_order = LineageModel({"previous_read": 6.0}, -3.0, 0.5, 2)  # trusts the paper read just before
    wren = section("Wren", 2018, [("main idea", ["a grammar for waves"])], line=1)
    heron = section("Heron", 2018, [("main idea", ["a grammar for tides"])], line=10)
    assert build(wren, heron, model=reading_order).graph.has_edge("wren", "heron", key="led_to")
    heron_says_later = section("Heron", 2018, [("main idea", ["Wren came out later and fixed the grammar"])], line=10)
    G = build(wren, heron_says_later, model=reading_order).graph
    assert not G.has_edge("wren", "heron", key="led_to")



def test_a_schedule_line_naming_a_paper_published_earlier_tells_the_reading_order_not_the_papers_order():
    # "Wren next week" in the notes of Heron (2021): the group reads Wren (2019) after Heron, but Wren came first
    mentions_wren = LineageModel({"cue_none": 6.0}, -3.0, 0.5, 2)  # trusts a paper the notes name
    heron = section("Heron", 2021, [("main idea", ["a gate per nest, after Wren's one gate"]),
                                    ("schedule", ["Wren next week"])], line=1)
    wren = section("Wren", 2019, [("main idea", ["one gate for all nests"])], line=10)
    result = build(heron, wren, model=mentions_wren)
    assert ("wren", "heron") in {(c.earlier, c.later) for c in result.lineage_candidates}
    assert result.graph.has_edge("wren", "heron", key="led_to")


def test_a_later_paper_said_to_build_on_this_one_does_not_explain_its_ancestry_away():
    # Heron's notes: "newer papers are built on this → put Kite on list" (Kite is read after Heron): a forward
    # reference, so Heron's own predecessor Wren is not "explained elsewhere"
    wren = section("Wren", 2017, [("main idea", ["one gate for all nests"])], line=1)
    heron = section("Heron", 2019, [("main idea", ["a gate per nest, vs Wren"]),
                                    ("what next", ["newer papers are built on this → put Kite on list"])], line=10)
    kite = section("Kite", 2021, [("main idea", ["gates in the air"])], line=20)
    result = build(wren, heron, kite, model=NAME_ONLY)
    [pair] = [c for c in result.lineage_candidates if (c.earlier, c.later) == ("wren", "heron")]
    assert pair.features["explained_elsewhere"] == 0.0


def test_papers_the_catalog_does_not_know_take_the_track_discovered_from_their_notes():
    G = build(LARK, LARK2, model=NAME_ONLY).graph
    for paper in ("lark", "lark-v2"):
        assert G.nodes[paper]["track_source"] == "notes"
        assert G.nodes[paper]["track"] == G.nodes["lark"]["track"] and G.nodes[paper]["track"]


def test_the_bundled_catalog_keeps_its_tracks():
    result = build(section("ResNet", 2015, [("main idea", ["residual blocks"])]), model=NAME_ONLY)
    assert result.graph.nodes["resnet"]["track"] == load_catalog().papers["resnet"].track
    assert "track_source" not in result.graph.nodes["resnet"]


@pytest.mark.parametrize("feature", FEATURES)
def test_every_feature_is_computed_for_every_candidate(feature):
    result = build(LARK, LARK2, model=NAME_ONLY)
    assert result.lineage_candidates and all(feature in c.features for c in result.lineage_candidates)


def test_a_pair_published_the_same_year_is_marked_as_such():
    same = section("Lark v2", 2018, [("main idea", ["bigger tidal sequences with a sparrow grammar"])], line=20)
    by_year = {}
    for later in (LARK2, same):
        [pair] = [c for c in build(LARK, later, model=NAME_ONLY).lineage_candidates if c.earlier == "lark"]
        by_year[later.year] = pair.features["same_year"]
    assert by_year == {2019: 0.0, 2018: 1.0}


def test_the_report_lists_lineage_only_the_scorer_inferred_for_the_group_to_confirm():
    result = build(LARK, LARK2, model=NAME_ONLY)
    [item] = result.report.inferred_unconfirmed
    assert (item["earlier"], item["later"], item["line"]) == ("lark", "lark-v2", 20) and item["confidence"] >= 0.5
    stated = section("Lark v2", 2019, [("main idea", ["bigger tidal sequences"])], line=20,
                     fields=[("builds on", "Lark")])
    assert build(LARK, stated, model=NAME_ONLY).report.inferred_unconfirmed == []


#: the same scorer with a threshold above what a derived name gives: its guess is only suggested
NAME_GUESS = LineageModel({"name_derived": 6.0}, -3.0, 0.99, 2, suggestion_floor=0.5, suggestions=2)


def test_a_guess_under_the_threshold_is_suggested_to_the_group_never_drawn():
    result = build(LARK, LARK2, model=NAME_GUESS)
    G = result.graph
    assert not G.has_edge("lark", "lark-v2", key="led_to")
    [item] = result.report.lineage_suggested
    assert (item["paper"], item["line"]) == ("lark-v2", 20)
    [guess] = item["suggested"]
    assert (guess["id"], guess["name"]) == ("lark", "Lark") and 0.5 <= guess["confidence"] < 0.99
    answer = lineage(G, "lark-v2")
    assert answer["ancestors"] == [] and [g["id"] for g in answer["suggested"]] == ["lark"]
    from api.answer_text import lineage_text

    text = lineage_text(answer)
    assert "builds on no earlier paper" in text and "Lark (2018), confidence" in text and "Builds on: Lark" in text


def test_what_led_to_a_paper_with_only_a_guess_quotes_what_its_notes_say_of_the_guess():
    # "what led to Lark v2": no step is drawn, so the answer quotes the note of Lark v2 that names its
    # likeliest guess, as it quotes what a paper changed from a predecessor that is drawn
    from types import SimpleNamespace

    from api.ask import answer_question

    later = section("Lark v2", 2019, [("main idea", ["bigger tidal sequences"]),
                                      ("vs Lark", ["no dense grammar, two times faster"])], line=20)
    G = build(LARK, later, model=NAME_GUESS).graph
    body = answer_question(SimpleNamespace(graph=G, engine=None), "What led to Lark v2?")
    assert body["answer"]["changes_of_guess"] and [c["predecessor"] for c in body["answer"]["changes"]] == ["lark"]
    assert ("What the notes of Lark v2 say of Lark, the likeliest guess: vs Lark - no dense grammar, two times faster "
            "(lark-v2/q2, group/notes.md:23)") in body["text"], body["text"]
    drawn = build(LARK, later, model=NAME_ONLY).graph  # drawn: what it changed, no guess
    text = answer_question(SimpleNamespace(graph=drawn, engine=None), "What led to Lark v2?")["text"]
    assert "What Lark v2 changed from Lark, per the notes: vs Lark" in text and "likeliest guess" not in text


def test_no_guess_where_a_predecessor_is_drawn_or_under_the_floor():
    drawn = build(LARK, LARK2, model=NAME_ONLY)
    assert drawn.report.lineage_suggested == [] and "suggested" not in lineage(drawn.graph, "lark-v2")
    timid = LineageModel({"name_derived": 6.0}, -3.0, 0.99, 2, suggestion_floor=0.999, suggestions=2)
    assert build(LARK, LARK2, model=timid).report.lineage_suggested == []
    assert build(LARK, LARK2, model=LineageModel({"name_derived": 6.0}, -3.0, 0.99, 2)).report.lineage_suggested == []


def test_no_guess_is_a_paper_that_comes_from_the_one_guessed_for():
    # Heron, read first, builds on Ibis (same year): Heron is the paper read just before Ibis, a guess for it
    # by that alone, but confirming it would close a circle
    heron = section("Heron", 2019, [("main idea", ["wading birds"])], line=1, fields=[("builds on", "Ibis")])
    ibis = section("Ibis", 2019, [("main idea", ["long bills"])], line=20)
    by_order = LineageModel({"previous_read": 6.0}, -3.0, 0.99, 2, suggestion_floor=0.5, suggestions=2)
    result = build(heron, ibis, model=by_order)
    assert result.graph.has_edge("ibis", "heron", key="led_to")
    assert [c for c in result.lineage_candidates if (c.earlier, c.later) == ("heron", "ibis")]
    assert "lineage_suggestions" not in result.graph.nodes["ibis"]


def test_lineage_gives_the_confidence_of_an_inferred_step():
    G = build(LARK, LARK2, model=NAME_ONLY).graph
    [ancestor] = lineage(G, "lark-v2")["ancestors"]
    assert ancestor["evidence"][0]["confidence"] == G.edges["lark", "lark-v2", "led_to"]["confidence"]


def test_two_discovered_tracks_never_share_a_name():
    import networkx as nx

    from ingest.graph_build import name_tracks

    G = nx.MultiDiGraph()
    G.add_node("tides", type="concept", name="tides")
    G.add_node("waves", type="concept", name="waves")
    for paper in ("lark", "lark-v2", "lark-v3", "wren", "wren-v2"):
        G.add_node(paper, type="paper", name=paper.title(), track=None)
        G.add_edge(paper, "tides", key="discusses")  # every paper discusses tides
    for paper in ("wren", "wren-v2"):
        G.add_edge(paper, "waves", key="discusses")
    name_tracks(G, {"lark": 0, "lark-v2": 0, "lark-v3": 0, "wren": 1, "wren-v2": 1})
    assert G.nodes["lark"]["track"] == "tides"  # the larger track names itself first
    assert G.nodes["wren"]["track"] == G.nodes["wren-v2"]["track"] == "waves"


TIDAL = section("Tidal Pooling Search with Sparrow Learning", 2016,
                [("main idea", ["a sparrow controller proposes tidal pooling layers"])], line=1)


def _named_in(result, paper: str) -> set[str]:
    G = result.graph
    return {target for note in G.predecessors(paper) if G.nodes[note].get("type") == "note"
            for _, target, key in G.out_edges(note, keys=True) if key == "mentions"}


def test_a_long_name_written_by_its_initials_in_capitals_names_the_paper():
    later = section("Gullnet", 2018, [("main idea", ["share weights between child nets so TPS is 1000x cheaper"])],
                    line=10)
    result = build(TIDAL, later, model=NAME_ONLY)
    assert "tidal-pooling-search-with-sparrow-learning" in _named_in(result, "gullnet")
    candidate = next(c for c in result.lineage_candidates
                     if (c.earlier, c.later) == ("tidal-pooling-search-with-sparrow-learning", "gullnet"))
    assert candidate.features["cue_none"] == 1.0 and candidate.features["mention_share"] == 1.0


def test_initials_in_lowercase_or_claimed_by_another_name_are_not_the_paper():
    later = section("Gullnet", 2018, [("main idea", ["tps is a unit of speed here, nothing more"])], line=10)
    assert "tidal-pooling-search-with-sparrow-learning" not in _named_in(build(TIDAL, later, model=NAME_ONLY), "gullnet")
    # "BN" is the catalog's name of the concept batch normalization: a paper named "Bramble Nets" does not take it
    bramble = section("Bramble Nets", 2016, [("main idea", ["thorny layers"])], line=1)
    after = section("Gullnet", 2018, [("main idea", ["drops BN from every block"])], line=10)
    assert "bramble-nets" not in _named_in(build(bramble, after, model=NAME_ONLY), "gullnet")


def test_a_two_letter_alias_in_capitals_names_its_paper_only_in_capitals(tmp_path):
    from ingest.pipeline import build_graph_for

    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Papers" / "Tern Transfer.md").write_text("---\ntype: paper\nyear: 2017\naliases: [AT]\n---\n"
                                                       "- match the attention maps of a teacher\n", encoding="utf-8")
    (vault / "Papers" / "Gullnet.md").write_text("---\ntype: paper\nyear: 2019\n---\n- features at 1/4 scale\n"
                                                 "- At inference the branch is dropped\n", encoding="utf-8")
    (vault / "Papers" / "Heron.md").write_text("---\ntype: paper\nyear: 2020\n---\n- the AT loss again, on words\n",
                                               encoding="utf-8")
    result = build_graph_for([vault], display_root=vault)
    assert "tern-transfer" not in _named_in(result, "gullnet")  # "at", "At": the English word
    assert "tern-transfer" in _named_in(result, "heron")


def test_naming_the_idea_an_earlier_paper_introduced_is_a_feature_of_the_pair():
    # the catalog says the paper Batch Normalization introduced the concept batch normalization ("BN")
    bn = section("Batch Normalization", 2015, [("main idea", ["normalize activations over the mini-batch"])], line=1)
    later = section("Quillnorm", 2016, [("problem of BN", ["depends on the mini-batch size"])], line=10)
    result = build(bn, later, model=NAME_ONLY)
    candidate = next(c for c in result.lineage_candidates if (c.earlier, c.later) == ("batch-normalization", "quillnorm"))
    assert candidate.features["names_its_concept"] == 1.0


#: a scorer that draws nothing: what these tests check is what the notes' own words draw
NOTHING = LineageModel({"name_derived": 0.0}, -9.0, 0.99, 1)


def test_an_arrow_chain_says_what_a_paper_came_from_only_when_it_ends_at_that_paper():
    """A wrap-up of another line in Kite's notes ("Lark -> Wren -> Owl") says nothing of Kite; "Lark -> Wren ->
    Kite" and "Lark -> Wren / Owl -> this paper" do (for the names an arrow follows)."""
    papers = [section(name, year, [("main idea", [f"{name.lower()} grammar for tides"])], line=10 * i)
              for i, (name, year) in enumerate([("Lark", 2015), ("Wren", 2016), ("Owl", 2017)], start=1)]

    def ancestors(line):
        kite = section("Kite", 2019, [("main idea", ["a kite grammar"]), ("wrap up", [line])], line=50)
        G = build(*papers, kite, model=NOTHING).graph
        return sorted(u for u, _, key in G.in_edges("kite", keys=True) if key == "led_to")

    assert ancestors("tides so far: Lark -> Wren -> Owl") == []
    assert ancestors("tides so far: Lark -> Wren") == []  # two names, no cue left: not the same-line rule's either
    assert ancestors("tides so far: Lark -> Wren -> Owl (Kite does not use them)") == []  # Kite is no link of it
    assert ancestors("tides so far: Lark -> Wren -> Kite") == ["lark", "wren"]
    assert ancestors("tides so far: Lark -> Wren / Owl -> this paper") == ["lark", "owl"]
    assert ancestors("tides so far: Lark -> Wren -> inside kites (Kite)") == ["lark", "wren"]  # words, then Kite
    assert ancestors("tides so far: Lark -> Wren -> Owl -> this is the tide line") == []  # "this" opens a sentence
