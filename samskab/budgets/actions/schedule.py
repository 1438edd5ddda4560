"""The coordinator's buttons for the vote: open it now, close it now. Audited.

Both move the voting phase's dates to now, so the timeline on the process page stays what
happened, and keep the phases in order without overlaps: opening ends any earlier phase still
running (and drops one planned that has not begun) and pushes later phases, in order, to after
the vote; closing starts the result phase now if it was planned later, then queues the count
as a scheduled close would.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.actions.counting import close_voting
from samskab.budgets.actions.notify import announce
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import BudgetProcess, NoticeKind, Phase, PhaseKind
from samskab.budgets.phases import PHASE_ORDER_VALUES, has_ended, is_open

VOTING_INDEX = PHASE_ORDER_VALUES.index(PhaseKind.VOTING)


def _locked_row(process: BudgetProcess) -> BudgetProcess:
    return BudgetProcess.objects.select_for_update().get(pk=process.pk)


@transaction.atomic
def open_voting(
    actor: User,
    process: BudgetProcess,
    *,
    ends_at: datetime,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Phase:
    """Open the vote at once, until ``ends_at``."""
    now = now or timezone.now()
    process = _locked_row(process)
    if not process.is_locked:
        raise ActionRefused(_("Reglerne er ikke låst. Lås dem først; så kan afstemningen åbne."))
    voting = process.phase_of(PhaseKind.VOTING)
    if voting is not None and is_open(voting, now):
        raise ActionRefused(_("Afstemningen er allerede åben."))
    if voting is not None and has_ended(voting, now):
        raise ActionRefused(_("Afstemningen er slut og kan ikke åbnes igen."))
    if ends_at <= now:
        raise ActionRefused(_("Afstemningen skal slutte efter nu."))
    skipped = []
    after_vote = ends_at  # where the next later phase may begin
    for phase in sorted(process.phases.all(), key=lambda p: PHASE_ORDER_VALUES.index(p.kind)):
        index = PHASE_ORDER_VALUES.index(phase.kind)
        if index < VOTING_INDEX and phase.starts_at >= now:
            skipped.append(phase.kind)  # planned, never begun: the vote comes first now
            phase.delete()
        elif index < VOTING_INDEX and phase.ends_at > now:
            phase.ends_at = now
            phase.save(update_fields=["ends_at"])
        elif index > VOTING_INDEX:
            if phase.starts_at < after_vote:  # keeps its length, starts when the one before ends
                length = phase.ends_at - phase.starts_at
                phase.starts_at = after_vote
                phase.ends_at = after_vote + length
                phase.save(update_fields=["starts_at", "ends_at"])
            after_vote = phase.ends_at
    phase, _created = Phase.objects.update_or_create(
        process=process, kind=PhaseKind.VOTING, defaults={"starts_at": now, "ends_at": ends_at}
    )
    record_event(
        actor,
        "budgets.voting_opened",
        process,
        summary=process.slug,
        details={
            "starts_at": now.isoformat(),
            "ends_at": ends_at.isoformat(),
            "skipped_phases": skipped,
        },
        request=request,
    )
    announce(process, NoticeKind.VOTING_OPENED, "voting_opened")
    return phase


def close_voting_now(
    actor: User,
    process: BudgetProcess,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """End the vote at once and queue the count (``close_voting``'s answer: False if a count
    was already queued or done)."""
    now = now or timezone.now()
    with transaction.atomic():
        process = _locked_row(process)
        voting = process.phase_of(PhaseKind.VOTING)
        if not process.is_locked or voting is None or not is_open(voting, now):
            raise ActionRefused(_("Afstemningen er ikke åben, så den kan ikke lukkes nu."))
        voting.ends_at = now
        voting.save(update_fields=["ends_at"])
        result = process.phase_of(PhaseKind.RESULT)
        if result is not None and result.starts_at > now:
            result.starts_at = now
            result.save(update_fields=["starts_at"])
    return close_voting(actor, process, now=now, request=request)
