"""The skeleton stands: settings load, pages render, personas exist, checks guard production."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.urls import reverse


@pytest.mark.django_db
def test_front_page_renders_in_danish(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert b'lang="da"' in response.content
    assert b'href="#main"' in response.content


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404


def test_personas_have_one_user_per_role(personas):
    emails = {user.email for _, user in personas.all_users()}
    assert len(emails) == 7


def test_deploy_checks_refuse_debug_and_sqlite_in_production(settings, monkeypatch):
    settings.PRODUCTION = True
    settings.DEBUG = True
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert {"samskab.E001", "samskab.E002", "samskab.E003", "samskab.E004", "samskab.E005"} <= ids
