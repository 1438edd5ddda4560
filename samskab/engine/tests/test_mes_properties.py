"""Property tests: the fast rules agree with the textbook ones and keep their promises."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskab.engine.pb.completion import (
    UNIT,
    add1,
    add1_comparison,
    utilitarian_greedy,
)
from samskab.engine.pb.election import Election
from samskab.engine.pb.mes import equal_shares, prepare, run_mes
from samskab.engine.pb.mes_bounds import certify
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.phragmen import sequential_phragmen
from samskab.engine.tests.builders import make_election
from samskab.engine.tests.reference import plain_add1, reference_mes, reference_phragmen

# Few distinct costs and small electorates make exact ties common: the hard cases.
COSTS = st.sampled_from([100, 200, 300, 500, 700, 1000, 1500, 3000])


@st.composite
def elections(
    draw: st.DrawFn, *, points: bool = False, unit_costs: bool = False, round_shares: bool = False
) -> Election:
    num_projects = draw(st.integers(1, 6))
    cost = st.sampled_from([1, 2, 3, 5, 7, 10]).map(lambda c: c * UNIT) if unit_costs else COSTS
    costs = draw(st.lists(cost, min_size=num_projects, max_size=num_projects))
    num_voters = draw(st.integers(1, 9))
    ballots = draw(
        st.lists(
            st.lists(st.integers(0, num_projects - 1), unique=True, max_size=num_projects),
            min_size=num_voters,
            max_size=num_voters,
        )
    )
    scores = None
    if points:
        scores = [
            draw(st.lists(st.integers(1, 4), min_size=len(b), max_size=len(b))) for b in ballots
        ]
    if round_shares:
        # Shares like 50 or 100 make a supporter's money equal the price exactly, often.
        budget = num_voters * draw(st.sampled_from([25, 50, 100, 150, 250, 500]))
    elif unit_costs:
        budget = UNIT * draw(st.integers(0, sum(costs) // UNIT + 2))
    else:
        budget = draw(st.integers(0, sum(costs) + 100))
    return make_election(costs, ballots, budget, points=scores)


UTILITY = st.sampled_from(["cost", "cardinality"])
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(elections(), UTILITY)
def test_equal_shares_equals_the_textbook_rule(election, utility):
    expected = reference_mes(
        election, Fraction(election.budget, max(election.num_voters, 1)), utility
    )
    assert list(equal_shares(election, utility=utility).selected) == expected


@FAST
@given(elections(round_shares=True), UTILITY)
def test_equal_shares_equals_the_textbook_rule_when_money_meets_prices_exactly(election, utility):
    expected = reference_mes(election, Fraction(election.budget, election.num_voters), utility)
    assert list(equal_shares(election, utility=utility).selected) == expected


@FAST
@given(elections(points=True), st.sampled_from(["cost", "cardinality", "points"]))
def test_equal_shares_with_points_equals_the_textbook_rule(election, utility):
    expected = reference_mes(
        election, Fraction(election.budget, max(election.num_voters, 1)), utility
    )
    assert list(equal_shares(election, utility=utility).selected) == expected


@FAST
@given(elections(unit_costs=True), UTILITY, st.booleans())
def test_fast_add1_equals_the_plain_loop(election, utility, stop_when_exhaustive):
    if election.num_voters == 0:
        return
    expected, steps = plain_add1(election, utility, stop_when_exhaustive)
    outcome = add1(election, utility=utility, stop_when_exhaustive=stop_when_exhaustive)
    assert list(outcome.selected) == expected
    assert outcome.explanation["add1_steps"] == steps


@FAST
@given(elections(unit_costs=True), st.integers(1, 40), st.integers(1, 8))
def test_interval_certificate_holds_at_every_share_inside(election, start, width):
    profile = prepare(election, "cost")
    low, high = start * UNIT, (start + width) * UNIT
    certain = certify(profile, float(low), float(high))
    if certain is None:
        return
    for share in range(low, high + 1, 25):
        assert run_mes(profile, Fraction(share)).selected == certain


@FAST
@given(elections())
def test_phragmen_equals_the_textbook_rule(election):
    assert list(sequential_phragmen(election).selected) == reference_phragmen(election)


@FAST
@given(elections(), UTILITY)
def test_no_rule_exceeds_the_budget_or_buys_what_nobody_supports(election, utility):
    supported = set(election.ballot_projects.tolist())
    outcomes = [
        equal_shares(election, utility=utility),
        add1(election, utility=utility),
        add1_comparison(election, utility=utility),
        sequential_phragmen(election),
        utilitarian_greedy(election, Outcome(rule="", selected=(), cost=0)),
    ]
    for outcome in outcomes:
        assert outcome.cost <= election.budget
        assert outcome.cost == sum(election.projects[j].cost for j in outcome.selected)
        assert len(set(outcome.selected)) == len(outcome.selected)
        assert set(outcome.selected) <= supported


@FAST
@given(elections(), UTILITY, st.randoms(use_true_random=False))
def test_results_are_deterministic_and_ignore_ballot_order(election, utility, random):
    first = add1(election, utility=utility)
    again = add1(election, utility=utility)
    assert first == again
    order = list(range(election.num_voters))
    random.shuffle(order)
    ballots = [election.ballot(v).tolist() for v in order]
    shuffled = make_election([p.cost for p in election.projects], ballots, election.budget)
    assert add1(shuffled, utility=utility).selected == first.selected
    assert (
        equal_shares(shuffled, utility=utility).selected
        == equal_shares(election, utility=utility).selected
    )
    assert sequential_phragmen(shuffled).selected == sequential_phragmen(election).selected


@FAST
@given(elections(unit_costs=True), st.lists(st.integers(0, 5000), min_size=1, max_size=5))
def test_add1_survives_any_budget_increase(election, raises):
    costs = [p.cost for p in election.projects]
    ballots = [election.ballot(v).tolist() for v in range(election.num_voters)]
    budget = election.budget
    for extra in raises:
        budget += extra
        outcome = add1(make_election(costs, ballots, budget))
        assert outcome.cost <= budget


def test_voter_types_keep_every_voter():
    rng = np.random.default_rng(7)
    ballots = [
        sorted(set(rng.integers(0, 70, size=rng.integers(0, 6)).tolist())) for _ in range(500)
    ]
    election = make_election([100] * 70, ballots, 1000)
    from samskab.engine.pb.voter_types import group_voters

    types = group_voters(election)
    assert int(types.weights.sum()) == 500
    for project in range(70):
        assert types.approvals[project] == sum(project in b for b in ballots)


def test_voter_types_are_the_same_from_the_table_and_from_words(monkeypatch):
    from samskab.engine.pb import voter_types

    rng = np.random.default_rng(11)
    # 130 projects: three words either way; duplicates, empty ballots and repeated ballots.
    ballots = [rng.integers(0, 130, size=rng.integers(0, 5)).tolist() for _ in range(300)]
    ballots += ballots[:100]
    election = make_election([100] * 130, ballots, 1000)
    table = voter_types.group_voters(election)
    monkeypatch.setattr(voter_types, "TABLE_CELLS", 0)
    words = voter_types.group_voters(election)
    assert np.array_equal(table.weights, words.weights)
    assert table.approvals == words.approvals
    pairs = zip(table.supporters, words.supporters, table.points, words.points, strict=True)
    for a, b, c, d in pairs:
        assert np.array_equal(a, b) and np.array_equal(c, d)
