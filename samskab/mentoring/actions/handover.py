"""A caseworker's account is deleted: their cases are handed to the programme's coordinators.

A case awaiting consent holds a young person's name and contact; with the caseworker gone and
no one in their place, nobody could answer for it. The coordinators of its programme take it
over (they then act as the referring caseworker: ``permissions.is_referring_caseworker``), and
each handover is audited. With no coordinator to take a case, the deletion is refused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.accounts.privacy_hooks import AccountDeletionRefused
from samskab.audit.actions import record_event
from samskab.mentoring.models import Referral


@transaction.atomic
def hand_over_referrals(caseworker: User) -> int:
    """Hand every case ``caseworker`` referred (and not anonymised) to its programme's
    coordinators. Raises :class:`AccountDeletionRefused`, changing nothing, if a programme with
    such a case has no coordinator. Returns how many cases were handed over."""
    referrals = list(
        Referral.objects.select_for_update(of=("self",))
        .filter(referred_by=caseworker, anonymised_at__isnull=True)
        .select_related("programme")
        .prefetch_related("programme__coordinators")
        .order_by("pk")
    )
    orphaned = sorted({r.programme.name for r in referrals if not r.programme.coordinators.all()})
    if orphaned:
        raise AccountDeletionRefused(
            _(
                "Kontoen kan ikke slettes endnu: dine henvisninger til %(programmes)s kan ikke "
                "overdrages, fordi programmet ikke har en koordinator. Bed organisationen "
                "udpege en koordinator, og prøv så igen."
            )
            % {"programmes": ", ".join(orphaned)}
        )
    now = timezone.now()
    for referral in referrals:
        referral.referred_by = None
        referral.handed_over_at = now
        referral.handed_over_from = caseworker.email
        referral.save(update_fields=["referred_by", "handed_over_at", "handed_over_from"])
        record_event(
            caseworker,
            "mentoring.referral_handed_over",
            referral,
            summary=caseworker.email,
            details={
                "from": caseworker.email,
                "to": sorted(c.email for c in referral.programme.coordinators.all()),
                "status": referral.status,
            },
        )
    return len(referrals)
