"""Voting points: a place with opening times and officials that takes paper ballots."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.errors import ActionRefused
from samskab.budgets.models import Ballot, BudgetProcess, Channel, VotingPoint, VotingPointOpening


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


@transaction.atomic
def remove_voting_point_opening(
    actor: User, opening: VotingPointOpening, *, request: HttpRequest | None = None
) -> None:
    """Delete an opening, unless paper ballots were entered at its voting point during it:
    the opening is then part of the record of where and when those ballots were taken."""
    point = opening.voting_point
    # Lock the point's row so no paper ballot is entered there while this one is checked.
    VotingPoint.objects.select_for_update().filter(pk=point.pk).first()
    entered = Ballot.objects.filter(
        voting_point=point,
        channel=Channel.PAPER,
        cast_at__gte=opening.starts_at,
        cast_at__lt=opening.ends_at,
    )
    if entered.exists():
        raise ActionRefused(
            _(
                "Åbningstiden kan ikke slettes: der er allerede indtastet papirstemmer på "
                "stemmestedet i den tid."
            )
        )
    starts_at, ends_at = opening.starts_at, opening.ends_at
    opening.delete()
    record_event(
        actor,
        "budgets.voting_point_opening_removed",
        point,
        summary=point.name,
        details={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        request=request,
    )
