"""Voting points: where and when citizens can vote on paper outside a meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samskab.budgets import actions, permissions
from samskab.budgets.forms import VotingPointForm
from samskab.budgets.models import BudgetProcess, VotingPoint, VotingPointOpening
from samskab.budgets.views.lookups import get_process, get_voting_point
from samskab.budgets.views.paper_places import VOTING_POINT, paper_ballot_list, paper_place
from samskab.core.requests import signed_in_user


@require_safe
def voting_point_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    point = get_voting_point(process, pk)
    user = request.user
    return render(
        request,
        "budgets/voting_point_detail.html",
        {
            "process": process,
            "point": point,
            "openings": point.openings.all(),
            "can_manage": permissions.can_manage_process(user, process),
            "can_enter_paper": permissions.can_enter_paper_ballot_at_point(
                user, point, timezone.now()
            ),
            "can_view_paper": permissions.can_view_voting_point_ballots(user, point),
        },
    )


def _save(request: HttpRequest, process: BudgetProcess, point: VotingPoint | None) -> HttpResponse:
    initial = (
        {"name": point.name, "place": point.place, "officials": list(point.officials.all())}
        if point
        else None
    )
    form = VotingPointForm(request.POST or None, initial=initial, require_opening=point is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_voting_point(
                signed_in_user(request),
                process,
                point=point,
                name=data["name"],
                place=data["place"],
                officials=list(data["officials"]),
                opening_starts_at=data["opening_starts_at"],
                opening_ends_at=data["opening_ends_at"],
                request=request,
            )
        except actions.ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Stemmestedet er gemt."))
            return redirect("budgets:voting_point_detail", slug=process.slug, pk=saved.pk)
    return render(
        request,
        "budgets/voting_point_form.html",
        {
            "process": process,
            "form": form,
            "point": point,
            "openings": point.openings.all() if point else [],
        },
    )


@login_required
def voting_point_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    return _save(request, process, None)


@login_required
def voting_point_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    point = get_voting_point(process, pk)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    return _save(request, process, point)


@login_required
@require_POST
def voting_point_opening_remove(
    request: HttpRequest, slug: str, pk: int, opening_pk: int
) -> HttpResponse:
    process = get_process(slug)
    point = get_voting_point(process, pk)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    opening = get_object_or_404(VotingPointOpening, voting_point=point, pk=opening_pk)
    opening.voting_point = point
    try:
        actions.remove_voting_point_opening(signed_in_user(request), opening, request=request)
    except actions.ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Åbningstiden er slettet."))
    return redirect("budgets:voting_point_edit", slug=process.slug, pk=point.pk)


@login_required
@require_safe
def voting_point_paper_ballots(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The paper ballots entered at the voting point, as the meeting's list (no choices)."""
    return paper_ballot_list(request, paper_place(slug, pk, VOTING_POINT))
