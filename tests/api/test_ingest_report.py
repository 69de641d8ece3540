"""`kg ingest` tells a group what it read from each file, and `--strict` refuses lines it could not use."""

from __future__ import annotations

from conftest import run_kg

NOTES = {
    "Dropout.md": "Randomly zero activations during training.\n\n- acts like an ensemble of thinned networks\n",
    "track.md": ("# Regularisation circle\n\nWe meet on Fridays.\n\n## Week 1: Weight Decay (1992)\n"
                 "Presenter: Sam\n1. Why L2?\n- smaller weights generalise better\n"),
    "todo.txt": "- book a room\n",
}


def _write_notes(folder):
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_prints_papers_notes_and_unused_lines_per_file(tmp_path):
    notes = _write_notes(tmp_path / "notes")
    result = run_kg("ingest", notes, "--kb", tmp_path / "kb", timeout=600)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert any(line.endswith("Dropout.md: 1 paper, 2 notes") for line in out), result.stdout
    assert any(line.endswith("track.md: 1 paper, 1 note, 1 line not used (line 3)") for line in out), result.stdout
    assert any(line.endswith("todo.txt: skipped (no paper heading found (expected a line like '## ResNet - 2015', "
                             "front matter with a title, or a file named after its paper))") for line in out)
    assert "track.md:3: line 3 is under the title 'Regularisation circle'" in result.stderr


def test_strict_refuses_an_unused_line_naming_file_and_line_and_writes_nothing(tmp_path):
    notes = _write_notes(tmp_path / "notes")
    (notes / "todo.txt").unlink()
    kb = tmp_path / "kb"
    result = run_kg("ingest", notes, "--kb", kb, "--strict")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert len(errors) == 1 and "track.md:3: line not used by any note or field" in errors[0], result.stderr
    assert "Traceback" not in result.stderr and not (kb / "CURRENT").exists()
