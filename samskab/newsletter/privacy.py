"""Personal data in newsletter: subscriptions (by account or by the account's address)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from samskab.accounts.models import User
from samskab.newsletter.models import NewsPost, Subscription


def _subscriptions(user: User) -> QuerySet[Subscription]:
    return Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "subscriptions": [
            {
                "email": subscription.email,
                "topic": subscription.topic.name,
                "created_at": subscription.created_at.isoformat(),
                "confirmed_at": subscription.confirmed_at.isoformat()
                if subscription.confirmed_at
                else None,
                "unsubscribed_at": subscription.unsubscribed_at.isoformat()
                if subscription.unsubscribed_at
                else None,
            }
            for subscription in _subscriptions(user).select_related("topic")
        ],
        "news_posts": [post.title for post in NewsPost.objects.filter(author=user)],
    }


@transaction.atomic
def erase_user_data(user: User) -> None:
    """Subscriptions (and their delivery records) go; news posts stay without an author."""
    _subscriptions(user).delete()
    NewsPost.objects.filter(author=user).update(author=None)
