"""The voting page (one page, no JavaScript needed) and paper ballot entry at a stormøde."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samskab.accounts.models import User
from samskab.budgets import actions, permissions
from samskab.budgets.ballot_rules import BallotInvalid, ballot_costs, validate_choices
from samskab.budgets.code_attempts import TooManyCodeAttempts, identity_for_code_limited
from samskab.budgets.forms import BallotEntryForm, CodeForm, PaperVoterForm
from samskab.budgets.identity import (
    Identity,
    NotEligible,
    check_eligibility,
    identity_for_code,
    identity_for_list_reference,
    identity_for_user,
    voter_for,
)
from samskab.budgets.models import (
    Ballot,
    BallotForm,
    BudgetProcess,
    Channel,
    PhaseKind,
    ProofMethod,
    Proposal,
    Voter,
)
from samskab.budgets.phases import VotingStatus, voting_status
from samskab.budgets.views.follow import follow_box
from samskab.budgets.views.lookups import get_process
from samskab.budgets.views.paper_places import MEETING, VOTING_POINT, PaperPlace, paper_place
from samskab.core.requests import signed_in_user


def _session_key(process: BudgetProcess) -> str:
    return f"budgets_voter_{process.pk}"


def _ballot_proposals(process: BudgetProcess) -> tuple[list[Proposal], dict[int, int]]:
    costs = ballot_costs(process)
    proposals = list(Proposal.objects.filter(pk__in=costs).order_by("pk"))
    return proposals, costs


def _identify(request: HttpRequest, process: BudgetProcess) -> tuple[Identity | None, str]:
    """The identity of whoever is on the page, and why there is none if so."""
    voter_id = request.session.get(_session_key(process))
    if voter_id is not None:
        voter = (
            Voter.objects.filter(pk=voter_id, process=process).select_related("voting_code").first()
        )
        if voter is not None:
            return Identity(
                key=voter.identity_key, proof=voter.proof, voting_code=voter.voting_code
            ), ""
    if isinstance(request.user, User):
        try:
            return identity_for_user(process, request.user), ""
        except NotEligible as error:
            return None, str(error)
    return None, ""


def _rank_form(process: BudgetProcess) -> bool:
    return process.ballot_form == BallotForm.RANKING


@never_cache  # shows the voter's own ballot, also to someone voting with a code (no account)
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    now = timezone.now()
    is_open = permissions.can_vote_online(request.user, process, now)
    identity, reason = _identify(request, process) if is_open else (None, "")
    proposals, costs = _ballot_proposals(process)
    voter = (
        Voter.objects.filter(process=process, identity_key=identity.key).first()
        if identity
        else None
    )
    current = actions.current_ballot(voter) if voter else None
    ask_declaration = (
        identity is not None
        and identity.proof == ProofMethod.ACCOUNT
        and bool(process.min_age is not None or process.postal_code_list())
    )
    # An account proves neither age nor address: ask once, on the first ballot; the voter keeps
    # only the age band and the postal code (for turnout), never the year.
    first_ballot = voter is None or current is None
    form = BallotEntryForm(
        request.POST if request.method == "POST" else None,
        process=process,
        proposals=proposals,
        costs=costs,
        ask_declaration=ask_declaration,
        ask_birth_year=ask_declaration and first_ballot and process.min_age is not None,
        ask_postal_code=ask_declaration and first_ballot and bool(process.postal_code_list()),
        ask_assistance=True,
    )
    if current is not None and request.method != "POST":
        form.initial_from(
            {
                c.proposal_id: (c.rank if _rank_form(process) else c.points) or 0
                for c in current.choices.all()
            }
        )
    status = 200
    if request.method == "POST":
        if not is_open:
            status = 409
            messages.error(request, _("Afstemningen er ikke åben."))
        elif identity is None:
            raise PermissionDenied
        elif "edit" in request.POST:
            pass  # back from the summary to the ballot, as the voter left it
        elif form.is_valid():
            confirmed = request.POST.get("confirmed") == "1"
            identity = _with_declared(identity, form)
            try:
                check_eligibility(
                    process,
                    identity,
                    declared=bool(form.cleaned_data.get("declare")),
                    today=timezone.localdate(),
                )
                if not confirmed:
                    validate_choices(process, form.choices())
                    return _confirm(request, process, form, current)
                actions.cast_ballot_as(
                    process,
                    identity,
                    form.choices(),
                    Channel.ONLINE,
                    assisted=form.assisted(),
                    request=request,
                )
            except (BallotInvalid, NotEligible, actions.ActionRefused) as error:
                form.add_error(None, str(error))
                status = 409 if isinstance(error, actions.ActionRefused) else 422
            else:
                return redirect("budgets:vote_receipt", slug=process.slug)
        else:
            status = 422
    return render(
        request,
        "budgets/vote.html",
        {
            "process": process,
            "is_open": is_open,
            "identity": identity,
            "reason": reason,
            "form": form,
            "code_form": CodeForm(),
            "meetings": list(process.meetings.filter(starts_at__gte=now).order_by("starts_at"))
            if process.allow_paper and is_open and identity is None
            else [],
            "current": current,
            "current_choices": _describe(current, proposals, process) if current else [],
            "costs": costs,
            "voting": process.phase_of(PhaseKind.VOTING),
            "voting_status": voting_status(process, now),
            "VotingStatus": VotingStatus,
        },
        status=status,
    )


def _with_declared(identity: Identity, form: BallotEntryForm) -> Identity:
    """The identity with what an account voter declared on the ballot (birth year, postcode)."""
    data = form.cleaned_data
    if data.get("birth_year") is None and not data.get("postal_code"):
        return identity
    return replace(
        identity,
        birth_year=data.get("birth_year"),
        postal_code=data.get("postal_code") or identity.postal_code,
    )


def _confirm(
    request: HttpRequest, process: BudgetProcess, form: BallotEntryForm, current: Ballot | None
) -> HttpResponse:
    """The summary a voter confirms before the ballot is cast: nothing is stored yet."""
    summary = form.summary()
    return render(
        request,
        "budgets/vote_confirm.html",
        {
            "process": process,
            "form": form,
            "summary": summary,
            "spent": sum(cost for _, cost, _ in summary),
            "points": sum(value for _, _, value in summary),
            "current": current,
        },
    )


@never_cache
def vote_receipt(request: HttpRequest, slug: str) -> HttpResponse:
    """After casting: what was received, and how to change it. Shows only the visitor's own
    ballot (the session's voter or the signed-in account's); anyone else is sent to the ballot."""
    process = get_process(slug)
    identity, _reason = _identify(request, process)
    voter = (
        Voter.objects.filter(process=process, identity_key=identity.key).first()
        if identity
        else None
    )
    current = actions.current_ballot(voter) if voter else None
    if current is None or current.channel != Channel.ONLINE:
        return redirect("budgets:vote", slug=process.slug)
    proposals, _costs = _ballot_proposals(process)
    now = timezone.now()
    return render(
        request,
        "budgets/vote_receipt.html",
        {
            "process": process,
            "current": current,
            "current_choices": _describe(current, proposals, process),
            "voting": process.phase_of(PhaseKind.VOTING),
            "can_change": permissions.can_vote_online(request.user, process, now),
            "by_code": voter is not None and voter.proof == ProofMethod.CODE,
            **follow_box(request, process),
        },
    )


def _describe(
    current: Ballot, proposals: list[Proposal], process: BudgetProcess
) -> list[tuple[str, int]]:
    titles = {proposal.pk: proposal.title for proposal in proposals}
    rows: list[tuple[str, int]] = []
    for choice in current.choices.all():
        value = (choice.rank or 0) if _rank_form(process) else choice.points
        rows.append((titles.get(choice.proposal_id, "?"), value))
    return sorted(rows, key=lambda row: row[1]) if _rank_form(process) else rows


@require_POST
def vote_with_code(request: HttpRequest, slug: str) -> HttpResponse:
    """Prove eligibility with a one-time code; the session then remembers the voter."""
    process = get_process(slug)
    if not permissions.can_vote_online(request.user, process, timezone.now()):
        messages.error(request, _("Afstemningen er ikke åben."))
        return redirect("budgets:vote", slug=process.slug)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            identity = identity_for_code_limited(process, form.cleaned_data["code"], request)
            # A code letter's voter-list entry may say the holder is too young or lives elsewhere.
            check_eligibility(process, identity, declared=False, today=timezone.localdate())
        except TooManyCodeAttempts as error:
            return render(
                request,
                "budgets/code_throttled.html",
                {"process": process, "message": str(error)},
                status=429,
            )
        except NotEligible as error:
            messages.error(request, str(error))
        else:
            voter = voter_for(process, identity)
            request.session.cycle_key()
            request.session[_session_key(process)] = voter.pk
            messages.success(request, _("Koden er godkendt. Du kan nu stemme."))
    else:
        messages.error(request, _("Skriv din kode."))
    return redirect("budgets:vote", slug=process.slug)


@login_required
def paper_ballot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An official enters a paper ballot for a voter identified by code or voter number."""
    return _enter_paper_ballot(request, paper_place(slug, pk, MEETING))


@login_required
def voting_point_paper_ballot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The same entry at a voting point, by one of its officials while voting is open."""
    return _enter_paper_ballot(request, paper_place(slug, pk, VOTING_POINT))


def _enter_paper_ballot(request: HttpRequest, place: PaperPlace) -> HttpResponse:
    if not place.may_enter(request.user):
        raise PermissionDenied
    process = place.process
    user = signed_in_user(request)
    proposals, costs = _ballot_proposals(process)
    data = request.POST if request.method == "POST" else None
    voter_form = PaperVoterForm(data)
    form = BallotEntryForm(
        data, process=process, proposals=proposals, costs=costs, ask_assistance=True
    )
    status = 200
    if request.method == "POST":
        status = 422
        if voter_form.is_valid() and form.is_valid():
            try:
                if voter_form.cleaned_data["code"]:
                    identity = identity_for_code(process, voter_form.cleaned_data["code"])
                else:
                    identity = identity_for_list_reference(
                        process, voter_form.cleaned_data["reference"]
                    )
                # The official checked age and residence at the desk.
                check_eligibility(process, identity, declared=True, today=timezone.localdate())
                actions.cast_ballot_as(
                    process,
                    identity,
                    form.choices(),
                    Channel.PAPER,
                    user,
                    meeting=place.meeting,
                    voting_point=place.voting_point,
                    correction_reason=voter_form.correction(),
                    assisted=form.assisted(),
                    request=request,
                )
            except (BallotInvalid, NotEligible, actions.ActionRefused) as error:
                form.add_error(None, str(error))
            else:
                if voter_form.correction() is not None:
                    messages.success(request, _("Rettelsen er registreret."))
                else:
                    messages.success(request, _("Papirstemmen er registreret."))
                return redirect(place.entry_url)
    return render(
        request,
        "budgets/paper_ballot.html",
        {
            "process": process,
            "place": place,
            "voter_form": voter_form,
            "form": form,
            "count": place.ballots().filter(is_current=True).count(),
        },
        status=status,
    )
