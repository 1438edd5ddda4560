"""Named predicates about people and their roles, shared by every module."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from samskab.accounts.models import Consent, Organisation, Role, User


def has_role(
    user: User | AnonymousUser, role: Role, organisation: Organisation | None = None
) -> bool:
    """True if the user holds ``role`` (in ``organisation``, or anywhere when it is None)."""
    if not user.is_authenticated:
        return False
    memberships = user.memberships.filter(role=role)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.exists()


def is_staff_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_withdraw_consent(user: User | AnonymousUser, consent: Consent) -> bool:
    """Only the person who gave a consent withdraws it here; staff act through their modules."""
    return bool(user.is_authenticated and consent.subject_id == user.pk and consent.is_active)


def can_see_consent(user: User | AnonymousUser, consent: Consent) -> bool:
    return bool(user.is_authenticated and consent.subject_id == user.pk)
