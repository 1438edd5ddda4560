"""Ballots per second cast through the JSON API, against pgbench inserting plain rows.

Starts the app with gunicorn (sync workers by default, persistent database connections) on a fresh
PostgreSQL database and drives it with ``wrk`` (C, keep-alive connections, Lua script
``bench/ballots_wrk.lua``) for a fixed time: every request is a real ballot
``PUT /api/v1/processes/<slug>/ballot`` with its own voting code and its own choices; once the
codes are used up the next round replaces earlier ballots; besides, every fifth request replaces
a ballot cast just before with the same code. A response counts only if it is 200
with the new ballot's version, and afterwards the database must hold exactly that many new
ballots with one current ballot per voter. Reported: ballots/s with p50/p99 latency (wrk's own
latency histogram), CPU per ballot (gunicorn workers and the whole machine), and the load
average. In the same run ``pgbench`` inserts plain rows into a scratch table on the same server
with the same number of clients for the same time; the ratio says how close casting a ballot
(authenticate the code, validate, upsert and lock the voter row, retire the old ballot, insert
the new one and its choices, in one transaction) comes to a bare INSERT. ``--client python``
uses Python threads with keep-alive connections instead of wrk (costs more client CPU).
Traffic goes only to 127.0.0.1; the run is bounded.

    .venv/bin/python bench/ballots_api.py [--seconds 15] [--clients 16] [--workers 4]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import resource
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
codes = []
while len(codes) < {codes}:
    codes += actions.generate_voting_codes(
        process, personas.coordinator, min(5000, {codes} - len(codes)), "bench")
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


def cast_with_wrk(
    port: int, slug: str, ids: list[int], codes: list[str], clients: int, seconds: int
) -> dict[str, int]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as codes_file:
        codes_file.write("\n".join(codes) + "\n")
    threads = 2
    try:
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{clients}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(ROOT / "bench" / "ballots_wrk.lua"),
                f"http://127.0.0.1:{port}/",
                "--",
                codes_file.name,
                ",".join(str(pk) for pk in ids),
                slug,
                str(threads),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(codes_file.name)
    match = re.search(r"WRK_RESULT (\{.*\})", result.stdout)
    if match is None:
        raise SystemExit(f"could not read wrk output:\n{result.stdout}\n{result.stderr}")
    return dict(json.loads(match.group(1)))


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def children_cpu() -> float:
    """CPU of finished child processes (wrk), or of this process for the Python client."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + own.ru_utime + own.ru_stime


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent not idle (every process on the machine, not only ours)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def stored_ballots(server: str, database: str) -> tuple[int, int, int]:
    """(ballots, current ballots, voters with exactly one current ballot)."""
    out = subprocess.run(
        [
            "psql",
            f"{server}/{database}",
            "-At",
            "-c",
            "SELECT (SELECT count(*) FROM budgets_ballot),"
            " (SELECT count(*) FROM budgets_ballot WHERE is_current),"
            " (SELECT count(*) FROM (SELECT voter_id FROM budgets_ballot WHERE is_current"
            "  GROUP BY voter_id HAVING count(*) = 1) one)",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ballots, current, single = (int(v) for v in out.split("|"))
    return ballots, current, single


def backend_pids(server: str, database: str) -> list[int]:
    """PostgreSQL backends serving the app (persistent connections, one per worker)."""
    out = subprocess.run(
        [
            "psql",
            f"{server}/postgres",
            "-At",
            "-c",
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'",  # noqa: S608 - ours
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [int(pid) for pid in out.split() if Path(f"/proc/{pid}").exists()]


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError):  # an ended backend: its CPU is lost
            total += cpu_seconds(pid)
    return total


def voters(server: str, database: str) -> int:
    out = subprocess.run(
        ["psql", f"{server}/{database}", "-At", "-c", "SELECT count(*) FROM budgets_voter"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--seconds", type=int, default=15, help="how long wrk and pgbench run")
    parser.add_argument("--codes", type=int, default=10_000, help="distinct voting codes")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="gthread threads per worker")
    parser.add_argument(
        "--worker-class",
        default="sync",
        choices=["sync", "gthread"],
        help="sync: one request at a time per process, a connection per request",
    )
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk")
    parser.add_argument("--ballots", type=int, default=4000, help="with --client python")
    args = parser.parse_args()

    load_before = os.getloadavg()
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
        setup = prepare(env, codes=args.codes)
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
                args.worker_class,
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        wait_for(port)
        slug = str(setup["slug"])
        codes = list(setup["codes"])  # type: ignore[call-overload]
        ids = list(setup["ids"])  # type: ignore[call-overload]
        # Warm up every worker (imports, connections, the process cache) on the first codes.
        warm = args.workers * args.threads * 8
        _elapsed, _lat, warm_failures = cast_all(port, slug, ids, codes[:warm], warm, args.clients)
        if warm_failures:
            raise SystemExit(f"{warm_failures} warm-up ballots failed")
        before = stored_ballots(args.server, database)[0]
        workers = worker_pids(gunicorn.pid)
        app_cpu = cpu_of(workers)
        backends = backend_pids(args.server, database)
        db_cpu = cpu_of(backends)
        client_cpu = children_cpu()
        busy = machine_busy_seconds()
        load_during = os.getloadavg()
        if args.client == "wrk":
            out = cast_with_wrk(port, slug, ids, codes[warm:], args.clients, args.seconds)
            elapsed = out["duration_us"] / 1e6
            cast = out["successes"]
            failures = out["failures"] + out["socket_errors"]
            p50, p99 = out["p50_us"] / 1000, out["p99_us"] / 1000
        else:
            elapsed, latencies, failures = cast_all(
                port, slug, ids, codes[warm:], args.ballots, args.clients
            )
            cast = args.ballots - failures
            latencies.sort()
            p50 = statistics.median(latencies) * 1000
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        busy = machine_busy_seconds() - busy
        app_cpu = cpu_of(workers) - app_cpu
        db_cpu = cpu_of(backends) - db_cpu
        client_cpu = children_cpu() - client_cpu
        load_after = os.getloadavg()
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        gunicorn = None
        ballots, current, single = stored_ballots(args.server, database)
        voter_count = voters(args.server, database)
        inserts_per_second = pgbench(args.server, database, args.clients, args.seconds)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        psql(args.server, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    rate = cast / elapsed
    cores = os.cpu_count() or 1
    print("What this measures: ballots cast through PUT /api/v1/processes/<slug>/ballot")
    print("(gunicorn + Django + PostgreSQL on this machine, load generator on the same cores),")
    print("each a distinct valid ballot with its own voting code, checked in the response and")
    print("afterwards in the database; then pgbench plain INSERTs on the same server.")
    print(
        f"machine: {cores} cores, load average (1 min) before {load_before[0]:.2f}, "
        f"at start of casting {load_during[0]:.2f}, after {load_after[0]:.2f}"
    )
    print(
        f"client={args.client} connections={args.clients} "
        f"gunicorn {args.worker_class} workers={args.workers}"
        + (f"x{args.threads} threads" if args.worker_class == "gthread" else "")
    )
    print(
        f"ballots cast through the API: {cast} in {elapsed:.2f} s, failures={failures}; "
        f"database: {ballots - before} new ballots, {current} current for {voter_count} voters, "
        f"{single} voters with exactly one current ballot"
    )
    print(f"  ballots/s: {rate:.0f}   p50: {p50:.1f} ms   p99: {p99:.1f} ms")
    per = 1000 / max(cast, 1)
    ours = app_cpu + db_cpu + client_cpu
    print(
        f"CPU per ballot: gunicorn workers {app_cpu * per:.2f} ms + PostgreSQL backends "
        f"{db_cpu * per:.2f} ms + load generator {client_cpu * per:.2f} ms = {ours * per:.2f} ms;"
        f" whole machine {busy * per:.2f} ms (also PostgreSQL's WAL writer, the kernel and"
        " other people's work)"
    )
    print(
        f"  ceilings: {cores} cores / our CPU per ballot = {cores * 1000 / (ours * per):.0f}"
        f" ballots/s; {cores} cores / whole-machine CPU per ballot ="
        f" {cores * 1000 / (busy * per):.0f} ballots/s"
    )
    print(
        f"pgbench plain INSERTs/s (same server, {args.clients} clients, {args.seconds} s): "
        f"{inserts_per_second:.0f}"
    )
    print(f"ratio ballots/s : pgbench inserts/s = {rate / inserts_per_second:.3f}")
    print(
        f"targets: >= 500 ballots/s ({'met' if rate >= 500 else 'NOT met'}), "
        f"p99 < 100 ms ({'met' if p99 < 100 else 'NOT met'})"
    )
    # wrk stops at the deadline without reading the last in-flight responses: those ballots
    # (at most one per connection) are stored but not counted as cast.
    consistent = cast <= ballots - before <= cast + args.clients and (
        current == voter_count == single
    )
    if failures or not consistent:
        print("FAILED: failed requests or the database does not match the successful responses")
        sys.exit(1)


if __name__ == "__main__":
    main()
