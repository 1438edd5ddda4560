"""The people every test and the demo reuse: one persona per role, in one demo municipality.

Tests call :func:`create_personas` through fixtures (see conftest.py); `samskab demo` calls it
with the demo password and prints the logins.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samskab.accounts.models import Membership, Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = "samskab-demo-2026"  # noqa: S105 - printed at `make run`; demo data only


@dataclass(frozen=True)
class Personas:
    municipality: Organisation
    association: Organisation
    business: Organisation
    school: Organisation
    housing: Organisation
    citizen_group: Organisation
    admin: User  # Anna, the municipality's administrator (also Django staff)
    coordinator: User  # Carl, coordinator in the association
    caseworker: User  # Kasper, jobcentre caseworker in the municipality
    volunteer: User  # Maja, volunteer mentor in the association
    citizen: User  # Bo, a citizen
    auditor: User  # Aud, researcher/auditor with access to aggregates only
    outsider: User  # Olga, logged in, with no role anywhere

    def all_users(self) -> list[tuple[str, User]]:
        return [
            ("admin", self.admin),
            ("coordinator", self.coordinator),
            ("caseworker", self.caseworker),
            ("volunteer", self.volunteer),
            ("citizen", self.citizen),
            ("auditor", self.auditor),
            ("outsider", self.outsider),
        ]


def _organisation(name: str, slug: str, kind: OrganisationKind, description: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "description": description}
    )
    return organisation


def _user(email: str, name: str, password: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, password, full_name=name, is_staff=staff, email_verified_at=timezone.now()
        )
    return user


@transaction.atomic
def create_personas(password: str = DEMO_PASSWORD) -> Personas:
    municipality = _organisation(
        "Fjordby Kommune",
        "fjordby-kommune",
        OrganisationKind.MUNICIPALITY,
        "Demokommunen. Jobcenter, ældreområdet og borgerbudgetter.",
    )
    association = _organisation(
        "Fjordby Frivilligcenter",
        "fjordby-frivilligcenter",
        OrganisationKind.ASSOCIATION,
        "Frivillige mentorer, lektiecafé og besøgsvenner.",
    )
    business = _organisation(
        "Havnens Cykelværksted ApS",
        "havnens-cykelvaerksted",
        OrganisationKind.BUSINESS,
        "Lokal virksomhed, der lægger værksted og lærlingepladser til.",
    )
    school = _organisation(
        "Fjordby Produktionsskole",
        "fjordby-produktionsskole",
        OrganisationKind.SCHOOL,
        "Værkstedsskole for unge under 25.",
    )
    housing = _organisation(
        "Boligselskabet Østerlund",
        "boligselskabet-osterlund",
        OrganisationKind.HOUSING,
        "Almen boligafdeling med beboerhus.",
    )
    citizen_group = _organisation(
        "Seniorer i Vestbyen",
        "seniorer-i-vestbyen",
        OrganisationKind.CITIZEN_GROUP,
        "Borgergruppe mod ensomhed blandt ældre.",
    )
    admin = _user("anna@fjordby.demo", "Anna Andersen", password, staff=True)
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    coordinator = _user("carl@frivilligcenter.demo", "Carl Christensen", password)
    caseworker = _user("kasper@fjordby.demo", "Kasper Kristensen", password)
    volunteer = _user("maja@frivilligcenter.demo", "Maja Madsen", password)
    citizen = _user("bo@borger.demo", "Bo Bech", password)
    auditor = _user("aud@forskning.demo", "Aud Albertsen", password)
    outsider = _user("olga@borger.demo", "Olga Olsen", password)
    for user, organisation, role in [
        (admin, municipality, Role.ADMINISTRATOR),
        (coordinator, association, Role.COORDINATOR),
        (coordinator, municipality, Role.COORDINATOR),
        (caseworker, municipality, Role.CASEWORKER),
        (volunteer, association, Role.VOLUNTEER),
        (citizen, citizen_group, Role.CITIZEN),
        (auditor, municipality, Role.AUDITOR),
    ]:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return Personas(
        municipality=municipality,
        association=association,
        business=business,
        school=school,
        housing=housing,
        citizen_group=citizen_group,
        admin=admin,
        coordinator=coordinator,
        caseworker=caseworker,
        volunteer=volunteer,
        citizen=citizen,
        auditor=auditor,
        outsider=outsider,
    )
