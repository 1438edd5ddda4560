"""An append-only audit log of sensitive actions and of every read of a sensitive record."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event through the ORM."""


class AuditEvent(models.Model):
    READ = "audit.record_read"  # see samskab/audit/events.py
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the log still says who acted after an account is deleted.
    actor_label = models.CharField(_("aktør"), max_length=254, blank=True)
    action = models.CharField(_("handling"), max_length=64, db_index=True)
    target_type = models.CharField(_("posttype"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("post-id"), max_length=64, blank=True, db_index=True)
    summary = models.CharField(_("beskrivelse"), max_length=500, blank=True)
    details = models.JSONField(_("detaljer"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("revisionshændelse")
        verbose_name_plural = _("revisionslog")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events are never deleted")
