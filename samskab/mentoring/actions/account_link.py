"""Connect a case to the young person's own account, with the account holder's yes.

A caseworker types an e-mail; the account holder gets a one-time link (signed with the site's
key over the request's id and a random nonce, valid ``ACCOUNT_LINK_DAYS``). Until they follow
it, log in as that account and say yes, the account sees nothing of the case; a no, a newer
request, expiry or a second use kills the link. Request and answer are audited.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from samskab.accounts import actions as accounts_actions
from samskab.accounts.models import Consent, User
from samskab.audit.actions import record_event
from samskab.mentoring.actions.errors import MentoringError
from samskab.mentoring.link_tokens import ACCOUNT_LINK_DAYS, SALT
from samskab.mentoring.models import AccountLinkRequest, ConsentPurpose, Referral
from samskab.mentoring.permissions import is_referring_caseworker
from samskab.mentoring.tasks import send_account_link_request


def _refuse_unless_linkable(referral: Referral) -> None:
    if referral.alias_only:
        raise MentoringError(_("En sag med kun alias forbindes ikke til en konto."))
    if not referral.has_active_consent(ConsentPurpose.MENTORING) or referral.is_anonymised:
        raise MentoringError(_("Den unge skal have givet samtykke først."))
    if referral.account_id is not None:
        raise MentoringError(_("Sagen er allerede forbundet med en konto."))


@transaction.atomic
def request_account_link(
    caseworker: User, referral: Referral, email: str, *, request: HttpRequest | None = None
) -> AccountLinkRequest:
    """Ask the account holder of ``email`` to confirm that the case is theirs (a mail task).

    A pending earlier request for the case dies: only the newest address can confirm.
    """

    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not is_referring_caseworker(caseworker, referral):
        raise MentoringError(_("Kun den henvisende sagsbehandler kan forbinde en konto."))
    _refuse_unless_linkable(referral)
    account = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if account is None:
        raise MentoringError(
            _("Der er ingen konto med den e-mail. Bed den unge om at oprette en konto først.")
        )
    now = timezone.now()
    referral.account_link_requests.filter(answered_at__isnull=True).update(
        answered_at=now, confirmed=False
    )
    link = AccountLinkRequest.objects.create(
        referral=referral,
        account=account,
        requested_by=caseworker,
        nonce=secrets.token_urlsafe(24),
        expires_at=now + dt.timedelta(days=ACCOUNT_LINK_DAYS),
    )
    record_event(
        caseworker,
        "mentoring.account_link_requested",
        referral,
        details={"user_id": account.pk, "request_id": link.pk},
        request=request,
    )
    send_account_link_request.enqueue(link.pk)
    return link


def account_link_for_token(token: str, user: User) -> AccountLinkRequest | None:
    """The open request ``token`` names, if it was sent to ``user``; None otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=ACCOUNT_LINK_DAYS))
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(payload, dict):
        return None
    pk, nonce = payload.get("id"), payload.get("n")
    if not isinstance(pk, int) or not isinstance(nonce, str):
        return None
    link = (
        AccountLinkRequest.objects.select_related("referral__programme__organisation")
        .filter(pk=pk, account_id=user.pk)
        .first()
    )
    if link is None or not constant_time_compare(link.nonce, nonce) or not link.is_open():
        return None
    return link


@transaction.atomic
def answer_account_link(
    user: User, token: str, *, confirm: bool, request: HttpRequest | None = None
) -> Referral:
    """The account holder's answer. Yes connects the case (and its consents) to the account."""
    found = account_link_for_token(token, user)
    if found is None:
        raise MentoringError(_("Linket er brugt eller udløbet."))
    link = AccountLinkRequest.objects.select_for_update().get(pk=found.pk)
    if not link.is_open():  # answered in a parallel request
        raise MentoringError(_("Linket er brugt eller udløbet."))
    referral = Referral.objects.select_for_update().get(pk=link.referral_id)
    link.answered_at = timezone.now()
    link.confirmed = confirm
    link.save(update_fields=["answered_at", "confirmed"])
    if not confirm:
        record_event(
            user,
            "mentoring.account_link_declined",
            referral,
            details={"request_id": link.pk},
            request=request,
        )
        return referral
    _refuse_unless_linkable(referral)
    referral.account = user
    referral.save(update_fields=["account"])
    accounts_actions.transfer_consents(
        user,
        Consent.objects.filter(pk__in=referral.consent_links.values("consent_id")),
        to=user,
        details={"referral_id": referral.pk},
        request=request,
    )
    record_event(
        user,
        "mentoring.account_link_confirmed",
        referral,
        details={"user_id": user.pk, "request_id": link.pk},
        request=request,
    )
    return referral


def pending_account_link(referral: Referral) -> AccountLinkRequest | None:
    """The open request for ``referral``, for the caseworker's page."""
    now = timezone.now()
    for link in referral.account_link_requests.select_related("account").order_by("-pk"):
        return link if link.is_open(now) else None
    return None
