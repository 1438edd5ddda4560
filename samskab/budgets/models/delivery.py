"""Counting results and delivery tracking (built on by the results and delivery views)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskab.budgets.models.process import BudgetProcess
from samskab.budgets.models.proposals import Proposal


class Result(models.Model):
    """One counting of a process: the rule, the engine version and hashes of what went in."""

    process = models.ForeignKey(BudgetProcess, on_delete=models.PROTECT, related_name="results")
    rule = models.CharField(_("regel"), max_length=20)
    engine_version = models.CharField(max_length=80)
    inputs_sha256 = models.CharField(max_length=64)
    ballots_sha256 = models.CharField(max_length=64)
    selected = models.ManyToManyField(Proposal, related_name="selected_in", blank=True)
    explanation = models.JSONField(default=dict)
    # Proposal pk -> title when counted: the published file names the projects so, whatever
    # a title is edited to later (an edit must not look like tampering).
    project_names = models.JSONField(default=dict)
    num_ballots = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(auto_now_add=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("resultat")
        verbose_name_plural = _("resultater")
        ordering = ["-counted_at"]

    def __str__(self) -> str:
        return f"{self.process_id} {self.rule} {self.counted_at:%Y-%m-%d}"


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("I gang")
    DELIVERED = "delivered", _("Gennemført")
    CANCELLED = "cancelled", _("Aflyst")


class FundedProject(models.Model):
    Status = DeliveryStatus  # templates compare with project.Status.CANCELLED

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="funded")
    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="funded_projects"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_projects",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.NOT_STARTED,
    )
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    cancel_reason = models.TextField(_("begrundelse for aflysning"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("finansieret projekt")
        verbose_name_plural = _("finansierede projekter")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_at_most_100"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.proposal)

    def get_absolute_url(self) -> str:
        return reverse(
            "budgets:funded_project",
            kwargs={"slug": self.proposal.process.slug, "pk": self.pk},
        )


class DeliveryUpdate(models.Model):
    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("opdatering"))
    date = models.DateField(_("dato"))
    photo = models.ImageField(_("foto"), upload_to="budgets/delivery/", blank=True)
    photo_description = models.CharField(_("billedtekst"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statusopdatering")
        verbose_name_plural = _("statusopdateringer")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:40]}"
