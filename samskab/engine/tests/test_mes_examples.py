"""Equal shares, its completions and Phragmén on small elections worked out by hand.

Money is in cents, as everywhere in the engine; the comments do the arithmetic.
"""

from __future__ import annotations

import json

import pytest

from samskab.engine.pb.completion import add1, add1_comparison, utilitarian_greedy
from samskab.engine.pb.mes import equal_shares
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.phragmen import sequential_phragmen
from samskab.engine.pb.voter_types import group_voters
from samskab.engine.tests.builders import ids, make_election


def test_voter_types_group_identical_ballots():
    election = make_election([100, 100, 100], [[0, 1], [1, 0], [2], [0, 1], []], 300)
    types = group_voters(election)
    # {0,1} three times (order on the ballot does not matter), {2} once, the empty ballot once.
    assert sorted(types.weights.tolist()) == [1, 1, 3]
    assert types.approvals == (3, 3, 1)
    assert [types.weights[t] for t in types.supporters[2]] == [1]


def test_cheaper_project_wins_a_tie_and_the_other_is_dropped():
    # 3 voters, budget 150: 50 each. p0 (100) and p1 (50) are both approved by v0 and v1.
    # rho(p0) = 100 / (2 * 100) = 1/2, rho(p1) = 50 / (2 * 50) = 1/2: a tie; p1 is cheaper.
    # v0, v1 pay 25 each and keep 25; p0 then needs 100 from 50: dropped in round 2.
    # p2 (50), v2 alone: rho = 1, v2 pays 50.
    election = make_election([100, 50, 50], [[0, 1], [0, 1], [2]], 150)
    outcome = equal_shares(election)
    assert ids(election, outcome.selected) == ["p1", "p2"]
    assert outcome.cost == 100
    first, second = outcome.explanation["rounds"]
    assert first["tied_with"] == ["p0"]
    assert first["rho"] == "1/2" and first["max_payment"] == 25.0
    assert first["effective_votes"] == 2.0
    assert second["effective_votes"] == 1.0
    assert outcome.explanation["not_bought"] == [
        {"project": "p0", "reason": "supporters_cannot_pay", "round": 2, "supporters_money": 50.0}
    ]
    json.dumps(dict(outcome.explanation))  # serialisable as it is


def test_equal_price_and_cost_go_to_the_project_with_more_supporters():
    # 6 voters, budget 300: 50 each. p2 (200) by v2..v5: rho = 200 / (4 * 200) = 1/4, bought
    # first; v2..v5 are left with nothing. Round 2: p0 (100) by v0 v1: 50 each, rho = 1/2;
    # p1 (100) by v0 v1 v2: v2 has 0, so v0 and v1 pay 50 each: rho = 1/2 as well. Same cost:
    # p1 has 3 supporters against 2 and wins; p0 is then dropped.
    election = make_election([100, 100, 200], [[0, 1], [0, 1], [1, 2], [2], [2], [2]], 300)
    outcome = equal_shares(election)
    assert ids(election, outcome.selected) == ["p2", "p1"]
    assert outcome.explanation["rounds"][1]["tied_with"] == ["p0"]


def test_poor_supporters_pay_all_they_have_and_the_rest_pay_equally():
    # 4 voters, budget 400: 100 each.
    # p0 (200) v0 v1: 100 each, evc 2.  p1 (150) v1 v2 v3: 50 each, evc 3.  p2 (180) v0 v2 v3.
    # Round 1: rho(p1) = 50/150 = 1/3 and rho(p2) = 60/180 = 1/3 tie: p1 is cheaper. v1 v2 v3 keep 50.
    # Round 2: p2: an equal 60 each is more than v2 and v3 hold, so they pay their 50 each (100) and
    #   v0 pays the remaining 80: max payment 80, rho = 80/180 = 4/9, evc = 180/80 = 2.25.
    election = make_election([200, 150, 180], [[0, 2], [0, 1], [1, 2], [1, 2]], 400)
    outcome = equal_shares(election)
    assert ids(election, outcome.selected) == ["p1", "p2"]
    first, second = outcome.explanation["rounds"]
    assert first["tied_with"] == ["p2"]
    assert second["rho"] == "4/9"
    assert second["max_payment"] == 80.0
    assert second["effective_votes"] == 2.25
    assert second["partial_payers"] == 2 and second["partial_paid"] == 100.0
    assert second["full_payers"] == 1
    # p0 (200) is looked at again only in round 3 (its rho could not beat p2 before): its
    # supporters then hold v0 100 - 80 = 20 and v1 50: 70 < 200.
    assert outcome.explanation["not_bought"] == [
        {"project": "p0", "reason": "supporters_cannot_pay", "round": 3, "supporters_money": 70.0}
    ]


def test_cost_and_cardinality_utilities_give_different_outcomes():
    # 3 voters, budget 300: 100 each. p0 (300) approved by all; p1 (30) by v0 only.
    # Cost utility: rho(p0) = 300 / (3 * 300) = 1/3, rho(p1) = 30 / 30 = 1: p0 takes all money.
    # Cardinality: rho is the payment itself: p0 100, p1 30: p1 first, then v0 holds 70 and
    # p0 needs 300 from 270: dropped.
    election = make_election([300, 30], [[0, 1], [0], [0]], 300)
    assert ids(election, equal_shares(election).selected) == ["p0"]
    assert ids(election, equal_shares(election, utility="cardinality").selected) == ["p1"]


def test_points_are_utilities_on_cumulative_ballots():
    # 2 voters, budget 200: 100 each. p0 (100): v0 gives 3 points, v1 gives 1;
    # rho = 100 / 4 = 25 per point: v0 pays 75, v1 pays 25. p1 (100): v1 gives 2 points,
    # rho = 50 per point. p0 first; then v1 holds 75 < 100: p1 dropped.
    election = make_election([100, 100], [[0], [0, 1]], 200, points=[[3], [1, 2]])
    outcome = equal_shares(election, utility="points")
    assert ids(election, outcome.selected) == ["p0"]
    assert outcome.explanation["rounds"][0]["payment_per_point"] == 25.0


def test_nobody_supporting_or_free_means_not_bought_by_equal_shares():
    election = make_election([100, 100, 0], [[0, 2], [0]], 1000)
    outcome = equal_shares(election)
    assert ids(election, outcome.selected) == ["p0"]
    reasons = {row["project"]: row["reason"] for row in outcome.explanation["not_bought"]}
    assert reasons == {"p1": "no_supporters", "p2": "free"}


def test_budget_override():
    election = make_election([100, 100], [[0], [1]], 200)
    assert ids(election, equal_shares(election, budget=100).selected) == []
    assert ids(election, equal_shares(election, budget=200).selected) == ["p0", "p1"]


def test_add1_raises_the_share_until_the_next_project_fits():
    # 2 voters, budget 300.00 (30000 cents): 150.00 each. A (200.00) by v0, B (100.00) by v1.
    # MES: A needs 200 from v0's 150: dropped; B bought. 100 left and A fits there: not done.
    # add1: share 150 + k units. A is affordable from k = 50 (200 each): then A and B tie at
    # rho = 1, B is cheaper; both bought for 300.00 = the budget, exhaustive. Stop at k = 50.
    election = make_election([20000, 10000], [[0], [1]], 30000)
    outcome = add1(election)
    assert ids(election, outcome.selected) == ["p1", "p0"]
    assert outcome.explanation["add1_steps"] == 50
    assert outcome.explanation["per_voter"] == 20000.0
    assert outcome.cost == 30000


def test_add1_keeps_the_last_outcome_that_fits():
    # 3 voters, budget 90.00: 30.00 each. A (60.00) by v0 v1, B (60.00) by v2, C (30.00) by v2.
    # MES: A (30 each, evc 2), then C (v2 pays 30). B dropped. Cost 90: exhaustive. The loop
    # goes on with the same outcome up to 89.00 each (step 59); at 90.00 v2 can pay B as well,
    # 150.00 in all: over the budget, so the outcome of step 59 is kept.
    election = make_election([6000, 6000, 3000], [[0], [0], [1, 2]], 9000)
    outcome = add1(election)
    assert ids(election, outcome.selected) == ["p0", "p2"]
    assert outcome.explanation["add1_steps"] == 59
    assert add1(election, stop_when_exhaustive=True).explanation["add1_steps"] == 0
    # Budget 100.00: 33.33 each; A, then C; 10.00 left, nothing fits: exhaustive at once.
    assert ids(
        election, add1(make_election([6000, 6000, 3000], [[0], [0], [1, 2]], 10000)).selected
    ) == ["p0", "p2"]


def test_add1_goes_on_past_an_exhaustive_outcome_as_cities_count():
    # 4 voters, budget 600.00: 150.00 each. A (600.00) by v0 v1 v3, B (300.00) by v0 v2.
    # MES: A needs 600 from 450: dropped; B bought (v0, v2 pay 150). 300 left, A does not fit:
    # exhaustive. The cities' add1 goes on: at 200.00 each (step 50) A's supporters pay 200
    # each, A (effective votes 3) beats B (2) and is bought, 600.00 spent; B's supporters hold
    # s - 200 + s < 300 until 250.00 each (step 100), where both are bought for 900.00: over
    # the budget, so the loop keeps A, the outcome of step 99.
    election = make_election([60000, 30000], [[0, 1], [0], [1], [0]], 60000)
    outcome = add1(election)
    assert ids(election, outcome.selected) == ["p0"]
    assert outcome.explanation["add1_steps"] == 99
    assert outcome.explanation["add1_stop_when_exhaustive"] is False
    # equalshares.net's option to stop at the first exhaustive outcome keeps B.
    stopped = add1(election, stop_when_exhaustive=True)
    assert ids(election, stopped.selected) == ["p1"]
    assert stopped.explanation["add1_steps"] == 0
    assert stopped.explanation["add1_stop_when_exhaustive"] is True


def test_comparison_by_exclusion_ratio_counts_voters_with_something_funded():
    # 5 voters, budget 300.00. v0 v1 v2 approve A (200) and B (100); v3 approves C (100), v4 D
    # (100). add1 ends at 99.00 each (step 39) with B alone: at 100.00 each A, C and D become
    # affordable too and the outcome costs 500. Greedy by approvals funds A and B (300).
    election = make_election(
        [20000, 10000, 10000, 10000], [[0, 1], [0, 1], [0, 1], [2], [3]], 30000
    )
    assert ids(election, add1(election).selected) == ["p1"]
    # Satisfaction: v0 v1 v2 have two funded projects under greedy, one under equal shares.
    satisfaction = add1_comparison(election)
    assert satisfaction.explanation["comparison"] == {
        "measure": "satisfaction",
        "prefer_equal_shares": 0,
        "prefer_greedy": 3,
        "greedy_selected": ["p0", "p1"],
    }
    assert ids(election, satisfaction.selected) == ["p0", "p1"]
    # Exclusion ratio: the same three voters have something funded under either; v3 and v4
    # have nothing under either. A draw keeps equal shares.
    exclusion = add1_comparison(election, comparison="exclusion-ratio")
    assert exclusion.explanation["comparison"]["prefer_equal_shares"] == 3
    assert exclusion.explanation["comparison"]["prefer_greedy"] == 3
    assert exclusion.explanation["comparison_winner"] == "equal_shares"
    assert ids(election, exclusion.selected) == ["p1"]


def test_comparison_by_exclusion_ratio_picks_greedy_when_it_leaves_fewer_out():
    # 4 voters, budget 400: v0 v1 v2 approve A (400), v3 approves B (100). Equal shares funds B
    # (one voter covered); greedy funds A (three voters covered).
    election = make_election([40000, 10000], [[0], [0], [0], [1]], 40000)
    outcome = add1_comparison(election, comparison="exclusion-ratio")
    assert outcome.explanation["comparison"]["prefer_equal_shares"] == 1
    assert outcome.explanation["comparison"]["prefer_greedy"] == 3
    assert ids(election, outcome.selected) == ["p0"]


def test_unknown_comparison_is_refused():
    election = make_election([100], [[0]], 100)
    with pytest.raises(ValueError, match="unknown comparison"):
        add1_comparison(election, comparison="votes")


def test_comparison_step_picks_greedy_when_more_voters_prefer_it():
    # 4 voters, budget 400: v0 v1 v2 approve A (400), v3 approves B (100).
    # MES: A needs 400 from 300: dropped; B bought; 300 left, A does not fit: exhaustive.
    # Greedy by approvals: A (3) fits, then B does not. Three voters prefer greedy, one MES.
    election = make_election([40000, 10000], [[0], [0], [0], [1]], 40000)
    assert ids(election, add1(election).selected) == ["p1"]
    outcome = add1_comparison(election)
    assert ids(election, outcome.selected) == ["p0"]
    assert outcome.explanation["comparison"]["prefer_greedy"] == 3
    assert outcome.explanation["comparison"]["prefer_equal_shares"] == 1
    assert outcome.explanation["comparison_winner"] == "greedy"


def test_comparison_step_keeps_equal_shares_on_a_draw():
    # Two voters, one project each; MES buys both, greedy too: nobody prefers either.
    election = make_election([100, 100], [[0], [1]], 200)
    outcome = add1_comparison(election)
    assert outcome.explanation["comparison_winner"] == "equal_shares"
    assert ids(election, outcome.selected) == ["p0", "p1"]


def test_utilitarian_greedy_completes_by_approvals_and_skips_what_does_not_fit():
    # Budget 500, partial outcome {p0} (200). Left 300. By approvals: p2 (3) 250 fits, p1 (2)
    # 100 does not fit in 50, p3 (1) 50 fits. p4 has no supporters: never added.
    election = make_election([200, 100, 250, 50, 10], [[0, 1, 2], [1, 2], [2, 3]], 500)
    partial = Outcome(rule="mes", selected=(0,), cost=200)
    outcome = utilitarian_greedy(election, partial)
    assert ids(election, outcome.selected) == ["p0", "p2", "p3"]
    assert outcome.cost == 500
    assert outcome.explanation["greedy_added"] == ["p2", "p3"]
    assert outcome.rule == "mes+greedy"


@pytest.mark.parametrize(("budget", "expected"), [(500, ["p1", "p0", "p2"]), (400, ["p1", "p0"])])
def test_phragmen_by_hand(budget, expected):
    # v0 {A, B}, v1 {A}, v2 {C}; A 200, B 100, C 200.
    # Round 1: A (0 + 200) / 2 = 100, B 100 / 1 = 100, C 200: A and B tie, B is cheaper.
    #   v0's load 100. Round 2: A (100 + 0 + 200) / 2 = 150, C 200: A; loads v0 v1 150.
    # Round 3: C (200); spent 300 + 200 = 500: fits a budget of 500, not one of 400 (stop).
    election = make_election([200, 100, 200], [[0, 1], [0], [2]], budget)
    outcome = sequential_phragmen(election)
    assert ids(election, outcome.selected) == expected
    rounds = outcome.explanation["rounds"]
    assert [r["load"] for r in rounds][:2] == ["100/1", "150/1"]
    assert rounds[0]["tied_with"] == ["p0"]
    if budget == 400:
        assert "p2 does not fit" in outcome.explanation["stopped"]


def test_no_voters_no_projects_funded():
    election = make_election([100], [], 100)
    assert equal_shares(election).selected == ()
    assert add1(election).selected == ()
    assert sequential_phragmen(election).selected == ()


def test_unknown_utility_is_refused():
    election = make_election([100], [[0]], 100)
    with pytest.raises(ValueError, match="unknown utility"):
        equal_shares(election, utility="happiness")


def test_an_approval_named_twice_counts_once():
    twice = make_election([100, 100], [[0, 0], [1]], 200)
    once = make_election([100, 100], [[0], [1]], 200)
    assert [p.tolist() for p in group_voters(twice).points] == [[1], [1]]
    assert equal_shares(twice).explanation == equal_shares(once).explanation


def test_interval_certificate_keeps_exact_ties_between_identical_projects():
    # p0 and p1 cost 100 and have the same supporters: rho = 100 / (2 * 100) = 1/2 for both at
    # every share from 200 to 400 cents (nobody is ever short), a tie file order settles alike
    # throughout. Floating-point bounds alone would overlap and prove nothing.
    from fractions import Fraction

    from samskab.engine.pb.mes import prepare, run_mes
    from samskab.engine.pb.mes_bounds import certify

    election = make_election([100, 100, 300], [[0, 1], [0, 1], [2], [2]], 400)
    profile = prepare(election)
    assert certify(profile, 200.0, 400.0) == [0, 1, 2]
    for share in (200, 250, 400):
        assert run_mes(profile, Fraction(share)).selected == [0, 1, 2]
