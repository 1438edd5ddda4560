"""Navigation helpers for the base layout.

Module links appear only once their module's URL exists, so the layout renders the same way
before and after a module lands on main.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(names: str) -> str:
    """The URL for the first of ``names`` ("a:x|b:y") that is configured, or ""."""
    for name in names.split("|"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


@register.inclusion_tag("core/nav_item.html", takes_context=True)
def nav_item(context: dict[str, Any], url_names: str, label: str) -> dict[str, Any]:
    """A menu item for the first of ``url_names`` that resolves (nothing if none does), marked
    current when the visitor is on that page or below it (the front page only when exactly)."""
    url = url_if_exists(url_names)
    request = context.get("request")
    path = request.path if request is not None else ""
    current = bool(url) and (path == url if url == "/" else path.startswith(url))
    return {"url": url, "label": label, "current": current}
