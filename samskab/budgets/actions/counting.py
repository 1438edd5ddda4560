"""Close voting: enqueue the count of a process whose voting has ended (the count itself is
``counting.count_votes``, run by ``tasks.count_process``); publish the counted result."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.actions.notify import announce
from samskab.budgets.count_recovery import count_pending, recover_stale_counts
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import BudgetProcess, NoticeKind, PhaseKind, Result
from samskab.budgets.phases import ended_by, voting_has_ended
from samskab.budgets.tasks import count_process


def close_voting(
    actor: User | None,
    process: BudgetProcess,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """Enqueue the count of a process whose voting phase has ended. Returns False (and does
    nothing) when it is already counted or a count is queued or running; refuses while voting
    is still open."""
    now = now or timezone.now()
    if not voting_has_ended(process, now):
        raise ActionRefused(_("Afstemningen er ikke slut endnu."))
    with transaction.atomic():
        locked = BudgetProcess.objects.select_for_update().get(pk=process.pk)
        if locked.results.exists() or count_pending(locked):
            return False
        record_event(actor, "budgets.voting_closed", process, summary=process.slug, request=request)
        count_process.enqueue(process.pk, actor.pk if actor is not None else None)
        announce(process, NoticeKind.VOTING_CLOSED, "voting_closed")
    return True


def close_due_processes(now: datetime | None = None) -> list[str]:
    """Close every locked process whose voting ended and that has no result and no count
    queued or running; their slugs. First, counts a crashed worker left are queued again."""
    now = now or timezone.now()
    recover_stale_counts(now)
    closed = []
    candidates = BudgetProcess.objects.filter(
        ended_by(now, "phases__"),
        locked_at__isnull=False,
        phases__kind=PhaseKind.VOTING,
        results__isnull=True,
    ).order_by("pk")
    for process in candidates:
        if close_voting(None, process, now=now):
            closed.append(process.slug)
    return closed


@transaction.atomic
def publish_result(
    actor: User,
    process: BudgetProcess,
    *,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Result:
    """Make the counted result public. Only its publication time changes: the outcome, the
    published file and its hashes are the count's, so the review can delay, never alter."""
    now = now or timezone.now()
    BudgetProcess.objects.select_for_update().filter(pk=process.pk).first()
    result = process.counted_result()
    if result is None:
        raise ActionRefused(_("Stemmerne er ikke talt op endnu; der er intet at offentliggøre."))
    if result.published_at is not None:
        raise ActionRefused(_("Resultatet er allerede offentliggjort."))
    result.published_at = now
    result.save(update_fields=["published_at"])
    record_event(
        actor,
        "budgets.result_published",
        result,
        summary=process.slug,
        details={
            "rule": result.rule,
            "inputs_sha256": result.inputs_sha256,
            "ballots_sha256": result.ballots_sha256,
            "selected": sorted(result.selected.values_list("pk", flat=True)),
        },
        request=request,
    )
    announce(process, NoticeKind.RESULT_PUBLISHED, "result_published")
    return result
