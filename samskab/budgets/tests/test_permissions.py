"""Phase-dependent predicates as a grid of roles x (before, during, after) each phase."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samskab.accounts.models import User
from samskab.accounts.personas import Personas
from samskab.budgets import actions, permissions, phases
from samskab.budgets.models import BudgetProcess
from samskab.budgets.tests.factories import make_process

pytestmark = pytest.mark.django_db

ROLES = [None, "admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]
MANAGERS = {"admin", "coordinator"}
LOGGED_IN = set(ROLES) - {None}


def user_for(personas: Personas, role: str | None) -> User | AnonymousUser:
    return AnonymousUser() if role is None else getattr(personas, role)


@pytest.fixture
def process(personas):
    # The timeline sits around a fixed "now"; the grid moves the clock instead.
    return make_process(personas, timezone.now(), current="ideas", lock=False)


def moment(process: BudgetProcess, kind: str, when: str) -> datetime:
    phase = process.phase_of(kind)
    assert phase is not None
    return {
        "before": phase.starts_at - timedelta(minutes=1),
        "during": phase.starts_at + timedelta(minutes=1),
        "after": phase.ends_at + timedelta(minutes=1),
    }[when]


GRID = [
    # (predicate, phase kind, roles allowed while the phase runs)
    ("can_create_proposal", "ideas", LOGGED_IN),
    ("can_support", "ideas", LOGGED_IN),
    ("can_review_feasibility", "feasibility", MANAGERS),
]


@pytest.mark.parametrize("when", ["before", "during", "after"])
@pytest.mark.parametrize(("predicate", "kind", "allowed"), GRID)
def test_phase_grid(personas, process, predicate, kind, allowed, when):
    now = moment(process, kind, when)
    check = getattr(permissions, predicate)
    for role in ROLES:
        expected = when == "during" and role in allowed
        if predicate == "can_support" and when == "after":
            # Support stays open through the stormøder that follow the idea collection.
            expected = role in allowed
        assert check(user_for(personas, role), process, now) is expected, (predicate, role, when)


@pytest.mark.parametrize("when", ["before", "during", "after"])
def test_edit_proposal_only_author_during_ideas(personas, process, when):
    now = moment(process, "ideas", when)
    proposal = process.proposals.first()
    for role in ROLES:
        expected = when == "during" and role == "citizen"
        assert permissions.can_edit_proposal(user_for(personas, role), proposal, now) is expected


@pytest.mark.parametrize("when", ["before", "during", "after"])
def test_voting_needs_lock_and_phase(personas, process, when):
    now = moment(process, "voting", when)
    assert phases.voting_is_open(process, now) is False  # not locked yet
    actions.lock_process(
        personas.coordinator, process, now=process.phase_of("voting").starts_at - timedelta(hours=1)
    )
    process.refresh_from_db()
    assert phases.voting_is_open(process, now) is (when == "during")


@pytest.mark.parametrize("when", ["before", "during", "after"])
def test_lock_only_managers_until_the_vote_is_over(personas, process, when):
    # During the vote's planned time an unlocked process has taken no ballot: locking opens it.
    now = moment(process, "voting", when)
    for role in ROLES:
        expected = when in ("before", "during") and role in MANAGERS
        assert permissions.can_lock_process(user_for(personas, role), process, now) is expected


@pytest.mark.parametrize("when", ["before", "during", "after"])
def test_paper_entry_only_officials_while_voting(personas, process, when):
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Dag", starts_at=timezone.now(), place="Hal"
    )
    actions.update_meeting(personas.coordinator, meeting, officials=[personas.volunteer])
    actions.lock_process(
        personas.coordinator, process, now=process.phase_of("voting").starts_at - timedelta(hours=1)
    )
    process.refresh_from_db()
    meeting.process = process
    now = moment(process, "voting", when)
    for role in ROLES:
        expected = when == "during" and role == "volunteer"
        assert (
            permissions.can_enter_paper_ballot(user_for(personas, role), meeting, now) is expected
        ), role
    # Check-in is for officials and the process's coordinators, at any time.
    assert {
        r for r in ROLES if permissions.can_check_in(user_for(personas, r), meeting)
    } == MANAGERS | {"volunteer"}
