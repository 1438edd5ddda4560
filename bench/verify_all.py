"""The full Pabulib conformance sweep: every file, recomputed with its own META rule.

    .venv/bin/python bench/verify_all.py [--pabulib DIR] [--jobs N] [--round-trip]

Prints the counts per status and per META rule, every mismatch and error with its reason, and
the total time. It is `samskab pb verify DIR/*.pb` with a summary for docs/pabulib-conformance.md.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _pabulib import default_dir

from samskab.engine.cli import verify_record
from samskab.engine.pabulib import PabulibError, read_election, write_election


def round_trips(path: str) -> bool:
    try:
        election = read_election(path).election
    except PabulibError:
        return True  # unreadable files are reported by the sweep itself
    text = write_election(election)
    again = read_election(text, name=path).election
    return again == election and write_election(again) == text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pabulib", type=Path, default=default_dir())
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--round-trip",
        action="store_true",
        help="also write every file back and check it reads as the same election",
    )
    args = parser.parse_args()
    files = sorted(glob.glob(os.fspath(args.pabulib / "*.pb")))
    if not files:
        print(f"no .pb files in {args.pabulib}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            records = list(pool.map(verify_record, files, chunksize=8))
    else:
        records = [verify_record(path) for path in files]
    elapsed = time.perf_counter() - start

    by_status = Counter(r["status"] for r in records)
    by_rule = Counter((r["rule"] or "(unreadable)", r["status"]) for r in records)
    print(f"{len(files)} files in {args.pabulib}, {elapsed:.1f} s ({args.jobs} process(es))")
    print()
    print("per status:")
    for status, count in sorted(by_status.items()):
        print(f"  {status:<15} {count:>5}")
    print()
    print("per META rule:")
    rules = sorted({rule for rule, _ in by_rule})
    statuses = ["match", "mismatch", "not-verifiable", "error"]
    print(f"  {'rule':<30}" + "".join(f"{s:>16}" for s in statuses))
    for rule in rules:
        print(f"  {rule:<30}" + "".join(f"{by_rule[(rule, s)]:>16}" for s in statuses))
    problems = [r for r in records if r["status"] in ("mismatch", "error")]
    if problems:
        print()
        print("mismatches and errors:")
        for record in problems:
            print(
                f"  {record['status']}: {Path(record['file']).name} ({record['rule']}): "
                f"{record['reason']}"
            )
    if args.round_trip:
        start = time.perf_counter()
        failures = [path for path in files if not round_trips(path)]
        print()
        print(
            f"round trip: {len(files) - len(failures)} of {len(files)} files write and read "
            f"back as the same election ({time.perf_counter() - start:.1f} s)"
        )
        for path in failures:
            print(f"  round trip fails: {Path(path).name}")
    print()
    print(f"{by_status['match']} passed, {by_status['mismatch'] + by_status['error']} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
