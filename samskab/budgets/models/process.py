"""The budget process (pot, theme, rules, lock) and its timeline of phases."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskab.accounts.models import Organisation
from samskab.budgets import phases
from samskab.budgets.phases import PhaseKind

if TYPE_CHECKING:
    from samskab.budgets.models.delivery import Result


class ConfigurationLocked(Exception):
    """Raised when something tries to change a process configuration after it was locked."""


# Each proof names a person in its own way (a code, an account, a voter number), so with two of
# them one person could hold two identities and vote twice: a process uses exactly one.
PROOF_FIELDS = ("allow_voter_list", "allow_codes", "allow_accounts")
NO_PROOF = _("Vælg mindst én måde, vælgerne kan bevise, at de må stemme.")
ONE_PROOF_ONLY = _(
    "Vælg kun én måde at bevise retten til at stemme på (vælgerliste, engangskoder eller konto): "
    "med to kunne én person stemme to gange."
)
# On paper the voter shows a code or a voter number; an account cannot be shown on paper.
PAPER_NEEDS_CODE_OR_LIST = _(
    "Papirstemmer kræver engangskoder eller vælgerliste: på papir viser vælgeren en kode "
    "eller et vælgernummer, ikke en konto."
)


class BallotForm(models.TextChoices):
    APPROVAL = "approval", _("Godkendelse: sæt kryds ved mellem min. og maks. forslag")
    KNAPSACK = "knapsack", _("Budget: vælg forslag for op til hele puljen")
    CUMULATIVE = "cumulative", _("Point: fordel et antal stemmer, gerne flere på ét forslag")
    RANKING = "ranking", _("Rangering: sæt forslag i rækkefølge")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Flest stemmer først, spring over hvad der ikke kan nås")
    MES_ADD1 = "mes-add1", _("Lige andele (samme andel af puljen til hver vælger)")


# What the lock freezes, besides the ballot's proposals and their final costs: the rules. The
# configuration, its hash, the setup form and ``actions.update_process`` all read these two.
LOCKED_FIELDS = (
    "pot",
    "ballot_form",
    "min_choices",
    "max_choices",
    "points_total",
    "counting_rule",
    "project_cost_cap",
    "min_age",
    "postal_codes",
    "allow_voter_list",
    "allow_codes",
    "allow_accounts",
    "allow_paper",
)
# What may still change after the lock: words, not rules.
UNLOCKED_FIELDS = (
    "title",
    "theme",
    "description",
    "area",
    "proposal_categories",
    "proposal_areas",
    "code_info",
    "delivery_deadline",
)


class BudgetProcess(models.Model):
    """One borgerbudget: a pot for a theme in an area, decided by a published counting rule.

    Everything in :meth:`configuration` is frozen by ``lock_process`` before voting opens; the
    hash of that configuration is stored and checked again on every save.
    """

    BallotForm = BallotForm  # templates compare with process.BallotForm.RANKING

    slug = models.SlugField(_("kort navn"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    theme = models.CharField(_("tema"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    pot = models.PositiveBigIntegerField(_("pulje (hele kroner)"))
    area = models.CharField(_("område"), max_length=200)
    proposal_categories = models.TextField(
        _("kategorier for forslag"),
        blank=True,
        help_text=_("Én pr. linje. Forslagsstillere vælger fra listen; tom: de skriver selv."),
    )
    proposal_areas = models.TextField(
        _("områder for forslag"),
        blank=True,
        help_text=_("Én pr. linje, fx bydele. Tom: forslagsstillere skriver selv."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="budget_processes"
    )
    # Ballot form and its parameters.
    ballot_form = models.CharField(
        _("stemmeseddel"), max_length=20, choices=BallotForm.choices, default=BallotForm.APPROVAL
    )
    min_choices = models.PositiveSmallIntegerField(_("mindst antal forslag"), default=1)
    max_choices = models.PositiveSmallIntegerField(
        _("højst antal forslag"),
        null=True,
        blank=True,
        help_text=_("Tom: ingen grænse (godkendelse) / alle forslag (rangering)."),
    )
    points_total = models.PositiveSmallIntegerField(
        _("antal point pr. vælger"), default=5, help_text=_("Kun for pointstemmer.")
    )
    counting_rule = models.CharField(
        _("optællingsregel"),
        max_length=20,
        choices=CountingRule.choices,
        default=CountingRule.GREEDY,
    )
    project_cost_cap = models.PositiveBigIntegerField(
        _("loft pr. forslag (kr)"), null=True, blank=True
    )
    # Eligibility.
    min_age = models.PositiveSmallIntegerField(_("mindstealder"), null=True, blank=True)
    postal_codes = models.CharField(
        _("postnumre"),
        max_length=500,
        blank=True,
        help_text=_("Kommasepareret liste. Tom: hele kommunen."),
    )
    # Exactly one of the three proofs (see ONE_PROOF_ONLY).
    allow_voter_list = models.BooleanField(
        _("vælgerliste (CSV)"),
        default=False,
        help_text=_(
            "Vælg én af de tre måder at bevise retten til at stemme på. Med to kunne én person "
            "stemme to gange, fx både med en kode og med en konto."
        ),
    )
    allow_codes = models.BooleanField(_("engangskoder"), default=True)
    allow_accounts = models.BooleanField(_("bekræftet konto"), default=False)
    allow_paper = models.BooleanField(
        _("papirstemmer ved stormøder"),
        default=True,
        help_text=_("Kræver engangskoder eller vælgerliste."),
    )
    # Information, not a rule: where voters get a code (shown on the code page and in letters).
    code_info = models.TextField(
        _("hvor får man en kode?"),
        blank=True,
        max_length=500,
        help_text=_(
            "Vises på siden, hvor man skriver sin kode, og i kodebrevene, fx 'Koden kommer med "
            "posten. Har du ikke fået en, så spørg i Borgerservice eller ved stormødet.'"
        ),
    )
    # Delivery (used by the delivery tracking).
    delivery_deadline = models.DateField(_("frist for gennemførelse"), null=True, blank=True)
    # The lock.
    locked_at = models.DateTimeField(_("låst"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lock_hash = models.CharField(_("konfigurationens hash"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("borgerbudget")
        verbose_name_plural = _("borgerbudgetter")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(locked_at__isnull=True) | ~Q(lock_hash=""),
                name="budget_lock_has_hash",
            ),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=models.F("min_choices")),
                name="budget_min_le_max_choices",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = (
                BudgetProcess.objects.filter(pk=self.pk).values("locked_at", "lock_hash").first()
            )
            if stored is not None and stored["locked_at"] is not None:
                if self.locked_at != stored["locked_at"] or self.lock_hash != stored["lock_hash"]:
                    raise ConfigurationLocked("the lock of a process cannot be lifted or moved")
                if self.configuration_hash() != self.lock_hash:
                    raise ConfigurationLocked("the configuration of a locked process is frozen")
        super().save(*args, **kwargs)

    def proof_problems(self) -> dict[str, Any]:
        """Why the choice of proofs is not valid, by form field (empty when it is)."""
        chosen = [name for name in PROOF_FIELDS if getattr(self, name)]
        problems: dict[str, Any] = {}
        if not chosen:
            problems["allow_codes"] = NO_PROOF
        elif len(chosen) > 1:
            problems[chosen[1]] = ONE_PROOF_ONLY
        elif self.allow_paper and chosen == ["allow_accounts"]:
            problems["allow_paper"] = PAPER_NEEDS_CODE_OR_LIST
        return problems

    def clean(self) -> None:
        super().clean()
        # A locked process keeps the rules it was locked with; only its words may still change.
        problems = {} if self.is_locked else self.proof_problems()
        if problems:
            raise ValidationError(problems)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @staticmethod
    def _lines(text: str) -> list[str]:
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))

    @property
    def category_list(self) -> list[str]:
        """The categories a proposer chooses from (empty: free text)."""
        return self._lines(self.proposal_categories)

    @property
    def area_list(self) -> list[str]:
        return self._lines(self.proposal_areas)

    def postal_code_list(self) -> list[str]:
        return [code.strip() for code in self.postal_codes.split(",") if code.strip()]

    def configuration(self) -> dict[str, Any]:
        """What the lock freezes: ballot form, counting rule, eligibility and the ballot's
        proposals with their final costs. Stable JSON-friendly values only."""
        ballot = (
            [
                [proposal_id, cost]
                for proposal_id, cost in self.proposals.filter(review__feasible=True)
                .order_by("pk")
                .values_list("pk", "review__final_cost")
            ]
            if self.pk
            else []
        )
        frozen: dict[str, Any] = {name: getattr(self, name) for name in LOCKED_FIELDS}
        return frozen | {"postal_codes": self.postal_code_list(), "ballot": ballot}

    def configuration_hash(self) -> str:
        text = json.dumps(self.configuration(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    # Phases loaded together with the process (see use_phases); None: read self.phases.
    loaded_phases: list[Phase] | None = None

    def use_phases(self, loaded: list[Phase]) -> None:
        """Answer the phase questions from these phases instead of ``self.phases``: for a
        caller that read them in the same query as the process (the ballot API reads the voting
        phase with its process in one row)."""
        self.loaded_phases = loaded

    def timeline(self) -> list[Phase]:
        """The phases, in the order they were read (by start when prefetched)."""
        if self.loaded_phases is not None:
            return self.loaded_phases
        return list(self.phases.all())

    def phase_at(self, now: datetime) -> Phase | None:
        return phases.current_phase(self, now)

    def phase_of(self, kind: str) -> Phase | None:
        return next((phase for phase in self.timeline() if phase.kind == kind), None)

    def counted_result(self) -> Result | None:
        """The result the count stored (one per process), published or still under review."""
        result: Result | None = self.results.order_by("counted_at").first()
        return result


class Phase(models.Model):
    """A stretch of the timeline; its kind decides what is allowed while it runs."""

    process = models.ForeignKey(BudgetProcess, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("fase"), max_length=20, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="one_phase_of_each_kind"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.get_kind_display()}"

    def state(self, now: datetime) -> str:
        """``before``, ``during`` or ``after``."""
        return phases.state(self, now)
