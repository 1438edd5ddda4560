"""Proposals: create and edit them, supports, and the feasibility review."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.actions.notify import announce
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import (
    PROPOSAL_FIELDS,
    BudgetProcess,
    FeasibilityReview,
    NoticeKind,
    Proposal,
    Support,
)


@transaction.atomic
def create_proposal(
    actor: User | None, process: BudgetProcess, *, request: HttpRequest | None = None, **fields: Any
) -> Proposal:
    if process.project_cost_cap is not None and fields["estimated_cost"] > process.project_cost_cap:
        raise ActionRefused(_("Forslaget koster mere end loftet pr. forslag."))
    proposal = Proposal.objects.create(process=process, author=actor, **fields)
    record_event(
        actor, "budgets.proposal_created", proposal, summary=proposal.title, request=request
    )
    return proposal


@transaction.atomic
def update_proposal(
    actor: User, proposal: Proposal, *, request: HttpRequest | None = None, **fields: Any
) -> Proposal:
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"not proposal fields: {sorted(unknown)}")
    cap = proposal.process.project_cost_cap
    if cap is not None and fields.get("estimated_cost", 0) > cap:
        raise ActionRefused(_("Forslaget koster mere end loftet pr. forslag."))
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    record_event(
        actor,
        "budgets.proposal_updated",
        proposal,
        details={"fields": sorted(fields)},
        request=request,
    )
    return proposal


def support_proposal(user: User, proposal: Proposal) -> bool:
    """Add the user's support; False if it was already there."""
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def withdraw_support(user: User, proposal: Proposal) -> bool:
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    return deleted > 0


@transaction.atomic
def review_feasibility(
    actor: User,
    proposal: Proposal,
    *,
    feasible: bool,
    public_reason: str,
    final_cost: int | None,
    request: HttpRequest | None = None,
) -> FeasibilityReview:
    """Record feasible or not with a public reason and a final cost. Touches nothing else."""
    if feasible and final_cost is None:
        raise ActionRefused(_("Et gennemførligt forslag skal have en endelig pris."))
    if not public_reason.strip():
        raise ActionRefused(_("Skriv en begrundelse; den bliver offentlig."))
    review = FeasibilityReview.objects.filter(proposal=proposal).first() or FeasibilityReview(
        proposal=proposal
    )
    review.feasible = feasible
    review.public_reason = public_reason
    review.final_cost = final_cost
    review.reviewed_by = actor
    review.save()
    record_event(
        actor,
        "budgets.feasibility_reviewed",
        proposal,
        summary=proposal.title,
        details={"feasible": feasible, "final_cost": final_cost, "reason": public_reason},
        request=request,
    )
    # A new verdict or price is told; a corrected reason alone is not mailed again.
    announce(
        proposal.process,
        NoticeKind.PROPOSAL_ASSESSED,
        f"proposal_assessed:{proposal.pk}:{feasible}:{final_cost}",
        proposal=proposal,
    )
    return review
