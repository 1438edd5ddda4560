"""The shapes of the rules' explanations: what each rule returns in ``Outcome.explanation``.

Explanations are JSON (stored with a result, served by the API, printed by ``samskab pb tally
--format json``), so they are ``TypedDict``s: plain dicts at run time, checked key by key by
mypy wherever they are built or read. A key marked ``NotRequired`` is there only for some
rules or ballots (say which in the comment).
"""

# No `from __future__ import annotations` here: with string annotations Python 3.11 cannot see
# NotRequired, and every key would count as required in __required_keys__ (the tests read it).
from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict, cast

# -- greedy ------------------------------------------------------------------------------


class GreedyStep(TypedDict):
    """One project in support order, and what the count did with it."""

    project: str
    support: int
    cost_cents: int
    remaining_before_cents: int
    status: str  # funded | skipped | below-threshold | stopped


class ColumnDisagreement(TypedDict):
    """A project whose `votes`/`score` column differs from the support counted from ballots."""

    project: str
    column: str  # the file's value, as written
    ballots: int


class GreedyExplanation(TypedDict):
    support: str  # "votes" (approval, choose-1) or "score"
    budget_cents: int
    leftover_cents: int
    tie_break: str
    order: list[GreedyStep]
    column_disagreements: list[ColumnDisagreement]
    threshold: NotRequired[int]  # greedy-threshold only


# -- equal shares ------------------------------------------------------------------------


class MesRoundRecord(TypedDict):
    """One round of equal shares: the project bought and who paid."""

    round: int
    project: str
    cost: int  # cents
    rho: str  # exact, "numerator/denominator"
    supporters: int
    full_payers: int
    partial_payers: int
    partial_paid: float  # cents, all partial payers together
    max_payment: NotRequired[float]  # uniform utilities (approval ballots): cents
    effective_votes: NotRequired[float | None]  # uniform utilities
    payment_per_point: NotRequired[float]  # points utilities
    tied_with: NotRequired[list[str]]


class NotBought(TypedDict):
    """A project equal shares did not buy, and why."""

    project: str
    reason: str  # no_supporters | free | supporters_cannot_pay
    round: NotRequired[int]  # supporters_cannot_pay: the round it was dropped in
    supporters_money: NotRequired[float]  # supporters_cannot_pay: what they held, cents


class Comparison(TypedDict):
    """The comparison step of mes-add1-comparison."""

    measure: str  # satisfaction | exclusion-ratio
    prefer_equal_shares: int
    prefer_greedy: int
    greedy_selected: list[str]


class MesExplanation(TypedDict):
    utility: str
    per_voter: float  # cents
    voter_types: int
    rounds: list[MesRoundRecord]
    not_bought: list[NotBought]
    add1_steps: NotRequired[int]  # mes-add1 and mes-add1-comparison
    add1_stop_when_exhaustive: NotRequired[bool]
    mes_runs: NotRequired[int]
    interval_checks: NotRequired[int]
    comparison: NotRequired[Comparison]  # mes-add1-comparison
    comparison_winner: NotRequired[str]  # greedy | equal_shares
    greedy_added: NotRequired[list[str]]  # an outcome completed by utilitarian greedy


# -- Phragmén ----------------------------------------------------------------------------


class PhragmenRound(TypedDict):
    round: int
    project: str
    cost: int  # cents
    supporters: int
    load: str  # exact, "numerator/denominator"
    load_cents: float
    tied_with: NotRequired[list[str]]


class PhragmenExplanation(TypedDict):
    rounds: list[PhragmenRound]
    stopped: str  # why the count stopped


Explanation = GreedyExplanation | MesExplanation | PhragmenExplanation


def greedy_explanation(explanation: Mapping[str, Any]) -> GreedyExplanation:
    """A greedy rule's ``Outcome.explanation`` (or its stored JSON) as its type."""
    if "order" not in explanation or "support" not in explanation:
        raise ValueError("not a greedy explanation")
    return cast(GreedyExplanation, explanation)


def mes_explanation(explanation: Mapping[str, Any]) -> MesExplanation:
    """An equal-shares rule's ``Outcome.explanation`` (or its stored JSON) as its type."""
    if "rounds" not in explanation or "not_bought" not in explanation:
        raise ValueError("not an equal-shares explanation")
    return cast(MesExplanation, explanation)
