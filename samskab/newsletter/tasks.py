"""Background work: sign-up mails and newsletter issues, through Django's tasks API.

Tasks are enqueued inside the caller's transaction. With the database backend (production) the
queue row commits or rolls back together with the data it refers to.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from samskab.core.mailing import claim, send_each
from samskab.newsletter.mail import already_subscribed_message, confirmation_message, issue_message
from samskab.newsletter.models import Delivery, Issue, Subscription, Topic


@task()
def send_subscription_notice(
    email: str, pending_topic_ids: list[int], known_topic_ids: list[int], language: str
) -> str:
    """Mail a confirmation link for new topics, or say the address is already subscribed."""
    if pending_topic_ids:
        topics = list(Topic.objects.filter(pk__in=pending_topic_ids))
        confirmation_message(email, topics, language).send()
        return "confirmation"
    topics = list(Topic.objects.filter(pk__in=known_topic_ids))
    already_subscribed_message(email, topics, language).send()
    return "already-subscribed"


@task()
def deliver_issue(issue_id: int) -> dict[str, int]:
    """Send one personal mail per confirmed subscriber, each recorded as a :class:`Delivery`.

    A rerun skips whoever already has a delivery and retries those that failed
    (``core.mailing``).
    """
    issue = Issue.objects.select_related("topic", "news_post").get(pk=issue_id)
    already = Delivery.objects.filter(
        issue=issue, status__in=[Delivery.SENT, Delivery.SENDING]
    ).values("subscription_id")
    recipients = (
        Subscription.objects.filter(
            topic=issue.topic, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
        .exclude(pk__in=already)
        .order_by("pk")
    )
    counts = send_each(
        recipients.iterator(),
        lambda subscription: claim(Delivery.objects, issue=issue, subscription=subscription),
        lambda subscription, _delivery, connection: issue_message(issue, subscription, connection),
    )
    Issue.objects.filter(pk=issue.pk).update(finished_at=timezone.now())
    return counts
