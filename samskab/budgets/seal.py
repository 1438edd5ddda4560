"""Tamper evidence for counted ballots.

Once a process has a result, its ballots are sealed: saving or deleting a ballot or a ballot
choice through Django (actions, the admin, a raw ``Model.save()``) is refused. What bypasses
Django (a bulk ``update()``, SQL typed into the database) cannot be refused from here, but it
cannot hide either: :func:`verify_published_result` rebuilds the published file from the ballots
now in the database and compares its SHA-256 with the one published; a mismatch is BROKEN and
is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models.signals import pre_delete, pre_save

from samskab.budgets.models import Ballot, BallotChoice, BudgetProcess, Result


class BallotsSealed(Exception):
    """A counted ballot cannot change."""


def _refuse_if_counted(process_id: int | None, what: str) -> None:
    if process_id is not None and Result.objects.filter(process_id=process_id).exists():
        raise BallotsSealed(f"the ballots of process {process_id} are counted: {what} refused")


def _guard_ballot(sender: type[Ballot], instance: Ballot, **kwargs: Any) -> None:
    _refuse_if_counted(instance.process_id, f"change of ballot {instance.pk}")


def _guard_choice(sender: type[BallotChoice], instance: BallotChoice, **kwargs: Any) -> None:
    process_id = (
        Ballot.objects.filter(pk=instance.ballot_id).values_list("process_id", flat=True).first()
    )
    _refuse_if_counted(process_id, f"change of ballot choice {instance.pk}")


def connect() -> None:
    for signal in (pre_save, pre_delete):
        signal.connect(_guard_ballot, sender=Ballot, dispatch_uid=f"seal-ballot-{signal!r}")
        signal.connect(_guard_choice, sender=BallotChoice, dispatch_uid=f"seal-choice-{signal!r}")


OK = "ok"
BROKEN = "broken"


@dataclass(frozen=True)
class Verification:
    status: str  # OK or BROKEN
    published_sha256: str
    current_sha256: str
    result: Result


def verify_published_result(process: BudgetProcess) -> Verification | None:
    """Recompute the published file's hash from the database; None before the count. The file
    is stored at the count, so reviewers can check it before the result is published.

    A BROKEN verification is recorded in the audit log (the caller commits it)."""
    from samskab.audit.actions import record_event
    from samskab.budgets.export import published_sha256

    result = process.counted_result()
    if result is None:
        return None
    current = published_sha256(process, result)
    status = OK if current == result.ballots_sha256 else BROKEN
    if status == BROKEN:
        record_event(
            None,
            "budgets.result_verification_failed",
            result,
            summary=f"{process.slug}: the ballots no longer match the published file",
            details={"published_sha256": result.ballots_sha256, "current_sha256": current},
        )
    return Verification(status, result.ballots_sha256, current, result)
