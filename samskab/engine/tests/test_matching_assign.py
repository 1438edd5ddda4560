"""The proposal: optimal (brute force, LP), capacities, hard rules, determinism, alternatives."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from scipy import sparse
from scipy.optimize import linprog

from samskab.engine.matching import (
    DEFAULT_WEIGHTS,
    Blocked,
    MatchingResult,
    MenteeProfile,
    MentorProfile,
    Score,
    Weights,
    assign,
    score_pair,
)
from samskab.engine.matching.matrix import ROWS_PER_BLOCK
from samskab.engine.tests.matching_factories import instances, mentee, mentor, random_instance


def proposable(
    young: Sequence[MenteeProfile],
    old: Sequence[MentorProfile],
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[list[float | None]]:
    """value[i][j]: the score if the pair may be proposed, else None."""
    value: list[list[float | None]] = []
    for a in young:
        row: list[float | None] = []
        for b in old:
            s = score_pair(a, b, weights)
            row.append(
                s.total if isinstance(s, Score) and s.total > weights.minimum_score else None
            )
        value.append(row)
    return value


def brute_force_best(
    young: Sequence[MenteeProfile],
    old: Sequence[MentorProfile],
    weights: Weights = DEFAULT_WEIGHTS,
) -> float:
    value = proposable(young, old, weights)
    best = 0.0
    for choice in itertools.product([None, *range(len(old))], repeat=len(young)):
        used = Counter(j for j in choice if j is not None)
        if any(used[j] > old[j].capacity for j in used):
            continue
        if any(j is not None and value[i][j] is None for i, j in enumerate(choice)):
            continue
        best = max(best, math.fsum(value[i][j] for i, j in enumerate(choice) if j is not None))
    return best


def greedy_total(young: Sequence[MenteeProfile], old: Sequence[MentorProfile]) -> float:
    """Best pair first (the simple matcher the optimum must beat)."""
    value = proposable(young, old)
    pairs = sorted(
        ((v, i, j) for i, row in enumerate(value) for j, v in enumerate(row) if v is not None),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    room = [b.capacity for b in old]
    taken, total = set(), 0.0
    for v, i, j in pairs:
        if i not in taken and room[j] > 0:
            taken.add(i)
            room[j] -= 1
            total += v
    return total


def assert_valid(
    result: MatchingResult,
    young: Sequence[MenteeProfile],
    old: Sequence[MentorProfile],
    weights: Weights = DEFAULT_WEIGHTS,
) -> None:
    by_id = {b.id: b for b in old}
    mentees_by_id = {a.id: a for a in young}
    matched = [m.mentee_id for m in result.matches]
    unmatched = [mentee_id for mentee_id, _ in result.unmatched]
    assert sorted(matched + unmatched) == sorted(mentees_by_id)  # everyone exactly once
    load = Counter(m.mentor_id for m in result.matches)
    for mentor_id, count in load.items():
        assert count <= by_id[mentor_id].capacity
    for match in result.matches:
        expected = score_pair(mentees_by_id[match.mentee_id], by_id[match.mentor_id], weights)
        assert expected == match.score
        assert match.score.total > weights.minimum_score
    assert result.total_score == pytest.approx(math.fsum(m.score.total for m in result.matches))


def test_greedy_is_beaten_where_the_best_pair_first_blocks_another():
    arabic = frozenset({"da", "ar"})
    young = [
        mentee(
            "ung-a",
            curious_about=frozenset({"it"}),
            interests=frozenset({"fodbold"}),
            languages=arabic,
        ),
        mentee("ung-b", curious_about=frozenset({"it"}), languages=frozenset({"ar"})),
    ]
    old = [
        mentor(
            "mentor-x", fields=frozenset({"it"}), interests=frozenset({"fodbold"}), languages=arabic
        ),
        mentor("mentor-y", fields=frozenset({"it"})),  # Danish only: ung-b cannot talk to them
    ]
    result = assign(young, old)
    assert {(m.mentee_id, m.mentor_id) for m in result.matches} == {
        ("ung-a", "mentor-y"),
        ("ung-b", "mentor-x"),
    }
    assert result.total_score == 50.0 + 58.0
    assert greedy_total(young, old) == 64.0  # ung-a takes mentor-x, ung-b gets no one
    assert result.unmatched == ()


@settings(max_examples=150, deadline=None)
@given(instances(max_mentees=4, max_mentors=3, max_capacity=2))
def test_optimal_on_tiny_instances_against_brute_force(instance):
    young, old = instance
    result = assign(young, old)
    assert_valid(result, young, old)
    assert result.total_score == pytest.approx(brute_force_best(young, old), abs=1e-9)
    assert result.total_score >= greedy_total(young, old) - 1e-9


@settings(max_examples=40, deadline=None)
@given(instances(max_mentees=3, max_mentors=3, max_capacity=2))
def test_optimal_with_a_minimum_score(instance):
    young, old = instance
    weights = Weights(minimum_score=40.0)
    result = assign(young, old, weights=weights)
    assert_valid(result, young, old, weights)
    assert result.total_score == pytest.approx(brute_force_best(young, old, weights), abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_optimal_on_medium_instances_against_the_linear_programme(seed):
    # Bipartite b-matching is totally unimodular: the LP optimum is the integer optimum.
    young, old = random_instance(seed, 40, 15)
    result = assign(young, old)
    assert_valid(result, young, old)
    value = proposable(young, old)
    pairs = [(i, j, v) for i, row in enumerate(value) for j, v in enumerate(row) if v is not None]
    a_ub = np.zeros((len(young) + len(old), len(pairs)))
    for k, (i, j, _) in enumerate(pairs):
        a_ub[i, k] = 1
        a_ub[len(young) + j, k] = 1
    b_ub = [1] * len(young) + [b.capacity for b in old]
    lp = linprog([-v for _, _, v in pairs], A_ub=a_ub, b_ub=b_ub, bounds=(0, 1))
    assert lp.status == 0
    assert result.total_score == pytest.approx(-lp.fun, abs=1e-6)
    assert len(result.matches) > 5  # the instance is not trivial
    assert result.total_score > greedy_total(young, old) - 1e-9


def lp_optimum(young: Sequence[MenteeProfile], old: Sequence[MentorProfile]) -> float:
    value = proposable(young, old)
    pairs = [(i, j, v) for i, row in enumerate(value) for j, v in enumerate(row) if v is not None]
    rows = [i for i, _, _ in pairs] + [len(young) + j for _, j, _ in pairs]
    a_ub = sparse.csr_array(
        ([1.0] * (2 * len(pairs)), (rows, list(range(len(pairs))) * 2)),
        shape=(len(young) + len(old), len(pairs)),
    )
    b_ub = [1] * len(young) + [b.capacity for b in old]
    lp = linprog([-v for _, _, v in pairs], A_ub=a_ub, b_ub=b_ub, bounds=(0, 1))
    assert lp.status == 0
    return float(-lp.fun)


@pytest.mark.parametrize(
    ("n_mentors", "capacity"),
    [(15, None), (200, 3)],  # fewer places than young people, and more
)
def test_optimal_across_several_scoring_blocks(n_mentors, capacity):
    young, old = random_instance(21, ROWS_PER_BLOCK + 40, n_mentors)
    if capacity is not None:
        old = [dataclasses.replace(b, capacity=capacity) for b in old]
    assert (sum(b.capacity for b in old) > len(young)) == (capacity is not None)
    result = assign(young, old)
    assert_valid(result, young, old)
    assert result.total_score == pytest.approx(lp_optimum(young, old), abs=1e-6)
    assert any(m.mentee_id >= f"u{ROWS_PER_BLOCK:03d}" for m in result.matches)


def test_capacities_respected_and_filled():
    young = [mentee(f"ung-{i}", curious_about=frozenset({"it"})) for i in range(5)]
    old = [mentor("mentor-a", capacity=3, fields=frozenset({"it"})), mentor("mentor-b", capacity=1)]
    result = assign(young, old)
    assert Counter(m.mentor_id for m in result.matches) == {"mentor-a": 3, "mentor-b": 1}
    assert [code for _, code in result.unmatched] == ["capacity"]


def test_blocked_pairs_are_never_proposed_even_if_nobody_else_fits():
    young = [mentee("ung-1", refused_mentor_ids=frozenset({"mentor-1"}))]
    result = assign(young, [mentor("mentor-1", fields=frozenset({"it"}))])
    assert result.matches == ()
    assert result.unmatched == (("ung-1", "refused"),)


def test_unmatched_reasons():
    old = [
        mentor("mentor-1", age=23),
        mentor("mentor-2", age=25, languages=frozenset({"da", "ar"})),
    ]
    young = [
        mentee("needs-somali", languages=frozenset({"so", "da"}), required_language="so"),
        mentee("too-old", age=40),
        mentee("poor-fit", age=10, preferred_mentor_gender="f"),  # 13+ years: at most 0 age points
    ]
    result = assign(young, old)
    assert result.matches == ()
    assert dict(result.unmatched) == {
        "needs-somali": "language",
        "too-old": "mentor_younger",
        "poor-fit": "low_score",
    }
    assert assign(young, []).unmatched == tuple((a.id, "no_mentors") for a in young)
    full = [mentor("mentor-1", capacity=0)]
    assert assign([mentee()], full).unmatched == (("ung-1", "no_capacity"),)


def test_results_keep_the_callers_order_and_ignore_input_order():
    young, old = random_instance(7, 30, 12)
    first = assign(young, old)
    shuffled_young, shuffled_old = list(young), list(old)
    random.Random(3).shuffle(shuffled_young)  # noqa: S311 - reproducible test data
    random.Random(4).shuffle(shuffled_old)  # noqa: S311 - reproducible test data
    second = assign(shuffled_young, shuffled_old)
    assert {(m.mentee_id, m.mentor_id) for m in first.matches} == {
        (m.mentee_id, m.mentor_id) for m in second.matches
    }
    assert first.total_score == second.total_score
    order = {a.id: k for k, a in enumerate(shuffled_young)}
    assert [order[m.mentee_id] for m in second.matches] == sorted(
        order[m.mentee_id] for m in second.matches
    )
    assert assign(young, old) == first  # and the same again


def test_alternatives_are_the_next_best_allowed_mentors():
    young, old = random_instance(11, 25, 10)
    result = assign(young, old, alternatives=2)
    young_by_id = {a.id: a for a in young}
    for match in result.matches:
        assert len(match.alternatives) <= 2
        alternative_ids = [mentor_id for mentor_id, _ in match.alternatives]
        assert match.mentor_id not in alternative_ids
        ranked = []
        for b in old:
            if b.id == match.mentor_id:
                continue
            s = score_pair(young_by_id[match.mentee_id], b)
            if isinstance(s, Score) and s.total > 0:
                ranked.append((-s.total, b.id, s))
        ranked.sort(key=lambda r: (r[0], r[1]))
        assert [(mentor_id, s) for _, mentor_id, s in ranked[:2]] == list(match.alternatives)
    assert any(match.alternatives for match in result.matches)
    assert all(m.alternatives == () for m in assign(young, old, alternatives=0).matches)


def test_alternatives_break_ties_by_mentor_id():
    young = [mentee("ung-1")]
    old = [mentor(f"mentor-{k}", age=22) for k in (5, 3, 9, 1)]
    (match,) = assign(young, old, alternatives=2).matches
    assert match.mentor_id == "mentor-1"
    assert [mentor_id for mentor_id, _ in match.alternatives] == ["mentor-3", "mentor-5"]


def test_more_places_than_young_people():
    young = [mentee("ung-1", interests=frozenset({"musik"})), mentee("ung-2")]
    old = [
        mentor("mentor-1", capacity=3, interests=frozenset({"musik"})),
        mentor("mentor-2", capacity=2),
    ]
    result = assign(young, old)
    assert len(result.matches) == 2
    assert_valid(result, young, old)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="duplicate mentee"):
        assign([mentee("a"), mentee("a")], [mentor()])
    with pytest.raises(ValueError, match="duplicate mentor"):
        assign([mentee()], [mentor("b"), mentor("b")])
    with pytest.raises(ValueError, match="alternatives"):
        assign([mentee()], [mentor()], alternatives=-1)
    assert assign([], [mentor()]) == MatchingResult((), (), 0.0)


def test_bad_weights_are_refused():
    with pytest.raises(ValueError, match="minimum_score"):
        Weights(minimum_score=-1.0)
    with pytest.raises(ValueError, match="best_gap_min"):
        Weights(best_gap_min=0)
    with pytest.raises(ValueError, match="best_gap_min"):
        Weights(best_gap_min=5, best_gap_max=3)
    with pytest.raises(ValueError, match="positive"):
        Weights(distance_max_km=0.0)
    with pytest.raises(ValueError, match="caps"):
        Weights(shared_interest_cap=-1)


def test_blocked_is_not_a_score():
    assert not isinstance(score_pair(mentee(age=30), mentor(age=20)), Score)
    assert isinstance(score_pair(mentee(age=30), mentor(age=20)), Blocked)
