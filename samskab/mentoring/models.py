"""Mentoring "i øjenhøjde": programmes, referrals with consent, mentors, matches and outcomes.

A young person exists here only as a :class:`Referral`. Most have no account; identity is kept
to the minimum (a name or an alias, age, area, contact) and is wiped by anonymisation on
withdrawal or at the end of the retention period, leaving only what outcome statistics need.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samskab.accounts.models import Consent, Organisation

ANONYMISED = "(anonymiseret)"


class JobcentreCategory(models.Model):
    """One code of the jobcentre's visitation list, valid for a period (reforms change them)."""

    code = models.CharField(_("kode"), max_length=40)
    label = models.CharField(_("betegnelse"), max_length=200)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        verbose_name = _("jobcenterkategori")
        verbose_name_plural = _("jobcenterkategorier")
        ordering = ["valid_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unique_category_version")
        ]

    def __str__(self) -> str:
        return self.label

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    @classmethod
    def valid_on(cls, day: dt.date) -> models.QuerySet[JobcentreCategory]:
        return cls.objects.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day)
        )


class Programme(models.Model):
    """A mentoring offer run by an organisation with the municipality as partner."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mentoring_programmes"
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mentoring_partnerships",
        null=True,
        blank=True,
        verbose_name=_("partner"),
    )
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn"), unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_group = models.CharField(_("målgruppe"), max_length=300)
    area = models.CharField(_("område"), max_length=200)
    capacity = models.PositiveIntegerField(pgettext_lazy("mentoring programme", "antal pladser"))
    reaches_under_15 = models.BooleanField(_("når børn under 15"), default=False)
    certificate_recheck_months = models.PositiveIntegerField(
        _("ny børneattest efter (måneder)"), default=24
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_programmes", blank=True
    )
    caseworkers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="partner_programmes", blank=True
    )
    is_open = models.BooleanField(_("åben for tilmelding"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentorprogram")
        verbose_name_plural = _("mentorprogrammer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EducationStatus(models.TextChoices):
    DROPPED_OUT = "dropped_out", _("Afbrudt uddannelse")
    NEVER_STARTED = "never_started", _("Ikke startet på uddannelse")
    UNEMPLOYED = "unemployed", _("Ledig")
    PART_TIME_JOB = "part_time_job", _("Deltidsjob")
    OTHER = "other", _("Andet")


class ReferralStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Afventer samtykke")
    CONSENT_REFUSED = "consent_refused", _("Samtykke afvist")
    READY = "ready", _("Klar til match")
    MATCHED = "matched", _("I forløb")
    ENDED = "ended", pgettext_lazy("mentoring case", "Afsluttet")
    WITHDRAWN = "withdrawn", _("Samtykke trukket tilbage")


class Referral(models.Model):
    """A young person in a programme: referred by a caseworker, or signed up themselves."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_referrals_made",
    )
    # When the referring caseworker's account is deleted, their cases go to the programme's
    # coordinators (who then act as the referring caseworker): when, and from whom (e-mail).
    handed_over_at = models.DateTimeField(
        _("overdraget til koordinatorerne"), null=True, blank=True
    )
    handed_over_from = models.CharField(_("overdraget fra"), max_length=254, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_referrals",
    )
    name = models.CharField(_("navn eller alias"), max_length=150)
    alias_only = models.BooleanField(
        _("kun alias"),
        default=False,
        help_text=_("For den, der ikke må kunne genkendes: vis aldrig rigtigt navn eller kontakt."),
    )
    age = models.PositiveSmallIntegerField(_("alder"))
    area = models.CharField(_("område"), max_length=100)
    contact = models.CharField(_("kontakt (telefon eller e-mail)"), max_length=200, blank=True)
    education_status = models.CharField(
        _("uddannelse/job"), max_length=20, choices=EducationStatus.choices
    )
    jobcentre_category = models.ForeignKey(
        JobcentreCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("jobcenterkategori"),
    )
    interests = models.CharField(_("interesser"), max_length=300, blank=True)
    curious_about = models.CharField(_("nysgerrig på"), max_length=300, blank=True)
    goals = models.TextField(_("mål"), blank=True)
    availability = models.CharField(_("tid"), max_length=200, blank=True)
    languages = models.CharField(
        pgettext_lazy("mentoring languages", "sprog"), max_length=100, default="da"
    )
    required_language = models.CharField(_("mentor skal tale"), max_length=20, blank=True)
    preferred_mentor_gender = models.CharField(_("ønsket køn på mentor"), max_length=20, blank=True)
    mentor_must_know = models.TextField(_("det skal mentoren vide"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.AWAITING_CONSENT,
    )
    referred_on = models.DateField(_("henvist"), default=timezone.localdate)
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.display_name}"

    @property
    def display_name(self) -> str:
        """What staff see. For an alias-only case the name field holds the alias."""
        return self.name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_handed_to_coordinators(self) -> bool:
        return self.referred_by_id is None and self.handed_over_at is not None

    def consent_for(self, purpose: str) -> Consent | None:
        for link in self.consent_links.all():
            if link.purpose == purpose:
                return link.consent
        return None

    def has_active_consent(self, purpose: str) -> bool:
        consent = self.consent_for(purpose)
        return consent is not None and consent.is_active

    def interest_set(self) -> frozenset[str]:
        return split_words(self.interests)


def split_words(text: str) -> frozenset[str]:
    return frozenset(word.strip().lower() for word in text.split(",") if word.strip())


class ConsentPurpose(models.TextChoices):
    MENTORING = "mentoring", _("Finde og følge en mentor")
    CONTACT = "contact", _("Give mentoren mine kontaktoplysninger")
    OUTCOMES = "outcomes", _("Følge op på min situation efter 3, 6 og 12 måneder")


class ConsentMethod(models.TextChoices):
    LINK = "link", _("Via engangslink")
    IN_PERSON = "in_person", _("Personligt fremmøde")
    SELF_SIGNUP = "self_signup", _("Egen tilmelding")


class ReferralConsent(models.Model):
    """Links one consent record (one purpose) to a referral, with how it was given."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consent_links")
    consent = models.OneToOneField(Consent, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "purpose"], name="one_consent_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.purpose}"


class ConsentToken(models.Model):
    """A one-time link to the consent page. Only the hash is kept; used once, then dead."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token for referral {self.referral_id}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and now < self.expires_at


class AccountLinkRequest(models.Model):
    """A caseworker asked to connect a case to an account. Nothing is connected until the
    account holder says yes by the one-time link mailed to them (signed over id and nonce:
    the database alone cannot forge it); dead after one answer, on expiry, or when replaced."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="account_link_requests"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # None until answered; False also when a newer request replaced it.
    confirmed = models.BooleanField(null=True)

    def __str__(self) -> str:
        return f"account link for referral {self.referral_id}"

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return self.answered_at is None and (now or timezone.now()) < self.expires_at


class MentorStatus(models.TextChoices):
    PENDING = "pending", _("Ansøgt")
    APPROVED = "approved", _("Godkendt")
    REJECTED = "rejected", _("Ikke godkendt")
    INACTIVE = "inactive", _("Holder pause")


class MentorProfile(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profiles"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="mentors")
    age = models.PositiveSmallIntegerField(_("alder"))
    occupation = models.CharField(_("studie eller arbejde"), max_length=200)
    fields = models.CharField(_("fagområder"), max_length=300, blank=True)
    interests = models.CharField(_("interesser"), max_length=300, blank=True)
    languages = models.CharField(
        pgettext_lazy("mentoring languages", "sprog"), max_length=100, default="da"
    )
    area = models.CharField(_("område"), max_length=100)
    availability = models.CharField(_("tid"), max_length=200, blank=True)
    gender = models.CharField(_("køn"), max_length=20, blank=True)
    max_mentees = models.PositiveSmallIntegerField(_("antal mentees"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=MentorStatus.choices, default=MentorStatus.PENDING
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    interviewed_on = models.DateField(_("samtale"), null=True, blank=True)
    approved_on = models.DateField(_("godkendt"), null=True, blank=True)
    training_completed_on = models.DateField(_("uddannelse gennemført"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentorer")
        ordering = ["programme", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="one_profile_per_programme")
        ]

    def __str__(self) -> str:
        return str(self.user)

    def latest_certificate(self) -> ChildCertificateCheck | None:
        checks = sorted(self.certificate_checks.all(), key=lambda c: (c.requested_on, c.pk))
        return checks[-1] if checks else None

    def certificate_clear_on(self, day: dt.date) -> bool:
        check = self.latest_certificate()
        return check is not None and check.is_clear_on(day)

    def can_be_matched_on(self, day: dt.date) -> bool:
        if self.status != MentorStatus.APPROVED or self.training_completed_on is None:
            return False
        return not self.programme.reaches_under_15 or self.certificate_clear_on(day)


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Afventer")
    CLEAR = "clear", _("Ren")
    NOT_CLEAR = "not_clear", _("Ikke ren")
    EXPIRED = "expired", _("Udløbet efter foreningens politik")


class ChildCertificateCheck(models.Model):
    """A børneattest check. Never holds the CPR number used to order it."""

    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="certificate_checks"
    )
    requested_on = models.DateField(_("bestilt"))
    consent_deadline = models.DateField(_("frist for samtykke"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
    )
    received_on = models.DateField(_("modtaget"), null=True, blank=True)
    next_check_on = models.DateField(_("næste kontrol"), null=True, blank=True)

    class Meta:
        verbose_name = _("børneattest")
        verbose_name_plural = _("børneattester")

    def __str__(self) -> str:
        return f"{self.mentor_id}: {self.status} ({self.requested_on})"

    def is_clear_on(self, day: dt.date) -> bool:
        if self.status != CertificateStatus.CLEAR:
            return False
        return self.next_check_on is None or day < self.next_check_on


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Foreslået")
    APPROVED = "approved", _("Godkendt af koordinator")
    ACCEPTED = "accepted", _("Accepteret af begge")
    ACTIVE = "active", _("Aktivt")
    PAUSED = "paused", _("På pause")
    ENDED = "ended", pgettext_lazy("mentoring case", "Afsluttet")
    REJECTED = "rejected", _("Afvist")


OPEN_MATCH_STATUSES = [
    MatchStatus.PROPOSED,
    MatchStatus.APPROVED,
    MatchStatus.ACCEPTED,
    MatchStatus.ACTIVE,
    MatchStatus.PAUSED,
]


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Forløbet er gennemført")
    STARTED_EDUCATION = "education", _("Startet på uddannelse")
    STARTED_JOB = "job", _("Fået job")
    NO_CONTACT = "no_contact", _("Ingen kontakt")
    MENTEE_STOPPED = "mentee_stopped", _("Den unge stoppede")
    MENTOR_STOPPED = "mentor_stopped", _("Mentoren stoppede")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtykke trukket tilbage")
    DECLINED = "declined", _("Afslået")


class Match(models.Model):
    Status = MatchStatus  # templates compare with match.Status.ACTIVE

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(
        _("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    score = models.IntegerField(_("point"), default=0)
    # Reasons and alternatives from the engine, as stored at proposal time (see matching.py).
    reasons = models.JSONField(default=list, blank=True)
    alternatives = models.JSONField(default=list, blank=True)
    explanation_da = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    run_hash = models.CharField(max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(_("startet"), null=True, blank=True)
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)
    end_reason = models.CharField(
        _("årsag til afslutning"), max_length=20, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.referral} - {self.mentor}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MATCH_STATUSES


class Meeting(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("dato"))
    duration_minutes = models.PositiveSmallIntegerField(_("varighed (minutter)"))
    activity = models.TextField(_("hvad lavede I"))
    next_step = models.TextField(_("næste skridt"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.held_on}"


class Goal(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="goal_items")
    title = models.CharField(_("mål"), max_length=200)
    progress = models.PositiveSmallIntegerField(_("fremskridt (%)"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class HelpRequest(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="help_requests")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("hvad har du brug for hjælp til"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"help for match {self.match_id}"


class Checkpoint(models.IntegerChoices):
    START = 0, _("Ved start")
    MONTH_3 = 3, _("Efter 3 måneder")
    MONTH_6 = 6, _("Efter 6 måneder")
    MONTH_12 = 12, _("Efter 12 måneder")


class OutcomeStatus(models.TextChoices):
    STARTED_EDUCATION = "started_education", _("Startet på uddannelse")
    IN_EDUCATION = "in_education", _("Stadig i uddannelse")
    IN_JOB = "in_job", _("I ordinært job")
    OFF_BENEFIT = "off_benefit", _("Ude af ydelse")
    OTHER = "other", _("Andet")


# Statuses that count as "in education or job" against the national benchmark.
POSITIVE_OUTCOMES = {
    OutcomeStatus.STARTED_EDUCATION,
    OutcomeStatus.IN_EDUCATION,
    OutcomeStatus.IN_JOB,
    OutcomeStatus.OFF_BENEFIT,
}


class Outcome(models.Model):
    """The young person's status at one checkpoint. Survives anonymisation (no identity)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="outcomes")
    checkpoint = models.IntegerField(
        pgettext_lazy("mentoring checkpoint", "tidspunkt"), choices=Checkpoint.choices
    )
    due_on = models.DateField(_("forfalder"))
    status = models.CharField(_("status"), max_length=20, choices=OutcomeStatus.choices, blank=True)
    recorded_on = models.DateField(_("registreret"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["referral", "checkpoint"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "checkpoint"], name="one_outcome_per_checkpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} @ {self.checkpoint}"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
