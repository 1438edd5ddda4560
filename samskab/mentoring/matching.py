"""The adapter between the ORM and the matching engine.

ORM rows -> engine profiles -> ``assign`` -> proposed :class:`Match` rows with the reasons,
the alternatives, both languages' explanations and a hash of the inputs, so that a proposal
can be explained and reproduced later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.engine.matching.assign import assign, describe
from samskab.engine.matching.profiles import MenteeProfile
from samskab.engine.matching.profiles import MentorProfile as EngineMentor
from samskab.engine.matching.score import DEFAULT_WEIGHTS, Score, Weights
from samskab.mentoring.models import (
    OPEN_MATCH_STATUSES,
    Match,
    MatchStatus,
    MentorProfile,
    MentorStatus,
    Programme,
    Referral,
    ReferralStatus,
    split_words,
)

# Why a young person got no proposal (the engine's codes), in the coordinator's words.
UNMATCHED_REASONS = {
    "no_mentors": _("Ingen mentorer er klar til at blive matchet"),
    "no_capacity": _("Ingen mentorer har ledige pladser"),
    "capacity": _("De egnede mentorer er givet til andre, der passede endnu bedre"),
    "low_score": _("Ingen mentor passer godt nok"),
    "refused": _("Den unge har sagt nej til de mulige mentorer"),
    "language": _("Ingen mentor taler det sprog, der er brug for"),
    "child_certificate": _("Ingen mentor med ren børneattest"),
    "mentor_younger": _("Alle mulige mentorer er yngre end den unge"),
}


def unmatched_reason(code: str) -> str:
    return str(UNMATCHED_REASONS.get(code, code))


@dataclass(frozen=True)
class ProposalRun:
    matches: list[Match]
    unmatched: list[tuple[Referral, str]]
    input_hash: str


def mentee_profile(referral: Referral) -> MenteeProfile:
    refused = frozenset(
        str(m.mentor_id)
        for m in referral.matches.all()
        if m.status in (MatchStatus.REJECTED, MatchStatus.ENDED)
    )
    return MenteeProfile(
        id=str(referral.pk),
        age=referral.age,
        interests=split_words(referral.interests),
        curious_about=split_words(referral.curious_about),
        area=referral.area.strip().lower(),
        location=None,
        availability=split_words(referral.availability),
        languages=split_words(referral.languages),
        preferred_mentor_gender=referral.preferred_mentor_gender or None,
        required_language=referral.required_language or None,
        under_15=referral.age < 15,
        refused_mentor_ids=refused,
    )


def mentor_profile(mentor: MentorProfile, remaining: int, today: dt.date) -> EngineMentor:
    return EngineMentor(
        id=str(mentor.pk),
        age=mentor.age,
        interests=split_words(mentor.interests),
        fields=split_words(mentor.fields),
        area=mentor.area.strip().lower(),
        location=None,
        availability=split_words(mentor.availability),
        languages=split_words(mentor.languages),
        gender=mentor.gender or None,
        capacity=remaining,
        child_certificate_clear=mentor.certificate_clear_on(today),
    )


def _points(score: Score) -> int:
    return round(score.total)


def _reasons(score: Score) -> list[dict[str, Any]]:
    return [{"code": r.code, "points": r.points, "detail": list(r.detail)} for r in score.reasons]


def input_hash(
    mentees: list[MenteeProfile], mentors: list[EngineMentor], weights: Weights = DEFAULT_WEIGHTS
) -> str:
    """SHA-256 of everything the matching depends on: both sides' profiles and the weights."""

    def plain(profile: Any) -> dict[str, Any]:
        return {
            key: sorted(value) if isinstance(value, frozenset) else value
            for key, value in ((f.name, getattr(profile, f.name)) for f in fields(profile))
        }

    payload = json.dumps(
        {
            "mentees": [plain(m) for m in mentees],
            "mentors": [plain(m) for m in mentors],
            "weights": plain(weights),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def candidates(programme: Programme) -> tuple[list[Referral], list[tuple[MentorProfile, int]]]:
    """Young people waiting for a mentor, and mentors cleared to match with free places."""
    today = timezone.localdate()
    referrals = [
        r
        for r in programme.referrals.filter(
            status=ReferralStatus.READY, anonymised_at__isnull=True
        ).prefetch_related("matches", "consent_links__consent")
        if not any(m.status in OPEN_MATCH_STATUSES for m in r.matches.all())
    ]
    mentors: list[tuple[MentorProfile, int]] = []
    approved = (
        programme.mentors.filter(status=MentorStatus.APPROVED)
        .select_related("user", "programme")
        .prefetch_related("certificate_checks")
        .annotate(open_count=Count("matches", filter=Q(matches__status__in=OPEN_MATCH_STATUSES)))
    )
    for mentor in approved:
        remaining = mentor.max_mentees - int(mentor.open_count)
        if remaining > 0 and mentor.can_be_matched_on(today):
            mentors.append((mentor, remaining))
    return referrals, mentors


@transaction.atomic
def propose_matches(
    coordinator: User, programme: Programme, *, request: HttpRequest | None = None
) -> ProposalRun:
    """Run the engine and replace the programme's earlier, unreviewed proposals."""
    today = timezone.localdate()
    Match.objects.filter(referral__programme=programme, status=MatchStatus.PROPOSED).delete()
    referrals, mentors = candidates(programme)
    referrals = [r for r in referrals if r.has_active_consent("mentoring")]
    mentee_profiles = [mentee_profile(r) for r in referrals]
    mentor_profiles = [mentor_profile(m, remaining, today) for m, remaining in mentors]
    weights = DEFAULT_WEIGHTS
    run_hash = input_hash(mentee_profiles, mentor_profiles, weights)
    result = assign(mentee_profiles, mentor_profiles, alternatives=3, weights=weights)
    by_referral = {str(r.pk): r for r in referrals}
    by_mentor = {str(m.pk): m for m, _remaining in mentors}
    created = []
    for proposal in result.matches:
        name = by_mentor[proposal.mentor_id].user.display_name
        alternatives = [
            {
                "mentor_id": int(mentor_id),
                "name": by_mentor[mentor_id].user.display_name,
                "points": _points(score),
                "explanation_da": describe(
                    score, language="da", mentor_name=by_mentor[mentor_id].user.display_name
                ),
                "explanation_en": describe(
                    score, language="en", mentor_name=by_mentor[mentor_id].user.display_name
                ),
            }
            for mentor_id, score in proposal.alternatives
        ]
        created.append(
            Match.objects.create(
                referral=by_referral[proposal.mentee_id],
                mentor=by_mentor[proposal.mentor_id],
                status=MatchStatus.PROPOSED,
                score=_points(proposal.score),
                reasons=_reasons(proposal.score),
                alternatives=alternatives,
                explanation_da=describe(proposal.score, language="da", mentor_name=name),
                explanation_en=describe(proposal.score, language="en", mentor_name=name),
                run_hash=run_hash,
            )
        )
    unmatched = [(by_referral[mentee_id], code) for mentee_id, code in result.unmatched]
    record_event(
        coordinator,
        "mentoring.matching_run",
        programme,
        details={
            "input_hash": run_hash,
            "mentees": len(mentee_profiles),
            "mentors": len(mentor_profiles),
            "proposed": len(created),
            "unmatched": [code for _r, code in unmatched],
        },
        request=request,
    )
    return ProposalRun(matches=created, unmatched=unmatched, input_hash=run_hash)
