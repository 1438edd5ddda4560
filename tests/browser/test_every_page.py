"""Every page of the site (tests/urlwalk.py: each URL pattern with real ids from the demo), as
every persona, at a phone's 375 px and a desktop's 1280 px: no page scrolls sideways (nor at the
narrowest phones' 320 px, the 375 px page narrowed in place), axe finds nothing serious or
critical, the footer is there, and a screenshot of each is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.conftest import screenshot, sign_in_context
from tests.browser.test_accessibility import _blocking_violations, _page_basics
from tests.urlwalk import all_routes, load_demo, url_for

pytestmark = pytest.mark.browser

PERSONAS = [None, "citizen", "volunteer", "caseworker", "coordinator", "admin", "auditor"]
WIDTHS = (375, 1280)
NARROWEST = 320  # small phones (iPhone SE 1st generation) and 400 % zoom of 1280 px (WCAG 1.4.10)
# Not pages: logging out, the API (JSON), files and downloads, the admin's own pages.
SKIPPED = {"accounts:logout"}
SKIPPED_PREFIXES = ("api-v1:",)


def _too_wide(page: Page, width: int) -> str:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll <= width:
        return ""
    culprits = page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
            .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
        width,
    )
    return f"{scroll}px wide ({', '.join(culprits)})"


# One test per persona and width (about a hundred pages each); a loaded CI machine may need
# more than the suite's default timeout for one of them.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("persona", PERSONAS, ids=[str(p) for p in PERSONAS])
def test_every_page_fits_a_phone_and_a_desktop_and_passes_axe(
    browser, live_server, personas, persona, width
):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the layout does not depend on the database: the SQLite run crawls it")
    load_demo(personas)
    problems: list[str] = []
    pages = 0
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 800},
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
    )
    context.set_default_timeout(15_000)
    if persona is not None:
        sign_in_context(context, live_server, getattr(personas, persona))
    page = context.new_page()
    for route in all_routes():
        if route.name in SKIPPED or route.name.startswith(SKIPPED_PREFIXES):
            continue
        path = url_for(route)
        # A fresh tab for each URL: a refused one's redirect never lands on the next.
        page.close()
        page = context.new_page()
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            # A POST-only URL (405 without a body) or a file download: not a page.
            if any(
                sign in str(error) for sign in ("ERR_HTTP_RESPONSE", "chrome-error", "Download is")
            ):
                continue
            raise
        assert response is not None
        if response.status >= 500:
            problems.append(f"{width}px {path}: HTTP {response.status}")
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status in (403, 404, 405) or page.url.rstrip("/").endswith("log-ind"):
            continue  # refused: the guard tests check who may see what
        pages += 1
        if wide := _too_wide(page, width):
            problems.append(f"{width}px {path}: {wide}")
        if page.locator("footer .footer").count() != 1:
            problems.append(f"{width}px {path}: no site footer")
        if width == min(WIDTHS):  # axe once per page, at phone width
            problems += [f"{path}: {v}" for v in _blocking_violations(page)]
            problems += [f"{path}: {v}" for v in _page_basics(page)]
        screenshot(page, f"every-{persona or 'anonymous'}-{width}-{route.name}")
        if width == min(WIDTHS):
            page.set_viewport_size({"width": NARROWEST, "height": 800})
            # A chart redraws on its resize observer, in the next animation frames.
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            if wide := _too_wide(page, NARROWEST):
                problems.append(f"{NARROWEST}px {path}: {wide}")
    context.close()
    assert pages > 20
    assert not problems, f"{persona or 'anonymous'} at {width}px:\n" + "\n".join(problems)
