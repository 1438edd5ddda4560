"""Recording a co-design workshop."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samskab.core.requests import signed_in_user
from samskab.initiatives import actions, permissions
from samskab.initiatives.forms import WorkshopForm
from samskab.initiatives.views.lookups import get_visible_initiative


@login_required
@require_http_methods(["GET", "POST"])
def record_workshop(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_visible_initiative(request, slug)
    user = signed_in_user(request)
    if not permissions.can_record_workshop(user, initiative):
        raise PermissionDenied
    form = WorkshopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_workshop(
                user,
                initiative,
                kind=data["kind"],
                held_on=data["held_on"],
                place=data["place"],
                outputs=data["outputs"],
                attendance=form.attendance(),
                request=request,
            )
        except actions.ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Workshoppen er gemt."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/workshop_form.html",
        {"form": form, "initiative": initiative},
        status=400 if request.method == "POST" else 200,
    )
