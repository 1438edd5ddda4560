"""Sending issues: who may, who receives, reruns, bad addresses, and the database task queue."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.newsletter import actions
from samskab.newsletter.models import Delivery, Issue, Subscription
from samskab.newsletter.tasks import deliver_issue

SENDERS = ["admin", "coordinator"]
NOT_SENDERS = ["caseworker", "volunteer", "citizen", "auditor", "outsider"]


@pytest.fixture
def audience(topic, other_topic):
    now = timezone.now()
    Subscription.objects.create(email="en@example.org", topic=topic, confirmed_at=now)
    Subscription.objects.create(
        email="to@example.org", topic=topic, confirmed_at=now, language="en"
    )
    Subscription.objects.create(email="afventer@example.org", topic=topic)
    Subscription.objects.create(
        email="afmeldt@example.org", topic=topic, confirmed_at=now, unsubscribed_at=now
    )
    Subscription.objects.create(email="andet@example.org", topic=other_topic, confirmed_at=now)
    return topic


def test_issue_reaches_confirmed_subscribers_of_the_topic_only(personas, audience):
    issue = actions.send_newsletter(personas.coordinator, audience, "Juni", "Nyt om budgettet")
    assert sorted(m.to[0] for m in mail.outbox) == ["en@example.org", "to@example.org"]
    links = {m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert len(links) == 2  # one personal link each
    english = next(m for m in mail.outbox if m.to == ["to@example.org"])
    assert "Unsubscribe with one click:" in english.body
    assert Delivery.objects.filter(issue=issue, status=Delivery.SENT).count() == 2
    issue.refresh_from_db()
    assert issue.finished_at is not None
    assert AuditEvent.objects.filter(
        action="newsletter.issue_sent", target_id=str(issue.pk)
    ).exists()


def test_rerun_does_not_send_twice(personas, audience):
    issue = actions.send_newsletter(personas.coordinator, audience, "Juni", "Tekst")
    assert len(mail.outbox) == 2
    result = deliver_issue.call(issue.pk)
    assert result == {"sent": 0, "failed": 0, "skipped": 0}
    assert len(mail.outbox) == 2
    Subscription.objects.create(email="ny@example.org", topic=audience, confirmed_at=timezone.now())
    assert deliver_issue.call(issue.pk)["sent"] == 1
    assert [m.to[0] for m in mail.outbox[2:]] == ["ny@example.org"]


def test_a_bad_address_does_not_stop_the_others_and_is_retried(personas, audience, settings):
    settings.EMAIL_BACKEND = "samskab.newsletter.tests.failing_mail.RefusingBackend"
    bad = Subscription.objects.create(
        email="bounce@example.org", topic=audience, confirmed_at=timezone.now()
    )
    issue = actions.send_newsletter(personas.coordinator, audience, "Juni", "Tekst")
    assert sorted(m.to[0] for m in mail.outbox) == ["en@example.org", "to@example.org"]
    failed = Delivery.objects.get(subscription=bad)
    assert failed.status == Delivery.FAILED
    assert "no such user" in failed.error
    # The address gets fixed; a rerun retries only the failure.
    Subscription.objects.filter(pk=bad.pk).update(email="fixed@example.org")
    assert deliver_issue.call(issue.pk) == {"sent": 1, "failed": 0, "skipped": 0}
    assert mail.outbox[-1].to == ["fixed@example.org"]


# The worker closes and reopens database connections as in production, so these tests commit
# for real (transaction=True) instead of running inside the usual rolled-back test transaction.
@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_and_the_worker_delivers(personas, audience, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    issue = actions.send_newsletter(personas.coordinator, audience, "Via kø", "Tekst")
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []
    assert not Delivery.objects.exists()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == ["en@example.org", "to@example.org"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    issue.refresh_from_db()
    assert issue.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_sign_up_mail_also_waits_for_the_worker(client, topic, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client.post(reverse("newsletter:subscribe"), {"email": "a@example.org", "topics": [topic.pk]})
    assert mail.outbox == []
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


# --- who may compose and send ------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_SENDERS)
def test_others_may_not_compose_or_send(client_for, audience, role):
    client = client_for(role)
    assert client.get(reverse("newsletter:compose")).status_code == 403
    data = {"topic": audience.pk, "subject": "Hej", "body": "Tekst"}
    assert client.post(reverse("newsletter:compose"), data).status_code == 403
    assert client.get(reverse("newsletter:issues")).status_code == 403
    assert not Issue.objects.exists()
    assert mail.outbox == []


def test_anonymous_compose_goes_to_login(client, audience):
    response = client.post(
        reverse("newsletter:compose"), {"topic": audience.pk, "subject": "x", "body": "y"}
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert client.get(reverse("newsletter:issues")).status_code == 302
    assert not Issue.objects.exists()


@pytest.mark.parametrize("role", SENDERS)
def test_coordinators_and_administrators_compose_and_send(client_for, personas, audience, role):
    client = client_for(role)
    assert client.get(reverse("newsletter:compose")).status_code == 200
    response = client.post(
        reverse("newsletter:compose"), {"topic": audience.pk, "subject": "Juni", "body": "Tekst"}
    )
    assert response.status_code == 302
    assert response.url == reverse("newsletter:issues")
    assert Issue.objects.get().created_by == getattr(personas, role)
    assert len(mail.outbox) == 2
    page = client.get(reverse("newsletter:issues")).text
    assert "Juni" in page
    assert "Færdig" in page


def test_staff_without_a_role_may_send(client, personas, audience):
    personas.outsider.is_staff = True
    personas.outsider.save()
    client.force_login(personas.outsider)
    assert client.get(reverse("newsletter:compose")).status_code == 200


def test_compose_with_missing_fields_sends_nothing(client_for, audience):
    response = client_for("coordinator").post(reverse("newsletter:compose"), {"topic": audience.pk})
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.text
    assert not Issue.objects.exists()


def test_issues_page_query_count(client_for, personas, audience, django_assert_max_num_queries):
    for number in range(5):
        actions.send_newsletter(personas.coordinator, audience, f"Nr. {number}", "Tekst")
    client = client_for("coordinator")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("newsletter:issues"))
    assert "Nr. 4" in response.text
