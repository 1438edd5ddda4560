"""The two sides of a mentoring match, as the engine sees them (no names, no contact data).

Tags (interests, fields, availability slots, languages) are normalised lower-case strings; the
engine only compares them for equality. Ids are stable strings chosen by the caller (the
mentoring app uses primary keys), never names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MenteeProfile:
    """A young person looking for a mentor."""

    id: str
    age: int
    interests: frozenset[str]  # e.g. {"fodbold", "musik"}
    curious_about: frozenset[str]  # fields of education/work, e.g. {"tømrer", "it"}
    area: str  # district or postal code; "" when unknown
    location: tuple[float, float] | None  # (lat, lon) in degrees, optional
    availability: frozenset[str]  # slots like "man-aften", "lør-dag"
    languages: frozenset[str]  # e.g. {"da", "ar"}
    preferred_mentor_gender: str | None = None  # "f", "m", "x" or None (soft)
    required_language: str | None = None  # hard: the mentor must speak it
    under_15: bool = False  # hard: the mentor needs a clear børneattest
    refused_mentor_ids: frozenset[str] = frozenset()  # hard: never these mentors


@dataclass(frozen=True, slots=True)
class MentorProfile:
    """A volunteer mentor with room for ``capacity`` more mentees."""

    id: str
    age: int
    interests: frozenset[str]
    fields: frozenset[str]  # what they study or work in
    area: str
    location: tuple[float, float] | None
    availability: frozenset[str]
    languages: frozenset[str]
    gender: str | None
    capacity: int  # how many mentees at once (remaining capacity)
    child_certificate_clear: bool  # børneattest status is "clear" and not expired
