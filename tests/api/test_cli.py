"""The `kg` command as a user runs it: human output, --json equal to the endpoint, one-line errors."""

from __future__ import annotations

import json

import pytest

from conftest import run_kg


def test_lineage_prints_oldest_first_and_json_equals_the_endpoint(kb, client):
    text = run_kg("lineage", "swin-transformer", "--kb", kb)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("What led to Swin Transformer (2021)")
    assert any("[vit]" in line for line in lines) and not any("[gan]" in line for line in lines)
    resnet = next(line for line in lines if "[resnet]" in line)  # at distance 1: its edge into Swin, not into ViT
    assert "distance 1" in resnet and "Swin Transformer builds on ResNet (ingest/catalog.yaml:" in resnet, resnet
    as_json = run_kg("lineage", "Swin", "--json", "--kb", kb)
    assert json.loads(as_json.stdout) == client.get("/api/v1/lineage/Swin").get_json()


def test_lineage_summarises_what_comes_through_another_line_and_all_lists_it(cross_line_kb, encoder):
    from api.app import create_app

    client = create_app({"KB": str(cross_line_kb), "ENCODER": encoder, "TESTING": True}).test_client()
    text = run_kg("lineage", "wren", "--kb", cross_line_kb)
    assert text.returncode == 0, text.stderr
    assert not any("[lenet]" in line for line in text.stdout.splitlines())
    assert any(line.strip().startswith("earlier, outside this line: ") and "LeNet" in line and "--all" in line
               for line in text.stdout.splitlines()), text.stdout
    every = run_kg("lineage", "wren", "--all", "--kb", cross_line_kb)
    lenet = next(line for line in every.stdout.splitlines() if "[lenet]" in line)
    assert lenet.endswith("(outside this line)")
    as_json = run_kg("lineage", "wren", "--all", "--json", "--kb", cross_line_kb)
    assert json.loads(as_json.stdout) == client.get("/api/v1/lineage/wren?all=1").get_json()


@pytest.mark.parametrize("args, url", [
    (["plan", "yolact", "--known", "resnet"], "/api/v1/prerequisites/yolact?known=resnet"),
    (["path", "alexnet", "swin-transformer"], "/api/v1/path?from=alexnet&to=swin-transformer"),
    (["show", "Double DQN"], "/api/v1/nodes/Double DQN"),
    (["ask", "what led to DDQN?"], "/api/v1/ask?q=what led to DDQN?"),
])
def test_json_output_is_exactly_the_endpoint_payload(kb, client, args, url):
    result = run_kg(*args, "--json", "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == client.get(url).get_json()


def test_search_command_uses_the_real_model(kb, client):
    result = run_kg("search", "overestimated action values", "-k", "3", "--json", "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == client.get("/api/v1/search?q=overestimated action values&k=3").get_json()
    human = run_kg("search", "overestimated action values", "-k", "2", "--type", "note", "--kb", kb)
    assert human.stdout.startswith(" 1. [") and "data/notes/reading-group-notes.md:" in human.stdout


def test_graph_commands_do_not_load_torch(kb):
    probe = run_kg("path", "dqn", "ddqn", "--kb", kb, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert probe.returncode == 0 and "torch" not in {line.split("|")[-1].strip().split(".")[0]
                                                    for line in probe.stderr.splitlines() if "|" in line}


def test_show_prints_authors_venue_and_who_introduced_a_concept(kb):
    paper = run_kg("show", "alexnet", "--kb", kb)
    assert paper.returncode == 0, paper.stderr
    assert "  authors: Alex Krizhevsky, Ilya Sutskever and Geoffrey E. Hinton" in paper.stdout.splitlines()
    assert "  venue: NIPS 2012" in paper.stdout.splitlines()
    assert "  authors: Ashish Vaswani et al." in run_kg("show", "transformer", "--kb", kb).stdout.splitlines()
    concept = run_kg("show", "dropout", "--kb", kb).stdout.splitlines()
    assert ("  introduced: dropout was introduced in Hinton et al. 2012 (not in your notes); "
            "AlexNet (2012) popularised it.") in concept
    assert "  introduced by: googlenet" in run_kg("show", "inception module", "--kb", kb).stdout.splitlines()


def test_export_writes_a_file(kb, tmp_path):
    target = tmp_path / "swin.mmd"
    result = run_kg("export", "--format", "mermaid", "--root", "swin", "--depth", "1", "--relation", "led_to",
                    "-o", target, "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert target.read_text().startswith("flowchart LR") and "Swin Transformer" in target.read_text()
    assert "warning" not in result.stderr  # a part of the graph is well within Mermaid's limits


def test_a_mermaid_export_over_mermaids_default_limits_warns_in_one_line(kb, tmp_path):
    target = tmp_path / "all.mmd"
    result = run_kg("export", "--format", "mermaid", "-o", target, "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert target.read_text().startswith("flowchart LR")  # still written: a renderer with raised limits draws it
    (warning,) = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning.startswith("kg: warning: the Mermaid diagram has ")
    assert "maxEdges is 500" in warning and "--root" in warning and "--relation" in warning
    assert "warning" not in run_kg("export", "--format", "dot", "-o", tmp_path / "all.dot", "--kb", kb).stderr


@pytest.mark.parametrize("notes, fragment", [
    (b"", "file is empty"),
    (b"\x00\x01binary", "binary file"),
    (b"## A\n1. caf\x81\n", ":2: not UTF-8 text (byte 0x81), nor UTF-16 or Latin-1"),  # 0x81: not Windows-1252
    (b"## \n1. q\n", ":1: paper heading has no title"),
    (b"## Paper - 2999\n1. q\n", ":1: year 2999"),
])
def test_bad_notes_give_one_line_exit_2_and_keep_the_snapshot(tmp_path, notes, fragment):
    bad = tmp_path / "bad.md"
    bad.write_bytes(notes)
    kb = tmp_path / "kb"
    result = run_kg("ingest", bad, "--kb", kb)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.md" in lines[0] and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr and not (kb / "CURRENT").exists()


def test_unknown_names_and_missing_kb_are_one_line_errors(kb, tmp_path):
    unknown = run_kg("lineage", "Swimm Transformerr thing", "--kb", kb)
    assert unknown.returncode == 2 and "did you mean" in unknown.stderr and len(unknown.stderr.splitlines()) == 1
    missing = run_kg("lineage", "resnet", "--kb", tmp_path / "none")
    assert missing.returncode == 2 and "run 'kg ingest' first" in missing.stderr
    nothing = run_kg("ingest", tmp_path / "does-not-exist", "--kb", tmp_path / "kb2")
    assert nothing.returncode == 2 and "no such file or folder" in nothing.stderr
