"""Writing, reading, editing and deleting comments; escaping; the edit window."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samskab.discussion import actions
from samskab.discussion.models import COMMENT_MAX_LENGTH, Comment
from samskab.discussion.sections import section_id

ROLES = ["admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]


def post_url(post: Any) -> str:
    return reverse("discussion:post", kwargs={"label": "newsletter.newspost", "object_id": post.pk})


def test_anonymous_reads_comments_and_is_asked_to_log_in(client, citizen_comment, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Jeg foreslår en ny legeplads." in response.text
    assert "Log ind for at kommentere" in response.text
    assert 'name="body"' not in response.text


def test_logged_in_reader_sees_the_form(client_for, post):
    response = client_for("citizen").get(post.get_absolute_url())
    assert 'name="body"' in response.text
    assert f'hx-post="{post_url(post)}"' in response.text


@pytest.mark.parametrize("role", ROLES)
def test_every_logged_in_persona_may_comment_on_public_news(client_for, personas, post, role):
    response = client_for(role).post(post_url(post), {"body": f"Hilsen fra {role}"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{post.get_absolute_url()}#kommentar-{comment.pk}"
    assert comment.author == getattr(personas, role)
    assert comment.body == f"Hilsen fra {role}"


def test_anonymous_post_is_sent_to_login_and_changes_nothing(client, post):
    response = client.post(post_url(post), {"body": "Hej"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert not Comment.objects.exists()


def test_get_on_post_url_is_refused(client_for, post):
    assert client_for("citizen").get(post_url(post)).status_code == 405


def test_draft_news_is_not_commentable_by_readers_who_cannot_see_it(client_for, draft):
    assert client_for("citizen").post(post_url(draft), {"body": "Hej"}).status_code == 404
    assert client_for("coordinator").post(post_url(draft), {"body": "Hej"}).status_code == 302
    assert Comment.objects.count() == 1


def test_unregistered_model_and_missing_object_are_404(client_for, personas, post):
    citizen = client_for("citizen")
    url = reverse(
        "discussion:post", kwargs={"label": "accounts.user", "object_id": personas.citizen.pk}
    )
    assert citizen.post(url, {"body": "Hej"}).status_code == 404
    missing = reverse(
        "discussion:post", kwargs={"label": "newsletter.newspost", "object_id": 999999}
    )
    assert citizen.post(missing, {"body": "Hej"}).status_code == 404
    assert not Comment.objects.exists()


def test_unregistered_object_is_refused_by_the_action(personas):
    with pytest.raises(LookupError):
        actions.post_comment(personas.citizen, personas.municipality, "Hej")


@pytest.mark.parametrize(
    ("body", "message"),
    [("   \n  ", "Skriv en kommentar."), ("x" * (COMMENT_MAX_LENGTH + 1), "Højst 2000 tegn")],
)
def test_empty_or_too_long_comment_is_refused_with_a_message(client_for, post, body, message):
    response = client_for("citizen").post(post_url(post), {"body": body})
    assert response.status_code == 400
    assert message in response.text
    assert not Comment.objects.exists()


def test_error_message_in_english_when_english_is_chosen(client_for, post):
    client = client_for("citizen")
    client.cookies["django_language"] = "en"
    response = client.post(post_url(post), {"body": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Write a comment." in response.text


def test_script_is_shown_escaped_never_run(client, personas, post):
    actions.post_comment(
        personas.citizen, post, '<script>alert("x")</script><b onmouseover=1>hej</b>'
    )
    response = client.get(post.get_absolute_url())
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text
    assert "<script>alert" not in response.text
    assert "<b onmouseover" not in response.text


def test_line_breaks_are_kept_and_only_web_links_are_linkified(client, personas, post):
    actions.post_comment(
        personas.citizen,
        post,
        "Første linje\nAnden linje https://example.org/a?b=1\njavascript:alert(1)",
    )
    text = client.get(post.get_absolute_url()).text
    assert "Første linje<br>Anden linje" in text
    assert (
        '<a href="https://example.org/a?b=1" rel="nofollow">https://example.org/a?b=1</a>' in text
    )
    assert 'href="javascript' not in text


def test_htmx_post_returns_the_refreshed_section(client_for, post):
    response = client_for("citizen").post(
        post_url(post), {"body": "Via htmx"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<section id="{section_id(post)}"')
    assert "Via htmx" in response.text
    assert "<html" not in response.text


def test_htmx_post_with_errors_returns_the_section_with_the_error(client_for, post):
    response = client_for("citizen").post(post_url(post), {"body": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.text
    assert not Comment.objects.exists()


# --- edit --------------------------------------------------------------------------------------


def edit_url(comment: Any) -> str:
    return reverse("discussion:edit", args=[comment.pk])


@pytest.mark.parametrize("role", [r for r in ROLES if r != "citizen"])
def test_only_the_author_may_edit(client_for, citizen_comment, role):
    client = client_for(role)
    assert client.get(edit_url(citizen_comment)).status_code == 403
    assert client.post(edit_url(citizen_comment), {"body": "Overtaget"}).status_code == 403
    citizen_comment.refresh_from_db()
    assert citizen_comment.body == "Jeg foreslår en ny legeplads."


def test_anonymous_edit_goes_to_login(client, citizen_comment):
    response = client.post(edit_url(citizen_comment), {"body": "Overtaget"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    citizen_comment.refresh_from_db()
    assert citizen_comment.edited_at is None


def test_author_edits_within_the_window(client_for, citizen_comment, post):
    client = client_for("citizen")
    assert "15 minutter" in client.get(edit_url(citizen_comment)).text
    response = client.post(edit_url(citizen_comment), {"body": "Rettet: en større legeplads."})
    assert response.status_code == 302
    citizen_comment.refresh_from_db()
    assert citizen_comment.body == "Rettet: en større legeplads."
    assert citizen_comment.edited_at is not None
    assert "(rettet)" in client.get(post.get_absolute_url()).text


def test_edit_with_empty_text_changes_nothing(client_for, citizen_comment):
    response = client_for("citizen").post(edit_url(citizen_comment), {"body": ""})
    assert response.status_code == 400
    citizen_comment.refresh_from_db()
    assert citizen_comment.body == "Jeg foreslår en ny legeplads."


def test_edit_window_expires(client_for, personas, post):
    written = timezone.now() - timedelta(minutes=16)
    comment = actions.post_comment(personas.citizen, post, "Gammel tekst", now=written)
    client = client_for("citizen")
    assert client.post(edit_url(comment), {"body": "For sent"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Gammel tekst"
    assert f'href="{edit_url(comment)}"' not in client.get(post.get_absolute_url()).text


def test_edit_window_comes_from_settings(client_for, personas, post, settings):
    settings.COMMENT_EDIT_WINDOW_MINUTES = 30
    written = timezone.now() - timedelta(minutes=16)
    comment = actions.post_comment(personas.citizen, post, "Gammel tekst", now=written)
    assert (
        client_for("citizen").post(edit_url(comment), {"body": "Stadig i tide"}).status_code == 302
    )


def test_edit_window_boundary_with_frozen_time(personas, post, monkeypatch):
    from samskab.discussion.permissions import can_edit_comment

    comment = actions.post_comment(personas.citizen, post, "Tekst")
    at_limit = comment.created_at + timedelta(minutes=15)
    assert can_edit_comment(personas.citizen, comment, now=at_limit)
    assert not can_edit_comment(personas.citizen, comment, now=at_limit + timedelta(seconds=1))
    monkeypatch.setattr(timezone, "now", lambda: at_limit + timedelta(seconds=1))
    assert not can_edit_comment(personas.citizen, comment)


# --- delete ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in ROLES if r != "citizen"])
def test_only_the_author_may_delete(client_for, citizen_comment, role):
    url = reverse("discussion:delete", args=[citizen_comment.pk])
    assert client_for(role).post(url).status_code == 403
    assert Comment.objects.filter(pk=citizen_comment.pk).exists()


def test_author_deletes_own_comment_after_confirming(client_for, citizen_comment, post):
    client = client_for("citizen")
    url = reverse("discussion:delete", args=[citizen_comment.pk])
    assert "Ja, slet kommentaren" in client.get(url).text
    assert Comment.objects.filter(pk=citizen_comment.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=citizen_comment.pk).exists()


def test_anonymous_delete_goes_to_login(client, citizen_comment):
    response = client.post(reverse("discussion:delete", args=[citizen_comment.pk]))
    assert response.status_code == 302
    assert Comment.objects.filter(pk=citizen_comment.pk).exists()


def test_comment_on_a_draft_is_404_for_those_who_cannot_see_the_draft(client_for, personas, draft):
    comment = actions.post_comment(personas.coordinator, draft, "Intern note")
    for name in ["discussion:edit", "discussion:delete", "discussion:report", "discussion:hide"]:
        assert client_for("citizen").get(reverse(name, args=[comment.pk])).status_code == 404


def test_missing_comment_is_404(client_for):
    assert client_for("citizen").get(reverse("discussion:edit", args=[424242])).status_code == 404


# --- query counts ------------------------------------------------------------------------------


def test_comment_section_query_count_does_not_grow_with_comments(
    client_for, personas, post, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(5):
        actions.post_comment(personas.volunteer, post, f"Kommentar {number}")
    client = client_for("admin")
    with CaptureQueriesContext(connection) as few:
        client.get(post.get_absolute_url())
    for number in range(25):
        actions.post_comment(personas.outsider, post, f"Flere {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(post.get_absolute_url())
    assert "Flere 24" in response.text
    assert len(few.captured_queries) <= 14
