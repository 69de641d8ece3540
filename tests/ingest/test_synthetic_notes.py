"""bench/synthetic_notes.py: reproducible notes at any size that ingest into a graph with lineage."""

from __future__ import annotations

import itertools
import random

from bench.synthetic_notes import SYLLABLES, generate, paper_name

from ingest.catalog import load_catalog
from ingest.graph_build import build_graph
from ingest.notes import parse_paths


def test_the_same_seed_writes_the_same_notes_and_they_ingest_with_lineage(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    report = generate(first, 3000, seed=3)
    generate(second, 3000, seed=3)
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(p.name for p in second.iterdir()) and len(files) == report["files"]
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    graph = build_graph(parse_paths([first], display_root=tmp_path), load_catalog()).graph
    papers = [n for n, d in graph.nodes(data=True) if d["type"] == "paper" and d.get("discussed")]
    assert len(papers) == report["papers"]
    assert sum(1 for *_, k in graph.edges(keys=True) if k == "led_to") > report["papers"] // 4


def test_names_run_on_past_the_short_ones_so_a_million_chunks_can_be_named():
    suffixes = ("Net", "Former", "GAN", "-RL", "Seg", "Det", "")
    used = {"".join(parts).capitalize() + suffix
            for size in (2, 3) for parts in itertools.product(SYLLABLES, repeat=size) for suffix in suffixes}
    assert len(used) == 25_200
    name = paper_name(random.Random(1), used)
    assert name in used and len(used) == 25_201
