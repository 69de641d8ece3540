"""Issue 23: the full title a group writes on the first line of a paper's page (or in a title property) is
the paper's title, one of the names it is found by; more names the line gives are aliases.

Checked through the real readers on small Logseq folders written for this test (invented paper names), and
on the first lines of the four older held-out app folders (the shapes were written after reading them, so
this checks precision there, not generality): every title taken reads as one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.notes import parse_paths
from ingest.page_roles import classify_pages
from ingest.pipeline import build_graph_for
from ingest.readers import app_readers, detect_format
from ingest.title_lines import reads_as_a_title, title_line_aliases

APPS = Path(__file__).resolve().parents[2] / "bench" / "eval" / "apps"


def _logseq(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / "logseq").mkdir()
    (tmp_path / "logseq" / "config.edn").write_text("{}\n", encoding="utf-8")
    (tmp_path / "journals").mkdir()
    (tmp_path / "pages").mkdir()
    for name, text in pages.items():
        (tmp_path / "pages" / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


def _aliases(folder: Path) -> dict[str, tuple[str, ...]]:
    """Each paper's full title (first) and the other names its page gives."""
    corpus = parse_paths([folder], display_root=folder)
    return {s.title: ((s.full_title,) if s.full_title else ()) + s.aliases for s in corpus.sections}


def _titles(folder: Path) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """Each paper's (full title, aliases), apart."""
    return {s.title: (s.full_title, s.aliases) for s in parse_paths([folder], display_root=folder).sections}


def test_the_first_lines_title_shapes_give_the_title_through_the_logseq_reader(tmp_path):
    paper = "type:: paper\nyear:: 2021\n\n"
    folder = _logseq(tmp_path, {
        "QNet": paper + "- **Quick Neural Estimation Tables** — a new approach (lab X)\n- ## idea\n\t- tables\n",
        "Wren": paper + "- Wren: Wide Residual Ensembles for Noisy Labels (lab Y)\n- notes\n",
        "Heron": paper + '- "Herons wade through shallow data" (lab Z)\n- notes\n',
        "Lark": paper + "- Learning Long Songs from Few Birds\n- notes\n",
        "Gullnet": paper + "- Gullnet: predict the next gull from the last one\n- notes\n",
        "Tidal": paper + "- ## TL;DR\n\t- Tidal Waves Are All You Need\n",
    })
    assert detect_format(folder) == "logseq"
    titles = _titles(folder)
    assert titles["QNet"] == ("Quick Neural Estimation Tables", ())  # the title, not an alias
    assert titles["Wren"][0] == "Wide Residual Ensembles for Noisy Labels" and titles["Gullnet"] == (None, ())
    aliases = _aliases(folder)
    assert "Quick Neural Estimation Tables" in aliases["QNet"]
    assert "Wide Residual Ensembles for Noisy Labels" in aliases["Wren"]
    assert "Herons wade through shallow data" in aliases["Heron"]
    assert "Learning Long Songs from Few Birds" in aliases["Lark"]
    assert aliases["Gullnet"] == ()  # a sentence after the name is a note, not a title
    assert aliases["Tidal"] == ()  # a heading comes first: the page has no title line


def test_a_full_title_property_is_the_title_with_its_commas(tmp_path):
    folder = _logseq(tmp_path, {"Gullnet": "type:: paper\nfull-title:: Gullnet: A Recipe for Big, Fast Gulls\n\n- notes\n"})
    assert _titles(folder)["Gullnet"] == ("Gullnet: A Recipe for Big, Fast Gulls", ())


def test_a_full_title_property_after_the_pages_name_and_a_colon_gives_the_title_after_it_as_an_alias(tmp_path):
    folder = _logseq(tmp_path, {"Gullnet": "type:: paper\nfull-title:: Gullnet: A Recipe for Fast Gulls\n\n- notes\n"})
    assert _titles(folder)["Gullnet"] == ("Gullnet: A Recipe for Fast Gulls", ("A Recipe for Fast Gulls",))


def test_a_first_line_naming_the_groups_people_is_no_title_through_the_notion_reader(tmp_path):
    # a Notion page's property block, then who presented and who came: names, not the paper's title or aliases
    root = tmp_path / "export" / "Group 0123456789abcdef0123456789abcdef"
    papers = root / "Papers 0123456789abcdef0123456789abcde0"
    papers.mkdir(parents=True)
    (root / "Papers 0123456789abcdef0123456789abcde0.csv").write_text("Name,Year\nWrenNet,2018\nHeron,2019\n",
                                                                       encoding="utf-8")
    (papers / "WrenNet 0123456789abcdef0123456789abcde1.md").write_text(
        "# WrenNet\n\nFull title: Detecting Quiet Wrens in Noisy Forests\nPresenter: Kenji Mori\n\n"
        "Kenji presenting. Mai, Priya, Jonas, Daniel, Sofia (late)\n\n- What is this paper try to convey ?\n"
        "    - wrens sing in pairs\n", encoding="utf-8")
    (papers / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        "# Heron\n\nPresenter: Mai Lee\n\nMai, Priya, Jonas, Daniel\n\n- main idea\n    - Jonas: herons wade\n",
        encoding="utf-8")
    G = build_graph_for([tmp_path / "export"], display_root=tmp_path).graph
    assert G.nodes["wrennet"]["title"] == "Detecting Quiet Wrens in Noisy Forests"
    assert G.nodes["wrennet"].get("aliases", []) == [] and G.nodes["heron"].get("aliases", []) == []
    assert not any(k == "mentions" and v == "wrennet" for _, v, k in G.edges(keys=True))  # "Jonas: ..." names none


def test_a_name_spelled_out_after_the_title_is_an_alias(tmp_path):
    folder = _logseq(tmp_path, {"WREN": "type:: paper\n\n- Quiet Bird Singing (WREN = Wide Range Echo Network)\n"})
    assert _titles(folder)["WREN"] == ("Quiet Bird Singing", ("Wide Range Echo Network",))


def test_a_title_is_no_name_another_paper_derives_from(tmp_path):
    # a full title holds other papers' names ("... with Wren Ensembles"): the scorer's name derivation reads
    # names, not titles, so QNet's name is not derived from Wren's
    paper = "type:: paper\n"
    folder = _logseq(tmp_path, {
        "Wren": paper + "year:: 2019\n\n- notes on ensembles\n",
        "QNet": paper + "year:: 2021\n\n- Quick Tables with Wren Ensembles\n- notes on tables\n",
    })
    built = build_graph_for([folder], display_root=folder)
    assert built.graph.nodes["qnet"]["title"] == "Quick Tables with Wren Ensembles"
    assert "Quick Tables with Wren Ensembles" not in built.graph.nodes["qnet"]["aliases"]
    [pair] = [c for c in built.lineage_candidates if (c.earlier, c.later) == ("wren", "qnet")]
    assert pair.features["name_derived"] == 0.0


def test_a_bold_phrase_that_is_not_the_title_is_no_alias(tmp_path):
    folder = _logseq(tmp_path, {"Wren": "type:: paper\n\n- **idea**: don't reconstruct, predict\n- notes\n"})
    assert _aliases(folder)["Wren"] == ()


def test_a_paper_is_found_by_its_title_line(tmp_path):
    paper = "type:: paper\n\n"
    folder = _logseq(tmp_path, {"QNet": paper + "- Quick Neural Estimation Tables\n- notes on tables\n"})
    G = build_graph_for([folder], display_root=folder).graph
    assert G.nodes["qnet"]["title"] == "Quick Neural Estimation Tables" and G.nodes["qnet"]["name"] == "QNet"
    from kg.resolve import resolve

    assert resolve(G, "Quick Neural Estimation Tables") == "qnet"


def test_a_first_heading_written_as_a_notes_files_paper_heading_gives_the_title(tmp_path):
    # a group that moved its notes file into Logseq heads each paper's page as the file headed the paper:
    # "## Discussion 32 <the paper's full title> - 2019" on the page named by the short name it links with
    paper = "type:: paper\nyear:: 2019\n\n"
    folder = _logseq(tmp_path, {
        "Deep Wrens": paper + "- ## Discussion 32 Going Deeper in Singing Wrens: Songs and Residual Calls - 2019\n"
                              "\t- What is this paper try to convey ?\n\t\t- deeper wrens\n",
        "QNet": paper + "- ## Discussion 35 QNet: Learning to Write Tables - 2019\n\t- notes\n",
        "Heron": "type:: paper\nyear:: 2020\n\n- ## Discussion 4 Herons Wade Through Shallow Data - 2018\n\t- notes\n",
        "Stable Gull - timing-conditioned gull songs": paper + "- ## Discussion 16 Stable Gull - 2019\n\t- notes\n",
        "Lark": paper + "- ## Discussion 2 Okafor, Lind, Brandt 2019\n\t- notes\n",
    })
    titles = _titles(folder)
    assert titles["Deep Wrens"] == ("Going Deeper in Singing Wrens: Songs and Residual Calls", ())
    assert titles["QNet"] == ("QNet: Learning to Write Tables", ("Learning to Write Tables",))
    assert titles["Heron"] == (None, ())  # the heading's year is not the page's: another paper's heading
    assert titles["Stable Gull - timing-conditioned gull songs"][0] is None  # no fuller than the page's name
    assert titles["Lark"] == (None, ())  # who wrote it, not what it is called
    G = build_graph_for([folder], display_root=folder).graph
    from kg.resolve import resolve

    assert resolve(G, "Going Deeper in Singing Wrens: Songs and Residual Calls") == "deep-wrens"


def test_a_page_whose_headings_head_two_papers_takes_no_title_from_the_first(tmp_path):
    folder = _logseq(tmp_path, {"Wren and Heron": "type:: paper\n\n"
                                "- ## Discussion 1 Quiet Wrens Sing Longer Songs - 2018\n\t- wrens\n"
                                "- ## Discussion 2 Herons Wade Through Shallow Data - 2019\n\t- herons\n",
                                "Wren": "type:: paper\n\n- ## Discussion 1 Quiet Wrens Sing Longer Songs - 2018\n"
                                        "\t- wrens\n"})
    assert _titles(folder)["Wren and Heron"] == (None, ())
    assert _titles(folder)["Wren"][0] == "Quiet Wrens Sing Longer Songs"  # the same heading alone: the title


def test_a_first_heading_tied_to_nothing_of_the_pages_name_is_no_title(tmp_path):
    # a meeting prefix over a section's name, who presented, another paper's heading on a page without a year
    headings = {"Wren": "Week 3 Open Questions and Next Steps", "Lark": "Meeting 5 Presented by Kenji Sato",
                "Kite": "Discussion 4 Heron Networks for Wading Birds - 2019",
                "Gull": "Discussion 4 Gull vs Heron: Which Wades Deeper - 2019",
                "Tern": "Discussion 6 Terns That Dive Deeper Than Gulls - 2019"}
    folder = _logseq(tmp_path, {name: f"type:: paper\n\n- ## {heading}\n\t- x\n" for name, heading in headings.items()})
    titles = _titles(folder)
    assert [titles[name] for name in ("Wren", "Lark", "Kite", "Gull")] == [(None, ())] * 4
    assert titles["Tern"] == ("Terns That Dive Deeper Than Gulls", ())


def test_a_title_property_wins_over_the_first_heading(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    for name, front, heading in (
            ("Wren 2018 - quiet wrens", "title: On Quiet Wrens That Sing Longer\nyear: 2018",
             "Discussion 2 Quiet Wrens That Sing Much Longer Songs - 2018"),
            ("Wren 2019 - loud wrens", "year: 2019", "Discussion 3 Loud Wrens That Sing Much Shorter Songs - 2019")):
        (vault / f"{name}.md").write_text(f"---\n{front}\ntags: [paper]\n---\n## {heading}\n"
                                          "1. What is this paper try to convey ?\n- x\n", encoding="utf-8")
    (tmp_path / "graph").mkdir()
    folder = _logseq(tmp_path / "graph", {"Gullnet": "type:: paper\nfull-title:: Gullnet: Big Fast Gulls\n\n"
                                                     "- ## Discussion 2 Gullnet Birds of the Northern Marshes - 2019\n"
                                                     "\t- x\n"})
    G = build_graph_for([vault], display_root=tmp_path).graph
    papers = {d["name"]: d for _, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("discussed")}
    quiet = papers["Wren 2018 - quiet wrens"]
    assert "Quiet Wrens That Sing Much Longer Songs" not in (quiet["title"], *quiet.get("aliases", []))
    assert papers["Wren 2019 - loud wrens"]["title"] == "Loud Wrens That Sing Much Shorter Songs"  # no property
    assert _titles(folder)["Gullnet"] == ("Gullnet: Big Fast Gulls", ("Big Fast Gulls",))  # full-title:: wins too


def test_a_first_heading_gives_its_pages_paper_its_year_and_a_title_property_its_authors(tmp_path):
    # a vault whose pages keep the plain notes file's heading ("## Discussion 6 Wren - 2017") under front matter
    # whose paper: property gives the title with its authors in a bracket
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    for name, front, heading in (
            ("Wren", "paper: Quiet Wrens Sing Longer (Okafor, Lind, Brandt)", "Discussion 6 Wren - 2017"),
            ("Heron", "paper: \"Heron: Wading Deeper Birds (Vale et al.)\"", "Discussion 7 Heron - 2019"),
            ("Kite", "paper: Kites Glide Far (Gliding Networks)\nyear: 2020", "Discussion 8 Kite - 2021"),
            ("Lark", "paper: Larks at Dawn", "Discussion 9 Gannet - 2015"),
            ("Wren-2", "paper: Owls by Night (Batch Norm, Dropout)", "Discussion 3 Wren: Quiet Songs Carry Far - 2018")):
        (vault / f"{name}.md").write_text(f"---\n{front}\ntags: [paper]\n---\n## {heading}\n"
                                          "1. What is this paper try to convey ?\n- x\n", encoding="utf-8")
    G = build_graph_for([vault], display_root=tmp_path).graph
    papers = {d["name"]: d for _, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("discussed")}
    assert (papers["Wren"]["year"], papers["Wren"]["title"]) == (2017, "Quiet Wrens Sing Longer")
    assert papers["Wren"]["authors"] == ["Okafor", "Lind", "Brandt"]
    assert (papers["Heron"]["year"], papers["Heron"]["title"]) == (2019, "Heron: Wading Deeper Birds")
    assert papers["Heron"]["authors"] == ["Vale et al."]
    # a bracket that is no list of authors stays the title's; the page's own year wins; another paper's heading
    # gives the page no year
    assert (papers["Kite"]["year"], papers["Kite"]["title"]) == (2020, "Kites Glide Far (Gliding Networks)")
    assert papers["Kite"]["authors"] == []
    assert papers["Lark"]["year"] is None
    # a heading titled after another paper's name ("Wren: ..." on the page Wren-2) gives no year; a bracket of
    # terms is no list of authors
    assert (papers["Wren-2"]["year"], papers["Wren-2"]["title"]) == (None, "Owls by Night (Batch Norm, Dropout)")


@pytest.mark.parametrize("folder", ["obsidian/vault", "logseq/graph", "notion/export", "obsidian-2/vault"])
def test_every_alias_a_held_out_folders_first_lines_give_reads_as_a_title(folder):
    root = APPS / folder
    source = app_readers()[detect_format(root)].read(root)
    taken = 0
    for page, kind in zip(source.pages, classify_pages(source.pages)):
        if kind.kind != "paper":
            continue
        first = next((line for line in page.lines[page.body_start:] if line.strip()), "")
        for alias in title_line_aliases(page):
            assert alias.lower() != page.name.lower() and alias in first, (page.name, alias)
            quoted = f'"{alias}"' in first or f"“{alias}”" in first
            assert quoted or reads_as_a_title(alias), (page.name, alias)
            taken += 1
    if folder in ("logseq/graph", "notion/export"):  # their pages open with the title; the vaults' do not
        assert taken >= 3


def test_what_reads_as_a_title():
    assert reads_as_a_title("Deep Wren Sets") and reads_as_a_title("Is Space-Time All You Need for Wrens")
    assert not reads_as_a_title("wren at heron scale") and not reads_as_a_title("Why Wrens?")
