"""axe-core (WCAG 2.1 A/AA) finds no violations on the accounts and audit pages.

Drives Debian's chromium through Playwright. All database state is made before the browser
starts: Playwright's sync API runs an event loop, inside which Django refuses database calls.
"""

from __future__ import annotations

import shutil

import pytest
from django.test import Client
from django.urls import reverse

from samskab.accounts import actions
from samskab.accounts.models import User
from samskab.audit.actions import record_read

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ANONYMOUS_PAGES = [
    reverse("accounts:login"),
    reverse("accounts:signup"),
    reverse("accounts:signup_done"),
    reverse("accounts:resend_verification"),
    reverse("accounts:password_reset"),
    reverse("accounts:password_reset_done"),
    reverse("accounts:verify_email", args=["ugyldigt-token"]),
]
CITIZEN_PAGES = [
    reverse("accounts:profile"),
    reverse("accounts:consents"),
    reverse("accounts:password_change"),
    reverse("accounts:delete_account"),
]
ADMIN_PAGES = [
    reverse("audit:search"),
    reverse("audit:search") + "?action=read&date_from=2026-01-01",
    reverse("audit:search") + "?date_from=ikke-en-dato",
]


def _session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_pages_have_no_wcag_violations(live_server, personas):
    chromium = shutil.which("chromium")
    assert chromium, "browser tests need Debian's chromium (make browser-deps)"
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    actions.give_consent(
        personas.citizen,
        data_categories="Navn og telefonnummer",
        purpose="Kontakt fra en frivillig mentor",
        recipient=personas.association,
    )
    record_read(personas.caseworker, personas.citizen)
    sessions: dict[str | None, str] = {
        None: "",
        "citizen": _session_cookie(personas.citizen),
        "admin": _session_cookie(personas.admin),
    }
    plan = {None: ANONYMOUS_PAGES, "citizen": CITIZEN_PAGES, "admin": ADMIN_PAGES}
    axe = Axe()
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            # The scanner itself works: an image without alt text is a violation.
            probe = browser.new_page()
            probe.set_content('<html lang="da"><body><main><img src="x.png"></main></body></html>')
            assert axe.run(probe, options=WCAG_21_AA).violations_count > 0
            probe.close()
            for role, paths in plan.items():
                context = browser.new_context()
                cookie = sessions[role]
                if cookie:
                    context.add_cookies(
                        [{"name": "sessionid", "value": cookie, "url": live_server.url}]
                    )
                page = context.new_page()
                for path in paths:
                    page.goto(live_server.url + path)
                    results = axe.run(page, options=WCAG_21_AA)
                    if results.violations_count:
                        problems.append(f"{role} {path}:\n{results.generate_report()}")
                # a form with errors, as a person who mistyped would see it
                if role is None:
                    page.goto(live_server.url + reverse("accounts:signup"))
                    page.fill("#id_email", "ikke-en-adresse")
                    page.fill("#id_password1", "kort")
                    page.click("main button[type=submit]")
                    assert page.locator(".error").count() > 0
                    results = axe.run(page, options=WCAG_21_AA)
                    if results.violations_count:
                        problems.append(f"signup with errors:\n{results.generate_report()}")
                context.close()
        finally:
            browser.close()
    assert not problems, "\n\n".join(problems)
