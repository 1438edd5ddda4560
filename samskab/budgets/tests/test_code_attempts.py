"""Guessing voting codes is limited per (process, client address); only failures count, so a
voter typing their own code right is never refused because someone else guessed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.code_attempts import FAILURE_LIMIT
from samskab.budgets.models import Ballot, BudgetProcess
from samskab.budgets.tests.factories import make_process, proposal_ids

pytestmark = pytest.mark.django_db
API = "/api/v1/processes/ensomhed/ballot"
ATTACKER = "198.51.100.7"
VOTER = "203.0.113.9"


@pytest.fixture
def voting(personas):
    return make_process(personas, timezone.now(), current="voting")


@pytest.fixture
def codes(voting: BudgetProcess, personas: Any) -> list[str]:
    return actions.generate_voting_codes(personas.coordinator, voting, count=2, batch="t")


def _api_put(code: str, address: str, proposal: int) -> Any:
    return Client(REMOTE_ADDR=address).put(
        API,
        json.dumps({"choices": [{"proposal": proposal}]}),
        content_type="application/json",
        headers={"X-Voting-Code": code},
    )


def _guesses_until_429(send: Any) -> list[int]:
    statuses = []
    for number in range(FAILURE_LIMIT + 5):
        statuses.append(send(f"GAET{number:06d}"))
        if statuses[-1] == 429:
            break
    return statuses


def test_api_guessing_is_stopped_after_the_limit_and_audited_once(voting, codes):
    first = proposal_ids(voting)[0]
    statuses = _guesses_until_429(lambda code: _api_put(code, ATTACKER, first).status_code)
    assert statuses == [403] * FAILURE_LIMIT + [429]
    response = _api_put("ANOTHERGUESS", ATTACKER, first)
    assert response.status_code == 429
    assert "For mange forkerte koder" in response.json()["detail"]
    # Even a right code is refused from this address for now: a 200 would tell a guess worked.
    assert _api_put(codes[0], ATTACKER, first).status_code == 429
    events = AuditEvent.objects.filter(action="budgets.code_attempts_throttled")
    assert events.count() == 1
    assert events.get().ip_address == ATTACKER
    assert events.get().target_id == str(voting.pk)
    # The voter from another address is not slowed down at all.
    assert _api_put(codes[1], VOTER, first).status_code == 200
    assert Ballot.objects.count() == 1


def test_correct_codes_do_not_count_towards_the_limit(voting, codes):
    first, second = proposal_ids(voting)[:2]
    for _ in range(FAILURE_LIMIT + 3):
        assert _api_put(codes[0], VOTER, first).status_code == 200
    assert _api_put(codes[0], VOTER, second).status_code == 200


def test_reading_a_ballot_with_guessed_codes_is_limited_too(voting, codes):
    def read(code: str) -> int:
        client = Client(REMOTE_ADDR=ATTACKER)
        return client.get(API, headers={"X-Voting-Code": code}).status_code

    assert _guesses_until_429(read) == [403] * FAILURE_LIMIT + [429]


def test_web_form_guessing_gets_429_with_a_danish_message(voting, codes):
    url = reverse("budgets:vote_with_code", args=[voting.slug])
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = _guesses_until_429(lambda code: attacker.post(url, {"code": code}).status_code)
    assert statuses == [302] * FAILURE_LIMIT + [429]
    page = attacker.post(url, {"code": codes[0]})
    assert page.status_code == 429
    assert "For mange forkerte koder" in page.content.decode()
    # A voter elsewhere enters the right code and votes.
    voter = Client(REMOTE_ADDR=VOTER)
    assert voter.post(url, {"code": codes[1]}).status_code == 302
    vote = reverse("budgets:vote", args=[voting.slug])
    assert (
        voter.post(vote, {"chosen": [proposal_ids(voting)[0]], "confirmed": "1"}).status_code == 302
    )
    assert AuditEvent.objects.filter(action="budgets.code_attempts_throttled").count() == 1


def test_the_429_page_is_in_english_for_english_readers(voting):
    url = reverse("budgets:vote_with_code", args=[voting.slug])
    attacker = Client(REMOTE_ADDR=ATTACKER, headers={"Accept-Language": "en"})
    _guesses_until_429(lambda code: attacker.post(url, {"code": code}).status_code)
    assert "Too many wrong codes" in attacker.post(url, {"code": "X"}).content.decode()


def test_the_limit_is_per_process(voting, codes, personas):
    other = make_process(personas, timezone.now(), current="voting", slug="andet")
    other_code = actions.generate_voting_codes(personas.coordinator, other, count=1, batch="o")[0]
    first = proposal_ids(voting)[0]
    _guesses_until_429(lambda code: _api_put(code, ATTACKER, first).status_code)
    response = Client(REMOTE_ADDR=ATTACKER).put(
        "/api/v1/processes/andet/ballot",
        json.dumps({"choices": [{"proposal": proposal_ids(other)[0]}]}),
        content_type="application/json",
        headers={"X-Voting-Code": other_code},
    )
    assert response.status_code == 200


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_reachable(), reason="needs Redis at 127.0.0.1:6379")
def test_the_limit_holds_with_the_redis_cache(voting, codes, settings):
    """The production set-up: counters in Redis, shared by every worker (own key prefix, and
    only our keys are deleted afterwards: the Redis may be shared)."""
    import uuid

    prefix = f"samskab-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    first = proposal_ids(voting)[0]
    try:
        statuses = _guesses_until_429(lambda code: _api_put(code, ATTACKER, first).status_code)
        assert statuses == [403] * FAILURE_LIMIT + [429]
        assert _api_put(codes[1], VOTER, first).status_code == 200
    finally:
        cache.delete_many([f"samskab:code-failures:{voting.pk}:{a}" for a in (ATTACKER, VOTER)])
