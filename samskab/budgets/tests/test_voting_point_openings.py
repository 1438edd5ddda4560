"""A coordinator removes a voting point's opening from its edit page (one small form per
opening), audited; an opening during which paper ballots were entered there stays. Adding
goes on one opening per save."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.identity import identity_for_code
from samskab.budgets.models import (
    BudgetProcess,
    Channel,
    VotingPoint,
    VotingPointOpening,
)
from samskab.budgets.tests.factories import make_process, proposal_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(personas):
    return make_process(personas, timezone.now(), current="voting", allow_paper=True)


@pytest.fixture
def point(personas, process):
    now = timezone.now()
    point = actions.save_voting_point(
        personas.coordinator,
        process,
        name="Biblioteket",
        place="Torvet 1",
        officials=[personas.volunteer],
        opening_starts_at=now - timedelta(hours=1),
        opening_ends_at=now + timedelta(hours=2),
    )
    actions.save_voting_point(
        personas.coordinator,
        process,
        point=point,
        name=point.name,
        place=point.place,
        officials=[personas.volunteer],
        opening_starts_at=now + timedelta(days=1),
        opening_ends_at=now + timedelta(days=1, hours=3),
    )
    return point


def remove_url(point: VotingPoint, opening: VotingPointOpening) -> str:
    return reverse(
        "budgets:voting_point_opening_remove",
        args=[point.process.slug, point.pk, opening.pk],
    )


def later_opening(point: VotingPoint) -> VotingPointOpening:
    return point.openings.order_by("starts_at").last()  # type: ignore[return-value]


def test_each_save_adds_one_opening_and_the_edit_page_offers_to_remove_each(point, client_for):
    assert point.openings.count() == 2
    page = client_for("coordinator").get(
        reverse("budgets:voting_point_edit", args=[point.process.slug, point.pk])
    )
    html = page.content.decode()
    for opening in point.openings.all():
        assert f'action="{remove_url(point, opening)}"' in html
    assert html.count(">Slet</button>") == 2


def test_the_coordinator_removes_an_opening_and_it_is_audited(point, client_for, personas):
    opening = later_opening(point)
    response = client_for("coordinator").post(remove_url(point, opening), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "budgets:voting_point_edit", args=[point.process.slug, point.pk]
    )
    assert "Åbningstiden er slettet." in response.content.decode()
    assert not VotingPointOpening.objects.filter(pk=opening.pk).exists()
    assert point.openings.count() == 1
    event = AuditEvent.objects.get(action="budgets.voting_point_opening_removed")
    assert event.actor == personas.coordinator
    assert event.details["starts_at"] == opening.starts_at.isoformat()


def test_an_opening_with_paper_ballots_entered_during_it_stays(point, personas, client_for):
    process: BudgetProcess = point.process
    code = actions.generate_voting_codes(personas.coordinator, process, count=1, batch="p")[0]
    actions.cast_ballot_as(
        process,
        identity_for_code(process, code),
        {proposal_ids(process)[0]: 1},
        Channel.PAPER,
        personas.volunteer,
        voting_point=point,
    )
    now_opening = point.openings.order_by("starts_at").first()
    assert now_opening is not None
    response = client_for("coordinator").post(remove_url(point, now_opening), follow=True)
    assert "der er allerede indtastet papirstemmer" in response.content.decode()
    assert VotingPointOpening.objects.filter(pk=now_opening.pk).exists()
    assert not AuditEvent.objects.filter(action="budgets.voting_point_opening_removed").exists()
    # The opening with no ballots in it can still go.
    client_for("coordinator").post(remove_url(point, later_opening(point)))
    assert point.openings.count() == 1


@pytest.mark.parametrize("who", ["citizen", "volunteer", "caseworker"])
def test_no_one_but_a_coordinator_may_remove_an_opening(point, personas, client_for, who):
    """A citizen, this point's own official (volunteer), an official of another point."""
    other = VotingPoint.objects.create(process=point.process, name="Hallen", place="Idrætsvej 2")
    other.officials.add(personas.caseworker)
    opening = later_opening(point)
    assert client_for(who).post(remove_url(point, opening)).status_code == 403
    assert VotingPointOpening.objects.filter(pk=opening.pk).exists()


def test_anonymous_is_sent_to_login_and_get_is_refused(point, client_for):
    opening = later_opening(point)
    response = Client().post(remove_url(point, opening))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client_for("coordinator").get(remove_url(point, opening)).status_code == 405
    assert VotingPointOpening.objects.filter(pk=opening.pk).exists()


def test_an_opening_of_another_point_is_not_found(point, personas, client_for):
    other = actions.save_voting_point(
        personas.coordinator,
        point.process,
        name="Hallen",
        place="Idrætsvej 2",
        officials=[],
        opening_starts_at=timezone.now() + timedelta(days=2),
        opening_ends_at=timezone.now() + timedelta(days=2, hours=1),
    )
    foreign = other.openings.get()
    assert client_for("coordinator").post(remove_url(point, foreign)).status_code == 404
    assert VotingPointOpening.objects.filter(pk=foreign.pk).exists()
