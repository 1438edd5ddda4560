"""Walk every URL pattern of the site (admin excluded) and build real URLs for it from demo data.

Shared by the guard test (every URL is in the reviewed mapping) and the malformed-input sweep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samskab.accounts.models import Consent
from samskab.budgets.models import (
    FundedProject,
    Meeting,
    Proposal,
    VotingPoint,
    VotingPointOpening,
)
from samskab.discussion.models import Comment
from samskab.initiatives.models import Initiative, Partner
from samskab.mentoring.models import Goal, HelpRequest, Match, MentorProfile, Outcome, Referral
from samskab.newsletter.models import NewsPost


@dataclass(frozen=True)
class Route:
    name: str
    route: str


def _walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            full = f"{namespace}:{name}" if namespace and name else name
            yield Route(full, prefix + str(pattern.pattern))


def all_routes() -> list[Route]:
    """Every URL pattern except the admin site, which has its own staff-only guard."""
    return [
        route
        for route in _walk(get_resolver().url_patterns, "", None)
        if not route.route.startswith("admin/")
    ]


def _first_pk(model: Any, **filters: Any) -> int:
    obj = model.objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"demo data has no {model.__name__} matching {filters}"
    return int(obj.pk)


FINISHED = "ensomhed-2026"


def _process_with(model: Any) -> tuple[str, int]:
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"demo data has no {model.__name__}"
    return obj.process.slug, int(obj.pk)


def _funded() -> dict[str, Any]:
    project = FundedProject.objects.select_related("result__process").order_by("pk").first()
    assert project is not None and project.result is not None
    return {"slug": project.result.process.slug, "pk": project.pk}


def _comment_target() -> dict[str, Any]:
    return {"label": "newsletter.newspost", "object_id": _first_pk(NewsPost)}


def _programme_slug() -> dict[str, Any]:
    referral = Referral.objects.select_related("programme").order_by("pk").first()
    assert referral is not None
    return {"slug": referral.programme.slug}


def _proposal() -> dict[str, Any]:
    slug, pk = _process_with(Proposal)
    return {"slug": slug, "pk": pk}


def _meeting() -> dict[str, Any]:
    slug, pk = _process_with(Meeting)
    return {"slug": slug, "pk": pk}


def _voting_point() -> dict[str, Any]:
    slug, pk = _process_with(VotingPoint)
    return {"slug": slug, "pk": pk}


def _voting_point_opening() -> dict[str, Any]:
    opening = (
        VotingPointOpening.objects.select_related("voting_point__process").order_by("pk").first()
    )
    assert opening is not None, "demo data has no VotingPointOpening"
    point = opening.voting_point
    return {"slug": point.process.slug, "pk": point.pk, "opening_pk": opening.pk}


def _newest_comment() -> dict[str, Any]:
    comment = Comment.objects.order_by("-pk").first()
    assert comment is not None
    return {"pk": comment.pk}


def _pk(model: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {"pk": _first_pk(model)}


def _slug(slug: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"slug": slug}


# URL kwargs for every route with parameters, taken from the demo data (`samskab demo`).
KWARGS: dict[str, Callable[[], dict[str, Any]]] = {
    "accounts:verify_email": lambda: {"token": "not-a-token"},
    "core:edit_page": lambda: {"kind": "privacy"},
    "accounts:password_reset_confirm": lambda: {"uidb64": "MQ", "token": "set-password"},
    "accounts:consent_withdraw": _pk(Consent),
    "discussion:post": _comment_target,
    "discussion:edit": _newest_comment,
    "discussion:delete": _newest_comment,
    "discussion:report": _newest_comment,
    "discussion:hide": _newest_comment,
    "discussion:unhide": _newest_comment,
    "discussion:dismiss": _newest_comment,
    "newsletter:confirm": lambda: {"token": "not-a-token"},
    "newsletter:unsubscribe": lambda: {"token": "not-a-token"},
    "newsletter:news_detail": lambda: {"slug": NewsPost.objects.order_by("pk").first().slug},  # type: ignore[union-attr]
    "newsletter:news_send": lambda: {"slug": NewsPost.objects.order_by("pk").first().slug},  # type: ignore[union-attr]
    "budgets:proposal_detail": _proposal,
    "budgets:proposal_edit": _proposal,
    "budgets:proposal_support": _proposal,
    "budgets:feasibility_review": _proposal,
    "budgets:meeting_detail": _meeting,
    "budgets:meeting_edit": _meeting,
    "budgets:meeting_register": _meeting,
    "budgets:meeting_attendance": _meeting,
    "budgets:paper_ballot": _meeting,
    "budgets:meeting_paper_ballots": _meeting,
    "budgets:voting_point_detail": _voting_point,
    "budgets:voting_point_edit": _voting_point,
    "budgets:voting_point_opening_remove": _voting_point_opening,
    "budgets:voting_point_paper_ballot": _voting_point,
    "budgets:voting_point_paper_ballots": _voting_point,
    "budgets:funded_project": _funded,
    "budgets:funded_project_status": _funded,
    "budgets:funded_project_update": _funded,
    "budgets:funded_project_responsible": _funded,
    "mentoring:programme": _programme_slug,
    "mentoring:refer": _programme_slug,
    "mentoring:signup": _programme_slug,
    "mentoring:mentor_apply": _programme_slug,
    "mentoring:matching": _programme_slug,
    "mentoring:report": _programme_slug,
    "mentoring:referral": _pk(Referral),
    "mentoring:consent_in_person": _pk(Referral),
    "mentoring:consent_link": _pk(Referral),
    "mentoring:withdraw": _pk(Referral),
    "mentoring:link_account": _pk(Referral),
    "mentoring:consent_token": lambda: {"token": "not-a-token"},
    "mentoring:confirm_account_link": lambda: {"token": "not-a-token"},
    "mentoring:mentor_review": _pk(MentorProfile),
    "mentoring:match_detail": _pk(Match),
    "mentoring:match_action": lambda: {"pk": _first_pk(Match), "action": "pause"},
    "mentoring:goal_progress": _pk(Goal),
    "mentoring:outcome": _pk(Outcome),
    "mentoring:resolve_help": _pk(HelpRequest),
}

_BUDGET_SLUG_ONLY = {
    "budgets:process_detail",
    "budgets:process_edit",
    "budgets:phases_edit",
    "budgets:process_lock",
    "budgets:open_voting",
    "budgets:eligibility",
    "budgets:proposal_list",
    "budgets:proposal_create",
    "budgets:meeting_create",
    "budgets:voting_point_create",
    "budgets:vote",
    "budgets:vote_with_code",
    "budgets:vote_receipt",
    "budgets:results",
    "budgets:close_voting",
    "budgets:publish_result",
    "budgets:results_file",
    "budgets:results_verify",
    "api-v1:get_process",
    "api-v1:list_proposals",
    "api-v1:read_ballot",
    "api-v1:cast_ballot",
    "api-v1:read_result",
}
for _name in _BUDGET_SLUG_ONLY:
    KWARGS[_name] = _slug(FINISHED)
KWARGS["budgets:follow"] = _slug(FINISHED)


def _initiative_slug() -> dict[str, Any]:
    initiative = Initiative.objects.order_by("pk").first()
    assert initiative is not None, "demo data has no Initiative"
    return {"slug": initiative.slug}


def _partner() -> dict[str, Any]:
    partner = Partner.objects.select_related("initiative").order_by("pk").first()
    assert partner is not None, "demo data has no Partner"
    return {"slug": partner.initiative.slug, "pk": partner.pk}


for _name in ("detail", "edit", "invite", "write_statement", "sign", "record_workshop"):
    KWARGS[f"initiatives:{_name}"] = _initiative_slug
KWARGS["initiatives:leave"] = _partner
KWARGS["initiatives:accept"] = lambda: {"token": "not-a-token"}
for _name in ("budgets:follow_confirm", "budgets:stop_mail"):
    KWARGS[_name] = lambda: {"slug": FINISHED, "token": "not-a-token"}


def url_for(route: Route) -> str:
    """A real URL for the route, with ids of demo objects filled in."""
    if "<" not in route.route:
        return reverse(route.name)
    kwargs = KWARGS[route.name]()
    if route.name.startswith("api-v1:"):
        # Ninja's routes are plain strings; reverse() works on their <slug> converter too.
        return reverse(route.name, kwargs=kwargs)
    return reverse(route.name, kwargs=kwargs)


def load_demo(personas: Any) -> None:
    """The demo data set, as `samskab demo` builds it, on top of the test personas."""
    import importlib

    from samskab.core.management.commands.demo import MODULES_WITH_DEMO

    for module in MODULES_WITH_DEMO:
        try:
            demo = importlib.import_module(f"samskab.{module}.demo")
        except ModuleNotFoundError:
            continue
        demo.load(personas, lambda _text: None)
    _add_what_the_demo_lacks(personas)


def _add_what_the_demo_lacks(personas: Any) -> None:
    """A comment by Maja, a consent, a goal and a help request, so every URL has a real object."""
    from samskab.accounts.actions import give_consent
    from samskab.discussion.actions import post_comment
    from samskab.mentoring.actions.matches import add_goal, ask_for_help

    post = NewsPost.objects.order_by("pk").first()
    assert post is not None
    post_comment(personas.volunteer, post, "Godt initiativ.")  # the newest: the one URLs use
    if not Consent.objects.exists():
        give_consent(None, personas.citizen, data_categories="e-mail", purpose="nyhedsbrev")
    match = Match.objects.select_related("mentor__user").order_by("pk").first()
    assert match is not None
    if not Goal.objects.exists():
        add_goal(match.mentor.user, match, "Besøge en erhvervsskole")
    if not HelpRequest.objects.exists():
        ask_for_help(match.mentor.user, match, "Vi har brug for et råd.")
