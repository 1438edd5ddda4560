"""Every equal-shares outcome and explanation over a folder of Pabulib files, as JSON lines.

    .venv/bin/python bench/dump_outcomes.py OUT.jsonl [--pabulib DIR] [FILE ...]
    .venv/bin/python bench/dump_outcomes.py --compare BEFORE.jsonl AFTER.jsonl

Per file: `mes-add1`, `mes-add1 --add1-stop-when-exhaustive`, plain `mes` (cost utilities) and
`mes-add1` with cardinal utilities: the funded projects and the whole explanation. Run it before
and after a change to the engine and compare: any difference in an outcome or an explanation
is printed (the work counters `mes_runs` and `interval_checks` are compared separately, since a
faster loop may do less work for the same result). Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _pabulib import default_dir

from samskab.engine.pabulib import PabulibError, read_election
from samskab.engine.pb.completion import add1
from samskab.engine.pb.election import Election
from samskab.engine.pb.mes import equal_shares
from samskab.engine.pb.outcome import Outcome

VARIANTS: dict[str, Callable[[Election], Outcome]] = {
    "mes-add1": lambda e: add1(e),
    "mes-add1-stop-when-exhaustive": lambda e: add1(e, stop_when_exhaustive=True),
    "mes": lambda e: equal_shares(e),
    "mes-add1-cardinality": lambda e: add1(e, utility="cardinality"),
}
WORK = ("mes_runs", "interval_checks")


def dump(path: str) -> dict[str, Any]:
    record: dict[str, Any] = {"file": Path(path).name}
    try:
        election = read_election(path).election
    except PabulibError as error:
        record["error"] = str(error)
        return record
    for name, rule in VARIANTS.items():
        try:
            outcome = rule(election)
        except ValueError as error:
            record[name] = {"error": str(error)}
            continue
        record[name] = {"selected": list(outcome.selected), "explanation": outcome.explanation}
    return record


def compare(before_path: str, after_path: str) -> int:
    def load(path: str) -> dict[str, dict[str, Any]]:
        with open(path, encoding="utf-8") as handle:
            return {r["file"]: r for r in map(json.loads, handle)}

    before, after = load(before_path), load(after_path)
    differences = work_changes = compared = 0
    for name in sorted(before.keys() | after.keys()):
        if name not in before or name not in after:
            print(f"{name}: only in {'after' if name in after else 'before'}")
            differences += 1
            continue
        old, new = before[name], after[name]
        for key in sorted(old.keys() | new.keys()):
            if key == "file":
                continue
            left, right = dict(old.get(key) or {}), dict(new.get(key) or {})
            left_work = {k: left.get("explanation", {}).pop(k, None) for k in WORK}
            right_work = {k: right.get("explanation", {}).pop(k, None) for k in WORK}
            compared += 1
            if left != right:
                differences += 1
                print(f"DIFFERENT {name} {key}")
            elif left_work != right_work:
                work_changes += 1
    print(
        f"files: {len(before)}, outcomes compared: {compared}, differences: {differences}, "
        f"same outcome with other work counts: {work_changes}"
    )
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?")
    parser.add_argument("files", nargs="*")
    parser.add_argument("--pabulib", type=Path, default=default_dir())
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        parser.error("give OUT.jsonl or --compare BEFORE AFTER")
    files = args.files or sorted(glob.glob(os.fspath(args.pabulib / "*.pb")))
    start = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for path in files:
            out.write(json.dumps(dump(path), sort_keys=True) + "\n")
            out.flush()
    print(f"{len(files)} files, {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
