"""The front page's card: the public co-created initiatives."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samskab.initiatives.models import Initiative, Status

SHOWN = 3


def section(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    initiatives = list(
        Initiative.objects.filter(is_public=True)
        .exclude(status=Status.ENDED)
        .order_by("-created_at")
        .only("name", "slug", "target_group", "area")[:SHOWN]
    )
    if not initiatives:
        return None
    return "initiatives/frontpage.html", {"initiatives": initiatives}
