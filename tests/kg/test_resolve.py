"""Name resolution: a name answers as a node only when it means that node (issue 19, item 1).

The graph here is literal and small; the names tried are real model names that differ from a known
one by a letter or a version (none of them was used to write the rules in kg/name_rules.yaml).
"""

from __future__ import annotations

import networkx as nx
import pytest

from kg import NodeNotFound
from kg.resolve import match_name, resolve
from kg.typos import typo_edits


@pytest.fixture()
def G():
    G = nx.MultiDiGraph()
    papers = {
        "resnet": ("ResNet", ["Residual Network"]),
        "cgan": ("cGAN", ["Conditional GAN"]),
        "dqn": ("DQN", ["Deep Q-Network"]),
        "yolov4": ("YOLOv4", ["YOLO v4"]),
        "inception": ("Inception", []),
        "efficientnet": ("EfficientNet", []),
        "faster-r-cnn": ("Faster R-CNN", ["Faster RCNN"]),
        "mobilenet": ("MobileNet", []),
        "transformer": ("Transformer", []),
        "swin-transformer": ("Swin Transformer", ["Swin"]),
    }
    for node, (name, aliases) in papers.items():
        G.add_node(node, type="paper", name=name, title=f"The {name} paper", aliases=aliases, year=2015)
    G.add_node("yolov4/q1", type="note", paper_id="yolov4", question="Why CSP?", answers=[], number=1)
    G.add_node("residual-connection", type="concept", name="residual connection", aliases=[])
    return G


@pytest.mark.parametrize("name", [
    "ResNeXt", "resnext",            # another architecture, one letter longer
    "DCGAN", "dcgan",                # another GAN: a letter in front is not a slip
    "DDQN",                          # an acronym that is not in this graph
    "yolov4/q9",                     # a note id that does not exist is not its paper
    "YOLOv3", "yolov5",              # another version
    "Xception",                      # another first letter
    "EfficientDet",                  # another ending, not a neighbouring key
    "Fast R-CNN",                    # a shorter word form, not a typo
    "MobileNetV2",                   # a version number added
    "Transformers-XL",
])
def test_a_different_name_is_not_taken_for_a_known_one(G, name):
    with pytest.raises(NodeNotFound) as caught:
        resolve(G, name)
    assert caught.value.name == name
    assert caught.value.suggestions, "an unknown name still gets the closest suggestions"


@pytest.mark.parametrize("name, expected", [
    ("resnte", "resnet"),                          # two letters swapped
    ("resnt", "resnet"),                           # a letter dropped
    ("Inceptiom", "inception"),                    # a neighbouring key
    ("Incepption", "inception"),                   # a doubled letter
    ("swim transformer", "swin-transformer"),
    ("Trasnformer", "transformer"),
    ("residual conection", "residual-connection"),
    ("Efficeintnet", "efficientnet"),
])
def test_a_typo_of_the_same_name_resolves_and_says_so(G, name, expected):
    found = match_name(G, name)
    assert (found.node, found.how) == (expected, "typo")
    assert found.record() == {"from": name, "to": expected, "how": "typo"}


@pytest.mark.parametrize("name, expected, how", [
    ("resnet", "resnet", "id"), ("RESNET", "resnet", "name"), ("Residual-Network", "resnet", "alias"),
    ("yolov4/q1", "yolov4/q1", "id"), ("The ResNet paper", "resnet", "title"),
])
def test_exact_names_need_no_notice(G, name, expected, how):
    found = match_name(G, name)
    assert (found.node, found.how) == (expected, how)
    assert found.record() is None


def test_a_typo_close_to_two_names_is_not_guessed():
    G = nx.MultiDiGraph()
    G.add_node("bart", type="paper", name="Barton", aliases=[])
    G.add_node("bert", type="paper", name="Berton", aliases=[])
    with pytest.raises(NodeNotFound) as caught:
        resolve(G, "Brton")  # one dropped letter from either name: the rule never picks one of two
    assert {s["id"] for s in caught.value.suggestions} >= {"bart", "bert"}


@pytest.mark.parametrize("written, name, edits", [
    ("recieve", "receive", 1), ("adagard", "adagrad", 1), ("conection", "connection", 1),
    ("resnext", "resnet", None), ("dcgan", "cgan", None), ("yolov3", "yolov4", None), ("gan", "gin", None),
    ("fast", "faster", None), ("transforming", "transformer", None), ("networks", "network", 1),
])
def test_typo_edits_counts_slips_of_the_keyboard_only(written, name, edits):
    assert typo_edits(written, name) == edits


def test_the_plural_of_a_short_name_is_the_same_name(G):
    assert match_name(G, "cGANs").record() == {"from": "cGANs", "to": "cgan", "how": "typo"}


def test_names_with_plus_signs_or_greek_letters_are_split_as_the_matcher_splits_them():
    # every reader of names splits words with kg.model.NAME_WORD: a typo of "Heron++" is not a tie
    # between Heron and Heron++, and "β-Heron" is not Heron
    H = nx.MultiDiGraph()
    for node, name in (("heron", "Heron Net"), ("heron-plusplus", "Heron Net++"), ("beta-heron", "β-Heron Net")):
        H.add_node(node, type="paper", name=name, aliases=[], year=2017)
    assert match_name(H, "Heron Nte++").node == "heron-plusplus"
    assert match_name(H, "Heron Nte").node == "heron"
    assert match_name(H, "β-Heron Nte").node == "beta-heron"
