"""Turnout groups: a voter's age band and postal code, and turnout counted with small groups
suppressed so that no published number points at fewer than ``MIN_GROUP`` people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

# Groups smaller than this are never shown or published on their own (k-anonymity, k = 5).
MIN_GROUP = 5

# (lowest age, label); the label of the last band whose lowest age the voter has reached.
AGE_BANDS = ((0, "0-14"), (15, "15-17"), (18, "18-29"), (30, "30-49"), (50, "50-64"), (65, "65+"))


def age_band(birth_date: date | None, today: date, *, birth_year: int | None = None) -> str:
    """The band of the age on ``today``; "" when the proof said nothing about age. A declared
    birth year alone gives the age the voter reaches this year (one band off for a few days a
    year at most, which turnout statistics can bear)."""
    if birth_date is None:
        if birth_year is None:
            return ""
        age = today.year - birth_year
    else:
        before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
        age = today.year - birth_date.year - int(before_birthday)
    label = AGE_BANDS[0][1]
    for lowest, name in AGE_BANDS:
        if age >= lowest:
            label = name
    return label


def suppress_small(values: Iterable[str]) -> list[str]:
    """The values with every value held by fewer than MIN_GROUP people replaced by ""."""
    values = list(values)
    counts = Counter(values)
    return [value if counts[value] >= MIN_GROUP else "" for value in values]


def suppress_small_pairs(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """Each column suppressed on its own, then ``second`` dropped where the pair is rare."""
    first, second = suppress_small(first), suppress_small(second)
    pairs = Counter(zip(first, second, strict=True))
    second = [
        b if not (a and b) or pairs[(a, b)] >= MIN_GROUP else ""
        for a, b in zip(first, second, strict=True)
    ]
    return first, second


AGE_ORDER = {label: index for index, (_lowest, label) in enumerate(AGE_BANDS)}


def turnout_table(values: Iterable[str]) -> tuple[list[tuple[str, int]], int]:
    """(group, count) for groups of at least MIN_GROUP, youngest age band first (postal codes
    in order), and how many people fell in smaller or unknown groups (shown as one line)."""
    counts = Counter(values)
    shown = sorted(
        ((group, n) for group, n in counts.items() if group and n >= MIN_GROUP),
        key=lambda item: (AGE_ORDER.get(item[0], len(AGE_ORDER)), item[0]),
    )
    hidden = sum(counts.values()) - sum(n for _group, n in shown)
    return shown, hidden
