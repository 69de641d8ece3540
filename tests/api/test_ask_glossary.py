"""A term the group's glossary page defines and no node has: ``what is X`` quotes the glossary's line.

Invented papers and terms (Wren, quill drift), written the way a notes app keeps a glossary: a heading over
its paragraph, a "**Term** : what it is" item, and a short item with its definition under it.
"""

from __future__ import annotations

from types import SimpleNamespace

from api.ask import answer_question
from ingest.pipeline import build_graph_for


def _vault(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Papers" / "Wren.md").write_text(
        "---\ntype: paper\nyear: 2020\n---\n1. What is this paper try to convey ?\n- wings that drift less\n",
        encoding="utf-8")
    (vault / "Glossary.md").write_text(
        "---\ntype: concept\n---\n# Glossary\nwords we forget\n\n### Quill drift\nthe slow turn of a feather "
        "under wind, see [[Wren]]\n\n- **Tail lock** : both tail feathers held still\n- molt cycle\n"
        "  - a bird sheds old feathers once a year\n", encoding="utf-8")
    return vault


def test_what_is_a_term_only_the_glossary_defines_quotes_the_glossary(tmp_path):
    vault = _vault(tmp_path)
    G = build_graph_for([vault], display_root=tmp_path).graph
    assert {e["term"] for e in G.graph["glossary"]} >= {"Quill drift", "Tail lock", "molt cycle"}
    service = SimpleNamespace(graph=G, engine=None)
    for question, said in (("What is quill drift?", "the slow turn of a feather under wind"),
                           ("what is a tail lock", "both tail feathers held still"),
                           ("What is the molt cycle?", "a bird sheds old feathers once a year")):
        text = answer_question(service, question)["text"]
        assert "Your Glossary page says: " in text and said in text, (question, text)
        assert "vault/Glossary.md:" in text  # the file and line it comes from


def test_a_page_of_terms_not_named_a_glossary_is_looked_up_like_one(tmp_path):
    # a track's page of datasets and protocols, no kind of its own and no glossary in its name, defines the
    # group's terms the way a glossary does ("MCAR: missing completely at random"): what a question asks of them
    vault = _vault(tmp_path)
    (vault / "Feather data and protocols.md").write_text(
        "# Feather data and protocols\n\nKai + Ana. every paper uses a different split\n\n## Missing feathers\n\n"
        "- QMR: quill missing at random, whatever the wind\n- QMW: missing because of the wind\n"
        "- QMS: missing because of the quill itself\n", encoding="utf-8")
    # a home page (an index) and a schedule kept on a page of no kind write their weeks and terms the same way
    (vault / "Home.md").write_text("# Home\n\n- Wren: first of the wing papers\n- Drift: [[Wren]] and the two "
                                   "after it\n- Room: B12, Thursdays 4pm\n", encoding="utf-8")
    (vault / "Plan.md").write_text("# Plan\n\n- Week 1: [[Wren]], read twice\n- Fall: drift and wings\n"
                                   "- Spring 2025: tides\n", encoding="utf-8")
    G = build_graph_for([vault], display_root=tmp_path).graph
    text = answer_question(SimpleNamespace(graph=G, engine=None), "What does QMR mean?")["text"]
    assert "Your Feather data and protocols page says: QMR: quill missing at random, whatever the wind" in text, text
    assert "vault/Feather data and protocols.md:7" in text
    pages = {e["page"] for e in G.graph["glossary"]}
    assert "Home" not in pages and not {e["term"] for e in G.graph["glossary"] if e["page"] == "Plan"}, pages
    for asked in ("What is drift?", "What is fall?", "What is the room?"):
        assert "page says" not in answer_question(SimpleNamespace(graph=G, engine=None), asked)["text"], asked


def test_a_term_the_glossary_does_not_define_gets_no_glossary_line(tmp_path):
    G = build_graph_for([_vault(tmp_path)], display_root=tmp_path).graph
    text = answer_question(SimpleNamespace(graph=G, engine=None), "What is feather drift?")["text"]
    assert "page says" not in text


def _notion_export(tmp_path):
    # a Notion "Markdown & CSV" export: a workspace page, its papers database, and a glossary kept as a table
    # (term | what | where), a page the export puts under the workspace page with no kind of its own
    root = tmp_path / "export" / "Reading Group 0123456789abcdef0123456789abcdef"
    papers = root / "Papers 0123456789abcdef0123456789abcde0"
    papers.mkdir(parents=True)
    (root.parent / "Reading Group 0123456789abcdef0123456789abcdef.md").write_text(
        "# Reading Group\n\n[Papers](Reading%20Group%200123456789abcdef0123456789abcdef/Papers%200123456789abcdef"
        "0123456789abcde0.csv)\n", encoding="utf-8")
    (root / "Papers 0123456789abcdef0123456789abcde0.csv").write_text("Name,Year\nWren,2020\nHeron,2021\n",
                                                                       encoding="utf-8")
    (papers / "Wren 0123456789abcdef0123456789abcde1.md").write_text(
        "# Wren\n\nYear: 2020\n\n1. main idea\n    - wings that drift less, trained with QDL\n", encoding="utf-8")
    (papers / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        "# Heron\n\nYear: 2021\n\n1. main idea\n    - deep tides, scored by tide recall\n\n"
        "| model | tide recall |\n| --- | --- |\n| Gull | 41.0 |\n| Heron | 57.5 |\n", encoding="utf-8")
    (root / "Glossary (WIP) 0123456789abcdef0123456789abcde3.md").write_text(
        "# Glossary (WIP)\n\n| Term | What | Where we saw it |\n| --- | --- | --- |\n"
        "| QDL | quill drift loss, penalises the turn of a feather | Wren |\n| tide recall | | Heron |\n",
        encoding="utf-8")
    # a cheat sheet's table of results names no term column: no glossary entries (a result is no definition)
    (root / "Tide cheat sheet 0123456789abcdef0123456789abcde4.md").write_text(
        "# Tide cheat sheet\n\n| paper | tide recall | notes |\n| --- | --- | --- |\n| Gull | 41.0 | small |\n"
        "| Heron | 57.5 | big |\n", encoding="utf-8")
    return tmp_path / "export"


def test_a_glossary_kept_as_a_table_answers_what_a_term_is_through_the_service(tmp_path, encoder):
    from api.service import Service
    from ingest.pipeline import run_ingest
    from ingest.snapshot import load_snapshot

    run_ingest([_notion_export(tmp_path)], tmp_path / "kb", sources="replace", encoder=encoder)
    service = Service(load_snapshot(tmp_path / "kb"), encoder)
    glossary = service.graph.graph["glossary"]
    # a row is an entry: its first cell the term, the second what it is, the others after their column's name; a
    # row that says nothing of the term is none, and a results table on a paper's page is no glossary
    assert [(e["term"], e["text"], e["line"]) for e in glossary] == [
        ("QDL", "quill drift loss, penalises the turn of a feather; Where we saw it: Wren", 5)]
    text = service.ask("What is QDL?")["text"]
    assert "Your Glossary (WIP) page says: QDL: quill drift loss, penalises the turn of a feather" in text, text
    assert "Glossary (WIP) 0123456789abcdef0123456789abcde3.md:5" in text


def test_an_answer_that_only_points_at_a_page_is_defined_by_that_page_through_the_service(tmp_path, encoder):
    # "2. What is TR exactly - see [[TR sheet]]": the answer says nothing but where to look; the page it links
    # says what TR is, and the answer quotes that page with its file and line
    from api.service import Service
    from ingest.pipeline import run_ingest
    from ingest.snapshot import load_snapshot

    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Wren.md").write_text("---\ntype: paper\nyear: 2020\n---\n1. main idea\n- wings that drift less\n"
                                   "2. What is TR exactly\n- see [[TR sheet]]\n3. [[QX]] ?\n- see note\n",
                                   encoding="utf-8")
    (vault / "QX.md").write_text("---\ntype: concept\n---\nQuill crossing: two feathers over each other\n",
                                 encoding="utf-8")
    (vault / "TR sheet.md").write_text("---\ntype: concept\n---\nTR = crests over troughs, per shore\n\n"
                                         "- measured at dawn\n", encoding="utf-8")
    run_ingest([vault], tmp_path / "kb", sources="replace", encoder=encoder)
    service = Service(load_snapshot(tmp_path / "kb"), encoder)
    text = service.ask("What is TR?")["text"]
    assert text.startswith("TR: TR = crests over troughs, per shore"), text
    assert "vault/TR sheet.md:4" in text
    # "see note" says nothing either: the concept's own page defines it
    text = service.ask("What is QX?")["text"]
    assert text.startswith("QX: Quill crossing: two feathers over each other"), text
