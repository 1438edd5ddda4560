"""A person's borgerbudget data: export on request, erase before the account is deleted.

Ballots are secret and are not linked to a name in exports; erasing a person keeps their
counted ballot (one person, one vote stays true) but cuts the link from the voter to the account.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from samskab.accounts.models import User
from samskab.budgets.models import (
    DeliveryUpdate,
    FundedProject,
    MeetingRegistration,
    NoticeDelivery,
    ProcessFollower,
    Proposal,
    Support,
    Voter,
)


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "proposals": [
            {
                "process": proposal.process.slug,
                "title": proposal.title,
                "description": proposal.description,
                "estimated_cost": proposal.estimated_cost,
                "created_at": proposal.created_at.isoformat(),
            }
            for proposal in Proposal.objects.filter(author=user).select_related("process")
        ],
        "supports": [
            {"process": support.proposal.process.slug, "proposal": support.proposal.title}
            for support in Support.objects.filter(user=user).select_related("proposal__process")
        ],
        "meeting_registrations": [
            {"meeting": reg.meeting.title, "starts_at": reg.meeting.starts_at.isoformat()}
            for reg in MeetingRegistration.objects.filter(user=user).select_related("meeting")
        ],
        "voted_in": sorted(
            Voter.objects.filter(user=user, ballots__isnull=False)
            .values_list("process__slug", flat=True)
            .distinct()
        ),
        "responsible_for": sorted(
            FundedProject.objects.filter(responsible=user).values_list("proposal__title", flat=True)
        ),
        "delivery_updates": [
            {
                "project": update.project.proposal.title,
                "date": update.date.isoformat(),
                "text": update.text,
            }
            for update in DeliveryUpdate.objects.filter(author=user)
            .select_related("project__proposal")
            .order_by("pk")
        ],
        "mail_about_processes": [
            {
                "process": follower.process.slug,
                "email": follower.email,
                "following_since": _iso(follower.confirmed_at),
                "stopped_at": _iso(follower.stopped_at),
            }
            for follower in _followers(user).select_related("process").order_by("pk")
        ],
        "mails_sent": [
            {
                "process": delivery.notice.process.slug,
                "notice": delivery.notice.kind,
                "status": delivery.status,
                "at": delivery.attempted_at.isoformat(),
            }
            for delivery in _deliveries(user).select_related("notice__process").order_by("pk")
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _followers(user: User) -> QuerySet[ProcessFollower]:
    return ProcessFollower.objects.filter(Q(user=user) | Q(email=user.email.lower()))


def _deliveries(user: User) -> QuerySet[NoticeDelivery]:
    return NoticeDelivery.objects.filter(email=user.email.lower())


@transaction.atomic
def erase_user_data(user: User) -> None:
    Support.objects.filter(user=user).delete()
    MeetingRegistration.objects.filter(user=user).delete()
    # Proposals are public contributions: they stay, without the author.
    Proposal.objects.filter(author=user).update(author=None)
    Voter.objects.filter(user=user).update(user=None)
    # Delivery updates are public records of the project: they stay, without the author.
    FundedProject.objects.filter(responsible=user).update(responsible=None)
    DeliveryUpdate.objects.filter(author=user).update(author=None)
    # The address is all these hold; with the account gone nothing more is mailed to it.
    _followers(user).delete()
    _deliveries(user).delete()
