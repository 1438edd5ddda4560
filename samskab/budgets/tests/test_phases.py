"""The phase questions: the Python predicates and their query filters agree at the edges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samskab.budgets import phases
from samskab.budgets.models import Phase, PhaseKind
from samskab.budgets.tests.factories import make_process

pytestmark = pytest.mark.django_db


def test_a_phase_is_open_from_its_start_until_just_before_its_end(personas):
    process = make_process(personas, timezone.now(), current="voting")
    voting = process.phases.get(kind=PhaseKind.VOTING)
    tick = timedelta(microseconds=1)
    moments = [
        voting.starts_at - tick,
        voting.starts_at,
        voting.ends_at - tick,
        voting.ends_at,
    ]
    expected_open = [False, True, True, False]
    for moment, open_ in zip(moments, expected_open, strict=True):
        assert phases.is_open(voting, moment) is open_
        assert Phase.objects.filter(phases.open_at(moment), pk=voting.pk).exists() is open_
        ended = phases.has_ended(voting, moment)
        assert Phase.objects.filter(phases.ended_by(moment), pk=voting.pk).exists() is ended
        assert phases.voting_is_open(process, moment) is open_
        assert phases.voting_has_ended(process, moment) is ended
    assert [phases.state(voting, moment) for moment in moments] == [
        "before",
        "during",
        "during",
        "after",
    ]
    assert phases.current_phase(process, voting.starts_at) == voting
    assert process.phase_at(voting.starts_at) == voting


def test_an_unlocked_process_never_has_voting_open_or_ended(personas):
    process = make_process(personas, timezone.now(), current="voting", lock=False)
    voting = process.phase_of(PhaseKind.VOTING)
    assert voting is not None
    for moment in (voting.starts_at, voting.ends_at):
        assert not phases.voting_is_open(process, moment)
        assert not phases.voting_has_ended(process, moment)
    assert not phases.has_started(None, voting.starts_at)
    assert not phases.has_ended(None, voting.ends_at)
