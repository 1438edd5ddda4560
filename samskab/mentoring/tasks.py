"""Mail the actions enqueue: the account-link request and a match's call for help.

These tasks import no actions (the actions import them to enqueue); the scheduled work that
runs actions (reminders, retention) is in ``jobs.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from samskab.mentoring.link_tokens import ACCOUNT_LINK_DAYS, account_link_token
from samskab.mentoring.models import AccountLinkRequest, HelpRequest
from samskab.mentoring.notify import ask_to_confirm_account_link, notify_coordinators_of_help


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
