"""Co-design workshops: any partner records one with head counts by sector and from the target
group (no names); the initiative page shows who came."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samskab.audit.models import AuditEvent
from samskab.initiatives import actions
from samskab.initiatives.models import Initiative, Workshop, WorkshopKind

pytestmark = pytest.mark.django_db


def _start(personas: Any) -> Initiative:
    return actions.create_initiative(
        personas.coordinator,
        personas.association,
        name="Lektiecafé i Østerlund",
        area="Østerlund",
        target_group="Børn med få netværk",
        is_public=True,
    )


def _form(**counts: str) -> dict[str, str]:
    return {
        "kind": WorkshopKind.PROBLEM,
        "held_on": "2026-11-20",
        "place": "Beboerhuset",
        "outputs": "De unge vil have hjælp tæt på.",
        **{f"count_{sector}": value for sector, value in counts.items()},
    }


def test_a_partner_records_a_workshop_with_counts_by_sector(personas, client_for):
    initiative = _start(personas)
    url = reverse("initiatives:record_workshop", args=[initiative.slug])
    response = client_for("coordinator").post(url, _form(forening="3", kommune="2", maalgruppe="9"))
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert workshop.attendance_by_sector() == {"forening": 3, "kommune": 2, "maalgruppe": 9}
    assert workshop.held_on == dt.date(2026, 11, 20)
    assert initiative.slug == "lektiecafe-i-oesterlund"  # æ, ø and å spelled out
    event = AuditEvent.objects.get(action="initiatives.workshop_recorded")
    assert event.details["attendance"] == {"forening": 3, "kommune": 2, "maalgruppe": 9}
    page = client_for("outsider").get(initiative.get_absolute_url()).content.decode()
    assert "Deltagere: 2 Kommune, 3 Forening / frivillig organisation, 9 målgruppen." in page


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({}, "mindst fra én sektor"),
        ({"forening": "-1"}, "større end eller lig 0"),
    ],
    ids=["nobody", "negative"],
)
def test_a_workshop_nobody_came_to_is_refused(personas, client_for, counts, message):
    initiative = _start(personas)
    url = reverse("initiatives:record_workshop", args=[initiative.slug])
    response = client_for("coordinator").post(url, _form(**counts))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Workshop.objects.exists()


def test_only_partners_record_workshops(personas, client_for):
    initiative = _start(personas)
    url = reverse("initiatives:record_workshop", args=[initiative.slug])
    assert client_for("outsider").get(url).status_code == 403
    assert client_for("citizen").post(url, _form(forening="1")).status_code == 403
    assert not Workshop.objects.exists()
