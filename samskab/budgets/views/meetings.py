"""Stormøder: the meeting page, registration, editing, check-in and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samskab.audit.actions import record_read
from samskab.budgets import actions, permissions
from samskab.budgets.forms import MeetingForm, WalkInForm
from samskab.budgets.models import MeetingRegistration
from samskab.budgets.views.lookups import get_meeting, get_process
from samskab.budgets.views.paper_places import MEETING, paper_ballot_list, paper_place
from samskab.core.requests import signed_in_user


@require_safe
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    meeting = get_meeting(process, pk)
    user = request.user
    registered = user.is_authenticated and meeting.registrations.filter(user_id=user.pk).exists()
    now = timezone.now()
    return render(
        request,
        "budgets/meeting_detail.html",
        {
            "process": process,
            "meeting": meeting,
            "registered": registered,
            "registration_count": meeting.registrations.count(),
            "can_register": permissions.can_register_for_meeting(user, meeting, now),
            "is_past": meeting.starts_at <= now,
            "can_manage": permissions.can_manage_meeting(user, meeting),
            "can_check_in": permissions.can_check_in(user, meeting),
            "can_enter_paper": permissions.can_enter_paper_ballot(user, meeting, now),
            "can_view_paper": permissions.can_view_paper_ballots(user, meeting),
            "proposals": meeting.proposals_presented.all(),
        },
    )


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    user = signed_in_user(request)
    form = MeetingForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        proposals = list(data.pop("proposals_presented"))
        officials = list(data.pop("officials"))
        meeting = actions.create_meeting(user, process, **data, request=request)
        actions.update_meeting(
            user, meeting, proposals=proposals, officials=officials, request=request
        )
        messages.success(request, _("Mødet er oprettet."))
        return redirect("budgets:meeting_detail", slug=process.slug, pk=meeting.pk)
    return render(request, "budgets/meeting_form.html", {"process": process, "form": form})


@login_required
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    meeting = get_meeting(process, pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    user = signed_in_user(request)
    form = MeetingForm(request.POST or None, instance=meeting, process=process)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        proposals = list(data.pop("proposals_presented"))
        officials = list(data.pop("officials"))
        actions.update_meeting(
            user, meeting, proposals=proposals, officials=officials, **data, request=request
        )
        messages.success(request, _("Mødet er gemt."))
        return redirect("budgets:meeting_detail", slug=process.slug, pk=meeting.pk)
    return render(
        request, "budgets/meeting_form.html", {"process": process, "form": form, "meeting": meeting}
    )


@require_POST
@login_required
def meeting_register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    meeting = get_meeting(process, pk)
    user = signed_in_user(request)
    if request.POST.get("cancel"):
        try:
            actions.cancel_registration(user, meeting)
        except actions.ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Din tilmelding er annulleret."))
        return redirect("budgets:meeting_detail", slug=process.slug, pk=meeting.pk)
    if not permissions.can_register_for_meeting(user, meeting, timezone.now()):
        raise PermissionDenied
    try:
        actions.register_for_meeting(user, meeting)
    except actions.ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Du er tilmeldt mødet."))
    return redirect("budgets:meeting_detail", slug=process.slug, pk=meeting.pk)


@login_required
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    meeting = get_meeting(process, pk)
    if not permissions.can_check_in(request.user, meeting):
        raise PermissionDenied
    user = signed_in_user(request)
    form = WalkInForm()
    if request.method == "POST":
        registration_id = request.POST.get("registration")
        try:
            if registration_id:
                registration = get_object_or_404(
                    MeetingRegistration, pk=int(registration_id), meeting=meeting
                )
                actions.record_attendance(user, meeting, registration=registration, request=request)
            else:
                form = WalkInForm(request.POST)
                if not form.is_valid():
                    raise actions.ActionRefused(_("Skriv et navn."))
                actions.record_attendance(
                    user, meeting, name=form.cleaned_data["name"], request=request
                )
        except ValueError:
            messages.error(request, _("Ugyldig tilmelding."))
        except actions.ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Tjekket ind."))
            return redirect("budgets:meeting_attendance", slug=process.slug, pk=meeting.pk)
    registrations = meeting.registrations.select_related("user", "attendance").order_by("pk")
    # Who registered and who came is personal data: every look at the list is logged.
    record_read(user, meeting, request=request, summary="attendance list")
    return render(
        request,
        "budgets/meeting_attendance.html",
        {
            "process": process,
            "meeting": meeting,
            "registrations": registrations,
            "attendances": meeting.attendances.order_by("checked_in_at"),
            "form": form,
        },
    )


@login_required
@require_safe
def meeting_paper_ballots(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every paper ballot entered at the meeting (``paper_places.paper_ballot_list``)."""
    return paper_ballot_list(request, paper_place(slug, pk, MEETING))
