"""Authors and presenters on a tiny literal graph (invented papers and people): ``who presented X``, a person's
papers as a list, ``kg show`` of a paper with a presenter."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest

from api.ask import answer_question


@pytest.fixture()
def service():
    G = nx.MultiDiGraph()
    for node, name, year, authors, presenters in (
            ("quill", "Quill", 2016, ["Ada Quenby", "Ravi Ostrander"], ["Lee Marsh"]),
            ("nib", "Nib", 2018, ["Ravi Ostrander"], ["Dana Okafor"]),
            ("inkwell", "Inkwell", 2019, [], ["Lee Marsh"])):
        G.add_node(node, type="paper", name=name, title=f"{name}: a study", year=year, aliases=[], authors=authors,
                   presenters=presenters, discussed=True, area="generative", track="ink", order=year)
    return SimpleNamespace(graph=G, engine=None)


def test_who_presented_a_paper_names_the_presenter(service):
    payload = answer_question(service, "who presented Quill?")
    assert payload["intent"] == "presenters"
    assert payload["text"] == ("Quill (2016) was presented by Lee Marsh; it was written by Ada Quenby and "
                               "Ravi Ostrander.")


def test_what_did_a_person_present_lists_their_papers(service):
    payload = answer_question(service, "what did Lee Marsh present?")
    assert payload["intent"] == "list" and payload["trace"]["people"][0]["name"] == "Lee Marsh"
    assert [p["id"] for p in payload["answer"]["papers"]] == ["quill", "inkwell"]
    assert payload["text"] == ("Papers presented by Lee Marsh in your notes: Quill (2016) and Inkwell (2019) "
                               "(2 of the 3 papers read).")


def test_papers_by_a_family_name_are_the_authors_papers(service):
    payload = answer_question(service, "papers by Ostrander")
    assert payload["intent"] == "list"
    assert [p["id"] for p in payload["answer"]["papers"]] == ["quill", "nib"]


def test_a_paper_without_authors_says_where_they_would_come_from(service):
    payload = answer_question(service, "who wrote Inkwell")
    assert payload["text"].startswith('The graph records no authors for Inkwell (2019) (an "Authors:" line, front '
                                      'matter or a BibTeX entry would give them); Lee Marsh presented it.')


def test_a_person_with_no_paper_in_the_role_asked_gets_the_papers_of_the_other_role(service):
    payload = answer_question(service, "papers by Dana Okafor")  # a presenter, not an author
    assert [p["id"] for p in payload["answer"]["papers"]] == ["nib"]
    assert payload["text"].startswith("No paper in your notes was written by Dana Okafor. "
                                      "Papers by Dana Okafor in your notes: Nib (2018)")


def test_who_led_a_papers_session_asks_for_its_presenter(service):
    payload = answer_question(service, "Who led the Quill session?")
    assert payload["intent"] == "presenters" and payload["text"].startswith("Quill (2016) was presented by Lee Marsh")


def test_what_did_we_read_in_a_month_lists_the_papers_of_that_months_meetings():
    from ingest.pipeline import build_graph_for

    apps = Path(__file__).resolve().parents[1] / "data" / "apps"
    G = build_graph_for([apps / "logseq-graph"], display_root=apps).graph
    met = SimpleNamespace(graph=G, engine=None)
    payload = answer_question(met, "What did we read in March 2024?")
    assert payload["intent"] == "list" and payload["answer"]["filters"]["met"] == {"year": 2024, "month": 3}
    assert "Lark" in [p["name"] for p in payload["answer"]["papers"]]
    assert payload["text"].startswith("Papers talked about at a meeting in March 2024 in your notes: ")
    assert answer_question(met, "What did we read in March 2023?")["answer"]["papers"] == []
    assert answer_question(met, "What did we read in 2016?")["answer"]["filters"].get("met") is None  # a year alone


def _met_on(service, **days):
    """The service's graph with each paper met on the day given, without a search engine."""
    G = service.graph.copy()
    for paper, day in days.items():
        G.nodes[paper]["discussed_on"] = [day]
    return SimpleNamespace(graph=G, engine=None)


def test_what_did_we_read_in_a_season_lists_the_papers_of_its_months_meetings(service):
    met = _met_on(service, quill="2024-10-02", nib="2025-02-12", inkwell="2024-12-04")
    payload = answer_question(met, "What did we read in fall 2024?")
    assert payload["intent"] == "list" and [p["id"] for p in payload["answer"]["papers"]] == ["quill", "inkwell"]
    assert payload["answer"]["filters"]["met"] == {"year": 2024, "month": [9, 10, 11, 12], "season": "fall"}
    assert payload["text"].startswith("Papers talked about at a meeting in fall 2024 in your notes: ")
    assert [p["id"] for p in answer_question(met, "which papers did we discuss during the spring term?")
            ["answer"]["papers"]] == ["nib"]
    # the year of "the fall of 2024" is the meetings', not the papers' year of publication (2016 and 2019 here)
    payload = answer_question(met, "What did we read in the fall of 2024?")
    assert [p["id"] for p in payload["answer"]["papers"]] == ["quill", "inkwell"]
    assert payload["answer"]["filters"]["year"] is None


def test_two_months_or_a_run_of_months_list_the_papers_of_their_meetings(service):
    met = _met_on(service, quill="2024-10-02", nib="2025-02-12", inkwell="2025-01-15")
    payload = answer_question(met, "What did we read in January and February 2025?")
    assert [p["id"] for p in payload["answer"]["papers"]] == ["inkwell", "nib"]
    assert payload["answer"]["filters"]["year"] is None  # 2025 is the meetings' year
    assert payload["text"].startswith("Papers talked about at a meeting in January and February 2025 in your notes: ")
    assert [p["id"] for p in answer_question(met, "what did we read from October to January?")["answer"]["papers"]] \
        == ["quill", "inkwell"]
    assert [p["id"] for p in answer_question(met, "what did we read in Oct, Jan and Feb?")["answer"]["papers"]] \
        == ["quill", "inkwell", "nib"]
    # a run over the year's end, with a year: those months of any year; the year is no year of publication
    payload = answer_question(met, "what did we read from October to January 2025?")
    assert [p["id"] for p in payload["answer"]["papers"]] == ["quill", "inkwell"]
    assert payload["answer"]["filters"]["year"] is None
    assert [p["id"] for p in answer_question(met, "what did we read between January and February 2025?")
            ["answer"]["papers"]] == ["inkwell", "nib"]
    assert [p["id"] for p in answer_question(met, "what did we read in October, January, and February?")
            ["answer"]["papers"]] == ["quill", "inkwell", "nib"]


def test_a_month_asked_of_notes_without_meeting_dates_says_so(service):
    payload = answer_question(service, "what did we read in November?")
    assert payload["intent"] == "list" and payload["answer"]["papers"] == []
    assert payload["text"].startswith("Your notes give no meeting dates")


def test_a_member_called_by_their_first_name_is_the_presenter(service):
    payload = answer_question(service, "which papers did Dana present?")
    assert payload["intent"] == "list" and [p["id"] for p in payload["answer"]["papers"]] == ["nib"]
    # a first name that is also a word ("lee") names the member only written with a capital inside the sentence
    payload = answer_question(service, "which papers did Lee present?")
    assert payload["intent"] == "list" and [p["id"] for p in payload["answer"]["papers"]] == ["quill", "inkwell"]
    assert answer_question(service, "which papers did lee present?")["trace"].get("people") is None
    assert answer_question(service, "Lee: which papers are about ink?")["trace"].get("people") is None
    assert answer_question(service, "what did Lee say in the Quill session?")["trace"].get("people") is None


def test_a_first_name_that_is_also_a_month_is_the_month_where_the_question_asks_for_one():
    G = nx.MultiDiGraph()
    for node, name, year, presenters, met in (("quill", "Quill", 2016, ["May Chen"], ["2024-05-08"]),
                                               ("nib", "Nib", 2018, ["Ray Marsh"], ["2024-06-12"])):
        G.add_node(node, type="paper", name=name, title=name, year=year, aliases=[], authors=[], presenters=presenters,
                   discussed=True, area="generative", track="ink", order=year, discussed_on=met)
    service = SimpleNamespace(graph=G, engine=None)
    payload = answer_question(service, "Which papers did we present in May?")
    assert payload["trace"].get("people") is None and [p["id"] for p in payload["answer"]["papers"]] == ["quill"]
    assert payload["answer"]["filters"]["met"] == {"year": None, "month": 5}
    assert answer_question(service, "what led to Ray casting?")["trace"].get("people") is None


def test_a_name_with_accents_is_one_name():
    import networkx as nx

    from kg.model import NAME_WORD
    from kg.people import find_people

    assert NAME_WORD.findall("Tomás Ruiz and Jürgen Quill") == ["Tomás", "Ruiz", "and", "Jürgen", "Quill"]
    G = nx.MultiDiGraph()
    G.add_node("quill", type="paper", year=2016, authors=[], presenters=["Tomás Ruiz"])
    assert [m.name for m in find_people(G, "which papers did Tomás present?")] == ["Tomás Ruiz"]


def test_a_name_inside_a_longer_description_of_a_paper_is_the_paper_whose_title_has_those_words(service):
    """"the tide-aware quill wave-to-text paper" is not Quill: it is the one paper whose title holds those words."""
    service.graph.add_node("tidal-quill", type="paper", name="Wave-to-text Generation by Tide-aware Quill Learning",
                           title="Wave-to-text Generation by Tide-aware Quill Learning", year=2020, aliases=[],
                           authors=[], presenters=["Dana Okafor"], discussed=True, track="ink", order=2020)
    payload = answer_question(service, "Who presented the tide-aware quill wave-to-text paper?")
    assert payload["intent"] == "presenters"
    assert payload["text"].startswith("Taking 'tide-aware quill wave-to-text' as Wave-to-text Generation by "
                                      "Tide-aware Quill Learning (2020)")
    assert "presented by Dana Okafor" in payload["text"] and "Lee Marsh" not in payload["text"]
    assert "presented by Lee Marsh" in answer_question(service, "Who presented the Quill paper?")["text"]
    both = answer_question(service, "Who presented Nib and the tide-aware quill wave-to-text paper?")
    assert [e["id"] for e in both["trace"]["entities"]][:1] == ["nib"]
    assert "Wave-to-text Generation by Tide-aware Quill Learning (2020) was presented by Dana Okafor" in both["text"]
    assert "Nib (2018) was presented by Dana Okafor" in both["text"] and "Lee Marsh" not in both["text"]
