"""Stable links: a note keeps its id when files are added, and a rebuild of unchanged sources publishes nothing."""

from __future__ import annotations

import shutil

from conftest import run_kg
from ingest.note_ids import PreviousIds, assign_note_ids
from ingest.notes import parse_text
from ingest.pipeline import run_ingest
from ingest.snapshot import KBLayout, current_snapshot_id, load_snapshot, published_ids

OLD_WEEK = "## HiFi-GAN - 2020\n1. Why two discriminators?\n- periods and scales\n2. What is the loss?\n- LSGAN\n"
NEW_WEEK = "## HiFi-GAN - 2020\n1. What does the MPD look at?\n- periodic samples\n"


def notes_of(graph, paper):
    return {node: data["question"] for node, data in graph.nodes(data=True)
            if data.get("type") == "note" and data.get("paper_id") == paper}


def test_adding_a_file_that_sorts_first_renames_no_existing_note(tmp_path, encoder):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "week-2.md").write_text(OLD_WEEK, encoding="utf-8")
    kb = tmp_path / "kb"
    run_ingest([notes], kb, encoder=encoder)
    before = notes_of(load_snapshot(kb, with_search=False).graph, "hifi-gan")
    assert before == {"hifi-gan/q1": "Why two discriminators?", "hifi-gan/q2": "What is the loss?"}
    (notes / "week-1.md").write_text(NEW_WEEK, encoding="utf-8")  # read before week-2.md
    run_ingest([notes], kb, encoder=encoder)
    after = notes_of(load_snapshot(kb, with_search=False).graph, "hifi-gan")
    assert {k: after[k] for k in before} == before  # every saved link still names the same note
    assert after["hifi-gan/q1-week-1"] == "What does the MPD look at?"
    (notes / "week-2.md").write_text(OLD_WEEK.replace("Why two", "Why do two"), encoding="utf-8")  # a typo fixed
    run_ingest([notes], kb, encoder=encoder)
    edited = notes_of(load_snapshot(kb, with_search=False).graph, "hifi-gan")
    assert edited["hifi-gan/q1"] == "Why do two discriminators?" and edited["hifi-gan/q1-week-1"] == after["hifi-gan/q1-week-1"]


def test_ids_repeat_numbers_within_a_file_as_before_and_do_not_depend_on_other_papers():
    sections, _ = parse_text("## YOLOv4 - 2020\n1. a?\n- x\n1. b?\n- y\n## GAN - 2014\n1. c?\n- z\n", "notes.md")
    papers = {"yolov4": sections[:1], "gan": sections[1:]}
    ids = sorted(note_id for note_id, _ in assign_note_ids(papers).values())
    assert ids == ["gan/q1", "yolov4/q1", "yolov4/q1-2"]
    assert sorted(i for i, _ in assign_note_ids({"gan": sections[1:]}).values()) == ["gan/q1"]
    assert PreviousIds().claim("by_line", ("gan", "notes.md", 7)) is None


def test_the_bundled_notes_keep_their_ids(graph):
    """One file: every note keeps the id links and tests used before ids were kept across builds
    (``q<N>``, ``-<k>`` for the k-th repeat of a number within the paper)."""
    from collections import Counter

    notes = sorted(((d["paper_id"], d["source"]["line"], d["number"], node) for node, d in graph.nodes(data=True)
                    if d.get("type") == "note"))
    seen = Counter()
    for paper, _, number, node in notes:
        seen[paper, number] += 1
        assert node == f"{paper}/q{number}" + (f"-{seen[paper, number]}" if seen[paper, number] > 1 else "")
    assert graph.nodes["resnet/q1"]["question"] == "What is this paper try to convey ?"
    assert "yolov4/q8-2" in graph and len(notes) > 150


def test_a_rebuild_of_unchanged_sources_publishes_nothing_and_keeps_the_rollback_history(tmp_path, kb):
    copy = tmp_path / "kb"
    shutil.copytree(kb, copy)
    first = current_snapshot_id(copy)
    for _ in range(3):
        again = run_kg("ingest", "--kb", copy)
        assert again.returncode == 0, again.stderr
        assert f"unchanged: snapshot {first} in {copy} was built from these sources and settings; nothing published" \
            in again.stdout
    assert published_ids(KBLayout(copy)) == [first]
    week = tmp_path / "week.md"
    week.write_text("## Discussion 30 Rainbow - 2017\n1. What does it combine?\n- double Q-learning\n", encoding="utf-8")
    added = run_kg("ingest", week, "--add", "--kb", copy)
    assert added.returncode == 0 and "published" in added.stdout, added.stderr
    second = current_snapshot_id(copy)
    for _ in range(3):
        assert "unchanged" in run_kg("ingest", "--kb", copy).stdout
    assert published_ids(KBLayout(copy)) == [first, second]
    rolled = run_kg("rollback", "--kb", copy)
    assert rolled.returncode == 0 and current_snapshot_id(copy) == first, rolled.stderr
