"""Comments on any object a module registers as commentable, and reports about them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 300


class Comment(models.Model):
    """Plain text from one person about one object. Rendered escaped, never as HTML."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Null once the author's account is erased: the words stay, the name goes.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(_("kommentar"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("skrevet"))
    edited_at = models.DateTimeField(_("rettet"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("skjult"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(_("begrundelse"), max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CommentReport(models.Model):
    """A reader's report that a comment breaks the rules. One per reader per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("begrundelse"), max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("anmeldt"), auto_now_add=True)
    # Set when a moderator hides the comment or finds it fine; it then leaves the queue.
    resolved_at = models.DateTimeField(_("behandlet"), null=True, blank=True)

    class Meta:
        verbose_name = _("anmeldelse")
        verbose_name_plural = _("anmeldelser")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader_per_comment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} -> {self.comment_id}: {self.reason[:40]}"
