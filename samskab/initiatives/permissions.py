"""Who may see and do what in a co-created initiative. Every view asks one of these.

The partnership is the unit: an active partner's representative, and the coordinators and
administrators of a partner organisation, see the initiative; the initiator and co-owners
change it and invite; a representative signs the problem statement for their partner. A
public initiative's page is open to everyone; a partners-only one is seen by nobody else.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from samskab.accounts.models import Membership, Role, User
from samskab.initiatives.models import MANAGING_ROLES, Initiative, Partner, ProblemStatement

AnyUser = User | AnonymousUser
LEADING_ROLES = (Role.COORDINATOR, Role.ADMINISTRATOR)


def speaking_for(user: AnyUser, initiative: Initiative) -> list[Partner]:
    """The active partners this person speaks for: as their representative, or as a
    coordinator or administrator of the partner organisation."""
    if not user.is_authenticated:
        return []
    leads = Membership.objects.filter(user=user, role__in=LEADING_ROLES).values("organisation")
    return list(
        initiative.partners.filter(joined_on__isnull=False, left_on__isnull=True)
        .filter(Q(representative=user) | Q(organisation__in=leads))
        .select_related("organisation")
    )


def is_partner(user: AnyUser, initiative: Initiative) -> bool:
    return bool(speaking_for(user, initiative))


def can_create_initiative(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated
        and Membership.objects.filter(user=user, role__in=LEADING_ROLES).exists()
    )


def can_view_initiative(user: AnyUser, initiative: Initiative) -> bool:
    return initiative.is_public or is_partner(user, initiative)


def can_manage_initiative(user: AnyUser, initiative: Initiative) -> bool:
    return any(partner.role in MANAGING_ROLES for partner in speaking_for(user, initiative))


def can_write_statement(user: AnyUser, initiative: Initiative) -> bool:
    """Any partner may propose a new version: defining the problem is shared work."""
    return is_partner(user, initiative)


def can_record_workshop(user: AnyUser, initiative: Initiative) -> bool:
    return is_partner(user, initiative)


def partner_to_sign_for(user: AnyUser, statement: ProblemStatement) -> Partner | None:
    """The partner this person signs the current version for; None if they may not sign it
    (not a representative, already signed, or an older version)."""
    initiative = statement.initiative
    current = initiative.current_statement()
    if current is None or current.pk != statement.pk or not user.is_authenticated:
        return None
    signed = statement.signatures.values("partner")
    return (
        initiative.partners.filter(
            representative=user, joined_on__isnull=False, left_on__isnull=True
        )
        .exclude(pk__in=signed)
        .order_by("pk")
        .first()
    )


def can_accept_invitation(user: AnyUser, partner: Partner) -> bool:
    """Only the invited address: a forwarded link does not make someone else the partner."""
    return bool(
        user.is_authenticated
        and isinstance(user, User)
        and user.email_verified
        and partner.is_pending
        and user.email.lower() == partner.invited_email.lower()
    )
