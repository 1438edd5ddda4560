"""Scheduled work: outcome reminders and retention. Enqueued daily by management commands."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

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
    grouped: defaultdict[int, list[Outcome]] = defaultdict(list)
    for outcome in due:
        referral = outcome.referral
        people = (
            [referral.referred_by]
            if referral.referred_by is not None
            else list(referral.programme.coordinators.all())
        )
        for person in people:
            by_person.setdefault(person.pk, (person, []))
            grouped[person.pk].append(outcome)
    for person_id, (person, _unused) in by_person.items():
        remind_about_outcomes(person, grouped[person_id])
    actions.mark_reminded(due)
    return len(by_person)


@task()
def outcome_reminders_task() -> int:
    return send_outcome_reminders()


@task()
def retention_task() -> int:
    actions.expire_certificates()
    return actions.anonymise_expired_cases()
