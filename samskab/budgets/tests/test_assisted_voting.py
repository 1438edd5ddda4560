"""Assisted voting: a ballot cast with help records that it was, by whom and why (audited),
and never more about the choices than any ballot has; the count and the published file are
the same as without the help."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.models import Assistance, Ballot, Channel
from samskab.budgets.tally import count_ballots, load_ballots
from samskab.budgets.tests.factories import make_process, proposal_ids
from samskab.budgets.tests.test_actions import code_voter
from samskab.engine.pabulib import write_election

pytestmark = pytest.mark.django_db

HELPER = actions.AssistedBy(kind=Assistance.HELPER, name="Lise Holm", reason="Svagt syn")


def test_an_assisted_ballot_records_who_and_why_and_the_audit_log_has_no_choices(personas):
    process = make_process(personas, timezone.now(), current="voting")
    first = proposal_ids(process)[0]
    ballot = actions.cast_ballot(
        code_voter(process, personas), {first: 1}, Channel.ONLINE, assisted=HELPER
    )
    ballot.refresh_from_db()
    assert (ballot.assistance, ballot.assisted_by_label, ballot.assistance_reason) == (
        Assistance.HELPER,
        "Lise Holm",
        "Svagt syn",
    )
    event = AuditEvent.objects.get(action="budgets.assisted_ballot_recorded")
    # Exactly these keys: who, why and the version, nothing of the choices.
    assert event.details == {
        "kind": "helper",
        "by": "Lise Holm",
        "reason": "Svagt syn",
        "version": 1,
    }


def test_help_without_a_name_or_a_reason_is_refused_and_nothing_is_stored(personas):
    process = make_process(personas, timezone.now(), current="voting")
    voter = code_voter(process, personas)
    for missing in (
        actions.AssistedBy(kind=Assistance.OFFICIAL, name="", reason="Ordblind"),
        actions.AssistedBy(kind=Assistance.HELPER, name="Lise", reason="  "),
        actions.AssistedBy(kind="cousin", name="Lise", reason="Svagt syn"),
    ):
        with pytest.raises(actions.ActionRefused, match="hvem der hjalp"):
            actions.cast_ballot(
                voter, {proposal_ids(process)[0]: 1}, Channel.ONLINE, assisted=missing
            )
    assert Ballot.objects.count() == 0


def test_the_database_refuses_help_without_its_reason(personas):
    process = make_process(personas, timezone.now(), current="voting")
    ballot = actions.cast_ballot(
        code_voter(process, personas), {proposal_ids(process)[0]: 1}, Channel.ONLINE
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.filter(pk=ballot.pk).update(assistance=Assistance.HELPER)


def test_help_changes_neither_the_count_nor_the_published_ballots(personas):
    process = make_process(personas, timezone.now(), current="voting")
    first, second, _third = proposal_ids(process)
    actions.cast_ballot(code_voter(process, personas), {first: 1}, Channel.ONLINE)
    actions.cast_ballot(code_voter(process, personas), {second: 1}, Channel.ONLINE, assisted=HELPER)
    with_help = load_ballots(process)
    Ballot.objects.update(assistance="", assisted_by_label="", assistance_reason="")
    without = load_ballots(process)
    assert write_election(with_help.election) == write_election(without.election)
    assert (with_help.age_bands, with_help.areas) == (without.age_bands, without.areas)
    assert (
        count_ballots(process, with_help).selected_ids
        == count_ballots(process, without).selected_ids
    )


def test_the_vote_page_records_help_and_the_summary_says_so(personas):
    process = make_process(personas, timezone.now(), current="voting")
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="x")
    client = Client()
    client.post(reverse("budgets:vote_with_code", args=[process.slug]), {"code": code})
    page = reverse("budgets:vote", args=[process.slug])
    assert "Får vælgeren hjælp til at stemme?" in client.get(page).content.decode()
    first = proposal_ids(process)[0]
    ballot = {"chosen": [first], "assistance": "official", "assisted_by": "Karen fra Borgerservice"}
    missing = client.post(page, ballot)
    assert missing.status_code == 422
    assert "Skriv kort, hvorfor der var brug for hjælp." in missing.content.decode()
    ballot["assistance_reason"] = "Kan ikke bruge en skærm"
    summary = client.post(page, ballot).content.decode()
    assert "Stemmen afgives med hjælp af Karen fra Borgerservice." in summary
    assert client.post(page, {**ballot, "confirmed": "1"}).status_code == 302
    stored = Ballot.objects.get(is_current=True)
    assert stored.assistance == Assistance.OFFICIAL
    assert stored.assistance_reason == "Kan ikke bruge en skærm"


def test_an_official_records_help_on_a_paper_ballot_and_the_list_shows_it(personas, client_for):
    process = make_process(personas, timezone.now(), current="voting", allow_paper=True)
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Stormøde", starts_at=timezone.now(), place="Hallen"
    )
    meeting.officials.add(personas.volunteer)
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="x")
    official = client_for("volunteer")
    response = official.post(
        reverse("budgets:paper_ballot", args=[process.slug, meeting.pk]),
        {
            "code": code,
            "chosen": [proposal_ids(process)[0]],
            "assistance": "helper",
            "assisted_by": "Datteren, Mette",
            "assistance_reason": "Kan ikke se stemmesedlen",
        },
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get(is_current=True)
    assert (ballot.channel, ballot.assistance) == (Channel.PAPER, Assistance.HELPER)
    listing = official.get(
        reverse("budgets:meeting_paper_ballots", args=[process.slug, meeting.pk])
    )
    assert "Datteren, Mette (Kan ikke se stemmesedlen)" in listing.content.decode()
    event = AuditEvent.objects.get(action="budgets.assisted_ballot_recorded")
    assert event.actor == personas.volunteer
