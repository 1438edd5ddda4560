"""The installation's own pages: the branding stylesheet, the public-service pages and the
staff pages that edit them (``/administration/...``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from samskab.core import actions
from samskab.core.forms import BrandingForm, PublicPageForm
from samskab.core.models import PageKind, SiteBranding
from samskab.core.pages import URL_NAMES, page_for, render_text
from samskab.core.permissions import can_edit_site_settings
from samskab.core.requests import signed_in_user


@require_safe
@cache_control(public=True, max_age=86400)
def branding_css(request: HttpRequest) -> HttpResponse:
    """The primary colour as CSS custom properties: the CSP allows no inline style. Its address
    carries ``?v=<last change>``, so a day's caching never shows an old colour."""
    colour = SiteBranding.current(request).primary_colour
    css = (
        "/* samskab: the municipality's colour, set in /administration/branding/ */\n"
        f":root {{ --accent: {colour}; --accent-ink: #ffffff; --color-primary: {colour}; }}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_safe
def public_page(request: HttpRequest, kind: str) -> HttpResponse:
    """Privacy policy, accessibility statement, cookies, contact: open to everyone."""
    page = page_for(kind, SiteBranding.current(request))
    context = {
        "page": page,
        "body": render_text(page.body),
        "can_edit": can_edit_site_settings(request.user),
    }
    return render(request, "core/public_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_branding(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_edit_site_settings(user):
        raise PermissionDenied
    saved = SiteBranding.objects.filter(pk=1).first() or SiteBranding()
    form = BrandingForm(request.POST or None, request.FILES or None, instance=saved)
    if request.method == "POST":
        if form.is_valid():
            actions.save_branding(
                user, form.save(commit=False), changed=form.changed_data, request=request
            )
            messages.success(request, _("Kommunens udseende er gemt."))
            return redirect("core:edit_branding")
        return render(request, "core/branding_form.html", {"form": form}, status=400)
    return render(request, "core/branding_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_public_page(request: HttpRequest, kind: str) -> HttpResponse:
    user = signed_in_user(request)
    if not can_edit_site_settings(user):
        raise PermissionDenied
    if kind not in PageKind.values:
        raise Http404
    page = page_for(kind, SiteBranding.current(request))
    form = PublicPageForm(request.POST or None, instance=page)
    if request.method == "POST":
        if form.is_valid():
            actions.save_public_page(
                user, form.save(commit=False), changed=form.changed_data, request=request
            )
            messages.success(request, _("Siden er gemt."))
            return redirect(f"core:{URL_NAMES[kind]}")
        status = 400
    else:
        status = 200
    context = {"form": form, "page": page, "kinds": PageKind.choices}
    return render(request, "core/public_page_form.html", context, status=status)
