"""The reviewed catalog: unique ids, unambiguous aliases, lineage forward in time, no cycles, and
every claim of who introduced a concept backed by its reviewed source."""

from __future__ import annotations

import re
from importlib import resources

import networkx as nx
import pytest
import yaml

from ingest.catalog import load_catalog
from kg.model import compact_key

SEED_IDS = {"alexnet", "googlenet", "resnet", "batch-normalization", "adam", "densenet", "yolov1", "yolov4", "yolor",
            "mask-r-cnn", "yolact", "gan", "cgan", "controlgan", "wgan", "transformer", "bert", "tft", "gat", "vit",
            "swin-transformer", "dqn", "drqn", "ddqn"}


def test_catalog_has_the_seed_papers_earlier_works_and_80_concepts():
    catalog = load_catalog()
    assert SEED_IDS <= set(catalog.papers)
    assert {"vgg", "network-in-network", "r-cnn", "fast-r-cnn", "faster-r-cnn", "lstm", "gru", "seq2seq", "gcn",
            "graphsage", "deit", "q-learning", "double-q-learning", "td-gammon", "nfq", "vae",
            "deep-boltzmann-machine", "yolov2", "yolov3"} <= set(catalog.papers)
    assert len(catalog.concepts) >= 80


def test_ids_are_unique_across_papers_and_concepts():
    catalog = load_catalog()
    assert not set(catalog.papers) & set(catalog.concepts)


def test_every_name_and_alias_resolves_to_exactly_one_entry():
    catalog = load_catalog()
    owners: dict[str, set[str]] = {}
    for entry in [*catalog.papers.values(), *catalog.concepts.values()]:
        for name in (entry.id, *entry.names):
            owners.setdefault(compact_key(name), set()).add(entry.id)
    clashes = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert clashes == {}


def test_references_point_at_existing_entries():
    catalog = load_catalog()
    for paper in catalog.papers.values():
        assert set(paper.cites) <= set(catalog.papers), paper.id
        assert set(paper.prerequisites) <= set(catalog.concepts), paper.id
    for concept in catalog.concepts.values():
        assert set(concept.requires) <= set(catalog.concepts), concept.id
        assert concept.introduced_by is None or concept.introduced_by in catalog.papers, concept.id


def test_years_are_sane_and_no_citation_points_back_in_time():
    catalog = load_catalog()
    for paper in catalog.papers.values():
        assert 1940 <= paper.year <= 2026, paper.id
        for cited in paper.cites:
            assert catalog.papers[cited].year <= paper.year, f"{paper.id} cites later {cited}"


def test_no_prerequisite_or_citation_cycle():
    catalog = load_catalog()
    requires = nx.DiGraph((r, c.id) for c in catalog.concepts.values() for r in c.requires)
    cites = nx.DiGraph((c, p.id) for p in catalog.papers.values() for c in p.cites)
    assert nx.is_directed_acyclic_graph(requires)
    assert nx.is_directed_acyclic_graph(cites)


def test_known_year_disagreement_is_in_the_catalog():
    assert load_catalog().papers["controlgan"].year != 2014  # the notes say 2014; the catalog keeps the true year


# --- who introduced what, and who wrote what --------------------------------------------------------

CLAIMS = ("introduced_by", "introduced_in")
#: "Hinton et al. 2012", "Nair & Hinton 2010", "Lin 1992", "von Neumann 1928"
CITATION = re.compile(r"^(?P<who>\w[\w'\- ]*?(?: et al\.| & \w[\w'\- ]*?)?) (?P<year>\d{4})$")


def raw_catalog() -> dict:
    return yaml.safe_load(resources.files("ingest").joinpath("catalog.yaml").read_text(encoding="utf-8"))


def test_every_introduced_by_and_introduced_in_has_its_reviewed_source_line():
    """One line of ``sources`` per claim, naming the same paper or work; no line without its claim."""
    raw = raw_catalog()
    claims = {(c["id"], key, c[key]) for c in raw["concepts"] for key in CLAIMS if c.get(key)}
    lines = raw["sources"]
    backed = set()
    for line in lines:
        (key,) = [k for k in CLAIMS if k in line]  # each line backs exactly one claim
        backed.add((line["concept"], key, line[key]))
        assert len(str(line.get("source", ""))) >= 20, line  # says what the claim rests on
    assert len(backed) == len(lines), "a concept has two source lines"
    assert claims - backed == set(), "claims without a reviewed source"
    assert backed - claims == set(), "source lines whose claim the catalog no longer makes"


def test_a_concept_first_proposed_outside_the_catalog_names_the_work_and_the_catalog_paper_that_used_it():
    catalog = load_catalog()
    for concept in catalog.concepts.values():
        assert not (concept.introduced_by and concept.introduced_in), concept.id  # one or the other
        for paper in (concept.popularised_by, concept.used_by):
            assert paper is None or paper in catalog.papers, concept.id
        if concept.introduced_in:
            cited = CITATION.match(concept.introduced_in)
            assert cited, f"{concept.id}: {concept.introduced_in!r} is not 'Author et al. YEAR'"
            users = [catalog.papers[p] for p in (concept.popularised_by, concept.used_by) if p]
            assert all(int(cited["year"]) <= p.year for p in users), f"{concept.id} used before it was introduced"


def test_no_paper_needs_a_concept_before_the_paper_that_introduced_it():
    catalog = load_catalog()
    for paper in catalog.papers.values():
        for needed in paper.prerequisites:
            introducer = catalog.concepts[needed].introduced_by
            if introducer:
                assert catalog.papers[introducer].year <= paper.year, f"{paper.id} needs {needed} before {introducer}"


@pytest.mark.parametrize("concept, work, paper", [
    ("dropout", "Hinton et al. 2012", "alexnet"),          # not AlexNet: it cites Hinton et al. for dropout
    ("relu", "Nair & Hinton 2010", "alexnet"),             # not AlexNet: 'Following Nair and Hinton'
    ("experience-replay", "Lin 1992", "dqn"),              # not DQN
    ("earth-mover-distance", "Kantorovich 1942", "wgan"),  # not WGAN
    ("minimax-game", "von Neumann 1928", "gan"),           # GAN trains as a minimax game; it did not invent it
    ("self-attention", "Cheng et al. 2016", "transformer"),  # the Transformer paper credits intra-attention
])
def test_the_facts_found_wrong_name_the_work_that_introduced_them(concept, work, paper):
    entry = load_catalog().concepts[concept]
    assert entry.introduced_by is None
    assert entry.introduced_in == work and paper in (entry.popularised_by, entry.used_by)


def test_every_paper_has_its_first_author_and_its_venue():
    for paper in load_catalog().papers.values():
        assert paper.authors and paper.authors[0] != "et al." and " " in paper.authors[0], paper.id  # a full name
        assert "et al." not in paper.authors[:-1], paper.id  # "et al." only ends an abridged list
        venue_year = re.search(r"(\d{4})$", paper.venue or "")
        assert venue_year, f"{paper.id}: venue {paper.venue!r} without its year"
        assert paper.year <= int(venue_year.group(1)) <= paper.year + 2, paper.id  # arXiv first, venue soon after
