"""The match lifecycle: proposal, approval, acceptance, meetings, goals, help, pause, end."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.mentoring.actions.errors import MentoringError
from samskab.mentoring.models import (
    OPEN_MATCH_STATUSES,
    EndReason,
    Goal,
    HelpRequest,
    Match,
    MatchStatus,
    Meeting,
    MentorProfile,
    Referral,
    ReferralStatus,
)
from samskab.mentoring.permissions import is_referring_caseworker
from samskab.mentoring.tasks import send_help_request_mail

# --- Matches ------------------------------------------------------------------------------------


def _require_status(match: Match, *allowed: str) -> None:
    if match.status not in allowed:
        raise MentoringError(_("Det kan ikke lade sig gøre i matchets nuværende tilstand."))


@transaction.atomic
def approve_match(
    coordinator: User,
    match: Match,
    *,
    mentor: MentorProfile | None = None,
    request: HttpRequest | None = None,
) -> Match:
    """Approve a proposal, optionally swapping to another mentor (e.g. an alternative)."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    _require_status(match, MatchStatus.PROPOSED)
    if mentor is not None and mentor.pk != match.mentor_id:
        if mentor.programme_id != match.referral.programme_id:
            raise MentoringError(_("Mentoren hører ikke til dette program."))
        if not mentor.can_be_matched_on(timezone.localdate()):
            raise MentoringError(
                _("Mentoren kan ikke matches endnu (godkendelse eller børneattest).")
            )
        if open_mentee_count(mentor) >= mentor.max_mentees:
            raise MentoringError(_("Mentoren har ikke flere ledige pladser."))
        match.mentor = mentor
    match.status = MatchStatus.APPROVED
    match.approved_by = coordinator
    match.save()
    record_event(
        coordinator,
        "mentoring.match_approved",
        match,
        details={"mentor_id": match.mentor_id},
        request=request,
    )
    return match


def open_mentee_count(mentor: MentorProfile) -> int:
    return mentor.matches.filter(status__in=OPEN_MATCH_STATUSES).count()


@transaction.atomic
def reject_match(coordinator: User, match: Match, *, request: HttpRequest | None = None) -> Match:
    match = Match.objects.select_for_update().get(pk=match.pk)
    _require_status(match, MatchStatus.PROPOSED, MatchStatus.APPROVED)
    match.status = MatchStatus.REJECTED
    match.save(update_fields=["status"])
    record_event(coordinator, "mentoring.match_rejected", match, request=request)
    return match


def _side(user: User, match: Match) -> str:
    if match.mentor.user_id == user.pk:
        return "mentor"
    if match.referral.account_id == user.pk:
        return "mentee"
    raise MentoringError(_("Kun den unge og mentoren kan svare på et match."))


@transaction.atomic
def accept_match(user: User, match: Match, *, request: HttpRequest | None = None) -> Match:
    """The young person or the mentor says yes; when both have, the match is accepted."""
    match = Match.objects.select_for_update().select_related("referral", "mentor").get(pk=match.pk)
    _require_status(match, MatchStatus.APPROVED)
    now = timezone.now()
    if _side(user, match) == "mentor":
        match.mentor_accepted_at = now
    else:
        match.mentee_accepted_at = now
    _start_if_both_accepted(match)
    match.save()
    record_event(user, "mentoring.match_accepted", match, request=request)
    return match


@transaction.atomic
def accept_match_for_mentee(
    caseworker: User, match: Match, *, request: HttpRequest | None = None
) -> Match:
    """For a young person without an account the caseworker records their yes."""
    match = Match.objects.select_for_update().select_related("referral", "mentor").get(pk=match.pk)
    _require_status(match, MatchStatus.APPROVED)
    if (
        not is_referring_caseworker(caseworker, match.referral)
        or match.referral.account_id is not None
    ):
        raise MentoringError(_("Den unge svarer selv på matchet."))
    match.mentee_accepted_at = timezone.now()
    _start_if_both_accepted(match)
    match.save()
    record_event(caseworker, "mentoring.match_accepted_for_mentee", match, request=request)
    return match


def _start_if_both_accepted(match: Match) -> None:
    if match.mentor_accepted_at and match.mentee_accepted_at:
        match.status = MatchStatus.ACCEPTED
        match.started_on = timezone.localdate()
        Referral.objects.filter(pk=match.referral_id).update(status=ReferralStatus.MATCHED)


@transaction.atomic
def decline_match(user: User, match: Match, *, request: HttpRequest | None = None) -> Match:
    match = Match.objects.select_for_update().select_related("referral", "mentor").get(pk=match.pk)
    _require_status(match, MatchStatus.APPROVED)
    side = _side(user, match)
    _end(match, EndReason.DECLINED, timezone.localdate())
    record_event(user, "mentoring.match_declined", match, details={"side": side}, request=request)
    return match


def _end(match: Match, reason: str, day: dt.date) -> None:
    was_started = match.status in (MatchStatus.ACCEPTED, MatchStatus.ACTIVE, MatchStatus.PAUSED)
    match.status = MatchStatus.ENDED if was_started else MatchStatus.REJECTED
    match.end_reason = reason
    match.ended_on = day
    match.save()
    referral = match.referral
    if referral.status == ReferralStatus.MATCHED and was_started:
        referral.status = ReferralStatus.ENDED
        referral.ended_on = day
        referral.save(update_fields=["status", "ended_on"])


@transaction.atomic
def end_match(
    actor: User, match: Match, reason: str, *, request: HttpRequest | None = None
) -> Match:
    match = Match.objects.select_for_update().select_related("referral").get(pk=match.pk)
    _require_status(match, MatchStatus.ACCEPTED, MatchStatus.ACTIVE, MatchStatus.PAUSED)
    if reason not in EndReason.values:
        raise MentoringError(_("Vælg en årsag."))
    _end(match, reason, timezone.localdate())
    record_event(actor, "mentoring.match_ended", match, details={"reason": reason}, request=request)
    return match


@transaction.atomic
def pause_match(actor: User, match: Match, *, request: HttpRequest | None = None) -> Match:
    match = Match.objects.select_for_update().get(pk=match.pk)
    _require_status(match, MatchStatus.ACCEPTED, MatchStatus.ACTIVE)
    match.status = MatchStatus.PAUSED
    match.save(update_fields=["status"])
    record_event(actor, "mentoring.match_paused", match, request=request)
    return match


@transaction.atomic
def resume_match(actor: User, match: Match, *, request: HttpRequest | None = None) -> Match:
    match = Match.objects.select_for_update().get(pk=match.pk)
    _require_status(match, MatchStatus.PAUSED)
    match.status = MatchStatus.ACTIVE
    match.save(update_fields=["status"])
    record_event(actor, "mentoring.match_resumed", match, request=request)
    return match


@transaction.atomic
def log_meeting(
    user: User,
    match: Match,
    *,
    held_on: dt.date,
    duration_minutes: int,
    activity: str,
    next_step: str = "",
    request: HttpRequest | None = None,
) -> Meeting:
    match = Match.objects.select_for_update().get(pk=match.pk)
    _require_status(match, MatchStatus.ACCEPTED, MatchStatus.ACTIVE)
    if held_on > timezone.localdate():
        raise MentoringError(_("Et møde kan ikke logges før det har fundet sted."))
    if match.started_on and held_on < match.started_on:
        raise MentoringError(_("Mødet ligger før forløbet startede."))
    meeting = Meeting.objects.create(
        match=match,
        held_on=held_on,
        duration_minutes=duration_minutes,
        activity=activity,
        next_step=next_step,
        logged_by=user,
    )
    if match.status == MatchStatus.ACCEPTED:
        match.status = MatchStatus.ACTIVE
        match.save(update_fields=["status"])
    return meeting


@transaction.atomic
def add_goal(user: User, match: Match, title: str, *, request: HttpRequest | None = None) -> Goal:
    _require_status(match, MatchStatus.ACCEPTED, MatchStatus.ACTIVE, MatchStatus.PAUSED)
    return Goal.objects.create(match=match, title=title)


@transaction.atomic
def update_goal_progress(
    user: User, goal: Goal, progress: int, *, request: HttpRequest | None = None
) -> Goal:
    if not 0 <= progress <= 100:
        raise MentoringError(_("Fremskridt er et tal fra 0 til 100."))
    goal.progress = progress
    goal.save(update_fields=["progress", "updated_at"])
    return goal


@transaction.atomic
def ask_for_help(
    user: User, match: Match, message: str, *, request: HttpRequest | None = None
) -> HelpRequest:
    """Either side asks the coordinator for help; coordinators get an e-mail (a task, queued
    in this transaction like every mail)."""

    help_request = HelpRequest.objects.create(match=match, raised_by=user, message=message)
    record_event(user, "mentoring.help_requested", match, request=request)
    send_help_request_mail.enqueue(help_request.pk)
    return help_request


@transaction.atomic
def resolve_help_request(
    coordinator: User, help_request: HelpRequest, *, request: HttpRequest | None = None
) -> HelpRequest:
    help_request.resolved_at = timezone.now()
    help_request.save(update_fields=["resolved_at"])
    record_event(coordinator, "mentoring.help_resolved", help_request.match, request=request)
    return help_request


@transaction.atomic
def end_match_for_erasure(match: Match, reason: str) -> None:
    """End a match because one side's account is being deleted."""
    _end(match, reason, timezone.localdate())
    record_event(None, "mentoring.match_ended", match, details={"reason": reason})


@transaction.atomic
def propose_match_manually(
    coordinator: User,
    referral: Referral,
    mentor: MentorProfile,
    *,
    request: HttpRequest | None = None,
) -> Match:
    """The coordinator proposes a pair without the engine (e.g. they already know each other)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.READY:
        raise MentoringError(_("Den unge er ikke klar til et match."))
    if referral.matches.filter(status__in=OPEN_MATCH_STATUSES).exists():
        raise MentoringError(_("Den unge har allerede et åbent match."))
    if mentor.programme_id != referral.programme_id:
        raise MentoringError(_("Mentoren hører ikke til dette program."))
    if not mentor.can_be_matched_on(timezone.localdate()):
        raise MentoringError(_("Mentoren kan ikke matches endnu (godkendelse eller børneattest)."))
    if open_mentee_count(mentor) >= mentor.max_mentees:
        raise MentoringError(_("Mentoren har ikke flere ledige pladser."))
    match = Match.objects.create(referral=referral, mentor=mentor, status=MatchStatus.PROPOSED)
    record_event(coordinator, "mentoring.match_proposed_manually", match, request=request)
    return match
