"""The one adapter between the borgerbudget and the counting engine.

Current ballots (one per voter, counted channels only) become an engine ``Election``:

- every current ballot is a voter, an empty one too (a process may allow ``min_choices`` 0):
  an empty ballot is a voter who funds nothing, so under equal shares it still holds its
  share, and it is a ``VOTES`` row with an empty ``vote`` in the published file;
- projects are the feasible proposals of the locked configuration, in pk order, with the
  proposal pk as project id and the final cost in whole kroner turned into cents;
- the budget is the pot, in cents;
- voters are anonymous: ballots are sorted by their content (and turnout group) and numbered
  1..N in that order, so the numbering says nothing about who voted or when, and the same
  ballots always give the same file (the hash can be recomputed at any time);
- the rule is the one the process locked, from the engine's ``RULES``.

The election is written as canonical Pabulib text; its SHA-256 is the *inputs hash* stored
with the result. The published file (``export.py``) adds names, votes, ``selected`` and the
k-anonymous turnout columns; its SHA-256 is the *ballots hash*.

Ballots are loaded with one ``values_list`` query and turned into the engine's CSR arrays with
numpy; no ORM object per ballot, so 100,000 ballots load and count in seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypedDict, cast

import numpy as np

from samskab.budgets.models import (
    BallotChoice,
    BallotForm,
    BudgetProcess,
    Channel,
    CountingRule,
)
from samskab.engine.pabulib import format_money, write_election
from samskab.engine.pb import greedy
from samskab.engine.pb.election import Election, IntArray, Project
from samskab.engine.pb.explanations import (
    GreedyExplanation,
    GreedyStep,
    MesExplanation,
    greedy_explanation,
    mes_explanation,
)
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.rules import META_RULES, RULES
from samskab.engine.version import engine_version

# Both channels count; a voter has only one (part 1 refuses the other).
COUNTED_CHANNELS = (Channel.ONLINE, Channel.PAPER)

VOTE_TYPES = {
    BallotForm.APPROVAL: "approval",
    BallotForm.KNAPSACK: "approval",
    BallotForm.CUMULATIVE: "cumulative",
    BallotForm.RANKING: "ordinal",
}

# A locked rule's value is its name in the engine's registry (``RULES``); Pabulib's META spells
# it as the engine's ``META_RULES`` says, read backwards: one definition of each name.
PABULIB_RULES = {name: meta_rule for meta_rule, name in META_RULES.items()}
assert all(rule.value in RULES and rule.value in PABULIB_RULES for rule in CountingRule)

CENTS = 100


@dataclass(frozen=True)
class Ballots:
    """The election (inputs only) and, aligned with its voters, their turnout groups."""

    election: Election
    age_bands: tuple[str, ...]
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Count:
    ballots: Ballots
    outcome: Outcome
    plain_greedy: Outcome  # what a plain vote count would have chosen
    engine_version: str
    inputs_sha256: str

    @property
    def selected_ids(self) -> list[int]:
        projects = self.ballots.election.projects
        return [int(projects[index].id) for index in self.outcome.selected]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ballot_projects(process: BudgetProcess) -> list[tuple[int, int]]:
    """(proposal pk, final cost in kroner) from the locked configuration, in pk order."""
    return [(int(pk), int(cost)) for pk, cost in process.configuration()["ballot"]]


def meta_for(process: BudgetProcess, num_projects: int, num_votes: int) -> dict[str, str]:
    """Only what the lock freezes (titles may still be reworded), so the hash stays stable."""
    pabulib_rule = PABULIB_RULES[CountingRule(process.counting_rule).value]
    meta = {
        "description": f"samskab borgerbudget {process.slug}",
        "country": "Denmark",
        "instance": process.slug,
        "num_projects": str(num_projects),
        "num_votes": str(num_votes),
        "budget": format_money(process.pot * CENTS),
        "vote_type": VOTE_TYPES[BallotForm(process.ballot_form)],
        "rule": pabulib_rule,
        "currency": "DKK",
    }
    if process.ballot_form == BallotForm.CUMULATIVE:
        meta["max_sum_points"] = str(process.points_total)
    else:
        meta["min_length"] = str(process.min_choices)
        if process.max_choices is not None:
            meta["max_length"] = str(process.max_choices)
    return meta


def _load_rows(process: BudgetProcess) -> tuple[IntArray, IntArray, IntArray, list[str], list[str]]:
    """Every current ballot, an empty one included (a voter who funds nothing), as CSR rows:
    offsets into the proposal ids and points of its choices (rank order, else pk order), and
    per ballot its voter's age band and area."""
    ballots = list(
        process.ballots.filter(is_current=True, channel__in=COUNTED_CHANNELS)
        .order_by("pk")
        .values_list("pk", "voter__age_band", "voter__area")
    )
    order = ["ballot_id", "rank", "proposal_id"]
    if process.ballot_form != BallotForm.RANKING:
        order = ["ballot_id", "proposal_id"]
    rows = list(
        BallotChoice.objects.filter(
            ballot__process=process,
            ballot__is_current=True,
            ballot__channel__in=COUNTED_CHANNELS,
        )
        .order_by(*order)
        .values_list("ballot_id", "proposal_id", "points")
    )
    array = np.array(rows, dtype=np.int64).reshape(-1, 3)
    ballot_pks = np.array([pk for pk, _age, _area in ballots], dtype=np.int64)
    # Choices come grouped by ballot in pk order, as the ballots do: each ballot's choices
    # start where the choices of the ballots before it end.
    offsets = np.searchsorted(array[:, 0], ballot_pks, side="left").astype(np.int64)
    offsets = np.r_[offsets, len(rows)].astype(np.int64)
    if int(np.diff(offsets).sum()) != len(rows):
        raise ValueError("ballot choices belong to no current ballot")
    age_bands = [age or "" for _pk, age, _area in ballots]
    areas = [area or "" for _pk, _age, area in ballots]
    return offsets, array[:, 1], array[:, 2], age_bands, areas


def load_ballots(process: BudgetProcess) -> Ballots:
    """The anonymised election of the process's current ballots (see the module docstring)."""
    costs = ballot_projects(process)
    index_of = {pk: index for index, (pk, _cost) in enumerate(costs)}
    offsets, proposal_ids, points, age_bands, areas = _load_rows(process)
    unknown = set(np.unique(proposal_ids).tolist()) - set(index_of)
    if unknown:
        raise ValueError(f"ballots name proposals outside the locked ballot: {sorted(unknown)}")
    lookup = np.full(max(index_of, default=0) + 1, -1, dtype=np.int64)
    for pk, index in index_of.items():
        lookup[pk] = index
    chosen = lookup[proposal_ids] if len(proposal_ids) else np.zeros(0, dtype=np.int64)
    num_ballots = len(offsets) - 1
    with_points = process.ballot_form == BallotForm.CUMULATIVE

    # Canonical order: by content, then turnout group. Python tuples sort exactly.
    chosen_list, points_list, bounds = chosen.tolist(), points.tolist(), offsets.tolist()
    keys = [
        (
            chosen_list[bounds[v] : bounds[v + 1]],
            points_list[bounds[v] : bounds[v + 1]] if with_points else [],
            age_bands[v],
            areas[v],
        )
        for v in range(num_ballots)
    ]
    permutation = np.array(sorted(range(num_ballots), key=keys.__getitem__), dtype=np.int64)
    lengths = np.diff(offsets)[permutation] if num_ballots else np.zeros(0, np.int64)
    new_offsets = np.r_[0, np.cumsum(lengths)].astype(np.int64)
    gather = (
        np.repeat(offsets[:-1][permutation] - new_offsets[:-1], lengths)
        + np.arange(int(new_offsets[-1]), dtype=np.int64)
        if num_ballots
        else np.zeros(0, dtype=np.int64)
    )
    projects = tuple(Project(id=str(pk), cost=cost * CENTS) for pk, cost in costs)
    election = Election(
        meta=MappingProxyType(meta_for(process, len(projects), num_ballots)),
        projects=projects,
        budget=process.pot * CENTS,
        vote_type=VOTE_TYPES[BallotForm(process.ballot_form)],
        voter_ids=tuple(str(number) for number in range(1, num_ballots + 1)),
        ballot_offsets=new_offsets,
        ballot_projects=chosen[gather],
        ballot_points=points[gather] if with_points else None,
    )
    order = permutation.tolist()
    return Ballots(
        election=election,
        age_bands=tuple(age_bands[v] for v in order),
        areas=tuple(areas[v] for v in order),
    )


def count_ballots(process: BudgetProcess, ballots: Ballots | None = None) -> Count:
    """Count with the locked rule (and plain greedy for comparison). Raises ValueError when
    the engine cannot count these ballots with that rule."""
    ballots = ballots or load_ballots(process)
    rule = CountingRule(process.counting_rule)
    outcome = RULES[rule.value](ballots.election)
    plain = outcome if rule == CountingRule.GREEDY else greedy.greedy(ballots.election)
    return Count(
        ballots=ballots,
        outcome=outcome,
        plain_greedy=plain,
        engine_version=engine_version(),
        inputs_sha256=sha256_text(write_election(ballots.election)),
    )


def supports(election: Election) -> dict[str, int]:
    """Each project's votes (approval) or score (points, Borda), counted from the ballots."""
    values = greedy.support(election).tolist()
    return {
        project.id: int(value) for project, value in zip(election.projects, values, strict=True)
    }


class PlainGreedy(TypedDict):
    """What a plain vote count would have funded, shown beside the rule's outcome."""

    selected_order: list[str]
    cost_cents: int
    order: list[GreedyStep]


class StoredExplanation(TypedDict):
    """``Result.explanation``: what the results page and the API read of a count."""

    rule: str
    support_kind: str  # "votes" or "score"
    supports: dict[str, int]  # proposal pk -> support counted from the ballots
    rule_explanation: GreedyExplanation | MesExplanation  # by ``rule``
    selected_order: list[str]
    cost_cents: int
    plain_greedy: PlainGreedy


def explanation_of(count: Count) -> StoredExplanation:
    """What the results page shows: the rule's own explanation, each project's support, and
    the plain vote count side by side. JSON only."""
    election = count.ballots.election
    projects = election.projects
    rule_explanation: GreedyExplanation | MesExplanation = (
        greedy_explanation(count.outcome.explanation)
        if "order" in count.outcome.explanation
        else mes_explanation(count.outcome.explanation)
    )
    return {
        "rule": count.outcome.rule,
        "support_kind": greedy.support_name(election),
        "supports": supports(election),
        "rule_explanation": rule_explanation,
        "selected_order": [projects[index].id for index in count.outcome.selected],
        "cost_cents": count.outcome.cost,
        "plain_greedy": {
            "selected_order": [projects[index].id for index in count.plain_greedy.selected],
            "cost_cents": count.plain_greedy.cost,
            "order": greedy_explanation(count.plain_greedy.explanation)["order"],
        },
    }


def stored_explanation(explanation: Mapping[str, Any]) -> StoredExplanation:
    """``Result.explanation`` as its type (it was written by :func:`explanation_of`)."""
    if "plain_greedy" not in explanation or "supports" not in explanation:
        raise ValueError("not the stored explanation of a count")
    return cast(StoredExplanation, explanation)


def equal_shares_part(explanation: StoredExplanation) -> MesExplanation | None:
    """The rule's own explanation when the rule was equal shares; None for greedy."""
    rule = explanation["rule_explanation"]
    return mes_explanation(rule) if "rounds" in rule else None
