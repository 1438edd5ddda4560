"""Sequential Phragmén for approval ballots, exact, with an explanation round by round.

Voters earn virtual money continuously from 0. A project is bought as soon as its supporters
together hold its cost; they spend all they hold, so afterwards each of them carries the same
*load*. Equivalently, in each round buy the project whose supporters would end with the smallest
load ``(sum of their loads + cost) / supporters``. Ties go to the cheaper project, then the one
with more supporters, then file order. The rule stops at the first chosen project that no longer
fits in the budget (as in Los, Christoff and Grossi's formulation for budgets, and in
``pabutools``). Projects nobody approves, or dearer than the whole budget, are never considered.

Loads are compared in floating point and recomputed exactly (fractions) whenever two are within
a relative 1e-9: every voter's load is the load set in the last round that bought a project they
approve, so a project's load sum is a short sum over rounds.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from samskab.engine.pb.election import Election
from samskab.engine.pb.explanations import PhragmenExplanation, PhragmenRound
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.voter_types import group_voters

_REL = 1e-9


def sequential_phragmen(election: Election, *, utility: str = "cost") -> Outcome:
    """``utility`` is accepted for the common rule signature; Phragmén counts approvals only."""
    del utility
    types = group_voters(election)
    weights = types.weights
    costs = [project.cost for project in election.projects]
    remaining = [
        j for j in range(len(costs)) if types.approvals[j] > 0 and costs[j] <= election.budget
    ]
    # last[t]: the round whose load type t carries (0: no project bought yet, load 0).
    last = np.zeros(types.num_types, dtype=np.int64)
    loads: list[Fraction] = [Fraction(0)]
    loads_f = [0.0]
    spent = 0
    selected: list[int] = []
    rounds: list[PhragmenRound] = []
    stop_reason = "nothing left to buy"

    def load_sum_by_round(project: int) -> list[int]:
        supporters = types.supporters[project]
        counts = np.bincount(last[supporters], weights=weights[supporters], minlength=len(loads))
        return [int(c) for c in counts]

    def exact_load(project: int) -> Fraction:
        counts = load_sum_by_round(project)
        total = sum(
            (load * count for load, count in zip(loads, counts, strict=True) if count), Fraction(0)
        )
        return (total + costs[project]) / types.approvals[project]

    while remaining:
        approx = {}
        for project in remaining:
            counts = np.bincount(
                last[types.supporters[project]],
                weights=weights[types.supporters[project]].astype(np.float64),
                minlength=len(loads),
            )
            approx[project] = (
                float(counts @ np.array(loads_f)) + costs[project]
            ) / types.approvals[project]
        lowest = min(approx.values())
        close = [j for j in remaining if approx[j] <= lowest * (1 + _REL) + 1e-12]
        exact = {j: exact_load(j) for j in close}
        best = min(exact.values())
        tied = sorted(
            (j for j in close if exact[j] == best),
            key=lambda j: (costs[j], -types.approvals[j], j),
        )
        chosen = tied[0]
        if spent + costs[chosen] > election.budget:
            stop_reason = f"{election.projects[chosen].id} does not fit in the remaining budget"
            break
        loads.append(best)
        loads_f.append(float(best))
        last[types.supporters[chosen]] = len(loads) - 1
        spent += costs[chosen]
        selected.append(chosen)
        remaining.remove(chosen)
        entry: PhragmenRound = {
            "round": len(selected),
            "project": election.projects[chosen].id,
            "cost": costs[chosen],
            "supporters": types.approvals[chosen],
            "load": f"{best.numerator}/{best.denominator}",
            "load_cents": round(float(best), 4),
        }
        if len(tied) > 1:
            entry["tied_with"] = [election.projects[j].id for j in tied[1:]]
        rounds.append(entry)
    return Outcome(
        rule="phragmen",
        selected=tuple(selected),
        cost=spent,
        explanation=PhragmenExplanation(rounds=rounds, stopped=stop_reason),
    )
