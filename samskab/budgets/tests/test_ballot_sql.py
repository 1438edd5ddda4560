"""The hand-written lookup of the ballot hot path gives what the ORM gives, in one query, on
SQLite and on PostgreSQL (the suite runs on both)."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from samskab.budgets import actions, phases
from samskab.budgets.ballot_sql import process_for_casting
from samskab.budgets.identity import hash_code
from samskab.budgets.models import BudgetProcess, PhaseKind, VotingCode
from samskab.budgets.tests.factories import make_process

pytestmark = pytest.mark.django_db


def test_the_locked_process_its_voting_phase_and_the_code_come_in_one_query(
    personas, django_assert_num_queries
):
    process = make_process(personas, timezone.now(), current="voting")
    code = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="sql")[0]
    stored = VotingCode.objects.get(process=process)
    with django_assert_num_queries(1):
        found = process_for_casting(process.slug, hash_code(code))
        assert found is not None
        loaded, found_code = found
        voting = loaded.phase_of(PhaseKind.VOTING)
        assert phases.voting_is_open(loaded, timezone.now())
    assert found_code is not None and found_code.id == stored.pk
    orm = BudgetProcess.objects.get(pk=process.pk)
    assert model_to_dict(loaded) == model_to_dict(orm)
    assert (loaded.locked_at, loaded.lock_hash, loaded.created_at) == (
        orm.locked_at,
        orm.lock_hash,
        orm.created_at,
    )
    expected = orm.phases.get(kind=PhaseKind.VOTING)
    assert voting is not None
    assert (voting.pk, voting.starts_at, voting.ends_at) == (
        expected.pk,
        expected.starts_at,
        expected.ends_at,
    )
    assert voting.starts_at.tzinfo is not None


def test_an_unknown_code_gives_no_code_id_and_an_unlocked_process_nothing(personas):
    process = make_process(personas, timezone.now(), current="voting")
    found = process_for_casting(process.slug, hash_code("NOPE0-NOPE0"))
    assert found is not None and found[1] is None
    unlocked = make_process(personas, timezone.now(), current="voting", lock=False, slug="aaben")
    assert process_for_casting(unlocked.slug, "") is None
    assert process_for_casting("findes-ikke", "") is None
