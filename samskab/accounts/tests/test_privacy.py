"""Data export and account deletion, through every app's privacy hooks."""

from __future__ import annotations

import importlib
import json
import sys
import types

import pytest
from django.apps import apps
from django.db.models import ProtectedError
from django.urls import reverse

from samskab.accounts import actions, privacy_hooks
from samskab.accounts.models import Consent, Membership, User
from samskab.accounts.personas import Personas
from samskab.audit.actions import record_event
from samskab.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"  # the personas fixture password (conftest.py)


def _consent(personas: Personas) -> Consent:
    return actions.give_consent(
        None,
        personas.citizen,
        data_categories="Navn og telefonnummer",
        purpose="Kontakt fra en frivillig mentor",
        recipient=personas.association,
    )


def test_hooks_are_found_for_accounts_and_audit_with_accounts_last():
    labels = [label for label, _module in privacy_hooks.privacy_modules()]
    assert "audit" in labels
    assert labels[-1] == "accounts"
    assert "core" not in labels  # samskab.core has no privacy.py and that is fine


def test_an_app_without_a_privacy_module_is_skipped():
    assert privacy_hooks.privacy_module("samskab.core") is None


def test_a_privacy_module_with_a_broken_import_is_not_silently_skipped(monkeypatch):
    def import_module(name):
        raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")

    monkeypatch.setattr(importlib, "import_module", import_module)
    with pytest.raises(ModuleNotFoundError):
        privacy_hooks.privacy_module("samskab.core")


def test_every_found_hook_is_called(monkeypatch, personas):
    calls = []
    fake = types.ModuleType("samskab.core.privacy")

    def export_user_data(user):
        calls.append(("export", user.pk))
        return {"x": 1}

    def erase_user_data(user):
        calls.append(("erase", user.pk))

    fake.export_user_data = export_user_data  # type: ignore[attr-defined]  # a stand-in module
    fake.erase_user_data = erase_user_data  # type: ignore[attr-defined]  # a stand-in module
    monkeypatch.setitem(sys.modules, "samskab.core.privacy", fake)
    exported = privacy_hooks.export_all_user_data(personas.citizen)
    assert exported["core"] == {"x": 1}
    assert "accounts" in exported and "audit" in exported
    erased = privacy_hooks.erase_all_user_data(personas.citizen)
    assert erased[-1] == "accounts" and "core" in erased
    assert calls == [("export", personas.citizen.pk), ("erase", personas.citizen.pk)]
    assert {config.label for config in apps.get_app_configs()} >= set(erased)


def test_data_export_is_a_json_download_of_everything(client_for, personas):
    _consent(personas)
    response = client_for("citizen").get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    accounts = data["apps"]["accounts"]
    assert accounts["profile"]["email"] == personas.citizen.email
    assert accounts["memberships"][0]["organisation"] == "Seniorer i Vestbyen"
    assert accounts["consents"][0]["recipient"] == "Fjordby Frivilligcenter"
    assert any(
        event["action"] == "accounts.consent_given" for event in data["apps"]["audit"]["events"]
    )
    assert AuditEvent.objects.filter(
        action="accounts.data_exported", actor=personas.citizen
    ).exists()


def test_export_holds_nothing_about_other_people(client_for, personas):
    _consent(personas)
    data = json.loads(client_for("outsider").get(reverse("accounts:data_export")).content)
    assert data["apps"]["accounts"]["consents"] == []
    assert personas.citizen.email not in json.dumps(data)


def test_delete_account_with_wrong_password_changes_nothing(client_for, personas):
    client = client_for("citizen")
    response = client.post(reverse("accounts:delete_account"), {"password": "forkert"})
    assert response.status_code == 400
    assert "Adgangskoden er forkert." in response.content.decode()
    assert User.objects.filter(pk=personas.citizen.pk).exists()
    assert not AuditEvent.objects.filter(action="accounts.account_deleted").exists()


def test_delete_account_erases_and_logs_out_and_the_log_keeps_the_label(client_for, personas):
    _consent(personas)
    user_id, email = personas.citizen.pk, personas.citizen.email
    record_event(
        personas.citizen, "audit.record_read", personas.municipality, summary="før sletning"
    )
    client = client_for("citizen")
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert not User.objects.filter(pk=user_id).exists()
    assert not Membership.objects.filter(user_id=user_id).exists()
    assert not Consent.objects.filter(subject_id=user_id).exists()
    assert "_auth_user_id" not in client.session
    deleted = AuditEvent.objects.get(action="accounts.account_deleted")
    assert (deleted.actor_id, deleted.actor_label, deleted.target_id) == (None, email, str(user_id))
    earlier = AuditEvent.objects.get(summary="før sletning")
    assert (earlier.actor_id, earlier.actor_label) == (None, email)


def test_delete_account_is_all_or_nothing(monkeypatch, personas):
    def failing_erase(user):
        raise RuntimeError("an app could not erase")

    fake = types.ModuleType("samskab.core.privacy")
    fake.export_user_data = lambda user: {}  # type: ignore[attr-defined]  # a stand-in module
    fake.erase_user_data = failing_erase  # type: ignore[attr-defined]  # a stand-in module
    monkeypatch.setitem(sys.modules, "samskab.core.privacy", fake)
    with pytest.raises(RuntimeError):
        actions.delete_account(personas.citizen)
    assert User.objects.filter(pk=personas.citizen.pk).exists()
    assert Membership.objects.filter(user=personas.citizen).exists()
    assert not AuditEvent.objects.filter(action="accounts.account_deleted").exists()


def test_delete_blocked_by_a_protected_record_shows_a_message_and_keeps_the_account(
    client_for, personas, monkeypatch
):
    def protected_erase(user):
        raise ProtectedError("a budget decision refers to this person", set())

    fake = types.ModuleType("samskab.core.privacy")
    fake.export_user_data = lambda user: {}  # type: ignore[attr-defined]  # a stand-in module
    fake.erase_user_data = protected_erase  # type: ignore[attr-defined]  # a stand-in module
    monkeypatch.setitem(sys.modules, "samskab.core.privacy", fake)
    client = client_for("citizen")
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD}, follow=True)
    assert "Kontoen kunne ikke slettes" in response.content.decode()
    assert User.objects.filter(pk=personas.citizen.pk).exists()
    assert client.get(reverse("accounts:profile")).status_code == 200  # still logged in
    assert not AuditEvent.objects.filter(action="accounts.account_deleted").exists()
