"""E-mail about a process: who follows it, each notice sent once, one delivery per address."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samskab.budgets.models.meetings import Meeting
from samskab.budgets.models.process import BudgetProcess
from samskab.budgets.models.proposals import Proposal


class NoticeKind(models.TextChoices):
    PROPOSAL_ASSESSED = "proposal_assessed", _("Dit forslag er vurderet")
    VOTING_OPENED = "voting_opened", _("Afstemningen er åbnet")
    VOTING_CLOSED = "voting_closed", _("Afstemningen er lukket")
    RESULT_PUBLISHED = "result_published", _("Resultatet er offentliggjort")
    MEETING_TOMORROW = "meeting_tomorrow", _("Stormøde i morgen")


class ProcessFollower(models.Model):
    """One address's wish about mail from one process.

    Following by e-mail alone is double opt-in: nothing is sent until ``confirmed_at``. A
    signed-in account follows at once (its address is verified). ``stopped_at`` is the one
    unsubscribe: it stops every mail about the process to the address, also those it would get
    as a proposal's author or supporter, a voter or a meeting participant.
    """

    process = models.ForeignKey(BudgetProcess, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-mail"))  # stored in lower case
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_follows",
    )
    language = models.CharField(_("sprog"), max_length=8, default="da")
    created_at = models.DateTimeField(auto_now_add=True)
    # When a confirmation link was last mailed; throttles repeated sign-ups.
    last_notice_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("afmeldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("følger")
        verbose_name_plural = _("følgere")
        constraints = [
            models.UniqueConstraint(fields=["process", "email"], name="one_follower_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.process_id}: {self.email}"

    @property
    def is_following(self) -> bool:
        return self.confirmed_at is not None and self.stopped_at is None


class Notice(models.Model):
    """One thing to tell (voting opened, a proposal assessed, ...). ``key`` makes it happen once
    per process: a second trigger of the same notice finds it and sends nothing."""

    process = models.ForeignKey(BudgetProcess, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("slags"), max_length=20, choices=NoticeKind.choices)
    key = models.CharField(max_length=100)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="one_notice_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.process_id}: {self.key}"


class NoticeDelivery(models.Model):
    """One mail of a notice to one address. Its existence is what stops a second send."""

    class Status(models.TextChoices):
        SENDING = "sending", _("sendes")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("fejlet")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.CharField(max_length=300, blank=True)
    attempted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notice", "email"], name="one_delivery_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} -> {self.email}: {self.status}"
