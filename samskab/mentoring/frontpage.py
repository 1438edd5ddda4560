"""The front page's call for volunteer mentors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samskab.mentoring.models import Programme


def section(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    programmes = list(Programme.objects.filter(is_open=True).only("name", "slug"))
    if not programmes:
        return None
    return "mentoring/frontpage.html", {"programmes": programmes}
