"""Stormøder: meetings, registration with capacity, attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import Attendance, BudgetProcess, Meeting, MeetingRegistration, Proposal


@transaction.atomic
def create_meeting(
    actor: User, process: BudgetProcess, *, request: HttpRequest | None = None, **fields: Any
) -> Meeting:
    meeting = Meeting.objects.create(process=process, **fields)
    record_event(actor, "budgets.meeting_created", meeting, summary=meeting.title, request=request)
    return meeting


@transaction.atomic
def update_meeting(
    actor: User,
    meeting: Meeting,
    *,
    proposals: list[Proposal] | None = None,
    officials: list[User] | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Meeting:
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    if proposals is not None:
        meeting.proposals_presented.set(proposals)
    if officials is not None:
        meeting.officials.set(officials)
    record_event(
        actor,
        "budgets.meeting_updated",
        meeting,
        details={
            "fields": sorted(fields),
            "officials": [user.pk for user in officials] if officials is not None else None,
        },
        request=request,
    )
    return meeting


@transaction.atomic
def register_for_meeting(
    user: User | None, meeting: Meeting, *, name: str = ""
) -> MeetingRegistration:
    # Lock the meeting row so two last-seat registrations cannot both get in.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if user is not None and meeting.registrations.filter(user=user).exists():
        raise ActionRefused(_("Du er allerede tilmeldt."))
    if meeting.capacity is not None and meeting.registrations.count() >= meeting.capacity:
        raise ActionRefused(_("Mødet er fuldt."))
    return MeetingRegistration.objects.create(meeting=meeting, user=user, name=name)


@transaction.atomic
def cancel_registration(user: User, meeting: Meeting, *, now: datetime | None = None) -> bool:
    if meeting.starts_at <= (now or timezone.now()):
        raise ActionRefused(_("Mødet er afholdt; en tilmelding kan ikke annulleres bagefter."))
    deleted, _rows = MeetingRegistration.objects.filter(meeting=meeting, user=user).delete()
    return deleted > 0


@transaction.atomic
def record_attendance(
    actor: User,
    meeting: Meeting,
    *,
    registration: MeetingRegistration | None = None,
    name: str = "",
    request: HttpRequest | None = None,
) -> Attendance:
    if registration is not None:
        if registration.meeting_id != meeting.pk:
            raise ActionRefused(_("Tilmeldingen hører til et andet møde."))
        if Attendance.objects.filter(registration=registration).exists():
            raise ActionRefused(_("Personen er allerede tjekket ind."))
        name = name or (registration.user.display_name if registration.user else registration.name)
    if not name.strip():
        raise ActionRefused(_("Skriv et navn."))
    attendance = Attendance.objects.create(
        meeting=meeting, registration=registration, name=name, checked_in_by=actor
    )
    record_event(
        actor,
        "budgets.attendance_recorded",
        meeting,
        details={"attendance": attendance.pk},
        request=request,
    )
    return attendance
