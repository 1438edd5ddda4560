"""Mentor applications, approval, training and the børneattest check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts import actions as accounts_actions
from samskab.accounts.models import Role, User
from samskab.audit.actions import record_event
from samskab.mentoring.actions.errors import MentoringError
from samskab.mentoring.actions.matches import _end
from samskab.mentoring.models import (
    OPEN_MATCH_STATUSES,
    CertificateStatus,
    ChildCertificateCheck,
    EndReason,
    MentorProfile,
    MentorStatus,
    Programme,
    add_months,
)

CERTIFICATE_CONSENT_DAYS = 14  # the volunteer consents digitally within 14 days (DOMAIN.md)

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
        accounts_actions.grant_role(
            coordinator,
            mentor.user,
            mentor.programme.organisation,
            Role.VOLUNTEER,
            request=request,
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
