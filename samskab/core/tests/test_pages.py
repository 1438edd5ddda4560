"""The core pages: front page, menu, language switch, error pages and the admin, per persona."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from samskab.core.templatetags.samskab_nav import url_if_exists

ROLES = [None, "admin", "coordinator", "caseworker", "volunteer", "citizen", "auditor", "outsider"]


@pytest.mark.parametrize("role", ROLES)
def test_front_page_is_open_to_everyone(client_for, role):
    response = client_for(role).get(reverse("core:home"))
    assert response.status_code == 200
    assert "Velkommen til samskab" in response.text
    assert "Vær med" in response.text


def test_front_page_without_module_content_still_explains_and_invites(
    client, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("core:home"))
    text = response.text
    assert "Borgerbudget" in text and "Frivillig mentor" in text and "Nyheder" in text
    # The menu marks where we are, not by colour alone but for screen readers too.
    assert '<a href="/" class="nav-link" aria-current="page"><span>Forside</span></a>' in text
    # Once in the desktop menu, once in the phone's menu drawer.
    assert text.count('aria-current="page"') == 2


def test_front_page_shows_login_link_to_anonymous_and_logout_to_members(client_for):
    anonymous = client_for(None).get("/").text
    member = client_for("citizen").get("/").text
    assert reverse("accounts:login") in anonymous and "Log ud" not in anonymous
    assert "Log ud" in member and reverse("accounts:profile") in member


def test_module_links_appear_only_for_configured_urls():
    assert url_if_exists("no_such_module:index") == ""
    assert url_if_exists("no_such_module:index|core:home") == "/"


def test_current_item_is_marked_below_its_url(client_for):
    text = client_for("citizen").get(reverse("accounts:profile")).text
    assert f'<a href="{reverse("accounts:profile")}" class="nav-link" aria-current="page">' in text
    assert '<a href="/" class="nav-link" aria-current="page">' not in text


# --- Languages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_danish_is_the_default_for_anonymous_visitors(client):
    response = client.get("/")
    assert 'lang="da"' in response.text
    assert "Velkommen til samskab" in response.text


@pytest.mark.django_db
def test_accept_language_english_gets_english(client):
    response = client.get("/", headers={"accept-language": "en"})
    assert 'lang="en"' in response.text
    assert "Welcome to samskab" in response.text
    assert "Skip to content" in response.text


@pytest.mark.django_db
def test_anonymous_switch_to_english_sticks_without_javascript(client):
    response = client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/")
    assert "Welcome to samskab" in page.text
    assert "Velkommen" not in page.text


def test_signed_in_switch_is_remembered_on_the_person(client_for, personas):
    client = client_for("volunteer")
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    personas.volunteer.refresh_from_db()
    assert personas.volunteer.preferred_language == "en"
    assert "Welcome to samskab" in client.get("/").text

    client.post(reverse("core:set_language"), {"language": "da", "next": "/"})
    personas.volunteer.refresh_from_db()
    assert personas.volunteer.preferred_language == "da"


def test_unknown_language_changes_nothing(client_for, personas):
    client = client_for("citizen")
    response = client.post(reverse("core:set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    personas.citizen.refresh_from_db()
    assert personas.citizen.preferred_language == "da"
    assert "Velkommen til samskab" in client.get("/").text


def test_switch_by_get_changes_nothing(client_for, personas):
    client = client_for("citizen")
    client.get(reverse("core:set_language"), {"language": "en", "next": "/"})
    personas.citizen.refresh_from_db()
    assert personas.citizen.preferred_language == "da"
    assert "Velkommen til samskab" in client.get("/").text


@pytest.mark.django_db
def test_switch_refuses_to_redirect_off_site(client):
    response = client.post(
        reverse("core:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# --- Error pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404_in_the_visitors_language(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text
    assert "Til forsiden" in response.text
    english = client.get("/findes-ikke/", headers={"accept-language": "en"})
    assert english.status_code == 404
    assert "Page not found" in english.text


@pytest.mark.urls("samskab.core.tests.error_urls")
@pytest.mark.django_db
def test_forbidden_is_a_friendly_403_that_offers_login(client):
    response = client.get("/test/403/")
    assert response.status_code == 403
    assert "Ingen adgang" in response.text
    assert f"{reverse('accounts:login')}?next=/test/403/" in response.text


@pytest.mark.urls("samskab.core.tests.error_urls")
def test_forbidden_for_a_member_suggests_who_to_ask(client_for):
    response = client_for("citizen").get("/test/403/")
    assert response.status_code == 403
    assert "kontakt din koordinator" in response.text


@pytest.mark.urls("samskab.core.tests.error_urls")
@pytest.mark.django_db
def test_bad_request_is_a_friendly_400(client):
    response = client.get("/test/400/", headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "The request could not be understood" in response.text


@pytest.mark.urls("samskab.core.tests.error_urls")
@pytest.mark.django_db
def test_crash_is_a_friendly_500(client):
    client.raise_request_exception = False
    response = client.get("/test/500/")
    assert response.status_code == 500
    assert "Der skete en fejl" in response.text
    assert "a bug" not in response.text  # no internals shown
    english = client.get("/test/500/", headers={"accept-language": "en"})
    assert "Something went wrong" in english.text
    assert 'lang="en"' in english.text


@pytest.mark.django_db
def test_form_without_security_token_gets_a_plain_language_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.text
    assert "Intet er ændret" in response.text
    assert "Velkommen" in client.get("/").text  # the language did not change


# --- Django admin is for staff only -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(client_for, role):
    response = client_for(role).get("/admin/")
    if role == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", ["da", "en"])
def test_languages_are_offered_in_their_own_names(client, accept_language):
    text = client.get("/", headers={"accept-language": accept_language}).text
    assert '<option value="da" lang="da"' in text
    assert ">Dansk</option>" in text
    assert ">English</option>" in text


@pytest.mark.urls("samskab.core.tests.nav_urls")
@pytest.mark.django_db
def test_module_link_appears_in_menu_and_front_page_once_its_url_exists(client):
    text = client.get("/borgerbudget-test/").text
    assert (
        '<a href="/borgerbudget-test/" class="nav-link" aria-current="page"><span>Borgerbudget'
        in text
    )
    assert 'href="/borgerbudget-test/">Se åbne borgerbudgetter</a>' in text
    assert "Der er ingen åbne borgerbudgetter lige nu." not in text


@pytest.mark.urls("samskab.core.tests.nav_urls")
@pytest.mark.django_db
def test_a_module_template_cannot_add_its_link_to_the_menu_twice(client):
    request = RequestFactory().get("/borgerbudget-test/")
    template = Template(
        '{% extends "base.html" %}{% block nav_modules %}'
        '<li><a href="/borgerbudget-test/">Borgerbudget</a></li>{% endblock %}'
    )
    html = template.render(Context({"request": request}))
    assert ">Borgerbudget</a>" not in html  # the module's own item is not rendered
    # The menu's item, in the desktop menu and in the phone's menu drawer.
    assert html.count("<span>Borgerbudget</span></a>") == 2


@pytest.mark.django_db
def test_messages_are_design_system_alerts_of_their_level(rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.template.loader import render_to_string

    request = rf.get("/")
    shown = [Message(constants.SUCCESS, "Gemt"), Message(constants.DEBUG, "Til udviklere")]
    html = render_to_string("base.html", {"messages": shown}, request=request)
    assert '<div class="alert alert-success">' in html and "#success" in html
    assert '<div class="alert alert-info">' in html and "#info" in html  # no debug alert


def test_a_fields_errors_share_one_id_for_the_field():
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        name = forms.CharField(label="Navn")

    form = Form({"name": ""})
    form.add_error("name", "Også forkert")
    html = render_to_string("core/form_fields.html", {"form": form})
    assert html.count('class="form-error-message"') == 2
    assert html.count('id="id_name_error"') == 1
