"""Named predicates for comments. Object-level rules come from the registry."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from samskab.discussion.models import Comment
from samskab.discussion.registry import (
    Person,
    can_post_comment,
    can_read_comments,
    is_moderator,
    moderates_anything,
)

__all__ = [
    "can_delete_comment",
    "can_edit_comment",
    "can_hide_comment",
    "can_post_comment",
    "can_read_comments",
    "can_report_comment",
    "can_see_full_text",
    "can_view_moderation_queue",
    "edit_window",
    "is_moderator",
]


def _readable(user: Person, comment: Comment) -> bool:
    target = comment.target
    return target is not None and can_read_comments(user, target)


def _moderates(user: Person, comment: Comment) -> bool:
    target = comment.target
    return target is not None and is_moderator(user, target)


def edit_window() -> timedelta:
    return timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def is_author(user: Person, comment: Comment) -> bool:
    return bool(user.is_authenticated and user.is_active and comment.author_id == user.pk)


def within_edit_window(user: Person, comment: Comment, now: datetime | None = None) -> bool:
    """The author, within the edit window, while the comment is not hidden (no object check)."""
    now = now or timezone.now()
    return (
        is_author(user, comment)
        and not comment.is_hidden
        and now - comment.created_at <= edit_window()
    )


def can_edit_comment(user: Person, comment: Comment, now: datetime | None = None) -> bool:
    return within_edit_window(user, comment, now) and _readable(user, comment)


def can_delete_comment(user: Person, comment: Comment) -> bool:
    """The author may take back their own words at any time, unless a moderator hid them."""
    return is_author(user, comment) and not comment.is_hidden


def may_report(user: Person, comment: Comment) -> bool:
    """Logged in, not the author, the comment visible (no object check)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not is_author(user, comment)
        and not comment.is_hidden
    )


def can_report_comment(user: Person, comment: Comment) -> bool:
    """Any logged-in reader other than the author, while the comment is visible."""
    return may_report(user, comment) and _readable(user, comment)


def can_hide_comment(user: Person, comment: Comment) -> bool:
    return _moderates(user, comment)


def can_see_full_text(user: Person, comment: Comment, *, moderator: bool | None = None) -> bool:
    if not comment.is_hidden:
        return True
    if is_author(user, comment):
        return True
    return moderator if moderator is not None else _moderates(user, comment)


def can_view_moderation_queue(user: Person) -> bool:
    return moderates_anything(user)
