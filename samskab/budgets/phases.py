"""The timeline of a process: the kinds of phase, and every question asked about them.

Is a phase open at ``now``, has it started or ended, is voting open, has voting ended, is the
result public, which phase is current: each is answered here once, and the permissions, the
actions, the API and the models ask these functions. A phase is open from ``starts_at``
(included) to ``ends_at`` (excluded). Voting is open only in a locked process: the lock freezes
the rules before the first ballot.

Imports no model at run time (the models import :class:`PhaseKind` from here).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from samskab.budgets.models import BudgetProcess, Phase


class PhaseKind(models.TextChoices):
    # The order here is the order of the timeline.
    IDEAS = "ideas", _("Idéindsamling")
    MEETINGS = "meetings", _("Stormøder")
    FEASIBILITY = "feasibility", _("Forhåndsvurdering")
    VOTING = "voting", _("Afstemning")
    RESULT = "result", _("Resultat")
    DELIVERY = "delivery", _("Gennemførelse")


PHASE_ORDER_VALUES = [kind.value for kind in PhaseKind]


# --- One phase ---------------------------------------------------------------------------------


def is_open(phase: Phase | None, now: datetime) -> bool:
    return phase is not None and phase.starts_at <= now < phase.ends_at


def has_started(phase: Phase | None, now: datetime) -> bool:
    return phase is not None and phase.starts_at <= now


def has_ended(phase: Phase | None, now: datetime) -> bool:
    return phase is not None and phase.ends_at <= now


def state(phase: Phase, now: datetime) -> str:
    """``before``, ``during`` or ``after``."""
    if not has_started(phase, now):
        return "before"
    if is_open(phase, now):
        return "during"
    return "after"


def current(phases: Iterable[Phase], now: datetime) -> Phase | None:
    """The phase open at ``now``, if any (phases do not overlap)."""
    return next((phase for phase in phases if is_open(phase, now)), None)


def open_at(now: datetime, prefix: str = "") -> Q:
    """The same test as :func:`is_open`, as a query filter (``prefix``: e.g. ``"phases__"``)."""
    return Q(**{f"{prefix}starts_at__lte": now, f"{prefix}ends_at__gt": now})


def ended_by(now: datetime, prefix: str = "") -> Q:
    """The same test as :func:`has_ended`, as a query filter."""
    return Q(**{f"{prefix}ends_at__lte": now})


# --- A process's phases ------------------------------------------------------------------------


def current_phase(process: BudgetProcess, now: datetime) -> Phase | None:
    return current(process.timeline(), now)


def phase_is_open(process: BudgetProcess, kind: str, now: datetime) -> bool:
    return is_open(process.phase_of(kind), now)


def phase_has_started(process: BudgetProcess, kind: str, now: datetime) -> bool:
    return has_started(process.phase_of(kind), now)


def voting_is_open(process: BudgetProcess, now: datetime) -> bool:
    """Ballots are accepted: the process is locked and its voting phase is open."""
    return process.is_locked and phase_is_open(process, PhaseKind.VOTING, now)


def voting_has_ended(process: BudgetProcess, now: datetime) -> bool:
    """The ballots are final and may be counted: locked, and the voting phase is over."""
    return process.is_locked and has_ended(process.phase_of(PhaseKind.VOTING), now)


class VotingStatus(models.TextChoices):
    """Where the vote stands, in the words the pages use."""

    UNSCHEDULED = "unscheduled", _("Afstemningen er ikke lagt i tidsplanen endnu.")
    SCHEDULED = "scheduled", _("Afstemningen er ikke begyndt endnu.")
    WAITING_FOR_LOCK = (
        "waiting_for_lock",
        _("Afstemningen er ikke åbnet endnu: reglerne skal låses først."),
    )
    OPEN = "open", _("Afstemningen er åben.")
    CLOSED = "closed", _("Afstemningen er lukket.")
    LAPSED = "lapsed", _("Afstemningens tidsrum gik, uden at afstemningen blev åbnet.")


def voting_status(process: BudgetProcess, now: datetime) -> VotingStatus:
    voting = process.phase_of(PhaseKind.VOTING)
    if voting is None:
        return VotingStatus.UNSCHEDULED
    if not has_started(voting, now):
        return VotingStatus.SCHEDULED
    if has_ended(voting, now):
        return VotingStatus.CLOSED if process.is_locked else VotingStatus.LAPSED
    return VotingStatus.OPEN if process.is_locked else VotingStatus.WAITING_FOR_LOCK
