"""The coordinator's matching page, and each match: acceptance, meetings, goals, help."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskab.accounts.models import User
from samskab.audit.actions import record_read
from samskab.core.requests import signed_in_user
from samskab.mentoring import actions, permissions
from samskab.mentoring.forms import (
    EndMatchForm,
    GoalForm,
    GoalProgressForm,
    HelpForm,
    ManualProposalForm,
    MeetingForm,
    SwapForm,
)
from samskab.mentoring.matching import candidates, propose_matches, unmatched_reason
from samskab.mentoring.models import (
    Goal,
    HelpRequest,
    Match,
    MatchStatus,
    MentorProfile,
    Programme,
)


def explanation(match_or_alternative: Match | dict[str, object]) -> str:
    english = (get_language() or "da").startswith("en")
    if isinstance(match_or_alternative, Match):
        return (
            match_or_alternative.explanation_en if english else match_or_alternative.explanation_da
        )
    return str(match_or_alternative["explanation_en" if english else "explanation_da"])


@login_required
def matching(request: HttpRequest, slug: str) -> HttpResponse:
    """Run the engine (POST) and review its proposals with their reasons and alternatives."""
    programme = get_object_or_404(Programme, slug=slug)
    if not permissions.can_manage_programme(request.user, programme):
        raise PermissionDenied
    unmatched: list[tuple[str, str]] = []
    ready, mentors = candidates(programme)
    manual = ManualProposalForm(
        request.POST if request.POST.get("form") == "manual" else None,
        prefix="manual",
        referrals=[(r.pk, r.display_name) for r in ready],
        mentors=[(m.pk, m.user.display_name) for m, _remaining in mentors],
    )
    if request.method == "POST" and request.POST.get("form") == "manual":
        if manual.is_valid():
            referral = next(r for r in ready if r.pk == manual.cleaned_data["referral"])
            mentor = next(m for m, _r in mentors if m.pk == manual.cleaned_data["mentor"])
            try:
                actions.propose_match_manually(
                    signed_in_user(request), referral, mentor, request=request
                )
            except actions.MentoringError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Forslaget er oprettet."))
            return redirect("mentoring:matching", slug=programme.slug)
    elif request.method == "POST":
        run = propose_matches(signed_in_user(request), programme, request=request)
        unmatched = [(r.display_name, unmatched_reason(code)) for r, code in run.unmatched]
        messages.success(
            request, _("Matchingen foreslog %(count)d match.") % {"count": len(run.matches)}
        )
    proposals = list(
        Match.objects.filter(referral__programme=programme, status=MatchStatus.PROPOSED)
        .select_related("referral", "mentor__user")
        .order_by("referral__referred_on", "pk")
    )
    rows = [
        {
            "match": match,
            "why": explanation(match),
            "alternatives": [{**alt, "why": explanation(alt)} for alt in match.alternatives],
        }
        for match in proposals
    ]
    return render(
        request,
        "mentoring/matching.html",
        {"programme": programme, "rows": rows, "unmatched": unmatched, "manual": manual},
    )


def _match(pk: int) -> Match:
    return get_object_or_404(
        Match.objects.select_related(
            "referral__programme", "referral__jobcentre_category", "mentor__user"
        ).prefetch_related("referral__consent_links__consent"),
        pk=pk,
    )


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(pk)
    user = request.user
    if not permissions.can_view_match(user, match):
        raise PermissionDenied
    record_read(user, match.referral, request=request, summary="match page")
    is_coordinator = permissions.is_coordinator(user, match.referral.programme)
    is_mentor = permissions.is_match_mentor(user, match)
    is_mentee = permissions.is_the_young_person(user, match.referral)
    context = {
        "match": match,
        "referral": match.referral,
        "why": explanation(match),
        "show_contact": permissions.can_see_contact(user, match),
        "can_work": permissions.can_work_in_match(user, match),
        "is_coordinator": is_coordinator,
        "is_mentor": is_mentor,
        "is_mentee": is_mentee,
        "can_answer": (is_mentor and match.mentor_accepted_at is None)
        or (is_mentee and match.mentee_accepted_at is None),
        "can_answer_for_mentee": permissions.is_referring_caseworker(user, match.referral)
        and match.referral.account_id is None
        and match.mentee_accepted_at is None,
        "meetings": list(match.meetings.all()),
        "goals": list(match.goal_items.all()),
        "help_requests": list(match.help_requests.all()) if is_coordinator else [],
        "meeting_form": MeetingForm(prefix="meeting"),
        "goal_form": GoalForm(prefix="goal"),
        "help_form": HelpForm(prefix="help"),
        "end_form": EndMatchForm(prefix="end"),
    }
    return render(request, "mentoring/match.html", context)


Handler = Callable[[HttpRequest, Match, User], None]


def _approve(request: HttpRequest, match: Match, user: User) -> None:
    swap = SwapForm(request.POST)
    mentor = None
    if swap.is_valid():
        mentor = MentorProfile.objects.filter(pk=swap.cleaned_data["mentor"]).first()
        if mentor is None:
            raise actions.MentoringError(_("Ukendt mentor."))
    actions.approve_match(user, match, mentor=mentor, request=request)


def _form_action(form_class: type, prefix: str, run: Callable[..., object]) -> Handler:
    def handle(request: HttpRequest, match: Match, user: User) -> None:
        form = form_class(request.POST, prefix=prefix)
        if not form.is_valid():
            errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            raise actions.MentoringError(errors)
        run(user, match, **form.cleaned_data, request=request)

    return handle


def _end(user: User, match: Match, *, reason: str, confirm: bool, request: HttpRequest) -> None:
    # The form refuses an unticked confirmation; ending cannot be undone.
    actions.end_match(user, match, reason, request=request)


def _goal(user: User, match: Match, *, title: str, request: HttpRequest) -> None:
    actions.add_goal(user, match, title, request=request)


def _help(user: User, match: Match, *, message: str, request: HttpRequest) -> None:
    actions.ask_for_help(user, match, message, request=request)


def _simple(run: Callable[..., object]) -> Handler:
    def handle(request: HttpRequest, match: Match, user: User) -> None:
        run(user, match, request=request)

    return handle


def _coordinator(user: permissions.AnyUser, match: Match) -> bool:
    return permissions.is_coordinator(user, match.referral.programme)


def _party(user: permissions.AnyUser, match: Match) -> bool:
    return permissions.is_match_mentor(user, match) or permissions.is_the_young_person(
        user, match.referral
    )


# action -> (who may, what happens)
ACTIONS: dict[str, tuple[Callable[[permissions.AnyUser, Match], bool], Handler]] = {
    "godkend": (
        _coordinator,
        _approve,
    ),
    "afvis": (
        _coordinator,
        _simple(actions.reject_match),
    ),
    "accepter": (
        _party,
        _simple(actions.accept_match),
    ),
    "afslaa": (
        _party,
        _simple(actions.decline_match),
    ),
    "accepter-for-den-unge": (
        lambda u, m: permissions.is_referring_caseworker(u, m.referral),
        _simple(actions.accept_match_for_mentee),
    ),
    "pause": (
        permissions.can_work_in_match,
        _simple(actions.pause_match),
    ),
    "genoptag": (
        permissions.can_work_in_match,
        _simple(actions.resume_match),
    ),
    "afslut": (
        permissions.can_work_in_match,
        _form_action(EndMatchForm, "end", _end),
    ),
    "moede": (
        permissions.can_work_in_match,
        _form_action(MeetingForm, "meeting", actions.log_meeting),
    ),
    "maal": (
        permissions.can_work_in_match,
        _form_action(GoalForm, "goal", _goal),
    ),
    "hjaelp": (
        _party,
        _form_action(HelpForm, "help", _help),
    ),
}


@login_required
@require_POST
def match_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    match = _match(pk)
    allowed, handle = ACTIONS[action]
    if match.referral.is_anonymised or not allowed(request.user, match):
        raise PermissionDenied
    try:
        handle(request, match, signed_in_user(request))
    except actions.MentoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Gemt."))
    if action in ("godkend", "afvis"):
        return redirect("mentoring:matching", slug=match.referral.programme.slug)
    if action == "afslaa":
        return redirect("mentoring:index")
    return redirect("mentoring:match_detail", pk=match.pk)


@login_required
@require_POST
def goal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.select_related("match__referral__programme"), pk=pk)
    if not permissions.can_work_in_match(request.user, goal.match):
        raise PermissionDenied
    form = GoalProgressForm(request.POST, prefix=f"goal-{goal.pk}")
    if form.is_valid():
        actions.update_goal_progress(signed_in_user(request), goal, form.cleaned_data["progress"])
        messages.success(request, _("Gemt."))
    else:
        messages.error(request, _("Fremskridt er et tal fra 0 til 100."))
    return redirect("mentoring:match_detail", pk=goal.match_id)


@login_required
@require_POST
def resolve_help(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(
        HelpRequest.objects.select_related("match__referral__programme"), pk=pk
    )
    if not permissions.is_coordinator(request.user, help_request.match.referral.programme):
        raise PermissionDenied
    actions.resolve_help_request(signed_in_user(request), help_request, request=request)
    messages.success(request, _("Markeret som løst."))
    return redirect("mentoring:match_detail", pk=help_request.match_id)
