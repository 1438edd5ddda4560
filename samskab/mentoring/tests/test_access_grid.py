"""Who may see what: every view x anonymous, every persona, a second caseworker, a second mentor.

Expected codes: 200 shown, 403 refused, "login" = sent to log in, 410 gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samskab.audit.models import AuditEvent

PEOPLE = [
    "anonymous",
    "admin",
    "coordinator",
    "caseworker",
    "volunteer",  # Maja: Mia's mentor
    "citizen",
    "auditor",
    "outsider",
    "other_caseworker",
    "other_mentor",
]


def _only(*allowed: str, others: object = 403) -> dict[str, object]:
    return {
        person: 200 if person in allowed else ("login" if person == "anonymous" else others)
        for person in PEOPLE
    }


LOGGED_IN = [p for p in PEOPLE if p != "anonymous"]

# view name -> (url builder, expected per person)
GRID: dict[str, tuple[Callable[[Any], str], dict[str, object]]] = {
    "index": (lambda w: reverse("mentoring:index"), dict.fromkeys(PEOPLE, 200)),
    "programme": (
        lambda w: reverse("mentoring:programme", args=[w.programme.slug]),
        _only("coordinator"),
    ),
    "refer": (
        lambda w: reverse("mentoring:refer", args=[w.programme.slug]),
        _only("caseworker", "other_caseworker"),
    ),
    "signup": (lambda w: reverse("mentoring:signup", args=[w.programme.slug]), _only(*LOGGED_IN)),
    "mentor_apply": (
        lambda w: reverse("mentoring:mentor_apply", args=[w.programme.slug]),
        _only(*LOGGED_IN),
    ),
    "matching": (
        lambda w: reverse("mentoring:matching", args=[w.programme.slug]),
        _only("coordinator"),
    ),
    "report": (
        lambda w: reverse("mentoring:report", args=[w.programme.slug]),
        _only("coordinator", "caseworker", "other_caseworker", "auditor"),
    ),
    "referral_consented": (
        lambda w: reverse("mentoring:referral", args=[w.referral.pk]),
        _only("caseworker", "coordinator"),
    ),
    "referral_awaiting_consent": (
        lambda w: reverse("mentoring:referral", args=[w.waiting.pk]),
        _only("caseworker"),
    ),
    "consent_in_person": (
        lambda w: reverse("mentoring:consent_in_person", args=[w.waiting.pk]),
        _only("caseworker"),
    ),
    "withdraw": (
        lambda w: reverse("mentoring:withdraw", args=[w.referral.pk]),
        _only("caseworker", "coordinator"),
    ),
    "mentor_review": (
        lambda w: reverse("mentoring:mentor_review", args=[w.other_mentor.pk]),
        _only("coordinator"),
    ),
    "match": (
        lambda w: reverse("mentoring:match_detail", args=[w.match.pk]),
        _only("coordinator", "caseworker", "volunteer"),
    ),
    "outcome": (
        lambda w: reverse("mentoring:outcome", args=[w.referral.outcomes.get(checkpoint=3).pk]),
        _only("caseworker", "coordinator"),
    ),
    "consent_token_unknown": (
        lambda w: reverse("mentoring:consent_token", args=["not-a-token"]),
        dict.fromkeys(PEOPLE, 410),
    ),
}


def _client(person: str, personas: Any, world: Any) -> Client:
    client = Client()
    users = {
        "other_caseworker": world.other_caseworker,
        "other_mentor": world.other_mentor.user,
    }
    if person != "anonymous":
        client.force_login(users.get(person) or getattr(personas, person))
    return client


def _assert_status(response: Any, expected: object) -> None:
    if expected == "login":
        assert response.status_code == 302 and "/konto/" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("view", list(GRID))
def test_get_grid(view, personas, world):
    url_for, expected = GRID[view]
    url = url_for(world)
    for person in PEOPLE:
        response = _client(person, personas, world).get(url)
        try:
            _assert_status(response, expected[person])
        except AssertionError as error:
            raise AssertionError(f"{view} as {person}: {response.status_code}") from error


# POST actions on Mia's match: who may do them (others get 403 and nothing changes).
POST_GRID: dict[str, dict[str, object]] = {
    "pause": _only("coordinator", "volunteer"),
    "moede": _only("coordinator", "volunteer"),
    "hjaelp": _only("volunteer"),
    "godkend": _only("coordinator"),
    "accepter-for-den-unge": _only("caseworker"),
}


@pytest.mark.parametrize("action", list(POST_GRID))
def test_match_action_grid(action, personas, world):
    url = reverse("mentoring:match_action", args=[world.match.pk, action])
    for person, expected in POST_GRID[action].items():
        world.match.refresh_from_db()
        before = (
            world.match.status,
            world.match.meetings.count(),
            world.match.help_requests.count(),
        )
        response = _client(person, personas, world).post(url, {})
        if expected == 200:
            # Allowed: the action ran (or said politely why not) and we went back.
            assert response.status_code == 302, f"{action} as {person}"
        else:
            try:
                _assert_status(response, expected)
            except AssertionError as error:
                raise AssertionError(f"{action} as {person}: {response.status_code}") from error
            world.match.refresh_from_db()
            after = (
                world.match.status,
                world.match.meetings.count(),
                world.match.help_requests.count(),
            )
            assert after == before


def test_reading_a_young_persons_record_is_logged(personas, world, client_for):
    client = client_for("coordinator")
    client.get(reverse("mentoring:referral", args=[world.referral.pk]))
    client.get(reverse("mentoring:match_detail", args=[world.match.pk]))
    reads = AuditEvent.objects.filter(
        action=AuditEvent.READ,
        actor=personas.coordinator,
        target_type="mentoring.referral",
        target_id=str(world.referral.pk),
    )
    assert reads.count() == 2


def test_the_coordinator_list_shows_no_one_without_consent(personas, world, client_for):
    response = client_for("coordinator").get(
        reverse("mentoring:programme", args=[world.programme.slug])
    )
    content = response.content.decode()
    assert "Mia Mortensen" in content
    assert "Emma Venter" not in content  # awaiting consent: only counted
    event = AuditEvent.objects.filter(action=AuditEvent.READ, target_type="mentoring.programme")
    assert event.get().details["referral_ids"] == [world.referral.pk]


def test_the_auditor_report_names_nobody(personas, world, client_for):
    content = (
        client_for("auditor")
        .get(reverse("mentoring:report", args=[world.programme.slug]))
        .content.decode()
    )
    assert (
        "Mia" not in content
        and "Emma" not in content
        and 'data-chart="outcome-chart-data"' in content
    )


def test_mentor_sees_contact_only_with_contact_consent(personas, world, client_for):
    url = reverse("mentoring:match_detail", args=[world.match.pk])
    assert "mia@example.org" in client_for("volunteer").get(url).content.decode()
    link = world.referral.consent_links.get(purpose="contact")
    link.consent.withdrawn_at = link.consent.given_at
    link.consent.save()
    assert "mia@example.org" not in client_for("volunteer").get(url).content.decode()


def test_anonymised_case_is_shown_to_nobody(personas, world, client_for):
    from samskab.mentoring import actions

    actions.withdraw_consent(personas.caseworker, world.referral)
    for person in ("caseworker", "coordinator", "volunteer"):
        client = client_for(person)
        assert (
            client.get(reverse("mentoring:referral", args=[world.referral.pk])).status_code == 403
        )
        assert (
            client.get(reverse("mentoring:match_detail", args=[world.match.pk])).status_code == 403
        )


def test_neither_side_sees_a_proposal_before_the_coordinator_approves(personas, world, client_for):
    from samskab.mentoring import actions
    from samskab.mentoring.tests.conftest import ALL_YES, referral_data

    referral = actions.sign_up_young_person(
        personas.citizen, world.programme, referral_data(jobcentre_category=None), consents=ALL_YES
    )
    match = actions.propose_match_manually(personas.coordinator, referral, world.other_mentor)
    url = reverse("mentoring:match_detail", args=[match.pk])
    mentor = Client()
    mentor.force_login(world.other_mentor.user)
    assert mentor.get(url).status_code == 403
    assert client_for("citizen").get(url).status_code == 403
    actions.approve_match(personas.coordinator, match)
    assert mentor.get(url).status_code == 200
    page = client_for("citizen").get(url).content.decode()
    assert "Vil du sige ja til dette match?" in page
    assert "Vil mødes på en café" not in page  # the note for the mentor is not shown to them
