"""Fixtures every test can use: the personas (one per role) and a client per persona."""

from __future__ import annotations

import pytest

from samskab.accounts.personas import Personas, create_personas

PASSWORD = "test-password-123"


@pytest.fixture
def personas(db) -> Personas:
    return create_personas(PASSWORD)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_for(client, personas):
    """``client_for("coordinator")`` -> a test client logged in as that persona (or anonymous)."""

    def make(role: str | None):
        from django.test import Client

        new = Client()
        if role is not None:
            new.force_login(getattr(personas, role))
        return new

    return make
