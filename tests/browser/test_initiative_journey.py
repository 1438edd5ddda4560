"""Journey J1 of co-created initiatives, its first part, on a phone: a coordinator starts an
initiative, invites the municipality, whose administrator accepts from the mail; the problem
statement is written and signed, and shows as not agreed until every partner and a target-group
representative have signed.
Every page at 375 px, none scrolling sideways; the public page also at 1280 px."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from samskab.accounts.models import User
from samskab.initiatives.models import Initiative
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in_context
from tests.urlwalk import load_demo

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "initiatives"


def _keep(page: Page, name: str, width: int = PHONE["width"]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, name), DOCS / f"{name}.png")


def _phone(browser: Any, live_server: LiveServer, user: User) -> BrowserContext:
    context: BrowserContext = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    sign_in_context(context, live_server, user)
    return context


def test_a_partnership_starts_and_defines_its_problem_together(browser, live_server, personas):
    carl = _phone(browser, live_server, personas.coordinator)
    page = carl.new_page()
    page.goto("/indsatser/")
    page.get_by_role("link", name="Start en indsats").click()
    page.get_by_label("Initiativtager").select_option(label=personas.association.name)
    page.get_by_label("Navn").fill("Lektiecafé i Østerlund")
    page.get_by_label("Område").fill("Østerlund")
    page.get_by_label("Målgruppe").fill("Børn med få netværk")
    _keep(page, "initiative-1-start-375")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Lektiecafé i Østerlund")).to_be_visible()
    initiative = Initiative.objects.get()

    page.get_by_role("link", name="Invitér en partner").click()
    page.get_by_label("Organisation").select_option(label=personas.municipality.name)
    page.get_by_label("Rolle").select_option(label="Medejer")
    page.get_by_label("Repræsentantens e-mail").fill(personas.admin.email)
    page.get_by_label("Partnerskabsaftale").fill("Vi lægger en konsulent og lokaler til.")
    _keep(page, "initiative-2-invite-375")
    mail.outbox.clear()
    page.get_by_role("button", name="Send invitationen").click()
    expect(page.get_by_text("Inviteret, ikke svaret endnu")).to_be_visible()
    [invitation] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/indsatser/invitation/\S+/)", str(invitation.body))
    assert link

    anna = _phone(browser, live_server, personas.admin)
    accept = anna.new_page()
    accept.goto(link.group(1))
    _keep(accept, "initiative-3-accept-375")
    accept.get_by_role("button", name="Tag imod invitationen").click()
    expect(accept.get_by_text("Fjordby Kommune er nu partner i indsatsen.")).to_be_visible()
    accept.get_by_role("link", name="Formulér problemet").click()
    accept.get_by_label("Problemet, som partnerskabet ser det").fill(
        "Børn i Østerlund har få voksne at spørge om lektier."
    )
    accept.get_by_role("button", name="Gem udgaven").click()
    accept.get_by_role("button", name="Skriv under for Fjordby Kommune").click()
    expect(accept.get_by_text("Ikke fælles endnu")).to_be_visible()
    expect(accept.get_by_text("Mangler: Fjordby Frivilligcenter.")).to_be_visible()
    _keep(accept, "initiative-4-not-agreed-375")

    page.goto(initiative.get_absolute_url())
    page.get_by_role("button", name="Skriv under for Fjordby Frivilligcenter").click()
    # Every partner signed, but no target-group representative: still not agreed.
    expect(page.get_by_text("Målgruppens repræsentant har ikke skrevet under.")).to_be_visible()
    assert initiative.current_statement().signatures.count() == 2  # type: ignore[union-attr]
    carl.close()
    anna.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_public_initiative_page_fits(browser, live_server, personas, viewport):
    load_demo(personas)
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    page = context.new_page()
    page.goto("/indsatser/")
    page.get_by_role("link", name="Frem i Lyset Fjordby").click()
    expect(page.get_by_role("heading", name="Problemet, vi løser sammen")).to_be_visible()
    expect(page.get_by_text("Ikke fælles endnu")).to_be_visible()
    _keep(page, f"initiative-public-{viewport['width']}", viewport["width"])
    context.close()
