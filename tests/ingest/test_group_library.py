"""A group's papers.yaml and BibTeX library beside its notes: what the group states wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalog import load_bibtex, load_catalog, match_bibtex, overlay_catalog, split_group_sources
from ingest.errors import IngestError
from ingest.pipeline import build_graph_for
from kg.queries import lineage

DATA = Path(__file__).resolve().parents[1] / "data"
NOTES = DATA / "own-notes"
LIBRARY = DATA / "group-library"


@pytest.fixture(scope="module")
def built():
    paths = [NOTES / "diffusion.md", NOTES / "rl.md", LIBRARY / "papers.yaml", LIBRARY / "refs.bib"]
    return build_graph_for(paths, display_root=DATA)


def test_split_group_sources_finds_the_library_beside_or_among_the_notes(tmp_path):
    (tmp_path / "notes.md").write_text("## A - 2020\n1. q\n- a\n", encoding="utf-8")
    (tmp_path / "papers.yaml").write_text("papers: []\n", encoding="utf-8")
    (tmp_path / "zotero.bib").write_text("", encoding="utf-8")
    notes, catalogs, bibtex = split_group_sources([tmp_path, LIBRARY / "refs.bib"])
    assert notes == [tmp_path] and catalogs == [tmp_path / "papers.yaml"]
    assert bibtex == [tmp_path / "zotero.bib", LIBRARY / "refs.bib"]


def test_papers_yaml_adds_a_paper_with_its_year_and_stated_lineage(built):
    G = built.graph
    assert G.nodes["dit"]["year"] == 2023 and G.nodes["dit"]["title"] == "Scalable Diffusion Models with Transformers"
    evidence = G.edges["latent-diffusion", "dit", "led_to"]["evidence"]
    stated = [e for e in evidence if e["kind"] == "stated"]
    assert stated and stated[0]["source"] == "papers.yaml" and stated[0]["file"].endswith("papers.yaml")
    assert stated[0]["line"] == 4
    assert "dit" not in [p["paper"] for p in built.report.papers_without_year]


def test_papers_yaml_overrides_one_field_of_a_bundled_entry():
    catalog = overlay_catalog(load_catalog(), LIBRARY / "papers.yaml")
    assert catalog.papers["adam"].summary == "The optimizer our group trains everything with."
    assert catalog.papers["adam"].year == 2014 and catalog.papers["adam"].cites == ("adagrad", "rmsprop")


def test_bibtex_gives_titles_years_authors_and_arxiv_ids_matched_by_name(built):
    G = built.graph
    ddpm = G.nodes["ddpm"]
    assert ddpm["title"] == "Denoising Diffusion Probabilistic Models"
    assert ddpm["authors"][0] == "Ho, Jonathan" and ddpm["arxiv"] == "2006.11239"
    assert G.nodes["ppo"]["arxiv"] == "1707.06347" and G.nodes["ppo"]["year"] == 2017
    assert G.nodes["ddim"]["year"] == 2021  # the library's year wins over the heading's, with a warning
    assert any("DDIM 2020" in w and "refs.bib" in w for w in built.warnings)
    assert [e["key"] for e in built.report.bibtex_unmatched] == ["amodei2016deepspeech2"]


def test_a_library_never_turns_uses_into_lineage(built):
    ancestors = {a["id"] for a in lineage(built.graph, "dit")["ancestors"]}
    assert {"latent-diffusion", "ddpm"} <= ancestors and not {"vit", "transformer"} & ancestors


def test_match_bibtex_says_when_a_name_is_ambiguous():
    entries = load_bibtex(LIBRARY / "refs.bib")
    entry, candidates = match_bibtex(["Denoising Diffusion"], entries)
    assert entry is None and candidates == []
    twice = entries + [entries[0]]
    entry, candidates = match_bibtex(["Denoising Diffusion Probabilistic Models"], twice)
    assert entry is None and len(candidates) == 2


@pytest.mark.parametrize("name, text, line", [
    ("papers.yaml", "papers:\n  - id: x\n    name: y\n   bad: z\n  - id: w\n", 4),
    ("papers.yaml", "papers:\n  - {name: no id}\n", 2),
    ("papers.yaml", "papers:\n  - {id: x, name: X, year: soon}\n", 2),
    ("refs.bib", "@article{ok, title={Fine}, year={2020}}\n\n@misc{broken, title={x\n", 3),
])
def test_a_bad_library_file_is_one_error_naming_file_and_line(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        overlay_catalog(load_catalog(), path) if name.endswith(".yaml") else load_bibtex(path)
    assert caught.value.file == str(path) and caught.value.line == line
