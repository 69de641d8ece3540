"""Paths given to the CLI (issue 19, item 13): an export onto a folder, a knowledge base that is not there."""

from __future__ import annotations

from conftest import run_kg


def test_export_onto_an_existing_folder_is_one_line_and_leaves_nothing(kb, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    result = run_kg("export", "--format", "mermaid", "-o", folder, "--kb", kb)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(folder) in lines[0] and "folder" in lines[0], result.stderr
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


def test_export_into_a_missing_folder_is_one_line_and_leaves_nothing(kb, tmp_path):
    target = tmp_path / "missing" / "graph.mmd"
    result = run_kg("export", "--format", "mermaid", "-o", target, "--kb", kb)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_commands_on_a_missing_knowledge_base_create_nothing(tmp_path):
    missing = tmp_path / "nothing-here"
    for args in (["search", "x"], ["lineage", "resnet"], ["ask", "what is dropout?"]):
        result = run_kg(*args, "--kb", missing)
        assert result.returncode == 2 and "run 'kg ingest' first" in result.stderr, (args, result.stderr)
        assert not missing.exists(), args


def test_the_app_on_a_missing_knowledge_base_creates_nothing(tmp_path):
    import pytest

    from api.app import create_app
    from ingest.errors import SnapshotError

    missing = tmp_path / "nothing-here"
    with pytest.raises(SnapshotError, match="run 'kg ingest' first"):
        create_app({"KB": str(missing)})
    assert not missing.exists()
