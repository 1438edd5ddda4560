"""Proposals from citizens, supports, and the feasibility check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskab.budgets.models.process import BudgetProcess, ConfigurationLocked

# What a proposer fills in, in form order: the proposal form shows these and
# actions.update_proposal accepts only these.
PROPOSAL_FIELDS = (
    "title",
    "description",
    "estimated_cost",
    "category",
    "area",
    "image",
    "image_description",
    "group_name",
)


class Proposal(models.Model):
    process = models.ForeignKey(BudgetProcess, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    estimated_cost = models.PositiveBigIntegerField(_("anslået pris (kr)"))
    category = models.CharField(_("kategori"), max_length=100, blank=True)
    area = models.CharField(_("område"), max_length=200, blank=True)
    image = models.ImageField(_("billede"), upload_to="budgets/proposals/", blank=True)
    image_description = models.CharField(
        _("billedtekst"),
        max_length=300,
        blank=True,
        help_text=_("Beskriv billedet for skærmlæsere."),
    )
    # Null after the author's account is erased (the proposal itself stays public).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_proposals",
    )
    group_name = models.CharField(_("forslagsstiller (gruppe)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forslag")
        verbose_name_plural = _("forslag")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgets:proposal_detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def price(self) -> int:
        """The reviewed final price once there is one, else the author's estimate."""
        review = getattr(self, "review", None)
        if review is not None and review.final_cost is not None:
            return int(review.final_cost)
        return int(self.estimated_cost)

    @property
    def costs_more_than_pot(self) -> bool:
        """No rule can fund it as it stands: its author and the reviewer are told so."""
        return self.price > self.process.pot

    @property
    def proposer_label(self) -> str:
        if self.group_name:
            return self.group_name
        return self.author.display_name if self.author else str(_("(anonym)"))


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("støtte")
        verbose_name_plural = _("støtter")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.proposal_id}"


class FeasibilityReview(models.Model):
    """The administration's check: feasible or not, a public reason, the final cost.

    It never touches votes or rank; once the process is locked it cannot change at all.
    """

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="review")
    feasible = models.BooleanField(_("kan gennemføres"))
    public_reason = models.TextField(_("begrundelse (offentlig)"))
    final_cost = models.PositiveBigIntegerField(_("endelig pris (kr)"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forhåndsvurdering")
        verbose_name_plural = _("forhåndsvurderinger")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(feasible=False) | models.Q(final_cost__isnull=False),
                name="feasible_has_final_cost",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.feasible}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if BudgetProcess.objects.filter(
            pk=self.proposal.process_id, locked_at__isnull=False
        ).exists():
            raise ConfigurationLocked("feasibility reviews are frozen once the process is locked")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if BudgetProcess.objects.filter(
            pk=self.proposal.process_id, locked_at__isnull=False
        ).exists():
            raise ConfigurationLocked("feasibility reviews are frozen once the process is locked")
        return super().delete(*args, **kwargs)
