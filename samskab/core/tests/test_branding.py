"""Branding per installation: set by a staff administrator in the site, shown in the header,
footer, branding stylesheet, mails and the printed code sheet."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from samskab.audit.models import AuditEvent
from samskab.core.branding import mail_signature
from samskab.core.colour import contrast_ratio
from samskab.core.models import DEFAULT_PRIMARY_COLOUR, SiteBranding

URL = "/administration/branding/"


def _form(**changes: str) -> dict[str, str]:
    data = {
        "municipality_name": "Fjordby Kommune",
        "primary_colour": "#00558c",
        "address": "Rådhuspladsen 1\n7000 Fjordby",
        "phone": "70 10 20 30",
        "email": "kontakt@fjordby.dk",
        "web": "https://fjordby.dk",
        "footer_links": "Borgerservice | https://fjordby.dk/borgerservice",
    }
    data.update(changes)
    return data


def _png(width: int = 20, height: int = 10) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA edge
    assert contrast_ratio(DEFAULT_PRIMARY_COLOUR, "#ffffff") >= 4.5


def test_defaults_before_anything_is_saved(db, settings):
    settings.SITE_NAME = "Testby"
    branding = SiteBranding.current()
    assert branding.name == "Testby"
    assert branding.primary_colour == DEFAULT_PRIMARY_COLOUR
    assert not SiteBranding.objects.exists()  # reading never writes


@pytest.mark.parametrize("persona", [None, "citizen", "coordinator"])
def test_only_staff_open_the_branding_page(persona, client_for):
    client = client_for(persona)
    for response in (client.get(URL), client.post(URL, _form())):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/konto/log-ind/" in response["Location"]
    assert not SiteBranding.objects.exists()


def test_staff_sets_branding_and_it_shows_everywhere(client_for):
    admin = client_for("admin")
    assert admin.get(URL).status_code == 200
    response = admin.post(URL, {**_form(), "logo": _png()})
    assert response.status_code == 302
    branding = SiteBranding.current()
    assert branding.municipality_name == "Fjordby Kommune"
    assert branding.logo.name.startswith("branding/")
    event = AuditEvent.objects.get(action="core.branding_updated")
    assert "primary_colour" in event.details["changed"]

    page = Client().get("/").content.decode()
    assert '<span class="site-brand-name">Fjordby Kommune</span>' in page
    assert branding.logo.url in page
    assert "kontakt@fjordby.dk" in page and "tel:70102030" in page
    assert 'href="https://fjordby.dk/borgerservice">Borgerservice</a>' in page
    assert f"/branding.css?v={branding.version}" in page
    assert "<title>Forside · Fjordby Kommune</title>" in page

    css = Client().get(reverse("core:branding_css"))
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "max-age=86400" in css["Cache-Control"]
    assert "--accent: #00558c;" in css.content.decode()


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("#ffbf47", "kontrasten 1,6:1"),
        ("#00ff00", "kontrasten 1,3:1; der skal mindst 4,5:1"),
        ("blue", "#rrggbb"),
    ],
)
def test_a_colour_white_text_cannot_be_read_on_is_refused(colour, message, client_for):
    response = client_for("admin").post(URL, _form(primary_colour=colour))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SiteBranding.objects.exists()


def test_a_bad_footer_link_and_a_non_image_logo_are_refused(client_for):
    bad = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client_for("admin").post(
        URL, {**_form(footer_links="Borgerservice fjordby.dk"), "logo": bad}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Linje 1" in text
    assert not SiteBranding.objects.exists()


def test_mails_end_with_the_municipality_and_its_contact(personas, client):
    SiteBranding(**{k: v for k, v in _form().items()}).save()
    client.post(reverse("accounts:password_reset"), {"email": personas.citizen.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.rstrip().endswith("https://fjordby.dk")
    assert "Fjordby Kommune\nRådhuspladsen 1" in body
    assert "Telefon: 70 10 20 30" in body


def test_signature_follows_the_language(db):
    from django.utils import translation

    SiteBranding(**_form()).save()
    with translation.override("en"):
        assert "Phone: 70 10 20 30" in mail_signature()


def test_the_code_sheet_names_the_municipality():
    from django.template.loader import render_to_string

    branding = SiteBranding(municipality_name="Fjordby Kommune")
    html = render_to_string(
        "budgets/code_sheet.html",
        {"BRANDING": branding, "codes": ["ABCD-EFGH"], "batch": "1", "process": {"slug": "x"}},
    )
    assert html.count("Fjordby Kommune") >= 2  # on the sheet and on each cut-out card


def test_newsletter_and_mentoring_mails_carry_the_signature(personas):
    from samskab.mentoring.notify import remind_about_outcomes
    from samskab.newsletter.mail import already_subscribed_message, confirmation_message

    SiteBranding(**_form()).save()
    for message in (
        confirmation_message("a@example.org", [], "da"),
        already_subscribed_message("a@example.org", [], "en"),
    ):
        assert "Fjordby Kommune\nRådhuspladsen 1" in message.body
    remind_about_outcomes(personas.caseworker, [])
    assert "kontakt@fjordby.dk" in mail.outbox[-1].body


def test_the_django_admin_edits_the_same_row_through_the_action(client_for):
    admin = client_for("admin")
    url = reverse("admin:core_sitebranding_add")
    refused = admin.post(url, _form(primary_colour="#ffbf47"))
    assert refused.status_code == 200 and "4,5:1" in refused.content.decode()
    assert admin.post(url, _form()).status_code == 302
    assert SiteBranding.objects.get().pk == 1
    assert AuditEvent.objects.filter(action="core.branding_updated").count() == 1
    assert admin.get(url).status_code == 403  # one row only: no second "add"
