"""axe scans of the news, comment, moderation and newsletter pages in Debian's chromium."""

from __future__ import annotations

import os
import shutil

import pytest
from django.urls import reverse

from samskab.discussion import actions as discussion
from samskab.newsletter import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def pages(personas):
    topic = actions.ensure_topic("Borgerbudget", "borgerbudget")
    post = actions.publish_news_post(
        personas.coordinator, topic, "Borgerbudget 2027", "Kom med idéer."
    )
    comment = discussion.post_comment(
        personas.citizen, post, "En legeplads, tak.\nhttps://example.org"
    )
    hidden = discussion.post_comment(personas.outsider, post, "Grimt sprog")
    discussion.hide_comment(personas.admin, hidden, "Tonen")
    discussion.report_comment(personas.volunteer, comment, "Reklame")
    return {
        "anonymous": [
            reverse("newsletter:news_list"),
            post.get_absolute_url(),
            reverse("newsletter:subscribe"),
            reverse("newsletter:check_inbox"),
        ],
        "coordinator": [
            post.get_absolute_url(),
            reverse("discussion:moderation"),
            reverse("discussion:hide", args=[comment.pk]),
            reverse("newsletter:compose"),
            reverse("newsletter:issues"),
            reverse("newsletter:news_create"),
            reverse("newsletter:news_send", args=[post.slug]),
        ],
        "citizen": [
            reverse("discussion:edit", args=[comment.pk]),
            reverse("discussion:delete", args=[comment.pk]),
        ],
        "volunteer": [post.get_absolute_url()],
    }


def test_pages_have_no_axe_violations(live_server, client_for, pages, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    sessions = {
        role: client_for(role).cookies["sessionid"].value for role in pages if role != "anonymous"
    }
    # Playwright's sync API runs an event loop in this thread; the ORM is not used past here.
    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    axe = Axe()
    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for role, urls in pages.items():
            context = browser.new_context()
            if role in sessions:
                context.add_cookies(
                    [{"name": "sessionid", "value": sessions[role], "url": live_server.url}]
                )
            page = context.new_page()
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response is not None and response.status == 200, (role, url)
                result = axe.run(page)
                if result.violations_count:
                    failures.append(f"{role} {url}\n{result.generate_report()}")
            context.close()
        browser.close()
    assert not failures, "\n".join(failures)


def test_comment_posts_with_htmx_without_leaving_the_page(
    live_server, client_for, personas, monkeypatch
):
    from playwright.sync_api import sync_playwright

    topic = actions.ensure_topic("Borgerbudget", "borgerbudget")
    post = actions.publish_news_post(
        personas.coordinator, topic, "Borgerbudget 2027", "Kom med idéer."
    )
    session = client_for("citizen").cookies["sessionid"].value
    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(locale="da-DK")
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + post.get_absolute_url())
        page.wait_for_function("() => window.htmx !== undefined")
        page.evaluate("() => { window.stillHere = true; }")
        page.fill("textarea[name=body]", "Skrevet <b>uden</b> genindlæsning")
        page.click("text=Send kommentar")
        page.wait_for_selector("text=Skrevet <b>uden</b> genindlæsning")
        assert page.evaluate("() => window.stillHere") is True
        assert page.input_value("textarea[name=body]") == ""
        assert page.locator("main b").count() == 0
        browser.close()
