"""One walk over every URL of the site per persona, on one demo data set (`tests/conftest.py`):

- a GET changes no row (the audit log may grow: reads of sensitive records are logged);
- no URL answers malformed input with a server error: bad query strings, huge or negative
  numbers, non-UTF-8 bytes, NUL characters, unknown choices and huge ids get a 4xx or the
  normal page, and so do empty or garbled POST bodies;
- each page's own form, its fields filled with bad numbers, NUL, lone surrogates, unknown
  choices and impossible dates, is refused with a 4xx or shown again, never a 5xx.

Who may see what is `test_every_view_is_guarded.py`; this walk is about robustness.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.test import Client

from tests.urlwalk import Route, all_routes, url_for


@pytest.fixture
def personas(shared_demo, db):
    """This module's walks share one demo load; each walk is rolled back."""
    return shared_demo


NASTY_VALUES = ["abc", "-1", "0", "9" * 30, "%FF%FE", "%00", "2026-13-45", "ukendt-valg"]
QUERY_NAMES = [
    "side",
    "page",
    "emne",
    "next",
    "actor",
    "action",
    "target_type",
    "target_id",
    "date_from",
    "date_to",
    "q",
    "status",
]
HUGE_ID = "9" * 25
POST_BODIES = (b"", b"a=%FF%FE&pk=abc&choices=-1&side=%00&next=//evil.example")
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')
FORM_VALUES = ["abc", "-1", "9" * 30, "\x00", "\udcff", "ukendt-valg", "2026-02-30", ""]
# Logging out would end the walk; deleting the account is only opened, never posted to.
NOT_WALKED = {"accounts:logout"}
GET_ONLY = {"accounts:delete_account"}
NO_FORM_FILLING = {"accounts:password_change"}
IGNORED_TABLES = {"sessions", "axes", "audit", "django_tasks_database"}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in IGNORED_TABLES
    }


def _query(value: str) -> str:
    return "&".join(f"{name}={value}" for name in QUERY_NAMES)


def _form_fields(html: str) -> list[str]:
    return sorted({name for name in FIELD_NAME.findall(html) if name != "csrfmiddlewaretoken"})


def _encoded(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"))


# What each persona's walk checks (GET changes nothing, nasty queries, garbled POST bodies,
# nasty form values): together every check on every URL for the people it matters for.
CHECKS = {
    None: {"queries", "posts"},
    "citizen": {"queries"},
    "volunteer": {"gets", "forms"},
    "caseworker": {"gets", "queries", "forms"},
    "coordinator": {"gets", "queries", "posts", "forms"},
    "admin": {"gets", "queries", "posts", "forms"},
}


class Walk:
    def __init__(self, client: Client, checks: set[str]) -> None:
        self.client = client
        self.checks = checks
        self.changed: list[str] = []
        self.errors: list[str] = []
        self.forms_tried = 0

    def _note(self, method: str, url: str, response: Any, extra: str = "") -> None:
        if response.status_code >= 500:
            self.errors.append(f"{method} {url} {extra}{response.status_code}".strip())

    def visit(self, route: Route) -> None:
        url = url_for(route)
        before = _row_counts() if "gets" in self.checks else {}
        page = self.client.get(url)
        self._note("GET", url, page)
        if "gets" in self.checks:
            after = _row_counts()
            if after != before:
                diff = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
                self.changed.append(f"{route.name}: {diff}")
        if route.name in GET_ONLY:
            return
        if "queries" in self.checks:
            self._queries(route, url)
        if "posts" in self.checks:
            for body in POST_BODIES:
                response = self.client.post(
                    url, body, content_type="application/x-www-form-urlencoded"
                )
                self._note("POST", url, response, f"{body!r} ")
        if "forms" in self.checks:
            self._forms(route, url, page)

    def _queries(self, route: Route, url: str) -> None:
        attempts = [f"{url}?{_query(value)}" for value in NASTY_VALUES]
        if "<" in route.route:
            attempts.append(re.sub(r"/\d+/", f"/{HUGE_ID}/", url, count=1))
        for attempt in attempts:
            self._note("GET", attempt, self.client.get(attempt))

    def _forms(self, route: Route, url: str, page: Any) -> None:
        if route.name in NO_FORM_FILLING or route.name.startswith("api-v1:"):
            return
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            return
        fields = _form_fields(page.content.decode())
        if not fields:
            return
        self.forms_tried += 1
        for value in FORM_VALUES:
            body = "&".join(f"{name}={_encoded(value)}" for name in fields)
            response = self.client.post(url, body, content_type="application/x-www-form-urlencoded")
            self._note("POST", url, response, f"{value!r} ")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(CHECKS))
def test_every_url_as_each_persona(persona, personas, client_for):
    client = client_for(persona)
    client.raise_request_exception = False
    walk = Walk(client, CHECKS[persona])
    routes = [route for route in all_routes() if route.name not in NOT_WALKED]
    for route in routes:
        walk.visit(route)
    assert len(routes) > 90
    assert walk.forms_tried > 3 or "forms" not in walk.checks
    assert walk.changed == [], "a GET changed rows:\n" + "\n".join(walk.changed)
    assert walk.errors == [], "server errors:\n" + "\n".join(walk.errors)


@pytest.mark.django_db
def test_api_refuses_nul_and_non_utf8_in_path_without_a_server_error(personas):
    client = Client(raise_request_exception=False)
    for path in ("/api/v1/processes/a%00b", "/api/v1/processes/%FF%FE/proposals"):
        assert client.get(path).status_code == 404, path
    english = client.get("/api/v1/processes/a%00b", headers={"accept-language": "en"})
    assert english.status_code == 404
    assert "Page not found" in english.text


@pytest.mark.django_db
def test_news_topic_filter_with_a_nul_character_is_not_found(personas):
    response = Client(raise_request_exception=False).get("/nyhedsbrev/nyheder/?emne=a%00b")
    assert response.status_code == 404
