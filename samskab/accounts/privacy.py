"""Privacy hooks for accounts: the person's profile, memberships and consents."""

from __future__ import annotations

from typing import Any

from samskab.accounts.models import Consent, User


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict[str, Any]:
    memberships = user.memberships.select_related("organisation").order_by("pk")
    consents = Consent.objects.filter(subject=user).select_related("recipient").order_by("pk")
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "date_joined": _when(user.date_joined),
            "email_verified_at": _when(user.email_verified_at),
            "last_login": _when(user.last_login),
        },
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "organisation_kind": membership.organisation.kind,
                "role": membership.role,
                "since": _when(membership.created_at),
            }
            for membership in memberships
        ],
        "consents": [
            {
                "data_categories": consent.data_categories,
                "recipient": consent.recipient.name
                if consent.recipient
                else consent.recipient_description,
                "purpose": consent.purpose,
                "given_at": _when(consent.given_at),
                "refused_at": _when(consent.refused_at),
                "withdrawn_at": _when(consent.withdrawn_at),
            }
            for consent in consents
        ],
    }


def erase_user_data(user: User) -> None:
    """Memberships and consents go with the person; the account row is deleted afterwards."""
    user.memberships.all().delete()
    Consent.objects.filter(subject=user).delete()
