"""Voting points: a place with opening times and officials that takes paper ballots."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import BudgetProcess, VotingPoint, VotingPointOpening


def _add_opening(point: VotingPoint, starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None and ends_at is None:
        return
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise ActionRefused(_("En åbningstid skal have et start- og et sluttidspunkt efter start."))
    VotingPointOpening.objects.create(voting_point=point, starts_at=starts_at, ends_at=ends_at)


@transaction.atomic
def save_voting_point(
    actor: User,
    process: BudgetProcess,
    *,
    point: VotingPoint | None = None,
    name: str,
    place: str,
    officials: list[User],
    opening_starts_at: datetime | None = None,
    opening_ends_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> VotingPoint:
    """Create the voting point (``point`` None) or update it, adding one opening if given."""
    created = point is None
    if point is None:
        point = VotingPoint.objects.create(process=process, name=name, place=place)
    else:
        point.name, point.place = name, place
        point.save()
    point.officials.set(officials)
    _add_opening(point, opening_starts_at, opening_ends_at)
    record_event(
        actor,
        "budgets.voting_point_created" if created else "budgets.voting_point_updated",
        point,
        summary=point.name,
        details={"officials": [user.pk for user in officials]},
        request=request,
    )
    return point
