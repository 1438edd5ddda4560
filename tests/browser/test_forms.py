"""Forms people can fill in: an error summary at the top that links to each field, and fields
shown only when they apply (without any script)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import screenshot, sign_in_context

pytestmark = pytest.mark.browser


def test_points_per_voter_is_asked_only_for_a_points_ballot(context, live_server, personas):
    sign_in_context(context, live_server, personas.coordinator)
    page = context.new_page()
    page.goto(reverse("budgets:process_create"))
    points = page.locator("#id_points_total")
    page.select_option("#id_ballot_form", "approval")
    assert not points.is_visible()
    page.select_option("#id_ballot_form", "cumulative")
    assert points.is_visible()
    page.select_option("#id_ballot_form", "ranking")
    assert not points.is_visible()


def test_the_error_summary_links_to_each_field_in_error(context, live_server, personas):
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(reverse("accounts:signup"))
    page.locator("main form button[type=submit]").first.click()
    summary = page.locator("main .alert-error")
    assert summary.is_visible()
    links = summary.locator("a")
    assert links.count() >= 2
    target = links.first.get_attribute("href")
    assert target and target.startswith("#id_")
    links.first.click()
    assert page.evaluate("document.activeElement.id") == target[1:]
    screenshot(page, "phone-signup-errors")
