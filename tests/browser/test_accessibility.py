"""An axe-core scan of every page a visitor can reach by following links, as an anonymous
visitor, a coordinator and an administrator; plus reflow at 320px, keyboard focus and
screenshots on desktop and phone."""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from samskab.core.templatetags.samskab_nav import url_if_exists
from tests.browser.conftest import PHONE, screenshot, sign_in_context

pytestmark = pytest.mark.browser

PAGES_PER_ROLE = 14
# Not pages to scan: logging out, the admin (Django's own), the language switch (POST only),
# static files and downloads.
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/sprog/", "/static/", "/media/", "/konto/log-ud/")
SKIPPED_WORDS = ("logout", "log-ud", "mine-data", "export", "download", "afmeld", "unsubscribe")
SEED_URL_NAMES = {
    "anonymous": ["accounts:login", "accounts:signup", "newsletter:subscribe"],
    "coordinator": ["discussion:moderation", "newsletter:compose", "mentoring:index"],
    "admin": ["audit:search", "discussion:moderation", "budgets:index"],
}
BLOCKING_IMPACTS = {"serious", "critical"}

axe = Axe()


def _same_site_links(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "as => as.map(a => a.href)")
    paths = []
    for href in hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIPPED_PREFIXES) or any(word in path for word in SKIPPED_WORDS):
            continue
        paths.append(path)
    return paths


def _blocking_violations(page: Page) -> list[str]:
    results = axe.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(
                f"{violation['impact']} {violation['id']}: {violation['help']} ({targets})"
            )
    return found


def _page_kind(path: str) -> str:
    """One visit per kind of page: "?emne=..." or "?next=..." variants, and the same view for
    comment 6 and comment 7, are the same page with other data."""
    return re.sub(r"\d+", "<n>", urlsplit(path).path)


def _crawl(page: Page, origin: str, role: str, start: list[str]) -> tuple[list[str], list[str]]:
    """Visit pages breadth-first from ``start``; returns (pages scanned, problems found)."""
    queue = deque(start)
    seen = {_page_kind(path) for path in start}
    scanned: list[str] = []
    problems: list[str] = []
    while queue and len(scanned) < PAGES_PER_ROLE:
        path = queue.popleft()
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file download, not a page
            raise
        assert response is not None
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        scanned.append(path)
        if response.status >= 500:
            problems.append(f"{role} {path}: HTTP {response.status}")
        problems += [f"{role} {path}: {v}" for v in _blocking_violations(page)]
        problems += [f"{role} {path}: {v}" for v in _page_basics(page)]
        screenshot(page, f"{role}{path}")
        for link in _same_site_links(page, origin):
            if _page_kind(link) not in seen:
                seen.add(_page_kind(link))
                queue.append(link)
    return scanned, problems


def _page_basics(page: Page) -> list[str]:
    """What axe does not check by itself: one h1, the language set, a skip link to main."""
    problems = []
    if page.locator("h1").count() != 1:
        problems.append(f"{page.locator('h1').count()} h1 headings, expected 1")
    if page.get_attribute("html", "lang") not in ("da", "en"):
        problems.append("html lang missing")
    if page.locator("main#main").count() != 1:
        problems.append("no <main id=main> for the skip link")
    return problems


@pytest.fixture
def demo_site(live_server, personas):
    """The personas plus every module's demo content, so the pages have something to show."""
    call_command("demo", stdout=io.StringIO())
    return personas


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "admin"])
def test_every_reachable_page_passes_axe(context, live_server, demo_site, role):
    if role != "anonymous":
        sign_in_context(context, live_server, getattr(demo_site, role))
    page = context.new_page()
    start = ["/", "/findes-ikke/"]
    # Pages not (yet) linked from the menu: scanned once their module has them.
    start += [url for name in SEED_URL_NAMES[role] if (url := url_if_exists(name))]
    scanned, problems = _crawl(page, live_server.url, role, start)
    assert "/" in scanned
    assert len(scanned) >= 2, scanned
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)


def test_pages_reflow_at_320px_and_look_right_on_a_phone(context, live_server, demo_site):
    page = context.new_page()
    page.set_viewport_size(PHONE)
    paths = ["/", "/konto/log-ind/", "/findes-ikke/"]
    page.goto("/")
    paths += [p for p in _same_site_links(page, live_server.url) if p not in paths][:6]
    too_wide = []
    for path in paths:
        page.set_viewport_size(PHONE)
        page.goto(path)
        screenshot(page, f"phone{path}")
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{path}: {width}px wide at 320px")
    assert not too_wide, "Pages that need sideways scrolling:\n" + "\n".join(too_wide)


def test_keyboard_reaches_content_through_the_skip_link_with_visible_focus(page):
    page.goto("/findes-ikke/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Gå til indhold"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # Focus continues inside the main content (its first link), not at the top of the page.
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Til forsiden"


def test_the_scan_does_catch_serious_problems(page):
    """Guard against a scan that silently checks nothing."""
    page.set_content(
        '<html lang="da"><body><main><h1>Prøve</h1>'
        '<form><input type="text" name="navn"></form><img src="x.png"></main></body></html>'
    )
    found = "\n".join(_blocking_violations(page))
    assert "label" in found  # the input has no label
    assert "image-alt" in found  # the image has no text alternative


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_public_service_pages_and_the_branding_page_pass_axe(context, live_server, personas, role):
    """The footer's pages (privacy, accessibility, cookies, contact) with a saved branding
    (logo, contact, extra link), and for staff the branding and page-editing forms."""
    from samskab.core.models import SiteBranding

    SiteBranding(
        municipality_name="Fjordby Kommune",
        primary_colour="#00558c",
        address="Rådhuspladsen 1\n7000 Fjordby",
        phone="70 10 20 30",
        email="kontakt@fjordby.dk",
        web="https://fjordby.dk",
        footer_links="Borgerservice | https://fjordby.dk/borgerservice",
    ).save()
    paths = ["/privatlivspolitik/", "/tilgaengelighed/", "/cookies/", "/kontakt/"]
    if role == "admin":
        sign_in_context(context, live_server, personas.admin)
        paths += ["/administration/branding/", "/administration/sider/privacy/"]
    page = context.new_page()
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        problems += [f"{role} {path}: {v}" for v in _blocking_violations(page)]
        problems += [f"{role} {path}: {v}" for v in _page_basics(page)]
        screenshot(page, f"{role}{path}")
    assert page.locator("footer .footer a[href='/privatlivspolitik/']").count() == 1
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)
