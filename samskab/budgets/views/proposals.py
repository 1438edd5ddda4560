"""Proposals: the list, one proposal, creating and editing them, and supports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samskab.budgets import actions, permissions
from samskab.budgets.forms import ProposalForm
from samskab.budgets.models import Proposal, Support
from samskab.budgets.views.lookups import get_process, get_proposal
from samskab.core.requests import signed_in_user


@require_safe
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    proposals = (
        Proposal.objects.filter(process=process)
        .select_related("author", "review")
        .annotate(support_count=Count("supports"))
        .order_by("pk")
    )
    now = timezone.now()
    return render(
        request,
        "budgets/proposal_list.html",
        {
            "process": process,
            "proposals": proposals,
            "can_propose": permissions.can_create_proposal(request.user, process, now),
        },
    )


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
            "presented_at": proposal.presented_at.all(),
        },
    )


@login_required
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_create_proposal(request.user, process, timezone.now()):
        raise PermissionDenied
    user = signed_in_user(request)
    form = ProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = actions.create_proposal(user, process, **form.cleaned_data, request=request)
        except actions.ActionRefused as error:
            form.add_error("estimated_cost", str(error))
        else:
            messages.success(request, _("Tak! Dit forslag er oprettet."))
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
    form = ProposalForm(request.POST or None, request.FILES or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            # The form wrote to the instance already; the action saves and logs the change.
            actions.update_proposal(user, proposal, **changed, request=request)
        except actions.ActionRefused as error:
            form.add_error("estimated_cost", str(error))
        else:
            messages.success(request, _("Forslaget er gemt."))
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
