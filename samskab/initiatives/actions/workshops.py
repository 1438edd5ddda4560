"""Co-design workshops: when and where, who came by sector and from the target group."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.initiatives.actions.errors import ActionRefused
from samskab.initiatives.models import (
    SECTORS,
    Initiative,
    Workshop,
    WorkshopAttendance,
    WorkshopKind,
)


@transaction.atomic
def record_workshop(
    actor: User,
    initiative: Initiative,
    *,
    kind: str,
    held_on: date,
    place: str,
    attendance: Mapping[str, int],
    outputs: str = "",
    request: HttpRequest | None = None,
) -> Workshop:
    """A held workshop with its head count per sector (zero counts are not stored)."""
    if kind not in WorkshopKind.values:
        raise ActionRefused(_("Vælg hvilken slags workshop det var."))
    unknown = set(attendance) - set(SECTORS)
    if unknown:
        raise ValueError(f"not sectors: {sorted(unknown)}")
    if any(count < 0 for count in attendance.values()):
        raise ActionRefused(_("Et antal kan ikke være negativt."))
    if not any(attendance.values()):
        raise ActionRefused(_("Skriv hvor mange der kom, mindst fra én sektor."))
    workshop = Workshop.objects.create(
        initiative=initiative,
        kind=kind,
        held_on=held_on,
        place=place.strip(),
        outputs=outputs.strip(),
        recorded_by=actor,
    )
    WorkshopAttendance.objects.bulk_create(
        WorkshopAttendance(workshop=workshop, sector=sector, count=count)
        for sector, count in attendance.items()
        if count
    )
    record_event(
        actor,
        "initiatives.workshop_recorded",
        initiative,
        summary=f"{initiative.name}: {workshop}",
        details={"kind": kind, "attendance": {s: c for s, c in attendance.items() if c}},
        request=request,
    )
    return workshop
