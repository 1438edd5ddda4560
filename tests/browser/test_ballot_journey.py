"""A citizen votes with each ballot form on a phone: the proposals with their prices, the
running total as they choose, a summary to confirm, and a receipt; nothing scrolls sideways."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samskab.accounts.personas import Personas
from samskab.budgets import actions
from samskab.budgets.models import Ballot, BudgetProcess
from samskab.budgets.tests.factories import make_process
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _enter_code(page: Page, process: BudgetProcess, personas: Personas) -> None:
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="x")
    page.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})
    page.goto(reverse("budgets:vote", args=[process.slug]))
    page.get_by_label("Din afstemningskode").fill(code)
    page.get_by_role("button", name="Fortsæt").click()


def _confirm_and_check_receipt(
    page: Page, process: BudgetProcess, name: str, expected: list[str]
) -> None:
    _no_sideways_scroll(page)
    screenshot(page, f"ballot-{name}-chosen")
    page.get_by_role("button", name="Se din stemme").click()
    expect(page.get_by_role("heading", name="Kontrollér din stemme")).to_be_visible()
    summary = page.locator(".vote-summary").inner_text()
    assert [title for title in expected if title in summary] == expected
    assert Ballot.objects.filter(process=process).count() == 0
    _no_sideways_scroll(page)
    screenshot(page, f"ballot-{name}-summary")
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.get_by_role("heading", name="Din stemme er modtaget")).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, f"ballot-{name}-receipt")
    assert Ballot.objects.filter(process=process, is_current=True).count() == 1


def test_approval_ballot_counts_the_chosen(page, personas):
    process = make_process(personas, timezone.now(), current="voting", max_choices=2)
    _enter_code(page, process, personas)
    total = page.get_by_role("status").filter(has_text="forslag valgt")
    expect(total).to_have_text("0 af højst 2 forslag valgt.")
    page.get_by_label("Gåklub").check()
    expect(total).to_have_text("1 af højst 2 forslag valgt.")
    _confirm_and_check_receipt(page, process, "approval", ["Gåklub"])


def test_budget_ballot_shows_money_left_and_warns_over_the_pot(page, personas):
    process = make_process(personas, timezone.now(), current="voting", ballot_form="knapsack")
    _enter_code(page, process, personas)
    total = page.locator(".ballot-total")
    expect(total).to_have_text("Du har brugt 0 kr af 800.000 kr. Tilbage: 800.000 kr.")
    page.get_by_label("Fællesspisning").check()
    page.get_by_label("Café").check()
    expect(total).to_have_text("Du har brugt 700.000 kr af 800.000 kr. Tilbage: 100.000 kr.")
    page.get_by_label("Gåklub").check()
    expect(total).to_have_text(
        "Du har valgt for 900.000 kr: 100.000 kr mere end puljen på 800.000 kr. Fjern et forslag."
    )
    expect(total).to_have_class("ballot-total ballot-total-over")
    screenshot(page, "ballot-knapsack-over-pot")
    # The server refuses it as well, and keeps the choices.
    page.get_by_role("button", name="Se din stemme").click()
    expect(page.get_by_role("alert")).to_contain_text("men puljen er 800.000 kr")
    page.get_by_label("Café").uncheck()
    _confirm_and_check_receipt(page, process, "knapsack", ["Fællesspisning", "Gåklub"])


def test_points_ballot_adds_up_the_points(page, personas):
    process = make_process(
        personas, timezone.now(), current="voting", ballot_form="cumulative", points_total=5
    )
    _enter_code(page, process, personas)
    total = page.locator(".ballot-total")
    page.get_by_label("Point til Gåklub").fill("3")
    page.get_by_label("Point til Café").fill("2")
    expect(total).to_have_text("Du har brugt 5 af 5 point.")
    _confirm_and_check_receipt(page, process, "cumulative", ["Gåklub", "Café"])


def test_ranking_ballot_moves_rows_with_buttons(page, personas):
    process = make_process(personas, timezone.now(), current="voting", ballot_form="ranking")
    _enter_code(page, process, personas)
    # "Flyt op" on an unranked row gives it the next place, then moves it above the one before.
    page.get_by_role("button", name="Flyt op Fællesspisning").click()
    page.get_by_role("button", name="Flyt op Café").click()
    page.get_by_role("button", name="Flyt op Café").click()
    expect(page.get_by_label("Plads til Café")).to_have_value("1")
    expect(page.get_by_label("Plads til Fællesspisning")).to_have_value("2")
    rows = page.locator(".ballot-row .ballot-title").all_inner_texts()
    assert rows[:2] == ["Café", "Fællesspisning"]
    expect(page.locator(".ballot-total")).to_have_text("2 forslag har fået en plads.")
    _confirm_and_check_receipt(page, process, "ranking", ["Café", "Fællesspisning"])
    ballot = Ballot.objects.get(process=process, is_current=True)
    ranks = {c.proposal.title: c.rank for c in ballot.choices.select_related("proposal")}
    assert ranks == {"Café": 1, "Fællesspisning": 2}
