"""A coordinator runs a borgerbudget on a phone with buttons, not raw dates: creates it, is told
why voting cannot open yet, locks the rules, opens the vote, closes it at once, reviews the
count and publishes it; a citizen votes in between and anyone then reads the result."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from samskab.budgets import actions
from samskab.budgets.models import BudgetProcess, Result
from samskab.budgets.phases import VotingStatus, voting_status
from samskab.budgets.tests.factories import make_process
from tests.browser.conftest import PHONE, screenshot, sign_in_context

pytestmark = pytest.mark.browser


def _phone(browser: Browser, live_server: LiveServer) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": PHONE["width"], "height": PHONE["height"]},
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def _fits(page: Page, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    screenshot(page, f"coordinator-{name}")


def test_a_coordinator_creates_a_process(browser, live_server, personas):
    page = _phone(browser, live_server)
    sign_in_context(page.context, live_server, personas.coordinator)
    page.goto(reverse("budgets:process_create"))
    page.get_by_label(re.compile("^Titel")).fill("Fællesskab i Nordby")
    page.get_by_label(re.compile("^Kort navn")).fill("nordby")
    page.get_by_label(re.compile("^Tema")).fill("Ensomhed blandt ældre")
    page.get_by_label(re.compile(r"^Område\b(?! for)")).fill("Nordby")
    page.get_by_label(re.compile("^Pulje")).fill("500000")
    page.get_by_label(re.compile("^Organisation")).select_option(label="Fjordby Kommune")
    _fits(page, "1-create")
    page.get_by_role("button", name=re.compile("^(Opret|Gem)")).click()
    # Created; the next step is its timeline.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tidsplan")
    assert BudgetProcess.objects.filter(slug="nordby", title="Fællesskab i Nordby").exists()
    _fits(page, "2-created-timeline")


def test_a_coordinator_locks_opens_closes_reviews_and_publishes(browser, live_server, personas):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", slug="fjord", lock=False)
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="x")
    page = _phone(browser, live_server)
    sign_in_context(page.context, live_server, personas.coordinator)
    detail = reverse("budgets:process_detail", args=[process.slug])

    # Not locked: the button explains why the vote cannot open, and offers the lock.
    page.goto(detail)
    page.get_by_role("link", name="Åbn afstemningen").click()
    expect(page.get_by_text("Reglerne er ikke låst")).to_be_visible()
    _fits(page, "3-open-refused")
    page.get_by_role("link", name="Lås reglerne").click()
    _fits(page, "4-lock-confirm")
    page.get_by_role("button", name="Lås reglerne").click()
    process.refresh_from_db()
    assert process.is_locked

    page.goto(detail)
    page.get_by_role("link", name="Åbn afstemningen").click()
    ends = timezone.localtime(now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label(re.compile("^Afstemningen slutter")).fill(ends)
    _fits(page, "5-open-voting")
    page.get_by_role("button", name="Åbn afstemningen nu").click()
    assert voting_status(process, timezone.now()) == VotingStatus.OPEN
    page.goto(detail)
    expect(page.get_by_role("link", name="Luk afstemningen nu")).to_be_visible()
    _fits(page, "6-voting-open")

    # A citizen votes with a code while it is open.
    citizen = _phone(browser, live_server)
    citizen.goto(reverse("budgets:vote", args=[process.slug]))
    citizen.get_by_label("Din afstemningskode").fill(code)
    citizen.get_by_role("button", name="Fortsæt").click()
    citizen.get_by_label("Gåklub").check()
    citizen.get_by_role("button", name="Se din stemme").click()
    citizen.get_by_role("button", name="Afgiv stemme").click()
    expect(citizen.get_by_role("heading", name="Din stemme er modtaget")).to_be_visible()

    # Closing now works at once and counts; the result waits for review.
    page.get_by_role("link", name="Luk afstemningen nu").click()
    _fits(page, "7-close-confirm")
    page.get_by_role("button", name="Ja, luk og tæl op").click()
    result = Result.objects.get(process=process)
    assert result.published_at is None and result.num_ballots == 1
    page.goto(reverse("budgets:results", args=[process.slug]))
    expect(page.get_by_role("heading", name="Til gennemsyn: ikke offentliggjort")).to_be_visible()
    _fits(page, "8-review")
    public = _phone(browser, live_server)
    public.goto(reverse("budgets:results", args=[process.slug]))
    expect(public.get_by_text("Gåklub")).to_have_count(0)

    page.get_by_role("link", name="Offentliggør resultatet").click()
    page.get_by_role("button", name="Ja, offentliggør").click()
    result.refresh_from_db()
    assert result.published_at is not None
    public.reload()
    expect(public.get_by_text(re.compile("^Flest stemmer først"))).to_be_visible()
    expect(public.locator(".result-funded")).to_contain_text("Gåklub")
    _fits(public, "9-published")
