"""Counting a 100,000-ballot borgerbudget end to end, against merely SELECTing the same rows.

Creates a throwaway test database on the server in DATABASE_URL (default: the local
PostgreSQL), a finished process with N synthetic approval ballots (bulk-inserted: this measures
counting, not casting), then times, in the same run:

- select:  the choice rows of the current ballots, as tuples (the reference);
- load:    ``tally.load_ballots`` (rows -> anonymised, canonically ordered engine Election);
- greedy / mes-add1: the engine rules on that election;
- publish: the published Pabulib text and its SHA-256;
- end to end: ``count_votes`` (load, count with mes-add1 and plain greedy, store the result,
  the funded projects and the published file), the figure the 10-second goal is about.

    .venv/bin/python bench/budget_count.py [--ballots 100000] [--projects 24]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskab.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samskab_bench_count")
# The published file is stored as media: keep it out of the project's var/.
os.environ.setdefault("SAMSKAB_MEDIA_ROOT", tempfile.mkdtemp(prefix="samskab-bench-"))

T = TypeVar("T")


def timed(label: str, times: dict[str, float], work: Callable[[], T]) -> T:
    start = time.perf_counter()
    value = work()
    times[label] = time.perf_counter() - start
    return value


def build(ballots: int, projects: int) -> Any:
    from django.utils import timezone

    from samskab.accounts.personas import create_personas
    from samskab.budgets.models import Ballot, BallotChoice, Voter
    from samskab.budgets.tests.factories import make_process

    personas = create_personas("bench-password-1")
    rng = random.Random(2026)
    costs = [rng.randrange(20, 400) * 1_000 for _ in range(projects)]
    process = make_process(
        personas,
        timezone.now(),
        current="result",
        slug="bench-count",
        proposals=[(f"Forslag {number}", cost) for number, cost in enumerate(costs)],
        pot=sum(costs) // 3,
        counting_rule="mes-add1",
        max_choices=None,
    )
    pks = list(process.proposals.order_by("pk").values_list("pk", flat=True))
    weights = [1.0 / (rank + 1) ** 0.7 for rank in range(projects)]
    bands, areas = ["18-29", "30-49", "50-64", "65+"], ["7000", "7080", "7100"]
    batch = 10_000
    for first in range(0, ballots, batch):
        numbers = range(first, min(first + batch, ballots))
        voters = Voter.objects.bulk_create(
            [
                Voter(
                    process=process,
                    identity_key=f"bench:{n}",
                    proof="code",
                    channel="online",
                    age_band=rng.choice(bands),
                    area=rng.choice(areas),
                )
                for n in numbers
            ]
        )
        rows = Ballot.objects.bulk_create(
            [
                Ballot(voter=voter, process=process, version=1, is_current=True, channel="online")
                for voter in voters
            ]
        )
        choices = []
        for ballot in rows:
            chosen = set(rng.choices(pks, weights=weights, k=rng.randint(1, 5)))
            choices.extend(BallotChoice(ballot=ballot, proposal_id=pk) for pk in chosen)
        BallotChoice.objects.bulk_create(choices)
    return process, personas


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=24)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run(args.ballots, args.projects)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(ballots: int, projects: int) -> int:
    from django.db import connection

    from samskab.budgets.actions import count_votes
    from samskab.budgets.export import published_text
    from samskab.budgets.models import BallotChoice
    from samskab.budgets.tally import load_ballots, sha256_text
    from samskab.engine.pb.rules import RULES

    started = time.perf_counter()
    process, personas = build(ballots, projects)
    print(
        f"{connection.vendor}: {ballots:,} ballots, {projects} projects, "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    times: dict[str, float] = {}
    rows = timed(
        "select",
        times,
        lambda: list(
            BallotChoice.objects.filter(ballot__process=process, ballot__is_current=True)
            .order_by("ballot_id", "proposal_id")
            .values_list("ballot_id", "proposal_id", "points")
        ),
    )
    loaded = timed("load", times, lambda: load_ballots(process))
    election = loaded.election
    greedy = timed("greedy", times, lambda: RULES["greedy"](election))
    mes = timed("mes-add1", times, lambda: RULES["mes-add1"](election))
    result = timed("end to end", times, lambda: count_votes(personas.coordinator, process))
    timed("publish", times, lambda: sha256_text(published_text(process, result, loaded)))
    assert election.num_voters == ballots and len(rows) == len(election.ballot_projects)
    assert sorted(result.selected.values_list("pk", flat=True)) == sorted(
        int(election.projects[i].id) for i in mes.selected
    )
    reference = times["select"]
    print(f"{'step':<12} {'seconds':>8} {'x select':>9}")
    for label in ("select", "load", "greedy", "mes-add1", "publish", "end to end"):
        print(f"{label:<12} {times[label]:8.2f} {times[label] / reference:9.1f}")
    print(
        f"funded: greedy {len(greedy.selected)}, mes-add1 {len(mes.selected)} projects; "
        f"end to end {'within' if times['end to end'] < 10 else 'OVER'} the 10 s goal"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
