"""The proposal list as cards: search, filters, order and pages, all as plain GET links."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.budgets import actions
from samskab.budgets.models import BudgetProcess
from samskab.budgets.tests.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(personas):
    process = make_process(personas, timezone.now(), current="feasibility", slug="liste")
    process.proposals.all().delete()
    for number in range(15):
        actions.create_proposal(
            personas.citizen,
            process,
            title=f"Forslag {number:02d} {'bænke' if number % 3 == 0 else 'lys'}",
            description="Om parken" if number % 2 else "Om havnen",
            estimated_cost=10_000 + number * 1_000,
            category="Natur" if number < 5 else "Kultur",
            area="Nord" if number % 2 else "Syd",
        )
    first = process.proposals.order_by("pk")[0]
    actions.review_feasibility(
        personas.coordinator, first, feasible=True, public_reason="Kan lade sig gøre", final_cost=9
    )
    return process


def _titles(client: Client, process: BudgetProcess, query: str = "") -> list[str]:
    url = reverse("budgets:proposal_list", args=[process.slug]) + query
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<h2 class="h3 card-heading"><a href="[^"]+">([^<]+)</a>', response.text)


def test_twelve_cards_a_page_newest_first_and_a_second_page(process):
    client = Client()
    first = _titles(client, process)
    assert len(first) == 12
    assert first[0] == "Forslag 14 lys"
    second = _titles(client, process, "?side=2")
    assert second == ["Forslag 02 lys", "Forslag 01 lys", "Forslag 00 bænke"]


def test_search_finds_words_in_title_and_description(process):
    client = Client()
    assert _titles(client, process, "?q=b%C3%A6nke&order=title") == [
        "Forslag 00 bænke",
        "Forslag 03 bænke",
        "Forslag 06 bænke",
        "Forslag 09 bænke",
        "Forslag 12 bænke",
    ]
    assert len(_titles(client, process, "?q=havnen")) == 8


def test_filters_by_category_area_and_assessment(process):
    client = Client()
    assert len(_titles(client, process, "?category=Natur")) == 5
    assert len(_titles(client, process, "?category=Natur&area=Nord")) == 2
    assert _titles(client, process, "?status=feasible") == ["Forslag 00 bænke"]
    assert len(_titles(client, process, "?status=not_reviewed&order=cheapest")) == 12


def test_the_filters_offer_the_categories_and_areas_in_use(process):
    html = Client().get(reverse("budgets:proposal_list", args=[process.slug])).text
    assert '<option value="Kultur">Kultur</option>' in html
    assert '<option value="Nord">Nord</option>' in html


def test_order_by_supports_and_the_page_links_keep_the_filters(process, personas):
    popular = process.proposals.get(title="Forslag 07 lys")
    actions.support_proposal(personas.volunteer, popular)
    client = Client()
    assert _titles(client, process, "?order=supports")[0] == "Forslag 07 lys"
    html = client.get(
        reverse("budgets:proposal_list", args=[process.slug]) + "?area=Syd&order=title&side=1"
    ).text
    assert "8 af 15 forslag" in html
    assert "side=2" not in html  # 8 fit on one page
    many = client.get(reverse("budgets:proposal_list", args=[process.slug]) + "?order=title").text
    assert "?order=title&amp;side=2" in many


def test_an_unknown_filter_value_is_an_error_and_the_list_stays_whole(process):
    response = Client().get(
        reverse("budgets:proposal_list", args=[process.slug]) + "?category=Ukendt&side=99"
    )
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert "15 af 15 forslag" in response.text


def test_a_process_with_lists_gives_proposers_a_choice_and_refuses_other_values(
    process, personas, client_for
):
    from samskab.budgets.models import Proposal

    actions.update_process(
        personas.coordinator,
        process,
        proposal_categories="Natur\nKultur\n\nKultur",
        proposal_areas="Nord\nSyd",
    )
    process.refresh_from_db()
    assert process.category_list == ["Natur", "Kultur"]
    # Reopen the ideas phase so the page takes proposals.
    process.phases.filter(kind="ideas").update(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1),
    )
    client = client_for("citizen")
    url = reverse("budgets:proposal_create", args=[process.slug])
    page = client.get(url)
    assert page.status_code == 200  # the ideas phase, reopened above, takes proposals
    assert '<select name="category"' in page.text and '<option value="Nord">' in page.text
    data = {"title": "Nyt", "description": "x", "estimated_cost": "1000", "area": "Nord"}
    refused = client.post(url, {**data, "category": "Sport"})
    assert refused.status_code == 200 and not Proposal.objects.filter(title="Nyt").exists()
    client.post(url, {**data, "category": "Kultur"})
    assert Proposal.objects.get(title="Nyt").category == "Kultur"


def test_without_lists_the_proposer_writes_category_and_area(process, client_for):
    from samskab.budgets.forms import ProposalForm

    form = ProposalForm(process=process)
    assert form.fields["category"].widget.input_type == "text"
