"""The front page, the language switch and the friendly error pages."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import i18n
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from samskab.accounts.actions import update_preferred_language
from samskab.core.templatetags.samskab_nav import url_if_exists
from samskab.core.uploads import UploadTooLarge

# Modules that show something on the front page provide ``samskab/<app>/frontpage.py`` with
# ``section(request) -> tuple[str, dict] | None``: a template name and its context, or None
# when there is nothing to show. Sections appear in this order.
FRONT_PAGE_MODULES = ["budgets", "initiatives", "mentoring", "discussion", "newsletter"]


def _front_page_sections(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    sections = []
    for module in FRONT_PAGE_MODULES:
        try:
            frontpage = importlib.import_module(f"samskab.{module}.frontpage")
        except ModuleNotFoundError as error:
            if error.name != f"samskab.{module}.frontpage":
                raise
            continue
        section = frontpage.section(request)
        if section is not None:
            sections.append(section)
    return sections


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What samskab is, what is going on (module sections) and where to take part."""
    calls_to_action = {
        "budgets_url": url_if_exists("budgets:index"),
        "mentoring_url": url_if_exists("mentoring:index"),
        "news_url": url_if_exists(
            "discussion:news_list|newsletter:news_list|discussion:index|newsletter:index"
        ),
        "subscribe_url": url_if_exists("newsletter:subscribe|newsletter:index"),
        "signup_url": url_if_exists("accounts:signup"),
    }
    context = {"sections": _front_page_sections(request), **calls_to_action}
    return render(request, "core/home.html", context)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (POST, works without JavaScript), and for a signed-in person
    also their ``preferred_language``. Anonymous visitors keep the Danish default otherwise."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and response.status_code in (200, 302)
    ):
        update_preferred_language(request.user, language)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, UploadTooLarge):
        limit = settings.MAX_UPLOAD_REQUEST_BYTES // (1024 * 1024)
        return render(request, "413.html", {"limit_mb": limit}, status=413)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # 500.html stands alone (no base layout, no database lookups): the database may be the
    # reason we are here.
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Shown when a form is sent without a valid security token (usually an old tab)."""
    return render(request, "csrf_failure.html", status=403)
