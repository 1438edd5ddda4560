"""What people do, end to end in a real browser, found by accessible names (labels, roles,
button text) rather than CSS classes."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from samskab.core.templatetags.samskab_nav import url_if_exists
from tests.browser.conftest import BROWSER_PASSWORD, screenshot, with_password

pytestmark = pytest.mark.browser


def main_menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name=re.compile("^(Hovedmenu|Main menu)$"))


def site_header(page: Page) -> Locator:
    """The header's own buttons: log in, sign up, log out (beside the menu, as DKFDS puts them)."""
    return page.get_by_role("banner")


def log_in(page: Page, email: str, password: str) -> None:
    site_header(page).get_by_role("link", name="Log ind").click()
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("^Adgangskode")).fill(password)
    page.get_by_role("main").get_by_role("button", name="Log ind").click()


def switch_language(page: Page, label: str, language: str, button: str) -> None:
    """With the switch in the page header (a profile page has its own language field)."""
    header = page.get_by_role("banner")
    # The phone's menu drawer has the same switch, hidden on a desktop.
    header.get_by_label(label, exact=True).filter(visible=True).select_option(label=language)
    header.get_by_role("button", name=button).filter(visible=True).click()


def test_log_in_then_switch_to_english_and_back(page, personas):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    log_in(page, with_password(personas.citizen).email, BROWSER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Min profil")

    switch_language(page, "Sprog", "English", "Skift sprog")
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "flow-profile-in-english")
    personas.citizen.refresh_from_db()
    assert personas.citizen.preferred_language == "en"

    page.get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to samskab")
    switch_language(page, "Language", "Dansk", "Change language")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til samskab")
    personas.citizen.refresh_from_db()
    assert personas.citizen.preferred_language == "da"


def test_wrong_password_is_refused_in_plain_danish(page, personas):
    page.goto("/")
    log_in(page, personas.citizen.email, "not-the-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)


def test_sign_up_confirm_log_in_comment_and_switch_language(page, live_server, mailoutbox):
    for needed in ("accounts:signup", "newsletter:news_list"):
        assert url_if_exists(needed), f"this flow needs {needed} (accounts and news modules)"
    call_command("demo", stdout=io.StringIO())  # news posts to comment on
    email = "ny.borger@example.org"
    password = "Fjordbyen-er-dejlig-42"

    page.goto("/")
    site_header(page).get_by_role("link", name="Opret konto").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile("^Navn")).fill("Nora Nielsen")
    page.get_by_label(re.compile("^Adgangskode")).fill(password)
    page.get_by_label(re.compile("^Gentag adgangskode")).fill(password)
    page.get_by_role("main").get_by_role("button", name="Opret konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    screenshot(page, "flow-signup-check-your-email")

    # Not yet confirmed: login is refused.
    log_in(page, email, password)
    expect(page.get_by_role("main").get_by_role("button", name="Log ind")).to_be_visible()
    expect(site_header(page).get_by_role("button", name="Log ud")).to_have_count(0)

    [mail] = [message for message in mailoutbox if email in message.to]
    link = re.search(r"https?://\S+", mail.body)
    assert link is not None, mail.body
    page.goto(urlsplit(link.group(0)).path)
    expect(page.get_by_role("status")).to_contain_text("bekræftet")

    log_in(page, email, password)
    expect(site_header(page).get_by_role("button", name="Log ud")).to_be_visible()

    main_menu(page).get_by_role("link", name="Nyheder").click()
    # The news list: each post is a heading linking to it.
    page.get_by_role("main").get_by_role("heading", level=2).get_by_role("link").first.click()
    comment = "Godt initiativ - jeg vil gerne hjælpe til på lørdag."
    page.get_by_label(re.compile("^Din kommentar")).fill(comment)
    page.get_by_role("button", name="Send kommentar").click()
    expect(page.get_by_text(comment)).to_be_visible()
    screenshot(page, "flow-comment-posted")

    switch_language(page, "Sprog", "English", "Skift sprog")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(main_menu(page).get_by_role("link", name="News")).to_be_visible()
    expect(site_header(page).get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_text(comment)).to_be_visible()
    screenshot(page, "flow-comment-in-english")
