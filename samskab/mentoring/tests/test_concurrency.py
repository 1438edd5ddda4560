"""A one-time consent link used twice at the same moment still counts once (row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from samskab.mentoring import actions
from samskab.mentoring.models import ConsentToken, Referral
from samskab.mentoring.tests.conftest import ALL_NO, ALL_YES, referral_data


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_time_link_races_to_a_single_answer(personas, programme):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; CI runs it on PostgreSQL")
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    raw = actions.issue_consent_link(personas.caseworker, referral)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(choices: dict[str, bool]) -> None:
        try:
            barrier.wait()
            actions.consent_by_token(raw, choices)
            outcomes.append("ok")
        except actions.MentoringError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(c,)) for c in (ALL_YES, ALL_NO)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status in ("ready", "consent_refused")
    assert ConsentToken.objects.get().used_at is not None
    answered = [link.consent for link in referral.consent_links.select_related("consent")]
    assert all((c.given_at is None) != (c.refused_at is None) for c in answered)
