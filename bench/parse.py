"""Parse speed and memory: samskab's Pabulib reader against pabutools' `parse_pabulib`.

    .venv/bin/python bench/parse.py [--pabulib DIR] [--repeat N]

Each measurement runs in its own subprocess, so the parsers never share a heap, and both are
measured in the same run on the same machine. Imports are done before the clock starts.
- time: the best of N parses (wall clock, `time.perf_counter`);
- peak RSS: `resource.getrusage(RUSAGE_SELF).ru_maxrss` after one parse, minus the same
  figure just before it (the memory the parse itself made the process grow by);
- traced peak: `tracemalloc` peak during one parse (Python and numpy allocations).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from _pabulib import default_dir

REPO = Path(__file__).resolve().parents[1]
FILES = ["Poland_Wroclaw_2015_from_500.pb", "Poland_Lodz_2022.pb"]

WORKER = r"""
import json, resource, sys, time, tracemalloc
parser, path, repeat, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, {repo!r})
if parser == "samskab":
    from samskab.engine.pabulib import read_election
    def parse():
        return read_election(path).election.num_voters
else:
    from pabutools.election import parse_pabulib
    def parse():
        instance, profile = parse_pabulib(path)
        return len(profile)
result = {{}}
if mode == "time":
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        voters = parse()
        best = min(best, time.perf_counter() - start)
    result = {{"seconds": best, "voters": voters}}
elif mode == "rss":
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    parse()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {{"rss_mb": (after - before) / 1024, "rss_total_mb": after / 1024}}
else:
    tracemalloc.start()
    parse()
    result = {{"traced_mb": tracemalloc.get_traced_memory()[1] / 1e6}}
print(json.dumps(result))
"""


def measure(parser: str, path: Path, repeat: int, mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", WORKER.format(repo=str(REPO)), parser, str(path), str(repeat), mode],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pabulib", type=Path, default=default_dir())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header = (
        f"{'file':<34}{'parser':<11}{'ballots':>9}{'time s':>9}{'peak RSS MB':>13}{'traced MB':>11}"
    )
    print(header)
    print("-" * len(header))
    for name in FILES:
        path = args.pabulib / name
        rows = {}
        for who in ("samskab", "pabutools"):
            timing = measure(who, path, args.repeat if who == "samskab" else 1, "time")
            rows[who] = {
                **timing,
                **measure(who, path, 1, "rss"),
                **measure(who, path, 1, "traced"),
            }
            row = rows[who]
            print(
                f"{name:<34}{who:<11}{int(row['voters']):>9}{row['seconds']:>9.3f}"
                f"{row['rss_mb']:>13.1f}{row['traced_mb']:>11.1f}"
            )
        ours, theirs = rows["samskab"], rows["pabutools"]
        print(
            f"{'':<34}{'ratio':<11}{'':>9}{theirs['seconds'] / ours['seconds']:>8.1f}x"
            f"{theirs['rss_mb'] / max(ours['rss_mb'], 0.1):>12.1f}x"
            f"{theirs['traced_mb'] / ours['traced_mb']:>10.1f}x"
        )
    print("\nratio = pabutools / samskab (higher is better for samskab)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
