"""Writes for counting: close voting (which enqueues the count) and store the counted result.

Kept apart from ``actions.py`` (part 1's writes for setting up and voting) so each stays small.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.actions import ActionRefused
from samskab.budgets.export import published_text, store_published
from samskab.budgets.models import BudgetProcess, FundedProject, PhaseKind, Proposal, Result
from samskab.budgets.tally import count_ballots, explanation_of, load_ballots, sha256_text

logger = logging.getLogger(__name__)


def voting_has_ended(process: BudgetProcess, now: datetime) -> bool:
    phase = process.phase_of(PhaseKind.VOTING)
    return process.is_locked and phase is not None and phase.ends_at <= now


def public_from(process: BudgetProcess, now: datetime) -> datetime:
    """A result becomes public when the result phase starts (now, if it already has)."""
    phase = process.phase_of(PhaseKind.RESULT)
    return max(now, phase.starts_at) if phase is not None else now


def close_voting(process: BudgetProcess, by: User | None, now: datetime | None = None) -> bool:
    """Enqueue the count of a process whose voting phase has ended. Returns False (and does
    nothing) when it is already counted or a count is queued or running; refuses while voting
    is still open."""
    from samskab.budgets.count_recovery import count_pending
    from samskab.budgets.tasks import count_process

    now = now or timezone.now()
    if not voting_has_ended(process, now):
        raise ActionRefused(_("Afstemningen er ikke slut endnu."))
    with transaction.atomic():
        locked = BudgetProcess.objects.select_for_update().get(pk=process.pk)
        if locked.results.exists() or count_pending(locked):
            return False
        record_event(by, "budgets.voting_closed", process, summary=process.slug)
        count_process.enqueue(process.pk, by.pk if by is not None else None)
    return True


@transaction.atomic
def count_votes(process: BudgetProcess, by: User | None = None) -> Result:
    """Count with the locked rule, store and publish the result and its funded projects.

    Idempotent: the process row is locked, and an existing result is returned unchanged.
    Refused while voting is still open."""
    if not voting_has_ended(process, timezone.now()):
        raise ActionRefused(_("Afstemningen er ikke slut endnu."))
    BudgetProcess.objects.select_for_update().filter(pk=process.pk).first()
    existing = process.results.order_by("counted_at").first()
    if existing is not None:
        return existing
    ballots = load_ballots(process)
    count = count_ballots(process, ballots)
    result = Result.objects.create(
        process=process,
        rule=process.counting_rule,
        engine_version=count.engine_version,
        inputs_sha256=count.inputs_sha256,
        ballots_sha256="",
        explanation=explanation_of(count),
        project_names=counted_names(process),
        num_ballots=ballots.election.num_voters,
        counted_by=by,
        published_at=public_from(process, timezone.now()),
    )
    selected = count.selected_ids
    result.selected.set(selected)
    text = published_text(process, result, ballots)
    result.ballots_sha256 = sha256_text(text)
    result.save(update_fields=["ballots_sha256"])
    store_published(process, result, text)
    FundedProject.objects.bulk_create(
        [
            FundedProject(proposal_id=pk, result=result, deadline=process.delivery_deadline)
            for pk in selected
        ]
    )
    record_event(
        by,
        "budgets.result_published",
        result,
        summary=f"{process.slug}: {len(selected)} projects funded",
        details={
            "rule": result.rule,
            "engine_version": result.engine_version,
            "inputs_sha256": result.inputs_sha256,
            "ballots_sha256": result.ballots_sha256,
            "num_ballots": result.num_ballots,
            "selected": selected,
        },
    )
    return result


def counted_names(process: BudgetProcess) -> dict[str, str]:
    """Proposal pk -> title at the count, for the published file."""
    titles = Proposal.objects.filter(process=process).values_list("pk", "title").order_by("pk")
    return {str(pk): title for pk, title in titles}


def close_due_processes(now: datetime | None = None) -> list[str]:
    """Close every locked process whose voting ended and that has no result and no count
    queued or running; their slugs. First, counts a crashed worker left are queued again."""
    from samskab.budgets.count_recovery import recover_stale_counts

    now = now or timezone.now()
    recover_stale_counts(now)
    closed = []
    candidates = BudgetProcess.objects.filter(
        locked_at__isnull=False,
        phases__kind=PhaseKind.VOTING,
        phases__ends_at__lte=now,
        results__isnull=True,
    ).order_by("pk")
    for process in candidates:
        if close_voting(process, None, now):
            closed.append(process.slug)
    return closed
