"""Delivery tracking pages: a funded project's timeline for citizens, and the forms with
which the responsible person or a coordinator changes status, progress and adds updates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samskab.accounts.models import User
from samskab.budgets import actions, permissions
from samskab.budgets.delivery_forms import DeliveryStatusForm, DeliveryUpdateForm, ResponsibleForm
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import BudgetProcess, FundedProject
from samskab.budgets.views.lookups import get_process
from samskab.core.requests import signed_in_user


def _project(request: HttpRequest, slug: str, pk: int) -> tuple[BudgetProcess, FundedProject]:
    process = get_process(slug)
    project = get_object_or_404(
        FundedProject.objects.select_related("proposal", "responsible"),
        pk=pk,
        proposal__process=process,
    )
    project.proposal.process = process  # reuse the prefetched phases
    if not permissions.can_see_results(request.user, process, timezone.now()):
        raise PermissionDenied
    return process, project


def _page(
    request: HttpRequest,
    process: BudgetProcess,
    project: FundedProject,
    *,
    status_form: DeliveryStatusForm | None = None,
    update_form: DeliveryUpdateForm | None = None,
    responsible_form: ResponsibleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = permissions.can_manage_delivery(request.user, project)
    context: dict[str, Any] = {
        "process": process,
        "project": project,
        "updates": project.updates.order_by("-date", "-pk"),
        "can_manage": can_manage,
        "deadline": project.deadline or process.delivery_deadline,
    }
    if can_manage:
        context["status_form"] = status_form or DeliveryStatusForm(
            initial={
                "status": project.status,
                "progress": project.progress,
                "cancel_reason": project.cancel_reason,
            }
        )
        context["update_form"] = update_form or DeliveryUpdateForm(
            initial={"date": timezone.localdate()}
        )
        if permissions.can_manage_process(request.user, process):
            context["responsible_form"] = responsible_form or ResponsibleForm(
                project=project, initial={"responsible": project.responsible_id}
            )
    return render(request, "budgets/funded_project.html", context, status=status)


@require_safe
def funded_project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, project = _project(request, slug, pk)
    return _page(request, process, project)


def _manager(request: HttpRequest, project: FundedProject) -> User:
    if not permissions.can_manage_delivery(request.user, project):
        raise PermissionDenied
    user = signed_in_user(request)
    return user


@require_POST
def funded_project_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, project = _project(request, slug, pk)
    user = _manager(request, project)
    form = DeliveryStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.update_delivery(
                user,
                project,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                cancel_reason=form.cleaned_data["cancel_reason"],
                request=request,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Status er gemt."))
            return redirect("budgets:funded_project", slug=slug, pk=pk)
    project.refresh_from_db()
    return _page(request, process, project, status_form=form, status=400)


@require_POST
def funded_project_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, project = _project(request, slug, pk)
    user = _manager(request, project)
    form = DeliveryUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_delivery_update(
                user,
                project,
                text=form.cleaned_data["text"],
                date=form.cleaned_data["date"],
                photo=form.cleaned_data["photo"],
                photo_description=form.cleaned_data["photo_description"],
                request=request,
            )
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Opdateringen er offentliggjort."))
            return redirect("budgets:funded_project", slug=slug, pk=pk)
    return _page(request, process, project, update_form=form, status=400)


@require_POST
def funded_project_responsible(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, project = _project(request, slug, pk)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    user = signed_in_user(request)
    form = ResponsibleForm(request.POST, project=project)
    if form.is_valid():
        actions.assign_responsible(user, project, form.cleaned_data["responsible"], request=request)
        messages.success(request, _("Den ansvarlige er gemt."))
        return redirect("budgets:funded_project", slug=slug, pk=pk)
    return _page(request, process, project, responsible_form=form, status=400)
