"""The programme overview (public) and each person's dashboard, and the coordinator's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from samskab.accounts.models import Role, User
from samskab.accounts.permissions import has_role
from samskab.audit.actions import record_event
from samskab.audit.models import AuditEvent
from samskab.mentoring import permissions
from samskab.mentoring.models import (
    OPEN_MATCH_STATUSES,
    ConsentPurpose,
    HelpRequest,
    Match,
    MatchStatus,
    MentorProfile,
    Programme,
    Referral,
)

CONSENTS = "consent_links__consent"


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Public description and apply links; for a logged-in person, their own dashboard."""
    programmes = list(
        Programme.objects.filter(is_open=True).select_related("organisation", "partner")
    )
    context: dict[str, object] = {"programmes": programmes}
    user = request.user
    if isinstance(user, User):
        my_referrals = list(
            Referral.objects.filter(referred_by=user, anonymised_at__isnull=True)
            .select_related("programme")
            .prefetch_related(CONSENTS)
        )
        mentor_matches = list(
            Match.objects.filter(mentor__user=user, referral__anonymised_at__isnull=True)
            .exclude(status__in=[MatchStatus.PROPOSED, MatchStatus.REJECTED])
            .select_related("referral", "mentor__programme")
        )
        coordinated = list(user.coordinated_programmes.all())
        # Cases of a caseworker whose account was deleted: the coordinators answer for them.
        handed_over = (
            list(
                Referral.objects.filter(
                    programme__in=coordinated,
                    referred_by__isnull=True,
                    handed_over_at__isnull=False,
                    anonymised_at__isnull=True,
                ).select_related("programme")
            )
            if coordinated
            else []
        )
        context.update(
            coordinated=coordinated,
            handed_over=handed_over,
            partner_programmes=list(user.partner_programmes.all()),
            my_referrals=my_referrals,
            own_cases=list(
                Referral.objects.filter(account=user, anonymised_at__isnull=True).select_related(
                    "programme"
                )
            ),
            mentor_profiles=list(
                MentorProfile.objects.filter(user=user).select_related("programme")
            ),
            mentor_matches=mentor_matches,
            mentee_matches=list(
                Match.objects.filter(referral__account=user)
                .exclude(status__in=[MatchStatus.PROPOSED, MatchStatus.REJECTED])
                .select_related("mentor__user")
            ),
            is_auditor=has_role(user, Role.AUDITOR),
        )
        shown = [r.pk for r in my_referrals + handed_over] + [m.referral_id for m in mentor_matches]
        if shown:
            record_event(
                user,
                AuditEvent.READ,
                None,
                summary="mentoring dashboard",
                details={"referral_ids": shown},
                request=request,
            )
    return render(request, "mentoring/index.html", context)


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's view of the programme: referrals, mentors, matches, help requests."""
    programme = get_object_or_404(Programme, slug=slug)
    if not permissions.can_manage_programme(request.user, programme):
        raise PermissionDenied
    referrals = list(
        programme.referrals.filter(anonymised_at__isnull=True)
        .select_related("jobcentre_category")
        .prefetch_related(CONSENTS)
    )
    # The coordinator (checked above) sees a young person only once they have consented.
    visible = [r for r in referrals if r.has_active_consent(ConsentPurpose.MENTORING)]
    awaiting = len(referrals) - len(visible)
    mentors = list(
        programme.mentors.select_related("user").prefetch_related("certificate_checks", "matches")
    )
    matches = list(
        Match.objects.filter(
            referral__programme=programme,
            status__in=OPEN_MATCH_STATUSES,
            referral__anonymised_at__isnull=True,
        ).select_related("referral", "mentor__user")
    )
    help_requests = list(
        HelpRequest.objects.filter(match__referral__programme=programme, resolved_at__isnull=True)
    )
    record_event(
        request.user,
        AuditEvent.READ,
        programme,
        summary="referral list",
        details={"referral_ids": [r.pk for r in visible]},
        request=request,
    )
    return render(
        request,
        "mentoring/programme.html",
        {
            "programme": programme,
            "referrals": visible,
            "awaiting_consent": awaiting,
            "mentors": mentors,
            "matches": matches,
            "help_requests": help_requests,
        },
    )
