"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's
live server. No browser is ever downloaded; the ``browser`` fixture (root conftest.py) fails
and says how to install chromium when it is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from samskab.accounts.models import User

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in test-artifacts/screenshots/ (kept by CI as an artefact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


BROWSER_PASSWORD = "browser-test-password-2026"


def with_password(user: User) -> User:
    """Give ``user`` a password known to the browser test, to type into the login form."""
    user.set_password(BROWSER_PASSWORD)
    user.save(update_fields=["password"])
    return user


def sign_in_context(context: BrowserContext, live_server: LiveServer, user: User) -> None:
    """Give the browser a session for ``user`` without going through the login form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
