"""Demo content: "Frem i Lyset Fjordby", a co-created initiative for network-poor young people,
with partners who joined, invitations not answered yet, and a problem statement in its second
version that not every partner has signed. Idempotent: does nothing when it exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from samskab.accounts.personas import Personas
from samskab.initiatives import actions
from samskab.initiatives.models import (
    ExistingOffer,
    Initiative,
    PartnerRole,
    Status,
    WorkshopKind,
)

NAME = "Frem i Lyset Fjordby"


@transaction.atomic
def load(personas: Personas, say: Callable[[str], None]) -> None:
    if Initiative.objects.filter(name=NAME).exists():
        return
    today = timezone.localdate()
    initiative = actions.create_initiative(
        personas.coordinator,
        personas.association,
        name=NAME,
        area="Østerlund og Vestbyen",
        target_group="Børn og unge med få netværk",
        age_min=8,
        age_max=16,
        starts_on=today - dt.timedelta(days=120),
        funding_ends_on=today + dt.timedelta(days=240),
        is_public=True,
        novelty=(
            "Lektiecafé og fodbold i boligområdet, planlagt af de unge selv sammen med skolen, "
            "boligselskabet og den lokale klub, i stedet for et tilbud i byen, de ikke kommer til."
        ),
    )
    ExistingOffer.objects.create(
        initiative=initiative,
        name="Kommunens lektiehjælp på biblioteket",
        difference="Ligger i midtbyen og når ikke de unge i Østerlund.",
    )
    for organisation, role, email, user in [
        (personas.municipality, PartnerRole.CO_OWNER, personas.admin.email, personas.admin),
        (
            personas.citizen_group,
            PartnerRole.TARGET_GROUP,
            personas.citizen.email,
            personas.citizen,
        ),
        (personas.housing, PartnerRole.HOST, "beboerhus@osterlund.demo", None),
        (personas.school, PartnerRole.PROVIDER, "skole@fjordby.demo", None),
    ]:
        partner = actions.invite_partner(
            personas.coordinator,
            initiative,
            organisation,
            role=role,
            email=email,
            agreement="Vi mødes hver måned i styregruppen og deler det, der ikke virker.",
        )
        if user is not None:
            actions.accept_invitation(user, partner, today=today - dt.timedelta(days=100))
    actions.record_workshop(
        personas.coordinator,
        initiative,
        kind=WorkshopKind.PROBLEM,
        held_on=today - dt.timedelta(days=90),
        place="Beboerhuset, Østerlund",
        attendance={"forening": 3, "kommune": 2, "boligselskab": 1, "maalgruppe": 9},
        outputs="De unge vil have lektiehjælp tæt på, og fodbold bagefter.",
    )
    actions.update_initiative(personas.coordinator, initiative, status=Status.COCREATION)
    first = actions.write_statement(
        personas.coordinator,
        initiative,
        text="Børn i Østerlund kommer ikke til lektiehjælp og fritidstilbud i byen.",
    )
    actions.sign_statement(personas.coordinator, first)
    actions.write_statement(
        personas.admin,
        initiative,
        text=(
            "Børn i Østerlund har få voksne at spørge om lektier og få fællesskaber efter skole. "
            "Tilbuddene i byen er langt væk, og de unge er ikke blevet spurgt, hvad de vil."
        ),
        quotes="Der er ikke noget at lave herude.\nMin mor kan ikke hjælpe med dansk.",
    )
    second = initiative.current_statement()
    assert second is not None
    actions.sign_statement(personas.coordinator, second)
    actions.sign_statement(personas.admin, second)
    say(f"  indsatser: {NAME} (samskabelse, 3 partnere, 2 inviteret, problem v2 mangler 1)")
