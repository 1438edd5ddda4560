"""Writes for delivery tracking: who is responsible, status and progress, dated updates.

Every change is audited. A cancellation needs a reason; a delivered project is at 100 %.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import DeliveryStatus, DeliveryUpdate, FundedProject


@transaction.atomic
def assign_responsible(
    actor: User,
    project: FundedProject,
    responsible: User | None,
    *,
    request: HttpRequest | None = None,
) -> None:
    project.responsible = responsible
    project.save(update_fields=["responsible"])
    record_event(
        actor,
        "budgets.delivery_responsible_set",
        project,
        details={"responsible": responsible.pk if responsible else None},
        request=request,
    )


@transaction.atomic
def update_delivery(
    actor: User,
    project: FundedProject,
    *,
    status: str,
    progress: int,
    cancel_reason: str = "",
    request: HttpRequest | None = None,
) -> FundedProject:
    if status not in DeliveryStatus.values:
        raise ActionRefused(_("Ukendt status."))
    if not 0 <= progress <= 100:
        raise ActionRefused(_("Fremdriften skal være mellem 0 og 100 %."))
    reason = cancel_reason.strip()
    if status == DeliveryStatus.CANCELLED and not reason:
        raise ActionRefused(_("Skriv en begrundelse, når et projekt aflyses."))
    before = {"status": project.status, "progress": project.progress}
    project.status = status
    project.progress = 100 if status == DeliveryStatus.DELIVERED else progress
    project.cancel_reason = reason if status == DeliveryStatus.CANCELLED else ""
    project.save(update_fields=["status", "progress", "cancel_reason"])
    record_event(
        actor,
        "budgets.delivery_status_changed",
        project,
        summary=f"{before['status']} -> {project.status}",
        details={
            "before": before,
            "after": {"status": project.status, "progress": project.progress},
            "cancel_reason": project.cancel_reason,
        },
        request=request,
    )
    return project


@transaction.atomic
def add_delivery_update(
    actor: User,
    project: FundedProject,
    *,
    text: str,
    date: date,
    photo: UploadedFile | None = None,
    photo_description: str = "",
    request: HttpRequest | None = None,
) -> DeliveryUpdate:
    if not text.strip():
        raise ActionRefused(_("Skriv hvad der er sket."))
    if photo is not None and not photo_description.strip():
        raise ActionRefused(_("Beskriv billedet for dem, der ikke kan se det."))
    update = DeliveryUpdate(
        project=project,
        text=text.strip(),
        date=date,
        photo_description=photo_description.strip(),
        author=actor,
    )
    if photo is not None:
        update.photo = photo
    update.save()
    record_event(
        actor,
        "budgets.delivery_update_added",
        project,
        details={"update": update.pk, "date": date.isoformat(), "photo": bool(photo)},
        request=request,
    )
    return update
