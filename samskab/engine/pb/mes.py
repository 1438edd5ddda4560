"""The Method of Equal Shares (MES), exact, with an explanation round by round.

Every voter starts with an equal share ``b`` of the budget. In each round, for every project
still in play, find the smallest factor ``rho`` such that its supporters can pay its cost when
each pays ``min(own money, rho * utility)``; a project whose supporters together hold less than
its cost is dropped for good. The project with the smallest ``rho`` is bought (ties: the cheaper
project, then the one with more supporters, then file order) and its supporters pay. With cost
utilities (``utility="cost"``, as equalshares.net and the cities using it) every supporter's
utility is the project's cost, so ``rho * cost`` is the most any supporter pays and ``1 / rho``
is the *effective vote count*. ``utility="cardinality"`` values every approved project at 1;
``utility="points"`` uses the points of cumulative and scoring ballots (``"cost"`` on such
ballots multiplies the points by the cost).

How it stays fast and exact: identical ballots are grouped into weighted voter types; money is
tracked in floating point with numpy, and every decision whose floating-point margin is within a
tolerance of zero (near ties between projects, a voter whose money is close to the price, a
project whose supporters hold about its cost) is redone in exact rational arithmetic. The exact
state is cheap: a voter's money is either 0 (they once paid all they had) or
``b - sum(rho_r * utility)`` over the rounds whose project they support, so only the bought
projects' exact ``rho_r`` are kept.

``mes_bounds.py`` runs the same rounds on intervals of initial shares, for the add1 completion.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from samskab.engine.pb.election import Election
from samskab.engine.pb.explanations import MesExplanation, MesRoundRecord, NotBought
from samskab.engine.pb.mes_split import float_split_sums
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.voter_types import VoterTypes, group_voters

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

UTILITIES = ("cost", "cardinality", "points")
_REL = 1e-9  # relative tolerance under which a floating-point decision is redone exactly
_NOBODY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class MesProfile:
    """An election prepared for repeated MES runs (voter types, utilities per supporter)."""

    election: Election
    utility: str
    types: VoterTypes
    costs: tuple[int, ...]
    utilities: tuple[IntArray, ...]  # aligned with types.supporters
    total_utility: tuple[int, ...]  # sum of weight * utility over supporters
    eligible: tuple[int, ...]  # supported projects with a positive cost
    uniform: bool  # every supporter of a project has the same utility (approval ballots)
    # Per project, aligned with its supporters: weights and utilities as floats.
    supporter_weights: tuple[npt.NDArray[np.float64], ...]
    supporter_utility: tuple[npt.NDArray[np.float64], ...]
    int64_safe: bool  # weight * utility sums fit in int64
    # Per project: weight * utility per supporter (floats, and int64 if int64_safe), their sum.
    weighted_utility: tuple[npt.NDArray[np.float64], ...]
    weighted_utility_int: tuple[IntArray, ...]
    all_utility: tuple[float, ...]
    exact_floats: bool  # weight * utility sums are below 2**53: exact as floats, in any order
    # The same for every run, so computed once: see tie_order, lower_bounds; the largest cost.
    rank: IntArray
    floor_rho: FloatArray
    cost_scale: float


def prepare(election: Election, utility: str = "cost") -> MesProfile:
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}; choose one of {', '.join(UTILITIES)}")
    types = group_voters(election)
    costs = tuple(project.cost for project in election.projects)
    utilities: list[IntArray] = []
    for project, points in enumerate(types.points):
        if utility == "cardinality":
            values = np.ones_like(points)
        elif utility == "points":
            values = points.copy()
        else:
            if len(points) and int(points.max()) * costs[project] >= 2**62:
                raise ValueError(
                    f"project {election.projects[project].id}: points times cost are too "
                    "large to count exactly; count with --utility points or cardinality"
                )
            values = points * costs[project]
        utilities.append(values)
    voters = int(types.weights.sum())
    total_utility = tuple(
        _total_utility(types.weights[sup], util, voters) if len(sup) else 0
        for sup, util in zip(types.supporters, utilities, strict=True)
    )
    eligible = tuple(j for j in range(len(costs)) if costs[j] > 0 and total_utility[j] > 0)
    uniform = all(len(u) == 0 or bool(np.all(u == u[0])) for u in utilities)
    supporter_weights = tuple(types.weights[sup].astype(np.float64) for sup in types.supporters)
    supporter_utility = tuple(u.astype(np.float64) for u in utilities)
    int64_safe = max(total_utility, default=0) < 2**62
    weighted_utility = tuple(
        w * u for w, u in zip(supporter_weights, supporter_utility, strict=True)
    )
    weighted_utility_int = tuple(
        types.weights[sup] * u if int64_safe else np.zeros(0, dtype=np.int64)
        for sup, u in zip(types.supporters, utilities, strict=True)
    )
    return MesProfile(
        election,
        utility,
        types,
        costs,
        tuple(utilities),
        total_utility,
        eligible,
        uniform,
        supporter_weights,
        supporter_utility,
        int64_safe,
        weighted_utility,
        weighted_utility_int,
        tuple(float(wu.sum()) for wu in weighted_utility),
        max(total_utility, default=0) < 2**53,
        _tie_order(costs, types.approvals),
        _lower_bounds(costs, eligible, total_utility),
        max([1.0] + [float(c) for c in costs]),
    )


def _total_utility(weights: IntArray, utility: IntArray, voters: int) -> int:
    """Exact ``sum(weights * utility)``; in int64 when no partial sum can reach 2**63 (every
    term is at least 0 and the weights add up to at most ``voters``)."""
    if int(utility.min()) >= 0 and voters * int(utility.max()) < 2**63:
        return int(np.dot(weights, utility))
    return int(np.dot(weights.astype(object), utility.astype(object)))


@dataclass(slots=True)
class MesRound:
    project: int
    rho: float  # exact values: MesRun.exact_rhos()
    poor: IntArray  # types that paid all their remaining money
    poor_mask: BoolArray | None  # the same over the project's supporters (None: nobody)
    poor_paid: float  # cents, all poor voters together
    tied: tuple[int, ...]  # projects exactly tied with the bought one (before tie-break)


def _no_rhos() -> list[Fraction]:
    return []


@dataclass(slots=True)
class MesRun:
    per_voter: Fraction  # cents
    selected: list[int] = field(default_factory=list)
    rounds: list[MesRound] = field(default_factory=list)
    dropped: dict[int, tuple[int, float]] = field(default_factory=dict)  # round, money (cents)
    exact_rhos: Callable[[], list[Fraction]] = _no_rhos  # each round's rho, exact, on demand


@dataclass(slots=True)
class _Evaluation:
    project: int
    rho: float
    tol: float
    poor_mask: BoolArray | None  # over the project's supporters; None: nobody is poor
    rich_utility: int  # sum of weight * utility over rich supporters
    money: FloatArray  # the supporters' money when priced
    poor_money: float = 0.0  # cents, all poor supporters together
    exact: Fraction | None = None


def lower_bounds(profile: MesProfile) -> FloatArray:
    """Per project, ``rho`` with nobody poor: no round ever prices the project lower."""
    return profile.floor_rho.copy()


def _lower_bounds(
    costs: tuple[int, ...], eligible: tuple[int, ...], total_utility: tuple[int, ...]
) -> FloatArray:
    bounds = np.full(len(costs), np.inf)
    for j in eligible:
        bounds[j] = costs[j] / total_utility[j]
    bounds.flags.writeable = False  # shared by every run, each works on a copy
    return bounds


def tie_order(profile: MesProfile) -> IntArray:
    """Rank of every project in the tie-break: cheaper first, then more supporters, then file order."""
    return profile.rank


def _tie_order(costs: tuple[int, ...], approvals: tuple[int, ...]) -> IntArray:
    keys = sorted(range(len(costs)), key=lambda j: (costs[j], -approvals[j], j))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[keys] = np.arange(len(keys), dtype=np.int64)
    rank.flags.writeable = False  # shared by every run
    return rank


def _weighted_sum(profile: MesProfile, weights: IntArray, values: IntArray) -> int:
    """Exact ``sum(weights * values)``: int64 when it cannot overflow, Python integers if not."""
    if profile.int64_safe:
        return int(np.dot(weights, values))
    return int(np.dot(weights.astype(object), values.astype(object)))


class _Runner:
    """One MES run at a given initial share per voter."""

    def __init__(self, profile: MesProfile, per_voter: Fraction) -> None:
        self.profile = profile
        self.per_voter = per_voter
        types = profile.types
        self.weights = types.weights
        self.money = np.full(types.num_types, float(per_voter), dtype=np.float64)
        # The round in which a type first paid all its money (never: a huge number).
        self.exhausted_at = np.full(types.num_types, np.iinfo(np.int64).max, dtype=np.int64)
        # Exact rho per round, computed only when a decision needs exact money.
        self.round_rhos: list[Fraction | None] = []
        self.round_poor: list[IntArray] = []
        self.round_rich_utility: list[int] = []
        self.money_scale = max(float(per_voter), profile.cost_scale)
        self.rank = tie_order(profile)
        self.run = MesRun(per_voter)
        self.run.exact_rhos = self.exact_rhos

    # -- exact helpers -------------------------------------------------------------------
    def exact_rhos(self) -> list[Fraction]:
        return self._resolve(len(self.round_rhos))

    def _resolve(self, upto: int) -> list[Fraction]:
        """Exact rho of rounds ``0 .. upto-1``, each from the exact money before it."""
        for number in range(upto):
            if self.round_rhos[number] is None:
                paid = self.exact_money_sum(self.round_poor[number], number)
                cost = self.profile.costs[self.run.selected[number]]
                self.round_rhos[number] = (cost - paid) / Fraction(self.round_rich_utility[number])
        return [rho for rho in self.round_rhos[:upto] if rho is not None]

    def exact_money_sum(self, types: IntArray, round_no: int | None = None) -> Fraction:
        """Exact money of ``types`` (weighted) at the start of round ``round_no`` (default: now)."""
        rounds = len(self.round_rhos) if round_no is None else round_no
        live = types[self.exhausted_at[types] >= rounds]
        total = self.per_voter * int(self.weights[live].sum())
        if not rounds or not len(live):
            return total
        member = np.zeros(len(self.weights), dtype=bool)
        member[live] = True
        profile = self.profile
        for rho, project in zip(self._resolve(rounds), self.run.selected, strict=False):
            supporters = profile.types.supporters[project]
            inside = member[supporters]
            if inside.any():
                paid = _weighted_sum(
                    profile, self.weights[supporters[inside]], profile.utilities[project][inside]
                )
                total -= rho * paid
        return total

    def exact_money(self, voter_type: int) -> Fraction:
        rounds = len(self.round_rhos)
        if self.exhausted_at[voter_type] < rounds:
            return Fraction(0)
        money = self.per_voter
        profile = self.profile
        for rho, project in zip(self._resolve(rounds), self.run.selected, strict=False):
            supporters = profile.types.supporters[project]
            at = int(np.searchsorted(supporters, voter_type))
            if at < len(supporters) and supporters[at] == voter_type:
                money -= rho * int(profile.utilities[project][at])
        return money

    # -- one project ---------------------------------------------------------------------
    def evaluate(self, project: int, round_no: int) -> _Evaluation | None:
        """The project's ``rho`` now, or None if its supporters cannot pay (then dropped)."""
        profile = self.profile
        supporters = profile.types.supporters[project]
        utility = profile.supporter_utility[project]
        weights = profile.supporter_weights[project]
        money = self.money.take(supporters)
        cost = profile.costs[project]
        total = float(weights @ money)
        if abs(total - cost) <= _REL * (total + cost) + 1e-9:
            affordable = self.exact_money_sum(supporters) >= cost
        else:
            affordable = total >= cost
        if not affordable:
            self.run.dropped[project] = (round_no, total)
            return None
        weighted = (profile.weighted_utility[project], profile.all_utility[project])
        rho, found_poor, found_utility = float_split_sums(
            cost, weights, money, utility, weighted, profile.exact_floats
        )
        evaluation = _Evaluation(project, rho, 0.0, found_poor, 0, money)
        if self.near_boundary(money, rho, utility, found_poor is None, profile.uniform):
            self.exact_split(evaluation, supporters, money, utility)
            found_utility = None
        poor = evaluation.poor_mask
        if poor is None:
            evaluation.rich_utility = profile.total_utility[project]
            poor_money = 0.0
        else:
            if found_utility is not None:
                evaluation.rich_utility = profile.total_utility[project] - int(found_utility)
            elif profile.exact_floats:
                poor_utility = int(poor @ profile.weighted_utility[project])
                evaluation.rich_utility = profile.total_utility[project] - poor_utility
            elif profile.int64_safe:
                poor_utility = int(profile.weighted_utility_int[project].compress(poor).sum())
                evaluation.rich_utility = profile.total_utility[project] - poor_utility
            else:
                rich = ~poor
                evaluation.rich_utility = _weighted_sum(
                    profile, self.weights[supporters[rich]], profile.utilities[project][rich]
                )
            poor_money = float(weights.compress(poor) @ money.compress(poor))
        evaluation.poor_money = poor_money
        evaluation.tol = _REL * (cost + poor_money + 1.0) / evaluation.rich_utility
        return evaluation

    def near_boundary(
        self, money: FloatArray, rho: float, utility: FloatArray, all_rich: bool, uniform: bool
    ) -> bool:
        """Is some supporter's money within the tolerance of its price ``rho * utility``?"""
        window = _REL * self.money_scale
        if not uniform:
            return float(np.abs(money - rho * utility).min()) <= window
        price = rho * utility[0]  # one utility for all: the same product as element by element
        if all_rich:  # money - price grows with money, so check the least
            margin = float(money.min() - price)
            if margin >= 0:
                return margin <= window
        return float(np.abs(money - price).min()) <= window

    def exact_split(
        self, evaluation: _Evaluation, supporters: IntArray, money: FloatArray, utility: FloatArray
    ) -> None:
        """Redo the poor/rich split and ``rho`` in exact arithmetic near the boundary."""
        project = evaluation.project
        utility_int = self.profile.utilities[project]
        cost = self.profile.costs[project]
        margin = money - evaluation.rho * utility
        window = _REL * self.money_scale * 4
        surely_poor = margin < -window
        candidates = np.flatnonzero(np.abs(margin) <= window)
        paid = self.exact_money_sum(supporters[surely_poor])
        rest = ~surely_poor
        rest_utility = _weighted_sum(
            self.profile, self.weights[supporters[rest]], utility_int[rest]
        )
        exact = sorted(
            (self.exact_money(int(supporters[i])) / int(utility_int[i]), int(i)) for i in candidates
        )
        poor_mask = surely_poor.copy()
        rho = (cost - paid) / Fraction(rest_utility)
        for ratio, i in exact:
            if ratio >= rho:
                break
            weight, value = int(self.weights[supporters[i]]), int(utility_int[i])
            paid += weight * ratio * value
            rest_utility -= weight * value
            poor_mask[i] = True
            rho = (cost - paid) / Fraction(rest_utility)
        evaluation.poor_mask = poor_mask
        evaluation.exact = rho
        evaluation.rho = float(rho)

    def exact_rho(self, evaluation: _Evaluation) -> Fraction:
        if evaluation.exact is None:
            supporters = self.profile.types.supporters[evaluation.project]
            poor = _NOBODY if evaluation.poor_mask is None else supporters[evaluation.poor_mask]
            paid = self.exact_money_sum(poor)
            cost = self.profile.costs[evaluation.project]
            evaluation.exact = (cost - paid) / Fraction(evaluation.rich_utility)
        return evaluation.exact

    # -- the rounds ----------------------------------------------------------------------
    def choose(self, evaluations: Sequence[_Evaluation]) -> tuple[_Evaluation, tuple[int, ...]]:
        best = min(evaluations, key=lambda e: e.rho)
        close = [e for e in evaluations if e.rho - e.tol <= best.rho + best.tol]
        if len(close) == 1:
            return best, ()
        exact_best = min(self.exact_rho(e) for e in close)
        tied = sorted(
            (e for e in close if e.exact == exact_best), key=lambda e: int(self.rank[e.project])
        )
        return tied[0], tuple(e.project for e in tied[1:])

    def execute(self) -> MesRun:
        profile = self.profile
        # A lower bound on each project's rho with its tolerance: rho never falls from one
        # round to the next, and is never below the price with nobody poor.
        # The projects still in play, by a lower bound on their rho less its tolerance (rho
        # never falls from one round to the next, and is never below the price with nobody
        # poor), then by index; a round prices them in this order until the bound exceeds the
        # best price found.
        floor = lower_bounds(profile).tolist()
        order = sorted((floor[j] - _REL * floor[j], j) for j in profile.eligible)
        round_no = 0
        while order:
            evaluations: list[_Evaluation] = []
            best: _Evaluation | None = None
            visited = 0
            for key, project in order:
                if best is not None and key > best.rho + best.tol:
                    break
                visited += 1
                evaluation = self.evaluate(project, round_no)
                if evaluation is None:
                    continue  # dropped for good
                evaluations.append(evaluation)
                if best is None or evaluation.rho < best.rho:
                    best = evaluation
            del order[:visited]
            if not evaluations:
                break
            winner, tied = self.choose(evaluations)
            self.pay(winner, tied)
            for evaluation in evaluations:
                if evaluation is not winner:
                    bisect.insort(order, (evaluation.rho - evaluation.tol, evaluation.project))
            round_no += 1
        return self.run

    def pay(self, winner: _Evaluation, tied: tuple[int, ...]) -> None:
        profile = self.profile
        project = winner.project
        supporters = profile.types.supporters[project]
        utility = profile.supporter_utility[project]
        rho = winner.rho if winner.exact is None else float(winner.exact)
        round_no = len(self.round_rhos)
        # One utility for all supporters: one product, the same as element by element.
        price = rho * utility[0] if profile.uniform and len(utility) else rho * utility
        # The money as it was when the winner was priced: nobody has paid since.
        money = np.maximum(winner.money - price, 0.0)
        poor_mask = winner.poor_mask
        if poor_mask is None:
            poor, poor_paid = _NOBODY, 0.0
        else:
            money[poor_mask] = 0.0
            poor = supporters.compress(poor_mask)
            poor_paid = winner.poor_money
            self.exhausted_at[poor] = np.minimum(self.exhausted_at.take(poor), round_no)
        self.money[supporters] = money
        self.round_rhos.append(winner.exact)
        self.round_poor.append(poor)
        self.round_rich_utility.append(winner.rich_utility)
        self.run.selected.append(project)
        self.run.rounds.append(MesRound(project, rho, poor, poor_mask, poor_paid, tied))


def run_mes(profile: MesProfile, per_voter: Fraction) -> MesRun:
    """One MES run where every voter starts with ``per_voter`` cents."""
    if profile.types.num_types == 0:
        return MesRun(per_voter)
    return _Runner(profile, per_voter).execute()


def explain_run(profile: MesProfile, run: MesRun) -> MesExplanation:
    """A JSON-serialisable account of one run: rounds, payments, and why others were not bought."""
    election = profile.election
    weights = profile.types.weights
    rounds: list[MesRoundRecord] = []
    for number, (step, rho) in enumerate(zip(run.rounds, run.exact_rhos(), strict=True), start=1):
        project = election.projects[step.project]
        utility = profile.utilities[step.project]
        supporters = profile.types.supporters[step.project]
        rich = supporters if step.poor_mask is None else supporters[~step.poor_mask]
        entry: MesRoundRecord = {
            "round": number,
            "project": project.id,
            "cost": project.cost,
            "rho": f"{rho.numerator}/{rho.denominator}",
            "supporters": profile.types.approvals[step.project],
            "full_payers": int(weights[rich].sum()),
            "partial_payers": int(weights[step.poor].sum()),
            "partial_paid": round(step.poor_paid, 2),
        }
        if profile.uniform and len(utility):
            max_payment = rho * int(utility[0])
            entry["max_payment"] = round(float(max_payment), 4)
            entry["effective_votes"] = (
                round(float(project.cost / max_payment), 4) if max_payment else None
            )
        else:
            entry["payment_per_point"] = round(float(rho), 6)
        if step.tied:
            entry["tied_with"] = [election.projects[j].id for j in step.tied]
        rounds.append(entry)
    bought = set(run.selected)
    not_bought: list[NotBought] = []
    eligible = set(profile.eligible)
    for index, project in enumerate(election.projects):
        if index in bought:
            continue
        if index not in eligible:
            supported = profile.types.approvals[index] > 0
            reason = "free" if supported and project.cost == 0 else "no_supporters"
            not_bought.append({"project": project.id, "reason": reason})
            continue
        round_no, money = run.dropped.get(index, (len(run.rounds), 0.0))
        not_bought.append(
            {
                "project": project.id,
                "reason": "supporters_cannot_pay",
                "round": round_no + 1,
                "supporters_money": round(money, 2),
            }
        )
    return {
        "utility": profile.utility,
        "per_voter": round(float(run.per_voter), 4),
        "voter_types": profile.types.num_types,
        "rounds": rounds,
        "not_bought": not_bought,
    }


def outcome_of(profile: MesProfile, run: MesRun, rule: str, **extra: Any) -> Outcome:
    """``extra``: the keys a completion adds (``MesExplanation``'s add1 keys)."""
    costs = profile.costs
    explanation = explain_run(profile, run)
    explanation.update(extra)  # type: ignore[typeddict-item]  # keys checked by the callers' tests
    return Outcome(
        rule=rule,
        selected=tuple(run.selected),
        cost=sum(costs[j] for j in run.selected),
        explanation=explanation,
    )


def equal_shares(
    election: Election, *, utility: str = "cost", budget: int | None = None
) -> Outcome:
    """MES without completion. ``budget`` (cents) replaces the election's budget if given."""
    profile = prepare(election, utility)
    total = election.budget if budget is None else budget
    if election.num_voters == 0:
        return outcome_of(profile, MesRun(Fraction(0)), "mes")
    run = run_mes(profile, Fraction(total, election.num_voters))
    return outcome_of(profile, run, "mes")
