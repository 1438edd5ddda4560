"""Login by e-mail: lockout after repeated failures, safe `next`, language from the profile."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from samskab.accounts import actions
from samskab.accounts.lockout import client_ip
from samskab.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"  # the personas fixture password (conftest.py)


def _login(client: Client, email: str, password: str, **extra: str) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password, **extra}
    )


def test_login_by_email_any_case(client, personas):
    response = _login(client, personas.citizen.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.citizen.pk)
    assert AuditEvent.objects.filter(
        action="accounts.user_logged_in", target_id=str(personas.citizen.pk)
    ).exists()


def test_wrong_password_is_refused_with_a_danish_message(client, personas):
    response = _login(client, personas.citizen.email, "forkert-kode")
    assert response.status_code == 400
    assert "E-mail eller adgangskode er forkert" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, personas):
    unknown = _login(client, "ingen@borger.demo", "forkert-kode").content.decode()
    assert "E-mail eller adgangskode er forkert" in unknown
    assert "Du skal bekræfte" not in unknown


def test_sixth_attempt_is_refused_even_with_the_right_password(client, personas):
    email = personas.citizen.email
    for _ in range(5):
        _login(client, email, "forkert-kode")
    response = _login(client, email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "For mange forsøg" in text
    assert "spærret i en time" in text


def test_lockout_counts_case_variants_of_the_address_together(client, personas):
    email = personas.citizen.email
    for variant in [email, email.upper(), email.title(), email, email.upper()]:
        _login(client, variant, "forkert-kode")
    assert _login(client, email, PASSWORD).status_code == 429


def test_failures_below_the_limit_do_not_lock(client, personas):
    for _ in range(4):
        _login(client, personas.citizen.email, "forkert-kode")
    assert _login(client, personas.citizen.email, PASSWORD).status_code == 302


def test_next_redirects_within_the_site(client, personas):
    response = _login(client, personas.citizen.email, PASSWORD, next="/konto/samtykker/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/samtykker/"


@pytest.mark.parametrize(
    "evil",
    ["https://evil.example/", "//evil.example/x", "http://evil.example", "javascript:alert(1)"],
)
def test_next_never_redirects_off_site(client, personas, evil):
    response = _login(client, personas.citizen.email, PASSWORD, next=evil)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_login_sets_the_persons_language(client, personas):
    actions.update_profile(personas.citizen, full_name="Bo Bech", preferred_language="en")
    response = _login(client, personas.citizen.email, PASSWORD)
    assert response.cookies["django_language"].value == "en"
    page = client.get(reverse("accounts:profile"))
    assert b'lang="en"' in page.content
    assert "My profile" in page.content.decode()


def test_a_visitors_language_choice_survives_login(client, personas):
    """The audit: a visitor chose English, logged in as Bo, and the site went back to Danish."""
    assert personas.citizen.preferred_language == "da"
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    response = _login(client, personas.citizen.email, PASSWORD)
    assert response.cookies["django_language"].value == "en"
    page = client.get(reverse("accounts:profile"))
    assert b'lang="en"' in page.content
    assert "My profile" in page.content.decode()
    personas.citizen.refresh_from_db()
    assert personas.citizen.preferred_language == "en"  # and it follows them to the next login


def test_without_a_choice_the_profile_language_wins_at_login(client, personas):
    actions.update_profile(personas.citizen, full_name="Bo Bech", preferred_language="en")
    response = _login(client, personas.citizen.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="da")
    assert response.cookies["django_language"].value == "en"


def test_logout_is_post_only(client_for):
    client = client_for("citizen")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logged_in_people_are_sent_on_from_login_and_signup(client_for):
    client = client_for("citizen")
    assert client.get(reverse("accounts:login"))["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:signup"))["Location"] == reverse("accounts:profile")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client-written part is not trusted
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "not-an-address", "10.0.0.1"),
        (3, "203.0.113.9", "10.0.0.1"),
    ],
)
def test_client_address_behind_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_lockout_behind_a_proxy_is_per_client_not_per_proxy(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    email = personas.citizen.email
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": email, "password": "forkert-kode"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    other = client.post(
        reverse("accounts:login"),
        {"username": email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302
    event = AuditEvent.objects.get(action="accounts.user_logged_in")
    assert event.ip_address == "198.51.100.7"
