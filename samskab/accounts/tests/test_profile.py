"""Profile, password change and password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from samskab.accounts import actions
from samskab.accounts.models import User
from samskab.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"  # the personas fixture password (conftest.py)

NEW_PASSWORD = "ny-og-lang-kode-2026"


def test_profile_shows_name_email_language_and_memberships(client_for, personas):
    response = client_for("coordinator").get(reverse("accounts:profile"))
    text = response.content.decode()
    assert response.status_code == 200
    assert personas.coordinator.email in text
    assert "Carl Christensen" in text
    assert "Fjordby Frivilligcenter" in text and "Fjordby Kommune" in text
    assert text.count('data-title="Rolle">Koordinator</td>') == 2
    for name in ["consents", "data_export", "delete_account", "password_change"]:
        assert reverse(f"accounts:{name}") in text


def test_profile_query_count_does_not_grow_with_memberships(
    client_for, personas, django_assert_max_num_queries
):
    client = client_for("coordinator")
    with django_assert_max_num_queries(6):
        client.get(reverse("accounts:profile"))


def test_profile_update_saves_name_and_language(client_for, personas):
    client = client_for("citizen")
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Bo B.", "preferred_language": "en"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    personas.citizen.refresh_from_db()
    assert (personas.citizen.full_name, personas.citizen.preferred_language) == ("Bo B.", "en")


def test_profile_update_with_bad_language_changes_nothing(client_for, personas):
    client = client_for("citizen")
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Hacker", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    personas.citizen.refresh_from_db()
    assert (personas.citizen.full_name, personas.citizen.preferred_language) == ("Bo Bech", "da")


def test_password_change_needs_the_old_password(client_for, personas):
    client = client_for("citizen")
    url = reverse("accounts:password_change")
    bad = client.post(
        url,
        {"old_password": "forkert", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert bad.status_code == 400
    personas.citizen.refresh_from_db()
    assert personas.citizen.check_password(PASSWORD)
    good = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert good.status_code == 302
    personas.citizen.refresh_from_db()
    assert personas.citizen.check_password(NEW_PASSWORD)
    # still logged in on this device
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.password_changed").count() == 1


def test_password_reset_for_unknown_and_known_address_answer_the_same(client, personas):
    url = reverse("accounts:password_reset")
    unknown = client.post(url, {"email": "ingen@borger.demo"})
    known = client.post(url, {"email": personas.citizen.email})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("accounts:password_reset_done")
    assert [message.to for message in mail.outbox] == [[personas.citizen.email]]


def test_password_reset_link_sets_a_new_password_and_verifies_the_address(client):
    user = actions.sign_up(email="ny@borger.demo", full_name="Ny", password="gammel-kode-2026")
    assert user is not None
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "ny@borger.demo"})
    found = re.search(r"http://127\.0\.0\.1:8000(\S+)", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user = User.objects.get(pk=user.pk)
    assert user.check_password(NEW_PASSWORD)
    assert user.email_verified_at is not None
    assert AuditEvent.objects.filter(action="accounts.password_reset").count() == 1
    # the link works once
    again = client.get(link, follow=True)
    assert "Linket er ugyldigt" in again.content.decode()


def test_password_reset_with_bad_token_shows_a_clear_message(client, personas):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "ikke-et-token"]), follow=True
    )
    assert response.status_code == 200
    assert "Linket er ugyldigt" in response.content.decode()
