"""Referral, sign-up, consent (one-time link or in person), withdrawal, outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samskab.audit.actions import record_read
from samskab.core.requests import signed_in_user
from samskab.mentoring import actions, permissions
from samskab.mentoring.forms import (
    ConsentForm,
    LinkAccountForm,
    OutcomeForm,
    ReferralForm,
    SignupForm,
)
from samskab.mentoring.models import Outcome, Programme, Referral, ReferralStatus


@login_required
def referral_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    if not permissions.can_refer(request.user, programme):
        raise PermissionDenied
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.referral_data(
            alias_only=form.cleaned_data["alias_only"],
            jobcentre_category=form.cleaned_data["jobcentre_category"],
            mentor_must_know=form.cleaned_data["mentor_must_know"],
        )
        try:
            referral = actions.refer_young_person(
                signed_in_user(request), programme, data, request=request
            )
        except actions.MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Henvisningen er oprettet. Nu skal den unge give samtykke.")
            )
            return redirect("mentoring:referral", pk=referral.pk)
    return render(request, "mentoring/referral_form.html", {"form": form, "programme": programme})


@login_required
def signup(request: HttpRequest, slug: str) -> HttpResponse:
    """A young person signs up themselves (needs an account)."""
    programme = get_object_or_404(Programme, slug=slug, is_open=True)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.sign_up_young_person(
                signed_in_user(request),
                programme,
                form.referral_data(),
                consents=form.consents(),
                request=request,
            )
        except actions.MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Tak! Koordinatoren finder en mentor til dig."))
            return redirect("mentoring:referral", pk=referral.pk)
    return render(request, "mentoring/signup.html", {"form": form, "programme": programme})


def _referral(pk: int) -> Referral:
    return get_object_or_404(
        Referral.objects.select_related(
            "programme", "jobcentre_category", "referred_by", "account"
        ).prefetch_related("consent_links__consent", "outcomes"),
        pk=pk,
    )


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(pk)
    if not permissions.can_view_referral(request.user, referral):
        raise PermissionDenied
    record_read(request.user, referral, request=request)
    matches = list(referral.matches.select_related("mentor__user"))
    return render(
        request,
        "mentoring/referral.html",
        {
            "referral": referral,
            "consents": list(referral.consent_links.all()),
            "matches": matches,
            "outcomes": list(referral.outcomes.all()),
            "can_record_consent": permissions.can_record_consent(request.user, referral)
            and referral.status == ReferralStatus.AWAITING_CONSENT,
            "can_withdraw": permissions.can_withdraw_consent(request.user, referral)
            and referral.status not in (ReferralStatus.CONSENT_REFUSED,),
            "can_record_outcomes": permissions.is_referring_caseworker(request.user, referral)
            or permissions.is_coordinator(request.user, referral.programme),
            "consent_url": request.session.pop(f"consent-url-{referral.pk}", None),
            "pending_link": actions.pending_account_link(referral)
            if permissions.can_record_consent(request.user, referral)
            else None,
            "link_form": LinkAccountForm()
            if permissions.can_record_consent(request.user, referral)
            and referral.account_id is None
            and not referral.alias_only
            and referral.has_active_consent("mentoring")
            else None,
        },
    )


@login_required
@require_POST
def consent_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a one-time link the caseworker sends to the young person (shown once)."""
    referral = _referral(pk)
    if not permissions.can_record_consent(request.user, referral):
        raise PermissionDenied
    try:
        raw = actions.issue_consent_link(signed_in_user(request), referral, request=request)
    except actions.MentoringError as error:
        messages.error(request, str(error))
    else:
        url = request.build_absolute_uri(reverse("mentoring:consent_token", args=[raw]))
        request.session[f"consent-url-{referral.pk}"] = url
    return redirect("mentoring:referral", pk=referral.pk)


@login_required
def consent_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(pk)
    if not permissions.can_record_consent(request.user, referral):
        raise PermissionDenied
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_consent_in_person(
                signed_in_user(request), referral, form.consents(), request=request
            )
        except actions.MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Den unges svar er registreret."))
            return redirect("mentoring:referral", pk=referral.pk)
    return render(
        request,
        "mentoring/consent.html",
        {"form": form, "referral": referral, "in_person": True, **_consent_texts()},
    )


def _consent_texts() -> dict[str, object]:
    return {
        "consent_data": {
            purpose.value: _(actions.CONSENT_DATA[purpose]) for purpose in actions.CONSENT_DATA
        }
    }


@never_cache  # the young person's consent page: nobody signed in, but personal
def consent_token(request: HttpRequest, token: str) -> HttpResponse:
    """The young person's own page, reached by the one-time link. No login needed."""
    found = actions.referral_for_token(token)
    if found is None:
        return render(request, "mentoring/consent_gone.html", status=410)
    referral, _token = found
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.consent_by_token(token, form.consents(), request=request)
        except actions.MentoringError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "mentoring/consent_done.html", {"given": form.consents()})
    return render(
        request,
        "mentoring/consent.html",
        {
            "form": form,
            "organisation": referral.programme.organisation,
            "programme": referral.programme,
            "in_person": False,
            **_consent_texts(),
        },
    )


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(pk)
    if not permissions.can_withdraw_consent(request.user, referral):
        raise PermissionDenied
    if request.method == "POST":
        try:
            actions.withdraw_consent(signed_in_user(request), referral, request=request)
        except actions.MentoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Samtykket er trukket tilbage. Oplysningerne er anonymiseret.")
            )
        return redirect("mentoring:index")
    return render(request, "mentoring/withdraw.html", {"referral": referral})


@login_required
def outcome_record(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_object_or_404(Outcome.objects.select_related("referral__programme"), pk=pk)
    referral = outcome.referral
    if (
        not (
            permissions.is_referring_caseworker(request.user, referral)
            or permissions.is_coordinator(request.user, referral.programme)
        )
        or referral.is_anonymised
    ):
        raise PermissionDenied
    if request.method == "GET":
        record_read(request.user, referral, request=request, summary="outcome form")
    form = OutcomeForm(request.POST or None, initial={"status": outcome.status or None})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_outcome(
                signed_in_user(request), outcome, form.cleaned_data["status"], request=request
            )
        except actions.MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Status er registreret."))
            return redirect("mentoring:referral", pk=referral.pk)
    return render(request, "mentoring/outcome_form.html", {"form": form, "outcome": outcome})


@login_required
@require_POST
def link_account(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(pk)
    if not permissions.can_record_consent(request.user, referral):
        raise PermissionDenied
    form = LinkAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en gyldig e-mailadresse."))
    else:
        try:
            actions.request_account_link(
                signed_in_user(request), referral, form.cleaned_data["email"], request=request
            )
        except actions.MentoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Vi har sendt en mail med et bekræftelseslink til kontoen. Sagen forbindes "
                    "først, når kontoens ejer har bekræftet, at forløbet er deres."
                ),
            )
    return redirect("mentoring:referral", pk=referral.pk)
