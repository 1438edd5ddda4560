"""A co-created initiative: started by an organisation's coordinator, partners invited by
e-mail who join when the invited address accepts, a problem statement every partner and the
target group sign (a new version signed again by all), and who may see and change what."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from samskab.accounts.models import User
from samskab.audit.models import AuditEvent
from samskab.initiatives import actions
from samskab.initiatives.agreement import agreement_on
from samskab.initiatives.models import Initiative, Partner, PartnerRole, Status
from samskab.initiatives.privacy import erase_user_data, export_user_data

pytestmark = pytest.mark.django_db


def _start(personas: Any, *, public: bool = False) -> Initiative:
    return actions.create_initiative(
        personas.coordinator,
        personas.association,
        name="Lektiecafé i Østerlund",
        area="Østerlund",
        target_group="Børn med få netværk",
        age_min=8,
        age_max=16,
        is_public=public,
    )


def _invite(
    personas: Any, initiative: Initiative, organisation: Any, role: str, user: User
) -> Partner:
    return actions.invite_partner(
        personas.coordinator, initiative, organisation, role=role, email=user.email
    )


def _join(
    personas: Any, initiative: Initiative, organisation: Any, role: str, user: User
) -> Partner:
    return actions.accept_invitation(user, _invite(personas, initiative, organisation, role, user))


def _accept_path(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/indsatser/invitation/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


# --- Starting and inviting -------------------------------------------------------------------


def test_a_coordinator_starts_an_initiative_with_their_organisation_as_initiator(
    personas, client_for
):
    response = client_for("coordinator").post(
        reverse("initiatives:create"),
        {
            "organisation": personas.association.pk,
            "name": "Lektiecafé i Østerlund",
            "area": "Østerlund",
            "target_group": "Børn med få netværk",
            "age_min": "8",
            "age_max": "16",
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    assert initiative.status == Status.IDEA and not initiative.is_public
    [initiator] = initiative.partners.all()
    assert (initiator.organisation, initiator.role) == (personas.association, PartnerRole.INITIATOR)
    assert initiator.representative == personas.coordinator and initiator.is_active
    assert AuditEvent.objects.filter(action="initiatives.initiative_created").count() == 1


def test_nobody_starts_an_initiative_for_an_organisation_they_do_not_lead(personas, client_for):
    with pytest.raises(actions.ActionRefused, match="organisation, du leder"):
        actions.create_initiative(
            personas.coordinator, personas.school, name="X", area="Y", target_group="Z"
        )
    assert client_for("volunteer").get(reverse("initiatives:create")).status_code == 403
    assert client_for("outsider").post(reverse("initiatives:create")).status_code == 403
    assert not Initiative.objects.exists()


def test_an_age_band_upside_down_is_refused_on_the_form(personas, client_for):
    response = client_for("coordinator").post(
        reverse("initiatives:create"),
        {
            "organisation": personas.association.pk,
            "name": "X",
            "area": "Y",
            "target_group": "Z",
            "age_min": "16",
            "age_max": "8",
        },
    )
    assert response.status_code == 400
    assert not Initiative.objects.exists()


def test_an_invited_address_accepts_from_the_mail_and_becomes_the_representative(
    personas, client_for
):
    initiative = _start(personas)
    mail.outbox.clear()
    response = client_for("coordinator").post(
        reverse("initiatives:invite", args=[initiative.slug]),
        {
            "organisation": personas.municipality.pk,
            "role": PartnerRole.CO_OWNER,
            "email": personas.admin.email,
            "agreement": "Vi lægger en konsulent og lokaler til.",
        },
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [personas.admin.email]
    assert "Lektiecafé i Østerlund" in message.subject
    assert "Vi lægger en konsulent og lokaler til." in message.body
    path = _accept_path(message)
    partner = Partner.objects.get(organisation=personas.municipality)
    assert partner.is_pending and partner.agreement_confirmed_by_inviter_at is not None
    # Someone else with the link (a forwarded mail) cannot accept in the invited one's place.
    assert client_for("outsider").post(path).status_code == 403
    admin = client_for("admin")
    assert "Tag imod invitationen" in admin.get(path).content.decode()
    partner.refresh_from_db()
    assert partner.is_pending  # GET shows a button only
    assert admin.post(path).status_code == 302
    partner.refresh_from_db()
    assert partner.is_active and partner.representative == personas.admin
    assert partner.agreement_confirmed_by_partner_at is not None
    assert admin.post(path).status_code == 400  # used
    assert Client().get(path).status_code == 302  # anonymous: log in first


def test_an_altered_invitation_link_is_refused(personas, client_for):
    initiative = _start(personas)
    _invite(personas, initiative, personas.municipality, PartnerRole.CO_OWNER, personas.admin)
    path = _accept_path(mail.outbox[-1])
    response = client_for("admin").post(path[:-3] + "xx/")
    assert response.status_code == 400
    assert "Invitationen virker ikke" in response.content.decode()
    assert Partner.objects.get(organisation=personas.municipality).is_pending


def test_an_organisation_is_invited_once_and_may_be_invited_again_after_leaving(personas):
    initiative = _start(personas)
    partner = _join(personas, initiative, personas.municipality, PartnerRole.FUNDER, personas.admin)
    with pytest.raises(actions.ActionRefused, match="allerede partner"):
        _invite(personas, initiative, personas.municipality, PartnerRole.HOST, personas.admin)
    actions.end_partnership(personas.admin, partner)
    again = _invite(personas, initiative, personas.municipality, PartnerRole.HOST, personas.admin)
    assert again.pk == partner.pk and again.is_pending and again.role == PartnerRole.HOST


def test_the_last_managing_partner_cannot_leave(personas):
    initiative = _start(personas)
    initiator = initiative.partners.get()
    with pytest.raises(actions.ActionRefused, match="initiativtager eller medejer"):
        actions.end_partnership(personas.coordinator, initiator)
    _join(personas, initiative, personas.municipality, PartnerRole.CO_OWNER, personas.admin)
    actions.end_partnership(personas.coordinator, initiator)
    initiator.refresh_from_db()
    assert initiator.left_on is not None


def test_a_partner_leaves_on_their_own_but_not_someone_else(personas, client_for):
    initiative = _start(personas)
    target = _join(
        personas, initiative, personas.citizen_group, PartnerRole.TARGET_GROUP, personas.citizen
    )
    initiator = initiative.partners.get(role=PartnerRole.INITIATOR)
    bo = client_for("citizen")
    assert (
        bo.post(reverse("initiatives:leave", args=[initiative.slug, initiator.pk])).status_code
        == 403
    )
    assert (
        bo.post(reverse("initiatives:leave", args=[initiative.slug, target.pk])).status_code == 302
    )
    target.refresh_from_db()
    assert target.left_on is not None


# --- Status ----------------------------------------------------------------------------------


def test_status_moves_one_step_forward_or_ends_and_an_ended_one_stays_ended(personas):
    initiative = _start(personas)
    with pytest.raises(actions.ActionRefused, match="ét trin frem"):
        actions.update_initiative(personas.coordinator, initiative, status=Status.RUNNING)
    actions.update_initiative(personas.coordinator, initiative, status=Status.COCREATION)
    actions.update_initiative(personas.coordinator, initiative, status=Status.ENDED)
    with pytest.raises(actions.ActionRefused, match="afsluttet"):
        actions.update_initiative(personas.coordinator, initiative, status=Status.TRIAL)
    initiative.refresh_from_db()
    assert initiative.status == Status.ENDED


# --- The problem defined together -------------------------------------------------------------


def test_the_statement_is_agreed_only_when_every_partner_and_the_target_group_signed(personas):
    initiative = _start(personas)
    _join(personas, initiative, personas.municipality, PartnerRole.CO_OWNER, personas.admin)
    v1 = actions.write_statement(personas.admin, initiative, text="Børn mangler voksne at spørge.")
    actions.sign_statement(personas.coordinator, v1)
    actions.sign_statement(personas.admin, v1)
    agreement = agreement_on(v1)
    assert agreement.missing == [] and not agreement.target_group_signed
    assert not agreement.agreed  # no target-group representative among the signers
    _join(personas, initiative, personas.citizen_group, PartnerRole.TARGET_GROUP, personas.citizen)
    assert [p.organisation for p in agreement_on(v1).missing] == [personas.citizen_group]
    actions.sign_statement(personas.citizen, v1)
    assert agreement_on(v1).agreed
    # A new version starts with no signatures; the old one can no longer be signed.
    v2 = actions.write_statement(personas.citizen, initiative, text="Der er intet at lave herude.")
    assert v2.version == 2
    assert agreement_on(v2).signed == [] and not agreement_on(v2).agreed
    with pytest.raises(actions.ActionRefused):
        actions.sign_statement(personas.coordinator, v1)
    with pytest.raises(actions.ActionRefused):
        actions.sign_statement(personas.outsider, v2)
    actions.sign_statement(personas.coordinator, v2)
    with pytest.raises(actions.ActionRefused):
        actions.sign_statement(personas.coordinator, v2)  # once per partner


def test_the_page_says_who_has_not_signed_and_offers_the_signer_a_button(personas, client_for):
    initiative = _start(personas)
    _join(personas, initiative, personas.citizen_group, PartnerRole.TARGET_GROUP, personas.citizen)
    actions.write_statement(personas.coordinator, initiative, text="Børn mangler voksne.")
    page = client_for("citizen").get(initiative.get_absolute_url()).content.decode()
    assert "Ikke fælles endnu" in page and "Seniorer i Vestbyen" in page
    assert "0 af 2 partnere har skrevet under." in page
    assert "Skriv under for Seniorer i Vestbyen" in page
    client_for("citizen").post(reverse("initiatives:sign", args=[initiative.slug]))
    client_for("coordinator").post(reverse("initiatives:sign", args=[initiative.slug]))
    page = client_for("citizen").get(initiative.get_absolute_url()).content.decode()
    assert "Alle partnere og målgruppens repræsentant har skrevet under" in page
    assert "Skriv under for" not in page


# --- Who sees what ---------------------------------------------------------------------------


def test_a_partners_only_initiative_is_not_found_by_anyone_else(personas, client_for):
    initiative = _start(personas)
    url = initiative.get_absolute_url()
    assert Client().get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404
    assert (
        "Lektiecafé"
        not in client_for("outsider").get(reverse("initiatives:index")).content.decode()
    )
    assert client_for("coordinator").get(url).status_code == 200
    assert (
        "Lektiecafé" in client_for("coordinator").get(reverse("initiatives:index")).content.decode()
    )


def test_a_public_initiative_shows_partners_but_not_who_represents_them(personas):
    initiative = _start(personas, public=True)
    page = Client().get(initiative.get_absolute_url()).content.decode()
    assert "Fjordby Frivilligcenter" in page
    assert personas.coordinator.display_name not in page
    assert "Invitér en partner" not in page and "Rediger indsatsen" not in page


def test_only_managing_partners_edit_and_invite(personas, client_for):
    initiative = _start(personas, public=True)
    _join(personas, initiative, personas.citizen_group, PartnerRole.TARGET_GROUP, personas.citizen)
    for name in ("edit", "invite"):
        url = reverse(f"initiatives:{name}", args=[initiative.slug])
        assert client_for("citizen").get(url).status_code == 403
        assert client_for("outsider").post(url).status_code == 403
        assert client_for("coordinator").get(url).status_code == 200


# --- Personal data ---------------------------------------------------------------------------


def test_partnerships_are_exported_and_the_person_is_cut_from_them_on_erasure(personas):
    initiative = _start(personas)
    _join(personas, initiative, personas.municipality, PartnerRole.CO_OWNER, personas.admin)
    statement = actions.write_statement(personas.admin, initiative, text="Problemet")
    actions.sign_statement(personas.admin, statement)
    data = export_user_data(personas.admin)
    assert data["partnerships"][0]["organisation"] == personas.municipality.name
    assert data["statements_signed"][0]["version"] == 1
    erase_user_data(personas.admin)
    partner = Partner.objects.get(organisation=personas.municipality)
    assert partner.representative is None and partner.invited_email == ""
    assert statement.signatures.get().signed_by is None  # the partner's signature stands
    assert agreement_on(statement).signed[0].organisation == personas.municipality
