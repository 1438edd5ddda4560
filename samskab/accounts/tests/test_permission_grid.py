"""Every accounts page x (anonymous, each persona) -> the status code it must answer with."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]
EVERYONE = [None, *PERSONAS]

# Pages for people who are not logged in: logged-in people are sent on to their profile.
ANONYMOUS_ONLY = ["accounts:signup", "accounts:login"]
# Pages anyone may open.
OPEN = [
    "accounts:signup_done",
    "accounts:resend_verification",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
]
# Pages about the logged-in person only.
OWN = [
    "accounts:profile",
    "accounts:password_change",
    "accounts:data_export",
    "accounts:delete_account",
    "accounts:consents",
]


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("name", ANONYMOUS_ONLY)
def test_anonymous_only_pages(client_for, role, name):
    response = client_for(role).get(reverse(name))
    if role is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:profile")


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("name", OPEN)
def test_open_pages(client_for, role, name):
    assert client_for(role).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("name", OWN)
def test_own_pages_need_login(client_for, role, name):
    response = client_for(role).get(reverse(name))
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("name", OWN)
def test_anonymous_posts_change_nothing_and_go_to_login(client_for, personas, name):
    response = client_for(None).post(reverse(name), {"password": "test-password-123"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_cannot_withdraw(client_for, personas):
    response = client_for(None).post(reverse("accounts:consent_withdraw", args=[1]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
