"""The ballot API asks an account voter for what the web ballot asks: the birth year and the
postcode the process's age and area rules need, on the first ballot. The voter keeps the age
band and the postcode (never the year); a value that cannot hold is a field error (422)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from samskab.budgets.models import Ballot, BudgetProcess, ProofMethod, Voter
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids
from samskab.budgets.turnout import age_band

pytestmark = pytest.mark.django_db
RULES = {"min_age": 18, "postal_codes": "7000, 7080", **ACCOUNTS_ONLY}


@pytest.fixture
def process(personas):
    return make_process(personas, timezone.now(), current="voting", **RULES)


def put(client: Client, process: BudgetProcess, **fields: Any) -> Any:
    first = proposal_ids(process)[0]
    body = {"choices": [{"proposal": first}], "declare_eligible": True, **fields}
    return client.put(
        f"/api/v1/processes/{process.slug}/ballot",
        json.dumps(body),
        content_type="application/json",
    )


@pytest.fixture
def client(personas):
    client = Client()
    client.force_login(personas.citizen)
    return client


def field_errors(response: Any) -> dict[str, str]:
    """The 422's field errors as {field: message}."""
    assert response.status_code == 422, response.content
    return {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}


def test_the_declared_birth_year_and_postcode_are_kept_as_age_band_and_area(client, process):
    year = timezone.localdate().year - 40
    response = put(client, process, birth_year=year, postal_code="7080")
    assert response.status_code == 200, response.content
    voter = Voter.objects.get(process=process)
    expected_band = age_band(None, timezone.localdate(), birth_year=year)
    assert (voter.proof, voter.age_band, voter.area) == (ProofMethod.ACCOUNT, expected_band, "7080")
    assert expected_band == "30-49"
    assert str(year) not in str(Voter.objects.filter(pk=voter.pk).values().get())


def test_a_later_ballot_needs_neither_and_keeps_the_first_values(client, process):
    year = timezone.localdate().year - 70
    assert put(client, process, birth_year=year, postal_code="7000").status_code == 200
    assert put(client, process).status_code == 200  # asked no more
    later = put(client, process, birth_year=year + 30, postal_code="7080")
    assert later.status_code == 200
    voter = Voter.objects.get(process=process)
    assert (voter.age_band, voter.area) == ("65+", "7000")
    assert Ballot.objects.filter(voter=voter).count() == 3


def test_too_young_is_a_field_error_and_nothing_is_stored(client, process):
    response = put(client, process, birth_year=timezone.localdate().year - 10, postal_code="7000")
    assert field_errors(response) == {"birth_year": "Du skal være mindst 18 år for at stemme."}
    assert Ballot.objects.count() == 0 and Voter.objects.count() == 0


def test_outside_the_area_is_a_field_error(client, process):
    response = put(client, process, birth_year=1950, postal_code="8000")
    assert field_errors(response) == {
        "postal_code": "Du bor ikke i området for dette borgerbudget."
    }
    assert Voter.objects.count() == 0


def test_both_are_required_on_the_first_ballot(client, process):
    errors = field_errors(put(client, process))
    assert set(errors) == {"birth_year", "postal_code"}
    assert errors["birth_year"] == "Skriv dit fødselsår med fire cifre, fx 1948."
    assert errors["postal_code"] == "Skriv postnummeret med fire cifre."
    only_year = field_errors(put(client, process, birth_year=1950))
    assert set(only_year) == {"postal_code"}
    assert Ballot.objects.count() == 0 and Voter.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"birth_year": 1850, "postal_code": "7000"}, "birth_year"),
        ({"birth_year": timezone.localdate().year + 1, "postal_code": "7000"}, "birth_year"),
        ({"birth_year": 1950, "postal_code": "70"}, "postal_code"),
        ({"birth_year": 1950, "postal_code": "70000"}, "postal_code"),
    ],
)
def test_malformed_values_are_field_errors(client, process, fields, field):
    assert set(field_errors(put(client, process, **fields))) == {field}
    assert Ballot.objects.count() == 0


def test_a_process_without_rules_asks_neither(client, personas):
    process = make_process(personas, timezone.now(), current="voting", slug="fri", **ACCOUNTS_ONLY)
    assert put(client, process).status_code == 200
    voter = Voter.objects.get(process=process)
    assert (voter.age_band, voter.area) == ("", "")


def test_the_declaration_still_needs_the_checkbox(client, process):
    response = put(client, process, birth_year=1950, postal_code="7000", declare_eligible=False)
    assert response.status_code == 403
    assert "Bekræft" in response.json()["detail"]
    assert Voter.objects.count() == 0
