"""Following a process by e-mail, and the one stop for all mail about it (``notices``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from samskab.accounts.models import User
from samskab.budgets.models import BudgetProcess, ProcessFollower
from samskab.budgets.tasks import send_follow_confirmation

# Within this time after a confirmation mail, a repeated sign-up sends nothing, so the form
# cannot be used to flood someone's inbox.
CONFIRM_INTERVAL = timedelta(minutes=5)


def _row(process: BudgetProcess, email: str) -> ProcessFollower:
    follower, _created = ProcessFollower.objects.select_for_update().get_or_create(
        process=process, email=email.strip().lower()
    )
    return follower


@transaction.atomic
def follow(user: User, process: BudgetProcess, *, now: datetime | None = None) -> ProcessFollower:
    """A signed-in person follows at once: their address is already confirmed."""
    follower = _row(process, user.email)
    follower.user = user
    follower.language = user.preferred_language or "da"
    follower.confirmed_at = now or timezone.now()
    follower.stopped_at = None
    follower.save(update_fields=["user", "language", "confirmed_at", "stopped_at"])
    return follower


@transaction.atomic
def stop_mail(
    process: BudgetProcess, email: str, *, now: datetime | None = None
) -> ProcessFollower:
    """No more mail about this process to this address, whatever the reason it got some."""
    follower = _row(process, email)
    if follower.stopped_at is None:
        follower.stopped_at = now or timezone.now()
        follower.save(update_fields=["stopped_at"])
    return follower


def is_following(user: User, process: BudgetProcess) -> bool:
    return ProcessFollower.objects.filter(
        process=process,
        email=user.email.lower(),
        confirmed_at__isnull=False,
        stopped_at__isnull=True,
    ).exists()


@transaction.atomic
def follow_by_email(
    process: BudgetProcess, email: str, *, language: str = "da", now: datetime | None = None
) -> bool:
    """Mail a confirmation link (double opt-in); nothing else is sent before it is used.

    The answer on the page is the same whether or not the address was known; True here only
    when a mail was queued (not throttled, not already following)."""
    now = now or timezone.now()
    follower = _row(process, email)
    if follower.is_following:
        return False
    if follower.last_notice_at and now - follower.last_notice_at < CONFIRM_INTERVAL:
        return False
    follower.language = language
    follower.last_notice_at = now
    follower.save(update_fields=["language", "last_notice_at"])
    send_follow_confirmation.enqueue(process.pk, follower.email, language)
    return True


@transaction.atomic
def confirm_follow(
    process: BudgetProcess, email: str, *, now: datetime | None = None
) -> ProcessFollower:
    follower = _row(process, email)
    if not follower.is_following:
        follower.confirmed_at = now or timezone.now()
        follower.stopped_at = None
        follower.save(update_fields=["confirmed_at", "stopped_at"])
    return follower
