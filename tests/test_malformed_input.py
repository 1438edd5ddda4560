"""No URL answers malformed input with a server error (500): bad query strings, huge or
negative numbers, non-UTF-8 bytes, NUL characters, unknown choices, huge ids and empty or
garbled POST bodies all get a 4xx or the normal page, for anonymous and signed-in people."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.urlwalk import Route, all_routes, url_for


@pytest.fixture
def personas(shared_demo, db):
    """This module's tests share one demo load (`tests/conftest.py`); each test is rolled back."""
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


def _query(value: str) -> str:
    return "&".join(f"{name}={value}" for name in QUERY_NAMES)


def _server_errors(client: Client, routes: list[Route], *, post: bool) -> list[str]:
    errors = []
    for route in routes:
        url = url_for(route)
        attempts = [f"{url}?{_query(value)}" for value in NASTY_VALUES]
        if "<" in route.route:
            attempts.append(re.sub(r"/\d+/", f"/{HUGE_ID}/", url, count=1))
        for attempt in attempts:
            response = client.get(attempt)
            if response.status_code >= 500:
                errors.append(f"GET {attempt} {response.status_code}")
        if post:
            for body in (b"", b"a=%FF%FE&pk=abc&choices=-1&side=%00&next=//evil.example"):
                response = client.post(url, body, content_type="application/x-www-form-urlencoded")
                if response.status_code >= 500:
                    errors.append(f"POST {url} {body!r} {response.status_code}")
    return errors


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [None, "admin", "coordinator", "caseworker", "citizen"])
def test_no_url_gives_a_server_error_on_malformed_input(persona, personas, client_for):
    client = client_for(persona)
    client.raise_request_exception = False
    routes = [
        r for r in all_routes() if r.name not in {"accounts:logout", "accounts:delete_account"}
    ]
    errors = _server_errors(client, routes, post=persona in (None, "admin", "coordinator"))
    assert errors == [], "\n".join(errors)


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


FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')
FORM_VALUES = ["abc", "-1", "9" * 30, "\x00", "\udcff", "ukendt-valg", "2026-02-30", ""]


def _form_fields(html: str) -> list[str]:
    return sorted({name for name in FIELD_NAME.findall(html) if name != "csrfmiddlewaretoken"})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "coordinator", "caseworker", "volunteer"])
def test_every_form_survives_nasty_values_in_every_field(persona, personas, client_for):
    """Each page's own form fields, filled with bad numbers, NUL, lone surrogates, unknown
    choices and impossible dates, are refused with a 4xx or the form again, never a 5xx."""
    client = client_for(persona)
    client.raise_request_exception = False
    skip = {"accounts:logout", "accounts:delete_account", "accounts:password_change"}
    errors = []
    forms_tried = 0
    for route in all_routes():
        if route.name in skip or route.name.startswith("api-v1:"):
            continue
        url = url_for(route)
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        fields = _form_fields(page.content.decode())
        if not fields:
            continue
        forms_tried += 1
        for value in FORM_VALUES:
            body = "&".join(f"{name}={_quote(value)}" for name in fields)
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                errors.append(f"POST {url} {value!r} {response.status_code}")
    assert forms_tried > 3
    assert errors == [], "\n".join(errors)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value.encode("utf-8", "surrogatepass"))
