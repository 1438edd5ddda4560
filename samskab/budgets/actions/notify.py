"""Making the notices about a process and queuing them (who gets them and the mails are
``budgets.notices``): at once when something happens, and periodically for what no button
starts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from samskab.budgets.models import BudgetProcess, Meeting, Notice, NoticeKind, PhaseKind, Proposal
from samskab.budgets.notices import STALE_AFTER
from samskab.budgets.phases import open_at
from samskab.budgets.tasks import send_notice


def announce(
    process: BudgetProcess,
    kind: NoticeKind,
    key: str,
    *,
    proposal: Proposal | None = None,
    meeting: Meeting | None = None,
) -> Notice | None:
    """Make the notice and queue its sending, inside the caller's transaction; None if a
    notice with this key was made before (each is told once)."""
    notice, created = Notice.objects.get_or_create(
        process=process,
        key=key[:100],
        defaults={"kind": kind, "proposal": proposal, "meeting": meeting},
    )
    if not created:
        return None
    send_notice.enqueue(notice.pk)
    return notice


def announce_due(now: datetime | None = None) -> list[str]:
    """What a periodic run tells: votes open on their schedule (while they are open: "you can
    vote" is true until the end), stormøder tomorrow
    (from 9 o'clock the day before), and notices a crashed worker left unsent. Their keys."""
    now = now or timezone.now()
    made = []
    opened = BudgetProcess.objects.filter(
        open_at(now, "phases__"), locked_at__isnull=False, phases__kind=PhaseKind.VOTING
    ).order_by("pk")
    for process in opened:
        if announce(process, NoticeKind.VOTING_OPENED, "voting_opened"):
            made.append(f"{process.slug}:voting_opened")
    local_now = timezone.localtime(now)
    if local_now.hour >= 9:
        tomorrow = local_now.date() + timedelta(days=1)
        for meeting in Meeting.objects.filter(starts_at__date=tomorrow).select_related("process"):
            key = f"meeting_tomorrow:{meeting.pk}:{tomorrow.isoformat()}"
            if announce(meeting.process, NoticeKind.MEETING_TOMORROW, key, meeting=meeting):
                made.append(f"{meeting.process.slug}:{key}")
    for notice in Notice.objects.filter(
        finished_at__isnull=True,
        created_at__lt=now - STALE_AFTER,
        created_at__gte=now - timedelta(days=2),
    ).order_by("pk"):
        send_notice.enqueue(notice.pk)
        made.append(f"{notice.process_id}:{notice.key} (again)")
    return made
