"""Forms for sign-up, login, profile, password reset and account deletion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samskab.accounts.models import User
from samskab.accounts.tasks import send_email
from samskab.core.branding import site_name, with_signature

UNVERIFIED = "unverified"


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    full_name = forms.CharField(
        label=_("Navn"),
        max_length=150,
        help_text=_("Som du vil kaldes på siden."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Adgangskode"),
        strip=False,
        help_text=_("Mindst 10 tegn. Brug ikke en adgangskode, du bruger andre steder."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Gentag adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailLoginForm(AuthenticationForm):
    """Login by e-mail; an unverified address is refused with its own message."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "E-mail eller adgangskode er forkert. Bemærk, at der skelnes mellem store og små "
            "bogstaver i adgangskoden."
        ),
        UNVERIFIED: _(
            "Du skal bekræfte din e-mail, før du kan logge ind. Se efter vores e-mail i din "
            "indbakke, eller få linket sendt igen herunder."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )

    def clean_username(self) -> str:
        return str(self.cleaned_data.get("username", "")).strip().lower()

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            raise ValidationError(self.error_messages[UNVERIFIED], code=UNVERIFIED)

    @property
    def is_unverified(self) -> bool:
        return any(error.code == UNVERIFIED for error in self.errors.as_data().get("__all__", []))


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        labels = {"full_name": _("Navn"), "preferred_language": _("Sprog")}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Din adgangskode"),
        strip=False,
        help_text=_("Skriv din adgangskode for at bekræfte, at du vil slette din konto."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise ValidationError(_("Adgangskoden er forkert."), code="wrong_password")
        return password


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form (silent for unknown addresses), with the mail sent by the worker.

    The mail is rendered here, in the recipient's language, and only text goes into the queue.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user: User = context["user"]
        context = {**context, "site_name": site_name(), "site_url": settings.SITE_URL}
        with translation.override(user.preferred_language):
            subject = " ".join(render_to_string(subject_template_name, context).split())
            body = with_signature(render_to_string(email_template_name, context))
        send_email.enqueue(subject, body, [to_email])
