"""Benchmark: mentor matching at municipal-programme scale, side by side with two references.

    .venv/bin/python bench/matching.py [--mentees 10000] [--mentors 2000] [--seed 1]

Synthetic but realistic profiles (young people 16-30, mentors 18-35 with room for 1-3, Danish
interest and field vocabularies with popular and rare tags, districts of a mid-sized Danish
municipality with coordinates, weekly time slots, a few other languages, refusals, gender
preferences, required languages). Three matchers use the same score matrix (computed once,
timed separately) and are compared on total and mean score:

- ours: ``samskab.engine.matching.assign`` (its time includes its own scoring);
- greedy: the best remaining pair first, until no pair fits;
- stable: the ``matching`` package's hospital-resident algorithm (mentee-optimal), each young
  person ranking their best ``--stable-prefs`` mentors by score, each mentor ranking those
  applicants by score. The package's own game class (``HospitalResident``) deep-copies the
  players recursively: at Python's default recursion limit it fails with RecursionError already
  at 500 young people, and with the limit raised (and a 512 MB thread stack) it needed 5.3 s
  just to build the game at 2,000 x 400 (0.7 s at 500 x 100, 1.9 s at 1,000 x 200). So its
  algorithm (``matching.algorithms.hospital_resident``, the same Gale-Shapley code the game
  calls) runs on the players directly. Preference lists are cut to each young person's best
  mentors (``--stable-prefs``, printed): its Python lists do not scale to 10,000 x 2,000 full
  rankings. Its time includes building the players. With 200 mentors per young person (one
  run, seed 1, load average ~10) it took 79 s wall and returned exactly the greedy matching:
  when both sides rank by the same pair score, the stable matching is the greedy one.

Run on this shared 2-core machine the wall times vary with the other work on it (the load
average is printed); CPU seconds are printed beside them.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

# This file is called matching.py, like the reference package: put the repository, not bench/,
# first on the import path, so `import matching` finds the package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from samskab.engine.matching import (  # noqa: E402 - after the path fix above
    MenteeProfile,
    MentorProfile,
    assign,
    describe,
    describe_unmatched,
)
from samskab.engine.matching.matrix import score_matrix  # noqa: E402

INTERESTS = [
    "fodbold",
    "håndbold",
    "basketball",
    "gaming",
    "e-sport",
    "musik",
    "guitar",
    "rap",
    "sang",
    "dans",
    "tegning",
    "kunst",
    "fotografering",
    "film",
    "serier",
    "madlavning",
    "bagning",
    "fitness",
    "løb",
    "svømning",
    "cykling",
    "klatring",
    "kampsport",
    "ridning",
    "fiskeri",
    "natur",
    "friluftsliv",
    "dyr",
    "heste",
    "biler",
    "knallerter",
    "programmering",
    "elektronik",
    "mode",
    "makeup",
    "bøger",
    "skak",
    "brætspil",
    "teater",
    "podcasts",
    "politik",
    "frivilligt-arbejde",
    "spejder",
    "sejlsport",
    "skateboard",
]
FIELDS = [
    "tømrer",
    "murer",
    "elektriker",
    "vvs",
    "maler",
    "smed",
    "mekaniker",
    "frisør",
    "kok",
    "bager",
    "tjener",
    "pædagog",
    "sosu-assistent",
    "sygeplejerske",
    "lærer",
    "it",
    "datamatiker",
    "kontor",
    "handel",
    "detail",
    "lager-og-logistik",
    "chauffør",
    "landbrug",
    "gartner",
    "anlægsgartner",
    "politi",
    "forsvaret",
    "ingeniør",
    "jura",
    "økonomi",
    "design",
    "grafik",
    "medie",
    "marketing",
    "socialrådgiver",
    "fysioterapeut",
    "laborant",
]
AREAS = {  # district: (lat, lon), roughly a mid-sized Danish municipality
    "Centrum": (55.706, 9.536),
    "Nord": (55.730, 9.540),
    "Syd": (55.685, 9.530),
    "Øst": (55.705, 9.580),
    "Vest": (55.700, 9.480),
    "Havnen": (55.712, 9.560),
    "Skovby": (55.760, 9.450),
    "Strandby": (55.650, 9.620),
    "Bakkeby": (55.780, 9.600),
    "Engby": (55.640, 9.420),
}
AREA_WEIGHTS = (18, 14, 14, 12, 12, 8, 6, 6, 5, 5)
DAYS = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
SLOTS = (*(f"{d}-{t}" for d in DAYS for t in ("eftermiddag", "aften")), "lør-dag", "søn-dag")
OTHER_LANGUAGES = ("en", "ar", "so", "tr", "uk", "pl", "fa", "ku", "ur", "ti")
LANGUAGE_WEIGHTS = (30, 14, 8, 8, 10, 8, 6, 6, 4, 6)


def _zipf_sample(rng: random.Random, items: list[str], k: int) -> frozenset[str]:
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(items))]
    chosen: set[str] = set()
    while len(chosen) < k:
        chosen.add(rng.choices(items, weights)[0])
    return frozenset(chosen)


def _place(rng: random.Random) -> tuple[str, tuple[float, float] | None]:
    area = rng.choices(list(AREAS), AREA_WEIGHTS)[0]
    lat, lon = AREAS[area]
    if rng.random() < 0.15:  # no address given
        return area, None
    return area, (lat + rng.gauss(0, 0.012), lon + rng.gauss(0, 0.02))


def _languages(rng: random.Random, share_other: float) -> frozenset[str]:
    langs = {"da"}
    if rng.random() < share_other:
        langs.add(rng.choices(OTHER_LANGUAGES, LANGUAGE_WEIGHTS)[0])
    return frozenset(langs)


def _slots(rng: random.Random) -> frozenset[str]:
    return frozenset(rng.sample(SLOTS, rng.randint(2, 6)))


def make_profiles(
    n_mentees: int, n_mentors: int, seed: int
) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    rng = random.Random(seed)
    interests, fields = list(INTERESTS), list(FIELDS)
    mentors = []
    for j in range(n_mentors):
        area, location = _place(rng)
        rng.shuffle(interests)  # each person's own idea of what is popular, around a common core
        mentors.append(
            MentorProfile(
                id=f"mentor-{j:05d}",
                age=min(35, max(18, round(rng.triangular(18, 35, 23)))),
                interests=_zipf_sample(rng, sorted(INTERESTS)[:10] + interests, rng.randint(2, 6)),
                fields=_zipf_sample(rng, fields, rng.choice((1, 1, 1, 2))),
                area=area,
                location=location,
                availability=_slots(rng),
                languages=_languages(rng, 0.35),
                gender=rng.choices(("f", "m", "x", None), (52, 44, 2, 2))[0],
                capacity=rng.choice((1, 1, 2, 2, 3)),
                child_certificate_clear=rng.random() < 0.85,
            )
        )
    mentees = []
    for i in range(n_mentees):
        area, location = _place(rng)
        rng.shuffle(interests)
        rng.shuffle(fields)
        languages = _languages(rng, 0.25)
        other = sorted(languages - {"da"})
        required = other[0] if other and rng.random() < 0.2 else None
        refused = (
            frozenset(f"mentor-{rng.randrange(n_mentors):05d}" for _ in range(rng.randint(1, 2)))
            if rng.random() < 0.02
            else frozenset()
        )
        mentees.append(
            MenteeProfile(
                id=f"ung-{i:05d}",
                age=min(30, max(16, round(rng.triangular(16, 30, 18)))),
                interests=_zipf_sample(rng, sorted(INTERESTS)[:10] + interests, rng.randint(1, 5)),
                curious_about=_zipf_sample(rng, fields, rng.randint(0, 3)),
                area=area,
                location=location,
                availability=_slots(rng),
                languages=languages,
                preferred_mentor_gender=rng.choices((None, "f", "m"), (80, 13, 7))[0],
                required_language=required,
                under_15=False,
                refused_mentor_ids=refused,
            )
        )
    return mentees, mentors


def greedy(value: np.ndarray, capacity: list[int]) -> dict[int, int]:
    """Best remaining pair first: sort every proposable pair by score, take it if both are free.

    Ties go to the lower (mentee, mentor) index: the stable sort keeps row-major order.
    """
    flat = np.flatnonzero(value > 0)
    flat = flat[np.argsort(-value.ravel()[flat], kind="stable")]
    rows, cols = np.divmod(flat, value.shape[1])
    room = list(capacity)
    slots_left = sum(room)
    chosen: dict[int, int] = {}
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if room[j] > 0 and i not in chosen:
            chosen[i] = j
            room[j] -= 1
            slots_left -= 1
            if slots_left == 0 or len(chosen) == value.shape[0]:
                break
    return chosen


def stable(value: np.ndarray, capacity: list[int], top: int) -> dict[int, int]:
    """Mentee-optimal hospital-resident matching from the `matching` package."""
    from matching import Player
    from matching.algorithms import hospital_resident
    from matching.players import Hospital

    n, m = value.shape
    residents = [Player(i) for i in range(n)]
    hospitals = [Hospital(j, capacity[j]) for j in range(m)]
    applicants: list[list[int]] = [[] for _ in range(m)]
    for i in range(n):
        row = value[i]
        best = np.argsort(-row, kind="stable")[:top]
        best = best[row[best] > 0]
        residents[i].set_prefs([hospitals[j] for j in best.tolist()])
        for j in best.tolist():
            applicants[j].append(i)
    for j in range(m):
        ranked = sorted(applicants[j], key=lambda i: (-value[i, j], i))
        hospitals[j].set_prefs([residents[i] for i in ranked])
    active = [r for r in residents if r.prefs]
    matching = hospital_resident(active, [h for h in hospitals if h.prefs])
    return {r.name: h.name for h, rs in matching.items() for r in rs}


class Timer:
    """Wall-clock and CPU seconds of a block: the machine is shared, so both are printed."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def _summary(name: str, timer: Timer, total: float, matched: int) -> str:
    mean = total / matched if matched else 0.0
    return (
        f"{name:<32} {timer.wall:7.2f} s wall {timer.cpu:7.2f} s cpu  "
        f"total {total:10.1f}  mean {mean:6.2f}  matched {matched:5d}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--stable-prefs", type=int, default=50, help="mentors each young person ranks"
    )
    args = parser.parse_args()

    mentees, mentors = make_profiles(args.mentees, args.mentors, args.seed)
    print(
        f"{len(mentees)} young people, {len(mentors)} mentors, "
        f"{sum(p.capacity for p in mentors)} places (capacities 1-3), seed {args.seed}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )

    with Timer() as ours:
        result = assign(mentees, mentors)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with Timer() as scoring:
        young = sorted(mentees, key=lambda p: p.id)
        old = sorted(mentors, key=lambda p: p.id)
        value, _codes = score_matrix(young, old)
        value[value <= 0] = 0.0
    del _codes
    capacity = [p.capacity for p in old]
    with Timer() as greedy_time:
        greedy_pairs = greedy(value, capacity)
    with Timer() as stable_time:
        stable_pairs = stable(value, capacity, args.stable_prefs)

    def total(pairs: dict[int, int]) -> float:
        return math.fsum(float(value[i, j]) for i, j in pairs.items())

    index = {p.id: k for k, p in enumerate(young)}
    mentor_index = {p.id: k for k, p in enumerate(old)}
    ours_pairs = {index[m.mentee_id]: mentor_index[m.mentor_id] for m in result.matches}
    assert math.isclose(total(ours_pairs), result.total_score), "scores disagree"

    print(
        f"score matrix for the references (shared, not in their times): "
        f"{scoring.wall:.2f} s wall {scoring.cpu:.2f} s cpu"
    )
    print(_summary("ours (optimal, incl. scoring)", ours, result.total_score, len(result.matches)))
    print(_summary("greedy (best pair first)", greedy_time, total(greedy_pairs), len(greedy_pairs)))
    print(
        _summary(
            f"stable (matching HR, top {args.stable_prefs})",
            stable_time,
            total(stable_pairs),
            len(stable_pairs),
        )
    )
    print(
        "  (stable: the package's algorithm called on its players directly, preference lists cut "
        f"to each young person's best {args.stable_prefs}; see the docstring)"
    )
    best_other = max(total(greedy_pairs), total(stable_pairs))
    print(
        f"ours / best reference total: {result.total_score / best_other:.4f}; "
        f"ours time / greedy time (wall): {ours.wall / greedy_time.wall:.2f}; "
        f"ours under 10 s: wall {ours.wall < 10}, cpu {ours.cpu < 10}; "
        f"peak memory after ours {peak_mb:.0f} MB"
    )
    reasons: dict[str, int] = {}
    for _mentee_id, code in result.unmatched:
        reasons[code] = reasons.get(code, 0) + 1
    for code, count in sorted(reasons.items(), key=lambda item: -item[1]):
        print(f"  unmatched {count:5d} ({code}): {describe_unmatched(code, 'en')}")
    first = result.matches[0]
    print(f"example: {first.mentee_id} -> {first.mentor_id}")
    print("  da:", describe(first.score, "da"))
    print("  en:", describe(first.score, "en"))
    for mentor_id, score in first.alternatives:
        print(f"  alternative {mentor_id}: {describe(score, 'en')}")
    return 0 if result.total_score >= best_other else 1


if __name__ == "__main__":
    raise SystemExit(main())
