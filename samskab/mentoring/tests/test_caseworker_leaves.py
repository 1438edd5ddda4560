"""A caseworker deletes their account: their cases go to the programme's coordinators (audited),
or, with no coordinator to take them, the deletion is refused with the reason and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samskab.accounts import actions as account_actions
from samskab.accounts.models import User
from samskab.accounts.privacy_hooks import AccountDeletionRefused
from samskab.audit.models import AuditEvent
from samskab.mentoring import actions
from samskab.mentoring.models import Referral, ReferralStatus
from samskab.mentoring.tests.conftest import ALL_YES, World

pytestmark = pytest.mark.django_db


def test_the_coordinator_cannot_act_on_a_case_awaiting_consent_before(personas, world, client_for):
    url = reverse("mentoring:referral", args=[world.waiting.pk])
    assert client_for("coordinator").get(url).status_code == 403


def test_a_deleted_caseworkers_cases_are_handed_to_the_coordinators(
    personas: Any, world: World, client_for: Any
) -> None:
    caseworker = personas.caseworker
    email = caseworker.email
    account_actions.delete_account(caseworker)

    assert not User.objects.filter(pk=caseworker.pk).exists()
    waiting = Referral.objects.get(pk=world.waiting.pk)
    assert waiting.name == "Emma Venter"  # nothing lost
    assert waiting.handed_over_at is not None and waiting.handed_over_from == email
    events = AuditEvent.objects.filter(action="mentoring.referral_handed_over")
    assert set(events.values_list("target_id", flat=True)) == {
        str(world.waiting.pk),
        str(world.referral.pk),
    }
    assert all(event.details["to"] == [personas.coordinator.email] for event in events)

    coordinator = client_for("coordinator")
    page = coordinator.get(reverse("mentoring:referral", args=[waiting.pk]))
    assert page.status_code == 200 and "Emma Venter" in page.content.decode()
    assert "Emma Venter" in coordinator.get(reverse("mentoring:index")).content.decode()
    # The coordinator can now act: record the young person's consent at a meeting.
    response = coordinator.post(
        reverse("mentoring:consent_in_person", args=[waiting.pk]),
        {purpose: "yes" for purpose in ALL_YES},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.READY
    # Nobody else gained anything: the other caseworker and a mentor still see nothing.
    karen = client_for(None)
    karen.force_login(world.other_caseworker)
    assert karen.get(reverse("mentoring:referral", args=[waiting.pk])).status_code == 403


def test_a_coordinator_of_another_programme_gets_nothing(personas, world, programme):
    other = User.objects.create_user("olga.k@example.org", "pw")
    actions.create_programme(
        organisation=personas.association,
        partner=personas.municipality,
        name="Andet program",
        slug="andet",
        target_group="Unge",
        area="Fjordby",
        capacity=5,
        coordinators=[other],
    )
    account_actions.delete_account(personas.caseworker)
    from samskab.mentoring.permissions import can_view_referral

    waiting = Referral.objects.get(pk=world.waiting.pk)
    assert can_view_referral(personas.coordinator, waiting)
    assert not can_view_referral(other, waiting)


def test_without_a_coordinator_the_deletion_is_refused_and_nothing_changes(
    personas: Any, world: World, client_for: Any
) -> None:
    world.programme.coordinators.clear()
    with pytest.raises(AccountDeletionRefused) as refused:
        account_actions.delete_account(personas.caseworker)
    assert "Mentor i øjenhøjde" in str(refused.value)
    assert User.objects.filter(pk=personas.caseworker.pk).exists()
    assert Referral.objects.get(pk=world.waiting.pk).referred_by == personas.caseworker
    assert not AuditEvent.objects.filter(action="accounts.account_deleted").exists()

    client = client_for("caseworker")
    response = client.post(reverse("accounts:delete_account"), {"password": "test-password-123"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "koordinator" in page and "Intet er ændret" in page
    assert User.objects.filter(pk=personas.caseworker.pk).exists()
