"""Reporting, hiding, unhiding, the moderation queue, the audit trail, and custom rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from samskab.audit.models import AuditEvent
from samskab.discussion import actions, registry
from samskab.discussion.models import CommentReport
from samskab.discussion.sections import section_context
from samskab.newsletter.models import NewsPost
from samskab.newsletter.permissions import (
    can_moderate_news_comments,
    can_read_news_post,
    can_write_news,
)

ROLES = ["admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]
MODERATORS = ["admin", "coordinator"]  # staff admin, and who may write news
NOT_MODERATORS = [role for role in ROLES if role not in MODERATORS]


def report_url(comment: Any) -> str:
    return reverse("discussion:report", args=[comment.pk])


def hide_url(comment: Any) -> str:
    return reverse("discussion:hide", args=[comment.pk])


def unhide_url(comment: Any) -> str:
    return reverse("discussion:unhide", args=[comment.pk])


# --- report ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in ROLES if r != "citizen"])
def test_any_logged_in_reader_but_the_author_may_report(
    client_for, personas, citizen_comment, role
):
    client = client_for(role)
    assert "Send anmeldelse" in client.get(report_url(citizen_comment)).text
    response = client.post(report_url(citizen_comment), {"reason": "Upassende"})
    assert response.status_code == 302
    report = CommentReport.objects.get()
    assert report.reporter == getattr(personas, role)
    assert report.reason == "Upassende"


def test_author_may_not_report_own_comment(client_for, citizen_comment):
    assert (
        client_for("citizen").post(report_url(citizen_comment), {"reason": "x"}).status_code == 403
    )
    assert not CommentReport.objects.exists()


def test_anonymous_report_goes_to_login(client, citizen_comment):
    response = client.post(report_url(citizen_comment), {"reason": "x"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert not CommentReport.objects.exists()


def test_one_report_per_reader_per_comment(client_for, citizen_comment):
    client = client_for("volunteer")
    assert client.post(report_url(citizen_comment), {"reason": "Første"}).status_code == 302
    response = client.post(report_url(citizen_comment), {"reason": "Anden"})
    assert response.status_code == 400
    assert "Du har allerede anmeldt denne kommentar." in response.text
    assert CommentReport.objects.get().reason == "Første"


def test_report_needs_a_reason(client_for, citizen_comment):
    response = client_for("volunteer").post(report_url(citizen_comment), {"reason": "   "})
    assert response.status_code == 400
    assert "Skriv en begrundelse." in response.text
    assert not CommentReport.objects.exists()


def test_reader_sees_that_they_reported(client_for, personas, citizen_comment, post):
    actions.report_comment(personas.volunteer, citizen_comment, "Spam")
    text = client_for("volunteer").get(post.get_absolute_url()).text
    assert "Du har anmeldt denne kommentar." in text
    assert f'href="{report_url(citizen_comment)}"' not in text


# --- hide and unhide ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_non_moderators_may_not_hide(client_for, citizen_comment, role):
    client = client_for(role)
    assert client.get(hide_url(citizen_comment)).status_code == 403
    assert client.post(hide_url(citizen_comment), {"reason": "Nej"}).status_code == 403
    citizen_comment.refresh_from_db()
    assert not citizen_comment.is_hidden


def test_anonymous_hide_goes_to_login(client, citizen_comment):
    assert client.post(hide_url(citizen_comment), {"reason": "Nej"}).status_code == 302
    citizen_comment.refresh_from_db()
    assert not citizen_comment.is_hidden


@pytest.mark.parametrize("role", MODERATORS)
def test_moderators_hide_with_a_reason_and_it_is_audited(
    client_for, personas, citizen_comment, role
):
    client = client_for(role)
    assert client.post(hide_url(citizen_comment), {"reason": ""}).status_code == 400
    citizen_comment.refresh_from_db()
    assert not citizen_comment.is_hidden
    response = client.post(hide_url(citizen_comment), {"reason": "Personangreb"})
    assert response.status_code == 302
    citizen_comment.refresh_from_db()
    assert citizen_comment.is_hidden
    assert citizen_comment.hidden_reason == "Personangreb"
    assert citizen_comment.hidden_by == getattr(personas, role)
    event = AuditEvent.objects.get(action="discussion.comment_hidden")
    assert event.actor == getattr(personas, role)
    assert event.target_id == str(citizen_comment.pk)


def test_hidden_comment_shows_reason_to_all_and_text_only_to_author_and_moderators(
    client, client_for, personas, citizen_comment, post
):
    actions.hide_comment(personas.admin, citizen_comment, "Off topic")
    text = "Jeg foreslår en ny legeplads."
    for viewer in [client, client_for("volunteer"), client_for("outsider"), client_for("auditor")]:
        page = viewer.get(post.get_absolute_url()).text
        assert "Skjult af moderator: Off topic" in page
        assert text not in page
    for role in ["citizen", "admin", "coordinator"]:
        page = client_for(role).get(post.get_absolute_url()).text
        assert "Skjult af moderator: Off topic" in page
        assert text in page


def test_hidden_comment_can_no_longer_be_edited_or_reported(client_for, personas, citizen_comment):
    actions.hide_comment(personas.admin, citizen_comment, "Off topic")
    assert (
        client_for("citizen").get(reverse("discussion:edit", args=[citizen_comment.pk])).status_code
        == 403
    )
    assert client_for("volunteer").get(report_url(citizen_comment)).status_code == 403


@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_non_moderators_may_not_unhide(client_for, personas, citizen_comment, role):
    actions.hide_comment(personas.admin, citizen_comment, "Off topic")
    assert client_for(role).post(unhide_url(citizen_comment)).status_code == 403
    citizen_comment.refresh_from_db()
    assert citizen_comment.is_hidden


def test_moderator_unhides_and_it_is_audited(client_for, personas, citizen_comment, post):
    actions.hide_comment(personas.admin, citizen_comment, "Fejl")
    client = client_for("coordinator")
    assert client.get(unhide_url(citizen_comment)).status_code == 405
    assert client.post(unhide_url(citizen_comment)).status_code == 302
    citizen_comment.refresh_from_db()
    assert not citizen_comment.is_hidden
    assert citizen_comment.hidden_reason == ""
    event = AuditEvent.objects.get(action="discussion.comment_unhidden")
    assert event.details == {"previous_reason": "Fejl"}
    page = client_for(None).get(post.get_absolute_url()).text
    assert "Jeg foreslår en ny legeplads." in page
    assert "Skjult af moderator" not in page


def test_unsafe_next_is_ignored_after_moderation(client_for, citizen_comment, post):
    response = client_for("admin").post(
        hide_url(citizen_comment), {"reason": "Spam", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == f"{post.get_absolute_url()}#kommentar-{citizen_comment.pk}"


# --- moderation queue --------------------------------------------------------------------------


def test_moderation_queue_query_count(client_for, personas, post, django_assert_max_num_queries):
    for number in range(6):
        comment = actions.post_comment(personas.citizen, post, f"Nr. {number}")
        actions.report_comment(personas.volunteer, comment, "Spam")
        actions.report_comment(personas.outsider, comment, "Også spam")
    client = client_for("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("discussion:moderation"))
    assert response.text.count("Også spam") == 6


def test_moderation_queue_grid(client, client_for, personas, post, citizen_comment):
    actions.report_comment(personas.volunteer, citizen_comment, "Reklame for legepladser")
    actions.post_comment(personas.volunteer, post, "Ingen har anmeldt mig")
    url = reverse("discussion:moderation")
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    for role in NOT_MODERATORS:
        assert client_for(role).get(url).status_code == 403, role
    for role in MODERATORS:
        page = client_for(role).get(url)
        assert page.status_code == 200
        assert "Reklame for legepladser" in page.text
        assert "Jeg foreslår en ny legeplads." in page.text
        assert "Ingen har anmeldt mig" not in page.text


def test_hiding_from_the_queue_resolves_the_reports(client_for, personas, citizen_comment):
    actions.report_comment(personas.volunteer, citizen_comment, "Reklame")
    client = client_for("admin")
    queue = reverse("discussion:moderation")
    response = client.post(hide_url(citizen_comment), {"reason": "Reklame", "next": queue})
    assert response.url == queue
    assert "Ingen åbne anmeldelser." in client.get(queue).text
    assert CommentReport.objects.get().resolved_at is not None


@pytest.mark.parametrize("role", [None, *NOT_MODERATORS])
def test_non_moderators_may_not_dismiss_reports(client_for, personas, citizen_comment, role):
    actions.report_comment(personas.volunteer, citizen_comment, "Kan ikke lide den")
    url = reverse("discussion:dismiss", args=[citizen_comment.pk])
    assert client_for(role).post(url).status_code == (302 if role is None else 403)
    assert CommentReport.objects.get().resolved_at is None


def test_anonymous_unhide_goes_to_login(client, personas, citizen_comment):
    actions.hide_comment(personas.admin, citizen_comment, "Off topic")
    response = client.post(unhide_url(citizen_comment))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    citizen_comment.refresh_from_db()
    assert citizen_comment.is_hidden


def test_dismissing_reports_keeps_the_comment_and_empties_the_queue(
    client_for, personas, citizen_comment
):
    actions.report_comment(personas.volunteer, citizen_comment, "Kan ikke lide den")
    url = reverse("discussion:dismiss", args=[citizen_comment.pk])
    assert client_for("coordinator").post(url).status_code == 302
    citizen_comment.refresh_from_db()
    assert not citizen_comment.is_hidden
    assert CommentReport.objects.get().resolved_at is not None
    assert AuditEvent.objects.filter(action="discussion.reports_dismissed").count() == 1


def test_moderators_see_open_report_counts_in_the_section(
    client_for, personas, citizen_comment, post
):
    actions.report_comment(personas.volunteer, citizen_comment, "Spam")
    assert "1 åben anmeldelse" in client_for("coordinator").get(post.get_absolute_url()).text
    assert "åben anmeldelse" not in client_for("outsider").get(post.get_absolute_url()).text


def test_report_is_audited(personas, citizen_comment):
    actions.report_comment(personas.volunteer, citizen_comment, "Spam")
    assert AuditEvent.objects.filter(action="discussion.comment_reported").count() == 1


# --- the registry's rules are honoured ---------------------------------------------------------


@pytest.fixture
def strict_news_rules():
    """Re-register news with stricter rules for one test, then put the real ones back."""

    def only_staff(user, obj):
        return bool(user.is_authenticated and user.is_staff)

    registry.register_commentable(
        NewsPost,
        can_read=can_read_news_post,
        can_comment=only_staff,
        moderators=lambda user, obj: getattr(user, "email", "") == "maja@frivilligcenter.demo",
    )
    yield
    registry.register_commentable(
        NewsPost,
        can_read=can_read_news_post,
        moderators=can_moderate_news_comments,
        moderates_any=can_write_news,
    )


def test_custom_can_comment_and_moderators_are_used(
    client_for, personas, citizen_comment, post, strict_news_rules
):
    url = reverse("discussion:post", kwargs={"label": "newsletter.newspost", "object_id": post.pk})
    assert client_for("citizen").post(url, {"body": "Hej"}).status_code == 403
    assert client_for("admin").post(url, {"body": "Hej"}).status_code == 302
    # Maja moderates under these rules; Carl no longer does; staff always do.
    assert client_for("volunteer").get(hide_url(citizen_comment)).status_code == 200
    assert client_for("coordinator").get(hide_url(citizen_comment)).status_code == 403
    assert client_for("admin").get(hide_url(citizen_comment)).status_code == 200


def test_section_is_empty_for_someone_who_may_not_read(personas, draft):
    request = RequestFactory().get("/")
    request.user = personas.citizen
    assert section_context(request, draft) == {"readable": False}
    request.user = personas.coordinator
    assert section_context(request, draft)["readable"] is True
