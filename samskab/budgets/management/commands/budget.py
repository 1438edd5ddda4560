"""`samskab budget ...`: list processes, export the published ballots, close and count, verify,
remind about overdue deliveries, tell followers what happened.

samskab budget list [--finished]
samskab budget export SLUG --format pabulib > out.pb     (then: samskab pb verify out.pb)
samskab budget close-due                                 (periodic: count ended votes)
samskab budget verify SLUG                               (OK / BROKEN; exit 1 on BROKEN)
samskab budget remind                                    (periodic: overdue delivery mails)
samskab budget notify                                    (periodic: votes opened, stormøder tomorrow)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samskab.budgets.models import BudgetProcess


class Command(BaseCommand):
    help = "Borgerbudget: list, export, close-due, verify, remind, notify."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = commands.add_parser("list", help="one process per line, slug first")
        listing.add_argument(
            "--finished", action="store_true", help="only processes with a published result"
        )
        export = commands.add_parser("export", help="the published ballots file to stdout")
        export.add_argument("slug")
        export.add_argument("--format", choices=["pabulib"], default="pabulib")
        commands.add_parser("close-due", help="count every process whose voting has ended")
        verify = commands.add_parser("verify", help="recompute the published file's hash")
        verify.add_argument("slug")
        commands.add_parser("remind", help="e-mail coordinators about overdue projects")
        commands.add_parser(
            "notify", help="queue mails: votes opened on schedule, stormøder tomorrow"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self.list_processes(finished=options["finished"])
        elif action == "export":
            self.export(options["slug"])
        elif action == "close-due":
            from samskab.budgets.actions import close_due_processes

            for slug in close_due_processes():
                self.stdout.write(f"{slug}\tclosed, count enqueued")
        elif action == "verify":
            self.verify(options["slug"])
        elif action == "remind":
            from samskab.budgets.tasks import remind_overdue_deliveries

            remind_overdue_deliveries.enqueue()
            self.stdout.write("reminder task enqueued")
        elif action == "notify":
            from samskab.budgets.actions import announce_due

            for key in announce_due():
                self.stdout.write(f"{key}\tnotice enqueued")

    def list_processes(self, *, finished: bool) -> None:
        processes = BudgetProcess.objects.order_by("slug").prefetch_related("phases")
        if finished:
            processes = processes.filter(results__published_at__isnull=False).distinct()
        now = timezone.now()
        for process in processes:
            phase = process.phase_at(now)
            self.stdout.write(
                "\t".join([process.slug, phase.kind if phase else "-", process.title])
            )

    def _process(self, slug: str) -> BudgetProcess:
        process = BudgetProcess.objects.filter(slug=slug).first()
        if process is None:
            raise CommandError(f"no borgerbudget with the slug {slug!r}")
        return process

    def export(self, slug: str) -> None:
        from samskab.budgets.export import published_text, stored_text

        process = self._process(slug)
        result = process.results.filter(published_at__isnull=False).first()
        if result is None:
            raise CommandError(f"{slug}: no published result yet")
        text = stored_text(process, result) or published_text(process, result)
        self.stdout.write(text, ending="")

    def verify(self, slug: str) -> None:
        from samskab.budgets.seal import OK, verify_published_result

        process = self._process(slug)
        verification = verify_published_result(process)
        if verification is None:
            raise CommandError(f"{slug}: no published result yet")
        label = "OK" if verification.status == OK else "BROKEN"
        self.stdout.write(
            f"{label}\t{slug}\tpublished {verification.published_sha256}\t"
            f"now {verification.current_sha256}"
        )
        if verification.status != OK:
            raise CommandError(f"{slug}: the ballots no longer match the published file")
