"""The name matcher's precision rules, on names invented for the test."""

from __future__ import annotations

import pytest

from kg.linking import EntityMatcher, is_acronym

NAMES = {
    "off-policy": ["off-policy learning", "off-policy"],
    "convolution": ["convolution"],
    "kestrel": ["Kestrel Transformer", "KTR"],
    "adam": ["Adam"],
    "supervised": ["supervised pretraining"],
    "gradient": ["vanishing gradient"],
}


@pytest.fixture(scope="module")
def matcher():
    return EntityMatcher(NAMES)


def test_typos_of_long_names_still_match(matcher):
    assert matcher.match_name("Kestrl Transformer") == "kestrel"
    assert [m.entity for m in matcher.find("the vanshing gradient again")] == ["gradient"]


@pytest.mark.parametrize("written", ["on-policy", "on-policy learning", "unsupervised pretraining"])
def test_a_flipped_short_word_or_prefix_is_not_a_typo(matcher, written):
    assert matcher.match_name(written) is None
    assert all(m.entity not in ("off-policy", "supervised") for m in matcher.find(written))


@pytest.mark.parametrize("written", ["KTX", "ADM", "Adma"])
def test_short_names_and_acronyms_are_matched_exactly_or_not_at_all(matcher, written):
    assert matcher.match_name(written) is None
    assert matcher.find(f"compared with {written}") == []


def test_acronyms_are_recognised_as_written():
    assert is_acronym("KTR") and is_acronym("w2v2") and is_acronym("iDDPM")
    assert not is_acronym("Kestrel") and not is_acronym("pooling")


def test_a_contained_known_term_is_found_in_running_text_but_is_not_the_whole_name(matcher):
    assert [m.entity for m in matcher.find("a depthwise convolution layer")] == ["convolution"]
    assert matcher.match_name("depthwise convolution") is None


def test_a_possessive_ending_is_not_part_of_the_name(matcher):
    found = matcher.find("KTR's loss and the Kestrel Transformer’s encoder, but not KTRs")
    assert [(m.entity, m.surface) for m in found][:2] == [("kestrel", "KTR"), ("kestrel", "Kestrel Transformer")]
    assert "KTRs" not in [m.surface for m in found]  # an acronym's plural is left to the callers that read plurals


def test_a_greek_letter_is_part_of_the_name_it_starts():
    matcher = EntityMatcher({"kestrel": ["Kestrel"], "beta-kestrel": ["beta-Kestrel"]})
    assert [(m.entity, m.surface) for m in matcher.find("β-Kestrel generalizes Kestrel")] == \
        [("beta-kestrel", "β-Kestrel"), ("kestrel", "Kestrel")]
