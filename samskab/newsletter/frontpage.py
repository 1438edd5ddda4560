"""Front-page section: the latest news and a way to subscribe."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samskab.newsletter.models import NewsPost

FRONT_PAGE_POSTS = 3


def section(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    posts = list(NewsPost.objects.published().select_related("topic")[:FRONT_PAGE_POSTS])
    return "newsletter/frontpage_section.html", {"posts": posts}
