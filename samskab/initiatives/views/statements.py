"""Writing a new version of the problem statement, and signing the current one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samskab.core.requests import signed_in_user
from samskab.initiatives import actions, permissions
from samskab.initiatives.forms import StatementForm
from samskab.initiatives.views.lookups import get_visible_initiative


@login_required
@require_http_methods(["GET", "POST"])
def write_statement(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_visible_initiative(request, slug)
    user = signed_in_user(request)
    if not permissions.can_write_statement(user, initiative):
        raise PermissionDenied
    current = initiative.current_statement()
    initial = {"text": current.text, "quotes": current.quotes} if current else None
    form = StatementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        statement = actions.write_statement(
            user,
            initiative,
            text=form.cleaned_data["text"],
            quotes=form.cleaned_data["quotes"],
            request=request,
        )
        messages.success(
            request,
            _("Udgave %(version)d er gemt. Alle partnere skal skrive under på den.")
            % {"version": statement.version},
        )
        return redirect(initiative)
    return render(
        request,
        "initiatives/statement_form.html",
        {"form": form, "initiative": initiative, "current": current},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_visible_initiative(request, slug)
    user = signed_in_user(request)
    statement = initiative.current_statement()
    if statement is None or permissions.partner_to_sign_for(user, statement) is None:
        raise PermissionDenied
    actions.sign_statement(user, statement, request=request)
    messages.success(request, _("Du har skrevet under på problemformuleringen."))
    return redirect(initiative)
