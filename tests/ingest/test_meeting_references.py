"""Issue 28: notes that number their meetings name an earlier paper by its meeting ("same trick as Discussion 2",
"(mtg 4)"). Small notes files written for these tests (invented papers), read and built for real."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import build_graph_for


def _mentions(tmp_path: Path, text: str) -> dict[str, dict[str, list[str]]]:
    """For each paper, the nodes its notes mention and the words that named each."""
    (tmp_path / "notes.md").write_text(text, encoding="utf-8")
    G = build_graph_for([tmp_path], display_root=tmp_path).graph
    found: dict[str, dict[str, list[str]]] = {}
    for note, data in G.nodes(data=True):
        if data.get("type") != "note":
            continue
        for _, target, key, edge in G.out_edges(note, keys=True, data=True):
            if key == "mentions":
                found.setdefault(data["paper_id"], {}).setdefault(target, []).extend(
                    e.get("matched") for e in edge["evidence"])
    return found


def test_a_note_naming_a_numbered_meeting_names_the_paper_of_that_meeting(tmp_path):
    found = _mentions(tmp_path, "## Discussion 1 Wren Net - 2017\n1. What is it?\n- a tidal gate, as said in "
                                "Discussion 1\n\n"
                                "## Discussion 2 Heron Net - 2018\n1. What is it?\n- same gate as in Discussion 1.\n"
                                "2. Results\n- better than discussion #1 on tides (see Week 1 of the course)\n"
                                "- gain 1.5 over Discussion 1.5 baseline\n")
    assert found["heron-net"]["wren-net"] == ["Discussion 1", "discussion #1"]  # not "Discussion 1.5"
    assert "wren-net" not in found.get("wren-net", {})  # a meeting's own number in its notes names no other paper


def test_a_running_docs_meeting_abbreviation_names_its_paper_too(tmp_path):
    found = _mentions(tmp_path, "### mtg 1 | Sep 12 | Wren Net (2017)\n- a tidal gate\n\n"
                                "### mtg 2 | Sep 19 | Heron Net (2018)\n- the gate from mtg 1, wider\n")
    assert found["heron-net"]["wren-net"] == ["mtg 1"]


def test_a_number_two_meetings_share_or_no_meeting_has_names_nothing(tmp_path):
    found = _mentions(tmp_path, "## Discussion 1 Wren Net - 2017\n1. What is it?\n- a tidal gate\n\n"
                                "## Discussion 1 Lark Net - 2017\n1. What is it?\n- a reed gate\n\n"
                                "## Discussion 2 Heron Net - 2018\n1. What is it?\n"
                                "- same gate as Discussion 1, unlike Discussion 7\n")
    assert set(found.get("heron-net", {})) & {"wren-net", "lark-net"} == set()


def test_a_heading_prefix_that_is_an_ordinary_word_before_a_number_names_no_meeting(tmp_path):
    found = _mentions(tmp_path, "## Class 1 Wren Net - 2017\n1. What is it?\n- a tidal detector\n\n"
                                "## Class 2 Heron Net - 2018\n1. Results\n- mAP on class 1 (boats) is low\n")
    assert "wren-net" not in found.get("heron-net", {})


def test_a_repeated_number_names_the_one_meeting_that_is_not_the_notes_own_nor_read_later(tmp_path):
    found = _mentions(tmp_path, "## Discussion 1 Wren Net - 2017\n1. What is it?\n- a tidal gate\n\n"
                                "## Discussion 1 Lark Net - 2018\n1. Difference\n- gate per reed, not per tide "
                                "(Discussion 1 above)\n\n"
                                "## Discussion 2 Heron Net - 2019\n1. What is it?\n- the gate of Discussion 2 "
                                "again? no: Discussion 3 style\n\n"
                                "## Discussion 3 Kite Net - 2019\n1. What is it?\n- Discussion 2 gate, smaller\n\n"
                                "## Discussion 2 Egret Net - 2020\n1. What is it?\n- a reed gate\n")
    assert found["lark-net"]["wren-net"] == ["Discussion 1"]  # its own number again: the other meeting, above
    assert found["kite-net"]["heron-net"] == ["Discussion 2"]  # Egret's repeat of 2 comes later
    assert "egret-net" not in found.get("heron-net", {})  # its own number, the other one read later: not yet read
    assert "kite-net" in found.get("heron-net", {})  # one meeting 3, read later: named as written


def test_a_notes_own_meeting_number_names_its_own_meeting_and_a_papers_own_earlier_meeting_is_a_candidate(tmp_path):
    found = _mentions(tmp_path, "## Discussion 1 Wren Net - 2017\n1. What is it?\n- a tidal gate\n\n"
                                "## Discussion 1 Lark Net - 2018\n1. What is it?\n- a reed gate; slides for "
                                "Discussion 1 are on the drive\n2. Results\n- 3 cm better, as Discussion 1 showed\n\n"
                                "## Discussion 5 Wren Net - 2017\n1. Recap\n- we go back over what Discussion 1 "
                                "left open\n")
    assert "wren-net" not in found.get("lark-net", {})  # no back-reference beside its own number: its own meeting
    assert "lark-net" not in found.get("wren-net", {})  # Wren's own first meeting and Lark's share 1: neither
