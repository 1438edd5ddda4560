"""The site's JSON API at /api/v1/ (schema: /api/v1/openapi.json): one ``NinjaAPI`` with one
router per app (``samskab/<app>/api.py`` defines ``router`` and the ``ERRORS`` it answers with).

An app adds its router to ``ROUTERS`` below; its exceptions are answered with
``{"detail": <message>}`` and the status it names.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router

from samskab.budgets import api as budgets_api

DESCRIPTION = """JSON API for the citizen flow, at /api/v1/ (schema: /api/v1/openapi.json).

Authentication for the ballot endpoints, either of:
- the browser session (cookie) with Django's CSRF token in the ``X-CSRFToken`` header;
- a one-time voting code in the ``X-Voting-Code`` header (no account needed).

Errors: 400 for a body that is not JSON; 422 with field errors (a list) for malformed input or
a sentence for a ballot that breaks the rules; 401 without credentials, 403 when the person may
not vote here, 404 for unknown processes, 409 when voting is closed or the person already voted
on paper, 429 after too many wrong voting codes from one address (wait and try again). A ballot
can be read back only while voting is open.
"""

# (prefix, router, {exception: status}) for each app, in the order of the schema's paths.
ROUTERS: list[tuple[str, Router, dict[type[Exception], int]]] = [
    ("", budgets_api.router, budgets_api.ERRORS),
]

api = NinjaAPI(
    title="samskab borgerbudget API",
    version="1",
    urls_namespace="api-v1",
    description=DESCRIPTION,
)


def message(request: HttpRequest, text: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": text}, status=status)


def _answer_with(status: int) -> Callable[[HttpRequest, Exception | type[Exception]], HttpResponse]:
    def handler(request: HttpRequest, error: Exception | type[Exception]) -> HttpResponse:
        return message(request, str(error), status)

    return handler


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return message(request, _("Findes ikke."), 404)


for _prefix, _router, _errors in ROUTERS:
    for _error, _status in _errors.items():
        api.add_exception_handler(_error, _answer_with(_status))
    api.add_router(_prefix, _router)
