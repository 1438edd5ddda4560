"""News pages: public list and detail, drafts, writing news, sending a post, the front page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samskab.discussion import actions as discussion
from samskab.newsletter import actions
from samskab.newsletter.models import Issue, NewsPost, Subscription
from samskab.newsletter.privacy import erase_user_data, export_user_data

ROLES = ["admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]
WRITERS = ["admin", "coordinator"]
NOT_WRITERS = [role for role in ROLES if role not in WRITERS]


@pytest.fixture
def post(personas, topic):
    return actions.publish_news_post(
        personas.coordinator, topic, "Borgerbudget 2027", "Kom med idéer."
    )


@pytest.fixture
def draft(personas, topic):
    return actions.publish_news_post(
        personas.coordinator, topic, "Hemmelig kladde", "Ikke endnu.", publish=False
    )


@pytest.mark.parametrize("role", [None, *ROLES])
def test_published_news_is_public(client_for, post, role):
    client = client_for(role)
    assert "Borgerbudget 2027" in client.get(reverse("newsletter:news_list")).text
    detail = client.get(post.get_absolute_url())
    assert detail.status_code == 200
    assert "Kom med idéer." in detail.text


@pytest.mark.parametrize("role", [None, *NOT_WRITERS])
def test_drafts_are_hidden_from_readers(client_for, draft, role):
    client = client_for(role)
    assert "Hemmelig kladde" not in client.get(reverse("newsletter:news_list")).text
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", WRITERS)
def test_writers_may_preview_drafts(client_for, draft, role):
    response = client_for(role).get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Kladde - ikke offentliggjort" in response.text


def test_news_list_filters_by_topic_and_rejects_unknown_topics(
    client, personas, topic, other_topic, post
):
    actions.publish_news_post(personas.coordinator, other_topic, "Om kommunen", "Tekst")
    page = client.get(reverse("newsletter:news_list"), {"emne": other_topic.slug}).text
    assert "Om kommunen" in page
    assert "Borgerbudget 2027" not in page
    assert client.get(reverse("newsletter:news_list"), {"emne": "findes-ikke"}).status_code == 404


def test_news_list_query_count_does_not_grow(
    client, personas, topic, django_assert_max_num_queries
):
    for number in range(12):
        actions.publish_news_post(personas.coordinator, topic, f"Nyhed {number}", "Tekst")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("newsletter:news_list"))
    assert "Nyhed 11" in response.text
    assert "Side 1 af 2" in response.text
    assert client.get(reverse("newsletter:news_list"), {"side": "x"}).status_code == 200


def test_news_body_is_escaped(client, personas, topic):
    post = actions.publish_news_post(
        personas.coordinator, topic, "<i>Titel</i>", "<script>x()</script>"
    )
    page = client.get(post.get_absolute_url()).text
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<script>x()" not in page
    assert "&lt;i&gt;Titel&lt;/i&gt;" in page


def test_news_posts_are_commentable(client_for, personas, post):
    discussion.post_comment(personas.citizen, post, "Fedt!")
    assert "Fedt!" in client_for(None).get(post.get_absolute_url()).text


# --- writing news --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_WRITERS)
def test_others_may_not_write_news(client_for, topic, role):
    client = client_for(role)
    assert client.get(reverse("newsletter:news_create")).status_code == 403
    data = {"title": "X", "topic": topic.pk, "body": "Y", "publish": "on"}
    assert client.post(reverse("newsletter:news_create"), data).status_code == 403
    assert not NewsPost.objects.exists()


def test_anonymous_writing_goes_to_login(client, topic):
    response = client.post(
        reverse("newsletter:news_create"), {"title": "X", "topic": topic.pk, "body": "Y"}
    )
    assert response.status_code == 302
    assert not NewsPost.objects.exists()


@pytest.mark.parametrize("role", WRITERS)
def test_writers_publish_news(client_for, personas, topic, role):
    data = {"title": "Ny legeplads", "topic": topic.pk, "body": "Tekst", "publish": "on"}
    response = client_for(role).post(reverse("newsletter:news_create"), data)
    post = NewsPost.objects.get()
    assert response.status_code == 302
    assert response.url == post.get_absolute_url()
    assert post.author == getattr(personas, role)
    assert post.is_published


def test_bad_news_form_saves_nothing(client_for, topic):
    response = client_for("coordinator").post(
        reverse("newsletter:news_create"), {"title": "", "topic": "x"}
    )
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.text
    assert not NewsPost.objects.exists()


def test_slugs_are_unique_and_avoid_the_create_url(personas, topic):
    first = actions.publish_news_post(personas.coordinator, topic, "Ny", "a")
    second = actions.publish_news_post(personas.coordinator, topic, "Ny", "b")
    assert first.slug == "ny-nyhed"
    assert second.slug == "ny-nyhed-2"


# --- sending a post as a newsletter --------------------------------------------------------------


@pytest.mark.parametrize("role", [None, *NOT_WRITERS])
def test_others_may_not_send_a_post(client_for, post, role):
    response = client_for(role).post(reverse("newsletter:news_send", args=[post.slug]))
    assert response.status_code == (302 if role is None else 403)
    assert not Issue.objects.exists()


def test_coordinator_sends_a_post_to_its_topic(client_for, personas, topic, post):
    Subscription.objects.create(email="a@example.org", topic=topic, confirmed_at=timezone.now())
    client = client_for("coordinator")
    assert "Send som nyhedsbrev" in client.get(post.get_absolute_url()).text
    confirm = client.get(reverse("newsletter:news_send", args=[post.slug]))
    assert "1 abonnent" in confirm.text
    assert not Issue.objects.exists()
    assert client.post(reverse("newsletter:news_send", args=[post.slug])).status_code == 302
    issue = Issue.objects.get()
    assert issue.news_post == post
    assert mail.outbox[0].subject == "Borgerbudget 2027"
    assert post.get_absolute_url() in mail.outbox[0].body


def test_drafts_cannot_be_sent(client_for, draft):
    assert (
        client_for("coordinator")
        .post(reverse("newsletter:news_send", args=[draft.slug]))
        .status_code
        == 404
    )
    assert not Issue.objects.exists()


# --- front page and privacy ----------------------------------------------------------------------


def test_front_page_shows_latest_news(client, post, draft):
    page = client.get(reverse("core:home")).text
    assert "Seneste nyheder" in page
    assert "Borgerbudget 2027" in page
    assert "Hemmelig kladde" not in page


def test_privacy_export_and_erase(personas, topic, post):
    Subscription.objects.create(
        email=personas.citizen.email, topic=topic, confirmed_at=timezone.now()
    )
    Subscription.objects.create(email="other@example.org", topic=topic, confirmed_at=timezone.now())
    data = export_user_data(personas.citizen)
    assert [item["email"] for item in data["subscriptions"]] == [personas.citizen.email]
    assert export_user_data(personas.coordinator)["news_posts"] == ["Borgerbudget 2027"]
    erase_user_data(personas.citizen)
    assert list(Subscription.objects.values_list("email", flat=True)) == ["other@example.org"]
    erase_user_data(personas.coordinator)
    post.refresh_from_db()
    assert post.author is None
