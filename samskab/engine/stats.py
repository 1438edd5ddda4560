"""Proportions and their confidence intervals, for programme outcome reports.

Framework-free and exact where it matters: counts are integers, rates are floats computed once.
The Wilson score interval is used because programme cohorts are small (often 5-50 people),
where the textbook normal ("Wald") interval is too narrow and can leave [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Two-sided 95%: the 0.975 quantile of the standard normal distribution.
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Proportion:
    """``successes`` out of ``total`` with a Wilson interval at the given z."""

    successes: int
    total: int
    low: float
    high: float

    @property
    def rate(self) -> float | None:
        """The observed share, or None when nobody was counted."""
        if self.total == 0:
            return None
        return self.successes / self.total

    def contains(self, value: float) -> bool:
        """True if ``value`` (e.g. a national benchmark) lies inside the interval."""
        return self.low <= value <= self.high


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion.

    With no observations the interval is the whole [0, 1]: we know nothing.
    """
    if total < 0 or successes < 0 or successes > total:
        raise ValueError(f"need 0 <= successes <= total, got {successes} of {total}")
    if z <= 0:
        raise ValueError("z must be positive")
    if total == 0:
        return (0.0, 1.0)
    n = float(total)
    p = successes / n
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denominator
    half_width = (z / denominator) * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == total else min(1.0, centre + half_width)
    return (low, high)


def proportion(successes: int, total: int, z: float = Z_95) -> Proportion:
    low, high = wilson_interval(successes, total, z)
    return Proportion(successes=successes, total=total, low=low, high=high)


@dataclass(frozen=True)
class Comparison:
    """A programme's proportion against a fixed benchmark rate."""

    observed: Proportion
    benchmark: float

    @property
    def verdict(self) -> str:
        """``above``, ``below`` or ``inconclusive``: does the interval exclude the benchmark?"""
        if self.observed.total == 0 or self.observed.contains(self.benchmark):
            return "inconclusive"
        return "above" if self.observed.low > self.benchmark else "below"


def compare_to_benchmark(successes: int, total: int, benchmark: float) -> Comparison:
    if not 0.0 <= benchmark <= 1.0:
        raise ValueError("a benchmark is a rate between 0 and 1")
    return Comparison(observed=proportion(successes, total), benchmark=benchmark)
