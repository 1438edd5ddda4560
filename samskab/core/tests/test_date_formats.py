"""One Danish date style and British English (``samskab/formats``), used by name."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

DAY = datetime.date(2026, 12, 1)
MOMENT = datetime.datetime(2026, 5, 3, 14, 5)


@pytest.mark.parametrize(
    ("language", "name", "value", "expected"),
    [
        ("da", "DATE_FORMAT", DAY, "1. december 2026"),
        ("da", "SHORT_DATE_FORMAT", DAY, "01.12.2026"),
        ("da", "DATETIME_FORMAT", MOMENT, "3. maj 2026 14:05"),
        ("en", "DATE_FORMAT", DAY, "1 December 2026"),
        ("en", "SHORT_DATE_FORMAT", DAY, "1 Dec 2026"),
        ("en", "DATETIME_FORMAT", MOMENT, "3 May 2026 14:05"),
        ("en", "SHORT_DATETIME_FORMAT", MOMENT, "3 May 2026 14:05"),
    ],
)
def test_named_formats(language, name, value, expected):
    with translation.override(language):
        assert date_format(value, name) == expected


def test_english_never_puts_the_month_first():
    with translation.override("en"):
        rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ d }}').render(Context({"d": DAY}))
    assert "12/01" not in rendered
    assert rendered == "1 Dec 2026 1 December 2026"


def test_english_reads_typed_dates_day_first():
    from django import forms

    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("01/12/2026") == DAY
        assert field.clean("2026-12-01") == DAY


def test_templates_use_named_formats_only():
    """A hand-written pattern ("j. F Y") shows Danish punctuation in English, or US order."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        for found in re.finditer(r'\|date:"([^"]*)"', template.read_text()):
            if not found.group(1).endswith("_FORMAT") and found.group(1) != "l":
                offenders.append(f"{template.relative_to(root)}: {found.group(0)}")
    assert offenders == []
