from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions, privacy
from samskab.budgets.identity import identity_for_user
from samskab.budgets.models import Ballot, Channel, MeetingRegistration, Proposal, Support, Voter
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids

pytestmark = pytest.mark.django_db


def test_export_and_erase(personas):
    now = timezone.now()
    ideas = make_process(personas, now, current="ideas", slug="ideer")
    voting = make_process(personas, now, current="voting", slug="stem", **ACCOUNTS_ONLY)
    citizen = personas.citizen
    proposal = ideas.proposals.earliest("pk")
    actions.support_proposal(citizen, proposal)
    meeting = actions.create_meeting(
        personas.coordinator, ideas, title="Møde", starts_at=now + timedelta(days=1), place="Hal"
    )
    actions.register_for_meeting(citizen, meeting)
    actions.cast_ballot_as(
        voting, identity_for_user(voting, citizen), {proposal_ids(voting)[0]: 1}, Channel.ONLINE
    )

    exported = privacy.export_user_data(citizen)
    json.dumps(exported)  # JSON-serialisable
    assert (
        len(exported["proposals"]) == 6
    )  # the factories make the citizen author three per process
    assert exported["supports"] == [{"process": "ideer", "proposal": proposal.title}]
    assert exported["voted_in"] == ["stem"]
    assert "choices" not in json.dumps(exported)  # the ballot's content stays secret

    privacy.erase_user_data(citizen)
    assert not Support.objects.filter(user=citizen).exists()
    assert not MeetingRegistration.objects.filter(user=citizen).exists()
    assert not Proposal.objects.filter(author=citizen).exists()
    assert Proposal.objects.count() == 6  # proposals stay, without the author
    assert not Voter.objects.filter(user=citizen).exists()
    assert (
        Ballot.objects.filter(process=voting, is_current=True).count() == 1
    )  # the vote still counts


def test_attendance_list_reads_are_logged(personas, client_for):
    process = make_process(personas, timezone.now(), current="meetings")
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Møde", starts_at=timezone.now(), place="Hal"
    )
    client_for("coordinator").get(
        reverse("budgets:meeting_attendance", args=[process.slug, meeting.pk])
    )
    event = AuditEvent.objects.get(action=AuditEvent.READ, target_id=str(meeting.pk))
    assert event.actor == personas.coordinator
