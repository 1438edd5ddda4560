"""Real concurrency on PostgreSQL: simultaneous sign-ups and withdrawals stay consistent."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from samskab.accounts import actions
from samskab.accounts.models import User
from samskab.audit.models import AuditEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")


def _at_once(work: Callable[[], Any], count: int = 4) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_simultaneous_signups_with_one_address_make_one_account():
    results, errors = _at_once(
        lambda: actions.sign_up(
            email="samme@borger.demo", full_name="S", password="fjord-2026-lang"
        )
    )
    assert errors == []
    assert User.objects.filter(email="samme@borger.demo").count() == 1
    assert sum(1 for result in results if result is not None) == 1


def test_simultaneous_withdrawals_withdraw_once(personas):
    consent = actions.give_consent(
        None,
        personas.citizen,
        data_categories="Navn",
        purpose="Mentorforløb",
        recipient=personas.association,
    )
    results, errors = _at_once(lambda: actions.withdraw_consent(personas.citizen, consent))
    assert len(results) == 1
    assert len(errors) == 3
    assert all(isinstance(error, actions.ConsentNotActive) for error in errors)
    assert AuditEvent.objects.filter(action="accounts.consent_withdrawn").count() == 1
