"""Stormøder: open meetings with registration, minutes, presented proposals, attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskab.budgets.models.process import BudgetProcess
from samskab.budgets.models.proposals import Proposal


class Meeting(models.Model):
    process = models.ForeignKey(BudgetProcess, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("tidspunkt"))
    place = models.CharField(_("sted"), max_length=300)
    agenda = models.TextField(_("dagsorden"), blank=True)
    capacity = models.PositiveIntegerField(
        _("antal pladser"), null=True, blank=True, help_text=_("Tom: ingen grænse.")
    )
    minutes = models.TextField(_("referat"), blank=True)
    proposals_presented = models.ManyToManyField(
        Proposal, blank=True, related_name="presented_at", verbose_name=_("forslag der præsenteres")
    )
    # People who may check voters in and enter paper ballots at this meeting.
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="budget_meetings_officiated"
    )

    class Meta:
        verbose_name = _("stormøde")
        verbose_name_plural = _("stormøder")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title


class MeetingRegistration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_meeting_registrations",
    )
    # For people registered by phone or at the desk, without an account.
    name = models.CharField(_("navn"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_registration_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.user or self.name}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    registration = models.OneToOneField(
        MeetingRegistration, on_delete=models.SET_NULL, null=True, blank=True
    )
    name = models.CharField(_("navn"), max_length=150, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøder")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.name}"
