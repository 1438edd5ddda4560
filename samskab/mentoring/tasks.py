"""Scheduled work: outcome reminders and retention. Enqueued daily by management commands."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from samskab.accounts.models import User
from samskab.mentoring import actions
from samskab.mentoring.actions.account_link import ACCOUNT_LINK_DAYS, account_link_token
from samskab.mentoring.models import AccountLinkRequest, HelpRequest, Outcome
from samskab.mentoring.notify import (
    ask_to_confirm_account_link,
    notify_coordinators_of_help,
    remind_about_outcomes,
)


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


@task()
def send_account_link_request(link_id: int) -> bool:
    """Mail the account holder the one-time link to confirm a case is theirs. False (and no
    mail) if the request is no longer open."""
    link = (
        AccountLinkRequest.objects.select_related("account", "referral__programme")
        .filter(pk=link_id)
        .first()
    )
    if link is None or not link.is_open() or not link.account.is_active:
        return False
    path = reverse("mentoring:confirm_account_link", args=[account_link_token(link)])
    ask_to_confirm_account_link(link, settings.SITE_URL + path, ACCOUNT_LINK_DAYS)
    return True


@task()
def send_help_request_mail(help_request_id: int) -> bool:
    """Mail the programme's coordinators that a match asks for help (naming nobody). False
    (and no mail) if the request is gone or already resolved."""
    help_request = (
        HelpRequest.objects.select_related("match__referral__programme")
        .filter(pk=help_request_id, resolved_at__isnull=True)
        .first()
    )
    if help_request is None:
        return False
    notify_coordinators_of_help(help_request)
    return True
