"""Outcome checkpoints and what an export of a young person contains."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.mentoring.actions.errors import MentoringError
from samskab.mentoring.models import (
    ConsentPurpose,
    Outcome,
    OutcomeStatus,
    Referral,
)

# --- Outcomes -----------------------------------------------------------------------------------


@transaction.atomic
def record_outcome(
    actor: User,
    outcome: Outcome,
    status: str,
    *,
    recorded_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Outcome:
    if status not in OutcomeStatus.values:
        raise MentoringError(_("Vælg en status."))
    referral = outcome.referral
    if not referral.has_active_consent(ConsentPurpose.OUTCOMES) and not referral.is_anonymised:
        raise MentoringError(_("Der er ikke samtykke til opfølgning."))
    outcome.status = status
    outcome.recorded_on = recorded_on or timezone.localdate()
    outcome.recorded_by = actor
    outcome.save()
    record_event(
        actor,
        "mentoring.outcome_recorded",
        referral,
        details={"checkpoint": outcome.checkpoint, "status": status},
        request=request,
    )
    return outcome


def due_outcomes(today: dt.date) -> list[Outcome]:
    """Checkpoints that are due, not recorded, and not yet reminded about."""
    return list(
        Outcome.objects.select_related("referral__programme", "referral__referred_by")
        .prefetch_related("referral__programme__coordinators")
        .filter(
            due_on__lte=today,
            recorded_on__isnull=True,
            reminder_sent_at__isnull=True,
            referral__anonymised_at__isnull=True,
        )
    )


def mark_reminded(outcomes: list[Outcome]) -> None:
    Outcome.objects.filter(pk__in=[o.pk for o in outcomes]).update(reminder_sent_at=timezone.now())


def summary_of(referral: Referral) -> dict[str, Any]:
    """What an export of the young person's data contains."""
    return {
        "programme": referral.programme.name,
        "name": referral.name,
        "age": referral.age,
        "area": referral.area,
        "contact": referral.contact,
        "status": referral.status,
        "referred_on": referral.referred_on.isoformat(),
        "interests": referral.interests,
        "goals": referral.goals,
        "consents": [
            {
                "purpose": link.purpose,
                "given_at": link.consent.given_at.isoformat() if link.consent.given_at else None,
                "refused_at": (
                    link.consent.refused_at.isoformat() if link.consent.refused_at else None
                ),
                "withdrawn_at": (
                    link.consent.withdrawn_at.isoformat() if link.consent.withdrawn_at else None
                ),
            }
            for link in referral.consent_links.select_related("consent")
        ],
        "outcomes": [
            {"checkpoint": o.checkpoint, "status": o.status} for o in referral.outcomes.all()
        ],
    }
