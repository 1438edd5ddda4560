"""axe scans of the results, verification and delivery pages in Debian's chromium."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskab.budgets.models import FundedProject
from samskab.budgets.tests.counted import counted_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_result_pages_have_no_axe_violations(axe_scan, pages):
    failures = axe_scan(pages)
    assert not failures, "\n".join(failures)
