"""The layout vocabulary (ingest/note_syntax.yaml) on text it was not written from: headings, lines,
file names and ignore rules in styles taken from note-taking templates, not from any corpus here."""

from __future__ import annotations

import pytest

from ingest.front_matter import read_front_matter
from ingest.headings import read_heading, render_links, title_from_file_name
from ingest.ignores import load_ignore
from ingest.line_kinds import classify_line
from ingest.note_syntax import note_syntax


def test_the_vocabulary_loads_and_has_no_overlaps_that_would_misread_a_line():
    syntax = note_syntax()
    assert {"week", "session", "discussion", "lecture", "day"} <= set(syntax.heading_prefixes)
    assert syntax.field_key("TL;DR") == "summary" and syntax.field_key("Presented by") == "presenter"
    markers = set(syntax.question_markers) | set(syntax.answer_markers)
    assert not markers & set(syntax.field_keys), "a Q/A marker must never also be a field key"
    assert not set(syntax.heading_prefixes) & syntax.section_labels - {"discussion"}


@pytest.mark.parametrize("heading, title, year, extra", [
    ("Lecture 7 | Layer Normalization | 2016", "Layer Normalization", 2016, {"discussion": 7}),
    ("Seminar 12: Dropout (Srivastava et al., JMLR 2014)", "Dropout", 2014,
     {"authors": ("Srivastava",), "venue": "JMLR"}),
    ("Meeting #4 - Deep Q-Networks (Nature 2015)", "Deep Q-Networks", 2015, {"venue": "Nature", "discussion": 4}),
    ("Day 3 — Xception [2017]", "Xception", 2017, {"discussion": 3}),
    ("ARTICLE: Layer-wise Relevance Propagation — 2015", "Layer-wise Relevance Propagation", 2015, {}),
    ("T5 (Raffel, Shazeer and Roberts, 2020)", "T5", 2020, {"authors": ("Raffel", "Shazeer", "Roberts")}),
    ("ELMo, NAACL'18", "ELMo", 2018, {"venue": "NAACL"}),
    ("RoBERTa (A Robustly Optimized BERT Pretraining Approach) - 2019", "RoBERTa", 2019,
     {"aliases": ("A Robustly Optimized BERT Pretraining Approach",)}),
    ("Faster R-CNN (continued)", "Faster R-CNN", None, {"aliases": ()}),
    ("XLNet: Generalized Autoregressive Pretraining for Language Understanding (2019)", "XLNet", 2019,
     {"aliases": ("Generalized Autoregressive Pretraining for Language Understanding",)}),
    ("7. Pix2Pix (CVPR 2017)", "Pix2Pix", 2017, {"discussion": 7, "venue": "CVPR"}),
    ("Class 9 – CycleGAN, Zhu et al. 2017", "CycleGAN", 2017, {"authors": ("Zhu",), "discussion": 9}),
    ("Highway Networks (May 2015)", "Highway Networks", 2015, {"authors": (), "venue": None}),
    ("Bar Net (Sept. 2019)", "Bar Net", 2019, {"authors": ()}),
    # names that start like a month are names ("Mar", "Jun", "Aug")
    ("Wren (Marcus et al., 2018)", "Wren", 2018, {"authors": ("Marcus",)}),
    ("Lark (Junyoung Okafor, Augustus Lin, 2017)", "Lark", 2017, {"authors": ("Junyoung Okafor", "Augustus Lin")}),
    # a running doc's headings dated by the meeting: the date is not the paper's name
    ("14 mar — Gullnet (Okafor et al., 2021)", "Gullnet", 2021, {"authors": ("Okafor",)}),
    ("mtg 6 | Oct 2 | Tern: diving for features (ICML 2020)", "Tern", 2020,
     {"discussion": 6, "aliases": ("diving for features",)}),
    ("2025-01-09 - Osprey", "Osprey", None, {"prefixed": True}),
    ("wk 3: Heron nets, 2018", "Heron nets", 2018, {"discussion": 3}),
    ("Mar 2019 survey", "Mar 2019 survey", None, {"prefixed": False}),  # a month and year, then no separator
    ('Kestrel "Not the path but the perch" (ECCV 2020)', "Kestrel", 2020, {"aliases": ("Not the path but the perch",)}),
    # a name of four words before a spaced dash and a longer title; before a colon, four words are the title's own
    ("When to Dive Twice — adaptive diving via a tidal sentinel (2017)", "When to Dive Twice", 2017,
     {"aliases": ("adaptive diving via a tidal sentinel",)}),
    ("Deep Tidal Wren Models: a study (2019)", "Deep Tidal Wren Models: a study", 2019, {"aliases": ()}),
    # two names with a spaced slash stay one title: "DQN / Double DQN" are two papers a session set side by side
    ("Lark-2 / LarkFold (2023)", "Lark-2 / LarkFold", 2023, {"aliases": ()}),
    # a number hyphened to a word is the name's (a benchmark, a model size); a year hyphened so is the year
    ("Session 1 Heron-1501 (A Perch Benchmark) - 2015", "Heron-1501", 2015, {"aliases": ("A Perch Benchmark",)}),
    ("Heron-1501", "Heron-1501", None, {}),
    ("Heron-2015", "Heron", 2015, {}),
    # a bracket listing family names lists the authors; one of capitalised English words is a second name
    ("Tidal Perch Coding (Okafor, Lindqvist, Brandt) - 2017", "Tidal Perch Coding", 2017,
     {"authors": ("Okafor", "Lindqvist", "Brandt"), "aliases": ()}),
    ("Gullnet (Pooling, Attention)", "Gullnet", None, {"authors": (), "aliases": ("Pooling, Attention",)}),
    # a second name holding brackets of its own; two names side by side in one bracket answer each
    ("Discussion 17 : GPNN (G(n) Perch Pooling Networks) - 2021", "GPNN", 2021,
     {"aliases": ("G(n) Perch Pooling Networks",)}),
    ("Estimating Tides: bounds and algorithms (TARNet / CRF) - 2017", "Estimating Tides", 2017,
     {"aliases": ("TARNet / CRF", "TARNet", "CRF", "bounds and algorithms")}),
])
def test_headings_in_styles_the_vocabulary_was_not_written_from(heading, title, year, extra):
    parts = read_heading(heading, current_year=2026)
    assert (parts.title, parts.year) == (title, year)
    for key, value in extra.items():
        assert getattr(parts, key) == value, key
    assert parts.reads_as_paper == (year is not None or parts.prefixed or bool(parts.authors))


@pytest.mark.parametrize("line, kind, key", [
    ("**Speaker:** Priya", "field", "presenter"),
    ("Key takeaways: depth matters", "field", "takeaway"),
    ("See also: [[Highway Networks]]", "field", "related work"),
    ("a.k.a.: DQN", "field", "aliases"),
    ("Question 4: why a target network?", "q", "q"),
    ("**Answer:** it stabilises the bootstrapped target", "a", "a"),
    ("Open questions:", "label", None),
    ("**Things we did not get to**", "label", None),
    ("loss: cross entropy over 1000 classes", "text", None),  # an unknown key is prose, not a field
    ("This is how it works, roughly, in three steps of the algorithm explained below:", "text", None),
    ("    1. a nested numbered item", "question", None),
    ("- [x] read the appendix", "bullet", None),
    ("Q7) what does the critic learn?", "q", "q"),
    ("**4. Why a replay buffer?**", "question", None),
    ("<!-- presenter fills this in -->", "blank", None),
    ("![[loss-curve.png]]", "label", None),
    ("![architecture](img/arch.png)", "label", None),
])
def test_line_kinds_on_lines_the_vocabulary_was_not_written_from(line, kind, key):
    classified = classify_line(line)
    assert classified.kind == kind
    if key:
        assert classified.key == key


@pytest.mark.parametrize("stem, name", [
    ("Batch-Normalization", "Batch Normalization"),
    ("vision_transformer", "vision transformer"),
    ("YOLO-v3", "YOLO v3"),
    ("Mask R-CNN", "Mask R-CNN"),
    ("Attention Is All You Need 5c1f0e2d9a7b4c3e8f6a1b2c3d4e5f60", "Attention Is All You Need"),
    ("ResNet", "ResNet"),
    ("index", None),
    ("reading-list", None),
    ("ideas", None),
    ("2023-11-02", None),
])
def test_file_names_that_name_a_paper_and_those_that_do_not(stem, name):
    assert title_from_file_name(stem) == name


@pytest.mark.parametrize("path, is_dir, ignored", [
    (".trash", True, True),
    ("Templates", True, True),
    ("assets", True, True),
    ("graph/logseq/bak", True, True),
    ("LICENSE.md", False, True),
    ("Readme.txt", False, True),
    ("CODE_OF_CONDUCT.md", False, True),
    ("papers/Dropout.md", False, False),
    ("journals", True, False),
])
def test_default_ignores_on_paths_of_vaults_they_were_not_written_from(path, is_dir, ignored):
    assert load_ignore(None).ignores(path, is_dir=is_dir) == ignored


def test_front_matter_key_spellings_map_to_canonical_keys():
    front = read_front_matter(["---", "name: Highway Networks", "alias: HighwayNet", "tldr: gated skips",
                               "author: Srivastava", "keywords: [depth, gating]", "---"])
    assert front.text("title") == "Highway Networks" and front.items("aliases") == ("HighwayNet",)
    assert front.text("summary") == "gated skips" and front.items("tags") == ("depth", "gating")
    assert front.key_lines["summary"] == 4


def test_links_render_as_their_label():
    assert render_links("see [[Highway Networks#Gates|the gates]] and [[LSTM]]") == "see the gates and LSTM"


def test_a_bracket_of_names_alone_does_not_make_a_heading_a_papers():
    # "### Follow-up reading (Ng, Jordan)" under a paper is a remark; with a year or "et al." it is a paper's heading
    remark = read_heading("Follow-up reading (Ng, Jordan)")
    assert remark.authors == ("Ng", "Jordan") and remark.authors_listed and not remark.reads_as_paper
    assert read_heading("Tidal Perch (Okafor, Lind) - 2017").reads_as_paper
    assert read_heading("Tidal Perch (Okafor et al.)").reads_as_paper
    assert read_heading("Baselines (ResNet, DenseNet)").authors == ()  # model names are no family names


def test_a_meeting_line_speaks_of_the_day_its_words_name():
    syntax = note_syntax()
    assert syntax.day_spoken_of("cancel tomorrow's session (deadline)", "2024-02-28") == "2024-02-29"
    assert syntax.day_spoken_of("moved to the day after tomorrow", "2024-11-13") == "2024-11-15"  # the longer phrase
    assert syntax.day_spoken_of("slides from yesterday", "2025-01-01") == "2024-12-31"
    assert syntax.day_spoken_of("yesterday we agreed to cancel tomorrow", "2024-11-13") is None  # two days: neither
    assert syntax.day_spoken_of("cancel tomorrow", "2024-02-30") is None  # no such day
    assert syntax.day_spoken_of("the tomorrowland dataset", "2024-11-13") is None  # a word, not a part of one


def test_front_matter_with_a_date_that_is_no_day_is_an_error_of_the_file_not_a_crash(tmp_path):
    front = read_front_matter(["---", "date: 2024-02-30", "type: paper", "---", "- notes"])
    assert front.error.startswith("front matter holds a date that is no day") and front.lines == 4
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "Wren.md").write_text("---\ndate: 2024-02-30\n---\n## Wren - 2019\n- tidal gates\n", encoding="utf-8")
    from ingest.notes import parse_paths

    corpus = parse_paths([notes], display_root=tmp_path)  # read on: the file's warning names it (kg doctor)
    assert any("date that is no day" in w.message and w.source.file.endswith("Wren.md") for w in corpus.warnings)
    assert [s.title for s in corpus.sections] == ["Wren"]
