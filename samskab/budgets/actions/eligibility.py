"""Who may vote: voter lists (the import itself is ``voter_list.py``) and voting codes."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets import voter_list
from samskab.budgets.errors import ActionRefused
from samskab.budgets.identity import hash_code
from samskab.budgets.models import BudgetProcess, ConfigurationLocked, VoterListImport, VotingCode
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
