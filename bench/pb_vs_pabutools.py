"""Side by side with pabutools, in one run: parsing, greedy, equal shares, equal shares + add1.

    .venv/bin/python bench/pb_vs_pabutools.py [--timeout 120] [--files A.pb B.pb] [--no-sweep]

Every measurement runs in its own subprocess (so peak memory is that task's alone) and is
timed twice: wall-clock and CPU (``seconds``/``wall`` and ``cpu_seconds``/``cpu``; the steps
inside a process are timed by the process itself, whole processes by this script). The machine
may be shared; CPU time is the steadier figure, and ratios are taken within the same run. pabutools runs that exceed the
timeout are reported as "> timeout". Ratios are pabutools / ours (higher: we are faster).

Measured:
* parse: reading the file (ours: ``read_election``; pabutools: ``parse_pabulib``), time and the
  process's peak memory above its memory just before parsing;
* greedy / mes: the rule alone, after parsing (ours: greedy by approvals and MES with cost
  utilities; pabutools: ``greedy_utilitarian_welfare`` and ``method_of_equal_shares`` with
  ``Cost_Sat``);
* mes-add1: the whole process. Ours is ``samskab pb tally FILE --rule mes-add1``; pabutools has
  no add1 completion, so its nearest, the iterated variant (``voter_budget_increment=1``),
  stands in;
* the full ``samskab pb verify`` sweep over every file of the shared Pabulib folder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from _pabulib import default_dir

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SAMSKAB = str(Path(PYTHON).with_name("samskab"))
DEFAULT_FILES = ["Poland_Wroclaw_2015_from_500.pb", "Poland_Lodz_2022.pb"]

# The child prints one JSON line: seconds for the measured step, and memory in KB.
PRELUDE = """
import json, resource, sys, time
def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
"""

OURS_PARSE = """
from samskab.engine.pabulib import read_election
before = rss_kb(); start = time.perf_counter(); cpu = time.process_time()
election = read_election(sys.argv[1]).election
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "memory_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before}))
"""

THEIR_PARSE = """
from pabutools.election import parse_pabulib
before = rss_kb(); start = time.perf_counter(); cpu = time.process_time()
instance, profile = parse_pabulib(sys.argv[1])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "memory_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before}))
"""

OURS_RULE = """
from samskab.engine.pabulib import read_election
from samskab.engine.pb.rules import RULES
election = read_election(sys.argv[1]).election
start = time.perf_counter(); cpu = time.process_time()
outcome = RULES[sys.argv[2]](election)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu}))
"""

THEIR_RULE = """
from pabutools.election import parse_pabulib, Cost_Sat
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
instance, profile = parse_pabulib(sys.argv[1])
start = time.perf_counter(); cpu = time.process_time()
if sys.argv[2] == "greedy":
    result = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
elif sys.argv[2] == "mes":
    result = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
else:
    result = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu}))
"""


def run(command: list[str], timeout: float) -> dict[str, float | str | None]:
    """Wall and CPU seconds of one subprocess, plus what it printed (JSON) if anything."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=REPO, check=False
        )
    except subprocess.TimeoutExpired:
        return {"wall": None, "cpu": None, "timeout": timeout}
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result: dict[str, float | str | None] = {"wall": wall, "cpu": cpu}
    if done.returncode not in (0, 1):
        result["error"] = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if lines:
        result.update(json.loads(lines[-1]))
    return result


def python(script: str, *args: str, timeout: float) -> dict[str, float | str | None]:
    return run([PYTHON, "-c", PRELUDE + script, *args], timeout)


def show(value: float | str | None, unit: str = "s") -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:.2f} {unit}" if unit == "s" else f"{value / 1024:.1f} MB"


def ratio(theirs: float | str | None, ours: float | str | None, timeout: float | None) -> str:
    if not isinstance(ours, int | float) or ours <= 0:
        return "-"
    if theirs is None and timeout is not None:
        return f"> {timeout / ours:.0f}x"
    if not isinstance(theirs, int | float):
        return "-"
    return f"{theirs / ours:.1f}x"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per pabutools run")
    parser.add_argument("--files", nargs="*", default=DEFAULT_FILES)
    parser.add_argument("--pabulib", default=str(default_dir()))
    parser.add_argument("--no-sweep", action="store_true", help="skip the verify sweep")
    options = parser.parse_args()
    folder = Path(options.pabulib)
    if not folder.is_dir():
        folder = Path("/work/shared/pabulib")
    rows: list[tuple[str, str, str, str, str, str]] = []

    def add(task: str, ours: dict, theirs: dict, key: str, unit: str = "s") -> None:
        timeout = theirs.get("timeout")
        theirs_value = theirs.get(key)
        rows.append(
            (
                task,
                f"{key}",
                show(ours.get(key), unit),
                f"> {timeout:.0f} s"
                if theirs_value is None and timeout
                else show(theirs_value, unit),
                ratio(theirs_value, ours.get(key), timeout if isinstance(timeout, float) else None),
                str(ours.get("error") or theirs.get("error") or ""),
            )
        )

    for name in options.files:
        path = str(folder / name)
        print(f"measuring {name} ...", file=sys.stderr)
        ours = python(OURS_PARSE, path, timeout=options.timeout)
        theirs = python(THEIR_PARSE, path, timeout=options.timeout)
        add(f"{name} parse", ours, theirs, "seconds")
        add(f"{name} parse", ours, theirs, "cpu_seconds")
        add(f"{name} parse", ours, theirs, "memory_kb", unit="kb")
        for rule in ("greedy", "mes"):
            ours = python(OURS_RULE, path, rule, timeout=options.timeout)
            theirs = python(THEIR_RULE, path, rule, timeout=options.timeout)
            add(f"{name} {rule} (rule only)", ours, theirs, "seconds")
            add(f"{name} {rule} (rule only)", ours, theirs, "cpu_seconds")
        ours = run([SAMSKAB, "pb", "tally", path, "--rule", "mes-add1"], options.timeout)
        theirs = python(THEIR_RULE, path, "mes-iterated", timeout=options.timeout)
        add(f"{name} mes-add1 (whole process)", ours, theirs, "wall")
        add(f"{name} mes-add1 (whole process)", ours, theirs, "cpu")

    if not options.no_sweep:
        files = sorted(str(p) for p in folder.glob("*.pb"))
        print(f"verify sweep over {len(files)} files ...", file=sys.stderr)
        sweep = run([SAMSKAB, "pb", "verify", *files], 600)
        rows.append(
            ("verify sweep", "wall", show(sweep.get("wall")), "", "", f"{len(files)} files")
        )
        rows.append(("verify sweep", "cpu", show(sweep.get("cpu")), "", "", ""))

    header = ("task", "measure", "ours", "pabutools", "ratio", "note")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"load average while measuring: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
