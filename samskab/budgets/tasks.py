"""Background work for the borgerbudget: counting when voting closes, large voter lists,
delivery reminders, notices about a process.

Enqueue inside the caller's transaction: with the database backend the queue row commits or
rolls back with the data it refers to. Every task is safe to run twice.
"""

from __future__ import annotations

from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from samskab.accounts.models import Membership, Role, User
from samskab.audit.actions import record_event
from samskab.budgets.counting import count_votes
from samskab.budgets.models import BudgetProcess, DeliveryStatus, FundedProject
from samskab.budgets.notices import deliver_notice, follow_confirmation_message
from samskab.budgets.voter_list import run_import
from samskab.core.branding import with_signature

OPEN_STATUSES = (DeliveryStatus.NOT_STARTED, DeliveryStatus.IN_PROGRESS)


@task()
def count_process(process_id: int, by_id: int | None = None) -> int:
    """Count a closed process with its locked rule; the result's pk (the existing one if the
    process was already counted)."""
    process = BudgetProcess.objects.get(pk=process_id)
    by = User.objects.filter(pk=by_id).first() if by_id is not None else None
    return count_votes(by, process).pk


@task()
def import_voter_list_task(import_id: int) -> int:
    """Import a large uploaded voter list (``actions.queue_voter_list_import``); the voters
    imported."""
    return run_import(import_id)


def overdue_projects(today: date) -> list[FundedProject]:
    """Funded projects not delivered or cancelled whose deadline (own, else the process's)
    has passed and that have not been reminded about."""
    return list(
        FundedProject.objects.filter(status__in=OPEN_STATUSES, reminder_sent_at__isnull=True)
        .filter(
            Q(deadline__lt=today)
            | Q(deadline__isnull=True, proposal__process__delivery_deadline__lt=today)
        )
        .select_related("proposal__process__organisation", "responsible")
        .order_by("pk")
    )


def _recipients(project: FundedProject) -> list[User]:
    process = project.proposal.process
    people = {
        membership.user.pk: membership.user
        for membership in Membership.objects.filter(
            organisation=process.organisation, role=Role.COORDINATOR, user__is_active=True
        ).select_related("user")
    }
    if project.responsible is not None and project.responsible.is_active:
        people[project.responsible.pk] = project.responsible
    return [people[pk] for pk in sorted(people)]


@task()
def remind_overdue_deliveries() -> int:
    """E-mail the coordinators (and the responsible person) once per overdue project; the
    number of projects reminded about."""
    today = timezone.localdate()
    reminded = 0
    for project in overdue_projects(today):
        with transaction.atomic():
            # Claim the project first: a second worker finds it claimed and skips it.
            claimed = FundedProject.objects.filter(
                pk=project.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())
            if not claimed:
                continue
            process = project.proposal.process
            path = reverse(
                "budgets:funded_project", kwargs={"slug": process.slug, "pk": project.pk}
            )
            deadline = project.deadline or process.delivery_deadline
            for person in _recipients(project):
                with translation.override(person.preferred_language or "da"):
                    send_mail(
                        _("Projekt over fristen: %(title)s") % {"title": project.proposal.title},
                        with_signature(
                            _(
                                "Projektet »%(title)s« fra borgerbudgettet »%(process)s« skulle "
                                "være gennemført senest %(deadline)s, men står som »%(status)s«.\n\n"
                                "Opdatér status eller skriv en begrundelse: %(path)s"
                            )
                            % {
                                "title": project.proposal.title,
                                "process": process.title,
                                "deadline": date_format(deadline, "DATE_FORMAT")
                                if deadline
                                else "",
                                "status": project.get_status_display(),
                                "path": path,
                            }
                        ),
                        None,
                        [person.email],
                    )
            record_event(
                None,
                "budgets.delivery_reminder_sent",
                project,
                summary=f"{process.slug}: {project.proposal.title}",
            )
            reminded += 1
    return reminded


@task()
def send_notice(notice_id: int) -> dict[str, int]:
    """Mail one notice about a process to everyone it is for, each address once."""
    return deliver_notice(notice_id)


@task()
def send_follow_confirmation(process_id: int, email: str, language: str) -> None:
    process = BudgetProcess.objects.get(pk=process_id)
    follow_confirmation_message(process, email, language).send()
