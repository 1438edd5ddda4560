"""Sign-up, verification, login, profile, passwords, privacy (export, deletion, consents)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskab.accounts import actions
from samskab.accounts.forms import (
    DeleteAccountForm,
    EmailLoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    ResendVerificationForm,
    SignupForm,
)
from samskab.accounts.models import Consent
from samskab.accounts.permissions import can_see_consent, can_withdraw_consent
from samskab.accounts.privacy_hooks import AccountDeletionRefused
from samskab.accounts.tokens import InvalidVerificationToken, user_for_verification_token
from samskab.audit.actions import record_event
from samskab.core.requests import signed_in_user


def _set_language(response: HttpResponseBase, language: str) -> None:
    """Remember the person's language the way Django's set_language view does (a cookie)."""
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE or settings.SESSION_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


# --- Sign-up and verification -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
            request=request,
        )
        # The same answer whether or not the address already had an account.
        return redirect("accounts:signup_done")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_safe
def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_done.html", {"form": ResendVerificationForm()})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = user_for_verification_token(token)
    except InvalidVerificationToken as error:
        context = {"expired": error.expired, "form": ResendVerificationForm()}
        return render(request, "accounts/verify_failed.html", context, status=400)
    actions.verify_email(user, request=request)
    messages.success(request, _("Din e-mail er bekræftet. Nu kan du logge ind."))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.resend_verification(form.cleaned_data["email"], request=request)
        return redirect("accounts:signup_done")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/resend_verification.html", {"form": form}, status=status)


# --- Login and logout ---------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: EmailLoginForm) -> HttpResponse:  # type: ignore[override]  # narrower form
        response = super().form_valid(form)
        user = form.get_user()
        record_event(user, "accounts.user_logged_in", user, request=self.request)
        # A language the visitor chose before logging in (the cookie only set_language and
        # login set) wins over the profile's, and becomes the profile's: the choice was made
        # now, on this device. Without a cookie the profile's language applies.
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES):
            actions.update_preferred_language(user, chosen)
        _set_language(response, user.preferred_language)
        return response

    def form_invalid(self, form: EmailLoginForm) -> HttpResponse:  # type: ignore[override]  # narrower form
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound and form.is_unverified:
            context["resend_form"] = ResendVerificationForm(
                initial={"email": form.cleaned_data.get("username", "")}
            )
        return context


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


# --- Profile and passwords ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            actions.update_profile(
                user,
                full_name=form.cleaned_data["full_name"],
                preferred_language=form.cleaned_data["preferred_language"],
                request=request,
            )
            response = redirect("accounts:profile")
            _set_language(response, user.preferred_language)
            messages.success(request, _("Din profil er gemt."))
            return response
        user.refresh_from_db()
    memberships = user.memberships.select_related("organisation").order_by(
        "organisation__name", "role"
    )
    context = {"form": form, "memberships": memberships}
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.change_password(form, request)
        messages.success(request, _("Din adgangskode er ændret."))
        return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        actions.reset_password(form, request=self.request)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- Privacy: export, deletion, consents --------------------------------------------------------


@login_required
@require_safe
def data_export(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    data = actions.export_user_data(user, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"samskab-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_account(user, request=request)
        except AccountDeletionRefused as refused:
            messages.error(request, _("%(reason)s Intet er ændret.") % {"reason": refused})
            return redirect("accounts:profile")
        except (ProtectedError, RestrictedError):
            messages.error(
                request,
                _(
                    "Kontoen kunne ikke slettes, fordi andre oplysninger afhænger af den. "
                    "Kontakt kommunens administrator. Intet er ændret."
                ),
            )
            return redirect("accounts:profile")
        logout(request)
        messages.success(request, _("Din konto og dine oplysninger er slettet."))
        return redirect("core:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)


@login_required
@require_safe
def consents(request: HttpRequest) -> HttpResponse:
    own = Consent.objects.filter(subject_id=request.user.pk).select_related("recipient")
    return render(request, "accounts/consents.html", {"consents": own})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(Consent, pk=pk)
    if not can_see_consent(request.user, consent):
        raise Http404
    if not can_withdraw_consent(request.user, consent):
        messages.error(request, _("Samtykket er allerede trukket tilbage eller ikke givet."))
        return redirect("accounts:consents")
    try:
        actions.withdraw_consent(request.user, consent, request=request)
    except actions.ConsentNotActive:
        messages.error(request, _("Samtykket er allerede trukket tilbage eller ikke givet."))
    else:
        messages.success(request, _("Samtykket er trukket tilbage."))
    return redirect("accounts:consents")
