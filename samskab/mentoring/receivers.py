"""Reactions to other modules' signals."""

from __future__ import annotations

from typing import Any

from samskab.accounts.models import Consent
from samskab.mentoring.models import ConsentPurpose, Referral


def stop_on_withdrawn_consent(sender: type[Consent], consent: Consent, **kwargs: Any) -> None:
    """A mentoring consent withdrawn on the person's own consent page ends the case at once:
    open matches end and the referral is anonymised (the daily retention run is the backstop)."""
    from samskab.mentoring.actions import withdraw_consent

    referrals = Referral.objects.filter(
        anonymised_at__isnull=True,
        consent_links__purpose=ConsentPurpose.MENTORING,
        consent_links__consent=consent,
    )
    for referral in referrals:
        withdraw_consent(None, referral)
