"""Issue 23 (ask on a group's own notes): answers quote the notes that bear on the question.

On the bundled snapshot with the real model and index: what a paper changed from the papers it builds on,
each side's note nearest a comparison's question, the next search results after the best one, a modifier
before a concept's name, and a metric's name written with "@"."""

from __future__ import annotations

import re

from api.intents import load_rules
from api.service import Service
from ingest.pipeline import run_ingest
from ingest.snapshot import load_snapshot
from kg.descriptions import changes_from_predecessors, notes_of


def ask(client, question: str) -> dict:
    response = client.get("/api/v1/ask", query_string={"q": question})
    assert response.status_code == 200, (question, response.get_json())
    return response.get_json()


def paper_vault(tmp_path, folders, papers: dict[str, int]):
    """An Obsidian vault with these folders and a paper page for each name (its year, one note line)."""
    vault = tmp_path / "vault"
    for folder in (".obsidian", "Papers", *folders):
        (vault / folder).mkdir(parents=True, exist_ok=True)
    for name, year in papers.items():
        (vault / "Papers" / f"{name}.md").write_text(f"---\ntype: paper\nyear: {year}\n---\n- notes on {name}\n",
                                                    encoding="utf-8")
    return vault


def served(notes, tmp_path, encoder) -> Service:
    """The real service over a snapshot ingested from the notes folder ``notes`` with the real model."""
    run_ingest([notes], tmp_path / "kb", sources="replace", encoder=encoder)
    return Service(load_snapshot(tmp_path / "kb"), encoder)


def test_what_led_to_a_paper_says_what_it_changed_from_the_papers_it_builds_on(client, graph):
    checked = 0
    for paper, data in graph.nodes(data=True):
        if data.get("type") != "paper" or not data.get("discussed"):
            continue
        changes = changes_from_predecessors(graph, paper, load_rules().follow_up_notes)
        body = ask(client, f"what led to {data['name']}?")
        if body["answered_as"] != "lineage" or [e["id"] for e in body["entities"]] != [paper]:
            continue
        assert [c["id"] for c in body["answer"]["changes"]] == [c["id"] for c in changes], paper
        for change in changes:
            # a note of the paper that names a direct predecessor, quoted with its line, and in the trace
            assert change["id"] in notes_of(graph, paper)
            assert graph.has_edge(change["predecessor"], paper, key="led_to")
            assert graph.has_edge(change["id"], change["predecessor"], key="mentions")
            predecessor = graph.nodes[change["predecessor"]]["name"]
            assert f"What {data['name']} changed from {predecessor}, per the notes: " in body["text"], paper
            assert f"({change['id']}, " in body["text"]
            assert change["id"] in {n["id"] for n in body["trace"]["notes"]}
        if not changes:
            assert " changed from " not in body["text"], paper
        checked += bool(changes)
    assert checked >= 5  # the bundled lineage has such notes for most papers with a predecessor


def test_a_note_naming_two_predecessors_is_quoted_once():
    from kg.descriptions import example_graph
    from kg.model import add_evidence_edge

    G = example_graph()  # qnet -> double-qnet; add a second predecessor and one note naming both
    G.add_node("tabular-q", type="paper", name="Tabular Q", year=2010)
    add_evidence_edge(G, "tabular-q", "double-qnet", "led_to", {"file": "n.md", "line": 1, "kind": "stated"}, kind="stated")
    G.add_node("double-qnet/q2", type="note", paper_id="double-qnet", question="vs QNet and Tabular Q",
               answers=["both"], source={"file": "n.md", "line": 12})
    where = {"file": "n.md", "line": 12}
    add_evidence_edge(G, "double-qnet/q2", "double-qnet", "part_of", where)
    add_evidence_edge(G, "double-qnet/q2", "qnet", "mentions", where)
    add_evidence_edge(G, "double-qnet/q2", "tabular-q", "mentions", where)
    changes = changes_from_predecessors(G, "double-qnet", 10)
    assert [c["id"] for c in changes] == ["double-qnet/q2"]


def test_what_came_from_a_paper_quotes_no_changes(client):
    body = ask(client, "what came from DQN?")
    assert body["answered_as"] == "descendants" and " changed from " not in body["text"]


def test_a_comparison_quotes_each_sides_note_nearest_the_question(client, service):
    question = "how do ResNet and DenseNet differ in how they connect the layers?"
    body = ask(client, question)
    assert body["answered_as"] == "compare"
    papers = [e["id"] for e in body["entities"]]
    shown = {c["id"] for c in body["answer"]["changes"] if "id" in c}
    aspect = "how do and differ in how they connect the layers"  # the question without the papers' names
    ranked = service.engine.search(aspect, 200, ["note"], None, set(papers))
    rules = load_rules()
    asked = {w.lower()[:rules.closest_note_stem_chars] for w in aspect.split() if not rules.is_filler(w)}

    def writes(hit):  # how many asked words the note writes (its paper's names are no asked word here)
        return len(asked & {w.lower()[:rules.closest_note_stem_chars] for w in re.findall(r"[^\W\d_]+",
                                                                                          hit.get("snippet") or "")})
    expected = []  # per paper, in the order named: of its notes the changes did not quote, the one that writes most
    for paper in papers:  # of the words asked, the best-ranked of those
        own = [r for r in ranked if r.get("paper_id") == paper and r["id"] not in shown]
        expected += [max(own, key=writes)["id"]] if own else []
    closest = body["answer"]["closest_notes"]
    assert len(expected) == 2 and [hit["id"] for hit in closest] == expected
    assert writes(closest[0])  # ResNet's "adding layers identity mapping", not its best-ranked note alone
    assert {hit["id"] for hit in closest} <= {n["id"] for n in body["trace"]["notes"]}
    assert " Closest to the question: ResNet (2015): " in body["text"] and " | DenseNet (2017): " in body["text"]


def test_a_comparison_whose_later_paper_has_no_other_note_quotes_the_earlier_side_only(client):
    body = ask(client, "how do DQN and DDQN differ in how they estimate the target value?")
    # DDQN's one note with text names DQN's line and is quoted as what DDQN changed
    assert [hit["paper_id"] for hit in body["answer"]["closest_notes"]] == ["dqn"]


def test_a_comparison_that_names_an_idea_before_its_two_papers_compares_the_papers(client):
    body = ask(client, "How does the skip connection differ between ResNet and DenseNet?")
    assert body["answered_as"] == "compare"
    assert [side["id"] for side in body["answer"]["nodes"]] == ["resnet", "densenet"]
    # ideas listed after the two papers, with no "between" before them, are what is compared of the papers
    body = ask(client, "How does Swin differ from ViT in attention and positional encoding?")
    assert [side["id"] for side in body["answer"]["nodes"]] == ["swin-transformer", "vit"]
    body = ask(client, "How is AlexNet related to Swin through attention and residual connections?")
    assert body["answered_as"] == "path"
    assert [n["id"] for n in body["answer"]["nodes"]][::len(body["answer"]["nodes"]) - 1] == ["alexnet",
                                                                                           "swin-transformer"]


def test_a_comparisons_closest_note_says_more_than_the_papers_name(tmp_path, encoder):
    # a meeting page's "**Paper:** Heron" names the paper read that day and ranks near any question naming it,
    # but says nothing of it: each side's note nearest the question is one with words of its own
    vault = paper_vault(tmp_path, ["Meetings"], {})
    (vault / "Papers" / "Wren.md").write_text(
        "---\ntype: paper\nyear: 2017\n---\n- trained on pairs of stereo wren photos, no labels\n"
        "- predicts how far each wren is\n", encoding="utf-8")
    (vault / "Papers" / "Heron.md").write_text(
        "---\ntype: paper\nyear: 2018\n---\n- an explainability mask down-weights moving water\n"
        "- pose net and depth net share nothing\n", encoding="utf-8")
    (vault / "Meetings" / "2024-03-07.md").write_text(
        "---\ndate: 2024-03-07\npaper: \"[[Heron]]\"\n---\n# Reading group 2024-03-07\n\n**Paper:** [[Heron]]\n"
        "\n## Notes\n- low attendance, deadline week\n", encoding="utf-8")
    run_ingest([vault], tmp_path / "kb", sources="replace", encoder=encoder)
    service = Service(load_snapshot(tmp_path / "kb"), encoder)
    answer = service.ask("How do Wren and Heron differ in what they train from?")
    closest = answer["answer"]["closest_notes"]
    assert [hit["paper_id"] for hit in closest] == ["wren", "heron"], closest
    assert not any("Paper:" in hit["snippet"] for hit in closest), closest


def test_a_reading_plan_for_a_paper_says_what_it_changed_from_the_step_before(client):
    body = ask(client, "What should I read before DDQN?")
    assert body["answered_as"] == "prerequisites"
    changes = body["answer"]["changes"]
    predecessors = {c["predecessor"] for c in changes}
    assert changes and predecessors <= {step["id"] for step in body["answer"]["plan"]}
    assert " What DDQN changed from " in body["text"]
    assert {c["id"] for c in changes} <= {n["id"] for n in body["trace"]["notes"]}


def test_papers_that_use_or_change_an_idea_are_its_users(client):
    assert ask(client, "which papers use or change dropout?")["answered_as"] == "uses"


def test_a_search_answer_gives_the_next_results_after_the_best(client):
    body = ask(client, "why does training diverge when the data is correlated?")
    assert body["answered_as"] == "search"
    results = body["answer"]["results"]
    shown = load_rules().search_answer_results
    assert shown >= 2 and len(results) >= shown
    assert body["text"].startswith("Best match: ")
    also = body["text"].split(" Also close: ", 1)[1]
    assert also.count(";") >= shown - 2
    for result in results[1:shown]:
        assert result["title"] in also
    for result in results[shown:]:
        assert f"{result['title']} - {result['snippet']}" not in body["text"]


def test_a_plain_word_before_a_concept_makes_a_longer_name_for_the_users_of_an_idea(client):
    body = ask(client, "which papers use noisy dropout?")  # the graph has dropout only
    assert body["intent"] == "uses" and body["trace"]["unresolved"] == ["noisy dropout"]
    # the notes write "4. SGD noisy" over "- dropout, mini-btach": two lines, not the phrase (a question and its
    # answer were once read as one run of text, and quoted as writing it; tests/kg/test_descriptions.py has a
    # phrase a note does write, in its forms)
    assert "noisy dropout" not in body["answer"].get("mentioned_in", {})
    # the concept alone still asks for its users
    plain = ask(client, "which papers use dropout?")
    assert plain["answered_as"] == "uses" and [e["id"] for e in plain["entities"]] == ["dropout"]


def test_a_hyphenated_modifier_keeps_the_usage_cue(client):
    body = ask(client, "which of the papers we read use zorble-style dropout?")
    assert body["intent"] == "uses" and body["trace"]["intent"]["how"] == "cue"
    assert body["trace"]["unresolved"] == ["zorble-style dropout"]


def test_a_metric_name_with_an_at_sign_is_one_name(client):
    body = ask(client, "what is recall@5?")
    assert body["trace"]["unresolved"] == ["recall@5"]


def test_a_question_mark_then_another_question_is_two_questions(client):
    body = ask(client, "What led to DDQN? Which problem did it fix?")
    assert body["answered_as"] == "lineage" and body["follow_up"]["question"] == "Which problem did it fix?"
    assert body["follow_up"]["answered_as"] == "notes"
    assert {hit["paper_id"] for hit in body["follow_up"]["answer"]["results"]} == {"ddqn"}
    # a name alone before the question mark is no question of its own: one question about it
    assert "follow_up" not in ask(client, "Swin? what came before it")


def test_a_dictionary_word_is_no_slip_of_a_cue_word(client):
    assert load_rules().correct_word("integrated") == "integrated"
    assert load_rules().correct_word("expalin") == "explain"
    body = ask(client, "what is integrated attention?")  # "integrated" read as a slip of "inherited" before
    assert body["trace"]["unresolved"] == ["integrated attention"]


def test_presenters_with_their_meeting_dates_papers_about_a_written_topic_and_a_status(tmp_path, encoder,
                                                                                         logseq_graph):
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\nstatus:: discussed\npresenter:: [[Lee Marsh]]\n\n- quiet singing in pairs\n",
         "Heron": "type:: paper\nyear:: 2021\nstatus:: discussed\n\n- loud calls only\n",
         "Lark": "type:: paper\nyear:: 2022\nstatus:: [[Backlog]]\n\n- maybe in May\n"},
        {"2023_10_18": "- [[Wren]]\n\t- why pairs?\n\t\t- less noise\n"})
    service = served(graph, tmp_path, encoder)
    body = service.ask("Who presented Wren and on which date?")
    assert body["answered_as"] == "presenters" and body["answer"]["discussed_on"] == ["2023-10-18"]
    assert body["text"].startswith("Wren (2020) was presented by Lee Marsh, at the meeting of October 18, 2023")
    topic = service.ask("which of the papers we read are about quiet singing?")
    assert topic["trace"].get("topic") == ["quiet singing"]
    assert [f["paper"]["id"] for f in topic["answer"]["mentioned_in"]["quiet singing"]] == ["wren"]
    assert topic["text"].startswith("Papers whose notes write 'quiet singing': Wren (2020) (")
    # a status the group gives papers, asked by a question no intent takes: its papers lead the answer
    backlog = service.ask("What is left in the backlog for next semester?")
    assert [p["id"] for p in backlog["answer"]["statuses"]["backlog"]] == ["lark"]
    assert backlog["text"].startswith("Papers your notes mark 'backlog': Lark (2022). ")
    # a question for the papers not read yet, in other words than the status: every paper of a to-read status
    lined = service.ask("which papers are lined up for next term?")
    assert {s: [p["id"] for p in found] for s, found in lined["answer"]["statuses"].items()} == {"backlog": ["lark"]}
    assert lined["text"] == "Papers your notes mark 'backlog': Lark (2022)."
    # the usual state (most papers have it) leads nothing
    usual = service.ask("why was the singing never discussed?")
    assert usual["answered_as"] == "search" and "statuses" not in usual["answer"]
    # papers "never presented" are the papers not read yet; a thing never done is not
    never = service.ask("which papers were suggested but never presented?")
    assert [p["id"] for p in never["answer"]["statuses"]["backlog"]] == ["lark"]
    assert "statuses" not in service.ask("why is the singing never done at night?")["answer"]


def test_a_status_that_says_a_paper_was_read_leads_no_question_of_the_papers_we_read(tmp_path, encoder, logseq_graph):
    # a reading-queue row marked "Read" beside pages marked "discussed": "which papers we read ..." asks about
    # every paper read, not the one marked so, however few papers carry that status
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\nstatus:: discussed\n\n- quiet singing in pairs\n",
         "Heron": "type:: paper\nyear:: 2021\nstatus:: discussed\n\n- loud calls only\n",
         "Finch": "type:: paper\nyear:: 2021\nstatus:: Read ✅\n\n- quiet singing at dawn\n",
         "Lark": "type:: paper\nyear:: 2022\nstatus:: [[Backlog]]\n\n- maybe in May\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("which papers we read use quiet singing?")
    assert "statuses" not in body["answer"] and not body["text"].startswith("Papers your notes mark")
    assert service.ask("what is left in the backlog?")["answer"]["statuses"]["backlog"][0]["id"] == "lark"
    # asked for by its status, a read status still answers; "tagged" asks for tags, not for it
    marked = service.ask("which papers are marked read?")["answer"]["statuses"]
    assert [p["id"] for found in marked.values() for p in found] == ["finch"]
    assert "statuses" not in service.ask("which papers we read are tagged singing?")["answer"]


def test_a_question_naming_a_meetings_day_lists_the_papers_of_that_meeting_with_who_presents(tmp_path, encoder,
                                                                                              logseq_graph):
    # a paper's page gives the day it is (to be) read as Logseq links a journal day; the question names that day
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\npresenter:: [[Lee Marsh]]\ndiscussed:: [[Feb 20th, 2025]]\nstatus:: next\n\n"
                 "- questions to bring\n",
         "Heron": "type:: paper\nyear:: 2021\ndiscussed:: [[Feb 13th, 2025]], [[Feb 20th, 2024]]\n\n- loud calls\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What is scheduled for Feb 20, 2025 and who presents it?")
    assert body["answer"]["meeting_papers"] == {"date": "2025-02-20", "papers": ["wren"]}
    assert body["text"].startswith("The meeting of that day in your notes, 2025-02-20: Wren (2020), presented by "
                                   "Lee Marsh (status next).")
    assert "no paper or concept named 'Feb'" not in body["text"] and "Feb" not in body["trace"].get("unresolved", [])
    # a day written without its year: the latest meeting of that day (Heron's second meeting was a year before)
    assert service.ask("What is scheduled for Feb 20?")["answer"]["meeting_papers"]["papers"] == ["wren"]
    assert service.ask("What was scheduled for Feb 20, 2024?")["answer"]["meeting_papers"]["papers"] == ["heron"]


def test_who_after_a_list_is_asked_of_each_paper_listed(client, graph):
    body = ask(client, "list the papers from 2015 and who wrote them?")
    assert body["answered_as"] == "list" and body["follow_up"]["answered_as"] == "authors"
    listed = [p["id"] for p in body["answer"]["papers"]]
    each = body["follow_up"]["answer"]["each"]
    assert listed and [item["node"]["id"] for item in each] == listed
    for item in each:
        assert item["authors"] == [a for a in graph.nodes[item["node"]["id"]].get("authors") or [] if a != "et al."]
        assert f"{item['node']['title']}: " in body["text"].split("\n", 1)[1]
    presented = ask(client, "what papers did we read from 2015 and who presented?")
    assert presented["follow_up"]["answered_as"] == "presenters"
    # a second part that asks something else of the list is not a question of people
    assert ask(client, "list the papers from 2015 and what did they change?").get("follow_up", {}).get(
        "answered_as") != "authors"


def test_papers_the_group_tagged_lead_a_topic_answer_and_a_term_is_quoted_where_it_is_written(tmp_path, encoder):
    export = tmp_path / "notes"
    export.mkdir()
    (export / "Wren.md").write_text(
        "---\ntags: [paper, pair duets]\nyear: 2020\nstatus: discussed\ntrack: marsh\n---\n- why pairs?\n  - less noise\n",
        encoding="utf-8")
    (export / "Heron.md").write_text(
        "---\ntags: [paper]\nyear: 2021\nstatus: discussed\ntrack: marsh\n---\n"
        "- Heron starts from loud calls over open water and keeps the calls short so the flock hears them at dawn; "
        "the new part is the integrated echo sum, the average echo over a whole reed bed rather than one reed.\n",
        encoding="utf-8")
    (export / "Lark.md").write_text("---\ntags: '#Pair-Duets'\nyear: 2022\nstatus: backlog\n---\n- maybe in May\n",
                                    encoding="utf-8")
    service = served(export, tmp_path, encoder)
    assert service.graph.nodes["wren"]["tags"] == ["pair duets"]  # "paper" says what the page is, not its topic
    topic = service.ask("which of the papers are about pair duets?")
    assert [p["id"] for p in topic["answer"]["tagged"]["pair duets"]] == ["wren", "lark"]
    assert topic["text"].startswith("Papers you tagged 'pair duets': Wren (2020), Lark (2022; status backlog). ")
    # a term no node stands for, written late in a long note: the quote is the sentence that writes it
    term = service.ask("what is the integrated echo sum?")
    quoted = term["text"].split("Your notes write 'integrated echo sum' in Heron (2021) ('", 1)[1].split("', ")[0]
    assert quoted == "...the new part is the integrated echo sum, the average echo over a whole reed bed rather than one reed."
    # "the marsh track": the noun beside a line of work's name is part of it, not a topic of the notes
    track = service.ask("what did we read on the marsh track?")
    assert track["answered_as"] == "list" and [p["id"] for p in track["answer"]["papers"]] == ["wren", "heron"]
    side = service.ask("what did the marsh side read?")  # a line of work of the group reads, as "we" do
    assert side["answered_as"] == "list" and [p["id"] for p in side["answer"]["papers"]] == ["wren", "heron"]


def test_a_concept_page_that_says_where_it_comes_from_names_the_paper_that_introduced_it(tmp_path, encoder):
    vault = paper_vault(tmp_path, ["Datasets"], {"Wren": 2019, "Heron": 2020})
    (vault / "Datasets" / "Tidal set.md").write_text("---\ntags: [dataset, concept]\n---\n# Tidal set\n\n"
                                                     "released with [[Wren]]\n- 40 tides, hourly\n", encoding="utf-8")
    (vault / "Datasets" / "Reed bank.md").write_text("---\ntags: [concept]\n---\n# Reed bank\n\n"
                                                     "**Source:** [Heron](../Papers/Heron.md), the second release\n",
                                                     encoding="utf-8")
    (vault / "Datasets" / "Marsh log.md").write_text("---\ntags: [concept]\n---\n# Marsh log\n\n"
                                                     "used by [[Wren]] and [[Heron]]\n", encoding="utf-8")
    service = served(vault, tmp_path, encoder)
    G = service.graph
    introduced = sorted((u, v) for u, v, k in G.edges(keys=True) if k == "introduces")
    assert introduced == [("heron", "reed-bank"), ("wren", "tidal-set")]  # "used by" names no origin
    body = service.ask("Which datasets were introduced by Wren and by Heron?")
    assert [item["node"]["id"] for item in body["answer"]["each"]] == ["wren", "heron"]
    first, second = body["text"].split("\n")
    assert first.startswith("Wren (2019) introduced Tidal set (notes, ") and first.endswith("Tidal set.md:6).")
    assert second.startswith("Heron (2020) introduced Reed bank (notes, ")


def test_a_paper_named_by_what_it_does_a_shared_word_list_and_the_earlier_sides_notes(tmp_path, encoder,
                                                                                        logseq_graph):
    """"the tide-gauge forecasting paper" is the paper whose notes those words are closest to, when most of the
    nearest nodes are its; "Wren and Lark attention" names both, though Wren and Lark also wrote papers; a
    comparison quotes what the earlier paper's notes say of the later one."""
    pages = {
        "Wren attention": ("2014", "Ada Wren", "[[Lee Marsh]]",
                           "- additive scoring of encoder states with a small network\n"
                           "- [[Lark attention]] later calls this the concat score\n"),
        "Lark attention": ("2015", "Bo Lark", "[[Tove Ruiz]]",
                           "- multiplicative scoring: a dot product of decoder and encoder states\n"),
        "Tidal": ("2018", "Cy Heron", "[[Mia Stone]]",
                  "- forecasting tide gauge levels from harbour sensors\n- tide gauge data every ten minutes\n"
                  "- tide gauge forecasting beats the harmonic tables\n- storm surge makes the gauges jump\n"
                  "- sea level forecasts a day ahead\n"),
        "Quillnorm": ("2016", "Di Quill", "[[Lee Marsh]]",
                      "- normalising each layer's inputs by running statistics\n- a smaller learning rate is unneeded\n"),
        "Gullnet": ("2017", "Ed Gull", "[[Tove Ruiz]]", "- gated residual blocks for image classes\n- deeper is better\n"),
    }
    graph = logseq_graph({name: f"type:: paper\nyear:: {year}\nauthors:: {author}\npresenter:: {presenter}\n\n{body}"
                          for name, (year, author, presenter, body) in pages.items()})
    service = served(graph, tmp_path, encoder)
    body = service.ask("Who presented the tide gauge forecasting paper?")
    assert body["answered_as"] == "presenters" and [e["id"] for e in body["entities"]] == ["tidal"]
    assert body["text"].startswith("Taking 'tide gauge forecasting' as Tidal (2018) (")
    assert body["trace"]["described"][0]["paper"] == "tidal"
    vague = service.ask("Who presented the scoring paper?")  # two papers score: no one of them is taken
    assert vague["answered_as"] == "search" and "described" not in vague["trace"]
    several = service.ask("Who presented the tide gauge forecasting papers?")  # a plural asks for several
    assert "described" not in several["trace"]
    both = service.ask("How do Wren and Lark attention differ?")
    assert both["intent"] == "compare" and [e["id"] for e in both["entities"]] == ["wren-attention", "lark-attention"]
    assert [n["id"] for n in both["answer"]["earlier_notes"]] and "concat score" in both["text"]
    assert "What the notes of Wren attention say of Lark attention: " in both["text"]


def test_a_question_naming_a_meeting_day_leads_with_that_meetings_notes(tmp_path, encoder, logseq_graph):
    from ingest.chunks import build_chunks

    graph = logseq_graph(
        {name: f"type:: paper\nyear:: {year}\n\n- notes on {name}\n" for name, year in (("Wren", 2020), ("Heron", 2021))},
        {"2023_10_18": "- [[Wren]]\n\t- room flooded, moved online\n",
         "2023_10_25": "- [[Heron]]\n\t- why loud calls?\n\t\t- mating\n"})
    service = served(graph, tmp_path, encoder)
    note = next(n for n, d in service.graph.nodes(data=True) if d.get("session_date") == "2023-10-18")
    chunk = next(c for c in build_chunks(service.graph) if c["id"] == note and "view" not in c)
    assert chunk["index_text"].endswith("Meeting: 2023_10_18 (Wednesday 18 October 2023)")
    body = service.ask("Why did the 18 October meeting move?")
    assert body["answered_as"] == "search" and [n["id"] for n in body["answer"]["meeting_notes"]] == [note]
    assert body["text"].startswith("Notes of the meeting of 2023-10-18 (2023_10_18): Wren: ")
    other = service.ask("Why did the 19 October meeting move?")  # no meeting that day: the search answer alone
    assert "meeting_notes" not in other["answer"]


def test_a_question_for_several_papers_answered_by_search_lists_each_paper_once(tmp_path, encoder):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "notes.md").write_text(
        "## Wren - 2016\n1. Main idea\n- a tracker that updates its target model online during the video\n"
        "2. Speed\n- online update every ten frames, online learning of the filter\n"
        "3. Online update cost\n- the online update is the slow part, updated target model each time\n\n"
        "## Heron - 2019\n1. Main idea\n- meta-learns the online update of the target model\n\n"
        "## Lark - 2018\n1. Main idea\n- a harbour wave forecaster with a fixed template\n", encoding="utf-8")
    service = served(notes, tmp_path, encoder)
    body = service.ask("Which of the trackers we read update the target model online?")
    assert body["answered_as"] == "search" and body["trace"].get("listed_by_paper") is True
    assert "Papers whose notes match best: " in body["text"]
    assert "Wren (2016)" in body["text"] and "Heron (2019)" in body["text"]
    assert body["text"].count("Wren (2016)") == 1


def test_a_paper_whose_best_note_ranks_below_another_papers_five_is_still_listed(tmp_path, encoder):
    # Wren's six notes on online updates fill the search's top five; Heron's one note comes after them, and a
    # question for several papers lists it all the same (the top `several_papers_depth` notes, not the top 5)
    notes = tmp_path / "notes"
    notes.mkdir()
    wren = "".join(f"{i}. Online update {i}\n- the tracker updates its target model online, step {i}\n"
                   for i in range(1, 7))
    (notes / "notes.md").write_text(
        f"## Wren - 2016\n{wren}\n## Heron - 2019\n1. Main idea\n- a harbour forecaster; its model is refreshed "
        "as new tides come in\n\n## Lark - 2018\n1. Main idea\n- a fixed template for wave shapes\n", encoding="utf-8")
    service = served(notes, tmp_path, encoder)
    body = service.ask("Which of the papers we read update their model online?")
    assert body["trace"].get("listed_by_paper") is True
    ranked = [r["paper_id"] for r in body["answer"]["results"]]
    assert ranked[:5] == ["wren"] * 5 and "heron" in ranked  # Heron's note is below Wren's five
    assert "Wren (2016)" in body["text"] and "Heron (2019)" in body["text"], body["text"]


def test_a_question_for_the_next_session_is_led_by_the_latest_meeting_with_its_presenter(tmp_path, encoder):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Papers").mkdir()
    (vault / "Meetings").mkdir()
    (vault / "Papers" / "Heron.md").write_text("---\nyear: 2016\ntype: paper\npresenter: Ada Vale\n---\n"
                                               "- deep tidal stacks\n", encoding="utf-8")
    (vault / "Papers" / "Wren.md").write_text("---\nyear: 2018\ntype: paper\npresenter: Mo Quill\nstatus: scheduled\n"
                                              "---\n- wider blocks, to prepare\n", encoding="utf-8")
    (vault / "Meetings" / "2024-02-15 Heron.md").write_text("---\ntype: meeting\n---\n## [[Heron]]\n- why stacks?\n",
                                                            encoding="utf-8")
    (vault / "Meetings" / "2024-03-07 Wren.md").write_text("---\ntype: meeting\n---\n## [[Wren]]\n- (to fill in)\n",
                                                           encoding="utf-8")
    service = served(vault, tmp_path, encoder)
    body = service.ask("What is the next session and who presents it?")
    assert body["answered_as"] == "search"
    assert body["text"].startswith("The latest meeting in your notes, 2024-03-07: Wren (2018), presented by Mo Quill")
    assert body["answer"]["latest_meeting"] == {"date": "2024-03-07", "papers": ["wren"]}


def test_how_two_papers_relate_quotes_what_each_ones_notes_say_of_the_other(tmp_path, encoder, logseq_graph):
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\n\n- quiet singing in pairs\n",
         "Heron": "type:: paper\nyear:: 2021\n\n- vs [[Wren]]\n\t- a tide gate decides who sings\n- long legs\n"})
    body = served(graph, tmp_path, encoder).ask("How does Heron relate to Wren?")
    assert body["answered_as"] == "path"
    assert [(n["id"], n["named"]) for n in body["answer"]["notes_naming"]] == [("heron/q1", "wren")]
    assert "What the notes of Heron say of Wren: vs Wren - a tide gate decides who sings (heron/q1, " in body["text"]


def test_a_second_question_about_the_first_ones_paper_asks_its_lineage(tmp_path, encoder, logseq_graph):
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\n\n- quiet singing in pairs\n",
         "Heron": "type:: paper\nyear:: 2021\nbuilds-on:: [[Wren]]\n\n- a tide gate decides who sings\n"})
    body = served(graph, tmp_path, encoder).ask("What does Heron sing and what does it borrow from?")
    assert body["follow_up"]["answered_as"] == "lineage"
    assert "What led to Heron (2021): Wren (2020) → Heron (2021)." in body["text"]


def test_the_papers_of_a_line_the_group_names_by_a_page_too_in_the_order_read(tmp_path, encoder, logseq_graph):
    graph = logseq_graph(
        {"Heron": "type:: paper\nyear:: 2021\nline:: [[Tidal Models]]\n\n- a tide gate decides who sings\n",
         "Wren": "type:: paper\nyear:: 2020\nline:: [[Tidal Models]]\n\n- quiet singing in pairs\n",
         "Kite": "type:: paper\nyear:: 2019\nline:: [[Gliding]]\n\n- long glides\n",
         "Tidal Models": "type:: concept\n\n- models of the tide, our first line\n"},
        {"2024_01_10": "- [[Heron]]\n\t- why a gate?\n", "2024_01_17": "- [[Wren]]\n\t- why pairs?\n",
         "2024_01_24": "- [[Kite]]\n\t- why glide?\n"})
    body = served(graph, tmp_path, encoder).ask("Which papers did we read on the tidal models track, in order?")
    assert body["answered_as"] == "list"
    assert body["text"].startswith("Papers of track Tidal Models in your notes in the order you read them: "
                                   "Heron (2021) and Wren (2020)")


def test_an_idea_named_right_before_a_papers_name_describes_the_paper_asked_about(tmp_path, encoder, logseq_graph):
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\n\n- quiet singing in pairs\n",
         "Heron": "type:: paper\nyear:: 2021\nalias:: HRN\nbuilds-on:: [[Wren]]\n\n"
                  "- a [[tide gate]] decides who sings\n",
         "tide gate": "type:: concept\n\n- a gate that opens with the tide\n"})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What led to the tide gate (HRN) paper?")
    assert body["answered_as"] == "lineage" and "Wren (2020) → Heron (2021)" in body["text"]
    assert service.ask("What led to the tide gate?")["answered_as"] == "introduced"  # the idea alone: its origin


def test_the_papers_an_ideas_own_page_links_to_answer_which_papers_use_it(tmp_path, encoder):
    vault = tmp_path / "vault"
    for folder in (".obsidian", "Papers", "Concepts"):
        (vault / folder).mkdir(parents=True)
    for name, year, line in (("Wren", 2019, "tide gauges, 40 stations"), ("Heron", 2020, "the gauge loss again"),
                             ("Osprey", 2021, "no gauges, a marsh prior")):
        (vault / "Papers" / f"{name}.md").write_text(f"---\ntype: paper\nyear: {year}\n---\n- {line}\n",
                                                    encoding="utf-8")
    (vault / "Concepts" / "Gauge loss.md").write_text(
        "---\ntags: [concept]\n---\n# Gauge loss\n\nsquared error against the nearest tide gauge\n"
        "- trained with it: [[Wren]], [[Heron]]\n- unlike [[Osprey]], which uses a marsh prior\n", encoding="utf-8")
    service = served(vault, tmp_path, encoder)
    assert [p["id"] for p in service.graph.nodes["gauge-loss"]["page_papers"]] == ["wren", "heron"]
    body = service.ask("Which of the papers we read use gauge loss?")
    assert body["intent"] == "uses"
    assert [(p["id"], p["via"]) for p in body["answer"]["papers"]] == [("wren", "page"), ("heron", "page")]
    assert body["text"].startswith("Papers your page on Gauge loss links to: Wren (2019) (")
    assert "Gauge loss.md:7: '- trained with it: Wren, Heron'" in body["text"]
    assert "wren" in body["trace"]["nodes"] and "osprey" not in body["trace"]["nodes"]


def test_a_meeting_page_naming_no_paper_answers_a_question_about_that_days_meeting(tmp_path, encoder):
    vault = paper_vault(tmp_path, ["Meetings"], {"Wren": 2019, "Heron": 2020})
    (vault / "Meetings" / "2024-03-07.md").write_text("---\ndate: 2024-03-07\n---\n- [[Wren]]\n  - why tides?\n",
                                                      encoding="utf-8")
    (vault / "Meetings" / "2024-03-14.md").write_text("---\ndate: 2024-03-14\n---\n# Meeting 2024-03-14\n\n"
                                                      "no meeting, the room was taken by exams\n", encoding="utf-8")
    service = served(vault, tmp_path, encoder)
    assert [(m["date"], m["text"], m["line"]) for m in service.graph.graph["meeting_lines"]] == [
        ("2024-03-14", "no meeting, the room was taken by exams", 6)]
    assert not any(d.get("type") == "note" and "exams" in " ".join(d.get("answers", ()))
                   for _, d in service.graph.nodes(data=True))  # a line of the meeting, no paper's note
    body = service.ask("Why was there no meeting on 14 March?")
    assert body["answer"]["meeting_notes"][0]["answers"] == ["no meeting, the room was taken by exams"]
    assert body["text"].startswith("Notes of the meeting of 2024-03-14 (2024-03-14): no meeting, the room was "
                                   "taken by exams (")
    [line] = body["trace"]["lines"]  # quoted, so declared: a line of the meeting's page, no note
    assert line["file"].endswith("Meetings/2024-03-14.md") and line["line"] == 6 and line["text"].startswith("no meeting")
    assert "meeting_notes" not in service.ask("Why was there no meeting on 21 March?")["answer"]
    # no day named: the meeting lines that write a word of the question, with their days
    body = service.ask("Which meeting did we skip because of exams?")
    assert [(m["date"], m["line"]) for m in body["answer"]["meeting_lines"]] == [("2024-03-14", 6)]
    assert body["text"].startswith("Your meeting pages say: 2024-03-14: no meeting, the room was taken by exams (")
    assert "meeting_lines" not in service.ask("Which meeting was cancelled because of tides?")["answer"]  # no line
    assert "meeting_lines" not in service.ask("What do exams do to the tides?")["answer"]  # no meeting asked of
    assert "meeting_lines" not in service.ask("Which session covered exams?")["answer"]  # a paper asked for
    assert "meeting_lines" not in service.ask("What is session-based exam skipping?")["answer"]  # no meeting


def test_a_meeting_line_that_speaks_of_tomorrow_answers_for_the_next_days_meeting(tmp_path, encoder):
    vault = paper_vault(tmp_path, ["Daily"], {"Wren": 2019, "Heron": 2020})
    (vault / "Daily" / "2024-12-31.md").write_text("---\ndate: 2024-12-31\n---\n- [x] call off tomorrow's meeting "
                                                    "(flood warning)\n- print the gauge plots\n", encoding="utf-8")
    service = served(vault, tmp_path, encoder)
    lines = {m["text"]: m.get("about") for m in service.graph.graph["meeting_lines"]}
    assert lines == {"[x] call off tomorrow's meeting (flood warning)": "2025-01-01", "print the gauge plots": None}
    body = service.ask("Why was the meeting on 1 January 2025 called off?")  # the day the line speaks of
    assert [m["answers"] for m in body["answer"]["meeting_notes"]] == [["[x] call off tomorrow's meeting (flood "
                                                                        "warning)"]]
    assert body["text"].startswith("Notes of the meeting of 2025-01-01 (2024-12-31): [x] call off tomorrow's")
    body = service.ask("What did the meeting of 31 December 2024 decide?")  # its own page's day still has it
    assert len(body["answer"]["meeting_notes"]) == 2
    body = service.ask("Which meeting was called off because of the flood?")  # no day named: the day it speaks of
    assert body["text"].startswith("Your meeting pages say: 2025-01-01, written 2024-12-31: [x] call off tomorrow's")
    (vault / "Daily" / "2025-01-01.md").write_text("---\ndate: 2025-01-01\n---\n- [[Heron]] was planned\n"
                                                    "  - why two tails\n", encoding="utf-8")
    service = served(vault, tmp_path / "again", encoder)  # that day has a page with notes: the reason still leads
    body = service.ask("Why was the meeting on 1 January 2025 called off?")
    assert [m["answers"][0] for m in body["answer"]["meeting_notes"]][0] == "[x] call off tomorrow's meeting (flood " \
                                                                             "warning)"
    assert any(m.get("paper_name") == "Heron" for m in body["answer"]["meeting_notes"])


def test_a_paper_named_by_the_words_of_its_title_is_that_paper_where_its_notes_are_like_anothers(tmp_path, encoder):
    """"the self-attentive gauge paper": both papers' notes are about gauges and attention, so the nearest nodes
    are split between them; the words are those of one paper's title only."""
    vault = tmp_path / "vault"
    for folder in (".obsidian", "Papers"):
        (vault / folder).mkdir(parents=True)
    for name, title, presenter in (("SAG", "Self-Attentive Gauge Models", "Ada"),
                                   ("TGT", "Tidal Gauge Transformer", "Lee")):
        (vault / "Papers" / f"{name}.md").write_text(
            f"---\ntype: paper\nyear: 2020\ntitle: {title}\npresenter: {presenter}\n---\n"
            "- self-attention over gauge readings, like the other gauge paper\n- gauge attention maps\n",
            encoding="utf-8")
    service = served(vault, tmp_path, encoder)
    body = service.ask("Who presented the self-attentive gauge paper?")
    assert [e["id"] for e in body["entities"]] == ["sag"] and body["answered_as"] == "presenters"
    assert body["trace"]["described"] == [{"text": "self-attentive gauge", "paper": "sag", "by": "title words"}]
    assert "was presented by Ada" in body["text"]
    singular = service.ask("Who presented the self-attentive gauge model paper?")  # "Models" in the title
    assert [e["id"] for e in singular["entities"]] == ["sag"]
    # no title holds both words, and the two papers' notes are alike: neither is taken
    assert "described" not in service.ask("Who presented the gauge attention paper?")["trace"]


def test_a_month_and_a_topic_list_that_months_papers_the_closest_to_the_topic_first(tmp_path, encoder, logseq_graph):
    graph = logseq_graph(
        {name: f"type:: paper\nyear:: {year}\n\n- {body}\n" for name, year, body in (
            ("Wren", 2019, "sea level forecasting from tide gauges"),
            ("Heron", 2020, "image classification with wide residual blocks"),
            ("Lark", 2021, "tide gauge forecasting a day ahead with storm surge"),
            ("Osprey", 2021, "tide forecasts again, read in spring"))},
        {"2024_11_07": "- [[Heron]]\n\t- why wide blocks?\n", "2024_11_14": "- [[Wren]]\n\t- gauges drift\n",
         "2024_11_21": "- [[Lark]]\n\t- surge model\n", "2024_04_04": "- [[Osprey]]\n\t- spring tides\n"})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What did we read on tide forecasting in November 2024?")
    assert body["intent"] == "list" and body["answer"]["topic"] == "tide forecasting"
    ordered = [p["id"] for p in body["answer"]["papers"]]
    assert sorted(ordered) == ["heron", "lark", "wren"] and ordered[-1] == "heron"  # November's only, tides first
    assert body["text"].endswith("(The closest to 'tide forecasting' first, by their notes.)")
    plain = service.ask("What did we read in November 2024?")
    assert "topic" not in plain["answer"] and len(plain["answer"]["papers"]) == 3


def test_a_lineage_question_with_other_words_quotes_the_papers_note_on_them_where_no_note_names_its_predecessor(
        tmp_path, encoder, logseq_graph):
    graph = logseq_graph({
        "Wren": "type:: paper\nyear:: 2017\n\n- tide gauge forecasting with a recurrent net\n",
        "Heron": "type:: paper\nyear:: 2019\nbuilds-on:: [[Wren]]\n\n- challenge\n\t- 40 harbours, weak labels\n"
                 "- baseline\n\t- the recurrent forecaster plus a teacher copy of its weights\n"
                 "- baseline result\n\t- 23% error, low\n"})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What is the Heron baseline based on?")
    assert body["intent"] == "lineage" and [a["id"] for a in body["answer"]["ancestors"]] == ["wren"]
    assert body["answer"]["note"]["answers"] == ["the recurrent forecaster plus a teacher copy of its weights"]
    assert "On 'baseline', the notes of Heron (2019) say: baseline - the recurrent forecaster plus" in body["text"]
    assert body["answer"]["term"] == "baseline"
    assert "note" not in service.ask("What led to Heron?")["answer"]  # nothing else asked: the lineage alone
    assert "note" not in service.ask("What led to Heron, roughly?")["answer"]  # no note is headed by the word


def test_how_a_paper_relates_to_an_idea_quotes_the_papers_note_where_it_writes_the_idea(tmp_path, encoder):
    vault = tmp_path / "vault"
    for folder in (".obsidian", "Papers", "Concepts"):
        (vault / folder).mkdir(parents=True)
    (vault / "Papers" / "Wren.md").write_text("---\ntype: paper\nyear: 2016\n---\n- tidal gating of the encoder\n",
                                              encoding="utf-8")
    (vault / "Papers" / "Heron.md").write_text(
        "---\ntype: paper\nyear: 2018\n---\n## Discussion\n- what is it\n  - a faster tide model\n"
        "- Shore gating\n  - same gate as [[Wren]], the shore side from the Lark paper\n  - cheaper\n"
        "- results\n  - 3x faster\n  - we liked it\n", encoding="utf-8")
    (vault / "Concepts" / "Gating.md").write_text("---\ntags: [concept]\n---\n# Gating\n\na learned gate on a "
                                                  "signal\n", encoding="utf-8")
    service = served(vault, tmp_path, encoder)
    body = service.ask("Where does Heron's shore gating come from?")
    assert body["intent"] == "path" and [e["type"] for e in body["entities"]] == ["paper", "concept"]
    assert "What the notes of Heron (2018) say of shore gating: " in body["text"]
    quoted = body["text"].split("say of shore gating: ", 1)[1]
    assert quoted.startswith("Shore gating - same gate as Wren, the shore side from the Lark paper / cheaper (heron/q")
    assert "3x faster" not in quoted and "a faster tide model" not in quoted  # the note on it, not the others


def test_a_question_naming_a_month_lists_that_months_meetings_with_who_presents(tmp_path, encoder, logseq_graph):
    # "scheduled for February": the month's meetings of the latest year that has one, each with its papers; the
    # month is no name the graph lacks
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\npresenter:: [[Lee Marsh]]\ndiscussed:: [[Feb 20th, 2025]]\nstatus:: next\n\n"
                 "- questions to bring\n",
         "Heron": "type:: paper\nyear:: 2021\ndiscussed:: [[Feb 13th, 2025]], [[Feb 20th, 2024]]\n\n- loud calls\n",
         "Lark": "type:: paper\nyear:: 2022\ndiscussed:: [[Mar 6th, 2025]]\n\n- dawn songs\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What is scheduled for February and who presents it?")
    assert body["answer"]["month_meetings"] == [{"date": "2025-02-13", "papers": ["heron"]},
                                                {"date": "2025-02-20", "papers": ["wren"]}]
    assert body["text"].startswith("A meeting of that month in your notes, 2025-02-13: Heron (2021). A meeting of that "
                                   "month in your notes, 2025-02-20: Wren (2020), presented by Lee Marsh (status next).")
    assert "February" not in body["trace"].get("unresolved", [])
    assert service.ask("What was scheduled for February 2024?")["answer"]["month_meetings"] == [
        {"date": "2024-02-20", "papers": ["heron"]}]
    assert "month_meetings" not in service.ask("What is scheduled for April?")["answer"]  # no meeting that month
    # a month said beside a topic asks about the topic; a name in capitals ("MAR") is no month
    assert "month_meetings" not in service.ask("What did we say about loud calls in February?")["answer"]
    assert "month_meetings" not in service.ask("What is the loss used for MAR?")["answer"]


def test_a_papers_name_hyphened_to_a_term_the_notes_write_whole_is_that_term(tmp_path, encoder, logseq_graph):
    # "Wren-blind pairs" is a term of Heron's notes, not a part of Wren's notes about pairs; "the Wren dataset" is
    # Wren's own
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\n\n- 2. dataset\n\t- 400M pairs of songs from the web\n"
                 "- favourite of the semester, everyone's favourite\n",
         "Heron": "type:: paper\nyear:: 2021\n\n- Wren-blind pairs\n\t- two calls Wren scores alike that people tell "
                  "apart\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What is a Wren-blind pair?")
    assert body["text"].startswith("Your notes write 'Wren-blind pair' in Heron (2021)"), body["text"]
    assert [m["paper"]["id"] for m in body["answer"]["mentioned_in"]["Wren-blind pair"]] == ["heron"]
    assert service.ask("What is the Wren dataset?")["text"].startswith("'dataset' in Wren (2020)")
    # a paper the closest notes give to an unknown word is no name the question wrote: no "Wren-..." term to look
    # for (it raised StopIteration)
    body = service.ask("What was the group's favourite paper of the semester?")
    assert body["text"].startswith("Taking 'favourite' as Wren (2020)"), body["text"]


def test_so_far_is_when_not_a_topic_and_far_alone_stays_a_term(tmp_path, encoder):
    # "so far" says when; "FAR" (a false accept rate) is a term of the notes: the papers whose notes write it
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "notes.md").write_text(
        "## Wren - 2016\n1. Results\n- TAR 0.93 at FAR 1e-4 on the harbour faces\n\n"
        "## Heron - 2018\n1. Main idea\n- faces far from the camera, low light\n", encoding="utf-8")
    service = served(notes, tmp_path, encoder)
    body = service.ask("Which papers have we discussed so far?")
    assert "write 'far'" not in body["text"] and "far" not in [t.lower() for t in body["trace"].get("topic", [])]
    text = service.ask("What is FAR?")["text"]
    assert "Your notes write 'FAR' in Wren (2016)" in text, text


def test_what_the_group_read_next_after_a_paper_is_the_next_meeting_not_its_lineage(tmp_path, encoder, logseq_graph):
    # days as Logseq links them; Heron was begun the day Wren was read and carried on later, so it comes after
    # Wren; Lark is of another line of work (its track), Finch of Wren's
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\ntrack:: birdsong\ndiscussed:: [[Feb 6th, 2025]]\n\n- quiet singing\n",
         "Heron": "type:: paper\nyear:: 2021\ntrack:: wading\npresenter:: [[Lee Marsh]]\n"
                  "discussed:: [[Feb 6th, 2025]], [[Feb 13th, 2025]]\n\n- loud calls\n",
         "Finch": "type:: paper\nyear:: 2021\ntrack:: birdsong\ndiscussed:: [[Feb 27th, 2025]]\nstatus:: next\n\n"
                  "- dawn chorus\n",
         "Lark": "type:: paper\nyear:: 2022\ntrack:: wading\ndiscussed:: [[Feb 20th, 2025]]\n\n- reeds\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What paper is next on the schedule after Wren?")
    assert body["answered_as"] == "reading_order"
    assert [p["id"] for p in body["answer"]["nearest"]] == ["heron"]
    assert [p["id"] for p in body["answer"]["on_line"]] == ["finch"]
    assert body["text"].startswith("Right after Wren (2020), met February 6, 2025, the group took up Heron (2021) "
                                   "(February 13, 2025, presented by Lee Marsh)")
    assert [p["id"] for p in service.ask("What did we read right before Lark?")["answer"]["nearest"]] == ["heron"]
    # each paper of a list asked for its own
    each = service.ask("what did we read right after Wren and Lark?")["answer"]["each"]
    assert [[p["id"] for p in item["answer"]["nearest"]] for item in each] == [["heron"], ["finch"]]
    # without a word of the group's reading, "after" asks for what a paper led to; a plan is no past reading
    assert service.ask("what came after Wren?")["answered_as"] == "descendants"
    assert service.ask("What is the next paper in the lineage after Wren?")["answered_as"] != "reading_order"
    assert service.ask("what should we read before Lark?")["answered_as"] == "prerequisites"


def test_who_presented_a_paper_described_with_an_ideas_name_asks_for_its_presenter(tmp_path, encoder, logseq_graph):
    # "attention" is an idea of the catalog; inside the paper's description it is a word of that description
    graph = logseq_graph(
        {"Attention-based Reed Layer for Marsh Song Detection":
            "type:: paper\nyear:: 2021\npresenter:: [[Lee Marsh]]\n\n- reeds gate the song\n",
         "Heron": "type:: paper\nyear:: 2022\n\n- loud calls, attention over reeds\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("Who presented the attention-based reed layer paper?")
    assert body["answered_as"] == "presenters"
    assert "was presented by Lee Marsh" in body["text"]


def test_a_term_asked_of_a_paper_is_quoted_where_a_long_note_writes_a_longer_form_of_it(tmp_path, encoder,
                                                                                        logseq_graph):
    # a Logseq page's section is one note; the question says "leak", the note "leakage", lines further down
    graph = logseq_graph(
        {"Wren": "type:: paper\nyear:: 2020\n\n- Lee's main baseline\n- ## Discussion\n\t- nests in pairs\n"
                 "\t- songs at dawn\n\t- data leakage issue !!\n\t- the last step reads the next song\n"
                 "\t- rerun with the fix: worse by a third\n\t- later: bigger nests\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What was the data leak problem in Wren?")
    assert body["answered_as"] == "definition" and body["answer"]["note"]["question"] == "## Discussion"
    assert "data leakage issue !! / the last step reads the next song" in body["text"]
    assert "nests in pairs" not in body["text"]


def _notes_folder(tmp_path, text: str):
    """A folder ``tmp_path/notes`` holding one notes file with ``text``."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "notes.md").write_text(text, encoding="utf-8")
    return notes


def test_what_made_us_read_a_paper_quotes_where_the_notes_pointed_to_it_before(tmp_path, encoder):
    notes = _notes_folder(
        tmp_path,
        "## Discussion 1 Wren - 2019\n1. What is this paper try to convey ?\n- tidal gates from buoys\n"
        "2. What is Tidemark ?\n- nobody knew exactly -> read Tidemark next week\n3. Results\n- 3 cm error, "
        "Tidemark 0.6 on buoys\n\n"
        "## Discussion 2 Tidemark metric - 2020\n1. What is this paper try to convey ?\n"
        "- Tidemark scores a gate by height and timing together\n2. Tidemark\n- geometric mean of the two parts\n\n"
        "## Discussion 3 Heron - 2021\n1. What is this paper try to convey ?\n- gates from radar, Tidemark 0.7\n")
    service = served(notes, tmp_path, encoder)
    assert service.graph.nodes["tidemark"]["type"] == "concept"
    body = service.ask("What made us read the Tidemark paper?")  # the term's paper, and where the notes led to it
    assert body["intent"] == "lineage" and body["trace"]["described"][0]["paper"] == "tidemark-metric"
    # Wren's note that asked what the term is; not the later one that only uses it ("Tidemark 0.6 on buoys")
    assert [n["id"] for n in body["answer"]["pointed_before"]] == ["wren/q2"]
    assert "Before Tidemark metric was read, your notes pointed to it: Wren (2019): What is Tidemark ? - nobody " \
           "knew exactly -> read Tidemark next week (wren/q2" in body["text"]
    assert "wren/q2" in [n["id"] for n in body["trace"]["notes"]]
    body = service.ask("Why did we read Heron?")  # named by no earlier paper: the lineage answer alone
    assert body["intent"] == "lineage" and body["answer"]["pointed_before"] == []
    assert "pointed_before" not in service.ask("What led to Heron?")["answer"]  # a lineage question, not a motive
    assert "pointed_before" not in service.ask("Why did we read Heron after Wren?")["answer"]  # the order asked
    body = service.ask("What motivated us to read the Tidemark paper instead of Heron?")
    assert "pointed_before" not in body["answer"]  # the order, by whatever cue it reaches lineage
    body = service.ask("Why did we read Tidemark?")  # the term, in a question of the reason to read: its paper
    assert body["trace"]["described"][0] == {"text": "Tidemark", "paper": "tidemark-metric", "by": "named for"}
    assert [n["id"] for n in body["answer"]["pointed_before"]] == ["wren/q2"]
    body = service.ask("What is the Tidemark method?")  # the term before another noun: the idea, not the paper
    assert "described" not in body["trace"]


def test_a_term_asked_of_an_idea_is_answered_by_the_note_that_explains_it_then_the_idea(tmp_path, encoder,
                                                                                         logseq_graph):
    # "selectivity" names no node; asked of the idea "tidal probing", the note headed by it (its number aside) says
    # what it is, before the idea's own definition
    graph = logseq_graph(
        {"tidal probing": "type:: concept\n\n- train a small classifier on frozen wren features to read a property\n",
         "Wren": "type:: paper\nyear:: 2019\n\n- 1. What is this paper try to convey ?\n"
                 "\t- [[tidal probing]] needs a control before anyone trusts it\n"
                 "- 3. selectivity\n\t- tidal task acc minus control task acc\n",
         "Heron": "type:: paper\nyear:: 2020\n\n- 1. What is this paper try to convey ?\n"
                  "\t- no classifier, zero-shot [[tidal probing]]: no selectivity problem here\n",
         "Osprey": "type:: paper\nyear:: 2018\n\n- 1. main idea\n\t- ospreys dive for fish\n"
                   "- 2. selectivity\n\t- which fish they take\n"}, {})
    service = served(graph, tmp_path, encoder)
    body = service.ask("What is selectivity in tidal probing?")
    assert body["text"].startswith("Your notes on tidal probing write 'selectivity' in Wren (2019) "
                                   "('3. selectivity: tidal task acc minus control task acc'"), body["text"]
    assert [m["paper"]["id"] for m in body["answer"]["mentioned_in"]["selectivity"]] == ["wren", "heron"]
    assert "train a small classifier" in body["text"]  # the idea's definition follows
    assert not service.ask("What is tidal probing?")["text"].startswith("Your notes on")
    # a paper that does not discuss the idea is not asked (Osprey's "selectivity"), nor are filler words
    assert not service.ask("What is the main idea of tidal probing?")["text"].startswith("Your notes on")


def test_a_question_asked_of_one_paper_leads_with_its_note_that_writes_what_is_asked(tmp_path, encoder):
    # a Notion page named by the paper's full title, which holds the very words asked: the search ranks the notes
    # by the title too, its shortest notes first; the note that says how ("labels only ... never compared
    # directly") leads only when the words asked, written besides the paper's names, count
    root = tmp_path / "export" / "Club 0123456789abcdef0123456789abcdef"
    (root / "Papers").mkdir(parents=True)
    title = "QuietWren: learning contrast-invariant song registration without recorded songs"
    (root / "Papers 1111222233334444aaaabbbbccccdddd.csv").write_text(
        f"Name,Year\n\"{title}\",2019\nHeron,2020\n", encoding="utf-8")
    (root / "Papers" / "QuietWren learning contrast-invariant song registration without recorded songs "
                       "0123456789abcdef0123456789abcde1.md").write_text(
        f"# {title}\n\nYear: 2019\n\n## Discussion\n\n1. next\n    - ??? propose one before Mar 7\n"
        "2. loss\n    - on labels only, soft Dice between warped labels; songs never compared directly → "
        "contrast-invariant\n    - smoothness on the field as usual\n3. wrap\n    - end of the block\n"
        "4. who uses it\n    - Kenji runs it on his own recordings\n", encoding="utf-8")
    (root / "Papers" / "Heron 0123456789abcdef0123456789abcde2.md").write_text(
        "# Heron\n\nYear: 2020\n\n- wading birds wait for fish\n", encoding="utf-8")
    service = served(tmp_path / "export", tmp_path, encoder)
    body = service.ask("How does QuietWren become contrast-invariant?")
    assert body["text"].startswith("Best match:") and "labels only" in body["text"].split("Also close")[0], body["text"]
    assert body["answer"]["results"][0]["id"] in {n["id"] for n in body["trace"]["notes"]}  # declared as used
