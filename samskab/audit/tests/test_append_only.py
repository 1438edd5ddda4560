"""The audit log is append-only: no change or delete through the ORM or the admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from samskab.audit.actions import record_event, record_read
from samskab.audit.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def test_record_event_keeps_who_what_which_and_where(personas):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7")
    event = record_event(
        personas.caseworker,
        "audit.record_read",
        personas.citizen,
        summary="x" * 600,
        details={"fields": ["navn"]},
        request=request,
    )
    event.refresh_from_db()
    assert event.actor == personas.caseworker
    assert event.actor_label == personas.caseworker.email
    assert (event.target_type, event.target_id) == ("accounts.user", str(personas.citizen.pk))
    assert len(event.summary) == 500
    assert event.details == {"fields": ["navn"]}
    assert event.ip_address == "10.0.0.7"


def test_record_read_uses_the_read_action(personas):
    event = record_read(personas.caseworker, personas.citizen)
    assert event.action == AuditEvent.READ


def test_saving_an_existing_event_raises(personas):
    event = record_event(personas.admin, "audit.log_searched", summary="original")
    event.summary = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    event.refresh_from_db()
    assert event.summary == "original"


def test_deleting_an_event_raises(personas):
    event = record_event(personas.admin, "audit.log_searched")
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_has_no_add_change_or_delete(personas):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = personas.admin  # a superuser
    event = record_event(personas.admin, "audit.log_searched")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert model_admin.has_view_permission(request, event)


def test_admin_change_page_refuses_a_post(client_for, personas):
    event = record_event(personas.admin, "audit.log_searched", summary="original")
    client = client_for("admin")
    response = client.post(
        f"/admin/audit/auditevent/{event.pk}/change/", {"summary": "changed", "action": "y"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.summary == "original"
    delete = client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
