from __future__ import annotations

import pytest

from samskab.audit.models import AuditEvent
from samskab.core import demo
from samskab.core.models import SiteBranding

pytestmark = pytest.mark.django_db


def test_demo_brands_the_site_as_fjordby_once(personas, client):
    lines: list[str] = []
    demo.load(personas, lines.append)
    demo.load(personas, lines.append)
    assert lines == ["Branding: Fjordby Kommune"]  # the second run changes nothing
    branding = SiteBranding.current()
    assert branding.municipality_name == "Fjordby Kommune"
    assert AuditEvent.objects.filter(action="core.branding_updated").count() == 1
    page = client.get("/").content.decode()
    assert "Fjordby Kommune" in page and "70 10 20 30" in page  # header/footer and contact


def test_demo_keeps_an_administrators_own_branding(personas):
    SiteBranding.objects.create(pk=1, municipality_name="Skovby Kommune")
    demo.load(personas, lambda line: None)
    assert SiteBranding.current().municipality_name == "Skovby Kommune"
