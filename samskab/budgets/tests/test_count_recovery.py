"""Counts left RUNNING by a crashed worker are queued again and finish with one result; the
periodic close-due enqueues no second count while one is queued or running. (The real kill -9
of a worker is in tests/test_reliability.py, on PostgreSQL.)"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.count_recovery import recover_stale_counts
from samskab.budgets.models import BudgetProcess, Result
from samskab.budgets.tasks import count_process
from samskab.budgets.tests.counted import counted_process

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_TASKS
    settings.COUNT_STALE_SECONDS = 60


def count_rows() -> Any:
    return DBTaskResult.objects.filter(task_path=count_process.module_path)


def run_worker() -> None:
    """The worker in this process; it closes "old" connections between tasks, so tests using
    it commit their data (``transaction=True``)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def crashed_mid_count(process: BudgetProcess, *, seconds_ago: int) -> Any:
    """What kill -9 leaves: the row claimed by a worker that no longer exists."""
    actions.close_voting(None, process)
    row = count_rows().get()
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - timedelta(seconds=seconds_ago)
    row.worker_ids = ["dead-worker"]
    row.save()
    return row


def test_close_due_enqueues_one_count_while_one_is_queued(personas, queued):
    process = counted_process(personas, count=False)
    for _round in range(3):
        call_command("budget", "close-due", stdout=io.StringIO())
    assert count_rows().count() == 1
    assert count_rows().get().args_kwargs["args"][0] == process.pk


def test_close_voting_enqueues_nothing_while_a_count_runs(personas, queued):
    process = counted_process(personas, count=False)
    crashed_mid_count(process, seconds_ago=1)  # claimed a moment ago: alive for all we know
    assert actions.close_voting(personas.coordinator, process) is False
    assert count_rows().count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_stale_running_count_is_queued_again_and_counted_once(personas, queued):
    process = counted_process(personas, count=False)
    row = crashed_mid_count(process, seconds_ago=120)
    assert actions.close_due_processes() == []  # retried, not enqueued twice
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    event = AuditEvent.objects.get(action="budgets.count_retried")
    assert event.details["attempt"] == 2 and event.details["worker_ids"] == ["dead-worker"]
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids[0] == "dead-worker" and len(row.worker_ids) == 2
    assert Result.objects.filter(process=process).count() == 1
    assert row.return_value == Result.objects.get(process=process).pk


def test_a_running_count_within_the_grace_is_left_alone(personas, queued):
    process = counted_process(personas, count=False)
    row = crashed_mid_count(process, seconds_ago=10)
    assert recover_stale_counts() == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    assert not AuditEvent.objects.filter(action="budgets.count_retried").exists()


def test_a_worker_that_died_after_storing_the_result_is_marked_successful(personas, queued):
    process = counted_process(personas, count=False)
    row = crashed_mid_count(process, seconds_ago=120)
    result = actions.count_votes(None, process)
    assert recover_stale_counts() == [process.slug]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == result.pk
    assert actions.close_due_processes() == []
    assert count_rows().count() == 1 and Result.objects.filter(process=process).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_stale_counts_when_it_starts(personas, queued):
    process = counted_process(personas, count=False)
    crashed_mid_count(process, seconds_ago=120)
    run_worker()  # the start-up check re-queues the row, then the worker takes it
    assert Result.objects.filter(process=process).count() == 1
    assert count_rows().get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
def test_a_voter_list_import_left_running_by_a_crash_is_imported_once(personas, queued):
    from samskab.budgets.actions import queue_voter_list_import as queue_import
    from samskab.budgets.models import VoterListEntry
    from samskab.budgets.tasks import import_voter_list_task
    from samskab.budgets.tests.factories import VOTER_LIST_ONLY, make_process

    process = make_process(
        personas, timezone.now(), current="ideas", slug="liste", **VOTER_LIST_ONLY
    )
    text = "reference,name\n" + "".join(f"R{n},Navn {n}\n" for n in range(2_500))
    job = queue_import(personas.coordinator, process, text)
    rows = DBTaskResult.objects.filter(task_path=import_voter_list_task.module_path)
    rows.update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=120),
        worker_ids=["dead-worker"],
    )
    job.status = job.Status.RUNNING
    job.save()
    recover_stale_counts()
    assert rows.get().status == TaskResultStatus.READY
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.created, job.text) == ("done", 2_500, "")
    assert VoterListEntry.objects.filter(process=process).count() == 2_500
    assert rows.get().status == TaskResultStatus.SUCCESSFUL
