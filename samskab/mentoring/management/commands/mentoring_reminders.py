"""Daily: `samskab mentoring_reminders` (cron). Enqueues the outcome-reminder task."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samskab.mentoring.jobs import outcome_reminders_task


class Command(BaseCommand):
    help = "Remind caseworkers and coordinators about due outcome checkpoints (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = outcome_reminders_task.enqueue()
        self.stdout.write(f"enqueued {result.id}")
