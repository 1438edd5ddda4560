"""Fast add1 against the plain loop (one MES run per step) on real elections: same outcome?

    .venv/bin/python bench/add1_fast_vs_plain.py [--max-voters 5000] [--limit 0]
        [--stop-when-exhaustive] [FILE ...]

For every approval or choose-1 election (or the files named), runs both loops with cost
utilities (the cities' loop, or with --stop-when-exhaustive equalshares.net's variant that
stops at the first exhaustive outcome) and prints the steps the plain loop took, the MES runs and interval checks of the
fast loop, both CPU times and their ratio, and whether the outcomes are identical. Exits 1 on
any difference.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from fractions import Fraction
from pathlib import Path

from _pabulib import default_dir

from samskab.engine.pabulib import read_election
from samskab.engine.pb.completion import UNIT, add1, is_exhaustive
from samskab.engine.pb.election import Election
from samskab.engine.pb.mes import prepare, run_mes

FOLDER = default_dir()


def plain_add1(election: Election, stop_when_exhaustive: bool) -> tuple[list[int], int]:
    profile = prepare(election, "cost")
    voters, budget = election.num_voters, election.budget
    selected = run_mes(profile, Fraction(budget, voters)).selected
    base = (budget // (UNIT * voters)) * UNIT
    step = 0
    while len(selected) != len(profile.eligible) and not (
        stop_when_exhaustive and is_exhaustive(election, selected)
    ):
        following = run_mes(profile, Fraction(base + UNIT * (step + 1))).selected
        if sum(profile.costs[j] for j in following) > budget:
            break
        step, selected = step + 1, following
    return selected, step


def header(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig") as handle:
        text = handle.read(4000)
    return dict(re.findall(r"^(num_votes|vote_type);([^\r\n;]*)", text, re.M))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--folder", default=str(FOLDER))
    parser.add_argument("--max-voters", type=int, default=5000)
    parser.add_argument("--limit", type=int, default=0, help="stop after this many files")
    parser.add_argument("--stop-when-exhaustive", action="store_true")
    options = parser.parse_args()
    if options.files:
        paths = [Path(f) for f in options.files]
    else:
        paths = []
        for path in sorted(Path(options.folder).glob("*.pb")):
            meta = header(path)
            if (
                meta.get("vote_type") in ("approval", "choose-1")
                and int(meta.get("num_votes", "0") or 0) <= options.max_voters
            ):
                paths.append(path)
    if options.limit:
        paths = paths[: options.limit]
    differences = 0
    total_plain = total_fast = 0.0
    print("file  plain_steps  fast_runs  fast_checks  plain_s  fast_s  ratio  same")
    for path in paths:
        election = read_election(path).election
        if election.num_voters == 0:
            continue
        start = time.process_time()
        expected, steps = plain_add1(election, options.stop_when_exhaustive)
        plain = time.process_time() - start
        start = time.process_time()
        outcome = add1(election, stop_when_exhaustive=options.stop_when_exhaustive)
        fast = time.process_time() - start
        same = list(outcome.selected) == expected and outcome.explanation["add1_steps"] == steps
        differences += not same
        total_plain, total_fast = total_plain + plain, total_fast + fast
        info = outcome.explanation
        print(
            f"{path.name}  {steps}  {info['mes_runs']}  {info['interval_checks']}  "
            f"{plain:.3f}  {fast:.3f}  {plain / max(fast, 1e-9):.1f}  {same}"
        )
    print(
        f"files: {len(paths)}, differences: {differences}, plain CPU {total_plain:.1f} s, "
        f"fast CPU {total_fast:.1f} s, ratio {total_plain / max(total_fast, 1e-9):.1f}"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
