"""Voting points: a place (an activity centre, a library) where officials take paper ballots
on given days. Its paper ballots count like a stormøde's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samskab.budgets.models.process import BudgetProcess


class VotingPoint(models.Model):
    process = models.ForeignKey(
        BudgetProcess, on_delete=models.CASCADE, related_name="voting_points"
    )
    name = models.CharField(_("navn"), max_length=200)
    place = models.CharField(_("adresse"), max_length=300)
    # People who may enter paper ballots here.
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="budget_voting_points_officiated",
        verbose_name=_("mødeansvarlige"),
    )

    class Meta:
        verbose_name = _("stemmested")
        verbose_name_plural = _("stemmesteder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VotingPointOpening(models.Model):
    """One stretch of time the voting point is staffed (e.g. Tuesday 10-14)."""

    voting_point = models.ForeignKey(VotingPoint, on_delete=models.CASCADE, related_name="openings")
    starts_at = models.DateTimeField(_("åbner"))
    ends_at = models.DateTimeField(_("lukker"))

    class Meta:
        verbose_name = _("åbningstid")
        verbose_name_plural = _("åbningstider")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="voting_point_opening_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.voting_point_id}: {self.starts_at:%Y-%m-%d %H:%M}"
