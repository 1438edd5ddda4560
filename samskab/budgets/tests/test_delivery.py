"""Delivery tracking: who may change what, cancel needs a reason, photos are checked, the
timeline shows updates, every change is audited, and overdue reminders go out once."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.actions import ActionRefused
from samskab.budgets.models import DeliveryStatus, DeliveryUpdate, FundedProject
from samskab.budgets.tasks import remind_overdue_deliveries
from samskab.budgets.tests.counted import counted_process, end_voting_now

pytestmark = pytest.mark.django_db

ROLES = [None, "admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]
MANAGERS = {"admin", "coordinator"}


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def project(personas):
    process = counted_process(personas, slug="levering")
    return FundedProject.objects.filter(proposal__process=process).order_by("pk").first()


def urls(project: FundedProject) -> dict[str, str]:
    args = [project.proposal.process.slug, project.pk]
    return {
        "page": reverse("budgets:funded_project", args=args),
        "status": reverse("budgets:funded_project_status", args=args),
        "update": reverse("budgets:funded_project_update", args=args),
        "responsible": reverse("budgets:funded_project_responsible", args=args),
    }


@pytest.mark.parametrize("role", ROLES)
def test_delivery_grid(project, client_for, role):
    client = client_for(role)
    links = urls(project)
    assert client.get(links["page"]).status_code == 200  # the timeline is public
    response = client.post(links["status"], {"status": "in_progress", "progress": "40"})
    assert response.status_code == (302 if role in MANAGERS else 403)
    project.refresh_from_db()
    assert project.progress == (40 if role in MANAGERS else 0)
    response = client.post(links["update"], {"date": "2026-05-01", "text": "Vi er i gang"})
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert DeliveryUpdate.objects.filter(project=project).exists() == (role in MANAGERS)
    response = client.post(links["responsible"], {"responsible": ""})
    assert response.status_code == (302 if role in MANAGERS else 403)


def test_delivery_pages_hidden_before_the_result_phase(personas, client_for):
    process = counted_process(personas, slug="tidligt", current="voting", count=False)
    from samskab.budgets.actions import count_votes

    end_voting_now(process, personas)
    count_votes(personas.coordinator, process)  # counted, but the result phase has not started
    funded = FundedProject.objects.filter(proposal__process=process)[0]
    assert client_for(None).get(urls(funded)["page"]).status_code == 403
    assert client_for("citizen").get(urls(funded)["page"]).status_code == 403
    assert client_for("coordinator").get(urls(funded)["page"]).status_code == 200


def test_responsible_person_may_update_and_is_assigned_by_a_coordinator(
    project, personas, client_for
):
    links = urls(project)
    volunteer = client_for("volunteer")
    assert (
        volunteer.post(links["status"], {"status": "in_progress", "progress": "10"}).status_code
        == 403
    )
    response = client_for("coordinator").post(
        links["responsible"], {"responsible": personas.caseworker.pk}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.responsible == personas.caseworker
    caseworker = client_for("caseworker")
    assert (
        caseworker.post(links["status"], {"status": "in_progress", "progress": "10"}).status_code
        == 302
    )
    # ... but cannot hand the project to someone else.
    assert caseworker.post(links["responsible"], {"responsible": ""}).status_code == 403
    assert AuditEvent.objects.filter(action="budgets.delivery_responsible_set").count() == 1


def test_outsider_cannot_be_made_responsible(project, personas, client_for):
    response = client_for("coordinator").post(
        urls(project)["responsible"], {"responsible": personas.outsider.pk}
    )
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.responsible is None


def test_cancel_needs_a_reason(project, personas, client_for):
    client = client_for("coordinator")
    response = client.post(urls(project)["status"], {"status": "cancelled", "progress": "0"})
    assert response.status_code == 400
    assert "Skriv en begrundelse" in response.content.decode()
    project.refresh_from_db()
    assert project.status == DeliveryStatus.NOT_STARTED
    with pytest.raises(ActionRefused):
        actions.update_delivery(
            personas.coordinator, project, status="cancelled", progress=0, cancel_reason="  "
        )
    response = client.post(
        urls(project)["status"],
        {"status": "cancelled", "progress": "0", "cancel_reason": "Lokalet brændte"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.cancel_reason) == ("cancelled", "Lokalet brændte")
    page = client_for(None).get(urls(project)["page"]).content.decode()
    assert "Lokalet brændte" in page


def test_bad_status_and_progress_are_refused(project, client_for):
    client = client_for("coordinator")
    for data in (
        {"status": "flying", "progress": "10"},
        {"status": "in_progress", "progress": "101"},
        {"status": "in_progress", "progress": "-1"},
        {"status": "in_progress", "progress": "abc"},
    ):
        assert client.post(urls(project)["status"], data).status_code == 400
    project.refresh_from_db()
    assert (project.status, project.progress) == ("not_started", 0)
    assert not AuditEvent.objects.filter(action="budgets.delivery_status_changed").exists()


def test_delivered_means_100_percent_and_is_audited(project, personas):
    actions.update_delivery(personas.coordinator, project, status="delivered", progress=70)
    project.refresh_from_db()
    assert project.progress == 100
    event = AuditEvent.objects.get(action="budgets.delivery_status_changed")
    assert event.details["after"] == {"status": "delivered", "progress": 100}


def test_update_with_photo_appears_on_the_timeline(project, client_for):
    photo = SimpleUploadedFile("byggeri.png", png_bytes(), content_type="image/png")
    response = client_for("coordinator").post(
        urls(project)["update"],
        {
            "date": "2026-06-01",
            "text": "Fundamentet er støbt",
            "photo": photo,
            "photo_description": "Betonfundament med armering",
        },
    )
    assert response.status_code == 302
    update = DeliveryUpdate.objects.get(project=project)
    assert update.photo.name.startswith("budgets/delivery/")
    page = client_for(None).get(urls(project)["page"]).content.decode()
    assert "Fundamentet er støbt" in page
    assert 'alt="Betonfundament med armering"' in page
    assert AuditEvent.objects.filter(action="budgets.delivery_update_added").count() == 1


@pytest.mark.parametrize(
    ("upload", "description", "message"),
    [
        (("notes.png", b"not an image at all"), "Tekst", "Indsend en billedfil"),
        (("anim.gif", None), "Tekst", "JPEG, PNG eller WebP"),
        (("stor.png", b"big"), "Tekst", "for stort"),
        (("ok.png", None), "", "Beskriv billedet"),
    ],
)
def test_bad_photos_get_a_clear_message_and_change_nothing(
    project, client_for, settings, upload, description, message, monkeypatch
):
    name, content = upload
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4)).save(buffer, format="GIF" if name.endswith(".gif") else "PNG")
        content = buffer.getvalue()
    if content == b"big":
        content = png_bytes()
        from samskab.budgets import delivery_forms

        monkeypatch.setattr(delivery_forms, "MAX_PHOTO_BYTES", len(content) - 1)
    response = client_for("coordinator").post(
        urls(project)["update"],
        {
            "date": "2026-06-01",
            "text": "Billede",
            "photo": SimpleUploadedFile(name, content),
            "photo_description": description,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DeliveryUpdate.objects.exists()


def test_overdue_reminder_is_sent_once_to_coordinators(project, personas):
    late = FundedProject.objects.filter(pk=project.pk)
    late.update(deadline=timezone.localdate() - timedelta(days=1), responsible=personas.caseworker)
    done = FundedProject.objects.exclude(pk=project.pk).get()
    FundedProject.objects.filter(pk=done.pk).update(
        deadline=timezone.localdate() - timedelta(days=1), status="delivered", progress=100
    )
    mail.outbox.clear()
    assert remind_overdue_deliveries.call() == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([personas.coordinator.email, personas.caseworker.email])
    assert project.proposal.title in mail.outbox[0].subject
    assert remind_overdue_deliveries.call() == 0
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="budgets.delivery_reminder_sent").count() == 1


def test_no_reminder_before_the_deadline(project):
    FundedProject.objects.filter(pk=project.pk).update(deadline=date(2999, 1, 1))
    mail.outbox.clear()
    assert remind_overdue_deliveries.call() == 0
    assert mail.outbox == []


def test_citizens_comment_on_a_funded_project(project, personas, client_for):
    from samskab.discussion.models import Comment

    post_url = reverse("discussion:post", args=["budgets.fundedproject", project.pk])
    response = client_for("citizen").post(post_url, {"body": "Glæder mig til at komme!"})
    assert response.status_code == 302
    assert Comment.objects.get().author == personas.citizen
    assert (
        "Glæder mig til at komme!" in client_for(None).get(urls(project)["page"]).content.decode()
    )


def test_no_comments_on_a_project_before_the_result_is_public(personas, client_for):
    from samskab.budgets.actions import count_votes
    from samskab.discussion.models import Comment

    process = counted_process(personas, slug="tidligt", current="voting", count=False)
    end_voting_now(process, personas)
    count_votes(personas.coordinator, process)
    funded = FundedProject.objects.filter(proposal__process=process)[0]
    post_url = reverse("discussion:post", args=["budgets.fundedproject", funded.pk])
    response = client_for("citizen").post(post_url, {"body": "Hej"})
    assert response.status_code in (403, 404)
    assert not Comment.objects.exists()


def test_privacy_export_and_erase_cover_delivery(project, personas):
    from samskab.budgets.privacy import erase_user_data, export_user_data

    actions.assign_responsible(personas.coordinator, project, personas.caseworker)
    actions.add_delivery_update(personas.caseworker, project, text="Startet", date=date(2026, 5, 1))
    exported = export_user_data(personas.caseworker)
    assert exported["responsible_for"] == [project.proposal.title]
    assert exported["delivery_updates"][0]["text"] == "Startet"
    erase_user_data(personas.caseworker)
    project.refresh_from_db()
    assert project.responsible is None
    update = DeliveryUpdate.objects.get(project=project)
    assert update.author is None and update.text == "Startet"
