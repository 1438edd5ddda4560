"""Places of paper voting: a stormøde or a voting point, the one lookup both kinds of place go
through for their paper-ballot pages (entry and list), and the list's one view body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from samskab.audit.actions import record_read
from samskab.budgets import permissions
from samskab.budgets.models import Ballot, BudgetProcess, Meeting, VotingPoint
from samskab.budgets.views.lookups import get_meeting, get_process, get_voting_point
from samskab.core.requests import signed_in_user


@dataclass(frozen=True)
class PlaceKind:
    """What differs between a meeting and a voting point as a place of paper voting."""

    get: Callable[[BudgetProcess, int], Any]
    title: Callable[[Any], str]
    detail_url: str
    entry_url: str
    list_url: str
    may_enter: Callable[[Any, Any, datetime], bool]
    may_view: Callable[[Any, Any], bool]


MEETING = PlaceKind(
    get=get_meeting,
    title=lambda meeting: meeting.title,
    detail_url="budgets:meeting_detail",
    entry_url="budgets:paper_ballot",
    list_url="budgets:meeting_paper_ballots",
    may_enter=permissions.can_enter_paper_ballot,
    may_view=permissions.can_view_paper_ballots,
)
VOTING_POINT = PlaceKind(
    get=get_voting_point,
    title=lambda point: point.name,
    detail_url="budgets:voting_point_detail",
    entry_url="budgets:voting_point_paper_ballot",
    list_url="budgets:voting_point_paper_ballots",
    may_enter=permissions.can_enter_paper_ballot_at_point,
    may_view=permissions.can_view_voting_point_ballots,
)


@dataclass(frozen=True)
class PaperPlace:
    """Where a paper ballot is entered: a meeting or a voting point, and its pages."""

    process: BudgetProcess
    kind: PlaceKind
    place: Meeting | VotingPoint

    @property
    def title(self) -> str:
        return self.kind.title(self.place)

    def _url(self, name: str) -> str:
        return reverse(name, args=[self.process.slug, self.place.pk])

    @property
    def detail_url(self) -> str:
        return self._url(self.kind.detail_url)

    @property
    def entry_url(self) -> str:
        return self._url(self.kind.entry_url)

    @property
    def list_url(self) -> str:
        return self._url(self.kind.list_url)

    @property
    def meeting(self) -> Meeting | None:
        return self.place if isinstance(self.place, Meeting) else None

    @property
    def voting_point(self) -> VotingPoint | None:
        return self.place if isinstance(self.place, VotingPoint) else None

    def may_enter(self, user: Any) -> bool:
        return self.kind.may_enter(user, self.place, timezone.now())

    def may_view(self, user: Any) -> bool:
        return self.kind.may_view(user, self.place)

    def ballots(self) -> QuerySet[Ballot]:
        """Every paper ballot entered here, corrections included."""
        return self.place.paper_ballots.all()


def paper_place(slug: str, pk: int, kind: PlaceKind) -> PaperPlace:
    """The place of paper voting named by the URL (404 when the process or place is not)."""
    process = get_process(slug)
    return PaperPlace(process=process, kind=kind, place=kind.get(process, pk))


def paper_ballot_list(request: HttpRequest, place: PaperPlace) -> HttpResponse:
    """Every paper ballot entered at the place, corrections included, for the officials to
    check against their slips: when, by whom, which version and why corrected. No choices."""
    if not place.may_view(request.user):
        raise PermissionDenied
    ballots = (
        place.ballots()
        .only("cast_at", "entered_by_label", "version", "is_current", "correction_reason")
        .order_by("cast_at", "pk")
    )
    record_read(signed_in_user(request), place.place, request=request, summary="paper ballot list")
    return render(
        request,
        "budgets/meeting_paper_ballots.html",
        {
            "process": place.process,
            "place_title": place.title,
            "detail_url": place.detail_url,
            "entry_url": place.entry_url if place.may_enter(request.user) else None,
            "ballots": ballots,
        },
    )
