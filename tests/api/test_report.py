"""The build report: saved in the snapshot, served at /api/v1/report, printed by `kg doctor` and after `kg ingest`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_kg
from ingest.build_report import REPORT_SECTIONS

DATA = Path(__file__).resolve().parents[1] / "data"


def test_report_endpoint_gives_every_section_with_file_and_line(client, snapshot):
    answer = client.get("/api/v1/report")
    assert answer.status_code == 200
    report = answer.get_json()
    assert report["snapshot"] == snapshot.id
    assert set(report["counts"]) == set(REPORT_SECTIONS)
    assert report["counts"]["concepts_created"] == len(report["concepts_created"]) > 0
    for item in report["concepts_created"]:
        assert item["file"] == "data/notes/reading-group-notes.md" and item["line"] >= 1
    assert client.get("/openapi.json").get_json()["paths"]["/api/v1/report"]["get"]["responses"]["200"]


def test_ingest_ends_with_a_short_report_and_doctor_gives_it_in_full(tmp_path, client):
    kb = tmp_path / "kb"
    notes = DATA / "own-notes"
    ingest = run_kg("ingest", notes / "diffusion.md", notes / "rl.md", DATA / "group-library" / "refs.bib",
                    "--kb", kb, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    assert "report (in full: kg doctor):" in ingest.stdout
    assert "1 papers with no year" in ingest.stdout  # DiT: its heading has none, the library does not add one
    doctor = run_kg("doctor", "--kb", kb)
    assert doctor.returncode == 0, doctor.stderr
    assert "diffusion.md:60: DiT" in doctor.stdout
    assert "refs.bib" in doctor.stdout and "amodei2016deepspeech2" in doctor.stdout
    assert "concepts created from the notes: " in doctor.stdout and "guidance scale" in doctor.stdout
    as_json = json.loads(run_kg("doctor", "--json", "--kb", kb).stdout)
    assert as_json["counts"]["papers_without_year"] == 1
    assert [item["paper"] for item in as_json["papers_without_year"]] == ["dit"]


def test_doctor_on_a_missing_knowledge_base_is_one_line(tmp_path):
    result = run_kg("doctor", "--kb", tmp_path / "nothing")
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1
