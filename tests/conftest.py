"""The crawler tests (malformed input, guards, security gaps) share one demo data set."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections, transaction
from django.test.utils import override_settings

from samskab.accounts.personas import Personas, create_personas

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD = "test-password-123"  # the same as the root conftest.py's


def _demo_in_a_transaction(django_db_blocker: Any) -> Iterator[Personas]:
    """The personas and the demo data, loaded once per test module or class (and xdist worker)
    inside a transaction that is rolled back at its end, as Django's `TestCase.setUpTestData`
    does. Each test runs in its own savepoint on top (``db``), so what one test changes the
    next does not see, and no other module sees the demo."""
    from tests.urlwalk import load_demo

    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                personas = create_personas(PASSWORD)
                load_demo(personas)
            yield personas
        finally:
            for alias, atomic in zip(connections, atomics, strict=True):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Personas]:
    yield from _demo_in_a_transaction(django_db_blocker)


@pytest.fixture(scope="class")
def shared_demo_for_class(django_db_setup: None, django_db_blocker: Any) -> Iterator[Personas]:
    """The same for the tests of one class, when the module's other tests need an empty database."""
    yield from _demo_in_a_transaction(django_db_blocker)
