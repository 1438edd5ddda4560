"""Charts are drawn from the numbers the page's table shows, fit a phone, and give way to the
table when JavaScript is off."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import PHONE, screenshot, sign_in_context
from tests.urlwalk import load_demo

pytestmark = pytest.mark.browser

RESULTS = "/borgerbudget/ensomhed-2026/resultat/"
REPORT = "/mentor/program/mentor-i-oejenhoejde-fjordby/rapport/"

PAINTED_PIXELS = """(canvas) => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return painted;
}"""


def _drawn_chart(page: Page, path: str) -> dict[str, Any]:
    page.goto(path)
    figure = page.locator("figure.chart.is-drawn")
    figure.wait_for()
    canvas = figure.locator("canvas")
    box = canvas.bounding_box()
    assert box is not None and 250 < box["width"] <= PHONE["width"]
    assert canvas.evaluate(PAINTED_PIXELS) > 5_000  # bars, axes and labels, not an empty canvas
    spec = json.loads(page.locator(f"#{figure.get_attribute('data-chart')}").text_content() or "")
    drawn = figure.evaluate(
        "(f) => ({labels: f.chart.data.labels, data: f.chart.data.datasets[0].data,"
        " colours: f.chart.data.datasets[0].backgroundColor})"
    )
    return {"spec": spec, "drawn": drawn}


def test_result_and_report_charts_draw_the_tables_numbers_on_a_phone(
    browser, live_server, personas
):
    load_demo(personas)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="da-DK")
    sign_in_context(context, live_server, personas.coordinator)
    page = context.new_page()

    result = _drawn_chart(page, RESULTS)
    spec, drawn = result["spec"], result["drawn"]
    assert drawn["data"] == spec["values"]
    assert len(drawn["labels"]) == len(spec["labels"])  # each title, wrapped into lines
    # Each title wrapped into lines, and its price as the last line.
    assert [" ".join(lines[:-1]) for lines in drawn["labels"]] == spec["labels"]
    assert [lines[-1] for lines in drawn["labels"]] == spec["notes"]
    assert all(note.startswith("Pris: ") and note.endswith(" kr") for note in spec["notes"])
    funded_colours = {c for c, on in zip(drawn["colours"], spec["highlighted"], strict=True) if on}
    other_colours = {
        c for c, on in zip(drawn["colours"], spec["highlighted"], strict=True) if not on
    }
    assert len(funded_colours) == 1 and len(other_colours) <= 1 and funded_colours != other_colours
    table_votes = [
        int(cell.replace(".", ""))
        for cell in page.locator("table >> nth=0 >> tbody tr td:nth-of-type(1)").all_inner_texts()
    ]
    assert table_votes == spec["values"]
    screenshot(page, "chart-results-375")

    report = _drawn_chart(page, REPORT)
    points = [p for p in report["spec"]["points"] if p is not None]
    assert points and [p for p in report["drawn"]["data"] if p is not None] == points
    screenshot(page, "chart-report-375")
    context.close()


def test_without_javascript_the_table_stands_in_for_the_chart(browser, live_server, personas):
    load_demo(personas)
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="da-DK", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(RESULTS)
    assert not page.locator("figure.chart").is_visible()
    assert page.locator("table").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
