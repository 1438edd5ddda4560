"""Explanations in words: they name the real reasons, in Danish and in English."""

from __future__ import annotations

import pytest

from samskab.engine.matching import (
    Blocked,
    Reason,
    Score,
    assign,
    describe,
    describe_unmatched,
    score_pair,
)
from samskab.engine.matching.score import BLOCK_CODES
from samskab.engine.tests.matching_factories import (
    AARHUS_C,
    AARHUS_V,
    mentee,
    mentor,
    random_instance,
)

YOUNG = mentee(
    age=18,
    interests=frozenset({"fodbold", "musik", "skak"}),
    curious_about=frozenset({"tømrer"}),
    area="Nord",
    availability=frozenset({"man-aften"}),
    languages=frozenset({"da", "ar"}),
    preferred_mentor_gender="f",
)
MAJA = mentor(
    age=22,
    interests=frozenset({"fodbold", "musik"}),
    fields=frozenset({"tømrer"}),
    area="Nord",
    availability=frozenset({"man-aften"}),
    languages=frozenset({"da", "ar"}),
    gender="f",
)


def test_danish_sentence_names_every_reason():
    score = score_pair(YOUNG, MAJA)
    assert describe(score, "da", mentor_name="Maja") == (
        "Maja uddanner sig eller arbejder inden for tømrer, er 4 år ældre, deler interessen for "
        "fodbold og musik, bor i samme område (Nord), har tid på de samme tidspunkter (man-aften), "
        "matcher den unges ønske om køn og taler også arabisk. Samlet: 99 point."
    )


def test_english_sentence_names_every_reason():
    score = score_pair(YOUNG, MAJA)
    assert describe(score, "en", mentor_name="Maja") == (
        "Maja studies or works in tømrer, is 4 years older, shares an interest in fodbold and "
        "musik, lives in the same area (Nord), is free at the same times (man-aften), matches the "
        "young person's gender preference and also speaks Arabic. Total: 99 points."
    )


def test_reasons_against_come_after_but():
    young = mentee(
        age=16, availability=frozenset({"lør-dag"}), preferred_mentor_gender="f", location=AARHUS_C
    )
    old = mentor(age=34, availability=frozenset({"man-aften"}), gender="m", location=AARHUS_V)
    score = score_pair(young, old)
    assert isinstance(score, Score)
    danish = describe(score, "da")
    assert danish.startswith("Mentoren bor 3")
    assert (
        "km væk. Men mentoren er 18 år ældre (mere end øjenhøjde), har ingen tider fælles" in danish
    )
    assert "matcher ikke den unges ønske om køn" in danish
    english = describe(score, "en")
    assert "But the mentor is 18 years older (more than eye level), has no times" in english
    assert english.endswith(f"Total: {score.total:.1f} points.")


def test_only_reasons_that_apply_are_mentioned():
    score = score_pair(mentee(age=18), mentor(age=20, interests=frozenset({"skak"})))
    text = describe(score, "da")
    assert text == "Mentoren er 2 år ældre. Samlet: 20 point."
    assert "skak" not in text


def test_same_age_and_nothing_in_common():
    assert describe(Score(0.0, ()), "en") == (
        "The mentor is a possible match with nothing in particular in common. Total: 0 points."
    )
    same_age = describe(score_pair(mentee(age=20), mentor(age=20)), "da")
    assert same_age == "Mentoren er på samme alder. Samlet: 8 point."


@pytest.mark.parametrize(
    ("blocked", "danish", "english"),
    [
        (Blocked("no_capacity"), "ikke plads", "no room"),
        (Blocked("refused"), "fravalgt", "declined"),
        (Blocked("language", ("ar",)), "taler ikke arabisk", "does not speak Arabic"),
        (Blocked("language"), "intet sprog til fælles", "no language in common"),
        (Blocked("child_certificate"), "børneattest", "child certificate"),
        (Blocked("mentor_younger", ("3",)), "3 år yngre", "3 years younger"),
    ],
)
def test_blocked_pairs_in_words(blocked, danish, english):
    assert danish in describe(blocked, "da")
    assert english in describe(blocked, "en")


def test_every_block_code_and_unmatched_reason_has_words():
    for code in (*BLOCK_CODES, "no_mentors", "capacity", "low_score"):
        assert describe_unmatched(code, "da") != describe_unmatched(code, "en")
        assert not describe_unmatched(code, "da").startswith(code)
    result = assign([mentee(required_language="so", languages=frozenset({"so"}))], [mentor()])
    ((_, code),) = result.unmatched
    assert describe_unmatched(code, "da") == "Ingen mentor taler det sprog, den unge har brug for."


def test_unknown_codes_are_shown_as_codes_not_dropped():
    assert describe(Score(5.0, (Reason("new_reason", 5.0, ("x",)),)), "en").startswith(
        "The mentor new_reason (x)."
    )


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        describe(Score(0.0, ()), "de")
    with pytest.raises(ValueError, match="unsupported language"):
        describe_unmatched("capacity", "sv")


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_proposal_is_explained_by_its_own_reasons(language):
    young, old = random_instance(5, 30, 12)
    result = assign(young, old)
    assert result.matches
    for match in result.matches:
        text = describe(match.score, language)
        for reason in match.score.reasons:
            if reason.code in (
                "shared_interests",
                "field_match",
                "availability_overlap",
                "same_area",
            ):
                assert all(tag in text for tag in reason.detail)
            if reason.code == "age_gap":
                assert (
                    f" {reason.detail[0]} " in text or "samme alder" in text or "same age" in text
                )
            if reason.code == "language":
                assert ("arabisk" if language == "da" else "Arabic") in text
