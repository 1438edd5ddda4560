"""Double opt-in sign-up, no leaks about known addresses, one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.newsletter import actions
from samskab.newsletter.models import Subscription
from samskab.newsletter.tasks import deliver_issue
from samskab.newsletter.tokens import make_confirm_token, make_unsubscribe_token

pytestmark = pytest.mark.django_db


def link_in(message: Any, name: str) -> str:
    match = re.search(r"http://\S+/nyhedsbrev/" + name + r"/\S+/", message.body)
    assert match, message.body
    return match.group(0).replace("http://127.0.0.1:8000", "")


def without_csrf(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)


def test_double_opt_in_full_path(client, personas, topic):
    response = client.post(
        reverse("newsletter:subscribe"), {"email": "Ny@Example.org", "topics": [topic.pk]}
    )
    assert response.status_code == 302
    assert response.url == reverse("newsletter:check_inbox")
    subscription = Subscription.objects.get()
    assert subscription.email == "ny@example.org"
    assert not subscription.is_active
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny@example.org"]
    assert mail.outbox[0].subject == "Bekræft din tilmelding til nyhedsbrevet"
    confirm = link_in(mail.outbox[0], "bekraeft")

    # Nothing is sent before confirmation.
    actions.send_newsletter(personas.coordinator, topic, "Før bekræftelse", "Tekst")
    assert len(mail.outbox) == 1

    # Opening the link shows a button; only the button confirms (mail scanners follow links).
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Ja, tilmeld mig" in page.text
    subscription.refresh_from_db()
    assert not subscription.is_active
    done = client.post(confirm)
    assert done.status_code == 200
    assert "Tilmelding bekræftet" in done.text
    subscription.refresh_from_db()
    assert subscription.is_active

    actions.send_newsletter(personas.coordinator, topic, "Efter bekræftelse", "Tekst")
    assert [m.subject for m in mail.outbox[1:]] == ["Efter bekræftelse"]


def test_resubscribing_does_not_reveal_whether_the_address_is_known(client, topic):
    Subscription.objects.create(email="kendt@example.org", topic=topic, confirmed_at=timezone.now())
    known = client.post(
        reverse("newsletter:subscribe"), {"email": "kendt@example.org", "topics": [topic.pk]}
    )
    unknown = client.post(
        reverse("newsletter:subscribe"), {"email": "ukendt@example.org", "topics": [topic.pk]}
    )
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert without_csrf(client.get(known.url).text) == without_csrf(client.get(unknown.url).text)
    # Only the owner of the mailbox learns that they were already on the list.
    by_address = {message.to[0]: message.subject for message in mail.outbox}
    assert by_address == {
        "kendt@example.org": "Du får allerede nyhedsbrevet",
        "ukendt@example.org": "Bekræft din tilmelding til nyhedsbrevet",
    }
    assert Subscription.objects.filter(email="kendt@example.org").count() == 1


def test_repeated_sign_up_within_minutes_sends_no_second_mail(topic):
    now = timezone.now()
    actions.subscribe_email(None, "a@example.org", [topic], now=now)
    actions.subscribe_email(None, "a@example.org", [topic], now=now + timedelta(minutes=1))
    assert len(mail.outbox) == 1
    actions.subscribe_email(None, "a@example.org", [topic], now=now + timedelta(minutes=6))
    assert len(mail.outbox) == 2


def test_logged_in_person_gets_their_address_prefilled_and_still_confirms(
    client_for, personas, topic
):
    client = client_for("citizen")
    assert 'value="bo@borger.demo"' in client.get(reverse("newsletter:subscribe")).text
    client.post(reverse("newsletter:subscribe"), {"email": "bo@borger.demo", "topics": [topic.pk]})
    subscription = Subscription.objects.get()
    assert subscription.user == personas.citizen
    assert not subscription.is_active


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "ikke-en-adresse", "topics": []}, "Indtast en gyldig e-mail-adresse."),
        ({"email": "a@example.org"}, "Vælg mindst ét emne."),
        ({"email": "a@example.org", "topics": ["999"]}, "Marker en gyldig valgmulighed."),
    ],
)
def test_bad_sign_up_is_refused_with_a_message(client, topic, data, message):
    response = client.post(reverse("newsletter:subscribe"), data)
    assert response.status_code == 400
    assert message in response.text
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_tampered_or_expired_confirmation_link_changes_nothing(client, topic):
    actions.subscribe_email(None, "a@example.org", [topic])
    token = make_confirm_token("a@example.org", [topic.pk])
    bad = client.post(reverse("newsletter:confirm", kwargs={"token": token[:-2] + "xx"}))
    assert bad.status_code == 400
    assert "Linket virker ikke" in bad.text
    later = timezone.now().timestamp() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.post(reverse("newsletter:confirm", kwargs={"token": token}))
    assert expired.status_code == 400
    assert not Subscription.objects.get().is_active


def test_confirmation_for_another_address_confirms_nothing(client, topic):
    actions.subscribe_email(None, "a@example.org", [topic])
    token = make_confirm_token("b@example.org", [topic.pk])
    assert client.post(reverse("newsletter:confirm", kwargs={"token": token})).status_code == 400
    assert not Subscription.objects.get().is_active


@pytest.fixture
def confirmed(topic):
    return Subscription.objects.create(
        email="læser@example.org", topic=topic, confirmed_at=timezone.now()
    )


def test_unsubscribe_link_shows_a_button_and_post_unsubscribes(client, confirmed):
    url = reverse("newsletter:unsubscribe", kwargs={"token": make_unsubscribe_token(confirmed.pk)})
    page = client.get(url)
    assert page.status_code == 200
    assert "Ja, afmeld mig" in page.text
    confirmed.refresh_from_db()
    assert confirmed.is_active
    assert client.post(url).status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.unsubscribed_at is not None
    assert "allerede afmeldt" in client.get(url).text


def test_rfc8058_one_click_post_needs_no_session_or_csrf(personas, confirmed):
    actions.send_newsletter(personas.coordinator, confirmed.topic, "Nyt", "Tekst")
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>").replace("http://127.0.0.1:8000", "")
    assert url in message.body.replace("http://127.0.0.1:8000", "")
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.unsubscribed_at is not None
    actions.send_newsletter(personas.coordinator, confirmed.topic, "Efter afmelding", "Tekst")
    assert [m.subject for m in mail.outbox] == ["Nyt"]


def test_tampered_unsubscribe_token_is_refused(client, confirmed):
    token = make_unsubscribe_token(confirmed.pk)
    other = token.replace(f"{confirmed.pk}:", f"{confirmed.pk + 1}:", 1)
    response = client.post(reverse("newsletter:unsubscribe", kwargs={"token": other}))
    assert response.status_code == 400
    confirmed.refresh_from_db()
    assert confirmed.is_active


def test_resubscribing_after_unsubscribe_needs_a_new_confirmation(client, confirmed):
    actions.unsubscribe(confirmed)
    actions.subscribe_email(None, confirmed.email, [confirmed.topic])
    confirmed.refresh_from_db()
    assert not confirmed.is_active
    assert mail.outbox[-1].subject == "Bekræft din tilmelding til nyhedsbrevet"
    client.post(link_in(mail.outbox[-1], "bekraeft"))
    confirmed.refresh_from_db()
    assert confirmed.is_active


def test_unsubscribe_link_of_an_erased_subscription_still_answers_kindly(client, confirmed):
    url = reverse("newsletter:unsubscribe", kwargs={"token": make_unsubscribe_token(confirmed.pk)})
    confirmed.delete()
    response = client.post(url)
    assert response.status_code == 200
    assert "Du er afmeldt" in response.text


def test_confirmation_mail_in_english_for_an_english_sign_up(client, topic):
    client.post(
        reverse("newsletter:subscribe"),
        {"email": "en@example.org", "topics": [topic.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert mail.outbox[0].subject == "Confirm your newsletter subscription"
    assert Subscription.objects.get().language == "en"


def test_deliver_issue_is_a_registered_task():
    assert deliver_issue.name == "deliver_issue"
