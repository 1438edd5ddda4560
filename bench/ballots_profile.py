"""Where the time goes when one ballot is cast through the JSON API, in-process.

Builds a fresh PostgreSQL database, then casts ``--ballots`` ballots with distinct voting codes
through Django's full request path (WSGI handler, middleware, ninja auth/parsing/validation,
identity lookup, eligibility, the cast transaction, the response) using the test ``Client``.
Prints the SQL statements of one cast, CPU ms per ballot and, with ``--profile``, a
pyinstrument call tree. No network: this is the server's own cost per ballot.

    .venv/bin/python bench/ballots_profile.py [--ballots 2000] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--ballots", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    database = f"bench_profile_{os.getpid()}"
    subprocess.run(
        ["psql", f"{args.server}/postgres", "-q", "-c", f"CREATE DATABASE {database}"], check=True
    )
    os.environ.update(
        {
            "DATABASE_URL": f"{args.server}/{database}",
            "DJANGO_SETTINGS_MODULE": "samskab.settings",
            "SAMSKAB_DB_CONN_MAX_AGE": "600",
            "SAMSKAB_LOG_LEVEL": "ERROR",
            "SAMSKAB_DEBUG": "0",
            "PYTHONWARNINGS": "ignore::UserWarning",
        }
    )
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(
            [
                "psql",
                f"{args.server}/postgres",
                "-q",
                "-c",
                f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
            ],
            check=True,
        )


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from samskab.accounts.personas import create_personas
    from samskab.budgets import actions
    from samskab.budgets.tests.factories import make_process, proposal_ids

    setup_test_environment()  # lets the test Client run with DEBUG off and ALLOWED_HOSTS
    call_command("migrate", verbosity=0)
    personas = create_personas("bench-password-1")
    process = make_process(
        personas,
        timezone.now(),
        current="voting",
        slug="bench",
        proposals=[(f"Forslag {i}", 50_000 + 10_000 * i) for i in range(12)],
        max_choices=5,
    )
    ids = proposal_ids(process)
    codes: list[str] = []
    while len(codes) < args.ballots + 2:
        codes += actions.generate_voting_codes(
            personas.coordinator,
            process,
            count=min(5000, args.ballots + 2 - len(codes)),
            batch="bench",
        )
    client = Client()
    url = f"/api/v1/processes/{process.slug}/ballot"

    def cast(index: int, code: str) -> None:
        picks = [ids[(index + k) % len(ids)] for k in range(1 + index % 4)]
        response = client.put(
            url,
            json.dumps({"choices": [{"proposal": pk} for pk in picks]}),
            content_type="application/json",
            headers={"X-Voting-Code": code},
        )
        if response.status_code != 200:
            raise SystemExit(f"cast failed: {response.status_code} {response.content!r}")

    cast(0, codes[0])  # warm up: imports, connection, ballot cache
    with CaptureQueriesContext(connection) as first:
        cast(1, codes[1])
    with CaptureQueriesContext(connection) as again:
        cast(2, codes[1])
    for label, captured in (("first ballot", first), ("replacing a ballot", again)):
        print(f"SQL round trips, {label}: {len(captured.captured_queries)}")
        for query in captured.captured_queries:
            print(f"   {query['sql'][:150]}")

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    wall = time.perf_counter()
    cpu = time.process_time()
    for index, code in enumerate(codes[2:], start=2):
        cast(index, code)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    if profiler is not None:
        profiler.stop()
        print(
            profiler.output_text(
                unicode=True, color=False, show_all=os.environ.get("PROFILE_ALL") == "1"
            )
        )
    count = len(codes) - 2
    print(
        f"{count} ballots in-process, one client, no network: "
        f"{count / wall:.0f} ballots/s, {wall / count * 1000:.2f} ms wall and "
        f"{cpu / count * 1000:.2f} ms CPU (this process; PostgreSQL not included) per ballot"
    )


if __name__ == "__main__":
    main()
