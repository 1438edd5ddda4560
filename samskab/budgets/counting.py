"""Count a closed process with its locked rule and store the result (``tasks.count_process``
runs this; ``actions.close_voting`` enqueues that task).

The count itself is ``tally.py`` (the adapter to the engine); the published file ``export.py``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.errors import ActionRefused
from samskab.budgets.export import published_text, store_published
from samskab.budgets.models import BudgetProcess, FundedProject, Proposal, Result
from samskab.budgets.phases import voting_has_ended
from samskab.budgets.tally import count_ballots, explanation_of, load_ballots, sha256_text


@transaction.atomic
def count_votes(actor: User | None, process: BudgetProcess) -> Result:
    """Count with the locked rule, store the result, its published file and its funded projects.
    Nobody but managers and auditors sees it until a manager publishes it
    (``actions.publish_result``); nothing in that review can change it.

    Idempotent: the process row is locked, and an existing result is returned unchanged.
    Refused while voting is still open."""
    if not voting_has_ended(process, timezone.now()):
        raise ActionRefused(_("Afstemningen er ikke slut endnu."))
    BudgetProcess.objects.select_for_update().filter(pk=process.pk).first()
    existing = process.counted_result()
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
        counted_by=actor,
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
        actor,
        "budgets.result_counted",
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
