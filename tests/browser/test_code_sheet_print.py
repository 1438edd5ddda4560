"""The voting-code sheet on paper: chromium prints it (print.css) without the site's header,
menu or footer, each code in its own cut-out box, and the printed codes are the ones shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from samskab.budgets.tests.factories import make_process
from samskab.budgets.tests.pdf import poppler, require_poppler
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in_context

pytestmark = pytest.mark.browser

CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}\b")


def test_the_printed_code_sheet_has_the_codes_in_boxes_and_no_site_chrome(
    context, live_server, personas, tmp_path
):
    require_poppler()
    process = make_process(personas, timezone.now(), current="voting", slug="afstemning")
    sign_in_context(context, live_server, personas.coordinator)
    page = context.new_page()
    page.goto(reverse("budgets:eligibility", args=[process.slug]))
    page.locator("#id_count").fill("9")
    page.locator("#id_batch").fill("Stormøde")
    page.locator("form:has(input[value=codes]) button[type=submit]").click()
    shown = CODE.findall(page.locator("main").inner_text())
    assert len(shown) == 9
    screenshot(page, "code-sheet")
    # On paper: the boxes have dashed borders and are not split across pages.
    page.emulate_media(media="print")
    card = page.locator(".code-card").first
    assert card.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert card.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert not page.locator("header.header").is_visible()
    assert not page.locator("footer").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "code-sheet.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = poppler("pdftotext", pdf, "-layout")
    assert sorted(CODE.findall(text)) == sorted(shown)
    for chrome in ("Menu", "Privatlivspolitik", "Gå til indhold", "Log ud"):
        assert chrome not in text
    assert text.count("\f") <= 2  # nine codes, two to a row: one or two A4 pages
    assert Path(pdf).stat().st_size > 0
