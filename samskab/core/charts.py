"""Chart descriptions for ``core/chart.html``: what to draw, never how.

A view builds one of these from numbers it already shows in a table; the template writes it
into the page as JSON (``json_script``) and ``static/samskab/js/charts.js`` draws it with
Chart.js. Without JavaScript the chart is hidden and the table beside it carries the same
numbers, so a chart never holds information the page does not also give in text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def bar_chart(
    labels: Sequence[str],
    values: Sequence[int | float],
    *,
    value_label: str,
    highlighted: Sequence[bool],
    highlight_label: str,
    other_label: str,
    notes: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Horizontal bars, one per label, the highlighted ones (e.g. funded) in the accent colour;
    ``notes`` (e.g. each proposal's price) are a second line under each label."""
    if not len(labels) == len(values) == len(highlighted):
        raise ValueError("labels, values and highlighted must have the same length")
    if notes is not None and len(notes) != len(labels):
        raise ValueError("notes and labels must have the same length")
    return {
        "notes": list(notes) if notes is not None else None,
        "kind": "bars",
        "labels": list(labels),
        "values": list(values),
        "highlighted": list(highlighted),
        "value_label": value_label,
        "highlight_label": highlight_label,
        "other_label": other_label,
    }


def interval_chart(
    labels: Sequence[str],
    percents: Sequence[float | None],
    intervals: Sequence[tuple[float, float] | None],
    *,
    value_label: str,
    reference: float,
    reference_label: str,
) -> dict[str, Any]:
    """Vertical bars of percentages with their confidence interval and a dashed reference line.

    A ``None`` percent (no data, or too few people to show) leaves its bar and interval out.
    """
    if not len(labels) == len(percents) == len(intervals):
        raise ValueError("labels, percents and intervals must have the same length")
    points: list[dict[str, float] | None] = []
    for percent, interval in zip(percents, intervals, strict=True):
        if percent is None or interval is None:
            points.append(None)
        else:
            low, high = interval
            if not 0 <= low <= percent <= high <= 100:
                raise ValueError(f"{percent} % is not inside its interval {low}-{high} %")
            points.append({"y": percent, "yMin": low, "yMax": high})
    return {
        "kind": "intervals",
        "labels": list(labels),
        "points": points,
        "value_label": value_label,
        "reference": reference,
        "reference_label": reference_label,
    }
