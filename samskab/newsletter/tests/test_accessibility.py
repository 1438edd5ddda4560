"""axe scans of the news, comment, moderation and newsletter pages in Debian's chromium."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskab.discussion import actions as discussion
from samskab.newsletter import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_pages_have_no_axe_violations(axe_scan, pages):
    failures = axe_scan(pages)
    assert not failures, "\n".join(failures)


def test_comment_posts_with_htmx_without_leaving_the_page(
    browser, live_server, client_for, personas
):
    topic = actions.ensure_topic("Borgerbudget", "borgerbudget")
    post = actions.publish_news_post(
        personas.coordinator, topic, "Borgerbudget 2027", "Kom med idéer."
    )
    context = browser.new_context(locale="da-DK")
    session = client_for("citizen").cookies["sessionid"].value
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
    context.close()
