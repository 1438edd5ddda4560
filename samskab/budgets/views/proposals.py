"""Proposals: the list, one proposal, creating and editing them, and supports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samskab.budgets import actions, permissions
from samskab.budgets.forms import ProposalFilterForm, ProposalForm
from samskab.budgets.models import Proposal, Support
from samskab.budgets.views.lookups import get_process, get_proposal
from samskab.core.requests import signed_in_user


@require_safe
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The proposals as cards: search, filter by category, area and assessment, sort, and
    pages of PAGE_SIZE; plain links and a GET form, so it works without JavaScript."""
    process = get_process(slug)
    proposals = Proposal.objects.filter(process=process)
    categories, areas = _categories_and_areas(proposals)
    form = ProposalFilterForm(request.GET or None, categories=categories, areas=areas)
    chosen = form.cleaned_data if form.is_valid() else {}
    shown = _filtered(
        proposals.select_related("author", "review").annotate(support_count=Count("supports")),
        chosen,
    )
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    now = timezone.now()
    return render(
        request,
        "budgets/proposal_list.html",
        {
            "process": process,
            "form": form,
            "page": page,
            "proposals": page.object_list,
            "total": proposals.count(),
            "query": query.urlencode(),
            "filtered": any(chosen.get(name) for name in ("q", "category", "area", "status")),
            "can_propose": permissions.can_create_proposal(request.user, process, now),
        },
    )


PAGE_SIZE = 12
ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "supports": ("-support_count", "pk"),
    "cheapest": ("estimated_cost", "pk"),
    "title": ("title", "pk"),
}


def _categories_and_areas(proposals: QuerySet[Proposal]) -> tuple[list[str], list[str]]:
    pairs = list(proposals.values_list("category", "area").distinct())
    categories = {category for category, _area in pairs if category}
    areas = {area for _category, area in pairs if area}
    return sorted(categories, key=str.casefold), sorted(areas, key=str.casefold)


def _filtered(proposals: QuerySet[Proposal], chosen: dict[str, Any]) -> QuerySet[Proposal]:
    if chosen.get("q"):
        proposals = proposals.filter(
            Q(title__icontains=chosen["q"]) | Q(description__icontains=chosen["q"])
        )
    if chosen.get("category"):
        proposals = proposals.filter(category=chosen["category"])
    if chosen.get("area"):
        proposals = proposals.filter(area=chosen["area"])
    status = chosen.get("status")
    if status == "feasible":
        proposals = proposals.filter(review__feasible=True)
    elif status == "not_feasible":
        proposals = proposals.filter(review__feasible=False)
    elif status == "not_reviewed":
        proposals = proposals.filter(review__isnull=True)
    return proposals.order_by(*ORDERINGS[chosen.get("order") or "newest"])


@require_safe
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    proposal = get_proposal(process, pk)
    now = timezone.now()
    user = request.user
    supported = (
        user.is_authenticated and Support.objects.filter(proposal=proposal, user=user).exists()
    )
    return render(
        request,
        "budgets/proposal_detail.html",
        {
            "process": process,
            "proposal": proposal,
            "review": getattr(proposal, "review", None),
            "support_count": proposal.supports.count(),
            "supported": supported,
            "can_support": permissions.can_support(user, process, now),
            "can_edit": permissions.can_edit_proposal(user, proposal, now),
            "can_review": permissions.can_review_feasibility(user, process, now),
            "show_over_pot": proposal.costs_more_than_pot
            and (
                (user.is_authenticated and proposal.author_id == user.pk)
                or permissions.can_manage_process(user, process)  # who reviews feasibility
            ),
            "presented_at": proposal.presented_at.all(),
        },
    )


def _warn_if_over_pot(request: HttpRequest, proposal: Proposal) -> None:
    if proposal.costs_more_than_pot:
        messages.warning(
            request,
            _(
                "Bemærk: forslaget koster mere end hele puljen på %(pot)s kr, så det kan ikke "
                "få penge, som det er."
            )
            % {"pot": f"{proposal.process.pot:,}".replace(",", ".")},
        )


@login_required
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_create_proposal(request.user, process, timezone.now()):
        raise PermissionDenied
    user = signed_in_user(request)
    form = ProposalForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = actions.create_proposal(user, process, **form.cleaned_data, request=request)
        except actions.ActionRefused as error:
            form.add_error("estimated_cost", str(error))
        else:
            messages.success(request, _("Tak! Dit forslag er oprettet."))
            _warn_if_over_pot(request, proposal)
            return redirect("budgets:proposal_detail", slug=process.slug, pk=proposal.pk)
    return render(
        request, "budgets/proposal_form.html", {"process": process, "form": form, "new": True}
    )


@login_required
def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    proposal = get_proposal(process, pk)
    if not permissions.can_edit_proposal(request.user, proposal, timezone.now()):
        raise PermissionDenied
    user = signed_in_user(request)
    form = ProposalForm(
        request.POST or None, request.FILES or None, instance=proposal, process=process
    )
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            # The form wrote to the instance already; the action saves and logs the change.
            actions.update_proposal(user, proposal, **changed, request=request)
        except actions.ActionRefused as error:
            form.add_error("estimated_cost", str(error))
        else:
            messages.success(request, _("Forslaget er gemt."))
            _warn_if_over_pot(request, proposal)
            return redirect("budgets:proposal_detail", slug=process.slug, pk=proposal.pk)
    return render(
        request,
        "budgets/proposal_form.html",
        {"process": process, "form": form, "proposal": proposal, "new": False},
    )


@require_POST
@login_required
def proposal_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    proposal = get_proposal(process, pk)
    if not permissions.can_support(request.user, process, timezone.now()):
        raise PermissionDenied
    user = signed_in_user(request)
    if request.POST.get("withdraw"):
        actions.withdraw_support(user, proposal)
        messages.success(request, _("Din støtte er trukket tilbage."))
    else:
        actions.support_proposal(user, proposal)
        messages.success(request, _("Tak for din støtte."))
    return redirect("budgets:proposal_detail", slug=process.slug, pk=proposal.pk)
