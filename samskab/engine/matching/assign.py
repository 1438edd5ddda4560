"""The proposal: which mentor for which young person, with the best total score.

Mentors are expanded into capacity slots (a mentor with room for 3 is 3 identical columns) and
``scipy.optimize.linear_sum_assignment`` finds the assignment of mentees to slots with the
largest sum of scores - exactly, on the full matrix, with no pruning of candidates. Blocked
pairs and pairs at or below ``Weights.minimum_score`` get the value 0, the same as leaving the
mentee unmatched, and any such pair the solver returns is dropped: so a mentee stays unmatched
rather than take a forbidden pair, and the result is a maximum-weight matching that respects
every capacity. The cost matrix is filled block by block as the scores are computed, oriented
with the smaller side as rows and negated, so the solver works on it without another copy:
memory is about 8 bytes x mentees x slots (about 290 MB for 10,000 young people and 3,600
slots) and nothing else of that size.

Ties: profiles are sorted by id before solving, so the proposal does not depend on the order
the caller lists them in; among equally good assignments the solver's choice on that order is
kept (deterministic).

Alternatives: for each proposed match, the next-best mentors for that young person *overall*
(by score, ties by mentor id), excluding the proposed one and any blocked or below-minimum
pair. They may be proposed for someone else in the same run: the coordinator sees who else
would fit well and can swap by hand, and the app shows whether they still have room.

Unmatched reasons: ``no_mentors`` (there are none), the most common block code when every
mentor is blocked for this young person (e.g. ``language``, ties in ``BLOCK_CODES`` order),
``low_score`` when the only allowed mentors score at or below the minimum, ``capacity`` when
the suitable mentors' places all went to others in the best overall assignment.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from samskab.engine.matching.explain import describe
from samskab.engine.matching.matrix import CodeArray, FloatArray, IntArray, score_blocks
from samskab.engine.matching.profiles import MenteeProfile, MentorProfile
from samskab.engine.matching.score import (
    BLOCK_CODES,
    DEFAULT_WEIGHTS,
    Blocked,
    Score,
    Weights,
    score_pair,
)

__all__ = ["MatchingResult", "ProposedMatch", "assign", "describe"]


@dataclass(frozen=True, slots=True)
class ProposedMatch:
    mentee_id: str
    mentor_id: str
    score: Score
    alternatives: tuple[tuple[str, Score], ...]  # (mentor_id, score), best first


@dataclass(frozen=True, slots=True)
class MatchingResult:
    matches: tuple[ProposedMatch, ...]  # in the order the mentees were given
    unmatched: tuple[tuple[str, str], ...]  # (mentee_id, reason code), in the given order
    total_score: float


def assign(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    *,
    alternatives: int = 3,
    weights: Weights = DEFAULT_WEIGHTS,
) -> MatchingResult:
    """Propose the matching with the best total score (see the module docstring)."""
    _check_ids(mentees, "mentee")
    _check_ids(mentors, "mentor")
    if alternatives < 0:
        raise ValueError("alternatives must be 0 or more")
    if not mentees:
        return MatchingResult((), (), 0.0)
    if not mentors:
        return MatchingResult((), tuple((p.id, "no_mentors") for p in mentees), 0.0)

    young = sorted(mentees, key=lambda p: p.id)
    old = sorted(mentors, key=lambda p: p.id)
    n = len(young)
    slot_mentor = np.repeat(
        np.arange(len(old)), np.array([max(0, p.capacity) for p in old], dtype=np.int64)
    )
    slots_as_rows = len(slot_mentor) <= n
    # -value per (slot, mentee), or per (mentee, slot) when there are more places than people
    cost = np.empty((len(slot_mentor), n) if slots_as_rows else (n, len(slot_mentor)))
    k = min(alternatives + 1, len(old))
    candidates = np.full((n, k), -1, dtype=np.int64)
    unmatched_reason: list[str] = []
    for rows, value, codes in score_blocks(young, old, weights):
        value[value <= weights.minimum_score] = 0.0  # blocked pairs are 0 already
        candidates[rows] = _best_mentors(value, k)
        unmatched_reason.extend(_unmatched_reasons(value, codes))
        np.negative(value, out=value)
        if slots_as_rows:
            cost[:, rows] = value[:, slot_mentor].T  # gather along rows: 10x faster than .T[...]
        else:
            cost[rows] = value[:, slot_mentor]
    chosen = _solve(cost, slot_mentor, slots_as_rows)
    del cost

    matches: dict[str, ProposedMatch] = {}
    reasons: dict[str, str] = {}
    for i, mentee in enumerate(young):
        j = int(chosen[i])
        if j < 0:
            reasons[mentee.id] = unmatched_reason[i]
            continue
        score = _scored(mentee, old[j], weights)
        others = [int(c) for c in candidates[i] if c >= 0 and c != j][:alternatives]
        matches[mentee.id] = ProposedMatch(
            mentee.id,
            old[j].id,
            score,
            tuple((old[c].id, _scored(mentee, old[c], weights)) for c in others),
        )
    in_order = tuple(matches[p.id] for p in mentees if p.id in matches)
    return MatchingResult(
        matches=in_order,
        unmatched=tuple((p.id, reasons[p.id]) for p in mentees if p.id in reasons),
        total_score=math.fsum(match.score.total for match in in_order),
    )


def _check_ids(profiles: Sequence[MenteeProfile] | Sequence[MentorProfile], side: str) -> None:
    ids = [p.id for p in profiles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate {side} ids")


def _scored(mentee: MenteeProfile, mentor: MentorProfile, weights: Weights) -> Score:
    score = score_pair(mentee, mentor, weights)
    if isinstance(score, Blocked):  # the matrix said feasible: a bug, never a proposal
        raise RuntimeError(f"blocked pair proposed: {mentee.id}, {mentor.id}")
    return score


def _solve(cost: FloatArray, slot_mentor: IntArray, slots_as_rows: bool) -> IntArray:
    """For each mentee the chosen mentor's index, or -1 (``cost`` is negated values)."""
    n = cost.shape[1] if slots_as_rows else cost.shape[0]
    chosen = np.full(n, -1, dtype=np.int64)
    if cost.size == 0:
        return chosen
    if slots_as_rows:
        slots, young = linear_sum_assignment(cost)
        taken = cost[slots, young] < 0
    else:
        young, slots = linear_sum_assignment(cost)
        taken = cost[young, slots] < 0
    chosen[young[taken]] = slot_mentor[slots[taken]]
    return chosen


def _best_mentors(value: FloatArray, k: int) -> IntArray:
    """Per row the ``k`` best proposable mentors (score desc, id asc), padded with -1."""
    out = np.full((value.shape[0], k), -1, dtype=np.int64)
    if k == 0:
        return out
    # The k-th best value per row; every column at or above it is a candidate (ties included),
    # then an exact sort by (-value, column) keeps the first k.
    kth = -np.partition(-value, k - 1, axis=1)[:, k - 1]
    rows, cols = np.nonzero((value >= kth[:, None]) & (value > 0))
    order = np.lexsort((cols, -value[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, np.arange(value.shape[0]))[rows]
    keep = rank < k
    out[rows[keep], rank[keep]] = cols[keep]
    return out


def _unmatched_reasons(value: FloatArray, codes: CodeArray) -> list[str]:
    """Why each mentee (row) would be unmatched, if the solver leaves them so."""
    proposable: IntArray = np.count_nonzero(value > 0, axis=1)
    feasible: IntArray = np.count_nonzero(codes == 0, axis=1)
    reasons = []
    for i in range(value.shape[0]):
        if proposable[i]:
            reasons.append("capacity")
        elif feasible[i]:
            reasons.append("low_score")
        else:
            counts = np.bincount(codes[i], minlength=len(BLOCK_CODES) + 1)[1:]
            reasons.append(BLOCK_CODES[int(np.argmax(counts))])
    return reasons
