"""Chart descriptions carry exactly the table's numbers, and refuse numbers that cannot be drawn."""

from __future__ import annotations

import pytest

from samskab.core.charts import bar_chart, interval_chart


def test_bar_chart_keeps_labels_values_and_highlights_in_order():
    chart = bar_chart(
        ["Bænke", "Cykelsti"],
        [12, 30],
        value_label="Stemmer",
        highlighted=[False, True],
        highlight_label="Valgt",
        other_label="Ikke valgt",
    )
    assert chart["kind"] == "bars"
    assert list(zip(chart["labels"], chart["values"], chart["highlighted"], strict=True)) == [
        ("Bænke", 12, False),
        ("Cykelsti", 30, True),
    ]


def test_bar_chart_refuses_lists_of_different_lengths():
    with pytest.raises(ValueError, match="same length"):
        bar_chart(
            ["Bænke"],
            [12, 30],
            value_label="Stemmer",
            highlighted=[False],
            highlight_label="Valgt",
            other_label="Ikke valgt",
        )


def test_bar_chart_notes_go_with_their_labels_or_are_refused():
    common = {"value_label": "Stemmer", "highlight_label": "Valgt", "other_label": "Ikke valgt"}
    chart = bar_chart(
        ["Bænke", "Cykelsti"], [12, 30], highlighted=[False, True], notes=["5 kr", "9 kr"], **common
    )
    assert chart["notes"] == ["5 kr", "9 kr"]
    assert bar_chart(["Bænke"], [12], highlighted=[False], **common)["notes"] is None
    with pytest.raises(ValueError, match="notes and labels"):
        bar_chart(
            ["Bænke", "Cykelsti"], [12, 30], highlighted=[False, True], notes=["5 kr"], **common
        )


def test_interval_chart_leaves_out_what_the_table_does_not_show():
    chart = interval_chart(
        ["3 måneder", "6 måneder"],
        [None, 40],
        [None, (25, 57)],
        value_label="I job",
        reference=43,
        reference_label="Landsgennemsnit 43 %",
    )
    assert chart["points"] == [None, {"y": 40, "yMin": 25, "yMax": 57}]
    assert chart["reference"] == 43


@pytest.mark.parametrize("percent, interval", [(60, (25, 57)), (20, (25, 57)), (50, (-1, 57))])
def test_interval_chart_refuses_a_rate_outside_its_interval(percent, interval):
    with pytest.raises(ValueError, match="interval"):
        interval_chart(
            ["6 måneder"],
            [percent],
            [interval],
            value_label="I job",
            reference=43,
            reference_label="Landsgennemsnit 43 %",
        )
