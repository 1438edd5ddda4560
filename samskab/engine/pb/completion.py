"""Completing an outcome that leaves money unspent: add1, the comparison step, greedy.

``add1`` is the completion the cities using equal shares run: take MES at the real budget,
then raise every voter's share to the whole currency unit below ``budget / voters`` plus 1, 2,
3... units and rerun MES, while the outcome costs no more than the real budget; keep the last
outcome that fits. The loop goes on past an outcome that is exhaustive (nothing else fits in
what is left), since a larger share can still change which projects MES buys; it ends when an
outcome costs more than the budget, or when every fundable project is bought (a larger share
cannot change that outcome). Every real equal-shares outcome we know of follows this loop.
equalshares.net also offers to stop at the first exhaustive outcome:
``stop_when_exhaustive=True`` (``samskab pb tally --add1-stop-when-exhaustive``).

The plain loop may need thousands of MES runs. This one asks ``mes_bounds.certify`` whether a
whole run of steps ``step+1 .. step+stride`` gives one and the same outcome (sound interval
bounds, see there); if so it takes all of them at once and doubles the stride, if not it halves
the stride, down to one ordinary MES run. Steps with the same funded set have the same cost and
the same exhaustiveness, so the plain loop would walk through such a run of steps without
stopping, or stop at its first step; the fast loop stops where the plain loop stops and returns
the same outcome, in both variants. The tests compare both on random and real elections.

The comparison step (``add1_comparison``) then sets the outcome against plain greedy by
approvals and keeps greedy if more voters prefer it. Two measures, as on equalshares.net:
``satisfaction`` (the default: a voter prefers the outcome that funds more of the projects they
approve) and ``exclusion-ratio`` (the outcome under which more voters have at least one approved
project funded wins). A draw keeps equal shares.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from samskab.engine.pb.election import Election
from samskab.engine.pb.mes import MesProfile, MesRun, outcome_of, prepare, run_mes
from samskab.engine.pb.mes_bounds import certify
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.voter_types import group_voters

UNIT = 100  # cents: add1 raises each voter's share by one whole currency unit at a time


def is_exhaustive(election: Election, selected: tuple[int, ...] | list[int]) -> bool:
    """True if no unselected project fits in the money the selection leaves."""
    chosen = set(selected)
    left = election.budget - sum(election.projects[j].cost for j in chosen)
    return all(
        project.cost > left for j, project in enumerate(election.projects) if j not in chosen
    )


COMPARISONS = ("satisfaction", "exclusion-ratio")


def _done(profile: MesProfile, selected: list[int], stop_when_exhaustive: bool) -> bool:
    # Raising the share cannot change an outcome that buys every fundable project.
    if len(selected) == len(profile.eligible):
        return True
    return stop_when_exhaustive and is_exhaustive(profile.election, selected)


def _share(base: int, step: int) -> Fraction:
    return Fraction(base + UNIT * step)


def add1(
    election: Election, *, utility: str = "cost", stop_when_exhaustive: bool = False
) -> Outcome:
    """Equal shares completed by add1 (see the module notes); the same outcome as the plain loop.

    The explanation is MES's at the final share, plus ``add1_steps`` (units added per voter),
    ``add1_stop_when_exhaustive`` and the work done (``mes_runs``, ``interval_checks``).
    """
    profile = prepare(election, utility)
    voters = election.num_voters
    if voters == 0:
        return outcome_of(
            profile,
            MesRun(Fraction(0)),
            "mes-add1",
            add1_steps=0,
            add1_stop_when_exhaustive=stop_when_exhaustive,
            mes_runs=0,
        )
    budget = election.budget
    base = (budget // (UNIT * voters)) * UNIT
    run = run_mes(profile, Fraction(budget, voters))
    runs, intervals = 1, 0
    step, selected = 0, list(run.selected)  # the plain loop's state: its step and outcome
    kept = run  # the last ordinary run the loop took, to explain the outcome without a rerun
    stride, grow = 2, True
    # Where outcomes change at nearly every step (many voter types), checks fail; after a failed
    # check wait for 1, 2, 4 ... 32 ordinary runs before the next.
    cooldown, wait = 0, 1
    while not _done(profile, selected, stop_when_exhaustive):
        # Steps step+1 .. step+stride at once, if one outcome is certain for all of them.
        certain = None
        if stride > 1 and cooldown == 0:
            intervals += 1
            low, high = float(_share(base, step + 1)), float(_share(base, step + stride))
            certain = certify(profile, low, high)
            if certain is None:
                grow = False  # after a failure, hold the stride that works before doubling
                if stride > 2:
                    stride //= 2
                    continue
                cooldown, wait = wait, min(2 * wait, 32)
        if certain is None:
            run = run_mes(profile, _share(base, step + 1))
            runs += 1
            certain, span = list(run.selected), 1
            cooldown = max(0, cooldown - 1)
        else:
            span, wait = stride, 1
            if grow:
                stride *= 2
            grow = True
        if _cost(profile, certain) > budget:
            break  # the plain loop stops at step + 1 and keeps its current outcome
        if span > 1 and _done(profile, certain, stop_when_exhaustive):
            span = 1  # the plain loop would stop at the first step of the interval
        step, selected = step + span, certain
        if span == 1 and run.per_voter == _share(base, step):
            kept = run
    run = kept
    if list(run.selected) != selected or run.per_voter != _share_at(base, step, budget, voters):
        run = run_mes(profile, _share_at(base, step, budget, voters))
        runs += 1
    return outcome_of(
        profile,
        run,
        "mes-add1",
        add1_steps=step,
        add1_stop_when_exhaustive=stop_when_exhaustive,
        mes_runs=runs,
        interval_checks=intervals,
    )


def _cost(profile: MesProfile, selected: list[int]) -> int:
    return sum(profile.costs[j] for j in selected)


def _share_at(base: int, step: int, budget: int, voters: int) -> Fraction:
    return Fraction(budget, voters) if step == 0 else _share(base, step)


def utilitarian_greedy(election: Election, partial: Outcome, *, rule: str = "") -> Outcome:
    """Add projects to ``partial`` by support (approvals, or points), skipping what does not fit.

    Ties follow file order. Projects nobody supports are never added.
    """
    types = group_voters(election)
    if election.vote_type in ("cumulative", "scoring"):
        support = [
            int(np.dot(types.weights[s], p))
            for s, p in zip(types.supporters, types.points, strict=True)
        ]
    else:
        support = list(types.approvals)
    chosen = list(partial.selected)
    left = election.budget - partial.cost
    added = []
    for j in sorted(range(len(election.projects)), key=lambda j: (-support[j], j)):
        if j in chosen or support[j] == 0:
            continue
        cost = election.projects[j].cost
        if cost <= left:
            chosen.append(j)
            added.append(election.projects[j].id)
            left -= cost
    explanation = dict(partial.explanation)
    explanation["greedy_added"] = added
    return Outcome(
        rule=rule or (f"{partial.rule}+greedy" if partial.rule else "greedy-completion"),
        selected=tuple(chosen),
        cost=election.budget - left,
        explanation=explanation,
    )


def _preferences(
    election: Election, first: Outcome, second: Outcome, comparison: str = "satisfaction"
) -> tuple[int, int]:
    """How many voters prefer ``first``, and ``second``, by the comparison measure.

    ``satisfaction``: voters who approve more funded projects under one outcome than under the
    other. ``exclusion-ratio``: voters who have at least one approved project funded under
    each outcome (the outcome that leaves fewer voters with nothing wins)."""
    types = group_voters(election)
    count_first = np.zeros(types.num_types, dtype=np.int64)
    count_second = np.zeros(types.num_types, dtype=np.int64)
    for j in first.selected:
        count_first[types.supporters[j]] += 1
    for j in second.selected:
        count_second[types.supporters[j]] += 1
    w = types.weights
    if comparison == "exclusion-ratio":
        return int(w[count_first > 0].sum()), int(w[count_second > 0].sum())
    return int(w[count_first > count_second].sum()), int(w[count_second > count_first].sum())


def add1_comparison(
    election: Election,
    *,
    utility: str = "cost",
    stop_when_exhaustive: bool = False,
    comparison: str = "satisfaction",
) -> Outcome:
    """add1, then the comparison step: greedy wins if more voters prefer it (see the module
    notes for the two measures)."""
    if comparison not in COMPARISONS:
        raise ValueError(
            f"unknown comparison {comparison!r}; choose one of {', '.join(COMPARISONS)}"
        )
    mes = add1(election, utility=utility, stop_when_exhaustive=stop_when_exhaustive)
    greedy = utilitarian_greedy(election, Outcome(rule="", selected=(), cost=0), rule="greedy")
    prefer_mes, prefer_greedy = _preferences(election, mes, greedy, comparison)
    comparison_record = {
        "measure": comparison,
        "prefer_equal_shares": prefer_mes,
        "prefer_greedy": prefer_greedy,
        "greedy_selected": [election.projects[j].id for j in greedy.selected],
    }
    winner = greedy if prefer_greedy > prefer_mes else mes
    explanation = dict(mes.explanation)
    explanation["comparison"] = comparison_record
    explanation["comparison_winner"] = "greedy" if winner is greedy else "equal_shares"
    return Outcome(
        rule="mes-add1-comparison",
        selected=winner.selected,
        cost=winner.cost,
        explanation=explanation,
    )
