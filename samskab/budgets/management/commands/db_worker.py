"""`samskab db_worker`: django-tasks-db's worker, which also finishes counts a crashed worker
left behind (``budgets/count_recovery.py``): once at start, then every
``SAMSKAB_COUNT_STALE_SECONDS`` in a background thread. Same options as the original.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

logger = logging.getLogger(__name__)


def recover_once() -> None:
    from samskab.budgets.count_recovery import recover_stale_counts

    try:
        for slug in recover_stale_counts():
            logger.warning("count of %s queued again after a crashed worker", slug)
    except Exception:  # the worker must keep running; the next round tries again
        logger.exception("checking for interrupted counts failed")


def recover_periodically(stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            recover_once()
        finally:
            connection.close()  # this thread's own connection


class Command(WorkerCommand):
    help = "Run a database background worker; also retries counts left by a crashed worker."

    def handle(self, *args: Any, **options: Any) -> None:
        recover_once()
        stop = threading.Event()
        watcher = threading.Thread(
            target=recover_periodically,
            args=(stop, float(settings.COUNT_STALE_SECONDS)),
            name="count-recovery",
            daemon=True,
        )
        watcher.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
