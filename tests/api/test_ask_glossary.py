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


def test_a_term_the_glossary_does_not_define_gets_no_glossary_line(tmp_path):
    G = build_graph_for([_vault(tmp_path)], display_root=tmp_path).graph
    text = answer_question(SimpleNamespace(graph=G, engine=None), "What is feather drift?")["text"]
    assert "page says" not in text
