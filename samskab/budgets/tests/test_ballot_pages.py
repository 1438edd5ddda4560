"""Ballots that help: the proposal as the voter sees it, rows named in errors, a summary to
confirm before anything is stored, a receipt after, and prices above the pot flagged."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.accounts.personas import Personas
from samskab.budgets import actions
from samskab.budgets.models import Ballot, BudgetProcess, Proposal
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids


def _code_client(process: BudgetProcess, personas: Personas) -> Client:
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="x")
    client = Client()
    client.post(reverse("budgets:vote_with_code", args=[process.slug]), {"code": code})
    return client


def test_the_ballot_shows_each_proposal_with_price_summary_and_a_link(personas):
    process = make_process(personas, timezone.now(), current="voting")
    proposal = Proposal.objects.get(process=process, title="Gåklub")
    Proposal.objects.filter(pk=proposal.pk).update(
        description="Vi går sammen hver tirsdag. " + "Ord " * 60
    )
    page = _code_client(process, personas).get(reverse("budgets:vote", args=[process.slug]))
    html = page.content.decode()
    assert "Pris: 200.000 kr" in html
    assert "Vi går sammen hver tirsdag." in html
    assert reverse("budgets:proposal_detail", args=[process.slug, proposal.pk]) in html
    assert "Læs mere om Gåklub" in html
    assert 'data-cost="200000"' in html


def test_nothing_is_stored_until_the_voter_confirms_the_summary(personas):
    process = make_process(personas, timezone.now(), current="voting")
    first, second, _third = proposal_ids(process)
    client = _code_client(process, personas)
    page = reverse("budgets:vote", args=[process.slug])
    summary = client.post(page, {"chosen": [first, second]})
    assert summary.status_code == 200
    html = summary.content.decode()
    assert "Kontrollér din stemme" in html and "Du stemmer på" in html
    assert "Fællesspisning" in html and "Gåklub" in html
    assert Ballot.objects.count() == 0
    # "Ret stemmesedlen" goes back with the choices kept and still nothing stored.
    back = client.post(page, {"chosen": [first, second], "edit": "1"})
    checked = re.findall(r'name="chosen" value="(\d+)"[^>]* checked', back.content.decode())
    assert sorted(map(int, checked)) == sorted([first, second])
    assert Ballot.objects.count() == 0
    cast = client.post(page, {"chosen": [first, second], "confirmed": "1"})
    assert cast.status_code == 302
    assert cast["Location"] == reverse("budgets:vote_receipt", args=[process.slug])
    ballot = Ballot.objects.get(is_current=True)
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {first, second}


def test_an_invalid_ballot_stays_on_the_ballot_and_never_reaches_the_summary(personas):
    process = make_process(personas, timezone.now(), current="voting", ballot_form="knapsack")
    client = _code_client(process, personas)
    response = client.post(
        reverse("budgets:vote", args=[process.slug]), {"chosen": proposal_ids(process)}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Kontrollér din stemme" not in html
    assert "900.000 kr, men puljen er 800.000 kr" in html


def test_the_receipt_shows_the_ballot_and_how_to_change_it(personas):
    process = make_process(personas, timezone.now(), current="voting")
    first = proposal_ids(process)[0]
    client = _code_client(process, personas)
    client.post(reverse("budgets:vote", args=[process.slug]), {"chosen": [first], "confirmed": "1"})
    receipt = client.get(reverse("budgets:vote_receipt", args=[process.slug]))
    html = receipt.content.decode()
    assert receipt.status_code == 200
    assert "Din stemme er modtaget" in html and "Fællesspisning" in html
    assert "Kun den sidste stemme tæller" in html
    assert "Brug den samme kode igen" in html


def test_a_receipt_is_only_the_visitors_own(personas, client_for):
    process = make_process(personas, timezone.now(), current="voting", **ACCOUNTS_ONLY)
    first = proposal_ids(process)[0]
    client_for("citizen").post(
        reverse("budgets:vote", args=[process.slug]),
        {"chosen": [first], "declare": "on", "confirmed": "1"},
    )
    assert Ballot.objects.count() == 1
    receipt = reverse("budgets:vote_receipt", args=[process.slug])
    assert client_for("citizen").get(receipt).status_code == 200
    for other in (Client(), client_for("volunteer")):
        response = other.get(receipt)
        assert response.status_code == 302
        assert response["Location"] == reverse("budgets:vote", args=[process.slug])


def test_a_ranking_error_names_the_rows(personas):
    process = make_process(personas, timezone.now(), current="voting", ballot_form="ranking")
    first, second, third = proposal_ids(process)
    client = _code_client(process, personas)
    page = reverse("budgets:vote", args=[process.slug])
    shared = client.post(page, {f"p{first}": "1", f"p{second}": "1"}).content.decode()
    assert "Plads 1 er også givet til «Gåklub»" in shared
    assert "Plads 1 er også givet til «Fællesspisning»" in shared
    gap = client.post(page, {f"p{first}": "1", f"p{third}": "3"}).content.decode()
    assert "Ingen har plads 2, så denne kan ikke have plads 3." in gap
    assert Ballot.objects.count() == 0


def test_a_ranking_summary_lists_places_in_order(personas):
    process = make_process(personas, timezone.now(), current="voting", ballot_form="ranking")
    first, second, third = proposal_ids(process)
    client = _code_client(process, personas)
    html = client.post(
        reverse("budgets:vote", args=[process.slug]),
        {f"p{first}": "3", f"p{second}": "1", f"p{third}": "2"},
    ).content.decode()
    order = [html.index(title) for title in ("Gåklub", "Café", "Fællesspisning")]
    assert order == sorted(order)


def test_an_author_is_told_at_once_that_the_price_is_above_the_pot(personas, client_for):
    process = make_process(personas, timezone.now(), current="ideas")
    response = client_for("citizen").post(
        reverse("budgets:proposal_create", args=[process.slug]),
        {"title": "Nyt kulturhus", "description": "Et hus", "estimated_cost": "2000000"},
        follow=True,
    )
    assert "koster mere end hele puljen på 800.000 kr" in response.content.decode()
    cheap = client_for("citizen").post(
        reverse("budgets:proposal_create", args=[process.slug]),
        {"title": "Bænke", "description": "Bænke", "estimated_cost": "20000"},
        follow=True,
    )
    assert "hele puljen" not in cheap.content.decode()


def test_a_price_above_the_pot_is_flagged_to_author_and_reviewer_only(personas, client_for):
    process = make_process(personas, timezone.now(), current="feasibility")
    proposal = actions.create_proposal(
        personas.citizen,
        process,
        title="Nyt kulturhus",
        description="Et hus",
        estimated_cost=2_000_000,
    )
    detail = reverse("budgets:proposal_detail", args=[process.slug, proposal.pk])
    flag = "Prisen er højere end hele puljen"
    assert flag in client_for("citizen").get(detail).content.decode()
    assert flag in client_for("coordinator").get(detail).content.decode()
    for other in (Client(), client_for("volunteer")):
        assert flag not in other.get(detail).content.decode()
    review = reverse("budgets:feasibility_review", args=[process.slug, proposal.pk])
    assert flag in client_for("coordinator").get(review).content.decode()
    # Reviewed down to a price within the pot, the flag goes.
    actions.review_feasibility(
        personas.coordinator,
        proposal,
        feasible=True,
        public_reason="Mindre hus",
        final_cost=700_000,
    )
    assert flag not in client_for("citizen").get(detail).content.decode()
