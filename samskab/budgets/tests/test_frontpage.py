from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import timezone

from samskab.budgets import frontpage
from samskab.budgets.tests.factories import make_process

pytestmark = pytest.mark.django_db


def test_section_lists_open_processes_with_what_to_do(personas, client_for):
    request = RequestFactory().get("/")
    assert frontpage.section(request) is None
    make_process(personas, timezone.now(), current="ideas", slug="ideer")
    make_process(personas, timezone.now(), current="voting", slug="stem")
    template, context = frontpage.section(request) or ("", {})
    assert template == "budgets/frontpage_section.html"
    actions = {item["process"].slug: (item["action"], item["url"]) for item in context["items"]}
    assert actions == {
        "ideer": ("Indsend et forslag", "/borgerbudget/ideer/forslag/nyt/"),
        "stem": ("Stem nu", "/borgerbudget/stem/stem/"),
    }
    page = client_for(None).get("/").content.decode()
    assert "/borgerbudget/stem/stem/" in page
