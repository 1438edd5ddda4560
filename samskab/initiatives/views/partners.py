"""Inviting a partner, accepting an invitation, leaving the partnership."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samskab.core.mailing import BadToken
from samskab.core.requests import signed_in_user
from samskab.initiatives import actions, permissions
from samskab.initiatives.forms import InviteForm
from samskab.initiatives.models import Partner
from samskab.initiatives.tokens import read_invitation_token
from samskab.initiatives.views.lookups import get_visible_initiative


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_visible_initiative(request, slug)
    user = signed_in_user(request)
    if not permissions.can_manage_initiative(user, initiative):
        raise PermissionDenied
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.invite_partner(
                user,
                initiative,
                data["organisation"],
                role=data["role"],
                email=data["email"],
                agreement=data["agreement"],
                language=get_language() or "da",
                request=request,
            )
        except actions.ActionRefused as error:
            form.add_error("organisation", str(error))
        else:
            messages.success(
                request,
                _("Invitationen er sendt til %(email)s.") % {"email": data["email"]},
            )
            return redirect(initiative)
    return render(
        request,
        "initiatives/invite.html",
        {"form": form, "initiative": initiative},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the invitation and a button (mail scanners follow links); POST accepts. Only
    the invited address can accept."""
    try:
        partner_id = read_invitation_token(token)
    except BadToken:
        return render(request, "initiatives/bad_invitation.html", status=400)
    partner = get_object_or_404(
        Partner.objects.select_related("initiative", "organisation", "invited_by"),
        pk=partner_id,
    )
    user = signed_in_user(request)
    if not partner.is_pending:
        return render(request, "initiatives/bad_invitation.html", status=400)
    if not permissions.can_accept_invitation(user, partner):
        raise PermissionDenied
    if request.method == "POST":
        actions.accept_invitation(user, partner, request=request)
        messages.success(
            request,
            _("%(organisation)s er nu partner i indsatsen.")
            % {"organisation": partner.organisation.name},
        )
        return redirect(partner.initiative)
    return render(request, "initiatives/accept.html", {"partner": partner})


@login_required
@require_POST
def leave(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A managing partner ends another's partnership or withdraws an invitation; a partner's
    own representative ends theirs."""
    initiative = get_visible_initiative(request, slug)
    partner = get_object_or_404(Partner, initiative=initiative, pk=pk)
    user = signed_in_user(request)
    own = partner.representative_id == user.pk
    if not (own or permissions.can_manage_initiative(user, initiative)):
        raise PermissionDenied
    try:
        actions.end_partnership(user, partner, request=request)
    except actions.ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(organisation)s er ikke længere med i indsatsen.")
            % {"organisation": partner.organisation.name},
        )
    return redirect(initiative)
