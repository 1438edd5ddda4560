"""One project's split into poor supporters (who pay all they have) and rich ones (who pay
``rho * utility``), and its ``rho``, in floating point: the inner step of equal shares
(``mes.py``) and of its interval bounds (``mes_bounds.py``)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_add = np.add.reduce


def float_split(
    cost: int,
    weights: FloatArray,
    money: FloatArray,
    utility: FloatArray,
    weighted: tuple[FloatArray, float] | None = None,
    exact_sums: bool = False,
) -> tuple[float, BoolArray | None]:
    """``rho`` and the poor supporters, in floating point (see ``float_split_sums``)."""
    rho, poor, _ = float_split_sums(cost, weights, money, utility, weighted, exact_sums)
    return rho, poor


def float_split_sums(
    cost: int,
    weights: FloatArray,
    money: FloatArray,
    utility: FloatArray,
    weighted: tuple[FloatArray, float] | None,
    exact_sums: bool,
) -> tuple[float, BoolArray | None, float | None]:
    """``rho`` and the poor supporters, in floating point, and with ``exact_sums`` the poor
    supporters' weighted utility (exact).

    Start with nobody poor; whoever cannot pay the resulting price becomes poor and the price
    is recomputed. The price only rises and the poor set only grows, and it stops at the true
    split; usually after one or two passes. Many passes fall back to one sort. The poor set is
    None when nobody is poor (the common case, kept cheap). ``weighted``: ``weights * utility``
    and its sum, if the caller has them; ``exact_sums``: their partial sums are exact floats.
    """
    ratio = money / utility
    if weighted is None:
        weighted_utility = weights * utility
        all_utility = float(weighted_utility.sum())
    else:
        weighted_utility, all_utility = weighted
    rho = cost / all_utility
    poor = ratio < rho
    count = np.count_nonzero(poor)
    if count == 0:
        return rho, None, None
    weighted_money = weights * money
    poor_utility = None
    for _ in range(8):
        if count == 0:  # only after a pass (float rounding); the first count is positive
            return rho, poor, None
        # compress: the same elements as boolean indexing, so the same sums, but faster; a dot
        # product is faster still where the sum is exact whatever the order. add.reduce is
        # what sum() calls.
        if exact_sums:
            poor_utility = float(poor @ weighted_utility)
            rest = all_utility - poor_utility
        else:
            rest = all_utility - float(_add(weighted_utility.compress(poor)))
        if rest <= 0:
            break
        rho = (cost - float(_add(weighted_money.compress(poor)))) / rest
        poor = ratio < rho
        new_count = np.count_nonzero(poor)
        if new_count == count:
            # Both poor sets are ``ratio < threshold``, so one holds the other: with as many
            # members they are the same, and poor_utility is this one's.
            return rho, poor, poor_utility
        count = new_count
    order = np.argsort(ratio, kind="stable")
    paid_before = np.concatenate(([0.0], np.cumsum(weighted_money[order])[:-1]))
    utility_before = np.concatenate(([0.0], np.cumsum(weighted_utility[order])[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        rhos = (cost - paid_before) / (all_utility - utility_before)
    rich_from = np.flatnonzero(ratio[order] >= rhos)
    split = int(rich_from[0]) if len(rich_from) else len(order) - 1
    poor = np.zeros(len(money), dtype=bool)
    poor[order[:split]] = True
    return float(rhos[split]), poor, None
