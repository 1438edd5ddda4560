"""A coordinator sets up a voting point; its official enters a paper ballot, is refused the
same code again, then enters it as a correction with a reason; the list shows both."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from samskab.budgets import actions
from samskab.budgets.models import Ballot, BudgetProcess
from tests.browser.conftest import PHONE, screenshot, sign_in_context
from tests.urlwalk import load_demo

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "borgerbudget"
PROCESS = "/borgerbudget/ungeliv/"


def _keep(page: Page, name: str) -> None:
    """A 375 px screenshot that nothing scrolls sideways on, kept in the docs as well."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shutil.copy(screenshot(page, name), DOCS / f"{name}.png")


def test_a_voting_point_takes_paper_ballots_and_refuses_a_repeated_code(
    browser, live_server, personas
):
    load_demo(personas)
    process = BudgetProcess.objects.get(slug="ungeliv")
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="B")
    now = timezone.localtime()

    coordinator = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    sign_in_context(coordinator, live_server, personas.coordinator)
    page = coordinator.new_page()
    page.goto(PROCESS)
    page.get_by_role("link", name="Opret stemmested").click()
    page.get_by_label("Navn").fill("Biblioteket i Fjordby")
    page.get_by_label("Adresse").fill("Torvet 2, Fjordby")
    page.get_by_label(personas.volunteer.display_name).check()
    page.get_by_label("Åbner").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lukker").fill((now + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Biblioteket i Fjordby")).to_be_visible()
    page.goto(PROCESS)
    expect(page.get_by_text("Stem på papir: Biblioteket i Fjordby")).to_be_visible()
    coordinator.close()

    official = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    sign_in_context(official, live_server, personas.volunteer)
    page = official.new_page()
    page.goto(PROCESS)
    page.get_by_role("link", name="Stem på papir: Biblioteket i Fjordby").click()
    page.get_by_role("link", name="Indtast papirstemmer").click()
    entry = page.url
    points = page.locator("input[type=number]")  # the demo vote is cumulative
    page.get_by_label("Vælgerens afstemningskode").fill(code)
    points.nth(0).fill("1")
    _keep(page, "voting-point-entry-375")
    page.get_by_role("button", name="Registrer papirstemmen").click()
    expect(page.get_by_text("Papirstemmen er registreret.")).to_be_visible()

    page.get_by_label("Vælgerens afstemningskode").fill(code)
    points.nth(1).fill("1")
    page.get_by_role("button", name="Registrer papirstemmen").click()
    expect(page.get_by_text("Vælgeren har allerede en papirstemme").first).to_be_visible()
    expect(page.get_by_text("Biblioteket i Fjordby").first).to_be_visible()
    _keep(page, "voting-point-refused-375")
    assert Ballot.objects.filter(voting_point__name="Biblioteket i Fjordby").count() == 1

    page.goto(entry)
    page.get_by_label("Vælgerens afstemningskode").fill(code)
    points.nth(1).fill("1")
    page.get_by_label("Dette er en rettelse").check()
    page.get_by_label("Begrundelse for rettelsen").fill("Forkert kryds ved første indtastning")
    page.get_by_role("button", name="Registrer papirstemmen").click()
    expect(page.get_by_text("Rettelsen er registreret.")).to_be_visible()

    page.get_by_role("link", name="Indtastede papirstemmer").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("erstattet")
    expect(rows.nth(1)).to_contain_text("Forkert kryds ved første indtastning")
    _keep(page, "voting-point-list-375")
    official.close()
