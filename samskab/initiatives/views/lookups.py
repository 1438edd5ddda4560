"""Loading what a URL names: an initiative the visitor may see (404 otherwise, so a
partners-only initiative does not even show that it exists)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from samskab.initiatives.models import Initiative
from samskab.initiatives.permissions import can_view_initiative


def get_visible_initiative(request: HttpRequest, slug: str) -> Initiative:
    initiative = get_object_or_404(Initiative, slug=slug)
    if not can_view_initiative(request.user, initiative):
        raise Http404
    return initiative
