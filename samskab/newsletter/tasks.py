"""Background work: sign-up mails and newsletter issues, through Django's tasks API.

Tasks are enqueued inside the caller's transaction. With the database backend (production) the
queue row commits or rolls back together with the data it refers to.
"""

from __future__ import annotations

import logging

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from samskab.newsletter.mail import already_subscribed_message, confirmation_message, issue_message
from samskab.newsletter.models import Delivery, Issue, Subscription, Topic

logger = logging.getLogger(__name__)


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

    A rerun skips whoever already has a delivery (sent, or claimed by a run that died while
    sending: at most once) and retries those that failed. One bad address never stops the rest.
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
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    connection = get_connection()
    for subscription in recipients.iterator():
        with transaction.atomic():
            delivery, created = Delivery.objects.get_or_create(
                issue=issue, subscription=subscription, defaults={"status": Delivery.SENDING}
            )
            if not created:
                if delivery.status != Delivery.FAILED:
                    counts["skipped"] += 1  # another worker got there first
                    continue
                delivery.status = Delivery.SENDING
                delivery.save(update_fields=["status", "attempted_at"])
        try:
            issue_message(issue, subscription, connection).send()
        except Exception as error:
            logger.warning(
                "newsletter issue %s to subscription %s failed: %s",
                issue.pk,
                subscription.pk,
                error,
            )
            delivery.status = Delivery.FAILED
            delivery.error = str(error)[:300]
            counts["failed"] += 1
        else:
            delivery.status = Delivery.SENT
            delivery.error = ""
            counts["sent"] += 1
        delivery.save(update_fields=["status", "error", "attempted_at"])
    Issue.objects.filter(pk=issue.pk).update(finished_at=timezone.now())
    return counts
