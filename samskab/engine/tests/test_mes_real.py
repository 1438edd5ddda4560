"""Equal shares, add1, greedy completion and Phragmén on real Pabulib elections.

Cross-checked against ``pabutools`` (a GPL dev dependency, used here as an oracle only). Its
default tie-break orders projects by name; we hand it ours (cheaper first, then more
approvals, then file order) through its ``TieBreakingRule`` so that both break ties alike.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat, parse_pabulib
from pabutools.rules import (
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.rules import (
    sequential_phragmen as pabutools_phragmen,
)
from pabutools.tiebreaking import TieBreakingRule

from samskab.engine.pabulib import read_election
from samskab.engine.pb.completion import UNIT, add1, is_exhaustive, utilitarian_greedy
from samskab.engine.pb.election import Election
from samskab.engine.pb.mes import equal_shares, explain_run, prepare, run_mes
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.phragmen import sequential_phragmen
from samskab.engine.tests.conftest import pabulib_dir

SAMPLE = [
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Netherlands_Amsterdam_166.pb",
    "Poland_Gdynia_2020_Babie_Doly__small.pb",
    "Poland_Gdynia_2022_Orlowo__small.pb",
    "Poland_Gdynia_2025_Kamienna_Gora__small.pb",
    "Poland_Warszawa_2017_Chomiczowka.pb",
    "Poland_Warszawa_2018_Radosc.pb",
    "Poland_Warszawa_2019_Okecie.pb",
    "Poland_Warszawa_2026_Miedzylesie_Radosc.pb",
    "Poland_Warszawa_2026_Tarchomin.pb",
    "Poland_Swiecie_2023.pb",
]

_cache: dict[str, Election] = {}


def load(name: str) -> Election:
    if name not in _cache:
        _cache[name] = read_election(pabulib_dir() / name).election
    return _cache[name]


def ids(election: Election, selected: tuple[int, ...] | list[int]) -> list[str]:
    return [election.projects[j].id for j in selected]


def plain_add1(
    election: Election, utility: str, stop_when_exhaustive: bool = False
) -> tuple[list[int], int]:
    """The add1 loop with one full MES run per step (the engine's own exact MES)."""
    profile = prepare(election, utility)
    voters, budget = election.num_voters, election.budget
    selected = run_mes(profile, Fraction(budget, voters)).selected
    base = (budget // (UNIT * voters)) * UNIT
    step = 0
    while len(selected) != len(profile.eligible) and not (
        stop_when_exhaustive and is_exhaustive(election, selected)
    ):
        following = run_mes(profile, Fraction(base + UNIT * (step + 1))).selected
        if sum(profile.costs[j] for j in following) > budget:
            break
        step, selected = step + 1, following
    return selected, step


def test_swiecie_2023_official_equal_shares_outcome_is_reproduced():
    election = load("Poland_Swiecie_2023.pb")
    assert election.meta["rule"] == "equalshares/add1"
    official = {p.id for p in election.projects if p.extra.get("selected") == "1"}
    outcome = add1(election)
    assert set(ids(election, outcome.selected)) == official
    assert outcome.cost <= election.budget
    # Plain MES alone leaves money that add1 puts to use.
    assert equal_shares(election).cost < outcome.cost


# Amsterdam 166 (275 steps) and Warszawa 2019 Okęcie (819 steps) make the plain loop slow.
HEAVY = {"Netherlands_Amsterdam_166.pb", "Poland_Warszawa_2019_Okecie.pb"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in HEAVY else n for n in SAMPLE]
)
@pytest.mark.parametrize("utility", ["cost", "cardinality"])
@pytest.mark.parametrize("stop_when_exhaustive", [False, True])
def test_fast_add1_equals_the_plain_loop_on_real_elections(name, utility, stop_when_exhaustive):
    election = load(name)
    expected, steps = plain_add1(election, utility, stop_when_exhaustive)
    outcome = add1(election, utility=utility, stop_when_exhaustive=stop_when_exhaustive)
    assert list(outcome.selected) == expected
    assert outcome.explanation["add1_steps"] == steps


@pytest.mark.parametrize("name", [n for n in SAMPLE if n not in HEAVY])
@pytest.mark.parametrize("utility", ["cost", "cardinality"])
def test_add1_explains_its_outcome_as_a_fresh_mes_run_at_the_final_share(name, utility):
    # add1 reuses the last MES run it took when that run gave the outcome; a fresh run must
    # explain it the same, round by round.
    election = load(name)
    outcome = add1(election, utility=utility)
    voters, budget, step = election.num_voters, election.budget, outcome.explanation["add1_steps"]
    share = (
        Fraction(budget, voters)
        if step == 0
        else Fraction(budget // (UNIT * voters) * UNIT + UNIT * step)
    )
    profile = prepare(election, utility)
    fresh = explain_run(profile, run_mes(profile, share))
    assert {key: outcome.explanation[key] for key in fresh} == fresh


# -- pabutools as an oracle --------------------------------------------------------------------

_parsed: dict[str, tuple[object, object]] = {}


def pabutools_election(name: str) -> tuple[object, object, TieBreakingRule]:
    if name not in _parsed:
        _parsed[name] = parse_pabulib(str(Path(pabulib_dir()) / name))
    instance, profile = _parsed[name]
    order = {p.id: index for index, p in enumerate(load(name).projects)}
    tie_break = TieBreakingRule(
        lambda inst, prof, project: (
            project.cost,
            -prof.approval_score(project),
            order[project.name],
        )
    )
    return instance, profile, tie_break


def names(allocation: object) -> set[str]:
    return {project.name for project in allocation}  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", SAMPLE)
@pytest.mark.parametrize(("utility", "sat"), [("cost", Cost_Sat), ("cardinality", Cardinality_Sat)])
def test_equal_shares_agrees_with_pabutools(name, utility, sat):
    instance, profile, tie_break = pabutools_election(name)
    theirs = method_of_equal_shares(instance, profile, sat_class=sat, tie_breaking=tie_break)
    election = load(name)
    assert set(ids(election, equal_shares(election, utility=utility).selected)) == names(theirs)


@pytest.mark.parametrize("name", SAMPLE)
def test_greedy_completion_agrees_with_pabutools_greedy(name):
    # With cost satisfaction pabutools' greedy orders by total satisfaction / cost = approvals.
    # It also funds projects nobody approves if money is left at the end; we never do.
    # Greedy breaks ties by file order alone, as the official greedy outcomes do (in Gdynia
    # 2020 Babie Doły projects 1 and 5 tie on 101 votes and 1, first in the file, is funded).
    instance, profile, _ = pabutools_election(name)
    election = load(name)
    order = {p.id: index for index, p in enumerate(election.projects)}
    file_order = TieBreakingRule(lambda inst, prof, project: order[project.name])
    theirs = greedy_utilitarian_welfare(
        instance, profile, sat_class=Cost_Sat, tie_breaking=file_order
    )
    ours = utilitarian_greedy(election, Outcome(rule="", selected=(), cost=0))
    approved = {election.projects[j].id for j in set(election.ballot_projects.tolist())}
    assert set(ids(election, ours.selected)) == names(theirs) & approved


@pytest.mark.parametrize("name", SAMPLE)
def test_phragmen_agrees_with_pabutools(name):
    instance, profile, tie_break = pabutools_election(name)
    theirs = pabutools_phragmen(instance, profile, tie_breaking=tie_break)
    election = load(name)
    assert set(ids(election, sequential_phragmen(election).selected)) == names(theirs)


POINT_SAMPLE = [
    "Poland_Czestochowa_2020_Bleszno.pb",
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Poland_Czestochowa_2024_Gnaszyn_-_Kawodrza.pb",
]


@pytest.mark.parametrize("name", POINT_SAMPLE)
def test_equal_shares_with_points_agrees_with_pabutools(name):
    # Cumulative ballots: a voter's utility for a project is the points they gave it.
    instance, profile, _ = pabutools_election(name)
    election = load(name)
    assert election.vote_type == "cumulative"
    order = {p.id: index for index, p in enumerate(election.projects)}
    approvals = {
        election.projects[j].id: count
        for j, count in enumerate(np.bincount(election.ballot_projects, minlength=len(order)))
    }
    tie_break = TieBreakingRule(
        lambda inst, prof, project: (project.cost, -approvals[project.name], order[project.name])
    )
    theirs = method_of_equal_shares(
        instance, profile, sat_class=Additive_Cardinal_Sat, tie_breaking=tie_break
    )
    assert set(ids(election, equal_shares(election, utility="points").selected)) == names(theirs)
