from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from samskab.budgets import actions
from samskab.budgets.identity import identity_for_code, voter_for
from samskab.budgets.models import Ballot, Channel, Phase, PhaseKind, Result, Voter
from samskab.budgets.seal import BallotsSealed
from samskab.budgets.tests.factories import ACCOUNTS_ONLY, make_process, proposal_ids

pytestmark = pytest.mark.django_db
URL = "/api/v1/processes/ensomhed/ballot"


@pytest.fixture
def voting(personas):
    return make_process(personas, timezone.now(), current="voting")


@pytest.fixture
def code(voting, personas):
    return actions.generate_voting_codes(personas.coordinator, voting, count=1, batch="api")[0]


def put(client: Client, payload: object, **headers: str) -> Any:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.put(URL, body, content_type="application/json", headers=headers)


def test_schema_is_served():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/processes/{slug}/ballot" in paths
    assert "put" in paths["/api/v1/processes/{slug}/ballot"]


def test_list_and_read_process_and_proposals(voting, django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/processes")
    assert [p["slug"] for p in response.json()] == ["ensomhed"]
    detail = client.get("/api/v1/processes/ensomhed").json()
    assert detail["current_phase"] == "voting"
    assert detail["locked"] is True and len(detail["lock_hash"]) == 64
    with django_assert_max_num_queries(3):
        proposals = client.get("/api/v1/processes/ensomhed/proposals").json()
    assert [p["final_cost"] for p in proposals] == [300_000, 200_000, 400_000]
    assert client.get("/api/v1/processes/nope").status_code == 404
    assert client.get("/api/v1/processes/nope/proposals").json() == {"detail": "Findes ikke."}


def test_cast_replace_and_read_with_a_code(voting, code):
    client = Client()
    first, second, _third = proposal_ids(voting)
    response = put(client, {"choices": [{"proposal": first}]}, X_Voting_Code=code)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    response = put(client, {"choices": [{"proposal": second}]}, X_Voting_Code=code)
    assert response.json()["version"] == 2
    read = client.get(URL, headers={"X-Voting-Code": code}).json()
    assert read["choices"] == [{"proposal": second, "value": 1}]
    assert Ballot.objects.filter(is_current=True).count() == 1


def test_cast_with_session_needs_csrf_and_declaration(personas):
    voting = make_process(personas, timezone.now(), current="voting", **ACCOUNTS_ONLY)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.citizen)
    first = proposal_ids(voting)[0]
    response = put(client, {"choices": [{"proposal": first}]})
    assert response.status_code == 403  # no CSRF token
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = put(client, {"choices": [{"proposal": first}]}, X_CSRFToken=token)
    assert response.status_code == 200, response.content
    assert client.get(URL).json()["version"] == 1


def test_account_path_asks_for_a_declaration_when_age_is_a_rule(personas):
    process = make_process(personas, timezone.now(), current="voting", min_age=14, **ACCOUNTS_ONLY)
    client = Client()
    client.force_login(personas.citizen)
    first = proposal_ids(process)[0]
    response = put(client, {"choices": [{"proposal": first}]})
    assert response.status_code == 403
    assert "Bekræft" in response.json()["detail"]
    response = put(client, {"choices": [{"proposal": first}], "declare_eligible": True})
    assert response.status_code == 422  # and the birth year the age rule needs
    assert [error["loc"][-1] for error in response.json()["detail"]] == ["birth_year"]
    response = put(
        client, {"choices": [{"proposal": first}], "declare_eligible": True, "birth_year": 1990}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("not json", 400),
        ({}, 422),
        ({"choices": "x"}, 422),
        ({"choices": [{"proposal": 0}]}, 422),
        ({"choices": [{"proposal": 1, "value": -1}]}, 422),
        ({"choices": [{"proposal": 1, "value": "a"}]}, 422),
        ({"choices": [{"proposal": 1}, {"proposal": 1}]}, 422),
        ({"choices": [{"proposal": 999999}]}, 422),
        ({"choices": []}, 422),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(voting, code, payload, status):
    response = put(Client(), payload, X_Voting_Code=code)
    assert response.status_code == status, response.content
    assert Ballot.objects.count() == 0


def test_rule_breaking_ballot_gets_a_clear_message(voting, code):
    response = put(Client(), {"choices": [{"proposal": 999999}]}, X_Voting_Code=code)
    assert response.json() == {
        "detail": "Stemmesedlen nævner forslag, der ikke er på stemmesedlen."
    }


def test_english_messages(voting, code):
    response = put(
        Client(), {"choices": [{"proposal": 999999}]}, X_Voting_Code=code, Accept_Language="en"
    )
    assert response.json()["detail"] == "The ballot names proposals that are not on the ballot."


def test_auth_failures(voting, code):
    first = proposal_ids(voting)[0]
    assert put(Client(), {"choices": [{"proposal": first}]}).status_code == 401
    assert Client().get(URL).status_code == 401
    response = put(Client(), {"choices": [{"proposal": first}]}, X_Voting_Code="WRONG-CODE1")
    assert response.status_code == 403
    assert response.json()["detail"] == "Koden er ikke gyldig for dette borgerbudget."
    assert Client().get(URL, headers={"X-Voting-Code": code}).status_code == 404  # not voted yet


def test_a_code_counts_only_in_its_own_process_and_where_codes_are_used(voting, personas):
    other = make_process(personas, timezone.now(), current="voting", slug="anden")
    other_code = actions.generate_voting_codes(personas.coordinator, other, count=1, batch="api")[0]
    first = proposal_ids(voting)[0]
    response = put(Client(), {"choices": [{"proposal": first}]}, X_Voting_Code=other_code)
    assert response.status_code == 403
    assert response.json()["detail"] == "Koden er ikke gyldig for dette borgerbudget."
    no_codes = make_process(
        personas, timezone.now(), current="voting", slug="uden-koder", **ACCOUNTS_ONLY
    )
    response = Client().put(
        f"/api/v1/processes/{no_codes.slug}/ballot",
        json.dumps({"choices": [{"proposal": proposal_ids(no_codes)[0]}]}),
        content_type="application/json",
        headers={"X-Voting-Code": other_code},
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Dette borgerbudget bruger ikke afstemningskoder."
    assert not Ballot.objects.exists()


def test_closed_voting_is_409(personas):
    process = make_process(personas, timezone.now(), current="result")
    code = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="x")[0]
    first = proposal_ids(process)[0]
    response = put(Client(), {"choices": [{"proposal": first}]}, X_Voting_Code=code)
    assert response.status_code == 409
    assert response.json()["detail"] == "Afstemningen er ikke åben."


def test_paper_voter_cannot_vote_online_409(voting, code, personas):
    meeting = actions.create_meeting(
        personas.coordinator, voting, title="Dag", starts_at=timezone.now(), place="Hal"
    )
    voter = voter_for(voting, identity_for_code(voting, code))
    first = proposal_ids(voting)[0]
    actions.cast_ballot(voter, {first: 1}, Channel.PAPER, personas.volunteer, meeting=meeting)
    response = put(Client(), {"choices": [{"proposal": first}]}, X_Voting_Code=code)
    assert response.status_code == 409
    assert "papir" in response.json()["detail"]


# The stored explanation of a count with no ballots (tally.StoredExplanation).
NOTHING_COUNTED = {
    "rule": "greedy",
    "support_kind": "votes",
    "supports": {},
    "rule_explanation": {
        "support": "votes",
        "budget_cents": 0,
        "leftover_cents": 0,
        "tie_break": "file order",
        "order": [],
        "column_disagreements": [],
    },
    "selected_order": [],
    "cost_cents": 0,
    "plain_greedy": {"selected_order": [], "cost_cents": 0, "order": []},
}


def test_result_is_404_until_published(voting):
    client = Client()
    assert client.get("/api/v1/processes/ensomhed/result").status_code == 404
    result = Result.objects.create(
        process=voting,
        rule="greedy",
        engine_version="1",
        inputs_sha256="a" * 64,
        ballots_sha256="b" * 64,
        explanation=NOTHING_COUNTED,
    )
    assert client.get("/api/v1/processes/ensomhed/result").status_code == 404
    result.published_at = timezone.now() - timedelta(minutes=1)
    result.save()
    result.selected.set(voting.proposals.all()[:1])
    body = client.get("/api/v1/processes/ensomhed/result").json()
    assert body["selected"] == [proposal_ids(voting)[0]]


def test_casting_reads_the_voting_phase_fresh_and_stays_lean(
    voting, personas, django_assert_max_num_queries
):
    """The locked process is cached for casting, its voting phase is not."""
    first, second, _third = proposal_ids(voting)
    codes = actions.generate_voting_codes(personas.coordinator, voting, count=2, batch="lean")
    assert (
        put(Client(), {"choices": [{"proposal": first}]}, X_Voting_Code=codes[0]).status_code == 200
    )
    with django_assert_max_num_queries(7):  # process+phase+code, BEGIN, at most 4 writes, COMMIT
        response = put(Client(), {"choices": [{"proposal": second}]}, X_Voting_Code=codes[0])
    assert response.json()["version"] == 2
    Phase.objects.filter(process=voting, kind=PhaseKind.VOTING).update(
        ends_at=timezone.now() - timedelta(seconds=1)
    )  # as if the clock had passed the end of voting
    response = put(Client(), {"choices": [{"proposal": first}]}, X_Voting_Code=codes[1])
    assert response.status_code == 409
    assert Ballot.objects.count() == 2


def test_a_counted_process_refuses_new_ballots_even_while_voting_is_open(voting, personas):
    """The tamper seal holds on the fast path: casting checks for a result in its INSERT."""
    first, second, _third = proposal_ids(voting)
    codes = actions.generate_voting_codes(personas.coordinator, voting, count=2, batch="seal")
    assert (
        put(Client(), {"choices": [{"proposal": first}]}, X_Voting_Code=codes[0]).status_code == 200
    )
    Result.objects.create(
        process=voting, rule="greedy", engine_version="1", inputs_sha256="a", ballots_sha256="b"
    )
    for code in codes:  # a replacement and a first ballot
        with pytest.raises(BallotsSealed):
            actions.cast_ballot_as(
                voting, identity_for_code(voting, code), {second: 1}, Channel.ONLINE
            )
    assert list(Ballot.objects.values_list("version", "is_current")) == [(1, True)]
    assert not Voter.objects.filter(identity_key=identity_for_code(voting, codes[1]).key).exists()


def test_unverified_account_is_403_and_voter_list_only_process_refuses_accounts(voting, personas):
    personas.outsider.email_verified_at = None
    personas.outsider.save()
    client = Client()
    client.force_login(personas.outsider)
    first = proposal_ids(voting)[0]
    response = put(client, {"choices": [{"proposal": first}]})
    assert response.status_code == 403
    assert response.json()["detail"] == "Bekræft din e-mailadresse, før du kan stemme."
    listed = make_process(
        personas,
        timezone.now(),
        current="voting",
        slug="liste",
        allow_accounts=False,
        allow_codes=False,
        allow_voter_list=True,
    )
    client.force_login(personas.citizen)
    response = client.put(
        "/api/v1/processes/liste/ballot",
        json.dumps({"choices": [{"proposal": proposal_ids(listed)[0]}]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "vælgerlisten" in response.json()["detail"]
    assert Ballot.objects.count() == 0


def test_voter_list_path_checks_age_and_area_from_the_list(personas):
    from samskab.budgets.models import Voter

    now = timezone.now()
    process = make_process(
        personas,
        now,
        current="voting",
        slug="liste",
        lock=False,
        allow_voter_list=True,
        allow_accounts=False,
        allow_codes=False,
        min_age=16,
        postal_codes="7000",
    )
    csv = (
        "reference,name,email,birth_date,postal_code\n"
        f"A1,Bo,{personas.citizen.email},1950-05-01,7000\n"
        f"A2,Olga,{personas.outsider.email},{now.year - 10}-01-01,7000\n"
        f"A3,Maja,{personas.volunteer.email},1990-01-01,8000\n"
    )
    assert actions.import_voter_list(personas.coordinator, process, csv).created == 3
    voting = process.phase_of("voting")
    assert voting is not None
    actions.lock_process(personas.coordinator, process, now=voting.starts_at - timedelta(hours=1))
    first = proposal_ids(process)[0]
    body = json.dumps({"choices": [{"proposal": first}]})
    url = "/api/v1/processes/liste/ballot"
    results = {}
    for role in ("citizen", "outsider", "volunteer"):
        client = Client()
        client.force_login(getattr(personas, role))
        response = client.put(url, body, content_type="application/json")
        results[role] = (response.status_code, response.json().get("detail", ""))
    assert results["citizen"][0] == 200
    assert results["outsider"] == (403, "Du skal være mindst 16 år for at stemme.")
    assert results["volunteer"] == (403, "Du bor ikke i området for dette borgerbudget.")
    assert list(Voter.objects.filter(process=process).values_list("identity_key", flat=True)) == [
        "list:A1"
    ]
