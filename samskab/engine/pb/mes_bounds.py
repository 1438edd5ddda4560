"""Equal shares on an interval of initial shares: which outcome every share in it gives.

``certify(profile, low, high)`` runs MES rounds with every voter type's money known only to lie
in an interval: ``[low, high]`` at the start. Two facts make this sound:

* a project's ``rho`` can only fall when any supporter has more money (each pays
  ``min(money, rho * utility)``, which grows with money), so ``rho`` at the interval's richest
  end and at its poorest end bound ``rho`` for every share in between;
* after paying ``rho``, money is ``max(0, money - rho * utility)``, which grows with money and
  falls with ``rho``, so the new intervals follow from the old ones and the bounds on ``rho``.

A round is *certain* when one project's largest possible ``rho`` is below every other project's
smallest possible ``rho`` (or equal and it wins the tie-break), and the run ends when every
remaining project surely cannot be paid. If every round is certain, every share in
``[low, high]`` gives that same sequence of funded projects; otherwise the answer is None.
Floating-point error is covered by widening every bound by a relative 1e-9, far more than the
error of the sums involved. One case needs exactness: when no supporter of a project can be
short at any share in the interval, its ``rho`` is exactly ``cost / total utility`` throughout;
such projects are compared as fractions, so an exact tie (say, two projects with the same cost
and the same supporters) is known to persist and to be settled by the tie-break alike.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt

from samskab.engine.pb.mes import MesProfile, lower_bounds, tie_order
from samskab.engine.pb.mes_split import float_split

_WIDEN = 1e-9
Floats = npt.NDArray[np.float64]


def _widened(cost: int, weights: Floats, money: Floats, utility: Floats, side: int) -> float:
    """``rho`` for this money, moved outwards by more than its floating-point error."""
    rho, poor = float_split(cost, weights, money, utility)
    rich = slice(None) if poor is None else ~poor
    rich_utility = float(weights[rich] @ utility[rich])
    return rho + side * _WIDEN * (rho + cost / rich_utility)


def _winner(
    profile: MesProfile,
    ranges: dict[int, tuple[float, float]],
    fixed: set[int],
    rank: npt.NDArray[np.int64],
) -> int:
    """The project with the lowest largest-possible rho; exact among fixed-price projects."""
    winner = min(ranges, key=lambda j: (ranges[j][1], rank[j]))
    if winner in fixed:
        exact = {
            j: Fraction(profile.costs[j], profile.total_utility[j])
            for j in fixed
            if ranges[j][1] <= ranges[winner][1] * (1 + 4 * _WIDEN)
        }
        winner = min(exact, key=lambda j: (exact[j], rank[j]))
    return winner


def certify(profile: MesProfile, low: float, high: float) -> list[int] | None:
    """The funded projects, in order, for every initial share in ``[low, high]`` cents; or None."""
    types = profile.types
    money_low = np.full(types.num_types, low * (1 - _WIDEN))
    money_high = np.full(types.num_types, high * (1 + _WIDEN))
    rank = tie_order(profile)
    bound = lower_bounds(profile) * (1 - _WIDEN)
    remaining = np.zeros(len(profile.costs), dtype=bool)
    remaining[list(profile.eligible)] = True
    selected: list[int] = []
    while remaining.any():
        candidates = np.flatnonzero(remaining)
        candidates = candidates[np.argsort(bound[candidates], kind="stable")]
        # project -> (smallest possible rho, largest possible rho)
        ranges: dict[int, tuple[float, float]] = {}
        # Projects nobody can be poor for at any share in the interval: their rho is exactly
        # cost / total utility throughout, so ties between them are exact and persist.
        fixed: set[int] = set()
        best_high = np.inf
        for project in candidates.tolist():
            if bound[project] > best_high:
                break
            supporters = types.supporters[project]
            weights = profile.supporter_weights[project]
            utility = profile.supporter_utility[project]
            cost = profile.costs[project]
            rich_side, poor_side = money_high[supporters], money_low[supporters]
            most = float(weights @ rich_side)
            if most < cost * (1 - _WIDEN):
                remaining[project] = False  # no share in the interval can pay for it
                continue
            if most <= cost * (1 + _WIDEN):
                return None
            floor = cost / profile.total_utility[project]
            if float((poor_side / utility).min()) >= floor * (1 + _WIDEN):
                fixed.add(project)
                ranges[project] = (floor, floor)
                best_high = min(best_high, floor)
                continue
            rho_low = _widened(cost, weights, rich_side, utility, -1)
            least = float(weights @ poor_side)
            if least >= cost * (1 + _WIDEN):
                rho_high = _widened(cost, weights, poor_side, utility, 1)
            else:
                rho_high = np.inf  # affordable for some shares only
            ranges[project] = (rho_low, rho_high)
            bound[project] = max(bound[project], rho_low)
            best_high = min(best_high, rho_high)
        if not ranges:
            break
        winner = _winner(profile, ranges, fixed, rank)
        winner_low, winner_high = ranges[winner]
        if not np.isfinite(winner_high):
            return None
        for project, (rho_low, _) in ranges.items():
            if project == winner:
                continue
            if project in fixed and winner in fixed:
                continue  # _winner compared them exactly
            if rho_low < winner_high or (rho_low == winner_high and rank[project] < rank[winner]):
                return None
        supporters = types.supporters[winner]
        utility = profile.supporter_utility[winner]
        if winner in fixed:  # the same exact payment at every share; keep a float margin
            winner_low, winner_high = winner_low * (1 - _WIDEN), winner_high * (1 + _WIDEN)
        money_low[supporters] = np.maximum(money_low[supporters] - winner_high * utility, 0.0)
        money_high[supporters] = np.maximum(money_high[supporters] - winner_low * utility, 0.0)
        remaining[winner] = False
        selected.append(winner)
    return selected
