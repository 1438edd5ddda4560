"""The hand-written SQL of the ballot hot path, all of it: casting runs on every ballot, and
building a queryset costs more than running it (about 0.5-0.9 ms of CPU per ballot for the
lookup alone, measured with ``bench/ballots_profile.py``).

- Reading: :func:`process_for_casting`, the locked process with its voting phase and the id of
  the voting code (with its letter's voter-list entry's birth date and postcode), in one row, mapped onto the models with ``Manager.raw``.
- Writing: PostgreSQL replaces a ballot in one statement (:func:`replace_ballot_postgresql`),
  SQLite in three (:func:`retire_current_ballot`, :func:`insert_ballot_unless_sealed`,
  :func:`insert_choices`); :func:`upsert_and_lock_voter` runs on both.

The suite runs every statement on SQLite and on PostgreSQL (``DATABASE_URL``); what differs
between the two is marked where it is handled.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from samskab.budgets.identity import FoundCode, Identity, found_code, turnout_fields
from samskab.budgets.models import (
    Ballot,
    BallotChoice,
    BudgetProcess,
    Phase,
    PhaseKind,
    Result,
    Voter,
    VoterListEntry,
    VotingCode,
)
from samskab.budgets.seal import BallotsSealed

# A new ballot is never assisted: ``actions.voting`` records help in the same transaction.
UNASSISTED = {"assistance": "", "assisted_by_label": "", "assistance_reason": ""}


def _casting_sql() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"process.{quote(field.column)}" for field in BudgetProcess._meta.concrete_fields
    )
    return (
        f"SELECT {columns}, phase.id AS voting_phase_id, phase.starts_at AS voting_starts_at,"  # noqa: S608 - our names only
        " phase.ends_at AS voting_ends_at, code.id AS voting_code_id,"
        " entry.birth_date AS letter_birth_date, entry.postal_code AS letter_postal_code"
        f" FROM {quote(BudgetProcess._meta.db_table)} process"
        f" JOIN {quote(Phase._meta.db_table)} phase"
        " ON phase.process_id = process.id AND phase.kind = %s"
        f" LEFT JOIN {quote(VotingCode._meta.db_table)} code"
        " ON code.process_id = process.id AND code.code_hash = %s"
        f" LEFT JOIN {quote(VoterListEntry._meta.db_table)} entry ON entry.id = code.letter_for_id"
        " WHERE process.slug = %s AND process.locked_at IS NOT NULL"
    )


def _aware(value: datetime | str) -> datetime:
    """A selected datetime that is not a model field (so no converter ran): PostgreSQL returns
    an aware ``datetime``; SQLite the UTC time Django stored, naive (or as text)."""
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    assert parsed is not None, value
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def process_for_casting(
    slug: str, code_digest: str
) -> tuple[BudgetProcess, FoundCode | None] | None:
    """The locked process ``slug`` answering its phase questions from its voting phase, and
    its voting code with this hash (None: no such code) with what the voter-list entry of its
    letter says, in one query; None when
    the process is unknown, not locked or has no voting phase (then voting is not open)."""
    rows = BudgetProcess.objects.raw(_casting_sql(), [PhaseKind.VOTING, code_digest, slug])
    process = next(iter(rows), None)
    if process is None:
        return None
    selected = process.__dict__  # the selected columns that are not fields land here
    voting = Phase(
        id=selected["voting_phase_id"],
        process=process,
        kind=PhaseKind.VOTING,
        starts_at=_aware(selected["voting_starts_at"]),
        ends_at=_aware(selected["voting_ends_at"]),
    )
    process.use_phases([voting])  # only the voting phase matters for casting
    found = found_code(
        selected["voting_code_id"], selected["letter_birth_date"], selected["letter_postal_code"]
    )
    return process, found


def retire_current_ballot(voter_id: int) -> int | None:
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


def insert_ballot_unless_sealed(
    *,
    voter_id: int,
    process_id: int,
    version: int,
    channel: str,
    entered_by_id: int | None,
    entered_by_label: str,
    meeting_id: int | None,
    correction_reason: str = "",
    voting_point_id: int | None = None,
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
        "voting_point_id",
        "correction_reason",
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
        voting_point_id,
        correction_reason,
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
    stored |= UNASSISTED  # the database defaults of the columns the insert leaves out
    return Ballot.from_db(connection.alias, names, [stored[name] for name in names])


def insert_choices(ballot_id: int, chosen: dict[int, int], *, rank_form: bool) -> None:
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


def replace_ballot_postgresql(
    voter_id: int,
    process_id: int,
    chosen: dict[int, int],
    channel: str,
    entered_by_id: int | None,
    entered_by_label: str,
    meeting_id: int | None,
    *,
    rank_form: bool,
    correction_reason: str = "",
    voting_point_id: int | None = None,
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
        " entered_by_label, meeting_id, voting_point_id, correction_reason, cast_at)"
        " SELECT %s, %s, COALESCE((SELECT max(version) FROM retired), 0) + 1, true, %s, %s, %s,"
        " %s, %s, %s, %s"
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
        voting_point_id,
        correction_reason,
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
        "voting_point_id": voting_point_id,
        "correction_reason": correction_reason,
        "cast_at": cast_at,
    }
    names = [field.attname for field in Ballot._meta.concrete_fields]
    stored |= UNASSISTED  # the database defaults of the columns the insert leaves out
    return Ballot.from_db(connection.alias, names, [stored[name] for name in names])


def upsert_and_lock_voter(process: BudgetProcess, identity: Identity, channel: str) -> Voter:
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
    # The channel, and the turnout groups an account voter declares on the first ballot, are
    # set only where the row has none yet: what binds is what came first.
    keep_first = ", ".join(
        f"{column} = CASE WHEN {table}.{column} = '' THEN excluded.{column} "
        f"ELSE {table}.{column} END"
        for column in (channel_column, quote("age_band"), quote("area"))
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 - our names
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote('process_id')}, {quote('identity_key')}) DO UPDATE SET "
        f"{keep_first} "
        f"RETURNING {quote('id')}, {channel_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    assert row is not None  # INSERT ... DO UPDATE always returns the row
    return Voter(pk=row[0], process=process, channel=row[1])
