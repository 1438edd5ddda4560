"""Personal data in discussion: a person's comments and reports."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samskab.accounts.models import User
from samskab.discussion.models import Comment, CommentReport


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "comments": [
            {
                "about": f"{comment.content_type.app_label}.{comment.content_type.model}:{comment.object_id}",
                "body": comment.body,
                "created_at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
                "hidden_reason": comment.hidden_reason or None,
            }
            for comment in Comment.objects.filter(author=user).select_related("content_type")
        ],
        "reports": [
            {
                "comment_id": report.comment_id,
                "reason": report.reason,
                "created_at": report.created_at.isoformat(),
            }
            for report in CommentReport.objects.filter(reporter=user)
        ],
    }


@transaction.atomic
def erase_user_data(user: User) -> None:
    """Comments stay (others replied to them) but lose their author; reports go."""
    Comment.objects.filter(author=user).update(author=None)
    Comment.objects.filter(hidden_by=user).update(hidden_by=None)
    CommentReport.objects.filter(reporter=user).delete()
