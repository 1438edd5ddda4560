"""Ballots per second cast through the JSON API, against pgbench inserting plain rows.

Starts the app with gunicorn (several workers) on a fresh PostgreSQL database, has N client
threads cast ballots with voting codes through ``PUT /api/v1/processes/<slug>/ballot`` for a
fixed count (a fifth of them replace an earlier ballot), and reports ballots/s with p50/p99
latency. In the same run ``pgbench`` inserts plain rows into a scratch table on the same
server with the same number of clients; the ratio says how close casting a ballot (validate,
lock the voter row, retire the old ballot, insert the new one and its choices, in one
transaction) comes to a bare INSERT. Traffic goes only to 127.0.0.1; the run is bounded.

    .venv/bin/python bench/ballots_api.py [--ballots 4000] [--clients 16] [--workers 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def psql(server: str, sql: str, database: str = "postgres") -> None:
    subprocess.run(
        ["psql", f"{server}/{database}", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(env: dict[str, str], codes: int) -> dict[str, object]:
    """Migrate and create a locked process in its voting phase with ``codes`` voting codes."""
    subprocess.run([str(BIN / "samskab"), "migrate", "-v0"], env=env, check=True)
    script = f"""
import json
from datetime import timedelta
from django.utils import timezone
from samskab.accounts.personas import create_personas
from samskab.budgets import actions
from samskab.budgets.tests.factories import make_process, proposal_ids
personas = create_personas("bench-password-1")
process = make_process(personas, timezone.now(), current="voting", slug="bench",
    proposals=[(f"Forslag {{i}}", 50_000 + 10_000 * i) for i in range(12)], max_choices=5)
codes = actions.generate_voting_codes(process, personas.coordinator, {codes}, "bench")
print(json.dumps({{"slug": process.slug, "ids": proposal_ids(process), "codes": codes}}))
"""
    out = subprocess.run(
        [str(BIN / "python"), "-c", "import django; django.setup()\n" + script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def cast_all(
    port: int, slug: str, ids: list[int], codes: list[str], ballots: int, clients: int
) -> tuple[float, list[float], int]:
    next_index = iter(range(ballots))
    lock = threading.Lock()
    latencies: list[float] = []
    failures = 0

    def worker(offset: int) -> None:
        nonlocal failures
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                break
            code = codes[index % len(codes)]
            picks = [ids[(index + k) % len(ids)] for k in range(1 + index % 4)]
            body = json.dumps({"choices": [{"proposal": pk} for pk in picks]})
            started = time.perf_counter()
            try:
                connection.request(
                    "PUT",
                    f"/api/v1/processes/{slug}/ballot",
                    body,
                    {"Content-Type": "application/json", "X-Voting-Code": code},
                )
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            mine.append(time.perf_counter() - started)
            bad += 0 if ok else 1
        connection.close()
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, failures


def pgbench(server: str, database: str, clients: int, seconds: int) -> float:
    psql(
        server,
        "CREATE TABLE scratch_rows (id bigserial PRIMARY KEY, voter int, proposal int,"
        " created timestamptz DEFAULT now())",
        database,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(
            "\\set voter random(1, 1000000)\n\\set proposal random(1, 12)\n"
            "INSERT INTO scratch_rows (voter, proposal) VALUES (:voter, :proposal);\n"
        )
    host = re.sub(r"^postgres(ql)?://", "", server)
    user, _at, hostport = host.rpartition("@")
    hostname, _colon, port = hostport.partition(":")
    result = subprocess.run(
        [
            "pgbench",
            "-h",
            hostname,
            "-p",
            port or "5432",
            "-U",
            user or "postgres",
            "-n",
            "-c",
            str(clients),
            "-j",
            "2",
            "-T",
            str(seconds),
            "-f",
            script.name,
            database,
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    os.unlink(script.name)
    if result.returncode != 0:
        raise SystemExit(f"pgbench failed:\n{result.stderr}")
    match = re.search(r"tps = ([\d.]+)", result.stdout)
    if match is None:
        raise SystemExit(f"could not read pgbench output:\n{result.stdout}")
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--ballots", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="gthread threads per worker")
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    args = parser.parse_args()

    database = f"bench_ballots_{os.getpid()}"
    psql(args.server, f"CREATE DATABASE {database}")
    gunicorn: subprocess.Popen[bytes] | None = None
    try:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": f"{args.server}/{database}",
                "DJANGO_SETTINGS_MODULE": "samskab.settings",
                "SAMSKAB_DB_CONN_MAX_AGE": "600",
                "SAMSKAB_LOG_LEVEL": "ERROR",
                "SAMSKAB_DEBUG": "0",
                "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files
            }
        )
        setup = prepare(env, codes=max(1, args.ballots * 4 // 5))
        port = free_port()
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "samskab.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "-k",
                "gthread",
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        wait_for(port)
        codes = list(setup["codes"])  # type: ignore[call-overload]
        ids = list(setup["ids"])  # type: ignore[call-overload]
        # Warm up every worker (imports, connections, the ballot cache) on the first codes.
        cast_all(
            port, str(setup["slug"]), ids, codes[: args.workers * 8], args.workers * 8, args.clients
        )
        elapsed, latencies, failures = cast_all(
            port, str(setup["slug"]), ids, codes, args.ballots, args.clients
        )
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        gunicorn = None
        inserts_per_second = pgbench(args.server, database, args.clients, args.pgbench_seconds)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        psql(args.server, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    rate = args.ballots / elapsed
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print(f"clients={args.clients} gunicorn workers={args.workers}x{args.threads} threads")
    print(f"ballots cast through the API: {args.ballots} in {elapsed:.2f} s, failures={failures}")
    print(f"  ballots/s: {rate:.0f}   p50: {p50:.1f} ms   p99: {p99:.1f} ms")
    print(
        f"pgbench plain INSERTs/s (same server, {args.clients} clients): {inserts_per_second:.0f}"
    )
    print(f"ratio ballots/s : pgbench inserts/s = {rate / inserts_per_second:.3f}")
    print(
        f"targets: >= 500 ballots/s ({'met' if rate >= 500 else 'NOT met'}), "
        f"p99 < 100 ms ({'met' if p99 < 100 else 'NOT met'})"
    )
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
