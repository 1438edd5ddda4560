"""The list of initiatives, one initiative's page, starting and editing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samskab.accounts.models import Membership, OrganisationKind
from samskab.core.requests import signed_in_user
from samskab.initiatives import actions, permissions
from samskab.initiatives.agreement import agreement_on
from samskab.initiatives.forms import InitiativeForm
from samskab.initiatives.models import (
    SECTORS,
    STATUS_ORDER,
    TARGET_GROUP_SECTOR,
    Initiative,
    Status,
    Workshop,
)
from samskab.initiatives.views.lookups import get_visible_initiative


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Public initiatives, and the partners-only ones the visitor is a partner in."""
    visible = Q(is_public=True)
    user = request.user
    if user.is_authenticated:
        leads = Membership.objects.filter(user=user, role__in=permissions.LEADING_ROLES).values(
            "organisation"
        )
        visible |= Q(
            partners__joined_on__isnull=False,
            partners__left_on__isnull=True,
        ) & (Q(partners__representative=user) | Q(partners__organisation__in=leads))
    initiatives = Initiative.objects.filter(visible).distinct().order_by("name")
    return render(
        request,
        "initiatives/index.html",
        {
            "initiatives": initiatives,
            "can_create": permissions.can_create_initiative(user),
        },
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_visible_initiative(request, slug)
    user = request.user
    is_partner = permissions.is_partner(user, initiative)
    statement = initiative.current_statement()
    partners = initiative.partners.select_related("organisation", "representative")
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "steps": [(status, _step_state(initiative, status)) for status in STATUS_ORDER],
            "ended": initiative.status == Status.ENDED,
            "partners": [p for p in partners if p.is_active],
            "pending": [p for p in partners if p.is_pending] if is_partner else [],
            "statement": statement,
            "agreement": agreement_on(statement) if statement else None,
            "sign_for": permissions.partner_to_sign_for(user, statement) if statement else None,
            "is_partner": is_partner,
            "can_manage": permissions.can_manage_initiative(user, initiative),
            "can_write_statement": permissions.can_write_statement(user, initiative),
            "offers": initiative.existing_offers.all(),
            "workshops": _workshops(initiative),
            "can_record_workshop": permissions.can_record_workshop(user, initiative),
        },
    )


def _workshops(initiative: Initiative) -> list[tuple[Workshop, list[tuple[str, int]]]]:
    """Each workshop with who came: (sector's name, count), the target group last."""
    labels = dict(OrganisationKind.choices) | {TARGET_GROUP_SECTOR: _("målgruppen")}
    rows = []
    for workshop in initiative.workshops.prefetch_related("attendance"):
        counts = workshop.attendance_by_sector()
        rows.append((workshop, [(str(labels[s]), counts[s]) for s in SECTORS if s in counts]))
    return rows


def _step_state(initiative: Initiative, status: Status) -> str:
    """Where the step indicator puts ``status``: done, current or still to come."""
    if initiative.status == Status.ENDED:
        return "done"
    here = STATUS_ORDER.index(Status(initiative.status))
    there = STATUS_ORDER.index(status)
    return "done" if there < here else "current" if there == here else "todo"


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can_create_initiative(user):
        raise PermissionDenied
    form = InitiativeForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        initiative = actions.create_initiative(user, organisation, request=request, **data)
        messages.success(request, _("Indsatsen er oprettet. Invitér nu partnerne."))
        return redirect(initiative)
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "new": True},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_visible_initiative(request, slug)
    user = signed_in_user(request)
    if not permissions.can_manage_initiative(user, initiative):
        raise PermissionDenied
    form = InitiativeForm(
        request.POST if request.method == "POST" else None,
        instance=Initiative.objects.get(pk=initiative.pk),
        user=user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_initiative(user, initiative, request=request, **form.cleaned_data)
        except actions.ActionRefused as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, _("Indsatsen er gemt."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "initiative": initiative, "new": False},
        status=400 if request.method == "POST" else 200,
    )
