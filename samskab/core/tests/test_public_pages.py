"""The public-service pages: open to everyone in both languages, linked from every page's
footer and from the forms that collect personal data, edited by staff only."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samskab.audit.models import AuditEvent
from samskab.core.models import PublicPage
from samskab.core.pages import render_text

PAGES = {
    "privacy": ("Privatlivspolitik", "Privacy policy", "Datatilsynet"),
    "accessibility": (
        "Tilgængelighedserklæring",
        "Accessibility statement",
        "Digitaliseringsstyrelsen",
    ),
    "cookies": ("Cookies", "Cookies", settings.SESSION_COOKIE_NAME),
    "contact": ("Kontakt", "Contact", "CPR"),
}


def _in(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("language", ["da", "en"])
def test_each_page_renders_for_anonymous_visitors(kind, language, db):
    title_da, title_en, fact = PAGES[kind]
    response = _in(Client(), language).get(reverse(f"core:{kind}"))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"<h1>{title_da if language == 'da' else title_en}</h1>" in text
    assert fact in text
    assert (
        "Senest opdateret 1. december 2026" if language == "da" else "Last updated 1 December 2026"
    ) in text
    assert "Redigér siden" not in text and "Edit the page" not in text


def test_the_cookies_page_lists_the_cookies_this_site_sets(db):
    text = Client().get(reverse("core:cookies")).content.decode()
    for name in (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "messages",
    ):
        assert f"<li>{name}:" in text
    assert "cookie-banner" in text


def test_the_accessibility_statement_has_the_published_structure(db):
    text = Client().get(reverse("core:accessibility")).content.decode()
    for heading in (
        "Overholdelsesstatus",
        "Utilgængeligt indhold",
        "Feedback og kontakt",
        "Håndhævelsesprocedure",
    ):
        assert f"<h2>{heading}</h2>" in text
    assert 'href="https://www.was.digst.dk"' in text


@pytest.mark.parametrize(
    "path",
    ["/", "/konto/log-ind/", "/borgerbudget/", "/nyhedsbrev/nyheder/", "/privatlivspolitik/"],
)
def test_every_page_footer_links_the_public_service_pages(path, db):
    text = Client().get(path).content.decode()
    footer = text[text.index("<footer>") :]
    for kind in PAGES:
        assert f'href="{reverse(f"core:{kind}")}"' in footer


@pytest.mark.parametrize("url_name", ["accounts:signup", "newsletter:subscribe"])
def test_forms_that_collect_personal_data_link_the_privacy_policy(url_name, db):
    text = Client().get(reverse(url_name)).content.decode()
    form = text[text.index("<main") : text.index("<footer>")]
    assert f'href="{reverse("core:privacy")}">Læs hvordan vi behandler dine oplysninger' in form


def test_the_other_personal_data_forms_include_the_privacy_link():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for template in (
        "mentoring/templates/mentoring/referral_form.html",
        "mentoring/templates/mentoring/signup.html",
        "mentoring/templates/mentoring/mentor_apply.html",
        "mentoring/templates/mentoring/consent.html",
        "accounts/templates/accounts/consents.html",
        "budgets/templates/budgets/eligibility.html",
    ):
        assert 'include "includes/privacy_notice.html"' in (root / template).read_text(), template


@pytest.mark.parametrize("persona", [None, "citizen", "coordinator"])
def test_people_who_are_not_staff_cannot_edit_a_page(persona, client_for):
    client = client_for(persona)
    url = reverse("core:edit_page", args=["privacy"])
    data = {"title_da": "X", "body_da": "X", "title_en": "X", "body_en": "X"}
    for response in (client.get(url), client.post(url, data)):
        assert response.status_code in (302, 403)
    assert not PublicPage.objects.exists()


def test_staff_edit_a_page_and_visitors_see_it(client_for):
    admin = client_for("admin")
    url = reverse("core:edit_page", args=["contact"])
    form_page = admin.get(url).content.decode()
    assert "Skriv ikke CPR-nummer" in form_page  # the form starts from the default text
    data = {
        "title_da": "Kontakt Fjordby",
        "body_da": "## Borgerservice\nRing <b>70 10 20 30</b>.\n\n- Mandag\n- Tirsdag",
        "title_en": "Contact Fjordby",
        "body_en": "Call us.",
    }
    assert admin.post(url, data).status_code == 302
    assert AuditEvent.objects.filter(action="core.public_page_updated").count() == 1
    text = Client().get(reverse("core:contact")).content.decode()
    assert "<h1>Kontakt Fjordby</h1>" in text
    assert "<h2>Borgerservice</h2>" in text
    assert "&lt;b&gt;70 10 20 30&lt;/b&gt;" in text  # escaped, never HTML
    assert "<ul><li>Mandag</li><li>Tirsdag</li></ul>" in text
    english = _in(Client(), "en").get(reverse("core:contact")).content.decode()
    assert "<h1>Contact Fjordby</h1>" in english and "Call us." in english
    admin.post(url, {**data, "body_en": "Call us today."})
    assert PublicPage.objects.count() == 1


def test_page_format_escapes_and_links():
    html = render_text("Se https://example.org <script>alert(1)</script>\nny linje")
    assert "<script>" not in html
    assert 'href="https://example.org"' in html
    assert "<br>" in html
