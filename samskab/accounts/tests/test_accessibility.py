"""axe-core (WCAG 2.1 A/AA) finds no violations on the accounts and audit pages.

Drives Debian's chromium through Playwright. All database state is made before the browser
starts: Playwright's sync API runs an event loop, inside which Django refuses database calls.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskab.accounts import actions
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


def test_pages_have_no_wcag_violations(axe_scan, browser, live_server, personas):
    from axe_playwright_python.sync_playwright import Axe

    actions.give_consent(
        None,
        personas.citizen,
        data_categories="Navn og telefonnummer",
        purpose="Kontakt fra en frivillig mentor",
        recipient=personas.association,
    )
    record_read(personas.caseworker, personas.citizen)
    axe = Axe()
    # The scanner itself works: an image without alt text is a violation.
    probe = browser.new_page()
    probe.set_content('<html lang="da"><body><main><img src="x.png"></main></body></html>')
    assert axe.run(probe, options=WCAG_21_AA).violations_count > 0
    probe.close()
    plan = {"anonymous": ANONYMOUS_PAGES, "citizen": CITIZEN_PAGES, "admin": ADMIN_PAGES}
    problems = axe_scan(plan, options=WCAG_21_AA, require_ok=False)
    # a form with errors, as a person who mistyped would see it
    page = browser.new_page()
    page.goto(live_server.url + reverse("accounts:signup"))
    page.fill("#id_email", "ikke-en-adresse")
    page.fill("#id_password1", "kort")
    page.click("main button[type=submit]")
    assert page.locator(".form-error-message").count() > 0
    results = axe.run(page, options=WCAG_21_AA)
    if results.violations_count:
        problems.append(f"signup with errors:\n{results.generate_report()}")
    page.close()
    assert not problems, "\n\n".join(problems)
