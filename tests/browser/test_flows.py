"""What people do, end to end in a real browser, found by accessible names (labels, roles,
button text) rather than CSS classes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BROWSER_PASSWORD, screenshot, with_password

pytestmark = pytest.mark.browser


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Log ind").click()
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("^adgangskode", re.IGNORECASE)).fill(password)
    page.get_by_role("main").get_by_role("button", name="Log ind").click()


def switch_language(page: Page, label: str, language: str, button: str) -> None:
    page.get_by_label(label, exact=True).select_option(label=language)
    page.get_by_role("button", name=button).click()


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
