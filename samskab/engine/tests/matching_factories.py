"""Profiles for the matching tests: plain factories with overrides, and hypothesis strategies."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from samskab.engine.matching import MenteeProfile, MentorProfile

AARHUS_C = (56.1567, 10.2108)
AARHUS_V = (56.1636, 10.1631)  # about 3 km from AARHUS_C


def mentee(id: str = "ung-1", **overrides: Any) -> MenteeProfile:
    values: dict[str, Any] = {
        "id": id,
        "age": 18,
        "interests": frozenset(),
        "curious_about": frozenset(),
        "area": "",
        "location": None,
        "availability": frozenset(),
        "languages": frozenset({"da"}),
    }
    values.update(overrides)
    return MenteeProfile(**values)


def mentor(id: str = "mentor-1", **overrides: Any) -> MentorProfile:
    values: dict[str, Any] = {
        "id": id,
        "age": 23,
        "interests": frozenset(),
        "fields": frozenset(),
        "area": "",
        "location": None,
        "availability": frozenset(),
        "languages": frozenset({"da"}),
        "gender": None,
        "capacity": 1,
        "child_certificate_clear": True,
    }
    values.update(overrides)
    return MentorProfile(**values)


def _tags(*vocabulary: str) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(vocabulary))


_locations = st.one_of(
    st.none(),
    st.tuples(st.floats(55.5, 55.8), st.floats(9.3, 9.7)),
)


@st.composite
def mentees(draw: st.DrawFn, id: str, mentor_ids: tuple[str, ...] = ()) -> MenteeProfile:
    return MenteeProfile(
        id=id,
        age=draw(st.integers(13, 30)),
        interests=draw(_tags("fodbold", "musik", "gaming", "dans")),
        curious_about=draw(_tags("tømrer", "it", "kok")),
        area=draw(st.sampled_from(("Nord", "Syd", ""))),
        location=draw(_locations),
        availability=draw(_tags("man-aften", "tir-aften", "lør-dag")),
        languages=draw(_tags("da", "ar", "en")),
        preferred_mentor_gender=draw(st.sampled_from((None, "f", "m"))),
        required_language=draw(st.sampled_from((None, None, "ar", "da"))),
        under_15=draw(st.booleans()),
        refused_mentor_ids=draw(st.frozensets(st.sampled_from(mentor_ids)))
        if mentor_ids
        else frozenset(),
    )


@st.composite
def mentors(draw: st.DrawFn, id: str, max_capacity: int = 2) -> MentorProfile:
    return MentorProfile(
        id=id,
        age=draw(st.integers(16, 40)),
        interests=draw(_tags("fodbold", "musik", "gaming", "dans")),
        fields=draw(_tags("tømrer", "it", "kok")),
        area=draw(st.sampled_from(("Nord", "Syd", ""))),
        location=draw(_locations),
        availability=draw(_tags("man-aften", "tir-aften", "lør-dag")),
        languages=draw(_tags("da", "ar", "en")),
        gender=draw(st.sampled_from((None, "f", "m", "x"))),
        capacity=draw(st.integers(0, max_capacity)),
        child_certificate_clear=draw(st.booleans()),
    )


@st.composite
def instances(
    draw: st.DrawFn, max_mentees: int = 4, max_mentors: int = 3, max_capacity: int = 2
) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    n_mentors = draw(st.integers(0, max_mentors))
    n_mentees = draw(st.integers(0, max_mentees))
    mentor_ids = tuple(f"m{j}" for j in range(n_mentors))
    old = [draw(mentors(mid, max_capacity)) for mid in mentor_ids]
    young = [draw(mentees(f"u{i}", mentor_ids)) for i in range(n_mentees)]
    return young, old


def random_instance(
    seed: int, n_mentees: int, n_mentors: int
) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    """A seeded random instance with enough overlap for many ties and many blocked pairs."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    interests = ("fodbold", "musik", "gaming", "dans", "skak", "løb")
    fields = ("tømrer", "it", "kok", "pædagog")
    slots = ("man-aften", "tir-aften", "ons-aften", "lør-dag")

    def some(vocabulary: tuple[str, ...], most: int) -> frozenset[str]:
        return frozenset(rng.sample(vocabulary, rng.randint(0, most)))

    def place() -> tuple[str, tuple[float, float] | None]:
        area = rng.choice(("Nord", "Syd", "Øst"))
        return area, (
            55.7 + rng.random() / 5,
            9.5 + rng.random() / 5,
        ) if rng.random() < 0.7 else None

    old = []
    for j in range(n_mentors):
        area, location = place()
        old.append(
            MentorProfile(
                id=f"m{j:03d}",
                age=rng.randint(18, 35),
                interests=some(interests, 3),
                fields=some(fields, 2),
                area=area,
                location=location,
                availability=some(slots, 3),
                languages=frozenset({"da"} | ({"ar"} if rng.random() < 0.3 else set())),
                gender=rng.choice(("f", "m", None)),
                capacity=rng.randint(0, 3),
                child_certificate_clear=rng.random() < 0.8,
            )
        )
    young = []
    for i in range(n_mentees):
        area, location = place()
        speaks_arabic = rng.random() < 0.3
        young.append(
            MenteeProfile(
                id=f"u{i:03d}",
                age=rng.randint(14, 30),
                interests=some(interests, 3),
                curious_about=some(fields, 2),
                area=area,
                location=location,
                availability=some(slots, 3),
                languages=frozenset({"da", "ar"} if speaks_arabic else {"da"}),
                preferred_mentor_gender=rng.choice((None, None, "f", "m")),
                required_language="ar" if speaks_arabic and rng.random() < 0.3 else None,
                under_15=rng.random() < 0.1,
                refused_mentor_ids=frozenset(
                    {f"m{rng.randrange(max(1, n_mentors)):03d}"} if rng.random() < 0.1 else set()
                ),
            )
        )
    return young, old
