"""Every write about comments. Moderation is audited; permission checks happen in the views."""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.discussion.models import (
    COMMENT_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Comment,
    CommentReport,
)
from samskab.discussion.registry import entry_for


class AlreadyReported(ValidationError):
    """This reader has reported this comment before."""


def _clean_text(text: str, max_length: int, *, what: str) -> str:
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise ValidationError(_("Skriv %(what)s.") % {"what": what})
    if len(cleaned) > max_length:
        raise ValidationError(
            _("Højst %(max)d tegn (du skrev %(count)d).")
            % {"max": max_length, "count": len(cleaned)}
        )
    return cleaned


def clean_body(text: str) -> str:
    return _clean_text(text, COMMENT_MAX_LENGTH, what=_("en kommentar"))


def clean_reason(text: str) -> str:
    return _clean_text(text, REASON_MAX_LENGTH, what=_("en begrundelse"))


@transaction.atomic
def post_comment(
    author: User, target: models.Model, body: str, *, now: datetime | None = None
) -> Comment:
    entry_for(target)  # refuses objects whose module never made them commentable
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        author=author,
        body=clean_body(body),
        created_at=now or timezone.now(),
    )


@transaction.atomic
def edit_comment(comment: Comment, body: str, *, now: datetime | None = None) -> Comment:
    comment.body = clean_body(body)
    comment.edited_at = now or timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def delete_comment(comment: Comment) -> None:
    comment.delete()


@transaction.atomic
def report_comment(
    reporter: User, comment: Comment, reason: str, *, request: HttpRequest | None = None
) -> CommentReport:
    cleaned = clean_reason(reason)
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment, reporter=reporter, reason=cleaned
            )
    except IntegrityError:
        raise AlreadyReported(_("Du har allerede anmeldt denne kommentar.")) from None
    record_event(
        reporter,
        "discussion.comment_reported",
        comment,
        summary=f"Anmeldt: {cleaned}",
        request=request,
    )
    return report


@transaction.atomic
def hide_comment(
    moderator: User, comment: Comment, reason: str, *, request: HttpRequest | None = None
) -> Comment:
    cleaned = clean_reason(reason)
    now = timezone.now()
    comment.hidden_at = now
    comment.hidden_by = moderator
    comment.hidden_reason = cleaned
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    record_event(
        moderator,
        "discussion.comment_hidden",
        comment,
        summary=f"Skjult: {cleaned}",
        details={"reason": cleaned},
        request=request,
    )
    return comment


@transaction.atomic
def unhide_comment(
    moderator: User, comment: Comment, *, request: HttpRequest | None = None
) -> Comment:
    previous_reason = comment.hidden_reason
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    record_event(
        moderator,
        "discussion.comment_unhidden",
        comment,
        summary="Vist igen",
        details={"previous_reason": previous_reason},
        request=request,
    )
    return comment


@transaction.atomic
def dismiss_reports(
    moderator: User, comment: Comment, *, request: HttpRequest | None = None
) -> int:
    """The moderator read the reports and leaves the comment visible."""
    count = comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    record_event(
        moderator,
        "discussion.reports_dismissed",
        comment,
        summary=f"{count} anmeldelse(r) afvist",
        request=request,
    )
    return count
