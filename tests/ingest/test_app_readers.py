"""Notes apps through their readers and the one interpreter (tests/data/apps: a small vault, graph and
export written the way each app writes them on disk, per its documentation)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.notes import parse_paths
from ingest.page_roles import classify_pages
from ingest.pipeline import build_graph_for, refuse_unused_lines
from ingest.readers import detect_format, logseq, notion, obsidian
from ingest.readers.document import Page
from kg.model import node_title
from kg.resolve import resolve

APPS = Path(__file__).resolve().parents[1] / "data" / "apps"
LAYOUTS = Path(__file__).resolve().parents[1] / "data" / "own-layouts"


def _read(folder: str, notes_format: str = "auto"):
    return parse_paths([APPS / folder], display_root=APPS, notes_format=notes_format)


def _papers(corpus):
    return {s.title: s for s in corpus.sections}


def _vault(tmp_path, pages: dict[str, str]):
    """An Obsidian vault ``tmp_path/vault`` with these pages (path in the vault -> text)."""
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    for name, text in pages.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, encoding="utf-8")
    return vault


@pytest.mark.parametrize("folder, expected", [("obsidian-vault", "obsidian"), ("logseq-graph", "logseq"),
                                               ("notion-export", "notion"), ("../own-layouts", "markdown")])
def test_a_folder_is_read_by_the_app_whose_marks_it_has(folder, expected):
    assert detect_format(APPS / folder) == expected


def test_an_unknown_format_is_a_one_line_error():
    with pytest.raises(IngestError, match="unknown notes format 'onenote'"):
        detect_format(APPS / "obsidian-vault", "onenote")


def test_obsidian_pages_are_named_by_their_file_with_the_year_prefix_as_year_and_aliases_from_front_matter():
    papers = _papers(_read("obsidian-vault"))
    assert sorted(papers) == ["Heron", "Lark", "Wren"]
    assert papers["Heron"].year == 2016 and papers["Wren"].year == 2018 and papers["Lark"].year == 2019
    assert papers["Heron"].aliases == ("Heron Nets",)
    assert "Wren: Wide Residual Ensembles" in papers["Wren"].aliases  # the front matter title is another name


def test_obsidian_concept_index_template_and_trash_pages_are_not_papers():
    corpus = _read("obsidian-vault")
    roles = {r.file.rsplit("/", 1)[-1]: r.role for r in corpus.reports}
    assert roles["Perembulanation.md"].startswith("concept page")
    assert roles["Home.md"].startswith("index page")
    assert not any("Templates/" in r.file or ".trash" in r.file for r in corpus.reports)
    assert corpus.sources == ("obsidian obsidian-vault/: 3 papers, 1 concept, 1 session, 1 index, 2 lines not used",)


def test_obsidian_links_to_a_year_prefixed_file_name_the_page_and_callouts_and_comments_are_handled():
    papers = _papers(_read("obsidian-vault"))
    assert papers["Wren"].notes[0].links == ("Heron",)  # [[2016 - Heron|Heron]]
    assert papers["Heron"].notes[0].text == "TL;DR\nstacks perembulanate blocks so gradients flow"
    assert not any("slides" in n.text for n in papers["Heron"].notes)  # a %% comment %% is not a note


def test_a_daily_note_gives_its_blocks_to_the_paper_of_the_heading_they_sit_under():
    corpus = _read("obsidian-vault")
    lark = _papers(corpus)["Lark"]
    assert [n.text for n in lark.notes][1:] == ["Mo presented; slides in the drive",
                                                "open question: does the attention help on small data?"]
    assert lark.notes[1].source.file == "obsidian-vault/Daily/2024-03-07.md"
    session = next(r for r in corpus.reports if r.file.endswith("2024-03-07.md"))
    assert session.unused_lines == (4, 5)  # "## Snacks" names no paper


def test_logseq_namespaces_properties_block_refs_tasks_and_queries():
    corpus = _read("logseq-graph")
    papers = _papers(corpus)
    heron, wren = papers["Heron"], papers["Wren"]
    assert heron.year == 2016 and heron.aliases == ("Heron Nets",) and heron.authors == ("Ada Quill",)
    assert [(f.key, f.value) for f in wren.fields if f.key == "builds on"] == [("builds on", "Heron")]
    assert wren.notes[0].answers == ("wider blocks: very deep stacks did not train no longer holds",)  # ((uuid))
    assert wren.notes[1].question == "rerun their table"  # the TODO marker is not text
    assert not any("SCHEDULED" in n.text or "query" in n.text for n in wren.notes)
    assert not any("bak" in f.path for f in corpus.files)


def test_logseq_journals_make_the_papers_only_they_discuss_and_templates_are_not_papers():
    corpus = _read("logseq-graph")
    lark = _papers(corpus)["Lark"]
    assert [n.text for n in lark.notes] == ["Mo presented it", "is it just Wren with attention? mostly"]
    roles = {r.file.rsplit("/", 1)[-1]: r.role for r in corpus.reports}
    assert roles["paper template.md"].startswith("template page")
    assert roles["contents.md"].startswith("index page")
    journal = next(r for r in corpus.reports if "journals" in r.file)
    assert journal.unused_lines == (7,)  # the LOGBOOK drawer is bookkeeping; the pizza order names no paper


def test_notion_ids_are_stripped_the_database_relation_is_a_stated_link_and_meetings_are_sessions():
    corpus = _read("notion-export")
    papers = _papers(corpus)
    assert [s.title for s in corpus.sections] == ["Heron", "Wren", "Lark"]  # the database's row order
    assert [(f.key, f.value) for f in papers["Lark"].fields if f.key == "builds on"] == [("builds on", "Wren")]
    assert "the ablation is weak" in [n.text for n in papers["Wren"].notes]
    assert [n.text for n in papers["Lark"].notes] == ["is it just Wren with attention?"]  # under "## Lark"
    assert "💡 beats Heron by 2 points" in [n.text for n in papers["Wren"].notes]  # <aside> text, tags dropped
    assert sum(1 for f in corpus.files if f.path.endswith(".csv")) == 1  # the _all.csv is the same rows


def test_the_graph_of_each_app_folder_draws_the_stated_lineage():
    for folder in ("logseq-graph", "notion-export"):
        G = build_graph_for([APPS / folder], display_root=APPS).graph
        stated = {(a, b) for a, b, k, d in G.edges(keys=True, data=True)
                  if k == "led_to" and d.get("kind") == "stated"}
        assert ("heron", "wren") in stated, folder


def test_when_a_group_marks_its_papers_an_unmarked_page_is_reported_not_read_as_a_paper():
    pages = [Page("Wren", "w.md", ("- a",), properties={"type": ("paper",)}), Page("Heron", "h.md", ("- b",))]
    assert [k.kind for k in classify_pages(pages)] == ["paper", "unclassified"]
    corpus = _read("notion-export")
    top = next(r for r in corpus.reports if r.file.endswith("Reading Group 0123456789abcdef0123456789abcdef.md"))
    assert top.skipped.startswith("unclassified page")
    report = build_graph_for([APPS / "notion-export"], display_root=APPS).report
    assert [item["file"] for item in report.pages_unclassified] == [top.file]


def test_strict_accepts_concept_and_index_pages_but_refuses_a_session_line_that_names_no_paper():
    with pytest.raises(IngestError, match="line not used"):
        refuse_unused_lines(_read("obsidian-vault"))


def test_forcing_markdown_reads_the_vault_as_plain_files():
    corpus = _read("obsidian-vault", "markdown")
    assert corpus.sources == ()
    assert "Perembulanation" in {s.title for s in corpus.sections}  # the old reading: a concept page as a paper


def test_the_layouts_read_today_are_unchanged_by_the_app_readers():
    # own-layouts holds a vault and a Logseq graph *inside* a notes folder: the folder is plain Markdown
    corpus = parse_paths([LAYOUTS], display_root=LAYOUTS)
    assert corpus.sources == ()


def test_kg_ingest_prints_a_line_per_app_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(APPS / "logseq-graph"), "--kb",
                             str(tmp_path / "kb"), "--replace"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], env={**__import__("os").environ,
                                                                         "HF_HUB_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr
    assert "logseq logseq-graph/: 3 papers, 1 concept, 1 session, 1 index, 1 template, 1 line not used" \
        in result.stdout


def test_who_presented_a_paper_is_kept_on_its_node(tmp_path):
    page = tmp_path / "graph" / "pages"
    page.mkdir(parents=True)
    (tmp_path / "graph" / "journals").mkdir()
    (page / "Wren.md").write_text("type:: paper\nyear:: 2019\npresenter:: [[Ada Quill]]\n\n- Why?\n\t- scale\n",
                                  encoding="utf-8")
    G = build_graph_for([tmp_path / "graph"], display_root=tmp_path).graph
    assert G.nodes["wren"]["presenters"] == ["Ada Quill"]


def test_a_concept_page_is_a_concept_defined_by_its_first_paragraph_and_the_papers_naming_it_discuss_it():
    G = build_graph_for([APPS / "obsidian-vault"], display_root=APPS).graph
    concept = G.nodes["perembulanation"]
    assert concept["type"] == "concept" and concept["definition"] == "Perembulanation: routing the signal around a block."
    assert concept["page"]["file"] == "obsidian-vault/Concepts/Perembulanation.md"
    assert ("heron", "perembulanation", "discusses") in set(G.edges(keys=True))


@pytest.mark.parametrize("folder, paper, day", [("obsidian-vault", "Lark", "2024-03-07"),  # a daily note
                                               ("logseq-graph", "Lark", "2024-03-07")])  # a journal day
def test_a_dated_session_gives_the_papers_it_discusses_their_meeting_date(folder, paper, day):
    papers = _papers(_read(folder))
    assert day in papers[paper].discussed_on
    undated = [s.title for s in papers.values() if not s.discussed_on]
    assert undated  # a paper no dated session talks about has no meeting date
    G = build_graph_for([APPS / folder], display_root=APPS).graph
    node = next(n for n, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("name") == paper)
    assert day in G.nodes[node]["discussed_on"]


def test_a_person_page_is_a_person_and_a_front_matter_track_is_the_papers_lane(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "People").mkdir()
    (vault / "Papers" / "Heron.md").write_text("---\nyear: 2016\ntrack: tidal models\npresenter: \"[[Mo Quill]]\"\n---\n"
                                               "# Heron\n- deep tidal stacks, [[Mo Quill]] ran the demo\n", encoding="utf-8")
    (vault / "Papers" / "Wren.md").write_text("---\nyear: 2018\ntrack: tidal models\n---\n# Wren\n"
                                              "- wider blocks than Heron\n- [[Mo Quill]] asked about depth\n",
                                              encoding="utf-8")
    (vault / "People" / "Mo Quill.md").write_text("---\ntags: [person]\n---\n# Mo Quill\n- second year, likes tides\n",
                                                  encoding="utf-8")
    corpus = parse_paths([vault], display_root=tmp_path)
    roles = {r.file.rsplit("/", 1)[-1]: r.role for r in corpus.reports}
    assert roles["Mo Quill.md"].startswith("person page")
    assert corpus.sources == ("obsidian vault/: 2 papers, 1 person",)
    G = build_graph_for([vault], display_root=tmp_path).graph
    assert not any(d.get("type") == "concept" and d.get("name") == "Mo Quill" for _, d in G.nodes(data=True))
    assert (G.nodes["wren"]["track"], G.nodes["wren"]["track_source"]) == ("tidal models", "group")
    # the group's lane is not a chain: reading order within it is the scorer's to weigh, never an edge by itself
    assert not any("track" in d["kinds"] for _, _, k, d in G.edges(data=True, keys=True) if k == "led_to")


def test_a_meeting_page_is_dated_by_the_day_its_name_starts_with_or_by_its_date_property(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Meetings").mkdir()
    for name, year in (("Heron", 2016), ("Wren", 2018), ("Lark", 2019)):
        (vault / "Papers" / f"{name}.md").write_text(f"---\nyear: {year}\ntype: paper\n---\n- notes on {name}\n",
                                                    encoding="utf-8")
    (vault / "Meetings" / "2024-02-15 Heron + Wren.md").write_text(
        "---\ntype: meeting\n---\n## [[Heron]]\n- why stacks?\n## [[Wren]]\n- wider\n", encoding="utf-8")
    (vault / "Meetings" / "Lark week.md").write_text(
        "---\ntype: meeting\ndate: 2024-03-07\npapers:\n  - \"[[Lark]]\"\n---\n- is it fast?\n", encoding="utf-8")
    papers = _papers(parse_paths([vault], display_root=tmp_path))
    assert papers["Heron"].discussed_on == papers["Wren"].discussed_on == ("2024-02-15",)
    assert papers["Lark"].discussed_on == ("2024-03-07",)


def test_a_link_to_a_page_named_for_meetings_makes_no_paper(tmp_path, logseq_graph):
    graph = logseq_graph({"papers___Wren": "type:: paper\nyear:: 2020\n\n- quiet singing\n"},
                         {"2024_01_10": "- ## [[RG meeting]] kickoff\n\t- who reads what\n\t\t- Mo: Wren\n",
                          "2024_01_17": "- ## [[RG meeting]]\n  paper:: [[papers/Wren]]\n\t- why pairs?\n"})
    papers = _papers(parse_paths([graph], display_root=tmp_path))
    assert sorted(papers) == ["Wren"]
    assert "why pairs?" in [n.question for n in papers["Wren"].notes] and papers["Wren"].discussed_on == ("2024-01-17",)


def test_a_name_linked_beside_the_groups_people_is_a_person_not_a_paper(tmp_path, logseq_graph):
    # "Aj. Pim" has no page; the roster links it beside two members' pages, so a journal block "planning with
    # [[Aj. Pim]]" with items under it is no discussion of a paper named so
    graph = logseq_graph({"Ploy": "type:: member\n\n- PhD y2\n", "Nok": "type:: member\n\n- MSc\n",
                          "Group": "- members: [[Ploy]] [[Nok]], sometimes [[Aj. Pim]]\n",
                          "papers___Wren": "type:: paper\nyear:: 2020\n\n- quiet singing\n"},
                         {"2024_01_03": "- planning with [[Aj. Pim]]\n\t- three tracks\n\t- room 7-405\n",
                          "2024_01_10": "- [[Kite Song Net]] ([[Ploy]], [[Nok]])\n\t- why kites sing\n"})
    # a name linked before the people (its presenters) is the paper the block discusses
    assert sorted(_papers(parse_paths([graph], display_root=tmp_path))) == ["Kite Song Net", "Wren"]


def test_a_kinds_own_page_and_a_track_page_are_indexes_not_concepts(tmp_path, logseq_graph):
    graph = logseq_graph({"Wren": "type:: [[paper]]\ntrack:: [[Birdsong]]\nyear:: 2020\n\n- quiet singing\n",
                          "paper": "- tag page for paper pages\n- {{query (page-property type paper)}}\n",
                          "Birdsong": "type:: track\n\n- the singing side of the group: [[Wren]] first\n"})
    corpus = parse_paths([graph], display_root=tmp_path)
    roles = {r.file.rsplit("/", 1)[-1]: r.role for r in corpus.reports}
    assert roles["paper.md"].startswith("index") and roles["Birdsong.md"].startswith("index")
    assert [s.title for s in corpus.sections] == ["Wren"] and not corpus.concepts


def test_items_under_a_meeting_block_that_names_no_paper_go_to_the_paper_each_names(tmp_path, logseq_graph):
    graph = logseq_graph(
        {name: f"type:: paper\nyear:: {year}\n\n- notes on {name}\n" for name, year in (("Wren", 2020), ("Heron", 2021))},
        {"2024_05_01": "- ## wrap-up of the term\n\t- favourite paper vote (1 each)\n\t\t- [[Wren]]: 3 (Mo, Lee, Ana)\n"
                       "\t\t- Heron: 1 (Kit)\n\t\t- Ana abstained\n\t- what worked\n\t\t- the question lists\n"})
    papers = _papers(parse_paths([graph], display_root=tmp_path))
    wren = [(n.question, n.answers) for n in papers["Wren"].notes]
    assert ("favourite paper vote (1 each)", ("Wren: 3 (Mo, Lee, Ana)",)) in wren
    assert ("favourite paper vote (1 each)", ("Heron: 1 (Kit)",)) in [(n.question, n.answers) for n in papers["Heron"].notes]
    assert papers["Wren"].discussed_on == ()  # a vote at the wrap-up is no discussion of the paper that day


def test_a_backlog_row_moved_to_the_papers_database_is_the_same_paper_by_its_arxiv_link(tmp_path):
    # a Notion export where the backlog database keeps a row for a paper "moved to Papers" under a short name,
    # and a meeting page names the paper by that short name: one paper, the Papers row's, with the short name
    # as an alias and the meeting's notes; an "arXiv:" and a "Code:" property (both links) are both kept
    root = tmp_path / "export" / "Group 0123456789abcdef0123456789abcdef"
    for folder in ("Papers", "Backlog", "Meeting notes"):
        (root / folder).mkdir(parents=True)
    (root / "Papers 1111222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Year,Track\nGullnet Tidal Ensembles for Shallow Water,2021,tides\nHeron,2019,tides\n", encoding="utf-8")
    (root / "Backlog 9999222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Status\nGTE,moved to Papers\nTernNet,maybe\n", encoding="utf-8")
    (root / "Papers" / "Gullnet Tidal Ensembles for Shallow W 0123456789abcdef0123456789abcde1.md").write_text(
        "# Gullnet Tidal Ensembles for Shallow Water\n\nYear: 2021\nTrack: tides\n"
        "arXiv: https://arxiv.org/abs/2103.01234\nCode: https://example.org/gullnet\n\n"
        "- ensembles of shallow tidal models\n- cheaper than Heron at the same error\n", encoding="utf-8")
    (root / "Papers" / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        "# Heron\n\nYear: 2019\nTrack: tides\n\n- one deep tidal model\n", encoding="utf-8")
    (root / "Backlog" / "GTE 0123456789abcdef0123456789abcde3.md").write_text(
        "# GTE\n\nStatus: moved to Papers\nLink: https://arxiv.org/abs/2103.01234v2\n", encoding="utf-8")
    (root / "Backlog" / "TernNet 0123456789abcdef0123456789abcde4.md").write_text(
        "# TernNet\n\nStatus: maybe\nLink: https://arxiv.org/abs/2201.04321\n", encoding="utf-8")
    (root / "Meeting notes" / "Week 2 GTE 0123456789abcdef0123456789abcde5.md").write_text(
        "# Week 2 - GTE\n\nDate: March 14, 2024\n\n- why five members and not ten?\n", encoding="utf-8")
    papers = _papers(parse_paths([tmp_path / "export"], display_root=tmp_path))
    assert "GTE" not in papers and {"Gullnet Tidal Ensembles for Shallow Water", "Heron"} <= set(papers)
    gullnet = papers["Gullnet Tidal Ensembles for Shallow Water"]
    assert "GTE" in gullnet.aliases
    assert any("five members" in note.text for note in gullnet.notes)
    page = next(p for p in notion.read(tmp_path / "export").pages if p.name.startswith("Gullnet"))
    assert page.properties["link"] == ("https://arxiv.org/abs/2103.01234", "https://example.org/gullnet")


def test_an_obsidian_file_named_with_its_citation_keeps_it_in_the_name_shown(tmp_path):
    # "Wren - Okafor 2021.md": the file name is the name the group links with ([[Wren - Okafor 2021|Wren]]);
    # the year is the paper's, the short name an alias, and the cited author no name of the paper
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Papers" / "Wren - Okafor 2021.md").write_text("---\ntags: [paper]\n---\n- wide residual blocks\n",
                                                           encoding="utf-8")
    (vault / "Papers" / "Lark 2022.md").write_text("---\ntags: [paper]\n---\n- [[Wren - Okafor 2021|Wren]] with attention\n",
                                                  encoding="utf-8")
    papers = _papers(parse_paths([vault], display_root=tmp_path))
    assert set(papers) == {"Wren - Okafor 2021", "Lark 2022"}  # as the vault shows them; "Lark" is another name
    wren = papers["Wren - Okafor 2021"]
    assert (wren.year, "Wren" in wren.aliases, "Okafor" in wren.aliases) == (2021, True, False)
    assert (papers["Lark 2022"].year, papers["Lark 2022"].aliases) == (2022, ("Lark",))


def test_a_logseq_page_named_with_its_year_keeps_it_in_the_name_shown_and_answers_to_the_name_without_it(tmp_path):
    # "Wren Songs (2019)": the page a person sees and links; "Wren Songs" is how the notes may write it
    graph = tmp_path / "graph"
    (graph / "logseq").mkdir(parents=True)
    (graph / "logseq" / "config.edn").write_text("{}\n", encoding="utf-8")
    (graph / "pages").mkdir()
    (graph / "pages" / "Wren Songs (2019).md").write_text("tags:: paper\n\n- quiet songs carry far\n",
                                                          encoding="utf-8")
    (graph / "pages" / "Heron Calls (2021).md").write_text(
        "tags:: paper\n\n- Difference with [[Wren Songs (2019)]]\n\t- Wren Songs had no echo, this adds one\n",
        encoding="utf-8")
    G = build_graph_for([graph], display_root=tmp_path).graph
    papers = {d["name"]: (n, d) for n, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("discussed")}
    assert set(papers) == {"Wren Songs (2019)", "Heron Calls (2021)"}
    wren, data = papers["Wren Songs (2019)"]
    assert (data["year"], data["aliases"], node_title(data)) == (2019, ["Wren Songs"], "Wren Songs (2019)")
    assert resolve(G, "Wren Songs") == resolve(G, "Wren Songs (2019)") == wren
    assert G.has_edge(wren, papers["Heron Calls (2021)"][0], key="led_to")


def test_a_database_row_is_of_its_databases_kind_and_a_sub_page_folder_may_lack_the_id(tmp_path):
    # a Papers row tagged "templates" (its topic: prompt templates) is a paper, not a template page; a sub-page
    # in a folder named without its page's id ("Papers/Heron/scratch <id>.md") gives its notes to that page;
    # the year of a row whose only date is its venue ("ICLR 2021") is the venue's
    root = tmp_path / "export" / "Group 0123456789abcdef0123456789abcdef"
    (root / "Papers" / "Heron").mkdir(parents=True)
    (root / "Papers 1111222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Venue,Tags\nGullnet,ICLR 2021,\"zero-shot, templates\"\nHeron,NeurIPS 2022,\n", encoding="utf-8")
    (root / "Papers" / "Gullnet 0123456789abcdef0123456789abcde1.md").write_text(
        "# Gullnet\n\nVenue: ICLR 2021\nTags: zero-shot, templates\n\n- prompts written as templates\n",
        encoding="utf-8")
    (root / "Papers" / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        "# Heron\n\nVenue: NeurIPS 2022\n\n- one deep tidal model\n", encoding="utf-8")
    (root / "Papers" / "Heron" / "Loss scratch 0123456789abcdef0123456789abcde3.md").write_text(
        "# Loss scratch\n\n- the loss is a ranking loss\n", encoding="utf-8")
    papers = _papers(parse_paths([tmp_path / "export"], display_root=tmp_path))
    assert set(papers) == {"Gullnet", "Heron"}
    assert any("ranking loss" in note.text for note in papers["Heron"].notes)
    G = build_graph_for([tmp_path / "export"], display_root=tmp_path).graph
    assert (G.nodes["gullnet"]["year"], G.nodes["heron"]["year"]) == (2021, 2022)


def test_rows_of_a_data_database_are_ideas_though_they_carry_a_link_and_a_year_while_a_paper_tagged_so_stays(
        tmp_path):
    # a "Benchmarks" database beside the Papers one: its rows (a link, a year, a note) are pages about data, not
    # papers; a Papers row tagged "dataset" (what the paper contributes) is still a paper
    root = tmp_path / "export" / "Club 0123456789abcdef0123456789abcdef"
    (root / "Papers").mkdir(parents=True)
    (root / "Benchmarks").mkdir()
    (root / "Papers 1111222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Year,Tags\nGullnet,2021,dataset\nHeron,2022,\n", encoding="utf-8")
    (root / "Papers" / "Gullnet 0123456789abcdef0123456789abcde1.md").write_text(
        "# Gullnet\n\nYear: 2021\nTags: dataset\n\n- a set of gull calls with labels\n", encoding="utf-8")
    (root / "Papers" / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        "# Heron\n\nYear: 2022\n\n- trained on the Tidepool split\n", encoding="utf-8")
    (root / "Benchmarks 5555222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Link,Year\nTidepool,https://example.org/tidepool,2019\n", encoding="utf-8")
    (root / "Benchmarks" / "Tidepool 0123456789abcdef0123456789abcde4.md").write_text(
        "# Tidepool\n\nLink: https://example.org/tidepool\nYear: 2019\n\n- 40k shore images, 12 classes\n",
        encoding="utf-8")
    corpus = parse_paths([tmp_path / "export"], display_root=tmp_path)
    assert set(_papers(corpus)) == {"Gullnet", "Heron"}
    assert "Tidepool" in {concept.name for concept in corpus.concepts}


@pytest.mark.parametrize("key", ["line", "topic", "line-of-work"])
def test_the_line_of_work_a_group_files_a_paper_under_is_its_track_whatever_the_key(tmp_path, logseq_graph, key):
    graph = logseq_graph({"Wren": f"type:: paper\n{key}:: [[Birdsong]]\nyear:: 2020\n\n- quiet singing\n",
                          "Heron": f"type:: paper\n{key}:: [[Wading]]\nyear:: 2021\n\n- long legs\n"})
    G = build_graph_for([graph], display_root=tmp_path).graph
    assert (G.nodes["wren"]["track"], G.nodes["heron"]["track"]) == ("Birdsong", "Wading")
    assert G.nodes["wren"]["track_source"] == "group"


def test_on_the_page_of_one_papers_meeting_a_line_naming_another_paper_in_passing_stays_its_notes(tmp_path):
    root = tmp_path / "export" / "Club 0123456789abcdef0123456789abcdef"
    (root / "Papers").mkdir(parents=True)
    (root / "Meetings").mkdir()
    (root / "Papers 1111222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Year\nWren,2020\nHeron,2021\n", encoding="utf-8")
    for name, year, suffix in (("Wren", 2020, "1"), ("Heron", 2021, "2")):
        (root / "Papers" / f"{name} 0123456789abcdef0123456789abcde{suffix}.md").write_text(
            f"# {name}\n\nYear: {year}\n\n- page notes of {name}\n", encoding="utf-8")
    (root / "Meetings 5555222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Date,Papers\nWeek 3 — Heron,\"March 6, 2024\","
        "Heron (../Papers/Heron%200123456789abcdef0123456789abcde2.md)\n",
        encoding="utf-8")
    (root / "Meetings" / "Week 3 — Heron 0123456789abcdef0123456789abcde3.md").write_text(
        "# Week 3 — Heron\n\nDate: March 6, 2024\n"
        "Papers: Heron (../Papers/Heron%200123456789abcdef0123456789abcde2.md)\n\n"
        "1. what\n    - a wader that waits\n2. Mo: why not a tide gate like Wren did it\n"
        "    - Wren needs a gate per nest\n"
        "3. Wren recap\n    - quiet singing\n", encoding="utf-8")
    papers = _papers(parse_paths([tmp_path / "export"], display_root=tmp_path))
    heron = [n.question for n in papers["Heron"].notes]
    assert "Mo: why not a tide gate like Wren did it" in heron
    assert "Wren recap" in [n.question for n in papers["Wren"].notes]  # a line that is the other paper's name


def test_a_meeting_page_written_like_the_bundled_notes_keeps_each_numbered_question_with_its_bullets(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Meetings").mkdir()
    (vault / "Papers" / "Wren.md").write_text("---\ntype: paper\nyear: 2020\n---\n- page notes\n", encoding="utf-8")
    (vault / "Meetings" / "2024-09-05 Wren.md").write_text(
        "---\ndate: 2024-09-05\npaper: \"[[Wren]]\"\ntags: [meeting]\n---\n# Discussion 1 Wren - 2020\n\n"
        "1. What is this paper try to convey ?\n- a sparrow grammar for tides\n- learned end to end\n"
        "2. Why tides\n- they repeat\n3. Fig 2\n- \n", encoding="utf-8")
    wren = _papers(parse_paths([vault], display_root=tmp_path))["Wren"]
    notes = {n.question: n.answers for n in wren.notes}
    assert notes["What is this paper try to convey ?"] == ("a sparrow grammar for tides", "learned end to end")
    assert notes["Why tides"] == ("they repeat",)
    assert "learned end to end" not in notes  # an answer, not a note of its own


def test_the_presenter_a_meeting_page_names_presented_its_paper(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Meetings").mkdir()
    for name, year in (("Wren", 2020), ("Heron", 2021)):
        (vault / "Papers" / f"{name}.md").write_text(f"---\ntype: paper\nyear: {year}\n---\n- page notes\n",
                                                     encoding="utf-8")
    (vault / "Meetings" / "2024-09-05 Wren.md").write_text(
        "---\ndate: 2024-09-05\npaper: \"[[Wren]]\"\npresenter: \"[[Kenta]]\"\ntags: [meeting]\n---\n"
        "- why pairs\n\t- less noise\n- vs [[Heron]]: a gate\n", encoding="utf-8")
    G = build_graph_for([vault], display_root=tmp_path).graph
    assert G.nodes["wren"]["presenters"] == ["Kenta"] and not G.nodes["heron"].get("presenters")


def test_a_meeting_block_naming_no_paper_is_the_meeting_of_the_one_paper_its_child_links(tmp_path, logseq_graph):
    # "- RG" over "- [[Wren]] [[Mo]]" and the meeting's notes: Wren's meeting that day; a child that names a paper
    # in a sentence ("[[Mo]] wants ... [[Wren]] next week instead") is no meeting of it
    graph = logseq_graph({"Wren": "type:: paper\nyear:: 2018\n\n- quiet singing\n",
                          "Heron": "type:: paper\nyear:: 2016\n\n- deep tides\n"},
                         {"2024_04_10": "- RG [[Heron]]\n\t- [[Mo]] dont want to do gulls, will do [[Wren]] next week "
                                        "instead\n",
                          "2024_04_17": "- RG\n\t- [[Wren]] [[Mo]]\n\t- short meeting, why so quiet\n"})
    papers = _papers(parse_paths([graph], display_root=tmp_path))
    assert papers["Wren"].discussed_on == ("2024-04-17",)
    assert papers["Heron"].discussed_on == ("2024-04-10",)
    assert any("why so quiet" in note.text for note in papers["Wren"].notes)


def test_a_presenter_a_journal_links_is_a_person_not_a_paper(tmp_path, logseq_graph):
    graph = logseq_graph({"Wren": "type:: paper\nyear:: 2018\npresenter:: [[Bam]]\n\n- quiet singing\n",
                          "Heron": "type:: paper\nyear:: 2016\npresenter:: [[Mo]]\n\n- deep tides\n"},
                         {"2024_02_13": "- [[Bam]] sick, cannot present tomorrow\n\t- swap with [[Mo]] : [[Heron]] "
                                        "tomorrow, [[Wren]] next week\n"})
    papers = _papers(parse_paths([graph], display_root=tmp_path))
    assert sorted(papers) == ["Heron", "Wren"]


def test_a_meeting_page_of_two_papers_a_second_meeting_and_one_of_a_paper_with_a_page_stay_meetings(tmp_path):
    # a meeting page with a room as its venue and its note-taker as author, whose headings link the two papers it
    # discussed; a second meeting on a paper whose first meeting page is its page; a meeting page of a paper that
    # has a page of its own: each stays a meeting and gives its notes to the paper(s) it is about
    session = "---\ntags: [session]\npaper: \"{}\"\nauthors: {}\n---\n- {}\n"
    vault = _vault(tmp_path, {
        "Papers/Heron.md": "---\ntags: [paper]\nyear: 2016\n---\n- one deep model\n",
        "Papers/Finch.md": "---\ntags: [paper]\nyear: 2019\n---\n- finches sing\n",
        "Sessions/2025-03-06 reading group.md":
            "---\ntags: [meeting]\nvenue: Room 204\nauthor: Ada\nlink: https://arxiv.org/abs/2006.04779\n---\n"
            "## [[Heron]]\n- Lee: tides are periodic\n## [[Finch]]\n- Ada: finches beat herons\n",
        "Sessions/2025-03-13 Wren.md": session.format("Wren: Wide Residual Ensembles", "Ada Okafor", "wide blocks"),
        "Sessions/2025-03-20 Wren.md": session.format("Wren: Wide Residual Ensembles", "Ada Okafor", "part two: depth"),
        "Sessions/2025-03-27 Finch.md": session.format("Finch: Songs of Small Birds", "Kit Brandt", "why songs?"),
        # a second meeting named otherwise, whose title's head is the first meeting's name
        "Sessions/2025-04-03 Wide residual ensembles.md": session.format("Wren - Wide Residual Ensembles",
                                                                          "Ada Okafor", "part three: width")})
    corpus = parse_paths([vault], display_root=tmp_path)
    papers = _papers(corpus)
    assert sorted(papers) == ["2025-03-13 Wren", "Finch", "Heron"]
    assert corpus.sources == ("obsidian vault/: 3 papers, 4 sessions",)
    notes = {name: [n.text for n in paper.notes] for name, paper in papers.items()}
    assert any("tides are periodic" in t for t in notes["Heron"]) and any("finches beat" in t for t in notes["Finch"])
    assert any("part two" in t for t in notes["2025-03-13 Wren"]) and any("why songs" in t for t in notes["Finch"])


def test_a_queue_row_joins_the_page_of_its_paper_address_but_not_by_a_code_address_or_another_year(tmp_path):
    rows = {"Gull nets (Okafor)": "link: https://papers.example.org/gullnet/\nyear: 2020",  # the same paper
            "Scaled Gullnet": "code: https://github.com/gulls/net\nyear: 2021",  # shares only the code
            "Gullnet journal version": "link: https://papers.example.org/gullnet\nyear: 2022"}  # another year
    vault = _vault(tmp_path, {
        "Papers/Gullnet.md": "---\ntags: [paper]\nyear: 2020\nlink: https://papers.example.org/gullnet\n"
                             "code: https://github.com/gulls/net\n---\n- gulls in nets\n",
        **{f"Queue/{name}.md": f"---\ntags: [paper]\n{properties}\n---\n" for name, properties in rows.items()}})
    papers = _papers(parse_paths([vault], display_root=tmp_path))
    assert "Gull nets (Okafor)" not in papers and "Gull nets (Okafor)" in papers["Gullnet"].aliases
    assert {"Scaled Gullnet", "Gullnet journal version"} <= set(papers)


def test_a_link_to_a_journal_day_is_a_meeting_not_a_paper_and_dates_the_page_that_gives_it(tmp_path, logseq_graph):
    # Logseq titles a journal day "Jan 9th, 2025": a block linking it, with items under it, plans a meeting; a
    # paper's `discussed:: [[Jan 9th, 2025]]` is the day it was read
    graph = logseq_graph({"Wren": "type:: paper\nyear:: 2018\ndiscussed:: [[Jan 9th, 2025]]\n\n- quiet singing\n"},
                         {"2024_12_19": "- break until [[Jan 9th, 2025]]. schedule in [[reading group]]\n"
                                        "\t- jan: Wren (Bam), Heron (Mo)\n"})
    papers = _papers(parse_paths([graph], display_root=tmp_path))
    assert sorted(papers) == ["Wren"]
    assert papers["Wren"].discussed_on == ("2025-01-09",)


def test_a_notion_rows_created_time_is_no_meeting_date_but_a_meeting_pages_is(tmp_path):
    root = tmp_path / "export" / "Reading Group 0123456789abcdef0123456789abcdef"
    (root / "Papers 0123456789abcdef0123456789abcde0").mkdir(parents=True)
    (root / "Meeting notes 0123456789abcdef0123456789abcde9").mkdir()
    (root / "Papers 0123456789abcdef0123456789abcde0.csv").write_text(
        "Name,Year,Created\nWren,2018,\"January 17, 2024 9:02 PM\"\nHeron,2016,\"January 17, 2024 9:05 PM\"\n",
        encoding="utf-8")
    (root / "Papers 0123456789abcdef0123456789abcde0" / "Wren 0123456789abcdef0123456789abcde1.md").write_text(
        "# Wren\n\nYear: 2018\nCreated: January 17, 2024 9:02 PM\n\n- quiet singing\n", encoding="utf-8")
    (root / "Papers 0123456789abcdef0123456789abcde0" / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        "# Heron\n\nYear: 2016\nCreated: January 17, 2024 9:05 PM\n\n- deep tides\n", encoding="utf-8")
    (root / "Meeting notes 0123456789abcdef0123456789abcde9" / "Discussion 1 Heron 0123456789abcdef0123456789abcde3.md"
     ).write_text("# Discussion 1 Heron\n\nCreated: February 7, 2024 4:00 PM\n\n- why deep?\n", encoding="utf-8")
    papers = _papers(parse_paths([tmp_path / "export"], display_root=tmp_path))
    assert papers["Wren"].discussed_on == ()
    assert papers["Heron"].discussed_on == ("2024-02-07",)


def _notion_export_with_related(tmp_path, related: str):
    """A Papers database of three rows (Heron 2016, Wren 2018, Kite 2019) whose Kite page has ``related`` as its
    Related property."""
    root = tmp_path / "export" / "Reading Group 0123456789abcdef0123456789abcdef"
    rows = root / "Papers 0123456789abcdef0123456789abcde0"
    rows.mkdir(parents=True)
    (root / "Papers 0123456789abcdef0123456789abcde0.csv").write_text(
        "Name,Year,Track\nHeron - 2016,2016,Birds\nWren - 2018,2018,Birds\nKite - 2019,2019,Birds\n", encoding="utf-8")
    notes = {"Heron - 2016": "1. What is this paper try to convey ?\n    - deep tides move the nest\n",
             "Wren - 2018": "1. What is this paper try to convey ?\n    - quiet singing from the nest at night\n",
             "Kite - 2019": "1. What is this paper try to convey ?\n    - quiet singing from the nest, longer songs\n"}
    for i, (name, text) in enumerate(notes.items()):
        props = f"Year: {name[-4:]}\nTrack: Birds\n" + (f"Related: {related}\n" if name.startswith("Kite") else "")
        (rows / f"{name} 0123456789abcdef0123456789abcd{i + 10}.md").write_text(f"# {name}\n\n{props}\n{text}",
                                                                               encoding="utf-8")
    return tmp_path / "export"


def test_a_notion_relation_written_with_its_notion_address_is_read_and_its_related_papers_are_lineage_candidates(
        tmp_path):
    # newer exports write a relation as "Wren - 2018 (https://www.notion.so/Wren-2018-<id>?pvs=21)"; the names are
    # the page titles before each address, and a paper the Related property names is weighed as its notes naming it
    export = _notion_export_with_related(
        tmp_path, "Wren - 2018 (https://www.notion.so/Wren-2018-0123456789abcdef0123456789abcd11?pvs=21), "
                  "Heron - 2016 (https://www.notion.so/Heron-2016-0123456789abcdef0123456789abcd10?pvs=21)")
    kite = next(p for p in notion.read(export).pages if p.name == "Kite - 2019")
    assert [link.target for link in kite.links[:2]] == ["Wren - 2018", "Heron - 2016"]
    fields = {f.key: f.value for f in _papers(parse_paths([export], display_root=tmp_path))["Kite - 2019"].fields}
    assert fields["related work"] == "Wren - 2018, Heron - 2016"
    result = build_graph_for([export], display_root=tmp_path)
    named = {c.earlier: c.features for c in result.lineage_candidates if c.later == "kite"}
    assert named["wren"]["cue_none"] == 1.0 and named["heron"]["cue_none"] == 1.0
    related = [e for c in result.lineage_candidates if c.later == "kite" for e in c.mentions]
    assert any(e["text"].startswith("Related: Wren - 2018") for e in related)
    # evidence for the scorer, never an edge on its own: what is drawn into Kite is the scorer's
    drawn = result.graph.in_edges("kite", keys=True, data=True)
    assert all(data.get("kinds") == ["inferred"] for _, _, key, data in drawn if key == "led_to")


def test_a_meetings_day_written_without_its_year_takes_the_year_of_the_groups_other_meetings(tmp_path):
    # "Fri Mar 8. Mo presenting" opening a page: a meeting's page, even linked from a paper's notes; "(26 Oct)" on
    # a paper page's heading: the day it was discussed; the year is the one of the group's dated meetings
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Side track").mkdir()
    (vault / "Papers" / "Wren.md").write_text("---\ntype: paper\nyear: 2019\n---\n- quiet singing, see [[Wren week]]\n",
                                              encoding="utf-8")
    (vault / "Papers" / "Heron.md").write_text("---\ntype: paper\nyear: 2016\ndate: 2024-02-21\n---\n- deep tides\n",
                                               encoding="utf-8")
    (vault / "Papers" / "Lark.md").write_text("---\ntype: paper\nyear: 2020\n---\n## Discussion 9 Lark - 2020 (26 Oct)\n"
                                              "1. why?\n- faster\n", encoding="utf-8")
    (vault / "Side track" / "Wren week.md").write_text("Fri Mar 8. Mo presenting\n\n- [[Wren]] is thin, read the code\n",
                                                       encoding="utf-8")
    corpus = parse_paths([vault], display_root=tmp_path)
    assert corpus.sources == ("obsidian vault/: 3 papers, 1 session",)
    papers = _papers(corpus)
    assert papers["Wren"].discussed_on == ("2024-03-08",)
    assert papers["Lark"].discussed_on == ("2023-10-26",)  # nearer the group's February 2024 than October 2024


def test_a_page_opening_with_a_day_is_a_meeting_only_where_the_group_marks_its_papers(tmp_path):
    # an unmarked vault: every page with notes is a paper, whatever its first line; "1 sep conv per channel" is no day
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Wren.md").write_text("Mar 8. Mo presenting\n\n- quiet singing\n", encoding="utf-8")
    (vault / "Heron.md").write_text("- deep tides\n", encoding="utf-8")
    assert set(_papers(parse_paths([vault], display_root=tmp_path))) == {"Wren", "Heron"}
    (vault / "Heron.md").write_text("---\ntype: paper\n---\n- deep tides, see [[Depthwise]]\n", encoding="utf-8")
    (vault / "Depthwise.md").write_text("1 sep conv per channel\n- cheap\n", encoding="utf-8")
    corpus = parse_paths([vault], display_root=tmp_path)
    roles = {r.file.rsplit("/", 1)[-1]: r.role for r in corpus.reports}
    assert roles["Depthwise.md"].startswith("concept") and roles["Wren.md"] is None  # Wren: a meeting now


def _asked_on_logseq_page(tmp_path, logseq_graph, text: str) -> dict:
    """Each note's question and answers on the Logseq page Wren (``text`` after its properties)."""
    graph = logseq_graph({"Wren": "type:: paper\nyear:: 2019\n\n" + text})
    return {n.question: n.answers for n in _papers(parse_paths([graph], display_root=tmp_path))["Wren"].notes}


def test_a_logseq_page_under_its_own_paper_heading_block_keeps_each_question_a_note(tmp_path, logseq_graph):
    asked = _asked_on_logseq_page(tmp_path, logseq_graph, "- ## Discussion 3 Wren - 2019\n"
                                  "\t- What is this paper try to convey ?\n\t  logseq.order-list-type:: number\n"
                                  "\t\t- quiet wings\n\t- why two tails\n\t\t- balance\n\t\t- speed\n"
                                  "- ## idea\n\t- tails as rudders\n")
    assert asked["What is this paper try to convey ?"] == ("quiet wings",)
    assert asked["why two tails"] == ("balance", "speed")
    assert asked["## idea"] == ("tails as rudders",)  # any other heading block stays the question of its blocks


def test_a_logseq_pages_own_heading_block_after_a_summary_block_keeps_each_question_a_note(tmp_path, logseq_graph):
    # the page's paper heading is not its first heading block (a "## Summary" comes first): its questions, each
    # with answers under it, are still notes of their own, not one note of every answer on the page
    asked = _asked_on_logseq_page(tmp_path, logseq_graph, "- ## Summary\n\t- quiet wings, long tails\n"
                                  "- ## Discussion 3 Wren - 2019\n"
                                  "\t- What is this paper try to convey ?\n\t  logseq.order-list-type:: number\n"
                                  "\t\t- quiet wings\n\t- Tail starvation\n\t  logseq.order-list-type:: number\n"
                                  "\t\t- a tail far from the body gets no lift\n\t\t- so it is only drag\n")
    assert asked["Tail starvation"] == ("a tail far from the body gets no lift", "so it is only drag")
    assert asked["What is this paper try to convey ?"] == ("quiet wings",)
    assert asked["## Summary"] == ("quiet wings, long tails",)


def test_a_logseq_heading_block_of_the_discussion_keeps_each_question_under_it_a_note(tmp_path, logseq_graph):
    # "- ## Discussion" over numbered question blocks, each with its answers: Logseq shows a heading over its
    # notes; a heading of any other part ("- ## Results") stays the question of the blocks under it
    asked = _asked_on_logseq_page(tmp_path, logseq_graph, "- presenter: Ana\n- ## Discussion\n"
                                  "\t- 1. What is this paper try to convey ?\n\t\t- quiet wings\n"
                                  "\t- 2. why two tails\n\t\t- balance\n\t\t- speed\n"
                                  "- ## Results\n\t- 3 cm error\n\t- beats Heron\n"
                                  "- ## Notes\n\t- data leak !!\n\t- the last step reads the next song\n")
    assert asked["1. What is this paper try to convey ?"] == ("quiet wings",)
    assert asked["2. why two tails"] == ("balance", "speed")
    assert asked["## Results"] == ("3 cm error", "beats Heron")
    assert "## Discussion" not in asked
    # a discussion's heading over plain remarks (no answers under them) stays one note: the remarks explain each other
    assert asked["## Notes"] == ("data leak !!", "the last step reads the next song")


def test_a_session_page_with_its_papers_authors_is_that_papers_page_and_a_queue_row_linking_it_joins_it(tmp_path):
    # a vault that keeps one page per meeting ("Sessions/2025-03-13 Wren.md", tagged session), each giving the
    # paper it read in its properties: each is that paper's page, named as the app shows it, answering to the
    # name after the day and to the short name of its `paper:` title; a session page with no paper's
    # properties stays a meeting. A reading-queue page with no notes that links the same address is the paper too.
    vault = _vault(tmp_path, {
        "Sessions/2025-03-13 Wren.md":
            "---\ndate: 2025-03-13\npaper: \"Wren: Wide Residual Ensembles\"\nauthors: Ada Okafor, Lee Lind\n"
            "venue: KDD 2014\nlink: https://papers.example.org/paper/77-wren\ntags:\n  - session\n---\n# Wren\n\n"
            "1. What is this paper trying to convey ?\n- ensembles of wide residual blocks\n",
        "Sessions/2025-03-20 Heron.md":
            "---\ndate: 2025-03-20\npaper: Heron Nets for Tides\nauthors: Kit Brandt\nvenue: ICML 2016\n"
            "tags: [session]\n---\n# Heron\n\n- like [[2025-03-13 Wren|Wren]] but one deep model\n",
        "Sessions/2025-03-27 planning.md":
            "---\ndate: 2025-03-27\ntags: [session]\n---\n- next block: tides. vote on [[2025-03-20 Heron]]\n",
        "Queue/Okafor - wide residual ensembles.md":
            "---\ntags: [paper]\nlink: https://papers.example.org/paper/77-wren/\nstatus: read\n---\n"})
    corpus = parse_paths([vault], display_root=tmp_path)
    papers = _papers(corpus)
    assert set(papers) == {"2025-03-13 Wren", "2025-03-20 Heron"}
    wren = papers["2025-03-13 Wren"]
    assert {"Wren", "Okafor - wide residual ensembles"} <= set(wren.aliases)
    assert wren.full_title == "Wren: Wide Residual Ensembles"
    assert any("wide residual blocks" in n.text for n in wren.notes)
    assert corpus.sources == ("obsidian vault/: 2 papers, 1 session",)
    assert wren.discussed_on == ("2025-03-13",) and "2025-03-20" in papers["2025-03-20 Heron"].discussed_on
    G = build_graph_for([vault], display_root=tmp_path).graph
    assert G.nodes["2025-03-13-wren"]["year"] == 2014
    assert any(k == "mentions" for _, v, k in G.out_edges("2025-03-20-heron/q1", keys=True) if v == "2025-03-13-wren")


def test_a_markdown_link_to_a_page_names_that_paper_even_where_the_export_cut_its_file_name(tmp_path):
    # Notion names a page's file after the first fifty characters of its title; a note links the page by its full
    # title, longer than any name looked up in running text: the link itself names the paper, once
    long_title = "Extending the Wren Song Window of Large Flocks via Positional Humming"
    cut = long_title[:50].rstrip()
    root = tmp_path / "export" / "Reading Group 0123456789abcdef0123456789abcdef"
    papers = root / "Papers 0123456789abcdef0123456789abcde0"
    papers.mkdir(parents=True)
    (root / "Papers 0123456789abcdef0123456789abcde0.csv").write_text(
        f"Name,Year\n{long_title},2023\nHeron,2024\n", encoding="utf-8")
    (papers / f"{cut} 0123456789abcdef0123456789abcde1.md").write_text(
        f"# {long_title}\n\nYear: 2023\n\n1. main idea\n    - hum the positions, then stretch the window\n",
        encoding="utf-8")
    link = f"[{long_title}]({cut.replace(' ', '%20')}%200123456789abcdef0123456789abcde1.md)"
    (papers / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        f"# Heron\n\nYear: 2024\n\n1. main idea\n    - stretch by parts\n2. Recap PH, see {link}\n"
        "    - every hum scaled by 1/s\n", encoding="utf-8")
    G = build_graph_for([tmp_path / "export"], display_root=tmp_path).graph
    earlier = next(n for n, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("name") == long_title)
    mentions = [(u, v) for u, v, k in G.edges(keys=True) if k == "mentions" and v == earlier]
    assert mentions == [("heron/q2", earlier)]
    assert G.edges["heron/q2", earlier, "mentions"]["evidence"][0]["matched"] == long_title


def test_a_schedule_table_names_each_paper_as_the_group_calls_it(tmp_path):
    # the workspace page keeps the term's schedule as a table; a row whose day is one paper's meeting day names that
    # paper in its Paper column, the authors' bracket aside; a row of no meeting, a linked cell, a remark do not
    root = tmp_path / "export" / "Reading Group 0123456789abcdef0123456789abcdef"
    papers = root / "Papers 0123456789abcdef0123456789abcde0"
    papers.mkdir(parents=True)
    (root / "Papers 0123456789abcdef0123456789abcde0.csv").write_text(
        "Name,Date\nSmall-footprint wren calls with deep nets,\"October 31, 2024\"\n"
        "Heron,\"November 7, 2024\"\nLark,\"November 14, 2024\"\nGull,\"November 28, 2024\"\n"
        "Kite,\"December 5, 2024\"\n", encoding="utf-8")
    for i, (name, day) in enumerate([("Small-footprint wren calls with deep nets", "October 31, 2024"),
                                     ("Heron", "November 7, 2024"), ("Lark", "November 14, 2024"),
                                     ("Gull", "November 28, 2024"), ("Kite", "December 5, 2024")]):
        (papers / f"{name} 0123456789abcdef0123456789abcd{i:02d}.md").write_text(
            f"# {name}\n\nDate: {day}\n\n1. main idea\n    - calls\n", encoding="utf-8")
    lark = "Reading%20Group%200123456789abcdef0123456789abcdef/Papers%200123456789abcdef0123456789abcde0/Lark%20" \
           "0123456789abcdef0123456789abcd02.md"
    schedule = ["| Date | Paper | Presenter |", "| --- | --- | --- |", "| Oct 31 | Deep Wren (Chen et al. 2014) | Rahul |",
                "| ~~Nov 1~~ Nov 7 | kickoff / topic vote | Ines |", f"| Nov 14 | [Lark call]({lark}) | Amara |",
                "| Nov 21 | - no session - | |", "| Nov 28 | Gull nets | Lee |", "| Nov 28 | Heron redux | Mo |",
                "| Dec 5 | TBD | |"]
    (root.parent / "Reading Group 0123456789abcdef0123456789abcdef.md").write_text(
        "# Reading Group\n\n## Schedule\n\n" + "\n".join(schedule) + "\n", encoding="utf-8")
    found = _papers(parse_paths([tmp_path / "export"], display_root=tmp_path))
    assert found["Small-footprint wren calls with deep nets"].aliases == ("Deep Wren (Chen et al. 2014)", "Deep Wren")
    # a remark, a link, two rows of one day (which names which?), a placeholder sharing no word with the paper: none
    assert [found[p].aliases for p in ("Heron", "Lark", "Gull", "Kite")] == [(), (), (), ()]


@pytest.mark.parametrize("spoken_year", ["", ", 2024"])  # the day spoken, with its year or without
def test_a_meeting_named_after_its_day_and_the_paper_it_read_gives_that_paper_the_groups_name_for_it(
        tmp_path, spoken_year):
    # a Notion Meetings database whose rows are named "Feb 8 – <the short name>" (or "Feb 8, 2024 – ...") and
    # link the paper's page, named by its full title: the short name is how the group calls the paper, and a
    # later paper's notes write it
    root = tmp_path / "export" / "Club 0123456789abcdef0123456789abcdef"
    (root / "Papers").mkdir(parents=True)
    (root / "Meetings").mkdir()
    wren = "Unsupervised Learning of Quiet Wren Registration"
    heron = "Heron Networks for Wading Birds"
    (root / "Papers 1111222233334444aaaabbbbccccdddd.csv").write_text(
        f"Name,Year\n{wren},2019\n{heron},2021\n", encoding="utf-8")
    for name, year, suffix, text in ((wren, 2019, "1", "- register wrens quietly"),
                                     (heron, 2021, "2", "- WrenMorph-diff needs a gate per nest")):
        (root / "Papers" / f"{name} 0123456789abcdef0123456789abcde{suffix}.md").write_text(
            f"# {name}\n\nYear: {year}\n\n{text}\n", encoding="utf-8")
    link = "Papers/" + wren.replace(" ", "%20") + "%200123456789abcdef0123456789abcde1.md"
    (root / "Meetings 5555222233334444aaaabbbbccccdddd.csv").write_text(
        "Name,Date,Paper,Presenter\n"
        f"Feb 8{spoken_year} – WrenMorph-diff,\"February 8, 2024\",{wren} ({link}),Kenji Sato\n"
        f"Feb 15{spoken_year} – Kenji,\"February 15, 2024\",{wren} ({link}),Kenji Sato\n"
        f"Feb 29{spoken_year} – cancelled,\"February 29, 2024\",{wren} ({link}),\n"
        f"Mar 7{spoken_year} – Part 2,\"March 7, 2024\",{wren} ({link}),\n"
        f"Mar 14{spoken_year} – Zoom,\"March 14, 2024\",{wren} ({link}),\n", encoding="utf-8")
    for name, suffix in ((f"Feb 8{spoken_year} – WrenMorph-diff", "3"), (f"Feb 15{spoken_year} – Kenji", "4"),
                         (f"Feb 29{spoken_year} – cancelled", "5"), (f"Mar 7{spoken_year} – Part 2", "6"),
                         (f"Mar 14{spoken_year} – Zoom", "7")):
        (root / "Meetings" / f"{name} 0123456789abcdef0123456789abcde{suffix}.md").write_text(
            f"# {name}\n\nDate: February 8, 2024\nPaper: {wren} (../{link})\nPresenter: Kenji Sato\n\n"
            "1. why quiet\n    - less noise\n", encoding="utf-8")
    G = build_graph_for([tmp_path / "export"], display_root=tmp_path).graph
    [node] = [n for n, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("name") == wren]
    assert G.nodes[node]["aliases"] == ["WrenMorph-diff"]  # not who presented, "cancelled", "Part 2" or "Zoom"
    [other] = [n for n, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("name") == heron]
    assert any(k == "mentions" and v == node and G.nodes[u].get("paper_id") == other
               for u, v, k in G.edges(keys=True))


def test_a_paper_an_ideas_page_says_it_is_not_in_is_no_paper_of_the_idea(tmp_path):
    vault = tmp_path / "vault"
    for folder in (".obsidian", "Papers", "Concepts"):
        (vault / folder).mkdir(parents=True)
    for name, year in (("Wren", 2019), ("Heron", 2020), ("Osprey", 2021), ("Kite", 2022), ("Lark", 2023)):
        (vault / "Papers" / f"{name}.md").write_text(f"---\ntype: paper\nyear: {year}\n---\n- notes on {name}\n",
                                                    encoding="utf-8")
    (vault / "Concepts" / "Sinkwren.md").write_text(
        "---\ntags: [concept]\n---\n# Sinkwren\n\nalternately normalize rows and columns of the song matrix\n\n"
        "Used in: [[Wren]] (bi-stochastic layer), [[Heron]]. Not in [[Osprey]].\n"
        "- info not in the song → hallucinated calls in [[Kite]]\n"
        "- not in [[Osprey]], but used in [[Lark]]\n", encoding="utf-8")
    G = build_graph_for([vault], display_root=tmp_path).graph
    assert [p["id"] for p in G.nodes["sinkwren"]["page_papers"]] == ["wren", "heron", "kite", "lark"]
