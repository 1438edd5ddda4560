"""Gaps found in the security review, each shown by a test before it was fixed."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from PIL import Image

from samskab.audit.models import AuditEvent
from samskab.budgets.forms import ProposalForm
from samskab.mentoring.models import MentorProfile, Outcome


def _reads_of(target: Any) -> int:
    return AuditEvent.objects.filter(
        action=AuditEvent.READ, target_type=target._meta.label_lower, target_id=str(target.pk)
    ).count()


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 100, 50)).save(buffer, format=image_format)
    return buffer.getvalue()


def _proposal_form(upload: SimpleUploadedFile) -> ProposalForm:
    data = {
        "title": "Bænke ved fjorden",
        "description": "Flere bænke.",
        "estimated_cost": "10000",
        "image_description": "En bænk.",
    }
    return ProposalForm(data, MultiValueDict({"image": [upload]}))


def test_a_proposal_image_must_be_jpeg_png_or_webp():
    form = _proposal_form(SimpleUploadedFile("b.gif", _image("GIF"), "image/gif"))
    form.is_valid()
    assert "image" in form.errors
    assert "JPEG" in str(form.errors["image"])


def test_a_proposal_image_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr("samskab.budgets.forms.MAX_IMAGE_BYTES", 50)
    form = _proposal_form(SimpleUploadedFile("b.png", _image("PNG"), "image/png"))
    form.is_valid()
    assert "image" in form.errors


def test_a_small_png_proposal_image_is_accepted():
    form = _proposal_form(SimpleUploadedFile("b.png", _image("PNG"), "image/png"))
    form.is_valid()
    assert "image" not in form.errors


@pytest.mark.django_db
def test_a_huge_topic_id_on_sign_up_is_a_form_error_not_a_server_error(client):
    from samskab.newsletter.models import Subscription

    client.raise_request_exception = False
    response = client.post(
        reverse("newsletter:subscribe"), {"email": "ny@borger.demo", "topics": "9" * 30}
    )
    assert response.status_code in (200, 400)
    assert "topics" in response.context["form"].errors
    assert not Subscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_no_open_redirect_after_login_or_language_change(personas, client, target):
    password = "en-anden-adgangskode-42"
    personas.citizen.set_password(password)
    personas.citizen.save()
    response = client.post(
        reverse("accounts:login") + f"?next={target}",
        {"username": personas.citizen.email, "password": password, "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert "javascript" not in response["Location"]
    for name in ("core:set_language", "set_language"):
        response = client.post(reverse(name), {"language": "en", "next": target})
        assert "evil.example" not in response.get("Location", "")
        assert "javascript" not in response.get("Location", "")


READ_ONLY_PAGES = [
    "core:home",
    "accounts:signup_done",
    "accounts:data_export",
    "accounts:consents",
    "discussion:moderation",
    "newsletter:check_inbox",
    "newsletter:issues",
    "newsletter:news_list",
    "newsletter:news_detail",
    "budgets:index",
    "budgets:process_detail",
    "budgets:proposal_list",
    "budgets:proposal_detail",
    "budgets:meeting_detail",
    "budgets:results",
    "budgets:results_file",
    "budgets:results_verify",
    "budgets:funded_project",
    "mentoring:index",
    "audit:search",
]


@pytest.mark.django_db
class TestOnTheDemo:
    """These tests share one demo load (`tests/conftest.py`); each test is rolled back."""

    @pytest.fixture
    def personas(self, shared_demo_for_class, db):
        return shared_demo_for_class

    def test_reading_a_mentor_profile_with_its_certificate_check_is_logged(
        self, personas, client_for
    ):
        mentor = MentorProfile.objects.order_by("pk").first()
        assert mentor is not None
        before = _reads_of(mentor)
        response = client_for("coordinator").get(
            reverse("mentoring:mentor_review", args=[mentor.pk])
        )
        assert response.status_code == 200
        assert _reads_of(mentor) == before + 1

    def test_opening_an_outcome_form_logs_a_read_of_the_referral(self, personas, client_for):
        outcome = Outcome.objects.select_related("referral").order_by("pk").first()
        assert outcome is not None
        before = _reads_of(outcome.referral)
        response = client_for("caseworker").get(reverse("mentoring:outcome", args=[outcome.pk]))
        assert response.status_code == 200
        assert _reads_of(outcome.referral) == before + 1

    def test_read_only_pages_refuse_post(self, personas, client_for):
        """Pages that only show things answer a POST with 405, so no form can be pointed at them."""
        from tests.urlwalk import Route, all_routes, url_for

        routes: dict[str, Route] = {route.name: route for route in all_routes()}
        client = client_for("admin")
        accepted = []
        for name in READ_ONLY_PAGES:
            url = url_for(routes[name])
            assert client.get(url).status_code == 200, name
            if client.post(url).status_code != 405:
                accepted.append(name)
        assert accepted == []
