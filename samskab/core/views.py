"""The front page and the friendly error pages."""

from __future__ import annotations

import importlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Modules that show something on the front page provide ``samskab/<app>/frontpage.py`` with
# ``section(request) -> tuple[str, dict] | None``: a template name and its context, or None
# when there is nothing to show. Sections appear in this order.
FRONT_PAGE_MODULES = ["budgets", "mentoring", "discussion", "newsletter"]


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


def home(request: HttpRequest) -> HttpResponse:
    """What is going on: open budgets, activities, calls for volunteers."""
    return render(request, "core/home.html", {"sections": _front_page_sections(request)})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
