"""The coordinator drives the vote with buttons (open now, close now), the schedule cannot reach a
state that cannot work, and a counted result is reviewed before anyone else sees it."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.export import stored_text
from samskab.budgets.models import BudgetProcess, Phase, PhaseKind, Result
from samskab.budgets.phases import VotingStatus, voting_is_open, voting_status
from samskab.budgets.tests.counted import counted_process
from samskab.budgets.tests.factories import make_process

pytestmark = pytest.mark.django_db


def _phase(process: BudgetProcess, kind: str) -> Phase:
    return process.phases.get(kind=kind)


# --- Open and close with buttons -------------------------------------------------------------


def test_open_voting_is_refused_with_its_reason_until_the_rules_are_locked(personas):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", lock=False)
    with pytest.raises(actions.ActionRefused, match="ikke låst"):
        actions.open_voting(personas.coordinator, process, ends_at=now + timedelta(days=7), now=now)
    assert not voting_is_open(process, now)


def test_open_voting_now_ends_the_running_phase_and_moves_the_later_ones(personas, client_for):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", lock=True)  # vote planned later
    ends = now + timedelta(days=7)
    actions.open_voting(personas.coordinator, process, ends_at=ends, now=now)
    voting = _phase(process, PhaseKind.VOTING)
    assert (voting.starts_at, voting.ends_at) == (now, ends)
    assert _phase(process, PhaseKind.FEASIBILITY).ends_at == now
    result = _phase(process, PhaseKind.RESULT)
    assert result.starts_at >= ends
    process.refresh_from_db()
    assert voting_is_open(process, now + timedelta(seconds=1))
    event = AuditEvent.objects.get(action="budgets.voting_opened")
    assert event.actor_id == personas.coordinator.pk
    # Phases never overlap afterwards: at most one is current at any moment.
    moments = [now + timedelta(hours=h) for h in range(0, 24 * 40, 6)]
    for moment in moments:
        assert sum(p.starts_at <= moment < p.ends_at for p in process.phases.all()) <= 1
    page = client_for("citizen").get(reverse("budgets:vote", args=[process.slug]))
    assert "Afstemningen er ikke åben" not in page.text


def test_a_long_vote_pushes_every_later_phase_without_overlaps(personas):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", lock=True)
    delivery = _phase(process, PhaseKind.DELIVERY)
    ends = delivery.starts_at + timedelta(days=3)  # past the planned result phase's end
    lengths = {
        kind: _phase(process, kind).ends_at - _phase(process, kind).starts_at
        for kind in (PhaseKind.RESULT, PhaseKind.DELIVERY)
    }
    actions.open_voting(personas.coordinator, process, ends_at=ends, now=now)
    result, delivery = _phase(process, PhaseKind.RESULT), _phase(process, PhaseKind.DELIVERY)
    assert result.starts_at == ends and delivery.starts_at == result.ends_at
    assert result.ends_at - result.starts_at == lengths[PhaseKind.RESULT]
    assert delivery.ends_at - delivery.starts_at == lengths[PhaseKind.DELIVERY]
    ordered = sorted(process.phases.all(), key=lambda p: p.starts_at)
    for earlier, later in pairwise(ordered):
        assert earlier.ends_at <= later.starts_at, (earlier.kind, later.kind)


@pytest.mark.parametrize("current", ["voting", "result"])
def test_open_voting_is_refused_when_open_or_over(personas, current):
    now = timezone.now()
    process = make_process(personas, now, current=current)
    with pytest.raises(actions.ActionRefused):
        actions.open_voting(personas.coordinator, process, ends_at=now + timedelta(days=7), now=now)


def test_open_voting_refuses_an_end_in_the_past(personas):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", lock=True)
    with pytest.raises(actions.ActionRefused, match="efter nu"):
        actions.open_voting(personas.coordinator, process, ends_at=now, now=now)


def test_close_voting_now_ends_the_vote_at_once_and_counts(personas, client_for):
    now = timezone.now()
    process = counted_process(personas, slug="aaben", current="voting", count=False)
    assert voting_is_open(process, now)
    url = reverse("budgets:close_voting", args=[process.slug])
    coordinator = client_for("coordinator")
    assert "Luk afstemningen nu" in coordinator.get(url).text
    response = coordinator.post(url)
    assert response.status_code == 302
    process.refresh_from_db()
    voting = _phase(process, PhaseKind.VOTING)
    assert voting.ends_at <= timezone.now()
    assert not voting_is_open(process, timezone.now())
    assert process.results.count() == 1  # counted (the test task backend runs at once)
    assert process.results.get().published_at is None  # and waiting for review
    assert _phase(process, PhaseKind.RESULT).starts_at <= timezone.now()
    assert AuditEvent.objects.filter(action="budgets.voting_closed", target_id=str(process.pk))


def test_close_voting_now_is_refused_when_the_vote_is_not_open(personas):
    process = make_process(personas, timezone.now(), current="feasibility", lock=True)
    with pytest.raises(actions.ActionRefused, match="ikke åben"):
        actions.close_voting_now(personas.coordinator, process)


@pytest.mark.parametrize("persona", [None, "citizen", "volunteer", "auditor"])
def test_only_managers_get_the_buttons(personas, client_for, persona):
    process = counted_process(personas, slug="knapper", current="voting", count=False)
    client = client_for(persona)
    assert client.get(reverse("budgets:open_voting", args=[process.slug])).status_code in (
        302,
        403,
    )
    assert client.post(reverse("budgets:close_voting", args=[process.slug])).status_code in (
        302,
        403,
    )
    process.refresh_from_db()
    assert voting_is_open(process, timezone.now())  # nothing was closed
    page = client.get(reverse("budgets:process_detail", args=[process.slug])).text
    assert "Luk afstemningen nu" not in page


def test_the_process_page_offers_the_next_step(personas, client_for):
    now = timezone.now()
    unlocked = make_process(personas, now, current="feasibility", lock=False, slug="ulaast")
    page = client_for("coordinator").get(reverse("budgets:process_detail", args=[unlocked.slug]))
    assert "Lås reglerne" in page.text and "Åbn afstemningen" in page.text
    assert "Se resultatet" not in page.text  # nothing to see before the vote
    form = client_for("coordinator").get(reverse("budgets:open_voting", args=[unlocked.slug]))
    assert "Reglerne er ikke låst" in form.text  # the reason before the button is pressed
    running = counted_process(personas, slug="i-gang", current="voting", count=False)
    page = client_for("coordinator").get(reverse("budgets:process_detail", args=[running.slug]))
    assert "Luk afstemningen nu" in page.text and "Åbn afstemningen" not in page.text
    done = counted_process(personas, slug="talt")
    page = client_for("citizen").get(reverse("budgets:process_detail", args=[done.slug]))
    assert "Se resultatet" in page.text


def test_the_open_voting_form_opens_the_vote(personas, client_for):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", slug="formular", lock=True)
    ends = timezone.localtime(now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("budgets:open_voting", args=[process.slug])
    bad = client_for("coordinator").post(url, {"ends_at": "not a date"})
    assert bad.status_code == 422
    past = timezone.localtime(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client_for("coordinator").post(url, {"ends_at": past})
    assert refused.status_code == 409 and "efter nu" in refused.text
    assert not voting_is_open(process, timezone.now())
    response = client_for("coordinator").post(url, {"ends_at": ends})
    assert response.status_code == 302
    process.refresh_from_db()
    assert voting_is_open(process, timezone.now())
    # Open now: the page to open it is no longer offered.
    assert client_for("coordinator").get(url).status_code == 403


# --- The schedule cannot reach a state that cannot work --------------------------------------


def test_an_unlocked_vote_cannot_be_scheduled_to_have_started(personas):
    now = timezone.now()
    process = make_process(personas, now, current="feasibility", lock=False)
    with pytest.raises(actions.ActionRefused, match="låst"):
        actions.set_phase(
            personas.coordinator,
            process,
            PhaseKind.VOTING,
            now - timedelta(hours=1),
            now + timedelta(days=7),
            now=now,
        )
    # A later start is fine: the rules can be locked before it.
    actions.set_phase(
        personas.coordinator,
        process,
        PhaseKind.VOTING,
        now + timedelta(days=1),
        now + timedelta(days=7),
        now=now,
    )


def test_a_vote_whose_start_passed_unlocked_says_it_waits_for_the_lock(personas, client_for):
    now = timezone.now()
    process = make_process(personas, now, current="voting", lock=False)
    assert voting_status(process, now) == VotingStatus.WAITING_FOR_LOCK
    page = client_for("citizen").get(reverse("budgets:process_detail", args=[process.slug]))
    assert "I gang nu" not in page.text.split("Afstemning", 1)[-1].split("Resultat", 1)[0]
    assert "reglerne skal låses først" in page.text
    vote = client_for("citizen").get(reverse("budgets:vote", args=[process.slug]))
    assert "reglerne skal låses først" in vote.text
    # The coordinator can lock (no longer a 403), which opens the vote.
    lock = client_for("coordinator").get(reverse("budgets:process_lock", args=[process.slug]))
    assert lock.status_code == 200


def test_pages_after_the_vote_say_it_is_closed_in_words(personas, client_for):
    process = counted_process(personas, slug="lukket")
    vote = client_for("citizen").get(reverse("budgets:vote", args=[process.slug]))
    assert vote.status_code == 200
    assert "Afstemningen er lukket." in vote.text
    assert reverse("budgets:results", args=[process.slug]) in vote.text


def test_a_past_meeting_says_it_is_over_and_offers_no_cancelling(personas, client_for):
    now = timezone.now()
    process = make_process(personas, now, current="voting")
    meeting = actions.create_meeting(
        personas.coordinator,
        process,
        title="Stormøde",
        starts_at=now - timedelta(days=1),
        place="Kulturhuset",
    )
    actions.register_for_meeting(None, meeting, name="Walk-in")
    from samskab.budgets.models import MeetingRegistration

    MeetingRegistration.objects.create(meeting=meeting, user=personas.citizen)
    url = reverse("budgets:meeting_detail", args=[process.slug, meeting.pk])
    page = client_for("citizen").get(url).text
    assert "Mødet er afholdt." in page and "Afmeld" not in page
    with pytest.raises(actions.ActionRefused, match="afholdt"):
        actions.cancel_registration(personas.citizen, meeting)
    assert meeting.registrations.filter(user=personas.citizen).exists()


# --- Review before publication ---------------------------------------------------------------


def test_a_counted_result_is_seen_by_reviewers_only_until_published(personas, client_for):
    process = counted_process(personas, slug="gennemsyn", rule="mes-add1", publish=False)
    url = reverse("budgets:results", args=[process.slug])
    for persona in (None, "citizen", "volunteer"):
        page = client_for(persona).get(url)
        assert page.status_code == 200
        assert "Det blev valgt" not in page.text
        assert "offentliggøres, når en koordinator har gennemgået det" in page.text
        file_url = reverse("budgets:results_file", args=[process.slug])
        assert client_for(persona).get(file_url).status_code == 404
    for persona in ("coordinator", "auditor"):
        page = client_for(persona).get(url).text
        assert "Til gennemsyn: ikke offentliggjort" in page and "Det blev valgt" in page
        assert "Hvad en almindelig stemmeoptælling ville have valgt" in page  # plain count beside
    assert "Offentliggør resultatet" in client_for("coordinator").get(url).text
    assert "Offentliggør resultatet" not in client_for("auditor").get(url).text


def _outcome(process: BudgetProcess, result: Result) -> dict[str, Any]:
    """Everything a result says, but when it was published."""
    return {
        "selected": sorted(result.selected.values_list("pk", flat=True)),
        "explanation": result.explanation,
        "inputs": result.inputs_sha256,
        "ballots": result.ballots_sha256,
        "file": stored_text(process, result),
        "num_ballots": result.num_ballots,
    }


def test_publishing_changes_nothing_but_the_publication_time(personas, client_for):
    process = counted_process(personas, slug="udgiv", rule="mes-add1", publish=False)
    before = _outcome(process, process.results.get())
    publish_url = reverse("budgets:publish_result", args=[process.slug])
    assert client_for("citizen").post(publish_url).status_code == 403
    assert client_for("auditor").post(publish_url).status_code == 403
    assert "Det kan ikke gøres om" in client_for("coordinator").get(publish_url).text
    assert client_for("coordinator").post(publish_url).status_code == 302
    published = process.results.get()
    after = _outcome(process, published)
    assert after == before
    assert published.published_at is not None
    event = AuditEvent.objects.get(action="budgets.result_published")
    assert event.actor_id == personas.coordinator.pk
    assert event.details["ballots_sha256"] == before["ballots"]
    page = client_for(None).get(reverse("budgets:results", args=[process.slug])).text
    assert "Det blev valgt" in page and "Til gennemsyn" not in page
    with pytest.raises(actions.ActionRefused, match="allerede"):
        actions.publish_result(personas.coordinator, process)


def test_nothing_to_publish_before_the_count(personas):
    process = counted_process(personas, slug="utalt", count=False)
    with pytest.raises(actions.ActionRefused, match="ikke talt op"):
        actions.publish_result(personas.coordinator, process)


def test_funded_projects_stay_hidden_until_the_result_is_published(personas, client_for):
    process = counted_process(personas, slug="skjult", publish=False)
    funded = process.results.get().funded_projects.first()
    assert funded is not None
    url = reverse("budgets:funded_project", args=[process.slug, funded.pk])
    assert client_for("citizen").get(url).status_code == 403
    assert client_for("coordinator").get(url).status_code == 200
    actions.publish_result(personas.coordinator, process)
    assert client_for("citizen").get(url).status_code == 200
