"""Counted processes for the results, export and delivery tests, built through real actions:
a voter list with birth dates and postal codes, ballots cast while voting was open, then the
count after voting closed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from samskab.accounts.personas import Personas
from samskab.budgets import actions
from samskab.budgets.identity import identity_for_list_reference, voter_for
from samskab.budgets.models import PHASE_ORDER_VALUES, BudgetProcess, Channel, Result
from samskab.budgets.tests.factories import make_process, phase_window, proposal_ids

# (title, cost): A is popular and dear; with 800,000 kr greedy funds A then C; equal shares
# spreads the money to the B and D voters too.
PROJECTS = [
    ("A: Stort medborgerhus", 500_000),
    ("B: Gåklub", 100_000),
    ("C: Café", 300_000),
    ("D: Sangkor", 200_000),
]
# Ballots as letters; 18 voters.
DEFAULT_BALLOTS = ["AC"] * 9 + ["B"] * 5 + ["D"] * 4


def voting_time(now: datetime, current: str) -> datetime:
    start, _end = phase_window(
        PHASE_ORDER_VALUES.index("voting"), PHASE_ORDER_VALUES.index(current), now
    )
    return start + timedelta(hours=1)


def cast_letters(
    process: BudgetProcess, personas: Personas, ballots: list[str], when: datetime
) -> None:
    """Approval: each letter once. Ranking: letters in preference order. Points: a letter
    repeated gets that many points."""
    ids = proposal_ids(process)
    for number, letters in enumerate(ballots):
        voter = voter_for(process, identity_for_list_reference(process, f"V{number}"))
        choices: dict[int, int] = {}
        for position, letter in enumerate(letters):
            pk = ids[ord(letter) - ord("A")]
            if process.ballot_form == "ranking":
                choices[pk] = position + 1
            else:
                choices[pk] = choices.get(pk, 0) + 1
        actions.cast_ballot(voter, choices, Channel.ONLINE, now=when)


def voter_list(count: int) -> str:
    """Half aged 65+ in 7000, a third 18-29 in 7080, the rest 30-49 in 7000."""
    lines = ["reference,name,email,birth_date,postal_code"]
    for number in range(count):
        if number % 2 == 0:
            birth, postal = "1950-01-01", "7000"
        elif number % 3 == 1:
            birth, postal = "2000-01-01", "7080"
        else:
            birth, postal = "1985-01-01", "7000"
        lines.append(f"V{number},Vælger {number},,{birth},{postal}")
    return "\n".join(lines)


def counted_process(
    personas: Personas,
    *,
    slug: str = "optalt",
    rule: str = "greedy",
    ballots: list[str] | None = None,
    current: str = "result",
    count: bool = True,
    publish: bool = True,
    **fields: Any,
) -> BudgetProcess:
    """A process in phase ``current`` (voting over) with ``ballots`` cast, counted and
    published if asked."""
    now = timezone.now()
    ballots = DEFAULT_BALLOTS if ballots is None else ballots
    process = make_process(
        personas,
        now,
        current=current,
        slug=slug,
        proposals=PROJECTS,
        lock=False,
        counting_rule=rule,
        allow_voter_list=True,
        allow_codes=False,
        max_choices=None,
        delivery_deadline=date(2030, 1, 1),
        **fields,
    )
    actions.import_voter_list(personas.coordinator, process, voter_list(len(ballots)))
    voting_start = voting_time(now, current) - timedelta(hours=1)
    actions.lock_process(personas.coordinator, process, now=voting_start - timedelta(hours=1))
    process.refresh_from_db()
    cast_letters(process, personas, ballots, voting_time(now, current))
    if count:
        actions.count_votes(personas.coordinator, process)
        if publish:
            actions.publish_result(personas.coordinator, process)
    return process


def end_voting_now(process: BudgetProcess, personas: Personas) -> None:
    """Voting ends a minute ago; the result phase still starts later (counted, not public).
    The coordinator set that end while voting was running (an hour after it opened)."""
    voting = process.phase_of("voting")
    assert voting is not None
    actions.set_phase(
        personas.coordinator,
        process,
        "voting",
        voting.starts_at,
        timezone.now() - timedelta(minutes=1),
        now=voting.starts_at + timedelta(hours=1),
    )
    process.refresh_from_db()


def result_of(process: BudgetProcess) -> Result:
    return process.results.get()


def titles(result: Result) -> list[str]:
    return sorted(p.title[0] for p in result.selected.all())
