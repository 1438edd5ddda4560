"""Mail to many addresses, each at most once: the per-address claim and send loop, and the
signed one-click stop link, shared by newsletters and borgerbudget notices.

A delivery row (``status`` sending / sent / failed, ``error``) is claimed before its mail is
sent. A rerun skips rows sent or still claimed (a run that died while sending: at most once)
and retries those that failed. One bad address never stops the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction

logger = logging.getLogger(__name__)

SENDING = "sending"
SENT = "sent"
FAILED = "failed"


class DeliveryRow(Protocol):
    pk: Any
    status: str
    error: str

    def save(self, *, update_fields: list[str]) -> None: ...


Recipient = TypeVar("Recipient")


def claim(deliveries: models.Manager[Any], **lookup: Any) -> Any | None:
    """The delivery row for ``lookup``, now marked as sending; None if it was sent or another
    run holds it."""
    with transaction.atomic():
        delivery, created = deliveries.get_or_create(**lookup, defaults={"status": SENDING})
        if created:
            return delivery
        if delivery.status != FAILED:
            return None
        delivery.status = SENDING
        delivery.save(update_fields=["status", "attempted_at"])
        return delivery


def send_each(
    recipients: Iterable[Recipient],
    claim_for: Callable[[Recipient], DeliveryRow | None],
    message_for: Callable[[Recipient, Any, BaseEmailBackend], EmailMessage],
) -> dict[str, int]:
    """Claim, send and record one mail per recipient; the counts sent, failed and skipped.
    ``message_for`` gets the claimed delivery too (a stop link may name it)."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    connection = get_connection()
    for recipient in recipients:
        delivery = claim_for(recipient)
        if delivery is None:
            counts["skipped"] += 1
            continue
        try:
            message_for(recipient, delivery, connection).send()
        except Exception as error:
            logger.warning("mail delivery %s failed: %s", delivery.pk, error)
            delivery.status = FAILED
            delivery.error = str(error)[:300]
            counts["failed"] += 1
        else:
            delivery.status = SENT
            delivery.error = ""
            counts["sent"] += 1
        delivery.save(update_fields=["status", "error", "attempted_at"])
    return counts


class BadToken(ValueError):
    """The link was altered, belongs to something else, or has expired."""


def make_stop_token(salt: str, value: str) -> str:
    # No expiry: a stop link in an old mail must keep working (RFC 8058).
    return signing.Signer(salt=salt).sign(value)


def read_stop_token(salt: str, token: str) -> str:
    try:
        return signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature as error:
        raise BadToken(str(error)) from None


def absolute_url(path: str) -> str:
    """A site path as a full link, for a mail (``SAMSKAB_SITE_URL``)."""
    return f"{settings.SITE_URL}{path}"


def one_click_headers(stop_url: str, list_id: str) -> dict[str, str]:
    """Headers that let a mail client offer "unsubscribe" and do it with one POST (RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{stop_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": list_id,
    }
