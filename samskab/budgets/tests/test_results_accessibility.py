"""axe scans of the results, verification and delivery pages in Debian's chromium."""

from __future__ import annotations

import os
import shutil

import pytest
from django.urls import reverse

from samskab.budgets.models import FundedProject
from samskab.budgets.tests.counted import counted_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def pages(personas):
    counted_process(personas, slug="lige", rule="mes-add1")
    counted_process(personas, slug="graadig", rule="greedy")
    counted_process(personas, slug="ikke-talt", count=False)
    funded = FundedProject.objects.filter(proposal__process__slug="lige").earliest("pk")
    project = reverse("budgets:funded_project", args=["lige", funded.pk])
    return {
        "anonymous": [
            reverse("budgets:results", args=["lige"]),
            reverse("budgets:results", args=["graadig"]),
            project,
        ],
        "coordinator": [
            reverse("budgets:results", args=["ikke-talt"]),
            reverse("budgets:results_verify", args=["lige"]),
            project,
        ],
    }


def test_result_pages_have_no_axe_violations(live_server, client_for, pages, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    sessions = {
        role: client_for(role).cookies["sessionid"].value for role in pages if role != "anonymous"
    }
    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    axe = Axe()
    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for role, urls in pages.items():
            context = browser.new_context()
            if role in sessions:
                context.add_cookies(
                    [{"name": "sessionid", "value": sessions[role], "url": live_server.url}]
                )
            page = context.new_page()
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response is not None and response.status == 200, (role, url)
                result = axe.run(page)
                if result.violations_count:
                    failures.append(f"{role} {url}\n{result.generate_report()}")
            context.close()
        browser.close()
    assert not failures, "\n".join(failures)
