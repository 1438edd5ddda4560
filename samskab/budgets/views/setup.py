"""Coordinator pages: create and edit a process, its phases, the lock, feasibility, eligibility."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samskab.budgets import actions, permissions, voter_list
from samskab.budgets.forms import (
    CodesForm,
    FeasibilityForm,
    OpenVotingForm,
    PhasesForm,
    ProcessForm,
    VoterListForm,
)
from samskab.budgets.letters import render_letters_pdf
from samskab.budgets.models import BudgetProcess, ConfigurationLocked, PhaseKind
from samskab.budgets.views.lookups import get_process, get_proposal
from samskab.core.requests import signed_in_user


@login_required
def process_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_process(request.user):
        raise PermissionDenied
    user = signed_in_user(request)
    form = ProcessForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        process = actions.create_process(user, **form.cleaned_data, request=request)
        messages.success(request, _("Borgerbudgettet er oprettet. Læg nu tidsplanen ind."))
        return redirect("budgets:phases_edit", slug=process.slug)
    return render(request, "budgets/process_form.html", {"form": form, "process": None})


@login_required
def process_edit(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    user = signed_in_user(request)
    form = ProcessForm(request.POST or None, instance=process, user=user)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        process.refresh_from_db()
        try:
            actions.update_process(user, process, **changed, request=request)
        except ConfigurationLocked as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Borgerbudgettet er gemt."))
        return redirect("budgets:process_detail", slug=process.slug)
    return render(request, "budgets/process_form.html", {"form": form, "process": process})


@login_required
def phases_edit(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    user = signed_in_user(request)
    initial = {}
    for phase in process.phases.all():
        initial[f"{phase.kind}_starts_at"] = timezone.localtime(phase.starts_at)
        initial[f"{phase.kind}_ends_at"] = timezone.localtime(phase.ends_at)
    form = PhasesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for kind in PhaseKind.values:
                    start = form.cleaned_data[f"{kind}_starts_at"]
                    end = form.cleaned_data[f"{kind}_ends_at"]
                    if start is not None and end is not None:
                        actions.set_phase(user, process, kind, start, end, request=request)
        except actions.ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Tidsplanen er gemt."))
            return redirect("budgets:process_detail", slug=process.slug)
    return render(request, "budgets/phases_form.html", {"form": form, "process": process})


@login_required
def process_lock(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_lock_process(request.user, process, timezone.now()):
        raise PermissionDenied
    user = signed_in_user(request)
    if request.method == "POST":
        try:
            actions.lock_process(user, process, request=request)
        except actions.ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Reglerne er låst."))
            return redirect("budgets:process_detail", slug=process.slug)
    return render(
        request,
        "budgets/lock_confirm.html",
        {"process": process, "configuration": process.configuration()},
    )


DEFAULT_VOTING_DAYS = 14


@login_required
def open_voting(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows when the vote would end (its planned end, else in two weeks) or why it cannot
    open yet; POST opens it now."""
    process = get_process(slug)
    now = timezone.now()
    if not permissions.can_open_voting(request.user, process, now):
        raise PermissionDenied
    planned = process.phase_of(PhaseKind.VOTING)
    default_end = (
        planned.ends_at
        if planned is not None and planned.ends_at > now
        else now + timedelta(days=DEFAULT_VOTING_DAYS)
    )
    form = OpenVotingForm(
        request.POST if request.method == "POST" else None,
        initial={"ends_at": timezone.localtime(default_end).replace(second=0, microsecond=0)},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.open_voting(
                signed_in_user(request),
                process,
                ends_at=form.cleaned_data["ends_at"],
                request=request,
            )
        except actions.ActionRefused as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, _("Afstemningen er åben."))
            return redirect("budgets:process_detail", slug=process.slug)
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "budgets/open_voting.html",
        {
            "process": process,
            "form": form,
            "can_lock": permissions.can_lock_process(request.user, process, now),
        },
        status=status,
    )


@login_required
def feasibility_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_review_feasibility(request.user, process, timezone.now()):
        raise PermissionDenied
    user = signed_in_user(request)
    proposal = get_proposal(process, pk)
    review = getattr(proposal, "review", None)
    initial = (
        {
            "feasible": "yes" if review.feasible else "no",
            "public_reason": review.public_reason,
            "final_cost": review.final_cost,
        }
        if review
        else {"final_cost": proposal.estimated_cost}
    )
    form = FeasibilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.review_feasibility(
            user,
            proposal,
            feasible=form.cleaned_data["feasible"],
            public_reason=form.cleaned_data["public_reason"],
            final_cost=form.cleaned_data["final_cost"],
            request=request,
        )
        messages.success(request, _("Vurderingen er gemt."))
        return redirect("budgets:proposal_detail", slug=process.slug, pk=proposal.pk)
    return render(
        request,
        "budgets/feasibility_form.html",
        {"process": process, "proposal": proposal, "form": form},
    )


def _code_letters(request: HttpRequest, process: BudgetProcess, form: CodesForm) -> HttpResponse:
    """The letters as a PDF download, made in this request: the codes exist nowhere else."""
    # One transaction: if the PDF cannot be made, no entry is marked as having had its letter.
    with transaction.atomic():
        letters = actions.generate_code_letters(
            signed_in_user(request),
            process,
            batch=form.cleaned_data["batch"],
            count=form.cleaned_data["count"],
            reprint=form.reprint_references(),
            request=request,
        )
        pdf = render_letters_pdf(request, process, letters)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"kodebreve {process.slug} {form.cleaned_data['batch']}") or "kodebreve"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def eligibility(request: HttpRequest, slug: str) -> HttpResponse:
    """Voter list upload (line-numbered errors) and voting codes printed as a sheet."""
    process = get_process(slug)
    if not permissions.can_manage_process(request.user, process):
        raise PermissionDenied
    user = signed_in_user(request)
    job = process.voter_list_imports.order_by("-pk").first()
    if request.GET.get("import") == "progress" and job is not None:  # htmx polls this
        return render(request, "budgets/_voter_list_import.html", {"process": process, "job": job})
    has_list = process.voter_list.exists()
    list_form = VoterListForm()
    codes_form = CodesForm(has_list=has_list)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and request.POST.get("action") == "voter_list":
        if process.is_locked:
            raise PermissionDenied
        list_form = VoterListForm(request.POST, request.FILES)
        if list_form.is_valid():
            text = list_form.cleaned_data["file"]
            if voter_list.line_count(text) > voter_list.BACKGROUND_LINES:
                actions.queue_voter_list_import(user, process, text, request=request)
                return redirect("budgets:eligibility", slug=process.slug)
            report = actions.import_voter_list(user, process, text, request=request)
            if report.errors:
                errors = report.errors
            else:
                messages.success(
                    request, _("%(count)d vælgere er indlæst.") % {"count": report.created}
                )
                return redirect("budgets:eligibility", slug=process.slug)
    elif request.method == "POST" and request.POST.get("action") == "codes":
        codes_form = CodesForm(request.POST, has_list=has_list)
        if codes_form.is_valid():
            data = codes_form.cleaned_data
            try:
                if data["output"] == CodesForm.LETTERS:
                    return _code_letters(request, process, codes_form)
                codes = actions.generate_voting_codes(
                    user, process, count=data["count"], batch=data["batch"], request=request
                )
            except actions.ActionRefused as error:
                codes_form.add_error(None, str(error))
            else:
                return render(
                    request,
                    "budgets/code_sheet.html",
                    {"process": process, "codes": codes, "batch": data["batch"]},
                )
    return render(
        request,
        "budgets/eligibility.html",
        {
            "process": process,
            "list_form": list_form,
            "codes_form": codes_form,
            "errors": errors,
            "job": job,
            "list_count": process.voter_list.count(),
            "without_letter": process.voter_list.filter(letter_code__isnull=True).count(),
            "letters_per_batch": actions.LETTERS_PER_BATCH,
            "code_count": process.voting_codes.count(),
            "voter_count": process.voters.count(),
        },
    )
