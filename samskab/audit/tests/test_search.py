"""The audit log search: filters, validation, pagination, and who may use it."""

from __future__ import annotations

import datetime

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from samskab.accounts.models import Membership, Role
from samskab.audit.actions import record_event, record_read
from samskab.audit.models import AuditEvent
from samskab.audit.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

URL = "/revision/"


def _rows(response: HttpResponse) -> int:
    return int(response.content.decode().count("<tr>")) - 1  # minus the header row


def test_url_name():
    assert reverse("audit:search") == URL


@pytest.fixture
def events(personas):
    record_read(personas.caseworker, personas.citizen, summary="sagsopslag")
    record_event(
        personas.coordinator, "accounts.consent_given", personas.association, summary="samtykke"
    )
    record_event(personas.admin, "accounts.account_deleted", personas.outsider, summary="sletning")
    return personas


def test_admin_sees_every_event_and_the_search_is_itself_logged(client_for, events):
    response = client_for("admin").get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "sagsopslag" in text and "samtykke" in text and "sletning" in text
    searched = AuditEvent.objects.filter(action="audit.log_searched", actor=events.admin)
    assert searched.count() == 1
    assert "audit.log_searched" in text  # the search shows up in its own results


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "KASPER@"}, "sagsopslag"),
        ({"action": "accounts.consent_given"}, "samtykke"),
        ({"target_type": "accounts.user", "action": "audit.record_read"}, "sagsopslag"),
    ],
)
def test_filters_narrow_the_results(client_for, events, query, expected):
    response = client_for("admin").get(URL, query)
    assert response.status_code == 200
    text = response.content.decode()
    assert expected in text
    others = {"sagsopslag", "samtykke", "sletning"} - {expected}
    assert not any(other in text for other in others)


def test_details_are_shown(client_for, personas):
    record_event(personas.caseworker, "accounts.consent_given", details={"purpose": "Mentorforløb"})
    assert "purpose: Mentorforløb" in client_for("admin").get(URL).content.decode()


def test_record_id_filter(client_for, events):
    response = client_for("admin").get(
        URL, {"target_type": "accounts.user", "target_id": str(events.outsider.pk)}
    )
    text = response.content.decode()
    assert "sletning" in text and "sagsopslag" not in text


def test_date_filters_are_inclusive_days(client_for, events):
    today = timezone.localdate()
    client = client_for("admin")
    same_day = client.get(URL, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert "sagsopslag" in same_day.content.decode()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    later = client.get(URL, {"date_from": tomorrow})
    assert "sagsopslag" not in later.content.decode()
    danish_format = client.get(URL, {"date_to": today.strftime("%d-%m-%Y")})
    assert "sagsopslag" in danish_format.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-13-45"}, "Skriv en gyldig dato"),
        ({"date_to": "i går"}, "Skriv en gyldig dato"),
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "Til-datoen ligger før fra-datoen"),
        ({"action": "x" * 65}, "højst have 64 tegn"),
    ],
)
def test_bad_filters_give_a_clear_error_not_a_500(client_for, events, query, message):
    response = client_for("admin").get(URL, query)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "sagsopslag" not in text


def test_bad_filter_message_in_english(client_for, events):
    client = client_for("admin")
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"date_from": "not-a-date"})
    assert response.status_code == 400
    assert "Enter a valid date as yyyy-mm-dd" in response.content.decode()


def test_pagination_and_bad_page_numbers(client_for, personas):
    for number in range(PAGE_SIZE + 5):
        record_event(
            personas.caseworker, "audit.record_read", personas.citizen, summary=f"opslag {number}"
        )
    client = client_for("admin")
    first = client.get(URL)
    assert _rows(first) == PAGE_SIZE
    assert "side=2" in first.content.decode()
    second = client.get(URL, {"side": "2"})
    assert _rows(second) == 7  # 55 reads + 2 searches (this one too), minus the first 50
    for bad in ["0", "-1", "abc", "9999"]:
        assert client.get(URL, {"side": bad}).status_code == 200


def test_pagination_keeps_the_filters(client_for, personas):
    for number in range(PAGE_SIZE + 1):
        record_event(
            personas.caseworker, "audit.record_read", personas.citizen, summary=f"opslag {number}"
        )
    response = client_for("admin").get(URL, {"action": "audit.record_read"})
    assert "action=audit.record_read&amp;side=2" in response.content.decode()


def test_query_count_does_not_grow_with_the_log(
    client_for, personas, django_assert_max_num_queries
):
    for number in range(PAGE_SIZE * 2):
        record_event(
            personas.caseworker, "audit.record_read", personas.citizen, summary=f"opslag {number}"
        )
    client = client_for("admin")
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert _rows(response) == PAGE_SIZE


def test_municipal_administrator_without_staff_flag_may_search(client_for, personas):
    personas.admin.is_staff = False
    personas.admin.is_superuser = False
    personas.admin.save()
    assert client_for("admin").get(URL).status_code == 200


def test_staff_without_administrator_role_may_search(client_for, personas):
    personas.outsider.is_staff = True
    personas.outsider.save()
    assert client_for("outsider").get(URL).status_code == 200


def test_refused_search_is_not_logged_and_shows_nothing(client_for, events):
    response = client_for("caseworker").get(URL, {"action": "audit.record_read"})
    assert response.status_code == 403
    assert "sagsopslag" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.log_searched").exists()


def test_administrator_role_in_any_organisation_counts(client_for, personas):
    Membership.objects.create(
        user=personas.volunteer, organisation=personas.association, role=Role.ADMINISTRATOR
    )
    assert client_for("volunteer").get(URL).status_code == 200
