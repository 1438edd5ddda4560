"""One password tried on many accounts from one address is stopped too: besides the lockout
per (e-mail, address), django-axes locks an address after a higher number of failures."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samskab.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"


def _login(email: str, password: str, address: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


def test_a_password_sprayed_over_many_accounts_locks_the_address(personas):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.LOGIN_FAILURE_LIMIT
    statuses = [
        _login(f"offer{number}@example.org", "Sommer2026!", "198.51.100.7").status_code
        for number in range(limit + 1)
    ]
    assert statuses == [400] * (limit - 1) + [429, 429]
    # Locked for every account from that address, even with the right password...
    assert _login(personas.citizen.email, PASSWORD, "198.51.100.7").status_code == 429
    # ...but not for anyone elsewhere.
    assert _login(personas.citizen.email, PASSWORD, "203.0.113.9").status_code == 302


def test_a_few_mistakes_on_several_accounts_from_one_address_do_not_lock_it(personas):
    """A library or an office behind one address: people mistype, on their own accounts."""
    address = "203.0.113.50"
    users = [User.objects.create_user(f"bib{n}@example.org", PASSWORD) for n in range(6)]
    for user in users:
        for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
            assert _login(user.email, "forkert", address).status_code == 400
    assert (settings.LOGIN_FAILURE_LIMIT - 1) * len(users) < settings.LOGIN_ADDRESS_FAILURE_LIMIT
    for user in users:
        User.objects.filter(pk=user.pk).update(email_verified_at="2026-01-01T00:00:00Z")
    assert _login(users[0].email, PASSWORD, address).status_code == 302


def test_the_pair_lockout_still_comes_first(personas):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(personas.citizen.email, "forkert", "192.0.2.1")
    assert _login(personas.citizen.email, PASSWORD, "192.0.2.1").status_code == 429
    # The same address may still log in to another account.
    assert _login(personas.coordinator.email, PASSWORD, "192.0.2.1").status_code == 302
