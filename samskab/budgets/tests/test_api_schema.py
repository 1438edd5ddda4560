"""The API answers what its schema documents: the failures schemathesis found in the December
2026 probe (rel-cases/api_schema_failures.txt), each as a request whose answer is checked
against /api/v1/openapi.json. Also: a ballot can be read only while voting is open."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client as DjangoClient
from django.utils import timezone
from werkzeug.test import Client as WsgiClient

from samskab.budgets import actions
from samskab.budgets.models import Phase, PhaseKind
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids
from samskab.wsgi import application

pytestmark = pytest.mark.django_db
BALLOT = "/api/v1/processes/{slug}/ballot"


@pytest.fixture
def api(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


@pytest.fixture
def voting(personas, wsgi_app):
    return make_process(personas, timezone.now(), current="voting", slug="ungeliv")


@pytest.fixture
def code(voting, personas):
    return actions.generate_voting_codes(personas.coordinator, voting, count=1, batch="api")[0]


def documented(api: Any, method: str, response: Any) -> None:
    """Fails, naming the problem, unless the status is documented and the body fits it."""
    raw = json.loads(WsgiClient(application).get("/api/v1/openapi.json").text)
    statuses = raw["paths"][BALLOT][method.lower()]["responses"]
    assert str(response.status_code) in statuses, (response.status_code, sorted(statuses))
    assert api[BALLOT][method].is_valid_response(response), (response.status_code, response.text)


def put(body: str | dict[str, Any], code: str | None, slug: str = "ungeliv") -> Any:
    headers = {"Content-Type": "application/json"}
    if code is not None:
        headers["X-Voting-Code"] = code
    data = body if isinstance(body, str) else json.dumps(body)
    return WsgiClient(application).put(BALLOT.format(slug=slug), data=data, headers=headers)


def test_reading_a_ballot_without_credentials_is_a_documented_401(api, voting):
    response = WsgiClient(application).get(BALLOT.format(slug="ungeliv"))
    assert response.status_code == 401
    documented(api, "GET", response)


def test_casting_without_credentials_is_documented(api, voting):
    response = put({"choices": []}, None)
    assert response.status_code == 403  # the session check's CSRF refusal comes first
    documented(api, "PUT", response)


def test_a_body_that_is_not_json_is_a_documented_400(api, voting, code):
    response = put("not json", code)
    assert response.status_code == 400
    documented(api, "PUT", response)


@pytest.mark.parametrize(
    "body",
    [
        {"choices": [{"proposal": 1}, {"proposal": 1}]},
        {"choices": [], "declare_eligible": 7.1e16},
        {},
    ],
    ids=["duplicate-proposal", "not-a-boolean", "no-choices"],
)
def test_field_errors_are_a_documented_422_with_a_list(api, voting, code, body):
    response = put(body, code)
    assert response.status_code == 422
    assert isinstance(json.loads(response.text)["detail"], list)
    documented(api, "PUT", response)


def test_an_account_declaration_that_cannot_hold_is_a_documented_422_with_field_errors(
    api, personas, wsgi_app
):
    process = make_process(
        personas,
        timezone.now(),
        current="voting",
        slug="konto",
        min_age=18,
        **ACCOUNTS_ONLY,
    )
    login = DjangoClient()
    login.force_login(personas.citizen)
    token = _get_new_csrf_string()
    client = WsgiClient(application)
    client.set_cookie("sessionid", login.cookies["sessionid"].value)
    client.set_cookie("csrftoken", token)
    first = proposal_ids(process)[0]
    body = {"choices": [{"proposal": first}], "declare_eligible": True, "birth_year": 2020}
    response = client.put(
        BALLOT.format(slug="konto"),
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert response.status_code == 422, response.text
    [error] = json.loads(response.text)["detail"]
    assert error["loc"] == ["body", "payload", "birth_year"]
    documented(api, "PUT", response)


def test_the_schema_documents_the_declared_birth_year_and_postcode(client):
    schema = client.get("/api/v1/openapi.json").json()
    properties = schema["components"]["schemas"]["BallotIn"]["properties"]
    assert "aldersgrænse" in properties["birth_year"]["description"]
    assert "fire cifre" in properties["postal_code"]["description"]
    assert schema["components"]["schemas"]["BallotIn"]["required"] == ["choices"]


def test_a_broken_ballot_rule_is_a_documented_422_with_a_sentence(api, voting, code):
    response = put({"choices": [{"proposal": 999_999}]}, code)
    assert response.status_code == 422
    assert isinstance(json.loads(response.text)["detail"], str)
    documented(api, "PUT", response)


def test_the_schema_says_each_proposal_at_most_once_and_on_the_ballot(client):
    schema = client.get("/api/v1/openapi.json").json()
    choices = schema["components"]["schemas"]["BallotIn"]["properties"]["choices"]
    assert choices["uniqueItems"] is True
    assert "på stemmesedlen" in choices["description"]


def test_a_ballot_can_be_read_while_voting_is_open_and_not_after(api, voting, code, personas):
    first = proposal_ids(voting)[0]
    assert put({"choices": [{"proposal": first}]}, code).status_code == 200
    read = WsgiClient(application).get(
        BALLOT.format(slug="ungeliv"), headers={"X-Voting-Code": code}
    )
    assert read.status_code == 200 and json.loads(read.text)["choices"] == [
        {"proposal": first, "value": 1}
    ]
    # Voting ends: the ballot is in the count and can no longer be shown to anyone holding the
    # code (it would be a receipt of how the person voted).
    Phase.objects.filter(process=voting, kind=PhaseKind.VOTING).update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    read = WsgiClient(application).get(
        BALLOT.format(slug="ungeliv"), headers={"X-Voting-Code": code}
    )
    assert read.status_code == 409
    assert (
        json.loads(read.text)["detail"]
        == "Afstemningen er slut; stemmesedlen kan ikke længere vises."
    )
    documented(api, "GET", read)
