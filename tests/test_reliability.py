"""Crashes under load, on PostgreSQL with real processes on 127.0.0.1 (bounded, a few tens of
seconds in all):

- kill -9 of gunicorn (one worker, then the master and every worker) while ballots are cast
  through the API: every acknowledged ballot is stored exactly once, with its choices;
- kill -9 of ``samskab db_worker`` in the middle of a count: a new worker finishes it, with
  one result;
- 200 voters casting from two devices at the same moment (the JSON API with the code, the web
  form with the code entered once): every voter ends with exactly one current ballot.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import connection, connections, transaction
from django.db.models import Count, Max, Min, Q
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.identity import hash_code
from samskab.budgets.models import Ballot, BallotChoice, BudgetProcess, Result, Voter
from samskab.budgets.tasks import count_process
from samskab.budgets.tests.factories import make_process, proposal_ids

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SAMSKAB = [sys.executable, "-m", "samskab.cli"]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real processes share the test database")


@pytest.fixture
def child_env(tmp_path: Path) -> dict[str, str]:
    """The environment for samskab processes started by a test: the test database, the
    database task queue, a private media folder."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "postgres")
    if settings["PASSWORD"]:
        user += ":" + quote(settings["PASSWORD"])
    url = (
        f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAMSKAB_", "PYTEST", "DJANGO"))
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="samskab.settings",
        SAMSKAB_TASKS_BACKEND="database",
        SAMSKAB_MEDIA_ROOT=str(tmp_path / "media"),
        SAMSKAB_COUNT_STALE_SECONDS="2",
        SAMSKAB_DB_CONN_MAX_AGE="60",
        SAMSKAB_ALLOWED_HOSTS="127.0.0.1",
    )
    return env


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; whatever still runs at the end is killed, with its children
    (gunicorn's workers), before the test database is dropped."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        children = children_of(process.pid)
        kill_9(process.pid, *children)
        process.wait(timeout=10)
        wait_until(partial(none_alive, children), 10, "the children exiting")


def wait_until(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {what}")


def synthetic_ballots(process: BudgetProcess, count: int, seed: int = 9) -> None:
    """``count`` current approval ballots inserted in bulk (this tests counting, not casting)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    pks = list(process.proposals.order_by("pk").values_list("pk", flat=True))
    weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(pks))]
    voters = Voter.objects.bulk_create(
        [
            Voter(process=process, identity_key=f"t:{n}", proof="code", channel="online")
            for n in range(count)
        ]
    )
    ballots = Ballot.objects.bulk_create(
        [
            Ballot(voter=voter, process=process, version=1, is_current=True, channel="online")
            for voter in voters
        ]
    )
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, proposal_id=pk)
            for ballot in ballots
            for pk in set(rng.choices(pks, weights=weights, k=rng.randint(1, 6)))
        ]
    )


def count_row() -> Any:
    return DBTaskResult.objects.filter(task_path=count_process.module_path).first()


def counting_now(process: BudgetProcess) -> bool:
    """The count holds the process row's lock (``count_votes`` takes it for the whole count)."""
    with transaction.atomic():
        free = BudgetProcess.objects.select_for_update(skip_locked=True).filter(pk=process.pk)
        return not free.exists()


WORKER_OPTIONS = ["--no-startup-delay", "--interval", "0.2", "-v", "0"]


def start_worker(env: dict[str, str], processes: list[subprocess.Popen[bytes]]) -> Any:
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [*SAMSKAB, "db_worker", "--queue-name", "*", "--no-reload", *WORKER_OPTIONS],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    processes.append(worker)
    return worker


BALLOTS = 40_000  # mes-add1 on these takes seconds: long enough to be killed in the middle


def test_kill_9_of_the_worker_mid_count_still_publishes_one_result(
    postgres_only, personas, child_env, processes, settings
):
    process = make_process(
        personas,
        timezone.now(),
        current="result",
        slug="krak",
        proposals=[(f"Forslag {n}", 20_000 + 7_919 * n % 380_000) for n in range(30)],
        pot=1_500_000,
        counting_rule="mes-add1",
        max_choices=None,
    )
    synthetic_ballots(process, BALLOTS)
    settings.TASKS = DATABASE_TASKS
    assert actions.close_due_processes() == ["krak"]  # the periodic close-due

    first = start_worker(child_env, processes)
    wait_until(
        lambda: count_row().status == TaskResultStatus.RUNNING and counting_now(process),
        60,
        "the first worker counting",
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert not Result.objects.filter(process=process).exists()  # killed before it finished
    row = count_row()
    assert row.status == TaskResultStatus.RUNNING and len(row.worker_ids) == 1
    assert wait_until(lambda: not counting_now(process), 10, "PostgreSQL dropping its lock")

    start_worker(child_env, processes)  # as systemd's Restart=always does
    wait_until(lambda: Result.objects.filter(process=process).exists(), 60, "the result")
    result = Result.objects.get(process=process)
    assert result.num_ballots == BALLOTS
    row = wait_until(
        lambda: (r := count_row()).status == TaskResultStatus.SUCCESSFUL and r, 30, "success"
    )
    assert row.return_value == result.pk and len(row.worker_ids) == 2
    assert AuditEvent.objects.filter(action="budgets.count_retried").count() == 1
    assert actions.close_due_processes() == []  # nothing left to enqueue
    assert DBTaskResult.objects.filter(task_path=count_process.module_path).count() == 1


# --- The app server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(
    port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request on its own connection (sync workers close after each)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body.encode(), headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


GUNICORN = [sys.executable, "-m", "gunicorn", "samskab.wsgi:application", "--workers", "3"]
GUNICORN += ["--timeout", "30"]


def start_gunicorn(
    env: dict[str, str], processes: list[subprocess.Popen[bytes]], port: int
) -> subprocess.Popen[bytes]:
    """gunicorn as docs/deploy.md runs it (sync workers, 30 s timeout), here with 3 workers."""
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and the project's server
        [*GUNICORN, "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    processes.append(server)

    def answers() -> bool:
        try:
            return call(port, "GET", "/api/v1/processes")[0] == 200
        except OSError:
            return False

    wait_until(answers, 60, "gunicorn answering")
    return server


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie holds no connection


def none_alive(pids: list[int]) -> bool:
    return not any(alive(pid) for pid in pids)


def kill_9(*pids: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def check_ballots(process: BudgetProcess) -> None:
    """Every voter: exactly one current ballot, the newest; versions 1..n; each with choices."""
    voters = Voter.objects.filter(process=process).annotate(
        current=Count("ballots", filter=Q(ballots__is_current=True)),
        total=Count("ballots"),
        first=Min("ballots__version"),
        last=Max("ballots__version"),
    )
    for voter in voters:
        assert voter.current == 1 and voter.first == 1 and voter.last == voter.total, voter
        assert voter.ballots.get(is_current=True).version == voter.last
    assert not Ballot.objects.filter(process=process, choices__isnull=True).exists()


CODES = 400


def test_kill_9_of_gunicorn_under_ballot_load_loses_no_acknowledged_ballot(
    postgres_only, personas, child_env, processes
):
    process = make_process(personas, timezone.now(), current="voting", slug="nedbrud")
    ids = proposal_ids(process)
    codes = actions.generate_voting_codes(personas.coordinator, process, count=CODES, batch="last")
    port = free_port()
    server = start_gunicorn(child_env, processes, port)

    acks: list[tuple[str, int, int]] = []  # (code, version, proposal) for every 200
    failures = [0]
    lock = threading.Lock()
    turn = iter(range(10_000))  # at most this many requests in all
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            with lock:
                number = next(turn, None)
            if number is None:
                return
            code, proposal = codes[number % CODES], ids[number % len(ids)]
            body = json.dumps({"choices": [{"proposal": proposal}]})
            try:
                status, _headers, content = call(
                    port,
                    "PUT",
                    f"/api/v1/processes/{process.slug}/ballot",
                    body,
                    {"Content-Type": "application/json", "X-Voting-Code": code},
                )
            except (OSError, http.client.HTTPException):
                status, content = 0, b""
            with lock:
                if status == 200:
                    acks.append((code, json.loads(content)["version"], proposal))
                else:
                    failures[0] += 1
                    time.sleep(0.05)  # the server is down: do not spin

    threads = [threading.Thread(target=client) for _n in range(8)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        kill_9(children_of(server.pid)[0])  # one worker; the master starts another
        time.sleep(1.5)
        acked_before = len(acks)
        kill_9(server.pid, *children_of(server.pid))  # everything at once
        server.wait(timeout=10)
        time.sleep(0.5)
        start_gunicorn(child_env, processes, port)  # as systemd's Restart=on-failure does
        restarted = len(acks)
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert acked_before > 0 and len(acks) > restarted  # ballots before and after the crash

    stored: dict[tuple[str, int], list[int]] = {}
    for key, version, proposal in BallotChoice.objects.filter(ballot__process=process).values_list(
        "ballot__voter__identity_key", "ballot__version", "proposal_id"
    ):
        stored.setdefault((key, version), []).append(proposal)
    for code, version, proposal in acks:  # (voter, version) is unique in the database
        assert stored.get((f"code:{hash_code(code)}", version)) == [proposal], (code, version)
    # Requests cut off by a kill may have committed without an answer, never the reverse.
    assert Ballot.objects.filter(process=process).count() >= len(acks)
    check_ballots(process)


VOTERS = 200


def test_200_voters_from_two_devices_at_once_end_with_one_current_ballot_each(
    postgres_only, personas, child_env, processes
):
    process = make_process(personas, timezone.now(), current="voting", slug="toenheder")
    ids = proposal_ids(process)
    codes = actions.generate_voting_codes(personas.coordinator, process, count=VOTERS, batch="to")
    port = free_port()
    start_gunicorn(child_env, processes, port)
    csrf = _get_new_csrf_string()
    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}

    def web_session(code: str) -> str:
        """Device B enters the code once on the web page; the session remembers the voter."""
        status, headers, _body = call(
            port,
            "POST",
            f"/borgerbudget/{process.slug}/stem/kode/",
            urlencode({"code": code, "csrfmiddlewaretoken": csrf}),
            {**form_headers, "Cookie": f"csrftoken={csrf}"},
        )
        assert status == 302
        cookie = headers["Set-Cookie"]
        return cookie.split("sessionid=", 1)[1].split(";", 1)[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        sessions = dict(zip(codes, pool.map(web_session, codes), strict=True))
    barriers = {code: threading.Barrier(2) for code in codes}

    def submit(item: tuple[str, int]) -> int:
        code, device = item
        barriers[code].wait(timeout=60)
        if device == 0:  # the JSON API with the code
            status, _headers, _body = call(
                port,
                "PUT",
                f"/api/v1/processes/{process.slug}/ballot",
                json.dumps({"choices": [{"proposal": ids[0]}]}),
                {"Content-Type": "application/json", "X-Voting-Code": code},
            )
            return status
        status, _headers, _body = call(  # the web form, no JavaScript
            port,
            "POST",
            f"/borgerbudget/{process.slug}/stem/",
            # Confirmed: the summary step's »Afgiv stemme«, which is what casts the ballot.
            urlencode({"chosen": ids[1], "confirmed": "1", "csrfmiddlewaretoken": csrf}),
            {**form_headers, "Cookie": f"csrftoken={csrf}; sessionid={sessions[code]}"},
        )
        return status

    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(submit, [(code, device) for code in codes for device in (0, 1)]))
    connections.close_all()
    assert statuses.count(200) == VOTERS and statuses.count(302) == VOTERS, statuses
    assert Voter.objects.filter(process=process).count() == VOTERS
    assert Ballot.objects.filter(process=process).count() == 2 * VOTERS
    check_ballots(process)
    current = BallotChoice.objects.filter(ballot__process=process, ballot__is_current=True)
    assert set(current.values_list("proposal_id", flat=True)) <= {ids[0], ids[1]}
