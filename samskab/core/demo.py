"""Demo branding: the fictional Fjordby Kommune's name, colour, contact and footer links, so the
demo shows what an installation looks like once an administrator has set it up."""

from __future__ import annotations

from collections.abc import Callable

from samskab.accounts.personas import Personas
from samskab.core import actions
from samskab.core.models import SiteBranding

FJORDBY = {
    "municipality_name": "Fjordby Kommune",
    "primary_colour": "#00576b",
    "address": "Rådhustorvet 1\n7000 Fjordby",
    "phone": "70 10 20 30",
    "email": "samskab@fjordby.demo",
    "web": "https://fjordby.demo",
    "footer_links": "Fjordby Kommune | https://fjordby.demo\nFrivilligcenter Fjordby | https://frivilligcenter.demo",
}


def load(personas: Personas, say: Callable[[str], None]) -> None:
    if SiteBranding.objects.filter(pk=1).exists():
        return  # an administrator's own branding is never overwritten
    branding = SiteBranding(pk=1, **FJORDBY)
    branding.full_clean()
    actions.save_branding(personas.admin, branding, changed=sorted(FJORDBY))
    say(f"Branding: {FJORDBY['municipality_name']}")
