"""Casting a ballot: online, by code or account, and on paper at a stormøde.

The statements that write a ballot are in :mod:`samskab.budgets.ballot_sql`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.ballot_rules import validate_choices
from samskab.budgets.ballot_sql import (
    insert_ballot_unless_sealed,
    insert_choices,
    replace_ballot_postgresql,
    retire_current_ballot,
    upsert_and_lock_voter,
)
from samskab.budgets.errors import (
    ActionRefused,
    ChannelConflict,
    PaperBallotRepeated,
    VotingClosed,
)
from samskab.budgets.identity import Identity
from samskab.budgets.models import (
    Assistance,
    Ballot,
    BallotForm,
    BudgetProcess,
    Channel,
    Meeting,
    Voter,
    VotingPoint,
)
from samskab.budgets.phases import voting_is_open


def _refuse_unless_castable(
    process: BudgetProcess,
    channel: str,
    entered_by: User | None,
    meeting: Meeting | None,
    now: datetime,
    voting_point: VotingPoint | None = None,
) -> None:
    if not voting_is_open(process, now):
        raise VotingClosed(_("Afstemningen er ikke åben."))
    if channel == Channel.PAPER:
        if entered_by is None or (meeting is None) == (voting_point is None):
            raise ActionRefused(_("En papirstemme skal indtastes af en mødeansvarlig."))
        if voting_point is not None and (
            voting_point.process_id != process.pk
            or not voting_point.officials.filter(pk=entered_by.pk).exists()
        ):
            raise ActionRefused(
                _("Kun stemmestedets egne mødeansvarlige kan indtaste stemmer her.")
            )
        if not process.allow_paper:
            raise ActionRefused(_("Borgerbudgettet tager ikke imod papirstemmer."))
    elif entered_by is not None:
        raise ActionRefused(_("En digital stemme afgives af vælgeren selv."))


def _refuse_repeated_paper(voter_id: int, correction_reason: str | None) -> None:
    """A paper ballot replaces an earlier one only as an explicit correction with a reason:
    two slips with one code are a mistake or a second vote, never silently the later one."""
    earlier = (
        Ballot.objects.filter(voter_id=voter_id, is_current=True)
        .select_related("meeting", "voting_point")
        .only("cast_at", "entered_by_label", "meeting__title", "voting_point__name")
        .first()
    )
    if earlier is None:
        if correction_reason is not None:
            raise ActionRefused(
                _("Vælgeren har ingen papirstemme endnu, så der er intet at rette.")
            )
        return
    if correction_reason is None:
        when = formats.date_format(timezone.localtime(earlier.cast_at), "DATETIME_FORMAT")
        if earlier.meeting is not None:
            where = earlier.meeting.title
        elif earlier.voting_point is not None:
            where = earlier.voting_point.name
        else:
            where = _("ukendt sted")
        raise PaperBallotRepeated(
            _(
                "Vælgeren har allerede en papirstemme, indtastet %(when)s ved %(where)s af "
                "%(by)s. Den nye stemme er ikke registreret. Er den første indtastet forkert, "
                'så markér "Dette er en rettelse" og skriv en begrundelse.'
            )
            % {"when": when, "where": where, "by": earlier.entered_by_label}
        )
    if not correction_reason.strip():
        raise ActionRefused(_("En rettelse skal have en begrundelse."))


@dataclass(frozen=True)
class AssistedBy:
    """Who helped the voter cast this ballot, and why (``Assistance.HELPER`` or ``OFFICIAL``)."""

    kind: str
    name: str
    reason: str


def _record_assistance(
    actor: User | None, ballot: Ballot, assisted: AssistedBy, request: HttpRequest | None
) -> None:
    name, reason = assisted.name.strip(), assisted.reason.strip()
    if assisted.kind not in (Assistance.HELPER, Assistance.OFFICIAL) or not name or not reason:
        raise ActionRefused(_("Skriv, hvem der hjalp, og hvorfor."))
    # Not on the hot path's insert: assisted ballots are few, and this keeps one insert for all.
    Ballot.objects.filter(pk=ballot.pk).update(
        assistance=assisted.kind, assisted_by_label=name, assistance_reason=reason
    )
    ballot.assistance, ballot.assisted_by_label, ballot.assistance_reason = (
        assisted.kind,
        name,
        reason,
    )
    record_event(
        actor,
        "budgets.assisted_ballot_recorded",
        ballot,
        details={"kind": assisted.kind, "by": name, "reason": reason, "version": ballot.version},
        request=request,
    )


def _cast_locked(
    locked: Voter,
    process: BudgetProcess,
    chosen: dict[int, int],
    channel: str,
    entered_by: User | None,
    meeting: Meeting | None,
    request: HttpRequest | None,
    correction_reason: str | None = None,
    voting_point: VotingPoint | None = None,
    assisted: AssistedBy | None = None,
) -> Ballot:
    """Inside the transaction, with the voter row locked (``select_for_update``)."""
    if locked.channel and locked.channel != channel:
        if locked.channel == Channel.PAPER:
            raise ChannelConflict(
                _("Du har allerede stemt på papir ved et stormøde og kan ikke stemme digitalt.")
            )
        raise ChannelConflict(
            _("Vælgeren har allerede stemt digitalt og kan ikke også stemme på papir.")
        )
    if channel == Channel.PAPER:
        _refuse_repeated_paper(locked.pk, correction_reason)
    reason = (correction_reason or "").strip()
    if not locked.channel:
        Voter.objects.filter(pk=locked.pk).update(channel=channel)
    rank_form = process.ballot_form == BallotForm.RANKING
    entered_by_id = entered_by.pk if entered_by else None
    # Kept as text, so the record outlives the official's account.
    entered_by_label = entered_by.email if entered_by else ""
    meeting_id = meeting.pk if meeting else None
    voting_point_id = voting_point.pk if voting_point else None
    if connection.vendor == "postgresql":
        ballot = replace_ballot_postgresql(
            locked.pk,
            process.pk,
            chosen,
            channel,
            entered_by_id,
            entered_by_label,
            meeting_id,
            rank_form=rank_form,
            correction_reason=reason,
            voting_point_id=voting_point_id,
        )
    else:
        previous = retire_current_ballot(locked.pk)
        ballot = insert_ballot_unless_sealed(
            voter_id=locked.pk,
            process_id=process.pk,
            version=(previous or 0) + 1,
            channel=channel,
            entered_by_id=entered_by_id,
            entered_by_label=entered_by_label,
            meeting_id=meeting_id,
            correction_reason=reason,
            voting_point_id=voting_point_id,
        )
        insert_choices(ballot.pk, chosen, rank_form=rank_form)
    if channel == Channel.PAPER:
        record_event(
            entered_by,
            "budgets.paper_ballot_entered",
            ballot,
            details={
                "meeting": meeting_id,
                "voting_point": voting_point_id,
                "version": ballot.version,
            },
            request=request,
        )
    if assisted is not None:
        _record_assistance(entered_by, ballot, assisted, request)
    if reason:
        record_event(
            entered_by,
            "budgets.paper_ballot_corrected",
            ballot,
            details={
                "meeting": meeting_id,
                "voting_point": voting_point_id,
                "version": ballot.version,
                "reason": reason,
            },
            request=request,
        )
    return ballot


def cast_ballot(
    voter: Voter,
    choices: Mapping[int, int],
    channel: str,
    entered_by: User | None = None,
    *,
    meeting: Meeting | None = None,
    voting_point: VotingPoint | None = None,
    correction_reason: str | None = None,
    assisted: AssistedBy | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Ballot:
    """Validate against the locked ballot form, then replace the voter's current ballot.

    The voter row is locked for the transaction, so two submissions from two devices queue:
    both are kept as versions, the later one is current. Paper and online do not mix; a
    second paper ballot is refused unless ``correction_reason`` says why it replaces the first.
    """
    process = voter.process
    _refuse_unless_castable(
        process, channel, entered_by, meeting, now or timezone.now(), voting_point
    )
    chosen = validate_choices(process, choices)
    with transaction.atomic():
        locked = Voter.objects.select_for_update().only("pk", "channel").get(pk=voter.pk)
        ballot = _cast_locked(
            locked,
            process,
            chosen,
            channel,
            entered_by,
            meeting,
            request,
            correction_reason,
            voting_point,
            assisted,
        )
    voter.channel = channel
    return ballot


def cast_ballot_as(
    process: BudgetProcess,
    identity: Identity,
    choices: Mapping[int, int],
    channel: str,
    entered_by: User | None = None,
    *,
    meeting: Meeting | None = None,
    voting_point: VotingPoint | None = None,
    correction_reason: str | None = None,
    assisted: AssistedBy | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Ballot:
    """Like :func:`cast_ballot` for an identity that may not have a Voter yet: the voter is
    created in the same transaction (one commit instead of two on the hot path)."""
    _refuse_unless_castable(
        process, channel, entered_by, meeting, now or timezone.now(), voting_point
    )
    chosen = validate_choices(process, choices)

    def attempt() -> Ballot:
        with transaction.atomic():
            locked = upsert_and_lock_voter(process, identity, channel)
            return _cast_locked(
                locked,
                process,
                chosen,
                channel,
                entered_by,
                meeting,
                request,
                correction_reason,
                voting_point,
                assisted,
            )

    try:
        return attempt()
    except IntegrityError:
        # Two first ballots of one person at the same moment: ON CONFLICT settles the race on
        # (process, identity_key) only, so the other one-voter-per-proof index (voting code,
        # list entry) can fail instead once the first insert commits. The voter exists now:
        # once more, the upsert finds it and waits for its lock like any second device.
        return attempt()


def current_ballot(voter: Voter) -> Ballot | None:
    return Ballot.objects.filter(voter=voter, is_current=True).prefetch_related("choices").first()
