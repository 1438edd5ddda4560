"""A citizen without an account follows a borgerbudget by e-mail on a phone: types the
address, confirms from the mail, is told when voting closes, and stops all mail with the
mail's one link. Every page at 375 px, none scrolling sideways."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from samskab.budgets import actions
from samskab.budgets.models import BudgetProcess, ProcessFollower
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in_context
from tests.urlwalk import load_demo

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "borgerbudget"
PROCESS = "/borgerbudget/ungeliv/"
ADDRESS = "nabo@example.org"


def _keep(page: Page, name: str, width: int = PHONE["width"]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shutil.copy(screenshot(page, name), DOCS / f"{name}.png")


def _path_in(message: mail.EmailMessage, part: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/\S*/{part}/\S+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def test_a_citizen_follows_by_email_and_stops_with_one_click(browser, live_server, personas):
    load_demo(personas)
    process = BudgetProcess.objects.get(slug="ungeliv")
    phone = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    page = phone.new_page()
    page.goto(PROCESS)
    box = page.locator("section.follow-box")
    expect(box.get_by_role("heading", name="Få besked på e-mail")).to_be_visible()
    mail.outbox.clear()
    box.get_by_label("Din e-mailadresse").fill("ikke en adresse")
    box.get_by_role("button", name="Følg med på e-mail").click()
    expect(page.get_by_text("Indtast en gyldig e-mail-adresse.")).to_be_visible()
    _keep(page, "follow-1-bad-address-375")
    page.get_by_label("Din e-mailadresse").fill(ADDRESS)
    page.get_by_role("button", name="Følg med på e-mail").click()
    expect(page.get_by_role("heading", name="Tjek din indbakke")).to_be_visible()
    _keep(page, "follow-2-check-inbox-375")

    [confirmation] = mail.outbox
    page.goto(_path_in(confirmation, "foelg"))
    _keep(page, "follow-3-confirm-375")
    page.get_by_role("button", name="Ja, følg borgerbudgettet").click()
    expect(page.get_by_role("heading", name="Du følger borgerbudgettet")).to_be_visible()
    _keep(page, "follow-4-following-375")
    assert ProcessFollower.objects.get(process=process, email=ADDRESS).is_following

    mail.outbox.clear()
    actions.close_voting_now(personas.coordinator, process)
    [closed] = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert closed.subject.startswith("Afstemningen er lukket")
    page.goto(_path_in(closed, "stop-mails"))
    _keep(page, "follow-5-stop-375")
    page.get_by_role("button", name="Ja, stop mails").click()
    expect(page.get_by_text('Du får ikke flere mails om "Ungeliv')).to_be_visible()
    assert ProcessFollower.objects.get(process=process, email=ADDRESS).stopped_at is not None
    phone.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_a_signed_in_citizen_follows_from_the_process_page(
    browser, live_server, personas, viewport
):
    load_demo(personas)
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    sign_in_context(context, live_server, personas.citizen)
    page = context.new_page()
    page.goto(PROCESS)
    page.get_by_role("button", name="Følg borgerbudgettet").click()
    expect(page.get_by_role("button", name="Stop mails om borgerbudgettet")).to_be_visible()
    page.locator("section.follow-box").scroll_into_view_if_needed()
    _keep(page, f"follow-signed-in-{viewport['width']}", viewport["width"])
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_voting_point_edit_page_with_its_openings_fits(
    browser, live_server, personas, viewport
):
    load_demo(personas)
    point = BudgetProcess.objects.get(slug="ungeliv").voting_points.order_by("pk").first()
    assert point is not None and point.openings.exists()
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    sign_in_context(context, live_server, personas.coordinator)
    page = context.new_page()
    page.goto(f"{PROCESS}stemmesteder/{point.pk}/rediger/")
    expect(page.get_by_role("button", name=re.compile("Slet")).first).to_be_visible()
    _keep(page, f"voting-point-edit-{viewport['width']}", viewport["width"])
    context.close()
