"""Who entered a paper ballot is kept as a label, not a key that blocks deleting the account."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from samskab.accounts import actions as account_actions
from samskab.accounts.models import User
from samskab.accounts.personas import Personas
from samskab.budgets import actions
from samskab.budgets.identity import identity_for_list_reference, voter_for
from samskab.budgets.models import Ballot, BudgetProcess, Channel
from samskab.budgets.seal import OK, verify_published_result
from samskab.budgets.tests.counted import (
    cast_letters,
    voter_list,
    voting_time,
)
from samskab.budgets.tests.factories import make_process, proposal_ids

pytestmark = pytest.mark.django_db


def _counted_with_paper_ballots(personas: Personas, official: User) -> BudgetProcess:
    """12 online ballots and 6 paper ballots entered by ``official`` at a stormøde, counted."""
    now = timezone.now()
    process = make_process(
        personas,
        now,
        current="result",
        slug="papir",
        lock=False,
        allow_voter_list=True,
        allow_codes=False,
        allow_paper=True,
        max_choices=None,
    )
    actions.import_voter_list(personas.coordinator, process, voter_list(18))
    when = voting_time(now, "result")
    actions.lock_process(personas.coordinator, process, now=when - timedelta(hours=2))
    process.refresh_from_db()
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Stormøde", starts_at=when, place="Hallen"
    )
    cast_letters(process, personas, ["AB"] * 8 + ["C"] * 4, when)
    first = proposal_ids(process)[0]
    for number in range(12, 18):
        voter = voter_for(process, identity_for_list_reference(process, f"V{number}"))
        actions.cast_ballot(voter, {first: 1}, Channel.PAPER, official, meeting=meeting, now=when)
    actions.count_votes(personas.coordinator, process)
    return process


def _officials(ballots: QuerySet[Ballot]) -> set[tuple[int | None, str]]:
    return set(ballots.values_list("entered_by_id", "entered_by_label"))


def test_an_official_who_entered_paper_ballots_can_delete_their_account(personas):
    official = personas.volunteer
    label = official.email
    process = _counted_with_paper_ballots(personas, official)
    before = verify_published_result(process)
    assert before is not None and before.status == OK

    account_actions.delete_account(official)

    assert not User.objects.filter(pk=official.pk).exists()
    paper = Ballot.objects.filter(process=process, channel=Channel.PAPER)
    assert paper.count() == 6
    assert _officials(paper) == {(None, label)}
    assert Ballot.objects.filter(process=process).count() == 18
    verification = verify_published_result(process)
    assert verification is not None and verification.status == OK
    out = io.StringIO()
    call_command("budget", "verify", process.slug, stdout=out)
    assert out.getvalue().startswith(f"OK\t{process.slug}\t")


def test_a_paper_ballot_records_the_officials_label_when_entered(personas):
    process = _counted_with_paper_ballots(personas, personas.volunteer)
    paper = Ballot.objects.filter(process=process, channel=Channel.PAPER)
    assert _officials(paper) == {(personas.volunteer.pk, personas.volunteer.email)}
    online = Ballot.objects.filter(process=process, channel=Channel.ONLINE)
    assert _officials(online) == {(None, "")}
