"""Privacy hooks for the audit log.

Export: the events the person caused. Erase: nothing is deleted - the log is append-only and is
the municipality's record of who did what. When the account goes, the event's link to it is set
to null by the database; the e-mail in ``actor_label`` stays as the log's own text.
"""

from __future__ import annotations

from typing import Any

from samskab.accounts.models import User
from samskab.audit.models import AuditEvent


def export_user_data(user: User) -> dict[str, Any]:
    events = AuditEvent.objects.filter(actor=user).order_by("at", "pk")
    return {
        "events": [
            {
                "at": event.at.isoformat(),
                "action": event.action,
                "record_type": event.target_type,
                "record_id": event.target_id,
                "summary": event.summary,
            }
            for event in events
        ]
    }


def erase_user_data(user: User) -> None:
    return None
