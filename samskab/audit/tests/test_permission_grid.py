"""The audit log search x (anonymous, each persona): administrators only."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPECTED = {
    None: 302,
    "admin": 200,
    "coordinator": 403,
    "caseworker": 403,
    "volunteer": 403,
    "citizen": 403,
    "auditor": 403,
    "outsider": 403,
}


@pytest.mark.parametrize(("role", "status"), EXPECTED.items())
def test_audit_search_grid(client_for, role, status):
    response = client_for(role).get(reverse("audit:search"), {"action": "audit.record_read"})
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


def test_inactive_administrator_is_refused(client_for, personas):
    client = client_for("admin")
    personas.admin.is_active = False
    personas.admin.save()
    response = client.get(reverse("audit:search"))
    assert (
        response.status_code == 302
    )  # the session no longer counts: an inactive user is logged out
