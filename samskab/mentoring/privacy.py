"""The accounts module's privacy hooks: export and erase a person's mentoring data."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samskab.accounts.models import User
from samskab.mentoring import actions
from samskab.mentoring.actions.handover import hand_over_referrals
from samskab.mentoring.models import OPEN_MATCH_STATUSES, EndReason, Match, MentorProfile, Referral


def export_user_data(user: User) -> dict[str, Any]:
    referrals = Referral.objects.filter(account=user).select_related("programme")
    profiles = MentorProfile.objects.filter(user=user).select_related("programme")
    return {
        "as_young_person": [actions.summary_of(r) for r in referrals],
        "as_mentor": [
            {
                "programme": p.programme.name,
                "status": p.status,
                "age": p.age,
                "occupation": p.occupation,
                "fields": p.fields,
                "interests": p.interests,
                "languages": p.languages,
                "area": p.area,
                "availability": p.availability,
                "gender": p.gender,
                "max_mentees": p.max_mentees,
                "certificate_checks": [
                    {
                        "requested_on": c.requested_on.isoformat(),
                        "status": c.status,
                        "received_on": c.received_on.isoformat() if c.received_on else None,
                    }
                    for c in p.certificate_checks.all()
                ],
                "matches": [
                    {"status": m.status, "meetings": m.meetings.count()} for m in p.matches.all()
                ],
            }
            for p in profiles
        ],
    }


@transaction.atomic
def erase_user_data(user: User) -> None:
    """A young person's cases are anonymised (as on withdrawal); a mentor's profile goes.

    Outcome records survive without identity, so programme statistics stay right. A
    caseworker's referrals go to the programme's coordinators first (or the deletion is
    refused, when a programme has none).
    """
    hand_over_referrals(user)
    for referral in Referral.objects.filter(account=user, anonymised_at__isnull=True):
        actions.withdraw_consent(user, referral)
    for profile in MentorProfile.objects.filter(user=user):
        for match in Match.objects.filter(mentor=profile, status__in=OPEN_MATCH_STATUSES):
            actions.end_match_for_erasure(match, EndReason.MENTOR_STOPPED)
        Match.objects.filter(mentor=profile).delete()
        profile.delete()
