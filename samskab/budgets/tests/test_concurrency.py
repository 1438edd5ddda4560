"""200 voters submitting at once, some twice from two devices: one current ballot each."""

from __future__ import annotations

import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Count, Max, Q
from django.test import Client
from django.utils import timezone

from samskab.budgets import actions
from samskab.budgets.identity import identity_for_code, voter_for
from samskab.budgets.models import Ballot, BallotChoice, Channel, Voter
from samskab.budgets.tests.factories import make_process, proposal_ids

VOTERS = 200
TWO_DEVICES = 80  # voters who submit twice at the same moment from two devices
TWICE_LATER = 20  # voters who change their ballot once more after the rush


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_end_with_one_current_ballot_each(postgres_only, personas):
    process = make_process(personas, timezone.now(), current="voting", slug="samtidig")
    ids = proposal_ids(process)
    codes = actions.generate_voting_codes(personas.coordinator, process, count=VOTERS, batch="test")
    rng = random.Random(7)  # noqa: S311 - shuffling test order, not secrets
    submissions = [(code, 0) for code in codes] + [(code, 1) for code in codes[:TWO_DEVICES]]
    rng.shuffle(submissions)

    def submit(item: tuple[str, int]) -> int:
        """Device 0 goes through the JSON API; device 1 calls the actions the web page uses."""
        code, device = item
        try:
            if device == 0:
                response = Client().put(
                    f"/api/v1/processes/{process.slug}/ballot",
                    json.dumps({"choices": [{"proposal": ids[0]}]}),
                    content_type="application/json",
                    headers={"X-Voting-Code": code},
                )
                assert response.status_code == 200, response.content
                return int(response.json()["version"])
            voter = voter_for(process, identity_for_code(process, code))
            return actions.cast_ballot(voter, {ids[1]: 1}, Channel.ONLINE).version
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=24) as pool:
        ballot_ids = list(pool.map(submit, submissions))
    with ThreadPoolExecutor(max_workers=8) as pool:
        ballot_ids += list(pool.map(submit, [(code, 1) for code in codes[-TWICE_LATER:]]))

    expected = VOTERS + TWO_DEVICES + TWICE_LATER
    assert len(ballot_ids) == expected
    assert Voter.objects.filter(process=process).count() == VOTERS
    assert Ballot.objects.filter(process=process).count() == expected  # none lost
    assert BallotChoice.objects.filter(ballot__process=process).count() == expected
    per_voter = Voter.objects.filter(process=process).annotate(
        current=Count("ballots", filter=Q(ballots__is_current=True)),
        total=Count("ballots"),
        last=Max("ballots__version"),
    )
    assert all(voter.current == 1 for voter in per_voter)
    assert sorted(voter.total for voter in per_voter) == sorted(
        1 + int(code in codes[:TWO_DEVICES]) + int(code in codes[-TWICE_LATER:]) for code in codes
    )
    # The current ballot is always the newest version, and versions have no gaps.
    for voter in per_voter:
        versions = list(voter.ballots.order_by("version").values_list("version", "is_current"))
        assert [v for v, _current in versions] == list(range(1, voter.total + 1))
        assert versions[-1][1] is True


PAIRS = 100  # voters whose first ballot arrives twice through the API at the same moment


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_first_ballots_of_one_code_at_once_both_count(postgres_only, personas):
    """Both requests create the voter at once: one wins the insert, the other waits for its
    lock and replaces its ballot; neither gets an error."""
    process = make_process(personas, timezone.now(), current="voting", slug="dobbelt")
    ids = proposal_ids(process)
    codes = actions.generate_voting_codes(personas.coordinator, process, count=PAIRS, batch="test")
    barriers = {code: threading.Barrier(2) for code in codes}

    def submit(item: tuple[str, int]) -> int:
        code, device = item
        try:
            barriers[code].wait(timeout=30)
            response = Client().put(
                f"/api/v1/processes/{process.slug}/ballot",
                json.dumps({"choices": [{"proposal": ids[device]}]}),
                content_type="application/json",
                headers={"X-Voting-Code": code},
            )
            assert response.status_code == 200, response.content
            return int(response.json()["version"])
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2 * 8) as pool:
        versions = list(pool.map(submit, [(code, device) for code in codes for device in (0, 1)]))
    assert sorted(versions) == sorted([1] * PAIRS + [2] * PAIRS)
    assert Voter.objects.filter(process=process).count() == PAIRS
    assert Ballot.objects.filter(process=process).count() == 2 * PAIRS
    assert Ballot.objects.filter(process=process, is_current=True).count() == PAIRS
    assert (
        Voter.objects.filter(process=process)
        .annotate(current=Count("ballots", filter=Q(ballots__is_current=True)))
        .filter(current=1)
        .count()
        == PAIRS
    )
