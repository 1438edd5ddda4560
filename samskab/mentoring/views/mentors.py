"""Mentor applications, and the coordinator's review with the børneattest check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samskab.audit.actions import record_read
from samskab.core.requests import signed_in_user
from samskab.mentoring import actions, permissions
from samskab.mentoring.forms import (
    CertificateRequestForm,
    CertificateResultForm,
    MentorApplicationForm,
    MentorReviewForm,
)
from samskab.mentoring.models import MentorProfile, Programme


@login_required
def mentor_apply(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug, is_open=True)
    form = MentorApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.apply_as_mentor(
                signed_in_user(request), programme, form.mentor_data(), request=request
            )
        except actions.MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Tak for din ansøgning! Koordinatoren kontakter dig om en samtale.")
            )
            return redirect("mentoring:index")
    return render(request, "mentoring/mentor_apply.html", {"form": form, "programme": programme})


@login_required
def mentor_review(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_object_or_404(
        MentorProfile.objects.select_related("user", "programme").prefetch_related(
            "certificate_checks"
        ),
        pk=pk,
    )
    if not permissions.can_review_mentor(request.user, mentor):
        raise PermissionDenied
    if request.method == "GET":  # the page shows the child-certificate (børneattest) checks
        record_read(request.user, mentor, request=request, summary="mentor review")
    review = MentorReviewForm(
        initial={
            "status": mentor.status,
            "interviewed_on": mentor.interviewed_on,
            "training_completed_on": mentor.training_completed_on,
        },
        prefix="review",
    )
    certificate_request = CertificateRequestForm(prefix="request")
    certificate_result = CertificateResultForm(prefix="result")
    latest = mentor.latest_certificate()
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "review":
                review = MentorReviewForm(request.POST, prefix="review")
                if review.is_valid():
                    actions.review_mentor(signed_in_user(request), mentor, **review.cleaned_data)
                    messages.success(request, _("Mentoren er opdateret."))
                    return redirect("mentoring:mentor_review", pk=mentor.pk)
            elif which == "certificate_request":
                certificate_request = CertificateRequestForm(request.POST, prefix="request")
                if certificate_request.is_valid():
                    actions.request_certificate(
                        signed_in_user(request),
                        mentor,
                        certificate_request.cleaned_data["requested_on"],
                        request=request,
                    )
                    messages.success(request, _("Børneattesten er bestilt."))
                    return redirect("mentoring:mentor_review", pk=mentor.pk)
            elif which == "certificate_result" and latest is not None:
                certificate_result = CertificateResultForm(request.POST, prefix="result")
                if certificate_result.is_valid():
                    actions.record_certificate_result(
                        signed_in_user(request), latest, **certificate_result.cleaned_data
                    )
                    messages.success(request, _("Resultatet er registreret."))
                    return redirect("mentoring:mentor_review", pk=mentor.pk)
            else:
                messages.error(request, _("Ukendt handling."))
        except actions.MentoringError as error:
            messages.error(request, str(error))
    return render(
        request,
        "mentoring/mentor_review.html",
        {
            "mentor": mentor,
            "review": review,
            "certificate_request": certificate_request,
            "certificate_result": certificate_result,
            "latest": latest,
            "checks": sorted(mentor.certificate_checks.all(), key=lambda c: c.requested_on),
        },
    )
