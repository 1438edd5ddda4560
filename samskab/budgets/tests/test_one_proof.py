"""One person, one ballot: a process uses exactly one proof (voter list, codes or accounts),
so nobody can hold two identities, and so two voters, in one process."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.identity import (
    NotEligible,
    identity_for_code,
    identity_for_list_reference,
    identity_for_user,
    voter_for,
)
from samskab.budgets.models import (
    NO_PROOF,
    ONE_PROOF_ONLY,
    PAPER_NEEDS_CODE_OR_LIST,
    Ballot,
    BudgetProcess,
    Channel,
    Voter,
)
from samskab.budgets.tests.factories import (
    ACCOUNTS_ONLY,
    VOTER_LIST_ONLY,
    make_process,
    proposal_ids,
)

pytestmark = pytest.mark.django_db

PROOFS = ("allow_voter_list", "allow_codes", "allow_accounts")
TWO_OR_MORE = [
    {"allow_voter_list": True, "allow_codes": True, "allow_accounts": False},
    {"allow_voter_list": True, "allow_codes": False, "allow_accounts": True},
    {"allow_voter_list": False, "allow_codes": True, "allow_accounts": True},
    {"allow_voter_list": True, "allow_codes": True, "allow_accounts": True},
]


def lock_now(process: BudgetProcess, personas: Any) -> BudgetProcess:
    voting = process.phase_of("voting")
    assert voting is not None
    return actions.lock_process(
        personas.coordinator, process, now=voting.starts_at - timedelta(hours=1)
    )


def lock_events(process: BudgetProcess) -> int:
    return AuditEvent.objects.filter(
        action="budgets.process_locked", target_id=str(process.pk)
    ).count()


def test_a_new_process_has_exactly_one_proof_by_default():
    process = BudgetProcess()
    assert [name for name in PROOFS if getattr(process, name)] == ["allow_codes"]
    assert process.proof_problems() == {}


@pytest.mark.parametrize("proofs", TWO_OR_MORE, ids=lambda p: "+".join(k for k in p if p[k]))
def test_lock_refuses_two_proofs(personas, proofs):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", allow_paper=False, **proofs)
    with pytest.raises(actions.ActionRefused) as refused:
        lock_now(process, personas)
    assert str(refused.value) == str(ONE_PROOF_ONLY)
    assert "to gange" in str(refused.value)
    process.refresh_from_db()
    assert not process.is_locked
    assert lock_events(process) == 0


@pytest.mark.parametrize("proof", PROOFS)
def test_lock_accepts_each_single_proof(personas, proof):
    now = timezone.now()
    fields = dict.fromkeys(PROOFS, False) | {proof: True, "allow_paper": False}
    process = make_process(personas, now, current="feasibility", **fields)
    assert lock_now(process, personas).is_locked
    assert lock_events(process) == 1


def test_lock_refuses_no_proof(personas):
    none: dict[str, Any] = dict.fromkeys(PROOFS, False)
    process = make_process(personas, timezone.now(), current="feasibility", **none)
    with pytest.raises(actions.ActionRefused, match=str(NO_PROOF)):
        lock_now(process, personas)
    assert lock_events(process) == 0


def test_paper_needs_codes_or_a_voter_list(personas):
    now = timezone.now()
    process = make_process(
        personas, now, current="feasibility", **(ACCOUNTS_ONLY | {"allow_paper": True})
    )
    with pytest.raises(actions.ActionRefused) as refused:
        lock_now(process, personas)
    assert str(refused.value) == str(PAPER_NEEDS_CODE_OR_LIST)
    assert lock_events(process) == 0
    for slug, fields in [("koder", {}), ("liste", VOTER_LIST_ONLY)]:
        paper = make_process(
            personas, now, current="feasibility", slug=slug, allow_paper=True, **fields
        )
        assert lock_now(paper, personas).is_locked


def test_update_process_refuses_a_second_proof_and_changes_nothing(personas):
    process = make_process(personas, timezone.now(), current="ideas")
    with pytest.raises(ValidationError) as refused:
        actions.update_process(personas.coordinator, process, allow_accounts=True)
    assert refused.value.message_dict == {"allow_accounts": [str(ONE_PROOF_ONLY)]}
    process.refresh_from_db()
    assert process.allow_codes and not process.allow_accounts
    assert not AuditEvent.objects.filter(action="budgets.process_updated").exists()
    # Swapping one proof for another is fine.
    actions.update_process(personas.coordinator, process, **ACCOUNTS_ONLY)
    process.refresh_from_db()
    assert process.allow_accounts and not process.allow_codes


def setup_post(personas: Any, **proofs: str) -> dict[str, Any]:
    return {
        "title": "Grøn by",
        "slug": "groen",
        "theme": "Grønne områder",
        "area": "Fjordby",
        "organisation": personas.municipality.pk,
        "pot": "500000",
        "ballot_form": "approval",
        "min_choices": "1",
        "points_total": "5",
        "counting_rule": "greedy",
        **proofs,
    }


def test_setup_form_explains_one_proof_and_shows_the_error_at_the_field(personas, client_for):
    client = client_for("coordinator")
    url = reverse("budgets:process_create")
    page = client.get(url).content.decode()
    assert "to gange" in page  # the help text says why only one proof
    response = client.post(url, setup_post(personas, allow_codes="on", allow_accounts="on"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"allow_accounts": [str(ONE_PROOF_ONLY)]}
    assert str(ONE_PROOF_ONLY) in response.content.decode()
    response = client.post(url, setup_post(personas, allow_accounts="on", allow_paper="on"))
    assert response.context["form"].errors == {"allow_paper": [str(PAPER_NEEDS_CODE_OR_LIST)]}
    assert not BudgetProcess.objects.filter(slug="groen").exists()
    response = client.post(url, setup_post(personas, allow_accounts="on"))
    assert response.status_code == 302
    created = BudgetProcess.objects.get(slug="groen")
    assert created.allow_accounts and not created.allow_codes and not created.allow_paper


def test_edit_form_refuses_a_second_proof(personas, client_for):
    process = make_process(personas, timezone.now(), current="ideas")
    client = client_for("coordinator")
    data = setup_post(personas, allow_codes="on", allow_voter_list="on")
    response = client.post(reverse("budgets:process_edit", args=[process.slug]), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"allow_codes": [str(ONE_PROOF_ONLY)]}
    process.refresh_from_db()
    assert not process.allow_voter_list


def test_the_error_is_translated(personas, client_for):
    with override("en"):
        assert "one person could vote twice" in str(ONE_PROOF_ONLY)
        assert "code or a voter number" in str(PAPER_NEEDS_CODE_OR_LIST)


def test_code_holder_cannot_vote_again_through_an_account(personas, client_for):
    """Codes only: a person with a code and a verified account has one way in, the code."""
    process = make_process(personas, timezone.now(), current="voting")
    [code] = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="brev")
    first, second, _third = proposal_ids(process)
    actions.cast_ballot_as(process, identity_for_code(process, code), {first: 1}, Channel.ONLINE)
    with pytest.raises(NotEligible, match="kode"):
        identity_for_user(process, personas.citizen)
    page = reverse("budgets:vote", args=[process.slug])
    response = client_for("citizen").post(page, {"chosen": [second], "confirmed": "1"})
    assert response.status_code == 403
    client = Client()
    client.force_login(personas.citizen)
    response = client.put(
        f"/api/v1/processes/{process.slug}/ballot",
        json.dumps({"choices": [{"proposal": second}], "declare_eligible": True}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Voter.objects.filter(process=process).count() == 1
    assert Ballot.objects.filter(process=process).count() == 1


def test_a_voter_list_in_a_codes_process_gives_no_second_identity(personas):
    """A list uploaded to a codes process is not a proof: no paper vote by voter number."""
    now = timezone.now()
    process = make_process(personas, now, current="feasibility")
    csv = f"reference,name,email\nA1,Bo,{personas.citizen.email}\n"
    assert actions.import_voter_list(personas.coordinator, process, csv).created == 1
    lock_now(process, personas)
    with pytest.raises(NotEligible, match="vælgerliste"):
        identity_for_list_reference(process, "A1")
    assert Voter.objects.filter(process=process).count() == 0


def test_account_holder_cannot_vote_again_with_a_code_or_on_paper(personas):
    """Accounts only: codes are refused, and paper is off."""
    process = make_process(personas, timezone.now(), current="voting", **ACCOUNTS_ONLY)
    first = proposal_ids(process)[0]
    actions.cast_ballot_as(
        process, identity_for_user(process, personas.citizen), {first: 1}, Channel.ONLINE
    )
    with pytest.raises(actions.ActionRefused):
        actions.generate_voting_codes(personas.coordinator, process, count=1, batch="brev")
    with pytest.raises(NotEligible, match="koder"):
        identity_for_code(process, "ABCDE-FGHJK")
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Dag", starts_at=timezone.now(), place="Hal"
    )
    voter = Voter.objects.get(process=process)
    with pytest.raises(actions.ActionRefused, match="papir"):
        actions.cast_ballot(voter, {first: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    assert Voter.objects.filter(process=process).count() == 1
    assert Ballot.objects.filter(process=process).count() == 1


def test_voter_list_gives_one_identity_online_and_on_paper(personas):
    """Voter list only: the listed account and the voter number are the same voter; an unlisted
    account and a code get nothing."""
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", **VOTER_LIST_ONLY)
    csv = f"reference,name,email\nA1,Bo,{personas.citizen.email}\n"
    assert actions.import_voter_list(personas.coordinator, process, csv).created == 1
    process = lock_now(process, personas)
    voting = process.phase_of("voting")
    assert voting is not None
    during = voting.starts_at + timedelta(hours=1)
    first = proposal_ids(process)[0]
    online = identity_for_user(process, personas.citizen)
    on_paper = identity_for_list_reference(process, "A1")
    assert online.key == on_paper.key
    actions.cast_ballot_as(process, online, {first: 1}, Channel.ONLINE, now=during)
    meeting = actions.create_meeting(
        personas.coordinator, process, title="Dag", starts_at=during, place="Hal"
    )
    with pytest.raises(actions.ChannelConflict):
        actions.cast_ballot(
            voter_for(process, on_paper),
            {first: 1},
            Channel.PAPER,
            personas.volunteer,
            meeting=meeting,
            now=during,
        )
    with pytest.raises(NotEligible, match="vælgerlisten"):
        identity_for_user(process, personas.volunteer)
    with pytest.raises(NotEligible, match="koder"):
        identity_for_code(process, "ABCDE-FGHJK")
    assert Voter.objects.filter(process=process).count() == 1
    assert Ballot.objects.filter(process=process).count() == 1


def test_vote_page_offers_only_the_process_proof(personas):
    now = timezone.now()
    codes = make_process(personas, now, current="voting", slug="koder")
    accounts = make_process(personas, now, current="voting", slug="konti", **ACCOUNTS_ONLY)
    codes_page = Client().get(reverse("budgets:vote", args=[codes.slug])).content.decode()
    accounts_page = Client().get(reverse("budgets:vote", args=[accounts.slug])).content.decode()
    assert "Stem med din kode" in codes_page
    assert "Log ind for at stemme" not in codes_page
    assert "Stem med din kode" not in accounts_page
    assert "Log ind for at stemme" in accounts_page
