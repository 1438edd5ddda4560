"""The ballot API with input the module's own tests do not try: huge numbers, bytes that are
not UTF-8, NUL and non-ASCII in the voting-code header. 4xx, nothing stored, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from samskab.budgets import actions
from samskab.budgets.models import Ballot
from samskab.budgets.tests.factories import make_process

URL = "/api/v1/processes/ensomhed/ballot"


@pytest.fixture
def code(personas):
    voting = make_process(personas, timezone.now(), current="voting")
    return actions.generate_voting_codes(personas.coordinator, voting, count=1, batch="api")[0]


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"choices": [{"proposal": 10**30}]}).encode(),
        json.dumps({"choices": [{"proposal": 1, "value": 10**30}]}).encode(),
        json.dumps({"choices": [{"proposal": -(10**30)}]}).encode(),
        b'{"choices": [{"proposal": "\xff\xfe"}]}',
        b"\xff\xfe\x00",
        json.dumps({"choices": [{"proposal": 1}] * 5000}).encode(),
    ],
)
@pytest.mark.django_db
def test_malformed_ballot_bodies_are_refused_without_a_server_error(code, body):
    client = Client(raise_request_exception=False)
    response = client.put(
        URL, body, content_type="application/json", headers={"X-Voting-Code": code}
    )
    assert 400 <= response.status_code < 500, response.content
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize("header", ["ABC\x00DEF", "æøå-kode", "x" * 10_000])
@pytest.mark.django_db
def test_malformed_voting_codes_are_refused_without_a_server_error(code, header):
    client = Client(raise_request_exception=False)
    body = json.dumps({"choices": [{"proposal": 1}]})
    response = client.put(
        URL, body, content_type="application/json", headers={"X-Voting-Code": header}
    )
    assert response.status_code in (401, 403), response.content
    assert Ballot.objects.count() == 0
