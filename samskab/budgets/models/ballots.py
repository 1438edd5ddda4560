"""Voters and their ballots. Every submission is kept; exactly one is current per voter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskab.budgets.models.eligibility import ProofMethod, VoterListEntry, VotingCode
from samskab.budgets.models.meetings import Meeting
from samskab.budgets.models.process import BudgetProcess
from samskab.budgets.models.proposals import Proposal
from samskab.budgets.models.voting_points import VotingPoint


class Channel(models.TextChoices):
    ONLINE = "online", _("Digitalt")
    PAPER = "paper", _("Papir ved stormøde eller stemmested")


class Assistance(models.TextChoices):
    """Who helped a voter cast the ballot (valgloven's "personlig bistand": a helper the voter
    chose, or an official). Recorded that and why, never more of the choices than any ballot."""

    NONE = "", _("Ingen hjælp")
    HELPER = "helper", _("En hjælper, vælgeren selv har valgt")
    OFFICIAL = "official", _("En medarbejder eller mødeansvarlig")


class Voter(models.Model):
    """One person in one process. ``identity_key`` names the person without holding personal
    data: ``user:<id>``, ``list:<reference>``, ``code:<hash>`` or ``eid:<pseudonym>``."""

    process = models.ForeignKey(BudgetProcess, on_delete=models.CASCADE, related_name="voters")
    identity_key = models.CharField(max_length=200)
    proof = models.CharField(_("bevis"), max_length=10, choices=ProofMethod.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_voters",
    )
    voter_list_entry = models.OneToOneField(
        VoterListEntry, on_delete=models.SET_NULL, null=True, blank=True
    )
    voting_code = models.OneToOneField(VotingCode, on_delete=models.PROTECT, null=True, blank=True)
    # What the proof vouched for, coarsened for turnout statistics (never a birth date).
    age_band = models.CharField(_("aldersgruppe"), max_length=10, blank=True)
    area = models.CharField(_("postnummer"), max_length=4, blank=True)
    # The channel of the first ballot; the other channel is refused afterwards.
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vælger")
        verbose_name_plural = _("vælgere")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "identity_key"], name="one_voter_per_person_per_process"
            )
        ]

    def __str__(self) -> str:
        return f"{self.process_id}:{self.identity_key}"


class Ballot(models.Model):
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="ballots")
    # Denormalised from the voter so counting reads one table.
    process = models.ForeignKey(BudgetProcess, on_delete=models.PROTECT, related_name="ballots")
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The official who entered a paper ballot. The key goes when their account is deleted (a
    # volunteer may leave); the label (their e-mail then, as the audit log's actor_label) stays.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by_label = models.CharField(_("indtastet af"), max_length=254, blank=True, default="")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="paper_ballots"
    )
    voting_point = models.ForeignKey(
        VotingPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="paper_ballots"
    )
    # A paper ballot that replaces an earlier one says why; empty on every other ballot.
    correction_reason = models.CharField(
        _("begrundelse for rettelse"), max_length=300, blank=True, default=""
    )
    # Database defaults: the hot path's hand-written inserts (ballot_sql) name none of these.
    assistance = models.CharField(
        _("hjælp til at stemme"),
        max_length=10,
        choices=Assistance.choices,
        blank=True,
        db_default="",
    )
    assisted_by_label = models.CharField(_("hjulpet af"), max_length=150, blank=True, db_default="")
    assistance_reason = models.CharField(
        _("hvorfor hjælp"), max_length=300, blank=True, db_default=""
    )
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stemmeseddel")
        verbose_name_plural = _("stemmesedler")
        constraints = [
            models.UniqueConstraint(
                fields=["voter"], condition=Q(is_current=True), name="one_current_ballot_per_voter"
            ),
            models.UniqueConstraint(fields=["voter", "version"], name="unique_ballot_version"),
            models.CheckConstraint(
                condition=Q(channel="online", entered_by__isnull=True, entered_by_label="")
                | (Q(channel="paper") & ~Q(entered_by_label="")),
                name="paper_ballot_names_its_official",
            ),
            # A paper ballot was entered at one meeting or one voting point; online at neither.
            models.CheckConstraint(
                condition=Q(channel="online", meeting__isnull=True, voting_point__isnull=True)
                | Q(channel="paper", meeting__isnull=False, voting_point__isnull=True)
                | Q(channel="paper", meeting__isnull=True, voting_point__isnull=False),
                name="paper_ballot_names_one_place",
            ),
            # An assisted ballot names who helped and why; any other names neither.
            models.CheckConstraint(
                condition=Q(assistance="", assisted_by_label="", assistance_reason="")
                | (~Q(assistance="") & ~Q(assisted_by_label="") & ~Q(assistance_reason="")),
                name="assisted_ballot_names_helper_and_reason",
            ),
        ]
        indexes = [models.Index(fields=["process", "is_current"])]

    def __str__(self) -> str:
        return f"{self.voter_id} v{self.version}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="choices")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField(default=1)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="one_choice_per_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.proposal_id}"
