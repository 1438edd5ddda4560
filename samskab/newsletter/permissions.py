"""Named predicates for news and newsletters."""

from __future__ import annotations

from typing import Any

from samskab.accounts.models import Role
from samskab.accounts.permissions import is_staff_admin
from samskab.newsletter.models import NewsPost


def can_send_newsletter(user: Any) -> bool:
    """Coordinators and administrators anywhere, and staff, compose news and send newsletters."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_staff_admin(user):
        return True
    return bool(user.memberships.filter(role__in=[Role.COORDINATOR, Role.ADMINISTRATOR]).exists())


def can_write_news(user: Any) -> bool:
    return can_send_newsletter(user)


def can_read_news_post(user: Any, post: NewsPost) -> bool:
    """Published news is public; drafts only for those who write news."""
    return post.is_published or can_write_news(user)


def can_moderate_news_comments(user: Any, post: NewsPost) -> bool:
    return can_write_news(user)
