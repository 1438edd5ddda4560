"""Starting an initiative, inviting partners, joining and leaving the partnership."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import Membership, Organisation, User
from samskab.audit.actions import record_event
from samskab.core.text import danish_slug
from samskab.initiatives.actions.errors import ActionRefused
from samskab.initiatives.models import (
    INITIATIVE_FIELDS,
    MANAGING_ROLES,
    STATUS_ORDER,
    Initiative,
    Partner,
    PartnerRole,
    Status,
)
from samskab.initiatives.permissions import LEADING_ROLES, can_accept_invitation
from samskab.initiatives.tasks import send_partner_invitation

RESERVED_SLUGS = {"ny", "invitation"}  # taken by URLs beside the initiatives'


def _unique_slug(name: str) -> str:
    base = danish_slug(name)[:40] or "indsats"
    if base in RESERVED_SLUGS:
        base = f"{base}-indsats"
    slug, number = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_initiative(
    actor: User,
    organisation: Organisation,
    *,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Initiative:
    """A new initiative in status "idé", with ``organisation`` as its initiator (the actor its
    representative). The actor must lead that organisation (coordinator or administrator)."""
    if not Membership.objects.filter(
        user=actor, organisation=organisation, role__in=LEADING_ROLES
    ).exists():
        raise ActionRefused(_("Du kan kun starte en indsats for en organisation, du leder."))
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"not initiative fields: {sorted(unknown)}")
    initiative = Initiative(slug=_unique_slug(fields["name"]), created_by=actor, **fields)
    initiative.full_clean()
    initiative.save()
    now = timezone.now()
    Partner.objects.create(
        initiative=initiative,
        organisation=organisation,
        role=PartnerRole.INITIATOR,
        representative=actor,
        invited_by=actor,
        invited_email=actor.email,
        agreement_confirmed_by_inviter_at=now,
        agreement_confirmed_by_partner_at=now,
        joined_on=timezone.localdate(),
    )
    record_event(
        actor,
        "initiatives.initiative_created",
        initiative,
        summary=initiative.name,
        details={"initiator": organisation.slug},
        request=request,
    )
    return initiative


@transaction.atomic
def update_initiative(
    actor: User,
    initiative: Initiative,
    *,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Initiative:
    """Change the initiative's facts, and its status one step forward (or to "afsluttet")."""
    unknown = set(fields) - set(INITIATIVE_FIELDS) - {"status"}
    if unknown:
        raise TypeError(f"not initiative fields: {sorted(unknown)}")
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    new_status = fields.get("status", locked.status)
    if new_status != locked.status:
        _check_step(locked.status, new_status)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    record_event(
        actor,
        "initiatives.initiative_updated",
        locked,
        summary=locked.name,
        details={"fields": sorted(fields), "status": locked.status},
        request=request,
    )
    return locked


def _check_step(old: str, new: str) -> None:
    if old == Status.ENDED:
        raise ActionRefused(_("Indsatsen er afsluttet og kan ikke genåbnes."))
    if new == Status.ENDED:
        return
    if STATUS_ORDER.index(Status(new)) != STATUS_ORDER.index(Status(old)) + 1:
        raise ActionRefused(
            _("Status går ét trin frem ad gangen: fra %(old)s til %(next)s.")
            % {
                "old": Status(old).label,
                "next": STATUS_ORDER[min(STATUS_ORDER.index(Status(old)) + 1, 4)].label,
            }
        )


@transaction.atomic
def invite_partner(
    actor: User,
    initiative: Initiative,
    organisation: Organisation,
    *,
    role: str,
    email: str,
    agreement: str = "",
    language: str = "da",
    request: HttpRequest | None = None,
) -> Partner:
    """Invite an organisation by e-mail; it is a partner once the address accepts. The inviter
    confirms the agreement by inviting."""
    existing = initiative.partners.filter(organisation=organisation, left_on__isnull=True).first()
    if existing is not None:
        raise ActionRefused(
            _("%(organisation)s er allerede partner eller inviteret.")
            % {"organisation": organisation.name}
        )
    if role not in PartnerRole.values:
        raise ActionRefused(_("Vælg en rolle."))
    # An organisation that left may be invited again: the old row becomes the new invitation.
    partner, _created = Partner.objects.update_or_create(
        initiative=initiative,
        organisation=organisation,
        defaults={
            "role": role,
            "invited_email": email.strip().lower(),
            "invited_by": actor,
            "invited_at": timezone.now(),
            "agreement": agreement.strip(),
            "agreement_confirmed_by_inviter_at": timezone.now(),
            "agreement_confirmed_by_partner_at": None,
            "representative": None,
            "joined_on": None,
            "left_on": None,
        },
    )
    record_event(
        actor,
        "initiatives.partner_invited",
        initiative,
        summary=f"{initiative.name}: {organisation.name}",
        details={"organisation": organisation.slug, "role": role},
        request=request,
    )
    send_partner_invitation.enqueue(partner.pk, language)
    return partner


@transaction.atomic
def accept_invitation(
    user: User, partner: Partner, *, today: date | None = None, request: HttpRequest | None = None
) -> Partner:
    """The invited address accepts: its account represents the organisation from today, and
    confirms the agreement."""
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if not can_accept_invitation(user, locked):
        raise ActionRefused(
            _("Invitationen er sendt til en anden e-mailadresse, eller den er allerede brugt.")
        )
    locked.representative = user
    locked.joined_on = today or timezone.localdate()
    locked.agreement_confirmed_by_partner_at = timezone.now()
    locked.save(update_fields=["representative", "joined_on", "agreement_confirmed_by_partner_at"])
    record_event(
        user,
        "initiatives.partner_joined",
        locked.initiative,
        summary=f"{locked.initiative.name}: {locked.organisation.name}",
        details={"organisation": locked.organisation.slug, "role": locked.role},
        request=request,
    )
    return locked


@transaction.atomic
def end_partnership(
    actor: User, partner: Partner, *, today: date | None = None, request: HttpRequest | None = None
) -> Partner:
    """The partner leaves (or a pending invitation is withdrawn). The last partner that may
    manage the initiative cannot leave: someone must hold it."""
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.left_on is not None:
        raise ActionRefused(_("Partneren er allerede trådt ud."))
    managers = locked.initiative.partners.filter(
        role__in=MANAGING_ROLES, joined_on__isnull=False, left_on__isnull=True
    ).exclude(pk=locked.pk)
    if locked.is_active and locked.role in MANAGING_ROLES and not managers.exists():
        raise ActionRefused(
            _("Indsatsen skal have en initiativtager eller medejer. Invitér en anden først.")
        )
    locked.left_on = today or timezone.localdate()
    locked.save(update_fields=["left_on"])
    record_event(
        actor,
        "initiatives.partner_left",
        locked.initiative,
        summary=f"{locked.initiative.name}: {locked.organisation.name}",
        details={"organisation": locked.organisation.slug, "was_pending": locked.joined_on is None},
        request=request,
    )
    return locked
