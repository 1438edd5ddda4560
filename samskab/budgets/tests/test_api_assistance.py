"""The ballot API records assisted voting as the web ballot does: that the ballot was cast with
help, by whom and why (audited), or a field error when the name or the reason is missing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.models import Assistance, Ballot, BudgetProcess
from samskab.budgets.tests.factories import make_process, proposal_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(personas):
    return make_process(personas, timezone.now(), current="voting", slug="ungeliv")


@pytest.fixture
def code(process, personas):
    return actions.generate_voting_codes(personas.coordinator, process, count=1, batch="api")[0]


def put(process: BudgetProcess, code: str, **fields: Any) -> Any:
    body = {"choices": [{"proposal": proposal_ids(process)[0]}], **fields}
    return Client().put(
        f"/api/v1/processes/{process.slug}/ballot",
        json.dumps(body),
        content_type="application/json",
        headers={"X-Voting-Code": code},
    )


def test_an_assisted_ballot_records_who_helped_and_why(process, code):
    help = {"kind": "helper", "name": " Ida, datter ", "reason": "Svagt syn"}
    response = put(process, code, assistance=help)
    assert response.status_code == 200, response.content
    ballot = Ballot.objects.get()
    assert (ballot.assistance, ballot.assisted_by_label, ballot.assistance_reason) == (
        Assistance.HELPER,
        "Ida, datter",
        "Svagt syn",
    )
    event = AuditEvent.objects.get(action="budgets.assisted_ballot_recorded")
    assert event.details["by"] == "Ida, datter" and event.details["kind"] == "helper"
    assert "choices" not in event.details


def test_a_ballot_without_assistance_records_none(process, code):
    assert put(process, code).status_code == 200
    assert Ballot.objects.get().assistance == Assistance.NONE
    assert not AuditEvent.objects.filter(action="budgets.assisted_ballot_recorded").exists()


@pytest.mark.parametrize(
    ("help", "field", "message"),
    [
        ({"kind": "helper", "name": "  ", "reason": "Svagt syn"}, "name", "Skriv navnet"),
        ({"kind": "official", "name": "Carl", "reason": ""}, "reason", "Skriv kort, hvorfor"),
        ({"kind": "nabo", "name": "Carl", "reason": "Svagt syn"}, "kind", ""),
        ({"kind": "helper", "name": "x" * 151, "reason": "Svagt syn"}, "name", ""),
    ],
    ids=["no-name", "no-reason", "unknown-kind", "name-too-long"],
)
def test_assistance_that_cannot_hold_is_a_field_error_and_nothing_is_stored(
    process, code, help, field, message
):
    response = put(process, code, assistance=help)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "assistance", field]
    assert message in error["msg"]
    assert not Ballot.objects.exists()


def test_the_schema_documents_assistance(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schema["AssistanceIn"]["properties"]) == {"kind", "name", "reason"}
    assert schema["AssistanceIn"]["properties"]["kind"]["enum"] == ["helper", "official"]
