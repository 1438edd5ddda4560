"""Daily: `samskab mentoring_retention` (cron). Anonymises ended cases past retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samskab.mentoring.jobs import retention_task


class Command(BaseCommand):
    help = "Anonymise ended mentoring cases past SAMSKAB_MENTORING_RETENTION_MONTHS (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = retention_task.enqueue()
        self.stdout.write(f"enqueued {result.id}")
