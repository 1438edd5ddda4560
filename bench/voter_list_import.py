"""Importing a 100,000-row voter list, against reading the same file with ``csv`` alone.

Creates a throwaway test database on the server in DATABASE_URL (default: the local
PostgreSQL), a process that uses the voter list, and times ``budgets.voter_list`` end to end
(parse, check every line, store all rows in one transaction) on N generated rows, the file the
reliability probe of December 2026 timed out on (``reference,name,email,birth_date,postal_code``).

    .venv/bin/python bench/voter_list_import.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskab.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samskab_bench_list")


def voter_list(rows: int) -> str:
    return "reference,name,email,birth_date,postal_code\n" + "".join(
        f"C{i},Navn {i},c{i}@x.dk,1990-01-01,7000\n" for i in range(rows)
    )


def run(rows: int) -> int:
    from django.db import connection
    from django.utils import timezone

    from samskab.accounts.personas import create_personas
    from samskab.budgets import actions
    from samskab.budgets.models import VoterListEntry
    from samskab.budgets.tests.factories import make_process

    personas = create_personas("bench-password-1")
    process = make_process(
        personas,
        timezone.now(),
        current="ideas",
        slug="bench-list",
        allow_voter_list=True,
        allow_codes=False,
    )
    text = voter_list(rows)
    started = time.perf_counter()
    parsed = sum(1 for _row in csv.DictReader(io.StringIO(text)))
    reference = time.perf_counter() - started
    started = time.perf_counter()
    report = actions.import_voter_list(personas.coordinator, process, text)
    elapsed = time.perf_counter() - started
    assert report.errors == [] and report.created == rows == parsed
    assert VoterListEntry.objects.filter(process=process).count() == rows
    print(f"{connection.vendor}: {rows:,} rows, {len(text) / 1e6:.1f} MB")
    print(f"csv only   {reference:6.2f} s")
    print(f"import     {elapsed:6.2f} s  ({elapsed / reference:.1f} x csv only)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
