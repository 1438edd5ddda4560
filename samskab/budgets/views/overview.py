"""Public pages: the list of processes and a process with its timeline."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from samskab.budgets import permissions
from samskab.budgets.models import BudgetProcess, Phase, PhaseKind
from samskab.budgets.phases import VotingStatus, voting_has_ended, voting_status
from samskab.budgets.views.follow import follow_box
from samskab.budgets.views.lookups import get_process


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    processes = BudgetProcess.objects.select_related("organisation").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
    )
    rows = [(process, process.phase_at(now)) for process in processes]
    return render(
        request,
        "budgets/index.html",
        {"rows": rows, "can_create": permissions.can_create_process(request.user)},
    )


@require_safe
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    now = timezone.now()
    user = request.user
    phases = [(phase, phase.state(now)) for phase in process.phases.all()]
    context = {
        "process": process,
        "phases": phases,
        "current": process.phase_at(now),
        "can_propose": permissions.can_create_proposal(user, process, now),
        "can_vote": permissions.can_vote_online(user, process, now),
        "can_manage": permissions.can_manage_process(user, process),
        "can_lock": permissions.can_lock_process(user, process, now),
        "can_change": permissions.can_change_configuration(user, process),
        # The link once there is something to see: a count, or a vote that has ended.
        "can_see_results": permissions.can_open_results_page(user, process, now)
        and (voting_has_ended(process, now) or process.results.exists()),
        "can_open_voting": permissions.can_open_voting(user, process, now),
        "can_close_voting": permissions.can_close_voting(user, process, now)
        and not process.results.exists(),
        "voting_status": voting_status(process, now),
        "VotingStatus": VotingStatus,
        "PhaseKind": PhaseKind,
        "meetings": process.meetings.all(),
        "voting_points": process.voting_points.prefetch_related("openings"),
        "proposal_count": process.proposals.count(),
        **follow_box(request, process),
    }
    return render(request, "budgets/process_detail.html", context)
