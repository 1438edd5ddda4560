"""The greedy family of counting rules, as the cities in Pabulib use them.

All three order the projects by their support, highest first, then walk down that order:

- ``greedy``: fund each project that still fits in the remaining budget; skip the others.
- ``greedy-no-skip``: fund projects until the first that does not fit, then stop.
- ``greedy-threshold``: like ``greedy``, but only projects whose support reaches META
  ``min_project_score_threshold`` (support >= threshold) are eligible.

Support is counted from the ballots, never taken from the file's `votes`/`score` columns (the
explanation lists where those columns disagree with the ballots):

- approval and choose-1: the number of times the project is named on a ballot (a ballot that
  names a project twice counts twice, as the cities' own `votes` columns do);
- cumulative and scoring: the sum of the points given to the project;
- ordinal: the points given where the file has a `points` column; otherwise Borda points,
  ``k - position`` (position 0 for the first choice) with ``k`` the META ``max_length``, or the
  ballot's own length where there is no ``max_length``.

Ties in support follow ``tie_break`` (project indices, earliest first), by default the order of
the projects in the file, which is what the official outcomes do.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from samskab.engine.pb.election import Election, IntArray
from samskab.engine.pb.explanations import ColumnDisagreement, GreedyExplanation, GreedyStep
from samskab.engine.pb.outcome import Outcome

UTILITIES = ("cost", "cardinality")

FUNDED = "funded"
SKIPPED = "skipped"  # does not fit in what is left of the budget
BELOW_THRESHOLD = "below-threshold"
STOPPED = "stopped"  # greedy-no-skip: at or after the first project that does not fit


def support(election: Election) -> IntArray:
    """Each project's support counted from the ballots (see the module docstring)."""
    count = len(election.projects)
    chosen = election.ballot_projects
    if election.vote_type in ("approval", "choose-1"):
        return np.bincount(chosen, minlength=count).astype(np.int64)
    if election.ballot_points is not None:
        return _weighted(chosen, election.ballot_points, count)
    if election.vote_type == "ordinal":
        lengths = np.diff(election.ballot_offsets)
        positions = np.arange(len(chosen), dtype=np.int64) - np.repeat(
            election.ballot_offsets[:-1], lengths
        )
        top = _meta_int(election, "max_length")
        first = np.repeat(lengths, lengths) if top is None else np.int64(top)
        return _weighted(chosen, first - positions, count)
    raise ValueError(f"{election.vote_type} ballots need points to count support")


def support_name(election: Election) -> str:
    if election.vote_type in ("approval", "choose-1"):
        return "votes"
    return "score"


def greedy(
    election: Election, /, *, utility: str = "cost", tie_break: Sequence[int] | None = None
) -> Outcome:
    """Fund projects by support, skipping those that no longer fit."""
    return _walk(
        election,
        "greedy",
        utility,
        tie_break,
        stop_at_first_misfit=False,
        threshold=_meta_int(election, "min_project_score_threshold"),
    )


def greedy_no_skip(
    election: Election, /, *, utility: str = "cost", tie_break: Sequence[int] | None = None
) -> Outcome:
    """Fund projects by support until the first that does not fit."""
    return _walk(
        election,
        "greedy-no-skip",
        utility,
        tie_break,
        stop_at_first_misfit=True,
        threshold=_meta_int(election, "min_project_score_threshold"),
    )


def greedy_threshold(
    election: Election, /, *, utility: str = "cost", tie_break: Sequence[int] | None = None
) -> Outcome:
    """Like greedy, among the projects whose support reaches META min_project_score_threshold."""
    threshold = _meta_int(election, "min_project_score_threshold")
    if threshold is None:
        raise ValueError("greedy-threshold needs META min_project_score_threshold")
    return _walk(
        election,
        "greedy-threshold",
        utility,
        tie_break,
        stop_at_first_misfit=False,
        threshold=threshold,
    )


def _walk(
    election: Election,
    rule: str,
    utility: str,
    tie_break: Sequence[int] | None,
    *,
    stop_at_first_misfit: bool,
    threshold: int | None,
) -> Outcome:
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}: choose one of {', '.join(UTILITIES)}")
    supports = support(election).tolist()
    count = len(election.projects)
    rank = _tie_rank(tie_break, count)
    order = sorted(range(count), key=lambda p: (-supports[p], rank[p]))
    remaining = election.budget
    selected: list[int] = []
    steps: list[GreedyStep] = []
    stopped = False
    for position in order:
        project = election.projects[position]
        before = remaining
        if threshold is not None and supports[position] < threshold:
            status = BELOW_THRESHOLD
        elif stopped:
            status = STOPPED
        elif project.cost <= remaining:
            status = FUNDED
            remaining -= project.cost
            selected.append(position)
        elif stop_at_first_misfit:
            status = STOPPED
            stopped = True
        else:
            status = SKIPPED
        steps.append(
            {
                "project": project.id,
                "support": supports[position],
                "cost_cents": project.cost,
                "remaining_before_cents": before,
                "status": status,
            }
        )
    explanation: GreedyExplanation = {
        "support": support_name(election),
        "budget_cents": election.budget,
        "leftover_cents": remaining,
        "tie_break": "file order" if tie_break is None else "given order",
        "order": steps,
        "column_disagreements": _column_disagreements(election, supports),
    }
    if threshold is not None:
        explanation["threshold"] = threshold
    return Outcome(
        rule=rule,
        selected=tuple(selected),
        cost=election.budget - remaining,
        explanation=explanation,
    )


def _tie_rank(tie_break: Sequence[int] | None, count: int) -> list[int]:
    if tie_break is None:
        return list(range(count))
    if sorted(tie_break) != list(range(count)):
        raise ValueError("tie_break must list every project index exactly once")
    rank = [0] * count
    for place, project in enumerate(tie_break):
        rank[project] = place
    return rank


def _column_disagreements(election: Election, supports: list[int]) -> list[ColumnDisagreement]:
    """Projects whose `votes`/`score` column differs from the support counted from ballots."""
    column = support_name(election)
    found: list[ColumnDisagreement] = []
    for project, counted in zip(election.projects, supports, strict=True):
        stated = project.extra.get(column, "").strip()
        if stated and _as_number(stated) != counted:
            found.append({"project": project.id, "column": stated, "ballots": counted})
    return found


def _as_number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _weighted(chosen: IntArray, weights: IntArray, count: int) -> IntArray:
    totals = np.zeros(count, dtype=np.int64)
    np.add.at(totals, chosen, weights)
    return totals


def _meta_int(election: Election, key: str) -> int | None:
    value = election.meta.get(key, "").strip().replace(",", ".")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"META {key} {value!r} is not a number") from None
    if not number.is_integer():
        raise ValueError(f"META {key} {value!r} is not a whole number")
    if abs(number) >= 10**12:  # no count needs more; keeps every sum of points within int64
        raise ValueError(f"META {key} {value!r} is too large to count with")
    return int(number)
