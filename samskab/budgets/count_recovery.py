"""Counts that a crashed worker left behind: find them and run them again.

A worker killed in the middle of ``tasks.count_process`` (kill -9, the OOM killer, systemd's
SIGKILL after ``TimeoutStopSec``) leaves its django-tasks-db row ``RUNNING`` with the dead
worker's id, and workers only claim ``READY`` rows. A row is *stale* when

- it is a ``count_process`` row that has been ``RUNNING`` for longer than
  ``settings.COUNT_STALE_SECONDS`` (the grace covers the moment between a worker claiming the
  row and ``count_votes`` locking the process), and
- on PostgreSQL, nobody holds the process row's lock: ``count_votes`` keeps it locked for the
  whole count, and PostgreSQL releases it when the dead worker's connection goes. (SQLite has
  no row locks; there the age alone decides. SQLite runs tasks at once anyway.)

A stale row whose process has a result is marked successful (the worker died after committing
the result); any other stale row is put back to ``READY``, so the next worker counts it again
(``worker_ids`` then lists both attempts). Running a count twice is harmless: ``count_votes``
locks the process and returns the existing result, so there is always one ``Result``.

Large voter-list imports (``tasks.import_voter_list_task``) are retried the same way, on age
alone: an import takes seconds, stores nothing until its one transaction commits, and of two
runs only the first to finish records the outcome (``voter_list.run_import``).

Called by ``samskab budget close-due`` (run every minute by a timer, docs/deploy.md) and by
``samskab db_worker`` at start and then every ``COUNT_STALE_SECONDS``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samskab.audit.actions import record_event
from samskab.budgets.models import BudgetProcess
from samskab.budgets.tasks import count_process, import_voter_list_task

logger = logging.getLogger(__name__)


def count_pending(process: BudgetProcess) -> bool:
    """A count of this process is waiting for a worker or running (after recovery, a RUNNING
    row is one whose worker is alive or was claimed only moments ago)."""
    return (
        DBTaskResult.objects.filter(
            task_path=count_process.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            args_kwargs__args__0=process.pk,
        )
        .only("pk")
        .exists()
    )


def _skip_locked() -> bool:
    return bool(connection.features.has_select_for_update_skip_locked)


def recover_stale_counts(now: datetime | None = None) -> list[str]:
    """Retry every stale count (see the module docstring); the slugs of the processes retried
    or found counted."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.COUNT_STALE_SECONDS)
    candidates = list(
        DBTaskResult.objects.filter(
            task_path=count_process.module_path,
            status=TaskResultStatus.RUNNING,
            started_at__lte=cutoff,
        ).values_list("pk", flat=True)
    )
    recovered = []
    for pk in candidates:
        slug = _recover_one(pk, now)
        if slug is not None:
            recovered.append(slug)
    _recover_imports(cutoff)
    return recovered


def _recover_imports(cutoff: datetime) -> None:
    stale = DBTaskResult.objects.filter(
        task_path=import_voter_list_task.module_path,
        status=TaskResultStatus.RUNNING,
        started_at__lte=cutoff,
    )
    for pk in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            row = (
                DBTaskResult.objects.select_for_update(skip_locked=_skip_locked())
                .filter(pk=pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if row is None:
                continue
            row.status = TaskResultStatus.READY
            row.save(update_fields=["status"])
            logger.error("voter list import task %s was left RUNNING; queued again", row.pk)


@transaction.atomic
def _recover_one(pk: UUID, now: datetime) -> str | None:
    row = (
        DBTaskResult.objects.select_for_update(skip_locked=_skip_locked())
        .filter(pk=pk, status=TaskResultStatus.RUNNING)
        .first()
    )
    if row is None:  # finished meanwhile, or another recoverer has it
        return None
    process_id = row.args_kwargs["args"][0]
    if not BudgetProcess.objects.filter(pk=process_id).exists():
        row.set_failed(BudgetProcess.DoesNotExist(f"process {process_id} is gone"))
        return None
    process = (
        BudgetProcess.objects.select_for_update(skip_locked=_skip_locked())
        .filter(pk=process_id)
        .first()
    )
    if process is None:  # its row is locked: a live worker is counting it
        return None
    result = process.counted_result()
    attempts = len(row.worker_ids)
    if result is not None:
        row.set_successful(result.pk)
        logger.warning("count of %s had finished before its worker died", process.slug)
        return process.slug
    row.status = TaskResultStatus.READY
    row.save(update_fields=["status"])
    logger.error(
        "count of %s was left RUNNING by worker %s since %s; queued again (attempt %d)",
        process.slug,
        row.worker_ids[-1] if row.worker_ids else "?",
        row.started_at,
        attempts + 1,
    )
    record_event(
        None,
        "budgets.count_retried",
        process,
        summary=f"{process.slug}: count interrupted, queued again",
        details={"task": str(row.pk), "worker_ids": row.worker_ids, "attempt": attempts + 1},
    )
    return process.slug
