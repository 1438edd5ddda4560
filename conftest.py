"""Fixtures every test can use: the personas (one per role), a client per persona, and for
browser tests Debian's chromium with an axe-core scanner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from samskab.accounts.personas import Personas, create_personas

PASSWORD = "test-password-123"


@pytest.fixture
def personas(db) -> Personas:
    return create_personas(PASSWORD)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_local_cache() -> Iterator[None]:
    """Counters in the cache (voting-code attempts) start at zero in every test. Only the local
    memory cache is cleared: a shared Redis is never flushed by a test."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        backend.clear()
    _no_branding_saved(backend)
    yield


def _no_branding_saved(backend: Any) -> None:
    """A fresh test database has no saved branding: the cache says so, as it does in production
    after the first page (one query a minute per process). Query counts then measure the page,
    and a branding cached by an earlier test (in a shared Redis) never leaks into this one."""
    from samskab.core.models import BRANDING_CACHE_KEY, BRANDING_CACHE_SECONDS, SiteBranding

    backend.set(BRANDING_CACHE_KEY, SiteBranding(), BRANDING_CACHE_SECONDS)


@pytest.fixture
def client_for(client, personas):
    """``client_for("coordinator")`` -> a test client logged in as that persona (or anonymous)."""

    def make(role: str | None):
        from django.test import Client

        new = Client()
        if role is not None:
            new.force_login(getattr(personas, role))
        return new

    return make


CHROMIUM = Path(os.environ.get("SAMSKAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root (CI containers)
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Module scope, not session: Playwright's sync API cannot be started twice in one thread, and
# each browser test module gets its own start and stop.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright (never a downloaded browser); fails, not skips, when
    chromium is missing, saying how to install it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}: run `apt-get install "
            "chromium` (as root; `make test` does it for you), or point SAMSKAB_CHROMIUM at it.",
            pytrace=False,
        )
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
    # database access from it ("You cannot call this from an async context").
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def session_cookie(user: Any) -> str:
    """A logged-in session for ``user``, to hand to a browser context as its cookie."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


AxeScan = Callable[..., list[str]]


@pytest.fixture
def axe_scan(browser, live_server, personas) -> AxeScan:
    """``axe_scan({"anonymous": [url, ...], "coordinator": [...]})`` visits each page as that
    persona and returns one report per page with axe violations (empty when all pass).
    ``options`` go to axe (e.g. only the WCAG 2.1 AA rules); with ``require_ok`` a page that does
    not answer 200 fails the test."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def scan(
        plan: Mapping[str, Sequence[str]],
        *,
        options: dict[str, Any] | None = None,
        require_ok: bool = True,
    ) -> list[str]:
        cookies = {
            role: session_cookie(getattr(personas, role)) for role in plan if role != "anonymous"
        }
        failures = []
        for role, urls in plan.items():
            context = browser.new_context()
            if role in cookies:
                context.add_cookies(
                    [{"name": "sessionid", "value": cookies[role], "url": live_server.url}]
                )
            page = context.new_page()
            for url in urls:
                response = page.goto(live_server.url + url)
                if require_ok:
                    assert response is not None and response.status == 200, (role, url)
                result = axe.run(page, options=options)
                if result.violations_count:
                    failures.append(f"{role} {url}\n{result.generate_report()}")
            context.close()
        return failures

    return scan


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The project's WSGI application for in-process tools (schemathesis, werkzeug), which
    keeps the test's database connection open between requests, as Django's test client does
    (otherwise ``request_finished`` would close it in the middle of the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from samskab.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Each run's browser screenshots only, so a reviewer never looks at a stale page. Done once,
    by the controlling process: xdist workers cleaning in turn would delete each other's."""
    if hasattr(session.config, "workerinput"):
        return
    screenshots = Path(__file__).resolve().parent / "test-artifacts" / "screenshots"
    for old in screenshots.glob("*.png"):
        old.unlink(missing_ok=True)
