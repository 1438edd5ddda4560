"""Crashes under load, on PostgreSQL with real processes on 127.0.0.1 (bounded, a few tens of
seconds in all):

- kill -9 of ``samskab db_worker`` in the middle of a count: a new worker finishes it, with
  one result.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samskab.audit.models import AuditEvent
from samskab.budgets import counting_actions
from samskab.budgets.models import Ballot, BallotChoice, BudgetProcess, Result, Voter
from samskab.budgets.tasks import count_process
from samskab.budgets.tests.factories import make_process

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
    url = (
        f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:"
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
    """Processes a test starts; whatever still runs at the end is killed."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


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
    assert counting_actions.close_due_processes() == ["krak"]  # the periodic close-due

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
    assert counting_actions.close_due_processes() == []  # nothing left to enqueue
    assert DBTaskResult.objects.filter(task_path=count_process.module_path).count() == 1
