"""A second paper ballot for the same voter is refused, or entered as a correction with a reason."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from samskab.accounts.personas import Personas
from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.models import (
    Ballot,
    BudgetProcess,
    Channel,
    Meeting,
    Voter,
    VotingPoint,
    VotingPointOpening,
)
from samskab.budgets.tests.factories import make_process, proposal_ids
from samskab.budgets.tests.test_actions import code_voter

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def _meeting_and_voter(personas: Personas, now: datetime) -> tuple[BudgetProcess, Meeting, Voter]:
    process = make_process(personas, now, current="voting")
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Afstemningsdag", starts_at=now, place="Rådhuset"
    )
    meeting.officials.add(personas.volunteer)
    return process, meeting, code_voter(process, personas)


def test_a_second_paper_ballot_for_the_same_voter_is_refused(personas, now):
    process, meeting, voter = _meeting_and_voter(personas, now)
    first, second = proposal_ids(process)[:2]
    actions.cast_ballot(voter, {first: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    with pytest.raises(actions.PaperBallotRepeated) as refused:
        actions.cast_ballot(voter, {second: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    message = str(refused.value)
    assert "Afstemningsdag" in message
    assert personas.volunteer.email in message
    assert "rettelse" in message
    current = Ballot.objects.get(voter=voter, is_current=True)
    assert current.version == 1
    assert set(current.choices.values_list("proposal_id", flat=True)) == {first}


def test_a_correction_with_a_reason_replaces_the_ballot_on_the_record(personas, now):
    process, meeting, voter = _meeting_and_voter(personas, now)
    first, second = proposal_ids(process)[:2]
    actions.cast_ballot(voter, {first: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    corrected = actions.cast_ballot(
        voter,
        {second: 1},
        Channel.PAPER,
        personas.volunteer,
        meeting=meeting,
        correction_reason="Forkert forslag krydset af ved indtastningen",
    )
    assert corrected.version == 2
    stored = Ballot.objects.get(pk=corrected.pk)
    assert stored.is_current
    assert stored.correction_reason == "Forkert forslag krydset af ved indtastningen"
    assert Ballot.objects.get(voter=voter, version=1).correction_reason == ""
    event = AuditEvent.objects.get(action="budgets.paper_ballot_corrected")
    assert event.details["reason"] == "Forkert forslag krydset af ved indtastningen"
    assert event.details["version"] == 2
    assert "choices" not in event.details


def test_a_correction_without_a_reason_is_refused(personas, now):
    process, meeting, voter = _meeting_and_voter(personas, now)
    first, second = proposal_ids(process)[:2]
    actions.cast_ballot(voter, {first: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    with pytest.raises(actions.ActionRefused, match="begrundelse"):
        actions.cast_ballot(
            voter,
            {second: 1},
            Channel.PAPER,
            personas.volunteer,
            meeting=meeting,
            correction_reason="   ",
        )
    assert Ballot.objects.filter(voter=voter).count() == 1


def test_a_first_paper_ballot_cannot_be_a_correction(personas, now):
    process, meeting, voter = _meeting_and_voter(personas, now)
    with pytest.raises(actions.ActionRefused, match="intet at rette"):
        actions.cast_ballot(
            voter,
            {proposal_ids(process)[0]: 1},
            Channel.PAPER,
            personas.volunteer,
            meeting=meeting,
            correction_reason="Ingen grund",
        )
    assert not Ballot.objects.filter(voter=voter).exists()


def test_online_voters_still_change_their_ballot_freely(personas, now):
    process, _meeting, voter = _meeting_and_voter(personas, now)
    first, second = proposal_ids(process)[:2]
    actions.cast_ballot(voter, {first: 1}, Channel.ONLINE)
    again = actions.cast_ballot(voter, {second: 1}, Channel.ONLINE)
    assert again.version == 2 and again.correction_reason == ""


def _voting_point(personas: Personas, process: BudgetProcess, now: datetime) -> VotingPoint:
    point = VotingPoint.objects.create(
        process=process, name="Aktivitetscentret Solgården", place="Solgårdsvej 4"
    )
    point.officials.add(personas.volunteer)
    VotingPointOpening.objects.create(
        voting_point=point, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=3)
    )
    return point


def test_a_paper_ballot_at_a_voting_point_counts_and_names_the_point(personas, now):
    process, _meeting, voter = _meeting_and_voter(personas, now)
    point = _voting_point(personas, process, now)
    first, second = proposal_ids(process)[:2]
    ballot = actions.cast_ballot(
        voter, {first: 1}, Channel.PAPER, personas.volunteer, voting_point=point
    )
    stored = Ballot.objects.get(pk=ballot.pk)
    assert (stored.voting_point, stored.meeting, stored.channel) == (point, None, Channel.PAPER)
    with pytest.raises(actions.PaperBallotRepeated, match="Solgården"):
        actions.cast_ballot(
            voter, {second: 1}, Channel.PAPER, personas.volunteer, voting_point=point
        )


def test_an_official_of_another_voting_point_is_refused(personas, now):
    process, _meeting, voter = _meeting_and_voter(personas, now)
    point = _voting_point(personas, process, now)
    with pytest.raises(actions.ActionRefused, match="stemmestedets"):
        actions.cast_ballot(
            voter,
            {proposal_ids(process)[0]: 1},
            Channel.PAPER,
            personas.caseworker,
            voting_point=point,
        )
    assert not Ballot.objects.filter(voter=voter).exists()


def test_a_voting_point_ballot_outside_voting_is_refused(personas, now):
    process, _meeting, voter = _meeting_and_voter(personas, now)
    point = _voting_point(personas, process, now)
    with pytest.raises(actions.VotingClosed):
        actions.cast_ballot(
            voter,
            {proposal_ids(process)[0]: 1},
            Channel.PAPER,
            personas.volunteer,
            voting_point=point,
            now=now + timedelta(days=400),
        )
    assert not Ballot.objects.filter(voter=voter).exists()


def test_the_database_refuses_a_paper_ballot_at_two_places(personas, now):
    process, meeting, voter = _meeting_and_voter(personas, now)
    point = _voting_point(personas, process, now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            voter=voter,
            process=process,
            version=1,
            channel=Channel.PAPER,
            entered_by_label="x@example.org",
            meeting=meeting,
            voting_point=point,
        )
