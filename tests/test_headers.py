"""Every page: a strict Content-Security-Policy and a Permissions-Policy; pages with personal
data: ``Cache-Control: no-store``; the API docs load Swagger UI from our own static files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from samskab.mentoring.models import Match, Referral

SAMSKAB = Path(__file__).resolve().parents[1] / "samskab"


def _csp(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def _assert_strict(response: Any) -> None:
    policy = _csp(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.fixture
def demo(shared_demo: Any, db: None) -> Any:
    """This module's tests share one demo load (`tests/conftest.py`); each test is rolled back."""
    return shared_demo


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy(demo, client):
    for url in ["/", reverse("budgets:index"), reverse("mentoring:index"), "/no-such-page/"]:
        _assert_strict(client.get(url))
    _assert_strict(client.get("/api/v1/processes"))


@pytest.mark.django_db
def test_pages_with_personal_data_are_never_stored(demo, client_for):
    referral = Referral.objects.filter(referred_by=demo.caseworker).order_by("pk").first()
    match = Match.objects.order_by("pk").first()
    assert referral is not None and match is not None
    pages = {
        "caseworker": [
            reverse("mentoring:referral", args=[referral.pk]),
            reverse("mentoring:index"),
        ],
        "coordinator": [reverse("mentoring:match_detail", args=[match.pk])],
        "citizen": [
            reverse("accounts:profile"),
            reverse("accounts:data_export"),
            reverse("accounts:consents"),
        ],
    }
    for role, urls in pages.items():
        client = client_for(role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert "no-store" in response["Cache-Control"], (role, url)
            assert "private" in response["Cache-Control"], (role, url)
            _assert_strict(response)


@pytest.mark.django_db
def test_the_anonymous_consent_page_is_never_stored(demo, client):
    response = client.get(reverse("mentoring:consent_token", args=["not-a-token"]))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_api_docs_load_swagger_from_our_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn.jsdelivr" not in page and "https://" not in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts and all(src.startswith("/static/ninja/") for src in scripts), scripts
    _assert_strict(response)
    for src in scripts:  # shipped with django-ninja, found by collectstatic
        assert finders.find(src.removeprefix("/static/")), src


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"\sstyle\s*=|<style", re.I)


def test_no_template_has_inline_script_handlers_or_styles():
    """What the policy would block: inline <script>, on...= handlers, style= and <style>."""
    found = []
    for path in sorted(SAMSKAB.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE):
            found += [f"{path.relative_to(SAMSKAB)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []
