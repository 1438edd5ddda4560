"""Who may vote: voter lists (the import itself is ``voter_list.py``) and voting codes."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets import voter_list
from samskab.budgets.errors import ActionRefused
from samskab.budgets.identity import hash_code
from samskab.budgets.models import (
    BudgetProcess,
    ConfigurationLocked,
    Voter,
    VoterListEntry,
    VoterListImport,
    VotingCode,
)
from samskab.budgets.tasks import import_voter_list_task

# The voter-list import lives in ``voter_list.py`` (the background task runs it too);
# re-exported here, where writes are found.
ImportReport = voter_list.ImportReport
import_voter_list = voter_list.import_voter_list

# Letters and digits that cannot be confused when read aloud or from paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def generate_voting_codes(
    actor: User,
    process: BudgetProcess,
    *,
    count: int,
    batch: str,
    request: HttpRequest | None = None,
) -> list[str]:
    """Create ``count`` codes and return them in plain text, once: only hashes are stored."""
    if not 1 <= count <= 5000:
        raise ActionRefused(_("Antallet skal være mellem 1 og 5000."))
    if not process.allow_codes:
        raise ActionRefused(_("Borgerbudgettet bruger ikke afstemningskoder."))
    codes = [new_code() for _index in range(count)]
    VotingCode.objects.bulk_create(
        [
            VotingCode(process=process, code_hash=hash_code(code), batch=batch, created_by=actor)
            for code in codes
        ]
    )
    record_event(
        actor,
        "budgets.voting_codes_generated",
        process,
        details={"count": count, "batch": batch},
        request=request,
    )
    return codes


# The letters' PDF is made in the request (the codes may exist nowhere else): 200 letters took
# 19 s on a heavily loaded two-core machine, so a batch of 300 stays inside gunicorn's 30 s
# (docs/deploy.md). A longer voter list is printed in several batches: each takes the next
# entries without a letter.
LETTERS_PER_BATCH = 300


@dataclass(frozen=True)
class CodeLetter:
    """One letter to print: the plain code and, when addressed, the voter-list entry's name and
    address. Exists only in memory, between ``generate_code_letters`` and the PDF."""

    code: str
    name: str = ""
    address: str = ""
    postal_code: str = ""
    reference: str = ""


@transaction.atomic
def generate_code_letters(
    actor: User,
    process: BudgetProcess,
    *,
    batch: str,
    count: int | None = None,
    reprint: Collection[str] = (),
    request: HttpRequest | None = None,
) -> list[CodeLetter]:
    """Codes for letters, returned in plain text once (only hashes are stored).

    With a voter list: one letter per entry that has none yet (at most ``LETTERS_PER_BATCH``),
    each code tied to its entry, so no entry gets two working codes; ``reprint`` (voter
    numbers) gives those entries a new letter and deletes their old, unused code. A code
    already used cannot be replaced: that would be a second vote. Without a voter list:
    ``count`` unaddressed letters. One audit event per batch; it never holds codes or names.
    """
    if not process.allow_codes:
        raise ActionRefused(_("Borgerbudgettet bruger ikke afstemningskoder."))
    # One batch at a time per process, so two coordinators never print the same entries.
    BudgetProcess.objects.select_for_update().filter(pk=process.pk).first()
    has_list = process.voter_list.exists()
    wanted = sorted({reference.strip() for reference in reprint if reference.strip()})
    if wanted and not has_list:
        raise ActionRefused(_("Genudskrivning kræver en vælgerliste."))
    entries: list[VoterListEntry] = []
    replaced = 0
    if wanted:
        found = {
            entry.reference: entry
            for entry in process.voter_list.filter(reference__in=wanted).select_related(
                "letter_code"
            )
        }
        unknown = [reference for reference in wanted if reference not in found]
        if unknown:
            raise ActionRefused(
                _("Vælgernummeret står ikke på vælgerlisten: %(numbers)s")
                % {"numbers": ", ".join(unknown[:10])}
            )
        old_codes = [
            code
            for code in (getattr(entry, "letter_code", None) for entry in found.values())
            if code is not None
        ]
        used = set(
            Voter.objects.filter(voting_code__in=old_codes).values_list(
                "voting_code__letter_for__reference", flat=True
            )
        )
        if used:
            raise ActionRefused(
                _(
                    "Koden i brevet til %(numbers)s er allerede brugt; et nyt brev ville give en "
                    "stemme mere."
                )
                % {"numbers": ", ".join(sorted(str(number) for number in used)[:10])}
            )
        replaced = VotingCode.objects.filter(pk__in=[code.pk for code in old_codes]).delete()[0]
        entries = [found[reference] for reference in wanted]
    elif has_list:
        if count is not None:
            raise ActionRefused(
                _("Med en vælgerliste får hver person på listen ét brev; antallet følger listen.")
            )
        entries = list(
            process.voter_list.filter(letter_code__isnull=True).order_by(
                "postal_code", "address", "name", "pk"
            )[:LETTERS_PER_BATCH]
        )
        if not entries:
            raise ActionRefused(
                _(
                    "Alle på vælgerlisten har fået et brev. Har nogen mistet sit, så skriv "
                    "vælgernummeret under genudskrivning."
                )
            )
    elif count is None or not 1 <= count <= LETTERS_PER_BATCH:
        raise ActionRefused(
            _("Antallet skal være mellem 1 og %(max)d.") % {"max": LETTERS_PER_BATCH}
        )
    if entries:
        letters = [
            CodeLetter(
                code=new_code(),
                name=entry.name,
                address=entry.address,
                postal_code=entry.postal_code,
                reference=entry.reference,
            )
            for entry in entries
        ]
        rows = [
            VotingCode(
                process=process,
                code_hash=hash_code(letter.code),
                batch=batch,
                created_by=actor,
                letter_for=entry,
            )
            for letter, entry in zip(letters, entries, strict=True)
        ]
    else:
        letters = [CodeLetter(code=new_code()) for _index in range(count or 0)]
        rows = [
            VotingCode(
                process=process, code_hash=hash_code(letter.code), batch=batch, created_by=actor
            )
            for letter in letters
        ]
    VotingCode.objects.bulk_create(rows)
    record_event(
        actor,
        "budgets.code_letters_generated",
        process,
        details={
            "count": len(letters),
            "batch": batch,
            "addressed": bool(entries),
            "reprinted": len(wanted),
            "codes_replaced": replaced,
        },
        request=request,
    )
    return letters


def queue_voter_list_import(
    actor: User, process: BudgetProcess, text: str, *, request: HttpRequest | None = None
) -> VoterListImport:
    """Record a large list and enqueue its import (in one transaction: the task row commits or
    rolls back with the list)."""
    if process.is_locked:
        raise ConfigurationLocked(_("Reglerne er låst; vælgerlisten kan ikke ændres."))
    with transaction.atomic():
        job = VoterListImport.objects.create(
            process=process, uploaded_by=actor, rows_total=voter_list.line_count(text), text=text
        )
        record_event(
            actor,
            "budgets.voter_list_queued",
            process,
            details={"import": job.pk, "lines": job.rows_total},
            request=request,
        )
        import_voter_list_task.enqueue(job.pk)
    job.refresh_from_db()
    return job
