"""Scores for every (mentee, mentor) pair at once, with numpy.

The same rules as ``score.score_pair`` (the reference, which the tests compare this against),
computed over blocks of mentees: tag sets become bitmasks (one uint64 word per 64 distinct
tags) so a shared-tag count is ``bitwise_count(a & b)``. Scoring 10,000 x 2,000 pairs takes
about a second instead of minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from samskab.engine.matching.profiles import MenteeProfile, MentorProfile
from samskab.engine.matching.score import (
    BLOCK_CODES,
    COMMON_LANGUAGE,
    DEFAULT_WEIGHTS,
    EARTH_RADIUS_KM,
    Weights,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.uint8]
Bits = npt.NDArray[np.uint64]

# Block codes in the code matrix: 0 = feasible, else 1 + the index in BLOCK_CODES. The two
# language rules share one code, like in score_pair.
NO_CAPACITY, REFUSED, LANGUAGE, CHILD_CERTIFICATE, MENTOR_YOUNGER = (
    1 + BLOCK_CODES.index(code) for code in BLOCK_CODES
)
ROWS_PER_BLOCK = 512  # mentees scored at once: 512 x 2,000 pairs keep each temporary ~8 MB


class _Vocabulary:
    """Turns tag sets into bitmask rows over all the tags either side uses."""

    def __init__(self, *collections: Iterable[frozenset[str]]) -> None:
        tags = sorted({tag for collection in collections for tags in collection for tag in tags})
        self.index = {tag: i for i, tag in enumerate(tags)}
        self.words = max(1, (len(tags) + 63) // 64)

    def encode(self, sets: Sequence[frozenset[str]]) -> Bits:
        bits = np.zeros((len(sets), self.words), dtype=np.uint64)
        for row, tags in enumerate(sets):
            for tag in tags:
                i = self.index.get(tag)
                if i is not None:
                    bits[row, i // 64] |= np.uint64(1) << np.uint64(i % 64)
        return bits


def _shared(a: Bits, b: Bits) -> IntArray:
    """How many tags each row of ``a`` shares with each row of ``b``."""
    count = np.zeros((a.shape[0], b.shape[0]), dtype=np.int64)
    for word in range(a.shape[1]):
        count += np.bitwise_count(a[:, word, None] & b[None, :, word])
    return count


def _locations(profiles: Sequence[MenteeProfile | MentorProfile]) -> FloatArray:
    """(lat, lon) in radians, NaN when unknown."""
    out = np.full((len(profiles), 2), np.nan)
    for row, profile in enumerate(profiles):
        if profile.location is not None:
            out[row] = profile.location
    radians: FloatArray = np.radians(out)
    return radians


@dataclass(frozen=True, slots=True)
class _Side:
    age: IntArray
    interests: Bits
    fields: Bits  # mentees: curious_about
    area: IntArray  # -1 (mentees) / -2 (mentors) when unknown, so unknown never matches
    location: FloatArray
    availability: Bits
    has_availability: npt.NDArray[np.bool_]
    languages: Bits
    other_languages: Bits  # languages besides Danish
    has_languages: npt.NDArray[np.bool_]


def _encode(
    profiles: Sequence[MenteeProfile | MentorProfile],
    fields: Sequence[frozenset[str]],
    areas: dict[str, int],
    unknown_area: int,
    vocab: dict[str, _Vocabulary],
) -> _Side:
    languages = [p.languages for p in profiles]
    return _Side(
        age=np.array([p.age for p in profiles], dtype=np.int64),
        interests=vocab["interests"].encode([p.interests for p in profiles]),
        fields=vocab["fields"].encode(fields),
        area=np.array(
            [areas[p.area] if p.area else unknown_area for p in profiles], dtype=np.int64
        ),
        location=_locations(profiles),
        availability=vocab["availability"].encode([p.availability for p in profiles]),
        has_availability=np.array([bool(p.availability) for p in profiles], dtype=bool),
        languages=vocab["languages"].encode(languages),
        other_languages=vocab["languages"].encode([s - {COMMON_LANGUAGE} for s in languages]),
        has_languages=np.array([bool(s) for s in languages], dtype=bool),
    )


def score_matrix(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[FloatArray, CodeArray]:
    """Scores (mentees x mentors, float64) and block codes (uint8, 0 = feasible).

    Where a pair is blocked its score is 0 and its code says which rule blocked it (the first
    in ``BLOCK_CODES`` order, as ``score_pair`` reports).
    """
    vocab = {
        "interests": _Vocabulary([p.interests for p in mentees], [p.interests for p in mentors]),
        "fields": _Vocabulary([p.curious_about for p in mentees], [p.fields for p in mentors]),
        "availability": _Vocabulary(
            [p.availability for p in mentees], [p.availability for p in mentors]
        ),
        "languages": _Vocabulary(
            [p.languages for p in mentees],
            [p.languages for p in mentors],
            [frozenset({p.required_language}) for p in mentees if p.required_language],
        ),
    }
    area_names = sorted({p.area for p in mentees} | {p.area for p in mentors})
    areas = {name: i for i, name in enumerate(area_names)}
    young = _encode(mentees, [p.curious_about for p in mentees], areas, -1, vocab)
    old = _encode(mentors, [p.fields for p in mentors], areas, -2, vocab)

    required = vocab["languages"].encode(
        [frozenset({p.required_language}) if p.required_language else frozenset() for p in mentees]
    )
    has_required = np.array([p.required_language is not None for p in mentees], dtype=bool)
    under_15 = np.array([p.under_15 for p in mentees], dtype=bool)
    preferred = [p.preferred_mentor_gender for p in mentees]
    genders = sorted({g for g in preferred if g is not None} | {p.gender or "" for p in mentors})
    gender_code = {g: i for i, g in enumerate(genders)}
    wants = np.array([gender_code[g] if g is not None else -1 for g in preferred], dtype=np.int64)
    mentor_gender = np.array(
        [gender_code[p.gender] if p.gender else -2 for p in mentors], dtype=np.int64
    )
    no_room = np.array([p.capacity <= 0 for p in mentors], dtype=bool)
    certificate = np.array([p.child_certificate_clear for p in mentors], dtype=bool)
    mentor_index = {p.id: j for j, p in enumerate(mentors)}
    refusals = [
        (i, mentor_index[mid])
        for i, p in enumerate(mentees)
        for mid in p.refused_mentor_ids
        if mid in mentor_index
    ]
    refused_rows = np.array([i for i, _ in refusals], dtype=np.int64)
    refused_cols = np.array([j for _, j in refusals], dtype=np.int64)

    n, m = len(mentees), len(mentors)
    scores = np.empty((n, m), dtype=np.float64)
    codes = np.empty((n, m), dtype=np.uint8)
    for start in range(0, n, ROWS_PER_BLOCK):
        rows = slice(start, min(n, start + ROWS_PER_BLOCK))
        gap = old.age[None, :] - young.age[rows, None]

        # Hard rules, the last assignment winning so the first rule in BLOCK_CODES is reported.
        code = np.where(gap < 0, MENTOR_YOUNGER, 0).astype(np.uint8)
        code[under_15[rows, None] & ~certificate[None, :]] = CHILD_CERTIFICATE
        no_common = (_shared(young.languages[rows], old.languages) == 0) & (
            young.has_languages[rows, None] & old.has_languages[None, :]
        )
        code[no_common] = LANGUAGE
        lacks_required = has_required[rows, None] & (_shared(required[rows], old.languages) == 0)
        code[lacks_required] = LANGUAGE
        in_block = (refused_rows >= rows.start) & (refused_rows < rows.stop)
        code[refused_rows[in_block] - rows.start, refused_cols[in_block]] = REFUSED
        code[:, no_room] = NO_CAPACITY
        codes[rows] = code

        # Points, added in the order of score_pair's reasons so the sums agree.
        total = np.where(_shared(young.fields[rows], old.fields) > 0, weights.field_match, 0.0)
        factor = np.where(
            gap < weights.best_gap_min,
            0.4 + 0.6 * gap / weights.best_gap_min,
            np.where(
                gap <= weights.best_gap_max,
                1.0,
                np.maximum(
                    weights.gap_floor,
                    1.0 - (gap - weights.best_gap_max) / weights.gap_fade_years,
                ),
            ),
        )
        total += weights.age_gap * factor
        interests = np.minimum(
            _shared(young.interests[rows], old.interests), weights.shared_interest_cap
        )
        total += weights.shared_interest * interests
        total += _location_points(young, old, rows, weights)
        slots = _shared(young.availability[rows], old.availability)
        both_gave_times = young.has_availability[rows, None] & old.has_availability[None, :]
        total += np.where(
            slots > 0,
            weights.availability_slot * np.minimum(slots, weights.availability_cap),
            np.where(both_gave_times, weights.no_common_time, 0.0),
        )
        wants_block = wants[rows, None]
        total += np.where(
            wants_block < 0,
            0.0,
            np.where(
                wants_block == mentor_gender[None, :],
                weights.gender_preference,
                -weights.gender_preference,
            ),
        )
        total += np.where(
            _shared(young.other_languages[rows], old.other_languages) > 0,
            weights.shared_language,
            0.0,
        )
        total[code != 0] = 0.0
        scores[rows] = total
    return scores, codes


def _location_points(young: _Side, old: _Side, rows: slice, weights: Weights) -> FloatArray:
    same_area = young.area[rows, None] == old.area[None, :]
    lat1, lon1 = young.location[rows, 0, None], young.location[rows, 1, None]
    lat2, lon2 = old.location[None, :, 0], old.location[None, :, 1]
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    by_distance = weights.distance * np.maximum(0.0, 1.0 - km / weights.distance_max_km)
    by_distance = np.nan_to_num(by_distance, nan=0.0)  # unknown location: no points
    result: FloatArray = np.where(same_area, weights.same_area, by_distance)
    return result
