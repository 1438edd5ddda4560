from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samskab.accounts.personas import Personas
from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.ballot_rules import BallotInvalid
from samskab.budgets.identity import identity_for_code, voter_for
from samskab.budgets.models import (
    Ballot,
    BallotChoice,
    BudgetProcess,
    Channel,
    ConfigurationLocked,
    FeasibilityReview,
    Meeting,
    PhaseKind,
    Voter,
)
from samskab.budgets.phases import voting_is_open
from samskab.budgets.tests.factories import VOTER_LIST_ONLY, make_process, proposal_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def code_voter(process: BudgetProcess, personas: Personas) -> Voter:
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="test")
    return voter_for(process, identity_for_code(process, code))


def test_lock_records_who_when_and_hash_and_freezes_configuration(personas, now):
    process = make_process(personas, now, current="feasibility")
    locked = actions.lock_process(personas.admin, process, now=now)
    assert locked.locked_by == personas.admin
    assert locked.locked_at == now
    assert locked.lock_hash == locked.configuration_hash()
    assert (
        AuditEvent.objects.filter(
            action="budgets.process_locked", target_id=str(process.pk)
        ).count()
        == 1
    )
    with pytest.raises(ConfigurationLocked):
        actions.update_process(personas.admin, locked, pot=1)
    # The model refuses too, even when the actions are bypassed.
    locked.counting_rule = "mes-add1"
    with pytest.raises(ConfigurationLocked):
        locked.save()
    locked.refresh_from_db()
    locked.locked_at = None
    with pytest.raises(ConfigurationLocked):
        locked.save()
    # Words may still change.
    actions.update_process(personas.admin, locked, description="Ny tekst")


def test_lock_after_the_planned_start_opens_the_vote_then_and_after_its_end_is_refused(
    personas, now
):
    # The planned start passed while the rules were open: nobody could vote, so locking opens
    # the vote now and the timeline says so (it used to refuse, leaving a vote "running" that
    # took no ballot and a coordinator with no way forward).
    process = make_process(personas, now, current="voting", lock=False)
    planned_end = process.phases.get(kind=PhaseKind.VOTING).ends_at
    actions.lock_process(personas.admin, process, now=now)
    process.refresh_from_db()
    voting = process.phases.get(kind=PhaseKind.VOTING)
    assert (voting.starts_at, voting.ends_at) == (now, planned_end)
    assert voting_is_open(process, now + timedelta(seconds=1))
    lapsed = make_process(personas, now, current="result", lock=False, slug="c")
    with pytest.raises(actions.ActionRefused, match="uden at reglerne blev låst"):
        actions.lock_process(personas.admin, lapsed, now=now)
    process = make_process(personas, now, current="feasibility", slug="b")
    actions.lock_process(personas.admin, process, now=now)
    with pytest.raises(actions.ActionRefused):
        actions.lock_process(personas.admin, process, now=now)


def test_feasibility_frozen_after_lock(personas, now):
    process = make_process(personas, now, current="voting")
    proposal = process.proposals.get(title="Gåklub")
    with pytest.raises(ConfigurationLocked):
        actions.review_feasibility(
            personas.admin, proposal, feasible=False, public_reason="nej", final_cost=None
        )
    assert proposal.review.feasible is True
    with pytest.raises(ConfigurationLocked):
        proposal.review.delete()
    assert FeasibilityReview.objects.filter(proposal=proposal).exists()


def test_feasibility_requires_reason_and_cost(personas, now):
    process = make_process(personas, now, current="feasibility")
    proposal = process.proposals.get(title="Gåklub")
    with pytest.raises(actions.ActionRefused):
        actions.review_feasibility(
            personas.admin, proposal, feasible=True, public_reason="ok", final_cost=None
        )
    with pytest.raises(actions.ActionRefused):
        actions.review_feasibility(
            personas.admin, proposal, feasible=False, public_reason=" ", final_cost=None
        )


def test_voting_closed_before_lock_and_outside_phase(personas, now):
    process = make_process(personas, now, current="voting", lock=False)
    voter = code_voter(process, personas)
    with pytest.raises(actions.VotingClosed):
        actions.cast_ballot(voter, {proposal_ids(process)[0]: 1}, Channel.ONLINE)
    process = make_process(personas, now, current="voting", slug="b")
    voter = code_voter(process, personas)
    with pytest.raises(actions.VotingClosed):
        actions.cast_ballot(
            voter, {proposal_ids(process)[0]: 1}, Channel.ONLINE, now=now + timedelta(days=30)
        )
    assert Ballot.objects.count() == 0


def test_replacing_keeps_every_version_and_one_current(personas, now):
    process = make_process(personas, now, current="voting")
    voter = code_voter(process, personas)
    first, second, third = proposal_ids(process)
    actions.cast_ballot(voter, {first: 1}, Channel.ONLINE)
    actions.cast_ballot(voter, {second: 1, third: 1}, Channel.ONLINE)
    ballots = list(Ballot.objects.filter(voter=voter).order_by("version"))
    assert [b.version for b in ballots] == [1, 2]
    assert [b.is_current for b in ballots] == [False, True]
    current = actions.current_ballot(voter)
    assert current is not None
    assert sorted(c.proposal_id for c in current.choices.all()) == [second, third]


@pytest.mark.parametrize(
    ("form", "params", "choices_of", "message"),
    [
        ("approval", {"min_choices": 2}, lambda p: {p[0]: 1}, "mindst 2"),
        ("approval", {"max_choices": 1}, lambda p: {p[0]: 1, p[1]: 1}, "højst 1"),
        ("approval", {}, lambda p: {p[0]: 2}, "kun vælges én gang"),
        ("approval", {}, lambda p: {999999: 1}, "ikke er på stemmesedlen"),
        ("knapsack", {}, lambda p: {p[0]: 1, p[1]: 1, p[2]: 1}, "puljen er 800.000 kr"),
        ("cumulative", {"points_total": 5}, lambda p: {p[0]: 4, p[1]: 2}, "kun 5"),
        ("cumulative", {"points_total": 5}, lambda p: {p[0]: -1, p[1]: 2}, "negative"),
        ("ranking", {}, lambda p: {p[0]: 1, p[1]: 1}, "uden huller"),
        ("ranking", {}, lambda p: {p[0]: 1, p[1]: 3}, "uden huller"),
        ("ranking", {"max_choices": 1}, lambda p: {p[0]: 1, p[1]: 2}, "højst 1"),
    ],
)
def test_invalid_ballots_are_refused_and_change_nothing(
    personas, now, form, params, choices_of, message
):
    process = make_process(personas, now, current="voting", ballot_form=form, **params)
    voter = code_voter(process, personas)
    with pytest.raises(BallotInvalid, match=message):
        actions.cast_ballot(voter, choices_of(proposal_ids(process)), Channel.ONLINE)
    assert Ballot.objects.count() == 0
    assert BallotChoice.objects.count() == 0


@pytest.mark.parametrize(
    ("form", "choices_of", "stored"),
    [
        ("approval", lambda p: {p[0]: 1, p[2]: 1}, lambda p: {(p[0], 1, None), (p[2], 1, None)}),
        ("knapsack", lambda p: {p[0]: 1, p[1]: 1}, lambda p: {(p[0], 1, None), (p[1], 1, None)}),
        (
            "cumulative",
            lambda p: {p[0]: 3, p[1]: 0, p[2]: 2},
            lambda p: {(p[0], 3, None), (p[2], 2, None)},
        ),
        ("ranking", lambda p: {p[2]: 1, p[0]: 2}, lambda p: {(p[2], 1, 1), (p[0], 1, 2)}),
    ],
)
def test_valid_ballots_are_stored(personas, now, form, choices_of, stored):
    process = make_process(personas, now, current="voting", ballot_form=form)
    voter = code_voter(process, personas)
    ids = proposal_ids(process)
    ballot = actions.cast_ballot(voter, choices_of(ids), Channel.ONLINE)
    assert set(ballot.choices.values_list("proposal_id", "points", "rank")) == stored(ids)


def test_paper_and_online_do_not_mix(personas, now):
    process = make_process(personas, now, current="voting")
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Afstemningsdag", starts_at=now, place="Rådhuset"
    )
    online = code_voter(process, personas)
    paper = code_voter(process, personas)
    first = proposal_ids(process)[0]
    actions.cast_ballot(online, {first: 1}, Channel.ONLINE)
    with pytest.raises(actions.ChannelConflict, match="digitalt"):
        actions.cast_ballot(online, {first: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    actions.cast_ballot(paper, {first: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    with pytest.raises(actions.ChannelConflict, match="papir"):
        actions.cast_ballot(paper, {first: 1}, Channel.ONLINE)
    assert Ballot.objects.filter(voter=online).count() == 1
    assert Ballot.objects.filter(voter=paper).count() == 1
    assert AuditEvent.objects.filter(action="budgets.paper_ballot_entered").count() == 1


def test_paper_ballot_needs_an_official(personas, now):
    process = make_process(personas, now, current="voting")
    voter = code_voter(process, personas)
    with pytest.raises(actions.ActionRefused):
        actions.cast_ballot(voter, {proposal_ids(process)[0]: 1}, Channel.PAPER)
    with pytest.raises(actions.ActionRefused):
        actions.cast_ballot(voter, {proposal_ids(process)[0]: 1}, Channel.ONLINE, personas.admin)


def test_meeting_capacity_and_attendance(personas, now):
    process = make_process(personas, now, current="meetings")
    meeting = actions.create_meeting(
        personas.coordinator,
        process,
        title="Stormøde",
        starts_at=now + timedelta(days=1),
        place="Hallen",
        capacity=1,
    )
    actions.register_for_meeting(personas.citizen, meeting)
    with pytest.raises(actions.ActionRefused, match="fuldt"):
        actions.register_for_meeting(personas.volunteer, meeting)
    registration = meeting.registrations.get()
    attendance = actions.record_attendance(personas.coordinator, meeting, registration=registration)
    assert attendance.name == personas.citizen.display_name
    with pytest.raises(actions.ActionRefused):
        actions.record_attendance(personas.coordinator, meeting, registration=registration)
    other = Meeting.objects.create(process=process, title="x", starts_at=now, place="y")
    with pytest.raises(actions.ActionRefused):
        actions.record_attendance(personas.coordinator, other, registration=registration)


def test_voter_list_import_reports_line_numbers_and_imports_nothing_on_error(personas, now):
    process = make_process(personas, now, current="feasibility", **VOTER_LIST_ONLY)
    bad = "reference,name,email,birth_date,postal_code\n1,Ib,ib@example.org,1950-01-02,7000\n2,,x@example.org,,\n3,Åse,,02-01-1950,7000\n1,Dup,,,\n"
    report = actions.import_voter_list(personas.coordinator, process, bad)
    assert report.created == 0
    assert [line for line, _message in report.errors] == [3, 4, 5]
    assert process.voter_list.count() == 0
    good = "reference;name;email;birth_date;postal_code\n1;Ib;IB@example.org;1950-01-02;7000\n2;Åse;;;\n"
    report = actions.import_voter_list(personas.coordinator, process, good)
    assert report == actions.ImportReport(2, [])
    assert process.voter_list.get(reference="1").email == "ib@example.org"
    assert (
        actions.import_voter_list(personas.coordinator, process, "foo,bar\n1,2\n").errors[0][0] == 1
    )


def test_codes_store_only_hashes(personas, now):
    process = make_process(personas, now, current="feasibility")
    codes = actions.generate_voting_codes(personas.coordinator, process, count=3, batch="brev")
    assert len(set(codes)) == 3
    stored = set(process.voting_codes.values_list("code_hash", flat=True))
    assert not any(
        code in value or code.replace("-", "") in value for code in codes for value in stored
    )
    assert identity_for_code(process, codes[0].lower().replace("-", " ")).voting_code is not None
    with pytest.raises(actions.ActionRefused):
        actions.generate_voting_codes(personas.coordinator, process, count=0, batch="brev")


def test_voting_phase_cannot_reopen_or_move_its_start_once_running(personas, now):
    process = make_process(personas, now, current="voting")
    voting = process.phase_of("voting")
    assert voting is not None
    with pytest.raises(actions.ActionRefused, match="start"):
        actions.set_phase(
            personas.admin, process, "voting", voting.starts_at - timedelta(days=1), voting.ends_at
        )
    with pytest.raises(actions.ActionRefused, match="bagud"):
        actions.set_phase(
            personas.admin, process, "voting", voting.starts_at, now - timedelta(minutes=1)
        )
    # Extending a running vote is allowed (and logged).
    actions.set_phase(
        personas.admin, process, "voting", voting.starts_at, voting.ends_at + timedelta(days=1)
    )
    after = voting.ends_at + timedelta(days=2)
    with pytest.raises(actions.ActionRefused, match="slut"):
        actions.set_phase(
            personas.admin,
            process,
            "voting",
            voting.starts_at,
            after + timedelta(days=5),
            now=after,
        )
    assert (
        AuditEvent.objects.filter(action="budgets.phase_set", target_id=str(process.pk)).count()
        == 7
    )


def test_locked_process_edit_page_changes_only_texts(personas, client_for, now):
    process = make_process(personas, now, current="voting")
    client = client_for("coordinator")
    url = f"/borgerbudget/{process.slug}/rediger/"
    client.post(
        url,
        {
            "title": "Ny titel",
            "theme": "Tema",
            "area": "Fjordby",
            "pot": "1",
            "counting_rule": "mes-add1",
        },
    )
    process.refresh_from_db()
    assert (process.title, process.pot, process.counting_rule) == ("Ny titel", 800_000, "greedy")
    assert process.lock_hash == process.configuration_hash()
