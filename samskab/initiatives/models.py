"""Samskabte indsatser: an initiative, its partners, and the problem they define together.

An initiative is run by a partnership of organisations (the organisation's kind gives the
sector). A partner is invited by e-mail and joins when its representative accepts. The
problem statement is versioned: every active partner's representative signs a version, and
a target-group representative must be among them; a new version starts with no signatures,
so it cannot show as agreed while one is missing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samskab.accounts.models import Organisation, OrganisationKind


class Status(models.TextChoices):
    IDEA = "ide", _("Idé")
    COCREATION = "samskabelse", _("Samskabelse")
    TRIAL = "afproevning", _("Afprøvning")
    RUNNING = "drift", _("Drift")
    ANCHORED = "forankret", _("Forankret")
    ENDED = "afsluttet", pgettext_lazy("initiative status", "Afsluttet")


# The way forward; an initiative may also end (``ENDED``) from any step.
STATUS_ORDER = [Status.IDEA, Status.COCREATION, Status.TRIAL, Status.RUNNING, Status.ANCHORED]


class PartnerRole(models.TextChoices):
    INITIATOR = "initiativtager", _("Initiativtager")
    CO_OWNER = "medejer", _("Medejer")
    PROVIDER = "leverandoer", _("Leverandør")
    FUNDER = "finansierer", _("Finansierer")
    HOST = "vaert", _("Vært")
    TARGET_GROUP = "maalgruppe", _("Målgruppens repræsentant")


# What the initiative form shows, in order, and what actions.update_initiative accepts.
INITIATIVE_FIELDS = (
    "name",
    "area",
    "target_group",
    "age_min",
    "age_max",
    "starts_on",
    "funding_ends_on",
    "novelty",
    "is_public",
)

# Partners who may change the initiative and invite others.
MANAGING_ROLES = (PartnerRole.INITIATOR, PartnerRole.CO_OWNER)


class Initiative(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn"), unique=True)
    area = models.CharField(_("område"), max_length=200)
    target_group = models.CharField(_("målgruppe"), max_length=300)
    age_min = models.PositiveSmallIntegerField(_("alder fra"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("alder til"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.IDEA)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    funding_ends_on = models.DateField(_("finansieringen slutter"), null=True, blank=True)
    is_public = models.BooleanField(
        _("offentlig"),
        default=False,
        help_text=_("En offentlig indsats kan ses af alle; ellers kun af partnerne."),
    )
    novelty = models.TextField(
        _("hvad er nyt"),
        blank=True,
        help_text=_("Hvordan adskiller indsatsen sig fra det, der allerede findes?"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samskabt indsats")
        verbose_name_plural = _("samskabte indsatser")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="initiative_age_band_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def current_statement(self) -> ProblemStatement | None:
        return self.statements.order_by("-version").first()


class ExistingOffer(models.Model):
    """An offer that already exists (in the municipality or elsewhere), and how this initiative
    differs from it: principle 1 asks that co-creation makes something new."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="existing_offers"
    )
    name = models.CharField(_("tilbud"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    difference = models.CharField(_("forskellen"), max_length=500)

    class Meta:
        verbose_name = _("eksisterende tilbud")
        verbose_name_plural = _("eksisterende tilbud")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An organisation in the partnership, from its invitation until it leaves."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="initiative_partnerships"
    )
    role = models.CharField(_("rolle"), max_length=20, choices=PartnerRole)
    # Who speaks and signs for the organisation; set when the invitation is accepted.
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative_partners",
    )
    invited_email = models.EmailField(_("inviteret e-mail"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("inviteret"), auto_now_add=True)
    agreement = models.TextField(
        _("partnerskabsaftale"),
        blank=True,
        help_text=_("Hvad partneren bidrager med og forpligter sig til."),
    )
    # Each side confirms the agreement: the inviting partner when inviting, this one on joining.
    agreement_confirmed_by_inviter_at = models.DateTimeField(null=True, blank=True)
    agreement_confirmed_by_partner_at = models.DateTimeField(null=True, blank=True)
    joined_on = models.DateField(_("med fra"), null=True, blank=True)
    left_on = models.DateField(_("trådte ud"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partnere")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"], name="one_partnership_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.joined_on is not None and self.left_on is None

    @property
    def is_pending(self) -> bool:
        return self.joined_on is None and self.left_on is None


class WorkshopKind(models.TextChoices):
    PROBLEM = "problemafklaring", _("Problemafklaring")
    IDEAS = "ide", _("Idéudvikling")
    PROTOTYPE = "prototype", _("Prototype")
    EVALUATION = "evaluering", _("Evaluering")


# Who came to a workshop: each organisation kind (the sectors), and the target group itself.
TARGET_GROUP_SECTOR = "maalgruppe"
SECTORS = [*OrganisationKind.values, TARGET_GROUP_SECTOR]


class Workshop(models.Model):
    """A co-design meeting where the partnership works on the problem or the solution."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="workshops")
    kind = models.CharField(_("slags"), max_length=20, choices=WorkshopKind)
    held_on = models.DateField(_("dato"))
    place = models.CharField(_("sted"), max_length=300)
    outputs = models.TextField(
        _("resultater"), blank=True, help_text=_("Hvad kom der ud af det: beslutninger, idéer.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    def attendance_by_sector(self) -> dict[str, int]:
        return {row.sector: row.count for row in self.attendance.all()}


class WorkshopAttendance(models.Model):
    """How many came from one sector (or the target group): counts, no names."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendance")
    sector = models.CharField(max_length=20, choices=[(s, s) for s in SECTORS])
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "sector"], name="one_count_per_sector")
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.sector}: {self.count}"


class ProblemStatement(models.Model):
    """One version of the problem as the partnership describes it, in its own words and the
    target group's."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="statements")
    version = models.PositiveIntegerField()
    text = models.TextField(_("problemet"))
    quotes = models.TextField(
        _("målgruppens egne ord"),
        blank=True,
        help_text=_("Citater fra målgruppen, ét pr. linje."),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("problemformulering")
        verbose_name_plural = _("problemformuleringer")
        ordering = ["initiative", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "version"], name="one_statement_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} v{self.version}"


class StatementSignature(models.Model):
    """A partner's representative agreeing to one version of the problem statement."""

    statement = models.ForeignKey(
        ProblemStatement, on_delete=models.CASCADE, related_name="signatures"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="signatures")
    # Null once the signer's account is erased; the partner's signature stands.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("underskrift")
        verbose_name_plural = _("underskrifter")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "partner"], name="one_signature_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement} - {self.partner}"
