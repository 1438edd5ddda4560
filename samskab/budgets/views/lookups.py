"""Loading what a URL names: the process (with its phases, once), a proposal, a meeting."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from samskab.budgets.models import BudgetProcess, Meeting, Phase, Proposal, VotingPoint


def get_process(slug: str) -> BudgetProcess:
    return get_object_or_404(
        BudgetProcess.objects.select_related("organisation").prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
        ),
        slug=slug,
    )


def get_proposal(process: BudgetProcess, pk: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("author", "review"), process=process, pk=pk
    )
    proposal.process = process  # reuse the prefetched phases
    return proposal


def get_voting_point(process: BudgetProcess, pk: int) -> VotingPoint:
    point = get_object_or_404(VotingPoint, process=process, pk=pk)
    point.process = process
    return point


def get_meeting(process: BudgetProcess, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting, process=process, pk=pk)
    meeting.process = process
    return meeting
