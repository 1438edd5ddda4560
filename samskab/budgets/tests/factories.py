"""Build processes through the real actions, with the timeline placed around ``now``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from samskab.accounts.personas import Personas
from samskab.budgets import actions
from samskab.budgets.models import PHASE_ORDER_VALUES, BudgetProcess, Proposal

PHASE_DAYS = 10
# A process has exactly one proof; voting through a verified account means no codes and no paper
# (on paper a voter shows a code or a voter number, never an account).
ACCOUNTS_ONLY: dict[str, Any] = {"allow_accounts": True, "allow_codes": False, "allow_paper": False}
VOTER_LIST_ONLY: dict[str, Any] = {"allow_voter_list": True, "allow_codes": False}


def phase_window(index: int, current: int, now: datetime) -> tuple[datetime, datetime]:
    """Phase ``index`` when phase ``current`` is running at ``now`` (5 days in)."""
    start = now + timedelta(days=(index - current) * PHASE_DAYS - PHASE_DAYS // 2)
    return start, start + timedelta(days=PHASE_DAYS)


def make_process(
    personas: Personas,
    now: datetime,
    *,
    current: str = "ideas",
    slug: str = "ensomhed",
    proposals: list[tuple[str, int]] | None = None,
    lock: bool | None = None,
    **fields: Any,
) -> BudgetProcess:
    """A process in phase ``current`` with feasible proposals (title, cost); locked when the
    phase is voting or later (unless ``lock`` says otherwise)."""
    defaults: dict[str, Any] = {
        "slug": slug,
        "title": "Aktiviteter mod ensomhed",
        "theme": "Ensomhed blandt ældre",
        "pot": 800_000,
        "area": "Fjordby",
        "organisation": personas.municipality,
        "allow_codes": True,
        "allow_accounts": False,
    }
    defaults.update(fields)
    process = actions.create_process(personas.coordinator, **defaults)
    current_index = PHASE_ORDER_VALUES.index(current)
    # The timeline is planned before it begins (an unlocked vote may not start in the past).
    planned_at = phase_window(0, current_index, now)[0] - timedelta(hours=1)
    for index, kind in enumerate(PHASE_ORDER_VALUES):
        start, end = phase_window(index, current_index, now)
        actions.set_phase(personas.coordinator, process, kind, start, end, now=planned_at)
    for title, cost in proposals or [
        ("Fællesspisning", 300_000),
        ("Gåklub", 200_000),
        ("Café", 400_000),
    ]:
        proposal = actions.create_proposal(
            personas.citizen, process, title=title, description="Beskrivelse", estimated_cost=cost
        )
        actions.review_feasibility(
            personas.coordinator,
            proposal,
            feasible=True,
            public_reason="Kan lade sig gøre",
            final_cost=cost,
        )
    if lock is None:
        lock = current_index >= PHASE_ORDER_VALUES.index("voting")
    if lock:
        voting_start, _end = phase_window(PHASE_ORDER_VALUES.index("voting"), current_index, now)
        actions.lock_process(personas.coordinator, process, now=voting_start - timedelta(hours=1))
    process.refresh_from_db()
    return process


def proposal_ids(process: BudgetProcess) -> list[int]:
    return list(
        Proposal.objects.filter(process=process).order_by("pk").values_list("pk", flat=True)
    )
