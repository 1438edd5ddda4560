"""Every write about news and newsletters."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.newsletter.models import Issue, NewsPost, Subscription, Topic
from samskab.newsletter.tasks import deliver_issue, send_subscription_notice

# Within this time after a mail about an address and topic, a repeated sign-up sends nothing,
# so the form cannot be used to flood someone's inbox.
NOTICE_INTERVAL = timedelta(minutes=5)
RESERVED_SLUGS = {"ny"}  # taken by the URL for writing news


@transaction.atomic
def ensure_topic(name: str, slug: str, description: str = "") -> Topic:
    topic, _ = Topic.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description}
    )
    return topic


@transaction.atomic
def subscribe_email(
    user: User | None,
    email: str,
    topics: list[Topic],
    *,
    language: str = "da",
    now: datetime | None = None,
) -> None:
    """Start double opt-in for each topic. Says nothing about whether the address was known.

    Pending topics get a confirmation mail; topics already confirmed get an "already
    subscribed" note instead. Nothing else is ever sent before confirmation.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    pending: list[int] = []
    known: list[int] = []
    throttled = False
    for topic in topics:
        subscription, _ = Subscription.objects.select_for_update().get_or_create(
            email=email, topic=topic, defaults={"user": user, "language": language}
        )
        if subscription.last_notice_at and now - subscription.last_notice_at < NOTICE_INTERVAL:
            throttled = True
        if subscription.is_active:
            known.append(topic.pk)
        else:
            pending.append(topic.pk)
            subscription.language = language
            if user is not None and subscription.user_id is None:
                subscription.user = user
        subscription.last_notice_at = now
        subscription.save(update_fields=["language", "user", "last_notice_at"])
    if throttled or not (pending or known):
        return
    send_subscription_notice.enqueue(email, pending, known, language)


@transaction.atomic
def confirm_subscription(
    email: str, topic_ids: list[int], *, now: datetime | None = None
) -> list[Subscription]:
    now = now or timezone.now()
    confirmed = []
    for subscription in (
        Subscription.objects.select_for_update()
        .filter(email=email, topic_id__in=topic_ids)
        .select_related("topic")
    ):
        if not subscription.is_active:
            subscription.confirmed_at = now
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
        confirmed.append(subscription)
    return confirmed


@transaction.atomic
def unsubscribe(subscription: Subscription, *, now: datetime | None = None) -> Subscription:
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "nyhed"
    if base in RESERVED_SLUGS:
        base = f"{base}-nyhed"
    slug = base
    number = 2
    while NewsPost.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def publish_news_post(
    author: User | None,
    topic: Topic,
    title: str,
    body: str,
    *,
    publish: bool = True,
    published_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> NewsPost:
    post = NewsPost.objects.create(
        title=title.strip(),
        slug=_unique_slug(title),
        body=body.strip(),
        topic=topic,
        author=author,
        published_at=(published_at or timezone.now()) if publish else None,
    )
    record_event(author, "newsletter.news_post_created", post, summary=post.title, request=request)
    return post


@transaction.atomic
def send_newsletter(
    sender: User,
    topic: Topic,
    subject: str,
    body: str,
    *,
    news_post: NewsPost | None = None,
    request: HttpRequest | None = None,
) -> Issue:
    """Record the issue and queue its delivery. The mails go out from the task worker."""
    issue = Issue.objects.create(
        topic=topic,
        subject=subject.strip(),
        body=body.strip(),
        news_post=news_post,
        created_by=sender,
        enqueued_at=timezone.now(),
    )
    record_event(
        sender,
        "newsletter.issue_sent",
        issue,
        summary=f"{topic.name}: {issue.subject}",
        request=request,
    )
    deliver_issue.enqueue(issue.pk)
    return issue


def send_news_post(sender: User, post: NewsPost, *, request: HttpRequest | None = None) -> Issue:
    return send_newsletter(
        sender, post.topic, post.title, post.body, news_post=post, request=request
    )
