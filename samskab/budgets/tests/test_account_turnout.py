"""Turnout for account voters: an account proves neither age nor address, so the first ballot
asks for the birth year and postcode the process needs; the voter keeps the age band and the
postcode (never the year), and turnout counts them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from samskab.budgets.identity import Identity, NotEligible, check_eligibility
from samskab.budgets.models import Ballot, BudgetProcess, ProofMethod, Voter
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids
from samskab.budgets.turnout import age_band
from samskab.budgets.views.results import turnout

RULES = {"min_age": 18, "postal_codes": "7000, 7080", **ACCOUNTS_ONLY}


def _ballot(process: BudgetProcess, first: int, **fields: str) -> dict[str, object]:
    return {"chosen": [first], "declare": "on", **fields}


def test_the_first_ballot_asks_birth_year_and_postcode(personas, client_for):
    process = make_process(personas, timezone.now(), current="voting", **RULES)
    page = client_for("citizen").get(reverse("budgets:vote", args=[process.slug])).content.decode()
    assert 'name="birth_year"' in page and 'autocomplete="bday-year"' in page
    assert 'name="postal_code"' in page and 'autocomplete="postal-code"' in page


def test_a_process_without_age_or_area_rules_asks_neither(personas, client_for):
    process = make_process(personas, timezone.now(), current="voting", **ACCOUNTS_ONLY)
    page = client_for("citizen").get(reverse("budgets:vote", args=[process.slug])).content.decode()
    assert 'name="birth_year"' not in page and 'name="postal_code"' not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Dette felt er påkrævet"),
        ({"birth_year": "1950", "postal_code": "70"}, "Skriv postnummeret med fire cifre."),
        ({"birth_year": "1850", "postal_code": "7000"}, "Skriv dit fødselsår med fire cifre"),
        (
            {"birth_year": str(timezone.localdate().year - 10), "postal_code": "7000"},
            "mindst 18 år",
        ),
        ({"birth_year": "1950", "postal_code": "8000"}, "Du bor ikke i området"),
    ],
)
def test_a_declaration_that_cannot_hold_is_refused_and_nothing_is_stored(
    personas, client_for, fields, message
):
    process = make_process(personas, timezone.now(), current="voting", **RULES)
    first = proposal_ids(process)[0]
    response = client_for("citizen").post(
        reverse("budgets:vote", args=[process.slug]),
        _ballot(process, first, confirmed="1", **fields),
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Ballot.objects.count() == 0 and Voter.objects.count() == 0


def test_the_voter_keeps_age_band_and_postcode_and_turnout_counts_them(personas, client_for):
    process = make_process(personas, timezone.now(), current="voting", **RULES)
    first, second, _third = proposal_ids(process)
    client = client_for("citizen")
    page = reverse("budgets:vote", args=[process.slug])
    summary = client.post(page, _ballot(process, first, birth_year="1950", postal_code="7080"))
    assert "Fødselsår: 1950." in summary.content.decode()
    assert "Postnummer: 7080." in summary.content.decode()
    client.post(page, _ballot(process, first, birth_year="1950", postal_code="7080", confirmed="1"))
    voter = Voter.objects.get(process=process)
    assert (voter.proof, voter.age_band, voter.area) == (ProofMethod.ACCOUNT, "65+", "7080")
    assert "1950" not in str(Voter.objects.filter(pk=voter.pk).values().get())
    # A changed ballot asks no more, and what was declared first stays.
    again = client.get(page).content.decode()
    assert 'name="birth_year"' not in again and 'name="postal_code"' not in again
    client.post(page, {"chosen": [second], "declare": "on", "confirmed": "1"})
    voter.refresh_from_db()
    assert (voter.age_band, voter.area) == ("65+", "7080")
    assert Ballot.objects.filter(voter=voter).count() == 2
    assert turnout(process)["total"] == 1


def test_a_declared_birth_year_is_a_declaration_not_a_proof(personas):
    process = make_process(personas, timezone.now(), current="voting", **RULES)
    identity = Identity(
        key="user:1", proof=ProofMethod.ACCOUNT, birth_year=1950, postal_code="7000"
    )
    with pytest.raises(NotEligible, match="Bekræft"):
        check_eligibility(process, identity, declared=False, today=timezone.localdate())
    check_eligibility(process, identity, declared=True, today=timezone.localdate())


def test_the_age_band_from_a_year_is_the_age_reached_this_year():
    today = timezone.localdate().replace(month=1, day=2)
    assert age_band(None, today, birth_year=today.year - 65) == "65+"
    assert age_band(None, today, birth_year=today.year - 64) == "50-64"
    assert age_band(None, today) == ""
