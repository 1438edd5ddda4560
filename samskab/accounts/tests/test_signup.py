"""Sign-up with e-mail verification: no account enumeration, no login before verification."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks.base import Task

from samskab.accounts import actions
from samskab.accounts.models import User
from samskab.accounts.tokens import make_verification_token
from samskab.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "fjord-og-bakker-2026"


def _signup(
    client: Client,
    email: str = "ny@borger.demo",
    password: str = GOOD_PASSWORD,
    password2: str | None = None,
) -> Any:
    return client.post(
        reverse("accounts:signup"),
        {
            "email": email,
            "full_name": "Ny Borger",
            "password1": password,
            "password2": password2 if password2 is not None else password,
        },
    )


def _link_in(message: Any) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def test_signup_creates_unverified_user_and_mails_a_link(client):
    response = _signup(client, email="  Ny@Borger.demo ")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="ny@borger.demo")
    assert user.email_verified_at is None
    assert user.full_name == "Ny Borger"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny@borger.demo"]
    assert "/konto/bekraeft/" in _link_in(mail.outbox[0])
    assert AuditEvent.objects.filter(
        action="accounts.user_signed_up", target_id=str(user.pk)
    ).exists()


def test_verification_link_verifies_then_login_works(client):
    _signup(client)
    link = _link_in(mail.outbox[0])
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert User.objects.get(email="ny@borger.demo").email_verified_at is not None
    login = client.post(
        reverse("accounts:login"), {"username": "ny@borger.demo", "password": GOOD_PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("accounts:profile")


def test_login_before_verification_is_refused_with_a_resend_form(client):
    _signup(client)
    response = client.post(
        reverse("accounts:login"), {"username": "ny@borger.demo", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Du skal bekræfte din e-mail" in text
    assert reverse("accounts:resend_verification") in text
    assert 'value="ny@borger.demo"' in text


def test_signup_with_existing_email_answers_the_same_and_tells_the_owner(client, personas):
    before = User.objects.count()
    response = _signup(client, email=personas.citizen.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    assert User.objects.count() == before
    assert personas.citizen.check_password("test-password-123")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas.citizen.email]
    assert "allerede en konto" in mail.outbox[0].subject


def test_signup_rejects_mismatched_and_weak_passwords_and_creates_nothing(client):
    response = _signup(client, password=GOOD_PASSWORD, password2="noget-andet-2026")
    assert response.status_code == 400
    assert "De to adgangskoder er ikke ens." in response.content.decode()
    response = _signup(client, password="12345678")
    assert response.status_code == 400
    assert not User.objects.filter(email="ny@borger.demo").exists()
    assert mail.outbox == []


def test_signup_rejects_bad_email_with_a_danish_message(client):
    response = _signup(client, email="ikke-en-adresse")
    assert response.status_code == 400
    assert "gyldig e-mail-adresse" in response.content.decode()
    assert User.objects.count() == 0


def test_signup_form_in_english_when_english_is_chosen(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert "Create account" in response.content.decode()


def test_tampered_token_is_refused_clearly_and_changes_nothing(client):
    user = actions.sign_up(email="a@b.demo", full_name="A", password=GOOD_PASSWORD)
    assert user is not None
    token = make_verification_token(user)
    response = client.get(reverse("accounts:verify_email", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "Linket er ugyldigt" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_expired_token_is_refused_with_its_own_message(client, settings):
    user = actions.sign_up(email="a@b.demo", full_name="A", password=GOOD_PASSWORD)
    assert user is not None
    token = make_verification_token(user)
    settings.EMAIL_VERIFICATION_MAX_AGE = -1
    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    assert "Linket er udløbet" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_token_stops_working_when_the_address_changes(client):
    user = actions.sign_up(email="a@b.demo", full_name="A", password=GOOD_PASSWORD)
    assert user is not None
    token = make_verification_token(user)
    User.objects.filter(pk=user.pk).update(email="c@d.demo")
    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400


def test_resend_sends_only_for_unverified_addresses_and_answers_the_same(client, personas):
    actions.sign_up(email="a@b.demo", full_name="A", password=GOOD_PASSWORD)
    mail.outbox.clear()
    url = reverse("accounts:resend_verification")
    for email in ["a@b.demo", "ukendt@b.demo", personas.citizen.email]:
        response = client.post(url, {"email": email})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:signup_done")
    assert [message.to for message in mail.outbox] == [["a@b.demo"]]


def test_resend_with_bad_address_shows_an_error(client):
    response = client.post(reverse("accounts:resend_verification"), {"email": "nej"})
    assert response.status_code == 400
    assert mail.outbox == []


def test_verifying_twice_is_harmless(client):
    user = actions.sign_up(email="a@b.demo", full_name="A", password=GOOD_PASSWORD)
    assert user is not None
    assert actions.verify_email(user) is True
    first = User.objects.get(pk=user.pk).email_verified_at
    assert actions.verify_email(user) is False
    assert User.objects.get(pk=user.pk).email_verified_at == first
    assert AuditEvent.objects.filter(action="accounts.email_verified").count() == 1


def test_verification_mail_is_in_the_persons_language(client):
    client.cookies["django_language"] = "en"
    _signup(client)
    assert User.objects.get(email="ny@borger.demo").preferred_language == "en"
    assert "Confirm your e-mail" in mail.outbox[0].subject


def test_resend_is_limited_to_one_mail_per_interval(client, settings):
    actions.sign_up(email="a@b.demo", full_name="A", password=GOOD_PASSWORD)
    mail.outbox.clear()
    for _ in range(3):
        response = client.post(reverse("accounts:resend_verification"), {"email": "a@b.demo"})
        assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_repeated_signups_with_an_existing_address_send_one_notice(client, personas):
    for _ in range(3):
        assert _signup(client, email=personas.citizen.email).status_code == 302
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="accounts.existing_email_signed_up").count() == 3


def test_signing_up_again_before_verifying_resends_the_link(client):
    _signup(client)
    response = _signup(client, email="NY@borger.demo")
    assert response.status_code == 302
    assert User.objects.filter(email="ny@borger.demo").count() == 1
    assert len(mail.outbox) == 2
    assert all("/konto/bekraeft/" in _link_in(message) for message in mail.outbox)


class _CountingHasher(MD5PasswordHasher):
    """Counts how often a password is hashed: the slow step an outsider could time."""

    calls = 0

    def encode(self, password: str, salt: str) -> str:
        type(self).calls += 1
        return super().encode(password, salt)


def _work_of_one_signup(client: Client, email: str) -> tuple[int, int]:
    """(password hashes, tasks enqueued) for one sign-up POST."""
    _CountingHasher.calls = 0
    with mock.patch.object(Task, "enqueue", autospec=True, side_effect=Task.enqueue) as enqueue:
        assert _signup(client, email=email).status_code == 302
    return _CountingHasher.calls, enqueue.call_count


def test_every_signup_path_does_the_same_work_before_answering(client, personas, settings):
    """No timing tells a new address from one with an account: each path hashes the password
    once and enqueues one mail task (which may decide not to mail, to spare the inbox)."""
    settings.PASSWORD_HASHERS = [f"{__name__}._CountingHasher"]
    paths = {
        "new address": _work_of_one_signup(client, "ny@borger.demo"),
        "unverified account": _work_of_one_signup(client, "ny@borger.demo"),
        "unverified, repeated": _work_of_one_signup(client, "ny@borger.demo"),
        "verified account": _work_of_one_signup(client, personas.citizen.email),
        "verified, repeated": _work_of_one_signup(client, personas.citizen.email),
    }
    assert set(paths.values()) == {(1, 1)}, paths
    # The inbox limits still hold: a link, a resent link, then a notice; repeats mail nothing.
    assert len(mail.outbox) == 3
