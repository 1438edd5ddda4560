"""How voters prove eligibility: an uploaded voter list or one-time voting codes.

The third path (a verified account, later a national e-ID) is code, not data: see
``samskab/budgets/identity.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samskab.budgets.models.process import BudgetProcess


class ProofMethod(models.TextChoices):
    VOTER_LIST = "list", _("Vælgerliste")
    CODE = "code", _("Engangskode")
    ACCOUNT = "account", _("Bekræftet konto")
    EID = "eid", _("National e-ID")


class VoterListEntry(models.Model):
    """One row of an uploaded voter list. Holds only what eligibility checks need."""

    process = models.ForeignKey(BudgetProcess, on_delete=models.CASCADE, related_name="voter_list")
    reference = models.CharField(_("vælgernummer"), max_length=64)
    name = models.CharField(_("navn"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    # Printed on the code letter only (optional CSV column; see voter_list.py).
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vælgerlistepost")
        verbose_name_plural = _("vælgerliste")
        constraints = [
            models.UniqueConstraint(fields=["process", "reference"], name="unique_voter_reference")
        ]
        indexes = [models.Index(fields=["process", "email"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


class VoterListImport(models.Model):
    """A large voter list being imported in the background (``budgets/voter_list.py``): its
    progress for the coordinator's page, then the outcome. The uploaded text is kept only until
    the import has finished."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Indlæses")
        DONE = "done", _("Indlæst")
        FAILED = "failed", _("Ikke indlæst")

    process = models.ForeignKey(
        BudgetProcess, on_delete=models.CASCADE, related_name="voter_list_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [[line, message], ...]
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("indlæsning af vælgerliste")
        verbose_name_plural = _("indlæsninger af vælgerlister")

    def __str__(self) -> str:
        return f"{self.process_id} {self.status} {self.rows_checked}/{self.rows_total}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class VotingCode(models.Model):
    """A one-time code handed out at a meeting or by letter. Only its SHA-256 is stored."""

    process = models.ForeignKey(
        BudgetProcess, on_delete=models.CASCADE, related_name="voting_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.CharField(_("parti"), max_length=100, blank=True)
    # The voter-list entry this code was printed for in a code letter (``generate_code_letters``),
    # so no entry gets a second working code unless the coordinator asks for a reprint, which
    # deletes the unused old code. Empty for codes on a sheet or in unaddressed letters.
    letter_for = models.OneToOneField(
        VoterListEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letter_code",
        verbose_name=_("kodebrev til"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afstemningskode")
        verbose_name_plural = _("afstemningskoder")

    def __str__(self) -> str:
        return f"{self.batch} {self.code_hash[:8]}"
