"""Setting up a process: create and edit it, its timeline of phases, and the lock."""

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
from samskab.budgets.models import (
    LOCKED_FIELDS,
    UNLOCKED_FIELDS,
    BudgetProcess,
    ConfigurationLocked,
    Phase,
    PhaseKind,
)
from samskab.budgets.phases import has_ended, has_started

# Every field update_process may set: the rules (frozen by the lock) and the words.
PROCESS_FIELDS = {*UNLOCKED_FIELDS, *LOCKED_FIELDS}


@transaction.atomic
def create_process(
    actor: User, *, request: HttpRequest | None = None, **fields: Any
) -> BudgetProcess:
    process = BudgetProcess.objects.create(created_by=actor, **fields)
    record_event(actor, "budgets.process_created", process, summary=process.title, request=request)
    return process


@transaction.atomic
def update_process(
    actor: User, process: BudgetProcess, *, request: HttpRequest | None = None, **fields: Any
) -> BudgetProcess:
    process = BudgetProcess.objects.select_for_update().get(pk=process.pk)
    unknown = set(fields) - PROCESS_FIELDS
    if unknown:
        raise ValueError(f"not process fields: {sorted(unknown)}")
    if process.is_locked and set(fields) - set(UNLOCKED_FIELDS):
        raise ConfigurationLocked(_("Reglerne er låst og kan ikke ændres."))
    for name, value in fields.items():
        setattr(process, name, value)
    process.full_clean()
    process.save()
    record_event(
        actor,
        "budgets.process_updated",
        process,
        details={"fields": sorted(fields)},
        request=request,
    )
    return process


@transaction.atomic
def set_phase(
    actor: User,
    process: BudgetProcess,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Phase:
    if ends_at <= starts_at:
        raise ActionRefused(_("En fase skal slutte efter, den starter."))
    now = now or timezone.now()
    voting = process.phases.filter(kind=PhaseKind.VOTING).first()
    if kind == PhaseKind.VOTING and not process.is_locked and starts_at <= now:
        # Unlocked, nobody could vote: citizens would see a vote "running" that takes no ballot.
        raise ActionRefused(
            _(
                "Afstemningen kan først begynde, når reglerne er låst. Vælg en senere start, "
                "eller lås reglerne og tryk »Åbn afstemningen«."
            )
        )
    if kind == PhaseKind.VOTING and voting is not None and process.is_locked:
        # Moving a finished vote would reopen the ballot box; a running one keeps its start.
        if has_ended(voting, now):
            raise ActionRefused(_("Afstemningen er slut; dens tidsrum kan ikke ændres."))
        if has_started(voting, now) and starts_at != voting.starts_at:
            raise ActionRefused(_("Afstemningen er i gang; dens start kan ikke flyttes."))
        if ends_at <= now:
            raise ActionRefused(_("Afstemningen kan ikke lukkes bagud i tiden."))
    phase, _created = Phase.objects.update_or_create(
        process=process, kind=kind, defaults={"starts_at": starts_at, "ends_at": ends_at}
    )
    record_event(
        actor,
        "budgets.phase_set",
        process,
        details={"kind": kind, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        request=request,
    )
    return phase


@transaction.atomic
def lock_process(
    actor: User,
    process: BudgetProcess,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> BudgetProcess:
    """Freeze ballot form, counting rule, eligibility and the ballot's proposals."""
    now = now or timezone.now()
    process = BudgetProcess.objects.select_for_update().get(pk=process.pk)
    if process.is_locked:
        raise ActionRefused(_("Borgerbudgettet er allerede låst."))
    voting = process.phase_of(PhaseKind.VOTING)
    if voting is None:
        raise ActionRefused(_("Læg en afstemningsfase ind, før reglerne låses."))
    if has_ended(voting, now):
        raise ActionRefused(
            _(
                "Afstemningens tidsrum gik, uden at reglerne blev låst. Læg en ny "
                "afstemningsperiode i tidsplanen, og lås så reglerne."
            )
        )
    for problem in process.proof_problems().values():
        raise ActionRefused(str(problem))
    if not process.proposals.filter(review__feasible=True).exists():
        raise ActionRefused(_("Der er ingen forslag, der er vurderet gennemførlige."))
    process.locked_at = now
    process.locked_by = actor
    process.lock_hash = process.configuration_hash()
    process.save()
    if has_started(voting, now):
        # Its planned start passed while the rules were open, so no ballot could be cast:
        # the vote opens now, and the timeline says so.
        voting.starts_at = now
        voting.save(update_fields=["starts_at"])
    record_event(
        actor,
        "budgets.process_locked",
        process,
        summary=process.title,
        details={"lock_hash": process.lock_hash, "configuration": process.configuration()},
        request=request,
    )
    return process
