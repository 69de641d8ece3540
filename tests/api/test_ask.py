"""`ask` through the real Service, app and CLI on the bundled snapshot: names found inside questions,
intents by cue and by nearest example, the new intents, definitions from the notes, never a 404."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from api.ask import compare, concept_definition, link_question, users_of
from api.ask_quality import load_questions, score_questions
from api.intents import IntentRules, load_rules
from tests.conftest import run_kg

ROOT = Path(__file__).resolve().parents[2]
TUNING = ROOT / "bench" / "eval" / "ask-tuning.yaml"


def ask(client, question: str) -> dict:
    response = client.get("/api/v1/ask", query_string={"q": question})
    assert response.status_code == 200, (question, response.get_json())
    return response.get_json()


# --- the labelled tuning questions (written by someone who had not read the router) -----------------
def test_tuning_questions_intent_and_entities_at_least_95_percent(service):
    questions = load_questions(TUNING)
    assert len(questions) >= 60
    score = score_questions(service, questions)
    assert score.rate(score.intent_right) >= 0.95, score.misses
    assert score.rate(score.entities_right) >= 0.95, score.misses
    assert score.rate(score.both_right) >= 0.95, score.misses


def test_question_files_name_only_nodes_of_the_graph(graph):
    for item in load_questions(TUNING) + load_questions(ROOT / "bench" / "eval" / "ask-dev.yaml"):
        assert all(e in graph for e in item.entities), item


def test_a_malformed_question_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {q: what led to Swin}\n")
    with pytest.raises(ValueError, match=r"bad\.yaml: entry 1"):
        load_questions(bad)


# --- names inside the question ------------------------------------------------------------------------
@pytest.mark.parametrize("question, ids", [
    ("what did the original GAN lead to", ["gan"]),
    ("What do I need to know before reading YOLACT?", ["yolact"]),
    ("compare VAE's decoder and the GANs", ["vae", "gan"]),          # possessive, plural, order asked
    ("is the DenseNet paper deeper than ResNet-50", ["densenet", "resnet"]),  # filler, alias
    ("what came before the swim transformer", ["swin-transformer"]),  # typo of a long name
    ("what did resnt inspire", ["resnet"]),                           # typo of a short name
    ("which detectors make use of anchor boxes", ["anchor-box"]),     # the kind asked for, not a name
    ("what papers use ResNet as a backbone", ["resnet"]),             # the role, not a second name
    ("did GoogLeNet beat VGG on ImageNet", ["googlenet", "vgg"]),      # an English word is not a slip of BERT
])
def test_names_are_found_inside_the_question_in_the_order_asked(graph, question, ids):
    linked = link_question(graph, question)
    assert [n.id for n in linked.names] == ids
    for name in linked.names:
        assert question[name.start:name.end] == name.text


def test_two_names_side_by_side_that_read_as_one_name_with_a_slip_are_that_name():
    G = nx.MultiDiGraph()
    G.add_node("kestrel-sampler", type="paper", name="Kestrel Sampler", aliases=["Kestrel"], year=2021)
    G.add_node("sampler", type="concept", name="sampler", aliases=[])
    G.add_node("gibbs", type="paper", name="Gibbs", aliases=[], year=1984)
    assert [(n.id, n.text) for n in link_question(G, "what came before the kestrel smapler").names] == \
        [("kestrel-sampler", "kestrel smapler")]
    # two names that do not make one stay two
    assert [n.id for n in link_question(G, "kestrel versus gibbs sampler").names] == ["kestrel-sampler", "gibbs",
                                                                                    "sampler"]


def test_a_slip_the_notes_themselves_write_still_names_what_it_is_a_slip_of():
    # the bundled notes write "Adagard" once: a question written the same way means Adagrad. (A word the notes write
    # is not their own term for that reason alone: "coevolution" is written once too, and only a dictionary tells
    # the two apart; measured in docs/ask.md.)
    G = nx.MultiDiGraph()
    G.add_node("quillation", type="concept", name="quillation", aliases=[])
    G.add_node("wren/q1", type="note", paper_id="wren", question="optimizer", answers=["quilation with momentum"])
    assert [n.id for n in link_question(G, "what is quilation?").names] == ["quillation"]


def test_a_two_letter_name_in_capitals_is_not_the_english_word_written_in_lower_case():
    G = nx.MultiDiGraph()
    G.add_node("instance-tides", type="concept", name="instance tides", aliases=["IN"])
    G.add_node("attention-transfer", type="paper", name="Attention Transfer", aliases=["AT"], year=2017)
    assert link_question(G, "what did we read in March 2024 at the workshop?").names == ()
    assert [n.id for n in link_question(G, "what is IN and who wrote AT?").names] == ["instance-tides",
                                                                                     "attention-transfer"]


def test_a_name_ending_in_plus_signs_is_read_whole_in_a_question():
    G = nx.MultiDiGraph()
    G.add_node("heron", type="paper", name="Heron", aliases=[], year=2017)
    G.add_node("heron-plusplus", type="paper", name="Heron++", aliases=[], year=2018)
    linked = link_question(G, "what led to Heron++")
    assert [(n.id, n.text) for n in linked.names] == [("heron-plusplus", "Heron++")] and linked.leftovers == ()


@pytest.mark.parametrize("written", ["DCGAN", "ResNeXt", "GELU", "YOLOv7"])
def test_a_longer_name_is_not_read_as_the_known_name_inside_it(graph, written):
    assert link_question(graph, f"what led to {written}?").names == ()


# --- intents: cues, nearest example, search ---------------------------------------------------------------
@pytest.mark.parametrize("question, intent", [
    # phrasings written for this test, not taken from the cues' comments or the example questions
    ("so what exactly came before BERT?", "lineage"),
    ("which later work extended GoogLeNet", "descendants"),
    ("what ought I to study prior to reading DenseNet", "prerequisites"),
    ("trace a route from LeNet to BERT", "path"),
    ("in what ways do RMSProp and Adam differ", "compare"),
    ("the paper where dropout was first proposed", "introduced"),
    ("publication year of Mask R-CNN", "year"),
    ("which detectors make use of anchor boxes", "uses"),
    ("could you define focal loss", "definition"),
    ("why does YOLOv1 struggle with small objects", "search"),
    ("prerequisits for GAT", "prerequisites"),                  # a slip in the cue word
    ("whats the diffrence between LSTM and GRU", "compare"),
    ("could you expalin dropout", "definition"),                # a polite request, and a slip
    ("YOLOv4's predecessors", "lineage"),                        # the name first
    ("is WGAN based on GAN", "path"),                            # both names asked: the way between
    ("first paper to use dropout", "introduced"),
])
def test_cues_choose_the_intent(service, question, intent):
    payload = service.ask(question)
    assert payload["intent"] == intent
    assert payload["trace"]["intent"]["how"] == "cue" and payload["trace"]["intent"]["cue"]


# each cue family on sentences written for this test, in no question file (bench/eval/ask-*.yaml)
CUE_FAMILIES = [
    # origin verbs, X before the verb: X's ancestors
    ("what was GAT derived from", "lineage"), ("where did YOLACT stem from", "lineage"),
    ("which works did VGG spring out of", "lineage"), ("antecedents of DenseNet", "lineage"),
    ("the genealogy of YOLOv4", "lineage"),
    # consequence verbs, X after them: X's ancestors
    ("what gave rise to the Transformer", "lineage"), ("what made WGAN possible", "lineage"),
    # consequence verbs with X before them, origin verbs with X after them: X's descendants
    ("what did BERT spawn", "descendants"), ("which models stem from ResNet", "descendants"),
    ("what did DQN turn into", "descendants"), ("offshoots of the GAN paper", "descendants"),
    ("which papers were spun off from Faster R-CNN", "descendants"),
    # coinage verbs and "first/earliest paper with"
    ("who conceived the idea of attention", "introduced"), ("earliest work using batch norm", "introduced"),
    ("who dreamed up weight clipping", "introduced"), ("which paper unveiled multi-head attention", "introduced"),
    # dates
    ("since when has the LSTM existed", "year"), ("what decade is LeNet from", "year"),
    ("is ResNet from 2015", "year"),
    # usage verbs, "models with X"
    ("which detectors leverage anchor boxes", "uses"), ("networks utilizing the inception module", "uses"),
    ("models with a residual connection", "uses"), ("in what models is dropout applied", "uses"),
    # what to read first
    ("what must I refresh before reading WGAN", "prerequisites"),
    ("where should I begin if I want to understand BERT", "prerequisites"), ("a primer for the GAT paper", "prerequisites"),
    ("how does ViT measure up against ResNet", "compare"), ("what ties LeNet and AlexNet together", "path"),
    ("walk me through experience replay", "definition"), ("unpack the growth rate", "definition"),
    # story nouns, time-of-paper adjectives, borrowing and moving past, "first to <verb>", "I should know"
    ("the backstory of DenseNet", "lineage"), ("which earlier models did ViT borrow from", "lineage"),
    ("what took inspiration from GoogLeNet", "descendants"), ("how did research move beyond R-CNN", "descendants"),
    ("papers built on top of GCN", "descendants"), ("subsequent detectors after YOLOv2", "descendants"),
    ("who was first to apply dropout", "introduced"),
    ("which ideas do I need to know to get through DQN", "prerequisites"),
    # a verb of learning, then "before X"; a pronoun repeats a name, it does not add one
    ("topics to review prior to the GAT paper", "prerequisites"),
    ("what maths should a student master ahead of WGAN", "prerequisites"),
    ("where does DenseNet come from and which works came before it", "lineage"),
    # "get around" a limit is no way between two papers: how X works is in its notes
    ("how did ResNet get around the degradation problem of VGG", "search"),
]


def test_cue_family_sentences_are_in_no_question_file():
    asked = {q.q.lower() for f in (ROOT / "bench" / "eval").glob("ask-*.yaml") for q in load_questions(f)}
    assert not asked & {q.lower() for q, _ in CUE_FAMILIES}


@pytest.mark.parametrize("question, intent", CUE_FAMILIES)
def test_cue_families_choose_the_intent(service, question, intent):
    payload = service.ask(question)
    assert payload["intent"] == intent, payload["trace"]["intent"]
    assert payload["trace"]["intent"]["how"] == "cue"


@pytest.mark.parametrize("question, intent", [
    ("what was ResNet derived from", "lineage"), ("what was derived from ResNet", "descendants"),
    ("what did GAN grow out of", "lineage"), ("what grew out of GAN", "descendants"),
    ("what led us to read ResNet?", "lineage"), ("what did ResNet lead us to", "descendants"),
])
def test_where_the_name_stands_gives_the_direction(service, question, intent):
    assert service.ask(question)["intent"] == intent


def test_the_fallback_needs_a_lead_over_the_next_intent(service):
    """Two intents with equally near examples: no lead, so search; without a margin the tie is decided."""
    encoder = service.engine.encoder
    data = {"exemplar_threshold": 0.1, "needs": {}, "cues": [], "fillers": [],
            "exemplars": {"lineage": ["what about X then"], "descendants": ["what about X then"]}}
    tied = IntentRules({**data, "exemplar_margin": 0.06}).by_exemplar("what about X then", encoder)
    assert tied.intent == "search" and tied.runner_up in {"lineage", "descendants"}
    assert tied.similarity - tied.runner_up_similarity < 0.06 and "tell two intents apart" in tied.reason()
    assert IntentRules({**data, "exemplar_margin": 0.0}).by_exemplar("what about X then", encoder).how == "exemplar"
    ahead = IntentRules({**data, "exemplar_margin": 0.06, "exemplars": {
        "lineage": ["what about X then"], "descendants": ["pizza toppings ranked by crunchiness"]}})
    chosen = ahead.by_exemplar("what about X then", encoder)
    assert chosen.intent == "lineage" and chosen.similarity - chosen.runner_up_similarity >= 0.06


def test_no_example_question_is_a_labelled_question_masked(graph):
    examples = {text for _, text in load_rules().exemplars}
    for f in (ROOT / "bench" / "eval").glob("ask-*.yaml"):
        for item in load_questions(f):
            assert link_question(graph, item.q).masked not in examples, (f.name, item.q)


def test_without_a_cue_the_nearest_example_question_decides_with_its_similarity(service):
    rules = load_rules()
    payload = service.ask("AlexNet in a few words")  # no cue word; close to "X in a nutshell"
    chosen = payload["trace"]["intent"]
    assert chosen["how"] == "exemplar" and payload["intent"] == "definition"
    assert chosen["similarity"] >= rules.threshold and chosen["exemplar"] in {t for _, t in rules.exemplars}
    assert "nearest example question" in chosen["reason"]


def test_a_question_far_from_every_example_is_a_search(service):
    payload = service.ask("pizza toppings ranked by crunchiness")
    assert payload["intent"] == payload["answered_as"] == "search"
    assert payload["trace"]["intent"]["how"] == "default"
    assert payload["trace"]["intent"]["similarity"] < load_rules().threshold


def test_intent_rules_are_checked_when_loaded():
    with pytest.raises(ValueError, match="unknown intents"):
        IntentRules({"exemplar_threshold": 0.5, "needs": {}, "cues": [["lineage", "x"]],
                     "exemplars": {"history": ["X"]}, "fillers": []})
    with pytest.raises(ValueError, match="malformed"):
        IntentRules({"needs": {}, "cues": [], "exemplars": {}, "fillers": []})
    with pytest.raises(ValueError, match="quote it"):  # a bare `on` in YAML is True, not the word
        IntentRules({"exemplar_threshold": 0.5, "needs": {}, "cues": [], "exemplars": {}, "fillers": ["of", True]})


def test_every_exemplar_is_masked_and_every_cue_compiles():
    rules = load_rules()
    assert all("X" in text for intent, text in rules.exemplars if intent != "search")
    assert {i for i, _ in rules.cues} <= set(rules.needs)


# --- the new intents ----------------------------------------------------------------------------------
def test_compare_two_papers_side_by_side(client):
    body = ask(client, "what is the difference between DenseNet and ResNet?")
    assert body["intent"] == "compare" and [e["id"] for e in body["entities"]] == ["densenet", "resnet"]
    answer = body["answer"]
    assert [n["id"] for n in answer["nodes"]] == ["densenet", "resnet"]
    assert answer["earlier"] == "resnet" and answer["later"] == "densenet" and answer["same_track"]
    assert "googlenet" in {a["id"] for a in answer["shared_ancestors"]}
    assert "densenet/q6" in {c.get("id") for c in answer["changes"]}  # "DenseNet comparing with ResNet"
    assert all(side["notes"] for side in answer["nodes"])
    assert "ResNet came first" in body["text"] and "densenet/q6" in body["text"]
    assert {"source": "resnet", "target": "densenet", "relation": "led_to"} in body["trace"]["edges"]
    # how two papers differ starts with what each one is: both summaries, cut to a sentence's length
    short = body["text"].split(" In short: ", 1)[1]
    for side in answer["nodes"]:
        assert f"{side['name']}: {side['summary'][:40]}" in short


def test_compare_on_a_literal_graph_names_shared_ancestors_and_the_change():
    G = nx.MultiDiGraph()
    for node, year in (("a", 2010), ("b", 2012), ("c", 2014)):
        G.add_node(node, type="paper", name=node.upper(), year=year, track="t")
    G.add_node("c/q1", type="note", paper_id="c", question="C vs B", answers=["C adds gates"],
               source={"file": "n.md", "line": 9})
    G.add_edge("c/q1", "c", key="part_of", relation="part_of", evidence=[])
    G.add_edge("c/q1", "b", key="mentions", relation="mentions", evidence=[{"line": 9}])
    for u, v in (("a", "b"), ("a", "c"), ("b", "c")):
        G.add_edge(u, v, key="led_to", relation="led_to", kind="cites", kinds=["cites"], evidence=[])
    answer = compare(G, "c", "b")
    assert (answer["earlier"], answer["later"]) == ("b", "c")
    assert [a["id"] for a in answer["shared_ancestors"]] == ["a"]
    assert answer["changes"][0]["id"] == "c/q1" and answer["changes"][0]["answers"] == ["C adds gates"]


def test_introduced_names_the_paper_with_its_line(client):
    body = ask(client, "which paper introduced the inception module?")
    assert body["intent"] == "introduced"
    assert [p["id"] for p in body["answer"]["introduced_by"]] == ["googlenet"]
    assert body["answer"]["evidence"][0]["line"] > 0
    assert body["text"].startswith("inception module was introduced by GoogLeNet (2014)")
    assert {"source": "googlenet", "target": "inception-module", "relation": "introduces"} in body["trace"]["edges"]


def test_year_of_a_paper_and_of_a_concept_through_its_paper(client):
    body = ask(client, "when was the Swin paper published?")
    assert body["intent"] == "year" and body["answer"]["year"] == 2021 and "2021" in body["text"]
    concept = ask(client, "when was the inception module published")
    assert concept["answer"]["node"]["id"] == "googlenet" and "2014" in concept["text"]
    assert "introduced it" in concept["text"]
    # AlexNet used dropout; Hinton et al. (2012, not a paper of the graph) introduced it
    dropout = ask(client, "when was dropout published")
    assert dropout["answer"]["node"]["id"] != "alexnet" and "AlexNet (2012), which introduced it" not in dropout["text"]


def test_uses_falls_back_to_notes_mentions_and_says_so(client, graph):
    body = ask(client, "which papers use experience replay?")
    assert body["intent"] == "uses"
    answer = body["answer"]
    has_uses_edges = any(k == "uses" for _, _, k in graph.edges(keys=True))
    assert answer["graph_has_uses_edges"] == has_uses_edges
    if answer["relation"] == "mentions":
        assert body["text"].startswith("Papers whose notes discuss experience replay: DQN (2013) (dqn/q")
        assert "dqn" in {p["id"] for p in answer["papers"]}
        assert all(p["evidence"][0]["note"].startswith(p["id"] + "/") for p in answer["papers"])


@pytest.mark.parametrize("question, intent", [
    ("Which papers we read use batch normalization for training?", "uses"),  # "we read ... for": not a plan
    # "we read" says which papers, even with a second name after "for"
    ("Which papers we read rely on ResNet for the dropout ablation?", "uses"),
    ("which of the ones we have read use ResNet for dropout?", "uses"),
    ("Which papers I read first to understand Swin?", "prerequisites"),  # a learning cue: a plan all the same
    ("What are the ones you read first to understand YOLACT?", "prerequisites"),
    ("before ResNet what do I have to know?", "prerequisites"),
    ("what should we read first to understand ResNet?", "prerequisites"),
    ("After the ResNet session, who argued about depth?", "search"),  # a time, not what came from ResNet
    ("what did we say before the DenseNet meeting?", "search"),
    ("what came after ResNet?", "descendants"),
    # a past "used" with its object asks for the users; "used in X" asks what X used
    ("Which papers we read used the ImageNet dataset?", "uses"),
    ("which dataset was used in ResNet?", "search"),
    ("what was used before batch normalization?", "lineage"), ("what was used after ResNet?", "descendants"),
    ("which papers used pretrained ResNet?", "uses"),
    # "the papers we discussed" says which papers too; "what did we discuss about X" asks the notes
    ("Which of the papers we discussed use batch normalization?", "uses"),
    ("What did we discuss about batch normalization?", "search"),
])
def test_we_read_and_for_after_the_name_ask_what_uses_it_not_what_to_read_first(client, question, intent):
    assert ask(client, question)["intent"] == intent


@pytest.mark.parametrize("question, intent", [
    # "what led to X" asks for X's lineage, whatever follows it; "which paper fixed X" asks the notes
    ("What led to ResNet, i.e. what problem of earlier work did it fix?", "lineage"),
    ("What led to ResNet, i.e. which problem did it address?", "lineage"),
    ("Which paper solved the problem that ResNet left open?", "search"),
    # "the papers we discussed" says which papers; with a verb of saying it asks what the notes say
    ("What do the papers we discussed say about batch normalization?", "search"),
    ("Which of the papers we discussed say they use batch normalization?", "uses"),
    ("Which paper fixed the problem that led to ResNet?", "search"),  # "led to X" after the fix: the fix is asked
    # "in which paper did we first cover X" asks where the group met X (in the past), no reading plan
    ("What is batch normalization and in which paper did we first cover it?", "definition"),
    ("What should we read first to cover batch normalization?", "prerequisites"),
])
def test_a_frame_that_names_the_intent_wins_over_a_word_of_another(client, question, intent):
    assert ask(client, question)["intent"] == intent


def test_uses_follows_uses_edges_when_the_graph_has_them():
    G = nx.MultiDiGraph()
    G.add_node("resnet", type="paper", name="ResNet", year=2015)
    G.add_node("yolact", type="paper", name="YOLACT", year=2019)
    G.add_node("mask-r-cnn", type="paper", name="Mask R-CNN", year=2017)
    G.add_edge("yolact", "resnet", key="uses", relation="uses", evidence=[{"text": "ResNet-101 backbone"}])
    G.add_edge("mask-r-cnn", "resnet", key="uses", relation="uses", evidence=[{"text": "ResNet backbone"}])
    answer = users_of(G, "resnet")
    assert answer["relation"] == "uses" and [p["id"] for p in answer["papers"]] == ["mask-r-cnn", "yolact"]


# --- definitions from the notes that discuss X, whatever their question's wording ---------------------------
@pytest.mark.parametrize("question, note", [
    ("what is experience replay?", "dqn/q11"),
    ("what is self-attention", "transformer/q8"),
    ("what is NLI?", "bert/q4"),
    ("explain Fast NMS", "yolact/q15"),
])
def test_what_is_x_uses_the_note_about_x(client, question, note):
    body = ask(client, question)
    assert body["intent"] == "definition"
    assert body["answer"]["definition_source"]["note"] == note
    assert "give no definition" not in body["text"] and note in body["text"]
    assert note in {n["id"] for n in body["trace"]["notes"]}


def test_a_term_inside_a_paper_is_found_in_that_papers_notes(client):
    body = ask(client, "what is k in DenseNet?")
    assert body["answer"]["note"]["id"] == "densenet/q4"
    assert "number of feature map" in body["text"]


def test_concept_definition_ranks_a_note_named_after_the_concept_first(graph):
    answer = concept_definition(graph, "off-policy")
    assert answer["definition_from"] == "notes" and answer["definition"]
    assert answer["notes"][0]["id"] == answer["definition_source"]["note"]


def test_a_search_whose_best_match_is_a_concept_gives_its_definition(service):
    payload = service.ask("Earth Mover distance")
    best = payload["answer"]["results"][0] if payload["answered_as"] == "search" else None
    if best is not None and best["type"] == "concept":
        assert payload["text"] != f"Best match: {best['title']} - {best['title']}"
    assert "transport" in payload["text"].lower()


# --- never a dead end ------------------------------------------------------------------------------------
def test_an_unknown_name_answers_200_with_search_results_and_suggestions(client):
    body = ask(client, "what led to DCGAN?")
    assert body["intent"] == "lineage" and body["answered_as"] == "search"
    assert body["entities"] == [] and body["answer"]["results"]
    assert "gan" in {s["id"] for s in body["suggestions"]}
    assert "DCGAN" in body["text"] and "did you mean" in body["text"]
    assert client.get("/api/v1/nodes/Mamba").status_code == 404  # a node endpoint still says 404


def test_a_known_name_with_an_unknown_version_is_not_answered_as_the_known_one(client):
    body = ask(client, "explain Swin V2")
    assert body["answered_as"] == "search" and "Swin V2" in body["text"]
    assert "swin-transformer" in {s["id"] for s in body["suggestions"]}
    modifier = ask(client, "explain contrastive attention")
    assert modifier["answered_as"] == "search" and "contrastive attention" in modifier["text"]


def test_no_question_naming_a_known_paper_or_concept_gets_a_404(client, graph):
    papers = [d["name"] for _, d in graph.nodes(data=True) if d["type"] == "paper"]
    concepts = [d["name"] for _, d in graph.nodes(data=True) if d["type"] == "concept"]
    questions = []
    for i, name in enumerate(papers):
        questions += [f"what led to {name}?", f"when was {name} published", f"{name} vs {papers[i - 1]}",
                      f"what should I read before {name}"]
    for name in concepts:
        questions += [f"what is {name}?", f"which paper introduced {name}", f"which papers use {name}"]
    failures = []
    for question in questions:
        response = client.get("/api/v1/ask", query_string={"q": question})
        if response.status_code != 200 or not response.get_json()["text"]:
            failures.append((question, response.status_code))
    assert not failures


# --- the trace --------------------------------------------------------------------------------------------
def test_the_trace_lists_entities_with_spans_the_intent_and_the_edges(client):
    question = "how is AlexNet related to Swin Transformer?"
    body = ask(client, question)
    trace = body["trace"]
    spans = [(e["id"], question[e["span"][0]:e["span"][1]]) for e in trace["entities"]]
    assert spans == [("alexnet", "AlexNet"), ("swin-transformer", "Swin Transformer")]
    assert trace["intent"]["intent"] == "path" and "cue" in trace["intent"]["reason"]
    assert trace["edges"] and all({"source", "target", "relation"} <= set(e) for e in trace["edges"])
    plan = ask(client, "prerequisites for YOLACT")["trace"]
    assert plan["edges"] and all(n["line"] for n in plan["notes"])


# --- the command line -----------------------------------------------------------------------------------
def test_kg_ask_prints_the_answer_and_keeps_the_routing_for_the_json_trace(kb):
    """Issue 25: the routing explanation (a cue's regex, example scores) is in --json's trace, never in the text."""
    result = run_kg("ask", "whats the difference between GANs and VAEs", "--kb", kb)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[compare] ")
    as_json = json.loads(run_kg("ask", "whats the difference between GANs and VAEs", "--kb", kb, "--json").stdout)
    reason = as_json["trace"]["intent"]["reason"]
    assert "cue" in reason and reason not in result.stdout
    assert "the question matched the cue" not in result.stdout and "\\b" not in result.stdout
    assert result.stdout.rstrip("\n") == f"[compare] {as_json['text']}"
    unknown = run_kg("ask", "what led to DCGAN?", "--kb", kb, "--json")
    assert unknown.returncode == 0
    assert json.loads(unknown.stdout)["suggestions"]


# --- a second question joined by "and" ------------------------------------------------------------------
def test_a_second_question_is_answered_from_the_notes_of_what_the_first_named(client):
    payload = ask(client, "What led to DDQN, and what problem does it fix?")
    assert payload["intent"] == "lineage" and payload["question"].endswith("what problem does it fix?")
    follow = payload["follow_up"]
    assert follow["question"] == "what problem does it fix?" and follow["answered_as"] == "notes"
    results = follow["answer"]["results"]
    assert results and all(r["paper_id"] == "ddqn" for r in results)
    assert payload["text"].startswith(payload["text"].split("\n")[0]) and "\nOn 'what problem does it fix?'" in payload["text"]
    assert results[0]["source"]["file"].endswith("reading-group-notes.md") and str(results[0]["source"]["line"]) in payload["text"]
    assert {n["id"] for n in payload["trace"]["follow_up"]["notes"]} == {r["id"] for r in results}


def test_a_second_question_that_names_its_own_subject_is_asked_on_its_own(service):
    from api.ask import answer_question

    payload = answer_question(service, "What led to Swin, and what is ViT?")
    assert payload["intent"] == "lineage" and payload["follow_up"]["answered_as"] == "definition"
    assert payload["text"].split("\n")[1] == payload["follow_up"]["text"]


def test_names_joined_by_and_are_still_one_question(service):
    from api.ask import answer_question

    payload = answer_question(service, "what led to ViT and Swin?")
    assert "follow_up" not in payload and len(payload["answer"]["each"]) == 2


def test_a_month_on_the_bundled_notes_says_they_give_no_meeting_dates(client):
    payload = ask(client, "what did we read in March?")
    assert payload["intent"] == "list" and payload["answer"]["filters"]["met"] == {"year": None, "month": 3}
    assert payload["text"].startswith("Your notes give no meeting dates")


def test_a_term_with_no_node_is_answered_with_the_papers_whose_notes_write_it(client):
    payload = ask(client, "what is Ptheta?")  # written in the WGAN notes, no paper or concept of that name
    assert payload["answered_as"] == "search" and payload["trace"]["unresolved"] == ["Ptheta"]
    [found] = payload["answer"]["mentioned_in"]["Ptheta"]
    assert found["paper"]["id"] == "wgan" and "Ptheta" in " ".join(found["note"]["answers"] + [found["note"]["question"]])
    line = found["note"]["source"]["line"]
    assert f"Your notes write 'Ptheta' in WGAN (2017) (" in payload["text"] and f"reading-group-notes.md:{line})" in payload["text"]
    assert found["note"]["id"] in {n["id"] for n in payload["trace"]["notes"]}
    # "it" is the term the notes write: the second part asks for the papers that write it
    both = ask(client, "what is Ptheta and which papers use it?")
    assert both["follow_up"]["question"] == "which papers use it?"
    assert [f["paper"]["id"] for f in both["follow_up"]["answer"]["mentioned_in"]["Ptheta"]] == ["wgan"]
    assert both["text"].startswith(payload["text"] + "\n")
    # a second part about the term without a pronoun: the notes of the papers that write it, nearest first
    how = ask(client, "what is Ptheta and how did we estimate the distance?")
    assert how["follow_up"]["answered_as"] == "notes"
    assert {hit["paper_id"] for hit in how["follow_up"]["answer"]["results"]} == {"wgan"}
    # nothing known and nothing the notes write: the first answer is all there is
    none = ask(client, "what is Zorblaxian flow and which papers use it?")
    assert none["follow_up"]["answered_as"] == "none" and none["text"] == ask(client, "what is Zorblaxian flow?")["text"]
    # a preposition may open the second part ("and in which paper did it come up")
    came = ask(client, "what is Ptheta and in which paper did it come up?")
    assert came["follow_up"]["question"] == "in which paper did it come up?"
    assert "Wasserstein GAN" in came["follow_up"]["text"] or "WGAN" in came["follow_up"]["text"]
    # a first part no intent takes, and a second part naming nothing: the notes are searched with both parts
    whole = ask(client, "who brought the cake to the meeting and at which session did it happen?")
    assert whole["intent"] == "search" and "follow_up" not in whole
    assert whole["question"] == "who brought the cake to the meeting and at which session did it happen?"
    # ... unless the whole asks something else ("who presents it" of nothing named): the first part's answer stays
    kept = ask(client, "which paper about cakes is scheduled but not discussed yet, and who presents it?")
    assert kept["intent"] == "search" and kept["follow_up"]["question"] == "who presents it?"


def test_which_papers_use_it_after_a_definition_asks_for_the_users_of_what_was_defined(client):
    payload = ask(client, "What is batch normalization and which papers use it?")
    assert payload["intent"] == "definition" and payload["follow_up"]["answered_as"] == "uses"
    assert "densenet" in {p["id"] for p in payload["follow_up"]["answer"]["papers"]}
    assert payload["text"].split("\n")[1] == payload["follow_up"]["text"]
    # a pronoun in a question no follow-up intent asks keeps the notes answer
    assert ask(client, "What led to DDQN, and what problem does it fix?")["follow_up"]["answered_as"] == "notes"
    # ... unless it asks which papers ("which papers we read deal with it"): the papers whose notes match it best,
    # over all the notes, not only the defined paper's
    read = ask(client, "What is batch normalization and which papers we read deal with it?")
    assert read["follow_up"]["answered_as"] == "search"
    assert read["follow_up"]["text"].startswith("Papers whose notes match best: ")
    assert {r["paper_id"] for r in read["follow_up"]["answer"]["results"]} - {"batch-normalization"}
    # ... and not what it uses, or what we read about it: the subject's own notes still answer those
    for other in ("What is Swin and what methods does it use?", "What is ResNet and what did we read about it?"):
        assert ask(client, other)["follow_up"]["answered_as"] == "notes"
