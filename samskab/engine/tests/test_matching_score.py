"""The eye-level score: hard rules, reasons, monotonicity, and the vectorised matrix agreeing."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskab.engine.matching import DEFAULT_WEIGHTS, Blocked, Score, Weights, score_pair
from samskab.engine.matching.matrix import score_matrix
from samskab.engine.matching.score import BLOCK_CODES, age_factor
from samskab.engine.tests.matching_factories import (
    AARHUS_C,
    AARHUS_V,
    instances,
    mentee,
    mentees,
    mentor,
    mentors,
)


def points(score: Score | Blocked) -> dict[str, float]:
    assert isinstance(score, Score)
    return {reason.code: reason.points for reason in score.reasons}


# --- hard rules -------------------------------------------------------------------------------


def test_mentor_without_room_is_blocked():
    assert score_pair(mentee(), mentor(capacity=0)) == Blocked("no_capacity")


def test_refused_mentor_is_blocked():
    young = mentee(refused_mentor_ids=frozenset({"mentor-1"}))
    assert score_pair(young, mentor("mentor-1")) == Blocked("refused")
    assert isinstance(score_pair(young, mentor("mentor-2")), Score)


def test_required_language_must_be_spoken():
    young = mentee(languages=frozenset({"da", "ar"}), required_language="ar")
    assert score_pair(young, mentor(languages=frozenset({"da"}))) == Blocked("language", ("ar",))
    assert isinstance(score_pair(young, mentor(languages=frozenset({"da", "ar"}))), Score)


def test_no_language_in_common_is_blocked():
    young = mentee(languages=frozenset({"uk"}))
    assert score_pair(young, mentor(languages=frozenset({"da"}))) == Blocked("language")
    # an unknown language set (empty) is not a reason to block
    assert isinstance(score_pair(mentee(languages=frozenset()), mentor()), Score)


def test_under_15_needs_a_clear_child_certificate():
    young = mentee(age=14, under_15=True)
    assert score_pair(young, mentor(child_certificate_clear=False)) == Blocked("child_certificate")
    assert isinstance(score_pair(young, mentor(child_certificate_clear=True)), Score)
    # over 15 the certificate is not a hard rule
    assert isinstance(score_pair(mentee(age=17), mentor(child_certificate_clear=False)), Score)


def test_younger_mentor_is_blocked_and_same_age_is_not():
    assert score_pair(mentee(age=22), mentor(age=19)) == Blocked("mentor_younger", ("3",))
    assert isinstance(score_pair(mentee(age=22), mentor(age=22)), Score)


def test_first_hard_rule_in_order_is_reported():
    young = mentee(
        age=30,
        under_15=True,
        languages=frozenset({"ar"}),
        required_language="ar",
        refused_mentor_ids=frozenset({"mentor-1"}),
    )
    old = mentor("mentor-1", age=20, languages=frozenset({"da"}), child_certificate_clear=False)
    assert score_pair(young, old) == Blocked("refused")
    assert score_pair(young, dataclasses.replace(old, capacity=0)) == Blocked("no_capacity")
    assert score_pair(young, dataclasses.replace(old, id="mentor-2")) == Blocked(
        "language", ("ar",)
    )
    fluent = dataclasses.replace(old, id="mentor-2", languages=frozenset({"ar"}))
    assert score_pair(young, fluent) == Blocked("child_certificate")
    cleared = dataclasses.replace(fluent, child_certificate_clear=True)
    assert score_pair(young, cleared) == Blocked("mentor_younger", ("10",))


# --- reasons ----------------------------------------------------------------------------------


def test_each_reason_with_its_points_and_details():
    young = mentee(
        age=18,
        interests=frozenset({"fodbold", "musik", "skak"}),
        curious_about=frozenset({"tømrer", "it"}),
        area="Nord",
        availability=frozenset({"man-aften", "lør-dag"}),
        languages=frozenset({"da", "ar"}),
        preferred_mentor_gender="f",
    )
    old = mentor(
        age=22,
        interests=frozenset({"fodbold", "musik", "dans"}),
        fields=frozenset({"tømrer"}),
        area="Nord",
        availability=frozenset({"man-aften", "tir-aften"}),
        languages=frozenset({"da", "ar"}),
        gender="f",
    )
    score = score_pair(young, old)
    assert isinstance(score, Score)
    assert [(r.code, r.points, r.detail) for r in score.reasons] == [
        ("field_match", 30.0, ("tømrer",)),
        ("age_gap", 20.0, ("4",)),
        ("shared_interests", 12.0, ("fodbold", "musik")),
        ("same_area", 15.0, ("Nord",)),
        ("availability_overlap", 4.0, ("man-aften",)),
        ("gender_preference", 10.0, ("f",)),
        ("language", 8.0, ("ar",)),
    ]
    assert score.total == 99.0


def test_nothing_in_common_scores_only_the_age_gap():
    score = score_pair(mentee(age=18), mentor(age=21))
    assert points(score) == {"age_gap": 20.0}


def test_age_gap_best_between_2_and_8_years_then_falls():
    factors = [age_factor(gap) for gap in range(0, 25)]
    assert factors[0] < factors[1] < factors[2]
    assert factors[2:9] == [1.0] * 7
    assert all(a > b for a, b in itertools.pairwise(factors[8:21]))
    assert factors[16] == 0.0
    assert factors[20] == factors[24] == DEFAULT_WEIGHTS.gap_floor
    assert points(score_pair(mentee(age=16), mentor(age=35)))["age_gap"] == -7.5  # 19 years
    assert points(score_pair(mentee(age=16), mentor(age=40)))["age_gap"] == -10.0


def test_distance_when_not_in_the_same_area():
    near = points(
        score_pair(mentee(area="Nord", location=AARHUS_C), mentor(area="Syd", location=AARHUS_V))
    )
    assert 9.5 < near["distance_km"] < 11.0  # about 3 km of 20
    far = score_pair(mentee(location=AARHUS_C), mentor(location=(55.6761, 12.5683)))  # København
    assert "distance_km" not in points(far)
    same = points(
        score_pair(
            mentee(area="Nord", location=AARHUS_C), mentor(area="Nord", location=(55.0, 12.0))
        )
    )
    assert same["same_area"] == 15.0 and "distance_km" not in same


def test_no_common_time_is_a_penalty_only_when_both_gave_times():
    apart = score_pair(
        mentee(availability=frozenset({"man-aften"})), mentor(availability=frozenset({"lør-dag"}))
    )
    assert points(apart)["no_common_time"] == -10.0
    assert "no_common_time" not in points(
        score_pair(mentee(), mentor(availability=frozenset({"lør-dag"})))
    )


def test_unmet_gender_preference_is_soft():
    score = score_pair(mentee(preferred_mentor_gender="f"), mentor(gender="m"))
    assert points(score)["gender_preference"] == -10.0
    unknown = score_pair(mentee(preferred_mentor_gender="f"), mentor(gender=None))
    assert points(unknown)["gender_preference"] == -10.0


def test_weights_change_the_points():
    heavy = Weights(field_match=50.0)
    score = score_pair(
        mentee(curious_about=frozenset({"it"})), mentor(fields=frozenset({"it"})), heavy
    )
    assert points(score)["field_match"] == 50.0


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(mentees("u"), mentors("m"), st.sampled_from(("fodbold", "musik", "gaming", "dans", "ny")))
def test_more_shared_interests_never_lower_the_score(young, old, tag):
    before = score_pair(young, old)
    after = score_pair(
        dataclasses.replace(young, interests=young.interests | {tag}),
        dataclasses.replace(old, interests=old.interests | {tag}),
    )
    assert type(before) is type(after)
    if isinstance(before, Score):
        assert isinstance(after, Score)
        assert after.total >= before.total
        if tag not in young.interests & old.interests and len(young.interests & old.interests) < 4:
            assert after.total > before.total


@settings(max_examples=100, deadline=None)
@given(mentees("u"), mentors("m"), st.sampled_from(("tømrer", "it", "kok")))
def test_a_field_match_never_lowers_the_score(young, old, field):
    before = score_pair(young, old)
    after = score_pair(dataclasses.replace(young, curious_about=young.curious_about | {field}), old)
    if isinstance(before, Score):
        assert isinstance(after, Score)
        assert after.total >= before.total


@settings(max_examples=60, deadline=None)
@given(instances(max_mentees=6, max_mentors=5))
def test_matrix_agrees_with_score_pair(instance):
    young, old = instance
    scores, codes = score_matrix(young, old)
    assert scores.shape == codes.shape == (len(young), len(old))
    for i, a in enumerate(young):
        for j, b in enumerate(old):
            expected = score_pair(a, b)
            if isinstance(expected, Blocked):
                assert BLOCK_CODES[codes[i, j] - 1] == expected.code
                assert scores[i, j] == 0.0
            else:
                assert codes[i, j] == 0
                assert scores[i, j] == pytest.approx(expected.total, abs=1e-9)


def test_matrix_handles_more_than_64_tags_and_many_rows():
    tags = [f"tag-{k}" for k in range(150)]
    young = [mentee(f"u{i}", interests=frozenset(tags[i % 150 :: 37])) for i in range(600)]
    old = [mentor(f"m{j}", interests=frozenset(tags[j % 150 :: 41])) for j in range(7)]
    scores, codes = score_matrix(young, old)
    assert not codes.any()
    for i in (0, 63, 64, 149, 511, 512, 599):
        for j in range(7):
            expected = score_pair(young[i], old[j])
            assert isinstance(expected, Score)
            assert scores[i, j] == pytest.approx(expected.total, abs=1e-9)
