"""How close `samskab pb tally --rule mes-add1` comes to the least any program could do.

    .venv/bin/python bench/pb_speed.py [--repeat 5] [FILE ...]

The reference, measured in the same run on the same machine: a Python process that imports
numpy and reads the file's bytes (`python -c "import numpy; open(F, 'rb').read()"`), the floor
for any numpy-based reader. Printed per file (default: Łódź 2022 and Wrocław 2015):

- parse: `read_election` in a warm process, best of N, as MB/s (target: at least 30 MB/s);
- whole process: `samskab pb tally FILE --rule mes-add1`, wall clock, best of N, and its ratio to
  the reference process (target: at most 3x);
- where the whole process goes: imports, parse and rule, timed inside one process.

numpy's bytecode is compiled when it is installed; samskab's, in a checkout, only when Python
may write it. Where PYTHONDONTWRITEBYTECODE is set, every `samskab` process compiles the engine
from source (about 20 ms). `--bytecode` compiles it first (`compileall`, as an installed
package has it), so both sides of the ratio start from bytecode.
"""

from __future__ import annotations

import argparse
import compileall
import json
import subprocess
import sys
import time
from pathlib import Path

from _pabulib import default_dir

PYTHON = sys.executable
SAMSKAB = str(Path(PYTHON).with_name("samskab"))
FILES = ["Poland_Lodz_2022.pb", "Poland_Wroclaw_2015_from_500.pb"]

INSIDE = r"""
import json, sys, time
start = time.perf_counter()
from samskab.engine import cli
from samskab.engine.pabulib import read_election
from samskab.engine.pb.completion import add1
imported = time.perf_counter()
parsed = read_election(sys.argv[1])
read = time.perf_counter()
add1(parsed.election)
counted = time.perf_counter()
best = min(
    (lambda t: (read_election(sys.argv[1]), time.perf_counter() - t)[1])(time.perf_counter())
    for _ in range(int(sys.argv[2]))
)
print(json.dumps({"imports": imported - start, "parse": read - imported,
                  "rule": counted - read, "parse_best": best}))
"""


def best_wall(argv: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--bytecode", action="store_true", help="compile samskab's bytecode before measuring"
    )
    options = parser.parse_args()
    if options.bytecode:
        package = Path(__file__).resolve().parents[1] / "samskab"
        compileall.compile_file(package / "__init__.py", quiet=1)
        compileall.compile_file(package / "cli.py", quiet=1)
        compileall.compile_dir(package / "engine", quiet=1)
    paths = [Path(f) for f in options.files] or [default_dir() / name for name in FILES]
    worst = 0.0
    slowest_parse = float("inf")
    for path in paths:
        size_mb = path.stat().st_size / 1e6
        reference_argv = [PYTHON, "-c", f"import numpy; open({str(path)!r}, 'rb').read()"]
        tally_argv = [SAMSKAB, "pb", "tally", str(path), "--rule", "mes-add1"]
        # Interleaved, so a change in the machine's load affects both alike.
        reference, whole = float("inf"), float("inf")
        for _ in range(options.repeat):
            reference = min(reference, best_wall(reference_argv, 1))
            whole = min(whole, best_wall(tally_argv, 1))
        inside = json.loads(
            subprocess.run(
                [PYTHON, "-c", INSIDE, str(path), str(options.repeat)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        rate = size_mb / inside["parse_best"]
        ratio = whole / reference
        worst, slowest_parse = max(worst, ratio), min(slowest_parse, rate)
        print(
            f"{path.name}: {size_mb:.1f} MB; parse {inside['parse_best']:.3f} s = {rate:.1f} MB/s; "
            f"tally --rule mes-add1 {whole:.3f} s vs reference {reference:.3f} s: {ratio:.2f}x "
            f"(inside: imports {inside['imports']:.3f} s, parse {inside['parse']:.3f} s, "
            f"rule {inside['rule']:.3f} s)"
        )
    print(
        f"slowest parse {slowest_parse:.1f} MB/s (target >= 30); "
        f"worst whole-process ratio {worst:.2f}x (target <= 3)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
