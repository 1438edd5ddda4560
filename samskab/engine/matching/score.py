"""How well a mentor fits a young person "i øjenhøjde" (at eye level), and the hard rules.

A pair is either ``Blocked`` (a hard rule forbids it; never proposed) or gets a ``Score``: a
sum of ``Reason`` points, each with a code the app translates and the details it names. The
points (``DEFAULT_WEIGHTS``) and why:

- ``field_match`` +30 when the mentor studies or works in something the young person is curious
  about. The offer exists to open a road into education or work, so a mentor who has walked
  that road counts most: more than any other single reason.
- ``age_gap`` up to +20. Eye level means a peer a few steps ahead: a gap of 2-8 years with the
  mentor older gets all 20; 0 and 1 year get 8 and 14 (a peer, but not yet ahead); past 8 years
  the points fall by 2.5 a year, to 0 at 16 years and down to -10 at 20 years or more (a
  mentor who could be a parent is no longer at eye level). A mentor *younger* than the young
  person is **blocked**, not merely penalised: the role would be turned upside down, and a
  penalty could still be outweighed by other reasons into a proposal nobody would defend.
- ``shared_interests`` +6 per shared interest, counting at most 4 (+24): common ground for the
  first meetings; more shared interests never lower the score.
- ``same_area`` +15, else ``distance_km`` up to +12 falling linearly to 0 at 20 km
  (haversine, when both locations are known): meeting must be easy without a car.
- ``availability_overlap`` +4 per shared time slot, counting at most 3 (+12);
  ``no_common_time`` -10 when both gave times and none overlap (they could hardly meet).
- ``gender_preference`` +10 when the young person's stated preference is met, -10 when it is
  not (also when the mentor's gender is unknown): a preference, so soft, never a block.
- ``language`` +8 when they share a language besides Danish (a mother tongue in common).

Hard rules, checked in this order (the first that applies is reported): ``no_capacity``
(the mentor has no room), ``refused`` (the young person declined this mentor), ``language``
(the required language is not spoken, detail: the language; or no language in common, no
detail), ``child_certificate`` (the young person is under 15 and the mentor has no clear
børneattest), ``mentor_younger`` (detail: how many years younger).

A pair is proposed only if its score is above ``Weights.minimum_score`` (default 0): a pair
with nothing going for it is not worth a young person's trust.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from samskab.engine.matching.profiles import MenteeProfile, MentorProfile

COMMON_LANGUAGE = "da"  # everyone is expected to share Danish; other shared languages earn points
EARTH_RADIUS_KM = 6371.0088

# Codes in the order reasons appear in a Score (and in explanations).
REASON_CODES = (
    "field_match",
    "age_gap",
    "shared_interests",
    "same_area",
    "distance_km",
    "availability_overlap",
    "no_common_time",
    "gender_preference",
    "language",
)
BLOCK_CODES = ("no_capacity", "refused", "language", "child_certificate", "mentor_younger")


@dataclass(frozen=True, slots=True)
class Weights:
    """Points per reason; see the module docstring for why these values."""

    field_match: float = 30.0
    age_gap: float = 20.0
    best_gap_min: int = 2  # years; the full age points from here ...
    best_gap_max: int = 8  # ... to here
    gap_fade_years: float = 8.0  # past best_gap_max the points fall to 0 over this many years
    gap_floor: float = -0.5  # ... and on to this fraction of age_gap at most
    shared_interest: float = 6.0
    shared_interest_cap: int = 4
    same_area: float = 15.0
    distance: float = 12.0
    distance_max_km: float = 20.0
    availability_slot: float = 4.0
    availability_cap: int = 3
    no_common_time: float = -10.0
    gender_preference: float = 10.0
    shared_language: float = 8.0
    minimum_score: float = 0.0  # proposals need more than this; 0 or more

    def __post_init__(self) -> None:
        if self.best_gap_min < 1 or self.best_gap_max < self.best_gap_min:
            raise ValueError("need 1 <= best_gap_min <= best_gap_max")
        if self.gap_fade_years <= 0 or self.distance_max_km <= 0:
            raise ValueError("gap_fade_years and distance_max_km must be positive")
        if self.shared_interest_cap < 0 or self.availability_cap < 0:
            raise ValueError("caps must be 0 or more")
        if self.minimum_score < 0:
            raise ValueError("minimum_score must be 0 or more")


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for (or against) a match: a code, its points and what it names."""

    code: str
    points: float
    detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Blocked:
    """A hard rule forbids the pair; ``code`` is one of ``BLOCK_CODES``."""

    code: str
    detail: tuple[str, ...] = ()


def age_factor(gap: int, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The share of ``weights.age_gap`` a (non-negative) age gap earns."""
    if gap < weights.best_gap_min:
        return 0.4 + 0.6 * gap / weights.best_gap_min
    if gap <= weights.best_gap_max:
        return 1.0
    return max(weights.gap_floor, 1.0 - (gap - weights.best_gap_max) / weights.gap_fade_years)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def blocked_pair(mentee: MenteeProfile, mentor: MentorProfile) -> Blocked | None:
    """The first hard rule that forbids the pair, or None."""
    if mentor.capacity <= 0:
        return Blocked("no_capacity")
    if mentor.id in mentee.refused_mentor_ids:
        return Blocked("refused")
    if mentee.required_language is not None and mentee.required_language not in mentor.languages:
        return Blocked("language", (mentee.required_language,))
    if mentee.languages and mentor.languages and not mentee.languages & mentor.languages:
        return Blocked("language")
    if mentee.under_15 and not mentor.child_certificate_clear:
        return Blocked("child_certificate")
    if mentor.age < mentee.age:
        return Blocked("mentor_younger", (str(mentee.age - mentor.age),))
    return None


def score_pair(
    mentee: MenteeProfile, mentor: MentorProfile, weights: Weights = DEFAULT_WEIGHTS
) -> Score | Blocked:
    """Score one pair (the reference; ``matrix.score_matrix`` computes the same for many)."""
    blocked = blocked_pair(mentee, mentor)
    if blocked is not None:
        return blocked
    reasons: list[Reason] = []

    fields = sorted(mentee.curious_about & mentor.fields)
    if fields:
        reasons.append(Reason("field_match", weights.field_match, tuple(fields)))

    gap = mentor.age - mentee.age
    age_points = weights.age_gap * age_factor(gap, weights)
    if age_points != 0:
        reasons.append(Reason("age_gap", age_points, (str(gap),)))

    interests = sorted(mentee.interests & mentor.interests)
    if interests:
        points = weights.shared_interest * min(len(interests), weights.shared_interest_cap)
        reasons.append(Reason("shared_interests", points, tuple(interests)))

    if mentee.area and mentee.area == mentor.area:
        reasons.append(Reason("same_area", weights.same_area, (mentee.area,)))
    elif mentee.location is not None and mentor.location is not None:
        km = haversine_km(mentee.location, mentor.location)
        points = weights.distance * max(0.0, 1.0 - km / weights.distance_max_km)
        if points > 0:
            reasons.append(Reason("distance_km", points, (f"{km:.1f}",)))

    slots = sorted(mentee.availability & mentor.availability)
    if slots:
        points = weights.availability_slot * min(len(slots), weights.availability_cap)
        reasons.append(Reason("availability_overlap", points, tuple(slots)))
    elif mentee.availability and mentor.availability:
        reasons.append(Reason("no_common_time", weights.no_common_time))

    preferred = mentee.preferred_mentor_gender
    if preferred is not None:
        sign = 1.0 if mentor.gender == preferred else -1.0
        reasons.append(Reason("gender_preference", sign * weights.gender_preference, (preferred,)))

    languages = sorted((mentee.languages & mentor.languages) - {COMMON_LANGUAGE})
    if languages:
        reasons.append(Reason("language", weights.shared_language, tuple(languages)))

    total = 0.0
    for reason in reasons:
        total += reason.points
    return Score(total, tuple(reasons))
