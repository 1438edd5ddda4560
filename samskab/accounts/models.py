"""People, organisations, memberships with roles, and consents as records."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, by e-mail. Holds as little as we can do with."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("navn"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("sprog"), max_length=8, choices=[("da", "Dansk"), ("en", "English")], default="da"
    )
    email_verified_at = models.DateTimeField(_("e-mail bekræftet"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("administrator-adgang"), default=False)
    date_joined = models.DateTimeField(_("oprettet"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "kommune", _("Kommune")
    ASSOCIATION = "forening", _("Forening / frivillig organisation")
    BUSINESS = "virksomhed", _("Virksomhed")
    SCHOOL = "skole", _("Skole")
    HOUSING = "boligselskab", _("Boligselskab")
    CITIZEN_GROUP = "borgergruppe", _("Borgergruppe")


class Organisation(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn"), unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    description = models.TextField(_("beskrivelse"), blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Koordinator")
    CASEWORKER = "caseworker", _("Sagsbehandler")
    VOLUNTEER = "volunteer", _("Frivillig / mentor")
    CITIZEN = "citizen", _("Borger")
    AUDITOR = "auditor", _("Revisor / forsker")


class Membership(models.Model):
    """A person's role in an organisation. One person may hold several roles in several places."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.organisation}"


class Consent(models.Model):
    """A consent as a record: which data, to whom, for what purpose, given when, withdrawn when.

    The subject is a user where the person has an account; otherwise modules link their own
    record (e.g. a mentoring referral) to the consent.
    """

    subject = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    data_categories = models.TextField(_("hvilke oplysninger"))
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_received",
    )
    recipient_description = models.CharField(_("modtager"), max_length=200, blank=True)
    purpose = models.TextField(_("formål"))
    given_at = models.DateTimeField(_("givet"), null=True, blank=True)
    refused_at = models.DateTimeField(_("afvist"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.purpose[:40]} -> {self.recipient or self.recipient_description}"

    @property
    def is_active(self) -> bool:
        return self.given_at is not None and self.withdrawn_at is None
