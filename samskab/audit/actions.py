"""Writing to the audit log. Every module calls these; nothing else writes AuditEvent."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest

from samskab.accounts.lockout import client_ip
from samskab.accounts.models import User
from samskab.audit.events import canonical
from samskab.audit.models import AuditEvent


def record_event(
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    *,
    summary: str = "",
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event: who did what to which record.

    ``action`` must be a name in ``samskab.audit.events.EVENTS`` (ValueError otherwise).
    """
    action = canonical(action)
    person = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        actor=person,
        actor_label=person.email if person else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        details=details or {},
        ip_address=client_ip(request) if request is not None else None,
    )


def record_read(
    actor: User | AnonymousUser | None,
    target: models.Model,
    *,
    request: HttpRequest | None = None,
    summary: str = "",
) -> AuditEvent:
    """Log that ``actor`` looked at a record marked sensitive."""
    return record_event(actor, AuditEvent.READ, target, summary=summary, request=request)
