"""Scheduled work: outcome reminders and retention. Enqueued daily by management commands.

Apart from ``tasks.py`` because these run actions, and the actions import ``tasks.py`` to
enqueue mail: one direction each, no import cycle.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from samskab.accounts.models import User
from samskab.mentoring import actions
from samskab.mentoring.models import Outcome
from samskab.mentoring.notify import remind_about_outcomes


def send_outcome_reminders(today: dt.date | None = None) -> int:
    """E-mail each responsible person once about the checkpoints now due. Returns e-mails sent.

    The referring caseworker is responsible; for self sign-ups the programme's coordinators.
    """
    due = actions.due_outcomes(today or timezone.localdate())
    by_person: dict[int, tuple[User, list[Outcome]]] = {}
    for outcome in due:
        referral = outcome.referral
        people = (
            [referral.referred_by]
            if referral.referred_by is not None
            else list(referral.programme.coordinators.all())
        )
        for person in people:
            by_person.setdefault(person.pk, (person, []))[1].append(outcome)
    for person, outcomes in by_person.values():
        remind_about_outcomes(person, outcomes)
    actions.mark_reminded(due)
    return len(by_person)


@task()
def outcome_reminders_task() -> int:
    return send_outcome_reminders()


@task()
def retention_task() -> int:
    """Daily: finish withdrawals made elsewhere, expire certificates, anonymise old cases."""
    actions.complete_withdrawals()
    actions.expire_certificates()
    return actions.anonymise_expired_cases()
