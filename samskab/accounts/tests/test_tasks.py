"""Mail goes through django-tasks: with the database backend it waits for the worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from samskab.accounts import actions
from samskab.accounts.tasks import send_verification_email

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_verification_mail_is_queued_then_sent_by_the_worker(settings):
    settings.TASKS = DATABASE_TASKS
    user = actions.sign_up(email="ny@borger.demo", full_name="Ny", password="fjord-2026-lang")
    assert user is not None
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "samskab.accounts.tasks.send_verification_email"
    assert queued.args_kwargs["args"] == [user.pk]

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    assert [message.to for message in mail.outbox] == [["ny@borger.demo"]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_is_queued_too(settings, client, personas):
    settings.TASKS = DATABASE_TASKS
    client.post("/konto/adgangskode/glemt/", {"email": personas.citizen.email})
    assert mail.outbox == []
    assert DBTaskResult.objects.get().task_path == "samskab.accounts.tasks.send_email"
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert [message.to for message in mail.outbox] == [[personas.citizen.email]]


@pytest.mark.django_db
def test_verification_task_sends_nothing_for_a_verified_or_missing_user(personas):
    assert send_verification_email.call(personas.citizen.pk) is False
    assert send_verification_email.call(999999) is False
    assert mail.outbox == []
