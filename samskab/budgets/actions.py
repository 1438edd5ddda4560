"""Every write in the borgerbudget: processes, phases, the lock, proposals, supports,
feasibility, meetings, eligibility and ballots. Each runs in one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets import voter_list
from samskab.budgets.ballot_rules import validate_choices
from samskab.budgets.identity import Identity, hash_code, turnout_fields
from samskab.budgets.models import (
    Attendance,
    Ballot,
    BallotChoice,
    BudgetProcess,
    Channel,
    ConfigurationLocked,
    FeasibilityReview,
    Meeting,
    MeetingRegistration,
    Phase,
    PhaseKind,
    Proposal,
    Result,
    Support,
    Voter,
    VotingCode,
)
from samskab.budgets.permissions import voting_is_open
from samskab.budgets.seal import BallotsSealed


class ActionRefused(Exception):
    """A write that the rules do not allow now; the message is for the user."""


class VotingClosed(ActionRefused):
    pass


class ChannelConflict(ActionRefused):
    pass


PROCESS_FIELDS = {
    "title",
    "theme",
    "description",
    "pot",
    "area",
    "ballot_form",
    "min_choices",
    "max_choices",
    "points_total",
    "counting_rule",
    "project_cost_cap",
    "min_age",
    "postal_codes",
    "allow_voter_list",
    "allow_codes",
    "allow_accounts",
    "allow_paper",
    "delivery_deadline",
}
# What may still change after the lock: words, not rules.
UNLOCKED_FIELDS = {"title", "theme", "description", "area", "delivery_deadline"}


@transaction.atomic
def create_process(by: User, **fields: Any) -> BudgetProcess:
    process = BudgetProcess.objects.create(created_by=by, **fields)
    record_event(by, "budgets.process_created", process, summary=process.title)
    return process


@transaction.atomic
def update_process(process: BudgetProcess, by: User, **fields: Any) -> BudgetProcess:
    process = BudgetProcess.objects.select_for_update().get(pk=process.pk)
    unknown = set(fields) - PROCESS_FIELDS
    if unknown:
        raise ValueError(f"not process fields: {sorted(unknown)}")
    if process.is_locked and set(fields) - UNLOCKED_FIELDS:
        raise ConfigurationLocked(_("Reglerne er låst og kan ikke ændres."))
    for name, value in fields.items():
        setattr(process, name, value)
    process.full_clean()
    process.save()
    record_event(by, "budgets.process_updated", process, details={"fields": sorted(fields)})
    return process


@transaction.atomic
def set_phase(
    process: BudgetProcess,
    by: User,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime | None = None,
) -> Phase:
    if ends_at <= starts_at:
        raise ActionRefused(_("En fase skal slutte efter, den starter."))
    now = now or timezone.now()
    voting = process.phases.filter(kind=PhaseKind.VOTING).first()
    if kind == PhaseKind.VOTING and voting is not None and process.is_locked:
        # Moving a finished vote would reopen the ballot box; a running one keeps its start.
        if voting.ends_at <= now:
            raise ActionRefused(_("Afstemningen er slut; dens tidsrum kan ikke ændres."))
        if voting.starts_at <= now and starts_at != voting.starts_at:
            raise ActionRefused(_("Afstemningen er i gang; dens start kan ikke flyttes."))
        if ends_at <= now:
            raise ActionRefused(_("Afstemningen kan ikke lukkes bagud i tiden."))
    phase, _created = Phase.objects.update_or_create(
        process=process, kind=kind, defaults={"starts_at": starts_at, "ends_at": ends_at}
    )
    record_event(
        by,
        "budgets.phase_set",
        process,
        details={"kind": kind, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return phase


@transaction.atomic
def lock_process(process: BudgetProcess, by: User, now: datetime | None = None) -> BudgetProcess:
    """Freeze ballot form, counting rule, eligibility and the ballot's proposals."""
    now = now or timezone.now()
    process = BudgetProcess.objects.select_for_update().get(pk=process.pk)
    if process.is_locked:
        raise ActionRefused(_("Borgerbudgettet er allerede låst."))
    voting = process.phase_of(PhaseKind.VOTING)
    if voting is None:
        raise ActionRefused(_("Læg en afstemningsfase ind, før reglerne låses."))
    if voting.starts_at <= now:
        raise ActionRefused(_("Afstemningen er begyndt; reglerne skulle være låst før."))
    for problem in process.proof_problems().values():
        raise ActionRefused(str(problem))
    if not process.proposals.filter(review__feasible=True).exists():
        raise ActionRefused(_("Der er ingen forslag, der er vurderet gennemførlige."))
    process.locked_at = now
    process.locked_by = by
    process.lock_hash = process.configuration_hash()
    process.save()
    record_event(
        by,
        "budgets.process_locked",
        process,
        summary=process.title,
        details={"lock_hash": process.lock_hash, "configuration": process.configuration()},
    )
    return process


# --- Proposals -----------------------------------------------------------------------------

PROPOSAL_FIELDS = {
    "title",
    "description",
    "estimated_cost",
    "category",
    "area",
    "image",
    "image_description",
    "group_name",
}


@transaction.atomic
def create_proposal(process: BudgetProcess, author: User | None, **fields: Any) -> Proposal:
    if process.project_cost_cap is not None and fields["estimated_cost"] > process.project_cost_cap:
        raise ActionRefused(_("Forslaget koster mere end loftet pr. forslag."))
    proposal = Proposal.objects.create(process=process, author=author, **fields)
    record_event(author, "budgets.proposal_created", proposal, summary=proposal.title)
    return proposal


@transaction.atomic
def update_proposal(proposal: Proposal, by: User, **fields: Any) -> Proposal:
    unknown = set(fields) - PROPOSAL_FIELDS
    if unknown:
        raise ValueError(f"not proposal fields: {sorted(unknown)}")
    cap = proposal.process.project_cost_cap
    if cap is not None and fields.get("estimated_cost", 0) > cap:
        raise ActionRefused(_("Forslaget koster mere end loftet pr. forslag."))
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    record_event(by, "budgets.proposal_updated", proposal, details={"fields": sorted(fields)})
    return proposal


def support_proposal(proposal: Proposal, user: User) -> bool:
    """Add the user's support; False if it was already there."""
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def withdraw_support(proposal: Proposal, user: User) -> bool:
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    return deleted > 0


@transaction.atomic
def review_feasibility(
    proposal: Proposal, by: User, *, feasible: bool, public_reason: str, final_cost: int | None
) -> FeasibilityReview:
    """Record feasible or not with a public reason and a final cost. Touches nothing else."""
    if feasible and final_cost is None:
        raise ActionRefused(_("Et gennemførligt forslag skal have en endelig pris."))
    if not public_reason.strip():
        raise ActionRefused(_("Skriv en begrundelse; den bliver offentlig."))
    review = FeasibilityReview.objects.filter(proposal=proposal).first() or FeasibilityReview(
        proposal=proposal
    )
    review.feasible = feasible
    review.public_reason = public_reason
    review.final_cost = final_cost
    review.reviewed_by = by
    review.save()
    record_event(
        by,
        "budgets.feasibility_reviewed",
        proposal,
        summary=proposal.title,
        details={"feasible": feasible, "final_cost": final_cost, "reason": public_reason},
    )
    return review


# --- Meetings ------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(process: BudgetProcess, by: User, **fields: Any) -> Meeting:
    meeting = Meeting.objects.create(process=process, **fields)
    record_event(by, "budgets.meeting_created", meeting, summary=meeting.title)
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    by: User,
    *,
    proposals: list[Proposal] | None = None,
    officials: list[User] | None = None,
    **fields: Any,
) -> Meeting:
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    if proposals is not None:
        meeting.proposals_presented.set(proposals)
    if officials is not None:
        meeting.officials.set(officials)
    record_event(
        by,
        "budgets.meeting_updated",
        meeting,
        details={
            "fields": sorted(fields),
            "officials": [user.pk for user in officials] if officials is not None else None,
        },
    )
    return meeting


@transaction.atomic
def register_for_meeting(
    meeting: Meeting, user: User | None, name: str = ""
) -> MeetingRegistration:
    # Lock the meeting row so two last-seat registrations cannot both get in.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if user is not None and meeting.registrations.filter(user=user).exists():
        raise ActionRefused(_("Du er allerede tilmeldt."))
    if meeting.capacity is not None and meeting.registrations.count() >= meeting.capacity:
        raise ActionRefused(_("Mødet er fuldt."))
    return MeetingRegistration.objects.create(meeting=meeting, user=user, name=name)


@transaction.atomic
def cancel_registration(meeting: Meeting, user: User) -> bool:
    deleted, _rows = MeetingRegistration.objects.filter(meeting=meeting, user=user).delete()
    return deleted > 0


@transaction.atomic
def record_attendance(
    meeting: Meeting, by: User, *, registration: MeetingRegistration | None = None, name: str = ""
) -> Attendance:
    if registration is not None:
        if registration.meeting_id != meeting.pk:
            raise ActionRefused(_("Tilmeldingen hører til et andet møde."))
        if Attendance.objects.filter(registration=registration).exists():
            raise ActionRefused(_("Personen er allerede tjekket ind."))
        name = name or (registration.user.display_name if registration.user else registration.name)
    if not name.strip():
        raise ActionRefused(_("Skriv et navn."))
    attendance = Attendance.objects.create(
        meeting=meeting, registration=registration, name=name, checked_in_by=by
    )
    record_event(by, "budgets.attendance_recorded", meeting, details={"attendance": attendance.pk})
    return attendance


# --- Eligibility ---------------------------------------------------------------------------


# The voter-list import lives in ``voter_list.py``; re-exported here, where writes are found.
ImportReport = voter_list.ImportReport
import_voter_list = voter_list.import_voter_list


# Letters and digits that cannot be confused when read aloud or from paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def generate_voting_codes(process: BudgetProcess, by: User, count: int, batch: str) -> list[str]:
    """Create ``count`` codes and return them in plain text, once: only hashes are stored."""
    if not 1 <= count <= 5000:
        raise ActionRefused(_("Antallet skal være mellem 1 og 5000."))
    if not process.allow_codes:
        raise ActionRefused(_("Borgerbudgettet bruger ikke afstemningskoder."))
    codes = [new_code() for _index in range(count)]
    VotingCode.objects.bulk_create(
        [
            VotingCode(process=process, code_hash=hash_code(code), batch=batch, created_by=by)
            for code in codes
        ]
    )
    record_event(
        by, "budgets.voting_codes_generated", process, details={"count": count, "batch": batch}
    )
    return codes


# --- Ballots -------------------------------------------------------------------------------


def _refuse_unless_castable(
    process: BudgetProcess,
    channel: str,
    entered_by: User | None,
    meeting: Meeting | None,
    now: datetime,
) -> None:
    if not voting_is_open(process, now):
        raise VotingClosed(_("Afstemningen er ikke åben."))
    if channel == Channel.PAPER:
        if entered_by is None or meeting is None:
            raise ActionRefused(_("En papirstemme skal indtastes af en mødeansvarlig."))
        if not process.allow_paper:
            raise ActionRefused(_("Borgerbudgettet tager ikke imod papirstemmer."))
    elif entered_by is not None:
        raise ActionRefused(_("En digital stemme afgives af vælgeren selv."))


def _retire_current_ballot(voter_id: int) -> int | None:
    """Mark the current ballot not current and return its version (None on a first ballot).

    One UPDATE ... RETURNING instead of a SELECT and an UPDATE: casting is the hot path.
    The current ballot is always the newest version, so its version is the highest.
    """
    table = connection.ops.quote_name(Ballot._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET is_current = %s "  # noqa: S608 - the table name is ours
            "WHERE voter_id = %s AND is_current = %s RETURNING version",
            [False, voter_id, True],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _insert_ballot_unless_sealed(
    *,
    voter_id: int,
    process_id: int,
    version: int,
    channel: str,
    entered_by_id: int | None,
    entered_by_label: str,
    meeting_id: int | None,
) -> Ballot:
    """INSERT the new current ballot only if the process has no result, in one statement.

    This is the tamper seal's check (:mod:`samskab.budgets.seal`, which refuses a ballot saved
    through the ORM once the process is counted) folded into the INSERT: one round trip
    instead of two, and no gap between the check and the write.
    """
    quote = connection.ops.quote_name
    columns = [
        "voter_id",
        "process_id",
        "version",
        "is_current",
        "channel",
        "entered_by_id",
        "entered_by_label",
        "meeting_id",
        "cast_at",
    ]
    cast_at = timezone.now()
    values: list[Any] = [
        voter_id,
        process_id,
        version,
        True,
        channel,
        entered_by_id,
        entered_by_label,
        meeting_id,
        cast_at,
    ]
    sql = (
        f"INSERT INTO {quote(Ballot._meta.db_table)} "  # noqa: S608 - our names only
        f"({', '.join(quote(c) for c in columns)}) "
        f"SELECT {', '.join(['%s'] * len(columns))} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {quote(Result._meta.db_table)} "
        f"WHERE {quote('process_id')} = %s) RETURNING {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*values[:-1], connection.ops.adapt_datetimefield_value(cast_at), process_id]
        )
        row = cursor.fetchone()
    if row is None:
        raise BallotsSealed(f"the ballots of process {process_id} are counted: new ballot refused")
    stored = dict(zip(columns, values, strict=True)) | {"id": row[0]}
    names = [field.attname for field in Ballot._meta.concrete_fields]
    return Ballot.from_db(connection.alias, names, [stored[name] for name in names])


def _insert_choices(ballot_id: int, chosen: dict[int, int], *, rank_form: bool) -> None:
    """One multi-row INSERT (``bulk_create`` costs more to prepare than to run here)."""
    if not chosen:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("ballot_id", "proposal_id", "points", "rank"))
    rows = [
        (ballot_id, pk, 1 if rank_form else value, value if rank_form else None)
        for pk, value in sorted(chosen.items())
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(BallotChoice._meta.db_table)} ({columns}) VALUES "  # noqa: S608
            + ", ".join(["(%s, %s, %s, %s)"] * len(rows)),
            [value for row in rows for value in row],
        )


def _replace_ballot_postgresql(
    voter_id: int,
    process_id: int,
    chosen: dict[int, int],
    channel: str,
    entered_by_id: int | None,
    entered_by_label: str,
    meeting_id: int | None,
    *,
    rank_form: bool,
) -> Ballot:
    """Retire the current ballot, insert the new one (unless sealed) and its choices in one
    statement: the same three steps as on SQLite, one round trip instead of three.

    The INSERT reads the retired version, so the UPDATE has run before the new current row
    meets the one-current-ballot index; the choices come from the INSERT's RETURNING.
    """
    quote = connection.ops.quote_name
    ballot_table = quote(Ballot._meta.db_table)
    rows = [
        (pk, 1 if rank_form else value, value if rank_form else None)
        for pk, value in sorted(chosen.items())
    ]
    choice_values = ", ".join(["(%s::bigint, %s::integer, %s::smallint)"] * len(rows))
    choices_cte = (
        f", choices AS (INSERT INTO {quote(BallotChoice._meta.db_table)}"  # noqa: S608 - ours
        " (ballot_id, proposal_id, points, rank)"
        f" SELECT new.id, c.proposal, c.points, c.rank FROM new, (VALUES {choice_values})"
        " AS c (proposal, points, rank))"
        if rows
        else ""
    )
    cast_at = timezone.now()
    sql = (
        f"WITH retired AS (UPDATE {ballot_table} SET is_current = false"  # noqa: S608 - ours
        " WHERE voter_id = %s AND is_current RETURNING version),"
        f" new AS (INSERT INTO {ballot_table}"
        " (voter_id, process_id, version, is_current, channel, entered_by_id,"
        " entered_by_label, meeting_id, cast_at)"
        " SELECT %s, %s, COALESCE((SELECT max(version) FROM retired), 0) + 1, true, %s, %s, %s,"
        " %s, %s"
        f" WHERE NOT EXISTS (SELECT 1 FROM {quote(Result._meta.db_table)}"
        " WHERE process_id = %s)"
        " RETURNING id, version)"
        f"{choices_cte} SELECT id, version FROM new"
    )
    params: list[Any] = [
        voter_id,
        voter_id,
        process_id,
        channel,
        entered_by_id,
        entered_by_label,
        meeting_id,
        cast_at,
        process_id,
        *(value for row in rows for value in row),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:  # the seal: nothing was written (the UPDATE is undone with the transaction)
        raise BallotsSealed(f"the ballots of process {process_id} are counted: new ballot refused")
    stored: dict[str, Any] = {
        "id": row[0],
        "voter_id": voter_id,
        "process_id": process_id,
        "version": row[1],
        "is_current": True,
        "channel": channel,
        "entered_by_id": entered_by_id,
        "entered_by_label": entered_by_label,
        "meeting_id": meeting_id,
        "cast_at": cast_at,
    }
    names = [field.attname for field in Ballot._meta.concrete_fields]
    return Ballot.from_db(connection.alias, names, [stored[name] for name in names])


def _cast_locked(
    locked: Voter,
    process: BudgetProcess,
    chosen: dict[int, int],
    channel: str,
    entered_by: User | None,
    meeting: Meeting | None,
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
    if not locked.channel:
        Voter.objects.filter(pk=locked.pk).update(channel=channel)
    rank_form = process.ballot_form == "ranking"
    entered_by_id = entered_by.pk if entered_by else None
    # Kept as text, so the record outlives the official's account.
    entered_by_label = entered_by.email if entered_by else ""
    meeting_id = meeting.pk if meeting else None
    if connection.vendor == "postgresql":
        ballot = _replace_ballot_postgresql(
            locked.pk,
            process.pk,
            chosen,
            channel,
            entered_by_id,
            entered_by_label,
            meeting_id,
            rank_form=rank_form,
        )
    else:
        previous = _retire_current_ballot(locked.pk)
        ballot = _insert_ballot_unless_sealed(
            voter_id=locked.pk,
            process_id=process.pk,
            version=(previous or 0) + 1,
            channel=channel,
            entered_by_id=entered_by_id,
            entered_by_label=entered_by_label,
            meeting_id=meeting_id,
        )
        _insert_choices(ballot.pk, chosen, rank_form=rank_form)
    if channel == Channel.PAPER:
        record_event(
            entered_by,
            "budgets.paper_ballot_entered",
            ballot,
            details={"meeting": meeting.pk if meeting else None, "version": ballot.version},
        )
    return ballot


def cast_ballot(
    voter: Voter,
    choices: Mapping[int, int],
    channel: str,
    entered_by: User | None = None,
    *,
    meeting: Meeting | None = None,
    now: datetime | None = None,
) -> Ballot:
    """Validate against the locked ballot form, then replace the voter's current ballot.

    The voter row is locked for the transaction, so two submissions from two devices queue:
    both are kept as versions, the later one is current. Paper and online do not mix.
    """
    process = voter.process
    _refuse_unless_castable(process, channel, entered_by, meeting, now or timezone.now())
    chosen = validate_choices(process, choices)
    with transaction.atomic():
        locked = Voter.objects.select_for_update().only("pk", "channel").get(pk=voter.pk)
        ballot = _cast_locked(locked, process, chosen, channel, entered_by, meeting)
    voter.channel = channel
    return ballot


def _upsert_and_lock_voter(process: BudgetProcess, identity: Identity, channel: str) -> Voter:
    """Create the voter or lock the existing row, in one statement (PostgreSQL and SQLite).

    ``ON CONFLICT ... DO UPDATE`` takes the row lock a ``SELECT ... FOR UPDATE`` would, so a
    second device waits here until the first one's ballot is committed. The channel is set
    only if the voter has none yet; the returned channel is therefore the one that binds.
    """
    quote = connection.ops.quote_name
    table = quote(Voter._meta.db_table)
    groups = turnout_fields(identity)
    columns = [
        "process_id",
        "identity_key",
        "proof",
        "user_id",
        "voter_list_entry_id",
        "voting_code_id",
        "channel",
        "age_band",
        "area",
        "created_at",
    ]
    values: list[Any] = [
        process.pk,
        identity.key,
        identity.proof,
        identity.user.pk if identity.user else None,
        identity.voter_list_entry.pk if identity.voter_list_entry else None,
        identity.voting_code.pk if identity.voting_code else None,
        channel,
        groups["age_band"],
        groups["area"],
        timezone.now(),
    ]
    channel_column = quote("channel")
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 - our names
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote('process_id')}, {quote('identity_key')}) DO UPDATE SET "
        f"{channel_column} = CASE WHEN {table}.{channel_column} = '' "
        f"THEN excluded.{channel_column} ELSE {table}.{channel_column} END "
        f"RETURNING {quote('id')}, {channel_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    assert row is not None  # INSERT ... DO UPDATE always returns the row
    return Voter(pk=row[0], process=process, channel=row[1])


def cast_ballot_as(
    process: BudgetProcess,
    identity: Identity,
    choices: Mapping[int, int],
    channel: str,
    entered_by: User | None = None,
    *,
    meeting: Meeting | None = None,
    now: datetime | None = None,
) -> Ballot:
    """Like :func:`cast_ballot` for an identity that may not have a Voter yet: the voter is
    created in the same transaction (one commit instead of two on the hot path)."""
    _refuse_unless_castable(process, channel, entered_by, meeting, now or timezone.now())
    chosen = validate_choices(process, choices)
    try:
        with transaction.atomic():
            locked = _upsert_and_lock_voter(process, identity, channel)
            return _cast_locked(locked, process, chosen, channel, entered_by, meeting)
    except IntegrityError:
        # Two first ballots of one person at the same moment: ON CONFLICT settles the race on
        # (process, identity_key) only, so the other one-voter-per-proof index (voting code,
        # list entry) can fail instead once the first insert commits. The voter exists now:
        # once more, the upsert finds it and waits for its lock like any second device.
        with transaction.atomic():
            locked = _upsert_and_lock_voter(process, identity, channel)
            return _cast_locked(locked, process, chosen, channel, entered_by, meeting)


def current_ballot(voter: Voter) -> Ballot | None:
    return Ballot.objects.filter(voter=voter, is_current=True).prefetch_related("choices").first()
