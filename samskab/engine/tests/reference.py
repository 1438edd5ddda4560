"""Textbook implementations for the tests: one voter at a time, exact fractions, no shortcuts.

They are slow and plainly correct; the engine's fast rules must agree with them.
"""

from __future__ import annotations

from fractions import Fraction

from samskab.engine.pb.completion import UNIT, is_exhaustive
from samskab.engine.pb.election import Election


def utilities(election: Election, utility: str) -> list[dict[int, int]]:
    """Per voter: project -> utility (positive only)."""
    result: list[dict[int, int]] = []
    for voter in range(election.num_voters):
        start, end = election.ballot_offsets[voter], election.ballot_offsets[voter + 1]
        row: dict[int, int] = {}
        for at in range(start, end):
            project = int(election.ballot_projects[at])
            points = 1 if election.ballot_points is None else int(election.ballot_points[at])
            if points > 0:
                row[project] = row.get(project, 0) + points
        for project, points in list(row.items()):
            cost = election.projects[project].cost
            row[project] = {"cost": points * cost, "cardinality": 1, "points": points}[utility]
        result.append({j: u for j, u in row.items() if u > 0})
    return result


def reference_mes(election: Election, per_voter: Fraction, utility: str = "cost") -> list[int]:
    utils = utilities(election, utility)
    costs = [p.cost for p in election.projects]
    supporters = {j: [i for i, row in enumerate(utils) if j in row] for j in range(len(costs))}
    approvals = {j: len(s) for j, s in supporters.items()}
    money = [per_voter] * election.num_voters
    remaining = [j for j in range(len(costs)) if costs[j] > 0 and supporters[j]]
    selected: list[int] = []
    while True:
        best: tuple[tuple[Fraction, int, int, int], int, Fraction] | None = None
        for j in list(remaining):
            sup = supporters[j]
            if sum(money[i] for i in sup) < costs[j]:
                remaining.remove(j)
                continue
            ordered = sorted(sup, key=lambda i: money[i] / utils[i][j])
            paid, rest = Fraction(0), sum(utils[i][j] for i in sup)
            rho = Fraction(costs[j], rest)
            for i in ordered:
                rho = (costs[j] - paid) / rest
                if money[i] >= rho * utils[i][j]:
                    break
                paid += money[i]
                rest -= utils[i][j]
            key = (rho, costs[j], -approvals[j], j)
            if best is None or key < best[0]:
                best = (key, j, rho)
        if best is None:
            return selected
        _, j, rho = best
        for i in supporters[j]:
            money[i] -= min(money[i], rho * utils[i][j])
        selected.append(j)
        remaining.remove(j)


def plain_add1(
    election: Election, utility: str = "cost", stop_when_exhaustive: bool = False
) -> tuple[list[int], int]:
    """The add1 loop exactly as described: one full MES per step. Returns (outcome, steps).

    It raises the share while the outcome fits, past exhaustive outcomes, until every fundable
    project is bought; or, with ``stop_when_exhaustive``, stops at the first exhaustive one."""
    voters, budget = election.num_voters, election.budget
    costs = [p.cost for p in election.projects]
    utils = utilities(election, utility)
    eligible = {j for row in utils for j in row if costs[j] > 0}
    selected = reference_mes(election, Fraction(budget, voters), utility)
    base = (budget // (UNIT * voters)) * UNIT
    step = 0
    while set(selected) != eligible and not (
        stop_when_exhaustive and is_exhaustive(election, selected)
    ):
        following = reference_mes(election, Fraction(base + UNIT * (step + 1)), utility)
        if sum(costs[j] for j in following) > budget:
            break
        step, selected = step + 1, following
    return selected, step


def reference_phragmen(election: Election) -> list[int]:
    utils = utilities(election, "cardinality")
    costs = [p.cost for p in election.projects]
    supporters = {j: [i for i, row in enumerate(utils) if j in row] for j in range(len(costs))}
    load = [Fraction(0)] * election.num_voters
    remaining = [j for j in range(len(costs)) if supporters[j] and costs[j] <= election.budget]
    selected: list[int] = []
    spent = 0
    while remaining:

        def new_load(j: int) -> Fraction:
            return (sum((load[i] for i in supporters[j]), Fraction(0)) + costs[j]) / len(
                supporters[j]
            )

        j = min(remaining, key=lambda j: (new_load(j), costs[j], -len(supporters[j]), j))
        if spent + costs[j] > election.budget:
            break
        value = new_load(j)
        for i in supporters[j]:
            load[i] = value
        spent += costs[j]
        selected.append(j)
        remaining.remove(j)
    return selected
