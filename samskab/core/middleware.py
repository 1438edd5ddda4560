"""Requests no view can answer, refused before they reach one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse


class RefuseNulInPathMiddleware:
    """A NUL character in the path names no page; PostgreSQL would refuse it in a lookup (500).

    Django's own converters (int, slug) never match it, but plain ``str`` path parameters (the
    API's ``{slug}``, tokens) would pass it to the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404
        return self.get_response(request)
