"""Errors a person can act on: Ctrl-C, a busy port, a folder that cannot be written, notes in another
encoding: one line naming the thing, the exit status a shell expects, nothing published half-way."""

from __future__ import annotations

import errno
import os
import shutil
import socket
from pathlib import Path

import pytest

from conftest import ROOT, run_kg
from ingest.snapshot import current_snapshot_id, published_ids, KBLayout


@pytest.fixture()
def warm_copy(tmp_path, kb):
    """A copy of the session's knowledge base (its embedding cache warm) and a notes folder with one new paper."""
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(ROOT / "data" / "notes" / "reading-group-notes.md", notes / "seed.md")
    (notes / "week.md").write_text("## Discussion 40 Interrupted Paper - 2020\n1. Why stop?\n- a reader pressed Ctrl-C\n",
                                   encoding="utf-8")
    copy = tmp_path / "kb"
    shutil.copytree(kb, copy)
    return notes, copy


@pytest.mark.parametrize("phase", ["parsed", "embedded", "files-written", "renamed"])
def test_ctrl_c_during_ingest_is_one_line_exit_130_and_publishes_nothing(warm_copy, phase):
    notes, kb = warm_copy
    before, folders = current_snapshot_id(kb), published_ids(KBLayout(kb))
    result = run_kg("ingest", notes, "--replace", "--kb", kb, env={"KG_FAILPOINT": f"{phase}:SIGINT"})
    assert result.returncode == 130, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0] == f"kg: interrupted; nothing was published ({kb} still serves {before})"
    assert current_snapshot_id(kb) == before and published_ids(KBLayout(kb)) == folders
    assert not list((kb / "snapshots").glob(".tmp-*"))


def test_serve_on_a_busy_port_names_the_port_and_exits_2(kb):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_kg("serve", "--kb", kb, "--port", port)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == (f"kg: error: cannot listen on 127.0.0.1:{port}: the port is in use by another program; "
                         "stop it or choose another --port"), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("code, words", [(errno.EROFS, "read-only file system"),
                                         (errno.EACCES, "permission denied for this user")])
def test_a_knowledge_base_folder_that_cannot_be_written_is_one_line_exit_2(tmp_path, monkeypatch, capsys, code, words):
    """As root (the test machines) a chmod stops nothing: the file system's refusal is raised where
    the build first writes in the folder, opening its lock file."""
    import builtins

    from api.cli import main
    import ingest.snapshot

    kb = tmp_path / "kb"
    notes = tmp_path / "a.md"
    notes.write_text("## Heron Net - 2020\n1. q?\n- a\n", encoding="utf-8")

    def refusing_open(file, *args, **kwargs):
        if Path(file).parent == kb:
            raise OSError(code, os.strerror(code), str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(ingest.snapshot, "open", refusing_open, raising=False)
    assert main(["ingest", str(notes), "--kb", str(kb)]) == 2
    err = capsys.readouterr().err
    assert err == (f"kg: error: {kb / '.lock'}: {words}; the knowledge base folder {kb} must be readable and "
                   f"writable by this user (choose another with --kb or $KG_KB)\n")


def test_a_knowledge_base_under_a_file_names_the_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    notes = tmp_path / "a.md"
    notes.write_text("## Heron Net - 2020\n1. q?\n- a\n", encoding="utf-8")
    result = run_kg("ingest", notes, "--kb", blocker / "kb")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert str(blocker) in result.stderr and "is a file, not a folder" in result.stderr
    assert "[Errno" not in result.stderr


def test_utf16_and_latin1_notes_are_read_with_a_warning_naming_the_encoding(tmp_path, warm_copy):
    _, kb = warm_copy
    notes = tmp_path / "mixed"
    notes.mkdir()
    (notes / "a-utf8.md").write_text("## Heron Net - 2019\n1. What is new?\n- the perch layer\n", encoding="utf-8")
    (notes / "b-utf16.md").write_bytes("## Ibis Net - 2020\n1. Où est le gain?\n- façade\n".encode("utf-16"))
    (notes / "c-latin1.md").write_bytes("## Jacana Net - 2021\n1. Café?\n- naïve “quotes”\n".encode("cp1252"))
    result = run_kg("ingest", notes, "--replace", "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert "b-utf16.md:1: not UTF-8: read as UTF-16 (byte-order mark)" in result.stderr
    assert "c-latin1.md:1: not UTF-8: read as Latin-1 (Windows-1252)" in result.stderr
    shown = run_kg("show", "ibis-net", "--kb", kb)
    assert "Où est le gain?" in shown.stdout, shown.stdout
    latin = run_kg("show", "jacana-net", "--kb", kb)
    assert "Café?" in latin.stdout, latin.stdout
