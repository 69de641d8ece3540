"""Notes in the layouts groups write (tests/data/own-layouts, written for these tests): the papers and
notes a person counts, every line accounted for, and what headings and front matter say."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.notes import collect_note_files, parse_file, parse_paths, parse_text
from ingest.records import LINE_USES

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "tests" / "data" / "own-layouts"

# (papers, notes) a person counts in each file by the rules in docs/own-notes.md; None: skipped
OWN_COUNTS = {
    "weeks.md": (3, 8),
    "qa.md": (2, 5),
    "bullets.md": (3, 8),
    "per-paper/Graph-Attention-Networks.md": (1, 2),
    "per-paper/SchNet_2017.md": (1, 2),
    "per-paper/notes.md": None,
    "vault/Set-Transformer.md": (1, 3),
    "vault/Permutation-Invariance.md": None,
    "logseq/pages/Graph Transformer.md": (1, 2),
    "logseq/journals/2024_01_05.md": None,
}


@pytest.fixture(scope="module")
def own():
    return parse_paths([OWN], display_root=OWN)


def _by_title(corpus):
    return {s.title: s for s in corpus.sections}


def test_each_file_gives_the_papers_and_notes_a_person_counts(own):
    found = {r.file: (None if r.skipped else (r.papers, r.notes)) for r in own.reports}
    assert found == OWN_COUNTS


def assert_every_line_accounted_for(corpus, root: Path):
    """Each line of each file has one use; a line not used is named (or covered) by a warning."""
    for report in corpus.reports:
        lines = (root / report.file).read_text(encoding="utf-8").splitlines()
        assert len(report.line_uses) == len(lines), report.file
        assert set(report.line_uses) <= set(LINE_USES), report.file
        warned = sorted(w.source.line for w in corpus.warnings if w.source.file == report.file)
        for line in report.unused_lines:
            assert warned and warned[0] <= line, f"{report.file}:{line} not used and no warning names it"
        if not report.skipped:
            counted = sum(len(s.notes) for s in corpus.sections if s.source.file == report.file)
            assert counted == report.notes
            assert report.line_uses.count("paper") + (report.line_uses.count("paper") == 0) >= report.papers


def test_every_line_is_accounted_for(own):
    assert_every_line_accounted_for(own, OWN)
    weeks = next(r for r in own.reports if r.file == "weeks.md")
    assert weeks.line_uses[0] == "title" and weeks.unused_lines == (3,)  # prose under the group's title
    assert weeks.line_uses[5:7] == ("field", "field") and weeks.line_uses[22] == "label"


def test_week_headings_with_authors_venues_and_level_changes(own):
    papers = _by_title(own)
    gcn = papers["Graph Convolutional Networks"]
    assert (gcn.year, gcn.authors, gcn.discussion) == (2017, ("Kipf", "Welling"), 1)
    assert gcn.summary == "a first-order approximation of spectral graph convolutions."
    assert [(f.key, f.value) for f in gcn.fields] == [
        ("summary", "a first-order approximation of spectral graph convolutions."),
        ("presenter", "Ana"), ("takeaway", "two layers is usually enough.")]
    sage = papers["GraphSAGE"]
    assert (sage.year, sage.authors) == (2017, ("Hamilton",))
    assert [n.shape for n in sage.notes] == ["question", "question", "bullet", "bullet"]
    assert sage.notes[1].answers == ("mean, LSTM and pooling aggregators", "pooling worked best in their tables")
    assert [(f.key, f.value) for f in sage.fields] == [("builds on", "Graph Convolutional Networks")]
    gin = papers["Graph Isomorphism Network"]
    assert (gin.year, gin.venue, gin.aliases) == (2019, "ICLR", ("GIN",))
    mixed = [w for w in own.warnings if "mix levels" in w.message]
    assert len(mixed) == 1 and mixed[0].source == sage.source


def test_paper_prefix_any_case_with_question_and_answer_pairs(own):
    papers = _by_title(own)
    ppo = papers["Proximal Policy Optimization"]
    assert (ppo.year, ppo.aliases) == (2017, ("PPO",))
    assert [(n.shape, n.question, len(n.answers)) for n in ppo.notes] == [
        ("qa", "What is the clipped objective?", 2), ("qa", "Why not TRPO?", 1), ("qa", "GAE?", 0)]
    sac = papers["Soft Actor-Critic"]
    assert sac.year == 2018 and sac.notes[1].answers == ("yes, it learns from a replay buffer\nunlike PPO which "
                                                         "is on-policy",)


def test_bullets_sub_bullets_labels_and_paragraphs(own):
    papers = _by_title(own)
    ode = papers["Neural Ordinary Differential Equations"]
    assert (ode.year, ode.venue) == (2018, "NeurIPS")
    assert ode.notes[0].answers == ("continuous-depth ResNet",) and ode.notes[-1].shape == "bullet"
    film = papers["FiLM"]
    assert (film.year, film.venue) == (2018, "AAAI")
    assert [n.shape for n in film.notes] == ["paragraph", "paragraph"]
    assert film.notes[0].answer_lines == (11, 12)
    assert papers["Deep Sets"].authors == ("Zaheer",)


def test_one_file_per_paper_named_after_it(own):
    papers = _by_title(own)
    assert papers["Graph Attention Networks"].year is None
    assert papers["SchNet"].year == 2017
    skipped = {r.file: r.skipped for r in own.reports if r.skipped}
    assert "no paper heading" in skipped["per-paper/notes.md"]
    assert any(w.source.file == "per-paper/notes.md" and "skipped" in w.message for w in own.warnings)


def test_vault_front_matter_wiki_links_and_what_is_not_a_note(own):
    papers = _by_title(own)
    sets = papers["Set Transformer"]
    assert (sets.year, sets.authors[:2], sets.tags) == (2019, ("Lee", "Lee"), ("sets", "attention"))
    assert sets.aliases == ("ISAB", "Set Transformer: A Framework for Attention-based Permutation-Invariant "
                                    "Neural Networks")
    assert sets.notes[0].links == ("Deep Sets",) and sets.notes[0].question.startswith("builds on Deep Sets ")
    assert sets.notes[2].links == ("Deep Sets",) and "DeepSets" in sets.notes[2].answers[0]
    assert {f.key for f in sets.fields} >= {"year", "aliases", "tags", "authors"}
    files = {r.file for r in own.reports}
    assert not {f for f in files if "README" in f or ".obsidian" in f or "attachments" in f or "/bak/" in f}
    assert "front matter says type 'concept'" in dict((r.file, r.skipped) for r in own.reports)[
        "vault/Permutation-Invariance.md"]


def test_logseq_page_properties(own):
    page = _by_title(own)["Graph Transformer"]
    assert (page.year, page.aliases) == (2020, ("GT",))
    assert page.notes[0].answers == ("like the Transformer but sparse",)


def test_bundled_notes_parse_as_before():
    corpus = parse_paths([ROOT / "data" / "notes"], display_root=ROOT)
    assert len(corpus.sections) == 24 and sum(len(s.notes) for s in corpus.sections) == 277
    assert all(n.shape == "question" for s in corpus.sections for n in s.notes)
    assert_every_line_accounted_for(corpus, ROOT)
    assert corpus.reports[0].unused_lines == ()


def test_kgignore_in_gitignore_syntax(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "Unfinished.md").write_text("## Draft Paper (2020)\n- x\n")
    (tmp_path / "ResNet.md").write_text("## ResNet (2015)\n- residual blocks\n")
    (tmp_path / "todo.txt").write_text("- read more\n")
    (tmp_path / "README.md").write_text("# About these notes\n- how we work\n")
    (tmp_path / ".kgignore").write_text("drafts/\n*.txt\n!README.md\n")
    assert sorted(p.name for p in collect_note_files([tmp_path])) == ["README.md", "ResNet.md"]
    (tmp_path / ".kgignore").write_text("*.md\n*.txt\n")
    with pytest.raises(IngestError, match="holds no notes"):
        collect_note_files([tmp_path])


def test_a_readme_or_todo_without_a_heading_is_skipped_not_fatal(tmp_path):
    (tmp_path / "GoogLeNet.md").write_text("## GoogLeNet (2014)\n1. Inception?\n- parallel branches\n")
    (tmp_path / "todo.txt").write_text("read the appendix\n- and the code\n")
    corpus = parse_paths([tmp_path], display_root=tmp_path)
    assert [s.title for s in corpus.sections] == ["GoogLeNet"]
    assert any(w.source.file == "todo.txt" and "skipped" in w.message for w in corpus.warnings)
    with pytest.raises(IngestError, match="no paper heading") as caught:  # nothing else to read: an error
        parse_paths([tmp_path / "todo.txt"], display_root=tmp_path)
    assert caught.value.file == "todo.txt"


def test_the_same_notes_in_two_files_are_read_once_with_a_warning(tmp_path):
    text = "## MobileNet (2017)\n1. Depthwise separable?\n- a depthwise then a pointwise conv\n2. Width\n- thins\n"
    (tmp_path / "a.md").write_text(text)
    (tmp_path / "b.md").write_text(text)
    (tmp_path / "c.md").write_text("## MobileNet (2017)\n1. Depthwise separable?\n- a depthwise then a pointwise "
                                   "conv\n3. New question\n- kept\n")
    corpus = parse_paths([tmp_path], display_root=tmp_path)
    notes = [n.question for s in corpus.sections for n in s.notes]
    assert notes == ["Depthwise separable?", "Width", "New question"]
    messages = [str(w) for w in corpus.warnings]
    assert any(m.startswith("b.md:1: same content as a.md") for m in messages)
    assert any(m.startswith("c.md:2: same note as a.md:2") for m in messages)
    c_report = next(r for r in corpus.reports if r.file == "c.md")
    assert c_report.notes == 1 and c_report.unused_lines == (2, 3)


def test_a_heading_at_another_level_is_its_own_paper_and_no_question_is_dropped_silently():
    text = ("## Discussion 1 AlphaGo - 2016\n1. MCTS?\n- tree search\n# Discussion 2 AlphaZero - 2017\n1. Self-play\n"
            "- no human games\n## Discussion 3 MuZero - 2019\n1. Learned model\n- dynamics in latent space\n")
    sections, warnings = parse_text(text, "games.md")
    assert [(s.title, s.year, len(s.notes)) for s in sections] == [
        ("AlphaGo", 2016, 1), ("AlphaZero", 2017, 1), ("MuZero", 2019, 1)]
    assert any("mix levels" in w.message and w.source.line == 4 for w in warnings)
    parsed = parse_file("1. a question before any paper\n- answer\n## Dropout (2014)\n- noise\n", "x.md")
    assert parsed.report.unused_lines == (1, 2)
    assert any(w.source.line == 1 and "questions at line 1" in w.message for w in parsed.warnings)


def test_year_field_fills_a_heading_without_one_and_a_conflict_is_a_warning():
    sections, warnings = parse_text("## Highway Networks\nYear: 2015\n- gates on skips\n"
                                    "## Swish (2017)\nYear: 2018\n- x * sigmoid(x)\n", "acts.md")
    assert [s.year for s in sections] == [2015, 2017]
    assert any("keeping 2017" in w.message and w.source.line == 5 for w in warnings)


# --- the tuning corpus (tests/data/layouts), written with its gold by someone who had not read the parser ---

LAYOUTS = ROOT / "tests" / "data" / "layouts"


@pytest.fixture(scope="module")
def gold():
    import yaml

    return yaml.safe_load((LAYOUTS / "gold.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def layouts():
    return parse_paths([LAYOUTS], display_root=LAYOUTS)


def test_tuning_corpus_counts_are_the_gold_counts_exactly(layouts, gold):
    found = {r.file: (r.papers, r.notes) for r in layouts.reports}
    assert found == {f["path"]: (f["papers"], f["notes"]) for f in gold["files"]}


def test_tuning_corpus_every_line_is_accounted_for(layouts):
    assert_every_line_accounted_for(layouts, LAYOUTS)
    assert all(not r.unused_lines and not r.skipped for r in layouts.reports)


def test_tuning_corpus_papers_have_the_gold_names_years_aliases_and_authors(layouts, gold):
    papers = {(s.source.file, s.title): s for s in layouts.sections}
    assert len(papers) == len(gold["papers"])
    for entry in gold["papers"]:
        section = papers.get((entry["file"], entry["name"]))
        assert section is not None, entry["name"]
        assert section.year == entry["year"], entry["name"]
        assert set(section.aliases) == set(entry["aliases"]), entry["name"]
        assert section.authors == tuple(entry["authors"]), entry["name"]


def test_tuning_corpus_fields_and_links_reach_the_records(layouts):
    papers = {s.title: s for s in layouts.sections}
    assert [(f.key, f.value) for f in papers["Bootstrap Your Own Latent"].fields] == [
        ("aliases", "BYOL"), ("builds on", "MoCo, SimCLR")]
    assert papers["DDIM"].summary.startswith("same training as DDPM")
    assert [f.value for f in papers["Improved DDPM"].fields if f.key == "presenter"] == [""]
    assert papers["DINO"].notes[1].links == ("Bootstrap Your Own Latent",)
    assert [(f.key, f.value) for f in papers["Masked Autoencoders"].fields if f.key == "related work"] == [
        ("related work", "BERT")]


def test_the_layout_examples_in_the_docs_parse_as_the_docs_say():
    text = (ROOT / "docs" / "own-notes.md").read_text(encoding="utf-8")
    layouts = text.split("## Layouts", 1)[1]
    blocks = [b.split("```", 1)[0] for b in layouts.split("```markdown\n")[1:]]
    counts = []
    for block in blocks:
        parsed = parse_file(block, "example.md")
        assert not parsed.report.unused_lines, block
        counts.append((parsed.report.papers, parsed.report.notes))
    assert counts == [(1, 2), (2, 3), (1, 2), (2, 4), (1, 3), (1, 1)]


def test_prose_at_a_bullets_margin_is_its_own_paragraph_and_indented_prose_continues_the_bullet():
    sections, _ = parse_text("## Swish (2017)\n- x times sigmoid(x)\n  found by search\nA smooth ReLU.\n- b\n", "a.md")
    assert [(n.shape, n.question, n.answers) for n in sections[0].notes] == [
        ("bullet", "x times sigmoid(x)\nfound by search", ()), ("paragraph", "", ("A smooth ReLU.",)),
        ("bullet", "b", ())]


def test_a_heading_that_repeats_the_page_name_is_the_paper_and_its_plain_headings_are_sub_headings():
    text = "# Attention Is All You Need\n## Key ideas\n- attention only\n## Multi-head attention\n- h heads\n"
    parsed = parse_file(text, "vault/Attention Is All You Need.md")
    assert [(s.title, len(s.notes)) for s in parsed.sections] == [("Attention Is All You Need", 2)]
    elsewhere = parse_file(text, "vault/transformers.md")  # a file not named after it: two headings, two papers
    assert [s.title for s in elsewhere.sections] == ["Multi-head attention"]


def test_a_file_named_after_its_title_heading_with_papers_under_it_is_a_collection():
    text = ("# Leftover papers\n\n## Heron\nHeron samples twice.\n\n## Gannet (2019)\nGannet dives.\n"
            "\n## Wren (Okafor et al., 2020)\nWren is small.\n")
    parsed = parse_file(text, "notes/leftover-papers.md")
    assert [(s.title, s.year, len(s.notes)) for s in parsed.sections] == [
        ("Heron", None, 1), ("Gannet", 2019, 1), ("Wren", 2020, 1)]





def _layout_lines():
    from hypothesis import strategies as st

    words = st.sampled_from(["ResNet", "attention", "GAN", "noise", "the", "x", "Q-values", "[[DDPM]]", "w2v2"])
    text = st.lists(words, min_size=1, max_size=6).map(" ".join)
    return st.one_of(
        st.just(""), text,
        st.builds(lambda level, prefix, title, year: f"{'#' * level} {prefix}{title}{year}", st.integers(1, 4),
                  st.sampled_from(["", "Week 2 — ", "Paper: ", "Session 1: ", "3. "]), text,
                  st.sampled_from(["", " (2020)", " [2019]", " (Ho et al., 2021)", " (ICLR 2018)", " NeurIPS'21"])),
        st.builds(lambda n, t: f"{n}. {t}", st.integers(1, 9), text),
        st.builds(lambda indent, t: f"{' ' * indent}- {t}", st.sampled_from([0, 0, 2, 4]), text),
        st.builds(lambda m, t: f"{m}: {t}", st.sampled_from(["Q", "A", "Summary", "Presenter", "Builds on",
                                                             "Year", "Aliases"]), text),
        st.sampled_from(["Free discussion:", "---", "```", "title:: X", "---\ntitle: Y\n---"]),
    )


def test_any_layout_text_accounts_for_every_line_or_raises_a_one_line_error():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(_layout_lines(), min_size=1, max_size=25), st.sampled_from(["Notes.md", "notes.md", "x.md"]))
    def check(lines, name):
        text = "\n".join(lines)
        try:
            parsed = parse_file(text, name, current_year=2026)
        except IngestError as error:
            assert str(error).startswith(name) and "\n" not in str(error)
            return
        uses = parsed.report.line_uses
        assert len(uses) == len(text.lstrip("\ufeff").splitlines()) and set(uses) <= set(LINE_USES)
        warned = sorted(w.source.line for w in parsed.warnings)
        for line in parsed.report.unused_lines:
            assert warned and warned[0] <= line
        assert parsed.report.notes == sum(len(s.notes) for s in parsed.sections)
        assert sum(uses.count(u) for u in ("note",)) >= parsed.report.notes
        for section in parsed.sections:
            assert section.title and (section.year is None or 1940 <= section.year <= 2026)

    check()


@pytest.mark.parametrize("text, titles, unused", [
    ("# Reading group notes\nWe meet weekly.\n# Discussion 1 AlexNet - 2012\n1. GPUs?\n- two\n", ["AlexNet"], (2,)),
    ("# ResNet (2015)\nResidual blocks.\n# DenseNet (2017)\n- dense blocks\n", ["ResNet", "DenseNet"], ()),
    ("# Vision notes 2019\nIntro.\n## ResNet\n- deep\n## DenseNet\n- dense\n", ["ResNet", "DenseNet"], (2,)),
])
def test_a_files_first_heading_with_an_introduction_is_its_title_not_a_paper(text, titles, unused):
    parsed = parse_file(text, "x.md")
    assert [s.title for s in parsed.sections] == titles and parsed.report.unused_lines == unused


def test_prose_right_under_a_field_is_a_paragraph_note_as_the_counting_rules_say():
    sections, _ = parse_text("## Mixup (2018)\nPresenter: Lee\nTrain on convex combinations\nof pairs.\n", "m.md")
    mixup = sections[0]
    assert [(f.key, f.value) for f in mixup.fields] == [("presenter", "Lee")]
    assert [(n.shape, n.answers) for n in mixup.notes] == [("paragraph", ("Train on convex combinations", "of pairs."))]
