"""The Content-Security-Policy breaks nothing: no violation on the pages people use, htmx
still swaps a posted comment in without a page load, and the API docs render Swagger UI from
our own static files."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from samskab.newsletter.models import NewsPost
from tests.browser.conftest import screenshot, sign_in_context

pytestmark = pytest.mark.browser


def _watch_violations(page: Page) -> list[str]:
    """Every CSP violation the page reports (console message or securitypolicyviolation)."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' '"
        " + e.blockedURI))"
    )
    return seen


def test_htmx_comment_posting_works_under_the_policy(
    context: Any, live_server: Any, personas: Any
) -> None:
    call_command("demo", stdout=io.StringIO())
    sign_in_context(context, live_server, personas.citizen)
    page = context.new_page()
    violations = _watch_violations(page)
    post = NewsPost.objects.filter(published_at__isnull=False).order_by("pk").first()
    assert post is not None
    page.goto(f"/nyhedsbrev/nyheder/{post.slug}/")
    assert page.evaluate("typeof htmx") == "object"  # the vendored script ran
    page.evaluate("window.__noReload = true")
    comment = "Fint initiativ, set under den strenge CSP."
    page.get_by_label(re.compile("^Din kommentar")).fill(comment)
    page.get_by_role("button", name="Send kommentar").click()
    expect(page.get_by_text(comment)).to_be_visible()
    # Swapped in by htmx: the page (and the flag set in it) survived the post.
    assert page.evaluate("window.__noReload") is True
    for path in ["/", "/borgerbudget/", "/mentor/", "/konto/profil/", "/nyhedsbrev/"]:
        page.goto(path)
    assert violations == []


def test_api_docs_render_swagger_ui_from_our_static_files(page: Page) -> None:
    violations = _watch_violations(page)
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    page.goto("/api/v1/docs")
    expect(page.get_by_text("samskab borgerbudget API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/processes/{slug}/ballot").first).to_be_visible()
    screenshot(page, "api-docs")
    assert external == []
    assert violations == []
