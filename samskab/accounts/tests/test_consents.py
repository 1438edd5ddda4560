"""Consents as records: given, refused, withdrawn; the person sees and withdraws their own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskab.accounts import actions
from samskab.accounts.models import Consent, User
from samskab.accounts.personas import Personas
from samskab.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _give(personas: Personas, subject: User | None = None) -> Consent:
    return actions.give_consent(
        personas.caseworker,
        subject or personas.citizen,
        data_categories="Navn, alder og uddannelsesønske",
        purpose="Matchning med en frivillig mentor",
        recipient=personas.association,
    )


def test_give_consent_records_what_to_whom_why_and_when(personas):
    consent = _give(personas)
    assert consent.is_active and consent.given_at is not None and consent.withdrawn_at is None
    event = AuditEvent.objects.get(action="accounts.consent_given")
    assert event.actor == personas.caseworker
    assert event.target_id == str(consent.pk)
    assert event.details["recipient"] == "Fjordby Frivilligcenter"


def test_refuse_consent_is_a_record_too(personas):
    consent = actions.refuse_consent(
        None,
        personas.citizen,
        data_categories="Telefonnummer",
        purpose="Nyhedsbrev",
        recipient_description="Fjordby Kommune, kultur",
    )
    assert consent.refused_at is not None and not consent.is_active
    assert AuditEvent.objects.filter(
        action="accounts.consent_refused", actor=personas.citizen
    ).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"data_categories": " ", "purpose": "x", "recipient_description": "y"},
        {"data_categories": "x", "purpose": "", "recipient_description": "y"},
        {"data_categories": "x", "purpose": "y", "recipient_description": ""},
    ],
)
def test_a_consent_must_say_what_why_and_to_whom(personas, fields):
    with pytest.raises(ValueError):
        actions.give_consent(None, personas.citizen, **fields)
    assert Consent.objects.count() == 0
    assert not AuditEvent.objects.filter(action="accounts.consent_given").exists()


def test_withdraw_twice_is_refused(personas):
    consent = _give(personas)
    actions.withdraw_consent(personas.citizen, consent)
    with pytest.raises(actions.ConsentNotActive):
        actions.withdraw_consent(personas.citizen, consent)
    assert AuditEvent.objects.filter(action="accounts.consent_withdrawn").count() == 1


def test_consent_page_lists_own_consents_only(client_for, personas):
    _give(personas)
    actions.give_consent(
        None,
        personas.volunteer,
        data_categories="Børneattest-status",
        purpose="Frivilligt arbejde med børn",
        recipient=personas.association,
    )
    text = client_for("citizen").get(reverse("accounts:consents")).content.decode()
    assert "Matchning med en frivillig mentor" in text
    assert "Fjordby Frivilligcenter" in text
    assert "Børneattest-status" not in text
    assert "Træk tilbage" in text


def test_consent_page_query_count_is_flat(client_for, personas, django_assert_max_num_queries):
    for _ in range(5):
        _give(personas)
    client = client_for("citizen")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("accounts:consents"))
    assert response.content.decode().count("Matchning med en frivillig mentor") >= 5


def test_withdraw_through_the_page(client_for, personas):
    consent = _give(personas)
    client = client_for("citizen")
    response = client.post(reverse("accounts:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    page = client.get(reverse("accounts:consents")).content.decode()
    assert "Trukket tilbage" in page
    event = AuditEvent.objects.get(action="accounts.consent_withdrawn")
    assert event.actor == personas.citizen


def test_withdraw_again_through_the_page_shows_a_message_and_changes_nothing(client_for, personas):
    consent = _give(personas)
    actions.withdraw_consent(personas.citizen, consent)
    consent.refresh_from_db()
    first = consent.withdrawn_at
    client = client_for("citizen")
    response = client.post(reverse("accounts:consent_withdraw", args=[consent.pk]), follow=True)
    assert "allerede trukket tilbage" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at == first


@pytest.mark.parametrize("role", ["outsider", "caseworker", "admin", "volunteer"])
def test_nobody_else_can_withdraw_a_persons_consent(client_for, personas, role):
    consent = _give(personas)
    response = client_for(role).post(reverse("accounts:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_withdraw_needs_post_and_a_real_consent(client_for, personas):
    consent = _give(personas)
    client = client_for("citizen")
    assert client.get(reverse("accounts:consent_withdraw", args=[consent.pk])).status_code == 405
    assert client.post("/konto/samtykker/999999/tilbagekald/").status_code == 404
    assert client.post("/konto/samtykker/abc/tilbagekald/").status_code == 404
    consent.refresh_from_db()
    assert consent.is_active


def test_admin_cannot_edit_or_delete_consents(client_for, personas):
    consent = _give(personas)
    client = client_for("admin")
    assert client.get(f"/admin/accounts/consent/{consent.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/accounts/consent/{consent.pk}/change/", {"purpose": "Noget andet"}
    )
    assert response.status_code == 403
    assert (
        client.post(f"/admin/accounts/consent/{consent.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    consent.refresh_from_db()
    assert consent.purpose == "Matchning med en frivillig mentor"


def test_only_accounts_writes_consent_records():
    """Other modules call accounts.actions (request/answer/withdraw/transfer), never the ORM."""
    import re
    from pathlib import Path

    source = Path(__file__).resolve().parents[2]
    writes = re.compile(
        r"\bConsent\.objects\.(create|get_or_create|update_or_create|bulk_create|bulk_update)"
        r"|consent\.save\(|\.update\(subject=|withdrawn_at\s*=|given_at\s*=|refused_at\s*="
    )
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in source.rglob("*.py")
        if path.parts[len(source.parts)] not in ("accounts", "budgets")  # budgets: see its own
        and "tests" not in path.parts
        and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    assert found == []
