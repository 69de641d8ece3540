"""The cue phrases (ingest/cues.yaml) on sentences written for this test, not taken from any notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ingest.cues import MENTION_RELATIONS, CueBook, classify_mentions

CUES_FILE = Path(__file__).resolve().parents[2] / "ingest" / "cues.yaml"


def relations(text: str, *names: str) -> list[str]:
    """The relation each of ``names`` (found in order in ``text``) gets; ``none`` when no cue governs it."""
    spans, at = [], 0
    for name in names:
        start = text.index(name, at)
        spans.append((start, start + len(name)))
        at = start + len(name)
    return [cue.relation if cue else "none" for cue in classify_mentions(text, spans)]


@pytest.mark.parametrize("text, name, relation", [
    # builds_on: the later paper extends, improves or replaces the earlier one
    ("Zeta extends Orbit with a second encoder", "Orbit", "builds_on"),
    ("an improved version of Kestrel for long inputs", "Kestrel", "builds_on"),
    ("it replaces the decoder of Marlin with a lighter one", "Marlin", "builds_on"),
    ("mostly based on Quill, trained longer", "Quill", "builds_on"),
    ("Quill -> this paper", "Quill", "builds_on"),
    # uses: a component or tool taken from the named paper
    ("trained with Heron and a cosine schedule", "Heron", "uses"),
    ("we use Pylon as the image encoder", "Pylon", "uses"),
    ("Pylon backbone, frozen", "Pylon", "uses"),
    # compares: a baseline or a point of comparison
    ("much faster than Pylon at the same accuracy", "Pylon", "compares"),
    ("unlike Marlin, no labels are needed", "Marlin", "compares"),
    ("it outperforms Kestrel on every split", "Kestrel", "compares"),
    ("Kestrel as a baseline", "Kestrel", "compares"),
    ("accuracy lands slightly below Kestrel on the long split", "Kestrel", "compares"),
    ("two points ahead of Kestrel", "Kestrel", "compares"),
    ("error 2.1% on the long split, better Kestrel", "Kestrel", "compares"),
    ("smaller distortion than L-BFGS, JSMA and Kestrel", "Kestrel", "compares"),  # unknown names before it
    ("no worse than the others, Kestrel has more layers", "Kestrel", "none"),  # a new clause, not a list
    ("it starts from the sparse masks of Plover and asks why", "Plover", "builds_on"),
    ("combines the encoder of Plover with a tree decoder", "Plover", "builds_on"),
    ("Plover (Okafor and Lin) used for the encoder here", "Plover", "uses"),
    ("do Plover-sized models behave the same", "Plover", "compares"),
    ("a char encoder (similar motivation to Plover's subwords)", "Plover", "compares"),
    ("the method grew out of Plover's two-stage idea", "Plover", "builds_on"),
    ("an offshoot of Plover for tabular data", "Plover", "builds_on"),
    ("a sibling of Plover from the same lab, gates everywhere", "Plover", "compares"),
    ("written concurrent with Plover, same idea", "Plover", "compares"),
    # later: the named paper came after this one
    ("Osprey (next week) fixes the memory cost", "Osprey", "later"),
    ("Osprey came out two months later with a fix", "Osprey", "later"),
    ("Lee: Osprey next, then the survey", "Osprey", "later"),
    ("next Osprey by Lee, bring questions", "Osprey", "later"),  # a schedule line: the paper read next
    # terse notes drop the verb's "s"
    ("the refinement steps improve on Osprey's cascade", "Osprey", "builds_on"),
    ("the encoder stem from Osprey, shallower", "Osprey", "builds_on"),
    ("can we fix Osprey in our pipeline?", "Osprey", "none"),  # a bare verb has other subjects
    ("they rely on Osprey for the features", "Osprey", "uses"),
    ("results differ from Osprey mostly on small inputs", "Osprey", "compares"),
    ("Next up: Osprey (Lee presents)", "Osprey", "later"),
    # no cue at all
    ("Osprey has twelve layers", "Osprey", "none"),
    ("Osprey 7x7 map -> 49 region vectors", "Osprey", "none"),  # an arrow to no paper: a data flow
])
def test_each_cue_group_on_new_sentences(text, name, relation):
    assert relations(text, name) == [relation]


def test_a_list_after_a_cue_shares_it_and_a_clause_break_ends_it():
    assert relations("compared with Heron and Pylon on speed", "Heron", "Pylon") == ["compares", "compares"]
    assert relations("builds on Orbit, Quill and Marlin", "Orbit", "Quill", "Marlin") == ["builds_on"] * 3
    # a comma that does not join a list ends the clause: Pylon is not what was compared
    assert relations("compared with Heron, the Pylon model is older", "Heron", "Pylon") == ["compares", "none"]
    # a cue reaches only a few words
    assert relations("uses a very long chain of many words before reaching Heron", "Heron") == ["none"]


def test_a_bracketed_aside_neither_ends_the_clause_nor_counts_as_words():
    # a citation with "et al." (a full stop) between the cue and the name, or between listed names
    assert relations("extends Orbit (Okafor et al. 2019, NeurIPS) and Quill", "Orbit", "Quill") == ["builds_on"] * 2
    assert relations("improves (as the 2021 follow-up of the lab) Marlin", "Marlin") == ["builds_on"]
    # outside brackets a full stop still ends it
    assert relations("extends Orbit. Quill is a video model", "Orbit", "Quill") == ["builds_on", "none"]


def test_a_cue_written_as_a_label_governs_the_list_after_its_colon():
    assert relations("baselines: a linear model, Orbit, the Quill net and Marlin", "Orbit", "Quill", "Marlin") \
        == ["compares"] * 3
    assert relations("uses: Orbit (frozen), Quill", "Orbit", "Quill") == ["uses", "uses"]
    # the label ends with its sentence
    assert relations("baselines: Orbit. Quill came out the same year", "Orbit", "Quill") == ["compares", "none"]


def test_a_paper_that_takes_another_and_adds_to_it_builds_on_it():
    assert relations("takes the decoder of Orbit and adds a memory", "Orbit") == ["builds_on"]
    assert relations("starts from Quill and scales it up to video", "Quill") == ["builds_on"]


def test_a_cue_before_the_name_wins_over_one_after_it():
    assert relations("generalizes Orbit style masking to images", "Orbit") == ["builds_on"]
    assert relations("Orbit style masking", "Orbit") == ["compares"]


def test_each_name_takes_the_cue_nearest_before_it():
    assert relations("extends Marlin with the loss of Heron, unlike Quill", "Marlin", "Heron", "Quill") == \
        ["builds_on", "none", "compares"]
    assert relations("replaces Orbit's encoder with Pylon blocks", "Orbit", "Pylon") == ["builds_on", "uses"]


def test_the_cue_file_is_well_formed():
    raw = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    assert set(MENTION_RELATIONS[:-1]) <= set(raw)
    for side in ("before", "after"):
        seen: dict[str, str] = {}
        for relation in MENTION_RELATIONS[:-1]:
            for phrase in raw[relation].get(side, ()):
                phrase = str(phrase).lower()
                assert phrase not in seen, f"{phrase!r} is a {side} cue of both {seen.get(phrase)} and {relation}"
                seen[phrase] = relation
    concepts = raw["concepts"]
    assert 0 < concepts["template_share"] < 1
    for name in ("label_heads", "label_first_words", "generic_tails"):
        assert concepts[name] and all(word == word.lower() and " " not in word for word in concepts[name]), name


def test_the_file_explains_each_group_and_the_no_cue_rule():
    text = CUES_FILE.read_text(encoding="utf-8")
    assert "THE RULE FOR A SENTENCE WITH NO CUE" in text
    for relation in MENTION_RELATIONS[:-1]:
        block = text[text.index(f"\n{relation}:") + 1:]
        assert re.search(r"^\s+#", block.splitlines()[1]), f"{relation} has no comment saying why"


def test_a_cue_book_from_another_mapping_is_used_as_given():
    book = CueBook.from_mapping({"compares": {"before": ["as fast as"]}})
    assert [c.relation for c in classify_mentions("as fast as Heron", [(11, 16)], book)] == ["compares"]
    assert classify_mentions("builds on Heron", [(10, 15)], book) == [None]


def test_a_word_yaml_reads_as_a_boolean_is_refused_not_turned_into_true():
    with pytest.raises(ValueError, match="quote it"):
        CueBook.from_mapping({"uses": {"before": ["uses"]}, "concepts": {"function_words": ["of", True]}})
    with pytest.raises(ValueError, match="quote it"):
        CueBook.from_mapping({"compares": {"before": [False]}})
