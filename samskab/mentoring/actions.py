"""Every write in the mentoring module: referrals, consent, mentors, matches, outcomes.

Each function runs in a transaction and appends an audit event where the record is sensitive.
Views and tasks call these; nothing else writes mentoring rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import Consent, Membership, Organisation, Role, User
from samskab.audit.actions import record_event
from samskab.mentoring.models import (
    ANONYMISED,
    OPEN_MATCH_STATUSES,
    CertificateStatus,
    Checkpoint,
    ChildCertificateCheck,
    ConsentMethod,
    ConsentPurpose,
    ConsentToken,
    EndReason,
    Goal,
    HelpRequest,
    JobcentreCategory,
    Match,
    MatchStatus,
    Meeting,
    MentorProfile,
    MentorStatus,
    Outcome,
    OutcomeStatus,
    Programme,
    Referral,
    ReferralConsent,
    ReferralStatus,
    add_months,
)

CONSENT_LINK_DAYS = 14
CERTIFICATE_CONSENT_DAYS = 14  # the volunteer consents digitally within 14 days (DOMAIN.md)

# Which data goes to whom for each purpose: shown to the young person word for word.
CONSENT_DATA = {
    ConsentPurpose.MENTORING: (
        "Navn eller alias, alder, område, uddannelses-/jobsituation, jobcenterkategori, "
        "interesser, mål, tid, ønsker til mentor og det, mentoren skal vide"
    ),
    ConsentPurpose.CONTACT: "Telefon eller e-mail",
    ConsentPurpose.OUTCOMES: "Uddannelses-/jobsituation ved start og efter 3, 6 og 12 måneder",
}
CONSENT_PURPOSE_TEXT = {
    ConsentPurpose.MENTORING: "Mentorforløb: at finde en frivillig mentor og følge forløbet",
    ConsentPurpose.CONTACT: "At mentoren kan kontakte den unge direkte",
    ConsentPurpose.OUTCOMES: "Opfølgning og anonym statistik om, hvordan det går",
}


class MentoringError(Exception):
    """A request that breaks a rule of the module; the message is for the user (translated)."""


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# --- Programmes ---------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    organisation: Organisation,
    partner: Organisation | None,
    name: str,
    slug: str,
    target_group: str,
    area: str,
    capacity: int,
    description: str = "",
    reaches_under_15: bool = False,
    certificate_recheck_months: int = 24,
    coordinators: list[User] | None = None,
    caseworkers: list[User] | None = None,
) -> Programme:
    programme = Programme.objects.create(
        organisation=organisation,
        partner=partner,
        name=name,
        slug=slug,
        description=description,
        target_group=target_group,
        area=area,
        capacity=capacity,
        reaches_under_15=reaches_under_15,
        certificate_recheck_months=certificate_recheck_months,
    )
    for user in coordinators or []:
        programme.coordinators.add(user)
    for user in caseworkers or []:
        add_partner_caseworker(None, programme, user)
    record_event(None, "mentoring.programme_created", programme, summary=name)
    return programme


@transaction.atomic
def add_partner_caseworker(actor: User | None, programme: Programme, caseworker: User) -> None:
    """Give a partner caseworker the right to refer to ``programme``."""
    if programme.partner is not None:
        Membership.objects.get_or_create(
            user=caseworker, organisation=programme.partner, role=Role.CASEWORKER
        )
    programme.caseworkers.add(caseworker)
    record_event(
        actor,
        "mentoring.caseworker_added",
        programme,
        summary=caseworker.email,
        details={"user_id": caseworker.pk},
    )


# --- Referrals and consent ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralData:
    name: str
    age: int
    area: str
    education_status: str
    contact: str = ""
    alias_only: bool = False
    jobcentre_category: JobcentreCategory | None = None
    interests: str = ""
    curious_about: str = ""
    goals: str = ""
    availability: str = ""
    languages: str = "da"
    required_language: str = ""
    preferred_mentor_gender: str = ""
    mentor_must_know: str = ""


def _create_referral(
    programme: Programme,
    data: ReferralData,
    *,
    referred_by: User | None,
    account: User | None,
    referred_on: dt.date,
) -> Referral:
    category = data.jobcentre_category
    if category is not None and not category.is_valid_on(referred_on):
        raise MentoringError(_("Jobcenterkategorien gælder ikke på henvisningsdatoen."))
    if not programme.is_open:
        raise MentoringError(_("Programmet tager ikke imod nye lige nu."))
    referral = Referral.objects.create(
        programme=programme,
        referred_by=referred_by,
        account=account,
        referred_on=referred_on,
        name=data.name,
        alias_only=data.alias_only,
        age=data.age,
        area=data.area,
        contact="" if data.alias_only else data.contact,
        education_status=data.education_status,
        jobcentre_category=category,
        interests=data.interests,
        curious_about=data.curious_about,
        goals=data.goals,
        availability=data.availability,
        languages=data.languages,
        required_language=data.required_language,
        preferred_mentor_gender=data.preferred_mentor_gender,
        mentor_must_know=data.mentor_must_know,
    )
    for purpose in ConsentPurpose:
        consent = Consent.objects.create(
            subject=account,
            data_categories=CONSENT_DATA[purpose],
            recipient=programme.organisation,
            purpose=CONSENT_PURPOSE_TEXT[purpose],
        )
        ReferralConsent.objects.create(referral=referral, consent=consent, purpose=purpose)
    return referral


@transaction.atomic
def refer_young_person(
    caseworker: User,
    programme: Programme,
    data: ReferralData,
    *,
    referred_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """A caseworker refers a young person. Nothing is shared until they consent."""
    if not programme.caseworkers.filter(pk=caseworker.pk).exists():
        raise MentoringError(_("Du er ikke sagsbehandler i dette program."))
    referral = _create_referral(
        programme,
        data,
        referred_by=caseworker,
        account=None,
        referred_on=referred_on or timezone.localdate(),
    )
    record_event(caseworker, "mentoring.referred", referral, request=request)
    return referral


@transaction.atomic
def sign_up_young_person(
    user: User,
    programme: Programme,
    data: ReferralData,
    *,
    consents: dict[str, bool],
    request: HttpRequest | None = None,
) -> Referral:
    """A young person signs up themselves; their choices are their consent."""
    if Referral.objects.filter(
        programme=programme, account=user, anonymised_at__isnull=True
    ).exists():
        raise MentoringError(_("Du er allerede tilmeldt dette program."))
    referral = _create_referral(
        programme, data, referred_by=None, account=user, referred_on=timezone.localdate()
    )
    record_event(user, "mentoring.signed_up", referral, request=request)
    _apply_consent_choices(
        referral, consents, method=ConsentMethod.SELF_SIGNUP, actor=user, witness=None
    )
    return referral


def issue_consent_link(
    actor: User, referral: Referral, *, request: HttpRequest | None = None
) -> str:
    """A fresh one-time token for the consent page. Returns the raw token (never stored)."""
    with transaction.atomic():
        if referral.status != ReferralStatus.AWAITING_CONSENT:
            raise MentoringError(_("Der er allerede taget stilling til samtykket."))
        raw = secrets.token_urlsafe(32)
        ConsentToken.objects.create(
            referral=referral,
            token_hash=_hash_token(raw),
            expires_at=timezone.now() + dt.timedelta(days=CONSENT_LINK_DAYS),
        )
        record_event(actor, "mentoring.consent_link_issued", referral, request=request)
    return raw


def referral_for_token(raw: str) -> tuple[Referral, ConsentToken] | None:
    token = (
        ConsentToken.objects.select_related("referral__programme__organisation")
        .filter(token_hash=_hash_token(raw))
        .first()
    )
    if token is None or not token.is_usable():
        return None
    return token.referral, token


@transaction.atomic
def consent_by_token(
    raw: str, consents: dict[str, bool], *, request: HttpRequest | None = None
) -> Referral:
    """The young person answers on the one-time page. The token dies with the answer."""
    token = ConsentToken.objects.select_for_update().filter(token_hash=_hash_token(raw)).first()
    if token is None or not token.is_usable():
        raise MentoringError(_("Linket er brugt eller udløbet. Bed din sagsbehandler om et nyt."))
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    referral = Referral.objects.select_for_update().get(pk=token.referral_id)
    _apply_consent_choices(
        referral, consents, method=ConsentMethod.LINK, actor=None, witness=None, request=request
    )
    return referral


@transaction.atomic
def record_consent_in_person(
    caseworker: User,
    referral: Referral,
    consents: dict[str, bool],
    *,
    request: HttpRequest | None = None,
) -> Referral:
    """The young person answers at a meeting; the caseworker records it as witness."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.referred_by_id != caseworker.pk:
        raise MentoringError(_("Kun den henvisende sagsbehandler kan registrere samtykket."))
    _apply_consent_choices(
        referral,
        consents,
        method=ConsentMethod.IN_PERSON,
        actor=caseworker,
        witness=caseworker,
        request=request,
    )
    return referral


def _apply_consent_choices(
    referral: Referral,
    consents: dict[str, bool],
    *,
    method: str,
    actor: User | None,
    witness: User | None,
    request: HttpRequest | None = None,
) -> None:
    if referral.status != ReferralStatus.AWAITING_CONSENT:
        raise MentoringError(_("Der er allerede taget stilling til samtykket."))
    if set(consents) != {p.value for p in ConsentPurpose}:
        raise MentoringError(_("Tag stilling til hvert formål."))
    if not consents[ConsentPurpose.MENTORING] and any(consents.values()):
        raise MentoringError(_("Uden samtykke til mentorforløbet kan der ikke deles noget."))
    now = timezone.now()
    for link in referral.consent_links.select_related("consent"):
        consent = link.consent
        if consents[link.purpose]:
            consent.given_at = now
        else:
            consent.refused_at = now
        consent.save(update_fields=["given_at", "refused_at"])
        link.method = method
        link.witnessed_by = witness
        link.save(update_fields=["method", "witnessed_by"])
    referral.tokens.filter(used_at__isnull=True).update(used_at=now)
    given = consents[ConsentPurpose.MENTORING]
    referral.status = ReferralStatus.READY if given else ReferralStatus.CONSENT_REFUSED
    referral.save(update_fields=["status"])
    if given and consents[ConsentPurpose.OUTCOMES]:
        _schedule_outcomes(referral, referral.referred_on)
    record_event(
        actor,
        "mentoring.consent_given" if given else "mentoring.consent_refused",
        referral,
        details={"choices": consents, "method": method},
        request=request,
    )


def _schedule_outcomes(referral: Referral, start: dt.date) -> None:
    for checkpoint in Checkpoint:
        Outcome.objects.get_or_create(
            referral=referral,
            checkpoint=checkpoint.value,
            defaults={"due_on": add_months(start, checkpoint.value)},
        )


@transaction.atomic
def withdraw_consent(
    actor: User | None, referral: Referral, *, request: HttpRequest | None = None
) -> Referral:
    """Withdrawal stops processing: open matches end and the record is anonymised."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.is_anonymised:
        raise MentoringError(_("Henvisningen er allerede anonymiseret."))
    now = timezone.now()
    for link in referral.consent_links.select_related("consent"):
        if link.consent.given_at is not None and link.consent.withdrawn_at is None:
            link.consent.withdrawn_at = now
            link.consent.save(update_fields=["withdrawn_at"])
    for match in referral.matches.filter(status__in=OPEN_MATCH_STATUSES):
        _end(match, EndReason.CONSENT_WITHDRAWN, timezone.localdate())
    # Outcomes not yet recorded will never be collected now.
    referral.outcomes.filter(recorded_on__isnull=True).delete()
    referral.status = ReferralStatus.WITHDRAWN
    referral.ended_on = timezone.localdate()
    referral.save(update_fields=["status", "ended_on"])
    _anonymise(referral)
    record_event(actor, "mentoring.consent_withdrawn", referral, request=request)
    return referral


def _anonymise(referral: Referral) -> None:
    """Keep programme, age, category, dates, status and outcomes; drop identity and free text."""
    referral.name = ANONYMISED
    referral.contact = ""
    referral.area = ""
    referral.interests = ""
    referral.curious_about = ""
    referral.goals = ""
    referral.availability = ""
    referral.required_language = ""
    referral.preferred_mentor_gender = ""
    referral.mentor_must_know = ""
    referral.account = None
    referral.anonymised_at = timezone.now()
    referral.save()
    Consent.objects.filter(
        pk__in=referral.consent_links.values("consent_id"), subject__isnull=False
    ).update(subject=None)
    referral.tokens.all().delete()
    Meeting.objects.filter(match__referral=referral).update(activity=ANONYMISED, next_step="")
    Goal.objects.filter(match__referral=referral).update(title=ANONYMISED)
    HelpRequest.objects.filter(match__referral=referral).update(message=ANONYMISED)


@transaction.atomic
def anonymise_expired_cases(today: dt.date | None = None) -> int:
    """Anonymise ended cases whose end lies further back than the retention period."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -settings.MENTORING_RETENTION_MONTHS)
    expired = Referral.objects.select_for_update().filter(
        anonymised_at__isnull=True,
        ended_on__isnull=False,
        ended_on__lt=cutoff,
    )
    count = 0
    for referral in expired:
        _anonymise(referral)
        record_event(
            None,
            "mentoring.retention_anonymised",
            referral,
            details={"ended_on": referral.ended_on.isoformat() if referral.ended_on else ""},
        )
        count += 1
    return count


# --- Mentors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentorData:
    age: int
    occupation: str
    area: str
    fields: str = ""
    interests: str = ""
    languages: str = "da"
    availability: str = ""
    gender: str = ""
    max_mentees: int = 1


@transaction.atomic
def apply_as_mentor(
    user: User, programme: Programme, data: MentorData, *, request: HttpRequest | None = None
) -> MentorProfile:
    if MentorProfile.objects.filter(user=user, programme=programme).exists():
        raise MentoringError(_("Du har allerede søgt om at blive mentor i dette program."))
    profile = MentorProfile.objects.create(
        user=user,
        programme=programme,
        age=data.age,
        occupation=data.occupation,
        area=data.area,
        fields=data.fields,
        interests=data.interests,
        languages=data.languages,
        availability=data.availability,
        gender=data.gender,
        max_mentees=data.max_mentees,
    )
    record_event(user, "mentoring.mentor_applied", profile, request=request)
    return profile


@transaction.atomic
def review_mentor(
    coordinator: User,
    mentor: MentorProfile,
    *,
    status: str,
    interviewed_on: dt.date | None,
    training_completed_on: dt.date | None,
    request: HttpRequest | None = None,
) -> MentorProfile:
    """Interview, approve (or not) and training. Approval makes the person a volunteer."""
    if status == MentorStatus.APPROVED and interviewed_on is None:
        raise MentoringError(_("En mentor skal have været til samtale før godkendelse."))
    mentor.status = status
    mentor.interviewed_on = interviewed_on
    mentor.training_completed_on = training_completed_on
    if status == MentorStatus.APPROVED and mentor.approved_on is None:
        mentor.approved_on = timezone.localdate()
        Membership.objects.get_or_create(
            user=mentor.user, organisation=mentor.programme.organisation, role=Role.VOLUNTEER
        )
    mentor.save()
    record_event(
        coordinator,
        "mentoring.mentor_reviewed",
        mentor,
        details={"status": status},
        request=request,
    )
    return mentor


@transaction.atomic
def request_certificate(
    coordinator: User,
    mentor: MentorProfile,
    requested_on: dt.date,
    *,
    request: HttpRequest | None = None,
) -> ChildCertificateCheck:
    check = ChildCertificateCheck.objects.create(
        mentor=mentor,
        requested_on=requested_on,
        consent_deadline=requested_on + dt.timedelta(days=CERTIFICATE_CONSENT_DAYS),
    )
    record_event(coordinator, "mentoring.certificate_requested", mentor, request=request)
    return check


@transaction.atomic
def record_certificate_result(
    coordinator: User,
    check: ChildCertificateCheck,
    *,
    status: str,
    received_on: dt.date,
    request: HttpRequest | None = None,
) -> ChildCertificateCheck:
    if status not in (CertificateStatus.CLEAR, CertificateStatus.NOT_CLEAR):
        raise MentoringError(_("Vælg om børneattesten er ren eller ikke ren."))
    if received_on < check.requested_on:
        raise MentoringError(_("Modtagelsesdatoen ligger før bestillingsdatoen."))
    check.status = status
    check.received_on = received_on
    check.next_check_on = add_months(received_on, check.mentor.programme.certificate_recheck_months)
    check.save()
    if status == CertificateStatus.NOT_CLEAR:
        for match in check.mentor.matches.filter(status__in=OPEN_MATCH_STATUSES):
            _end(match, EndReason.MENTOR_STOPPED, received_on)
    record_event(
        coordinator,
        "mentoring.certificate_recorded",
        check.mentor,
        details={"status": status},
        request=request,
    )
    return check


def expire_certificates(today: dt.date | None = None) -> int:
    """Mark clear certificates past their re-check date as expired by policy."""
    today = today or timezone.localdate()
    return ChildCertificateCheck.objects.filter(
        status=CertificateStatus.CLEAR, next_check_on__lte=today
    ).update(status=CertificateStatus.EXPIRED)


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
    if match.referral.referred_by_id != caseworker.pk or match.referral.account_id is not None:
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
def add_goal(user: User, match: Match, title: str) -> Goal:
    _require_status(match, MatchStatus.ACCEPTED, MatchStatus.ACTIVE, MatchStatus.PAUSED)
    return Goal.objects.create(match=match, title=title)


@transaction.atomic
def update_goal_progress(user: User, goal: Goal, progress: int) -> Goal:
    if not 0 <= progress <= 100:
        raise MentoringError(_("Fremskridt er et tal fra 0 til 100."))
    goal.progress = progress
    goal.save(update_fields=["progress", "updated_at"])
    return goal


@transaction.atomic
def ask_for_help(
    user: User, match: Match, message: str, *, request: HttpRequest | None = None
) -> HelpRequest:
    """Either side asks the coordinator for help; coordinators get an e-mail."""
    from samskab.mentoring.notify import notify_coordinators_of_help

    help_request = HelpRequest.objects.create(match=match, raised_by=user, message=message)
    record_event(user, "mentoring.help_requested", match, request=request)
    transaction.on_commit(lambda: notify_coordinators_of_help(help_request))
    return help_request


@transaction.atomic
def resolve_help_request(coordinator: User, help_request: HelpRequest) -> HelpRequest:
    help_request.resolved_at = timezone.now()
    help_request.save(update_fields=["resolved_at"])
    record_event(coordinator, "mentoring.help_resolved", help_request.match)
    return help_request


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
