"""Build and render the comment section for one object (used by the template tag and views)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from samskab.discussion.forms import CommentForm
from samskab.discussion.models import Comment, CommentReport
from samskab.discussion.permissions import (
    can_post_comment,
    can_read_comments,
    is_author,
    is_moderator,
    may_report,
    within_edit_window,
)

SECTION_TEMPLATE = "discussion/comment_section.html"


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    show_text: bool
    can_edit: bool
    can_delete: bool
    can_report: bool
    reported_by_me: bool
    open_reports: int


def section_id(obj: models.Model) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"kommentarer-{content_type.pk}-{obj.pk}"


def section_context(
    request: HttpRequest, obj: models.Model, form: CommentForm | None = None
) -> dict[str, Any]:
    """Everything the section template needs, in a fixed number of queries."""
    user = request.user
    if not can_read_comments(user, obj):
        return {"readable": False}
    content_type = ContentType.objects.get_for_model(obj)
    moderator = is_moderator(user, obj)
    comments = list(
        Comment.objects.filter(content_type=content_type, object_id=obj.pk)
        .select_related("author")
        .annotate(
            open_reports=models.Count("reports", filter=models.Q(reports__resolved_at__isnull=True))
        )
    )
    reported_ids: set[int] = set()
    if user.is_authenticated and comments:
        reported_ids = set(
            CommentReport.objects.filter(
                reporter_id=user.pk, comment__content_type=content_type, comment__object_id=obj.pk
            ).values_list("comment_id", flat=True)
        )
    now = timezone.now()
    views = [
        CommentView(
            comment=comment,
            show_text=not comment.is_hidden or moderator or is_author(user, comment),
            can_edit=within_edit_window(user, comment, now),
            can_delete=is_author(user, comment) and not comment.is_hidden,
            can_report=may_report(user, comment) and comment.pk not in reported_ids,
            reported_by_me=comment.pk in reported_ids,
            open_reports=comment.open_reports if moderator else 0,
        )
        for comment in comments
    ]
    can_post = can_post_comment(user, obj)
    return {
        "readable": True,
        "section_id": section_id(obj),
        "comments": views,
        "moderator": moderator,
        "can_post": can_post,
        "form": form if form is not None else (CommentForm() if can_post else None),
        "post_url": reverse(
            "discussion:post",
            kwargs={"label": content_type_label(content_type), "object_id": obj.pk},
        ),
        "next_url": request.get_full_path(),
    }


def content_type_label(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def render_section(request: HttpRequest, obj: models.Model, form: CommentForm | None = None) -> str:
    return render_to_string(SECTION_TEMPLATE, section_context(request, obj, form), request=request)
