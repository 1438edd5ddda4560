"""Connecting a case to an account needs the account holder's yes, by a one-time signed link
mailed to them; until then the account sees nothing of the case."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.accounts.models import User
from samskab.audit.models import AuditEvent
from samskab.mentoring import actions
from samskab.mentoring.models import AccountLinkRequest, Referral
from samskab.mentoring.tests.conftest import World

pytestmark = pytest.mark.django_db


def _request_link(client_for: Any, world: World, email: str) -> str:
    """The caseworker asks; returns the path of the link in the mail to ``email``."""
    mail.outbox.clear()
    response = client_for("caseworker").post(
        reverse("mentoring:link_account", args=[world.referral.pk]), {"email": email}
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[email]]
    body = str(mail.outbox[0].body)
    assert "Mia" not in body  # the mail names no young person
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def _case_pages(world: World) -> list[str]:
    return [
        reverse("mentoring:referral", args=[world.referral.pk]),
        reverse("mentoring:match_detail", args=[world.match.pk]),
    ]


def _sees_case(client: Client, world: World) -> list[int]:
    return [client.get(url).status_code for url in _case_pages(world)]


def test_the_account_sees_nothing_until_its_holder_confirms(personas, world, client_for):
    bo = client_for("citizen")
    path = _request_link(client_for, world, personas.citizen.email)
    referral = Referral.objects.get(pk=world.referral.pk)
    assert referral.account is None
    assert referral.consent_links.get(purpose="mentoring").consent.subject is None
    assert _sees_case(bo, world) == [403, 403]
    assert "Mia Mortensen" not in bo.get(reverse("mentoring:index")).content.decode()
    requested = AuditEvent.objects.get(action="mentoring.account_link_requested")
    assert requested.actor == personas.caseworker
    assert requested.details["user_id"] == personas.citizen.pk
    # The caseworker's page says a confirmation is awaited.
    page = client_for("caseworker").get(_case_pages(world)[0]).content.decode()
    assert "Afventer bekræftelse" in page

    # Following the link: a page with a button, still without the young person's details.
    page = bo.get(path)
    assert page.status_code == 200
    assert "Mia Mortensen" not in page.content.decode()
    assert _sees_case(bo, world) == [403, 403]  # a GET (a mail scanner) confirms nothing
    response = bo.post(path, {"answer": "yes"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.account == personas.citizen
    assert referral.consent_links.get(purpose="mentoring").consent.subject == personas.citizen
    assert _sees_case(bo, world) == [200, 200]
    confirmed = AuditEvent.objects.get(action="mentoring.account_link_confirmed")
    assert confirmed.actor == personas.citizen

    # Reused: the link is dead, nothing changes.
    assert bo.post(path, {"answer": "no"}).status_code == 410
    referral.refresh_from_db()
    assert referral.account == personas.citizen


def test_a_stranger_who_got_the_link_by_a_typo_declines_and_sees_nothing(
    personas, world, client_for
):
    stranger = User.objects.create_user("voter7@example.org", "pw", full_name="Vera")
    path = _request_link(client_for, world, stranger.email)
    client = Client()
    client.force_login(stranger)
    assert _sees_case(client, world) == [403, 403]
    assert client.post(path, {"answer": "no"}).status_code == 302
    assert Referral.objects.get(pk=world.referral.pk).account is None
    assert _sees_case(client, world) == [403, 403]
    assert client.post(path, {"answer": "yes"}).status_code == 410
    assert Referral.objects.get(pk=world.referral.pk).account is None
    assert AuditEvent.objects.filter(action="mentoring.account_link_declined").count() == 1


def test_a_link_works_only_for_the_account_it_was_sent_to(personas, world, client_for):
    path = _request_link(client_for, world, personas.citizen.email)
    other = client_for("outsider")
    assert other.get(path).status_code == 410
    assert other.post(path, {"answer": "yes"}).status_code == 410
    assert Referral.objects.get(pk=world.referral.pk).account is None
    # Anonymous: to the login page first, then the holder confirms.
    response = Client().get(path)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client_for("citizen").post(path, {"answer": "yes"}).status_code == 302
    assert Referral.objects.get(pk=world.referral.pk).account == personas.citizen


def test_a_tampered_or_expired_link_does_nothing(personas, world, client_for):
    path = _request_link(client_for, world, personas.citizen.email)
    bo = client_for("citizen")
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert bo.post(tampered, {"answer": "yes"}).status_code == 410
    assert bo.post("/mentor/konto/garbage/", {"answer": "yes"}).status_code == 410
    AccountLinkRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bo.get(path).status_code == 410
    assert bo.post(path, {"answer": "yes"}).status_code == 410
    assert Referral.objects.get(pk=world.referral.pk).account is None


def test_a_new_request_replaces_the_pending_one(personas, world, client_for):
    stranger = User.objects.create_user("typo@example.org", "pw")
    wrong = _request_link(client_for, world, stranger.email)
    right = _request_link(client_for, world, personas.citizen.email)
    client = Client()
    client.force_login(stranger)
    assert client.post(wrong, {"answer": "yes"}).status_code == 410
    assert client_for("citizen").post(right, {"answer": "yes"}).status_code == 302
    assert Referral.objects.get(pk=world.referral.pk).account == personas.citizen


def test_withdrawal_deletes_pending_link_requests_and_kills_the_link(personas, world, client_for):
    path = _request_link(client_for, world, personas.citizen.email)
    actions.withdraw_consent(personas.caseworker, Referral.objects.get(pk=world.referral.pk))
    assert not AccountLinkRequest.objects.exists()
    assert client_for("citizen").post(path, {"answer": "yes"}).status_code == 410
    assert Referral.objects.get(pk=world.referral.pk).account is None
