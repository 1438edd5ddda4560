"""Date inputs are filled in the one format browsers accept (``<input type="date">`` wants
YYYY-MM-DD, ``datetime-local`` YYYY-MM-DDTHH:MM), whatever the page's language; the audit
found the delivery-update date pre-filled with "01.12.2026", which the browser shows empty."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.utils import translation

from samskab.budgets.delivery_forms import DeliveryUpdateForm
from samskab.core.forms import DateInput, DateTimeLocalInput


def _value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, html
    found = re.search(r'value="([^"]*)"', match.group(0))
    return found.group(1) if found else ""


@pytest.mark.parametrize("language", ["da", "en"])
def test_delivery_update_date_is_prefilled_as_iso(language):
    form = DeliveryUpdateForm(initial={"date": datetime.date(2026, 12, 1)})
    with translation.override(language):
        html = str(form["date"])
    assert 'type="date"' in html
    assert _value(html, "date") == "2026-12-01"


@pytest.mark.parametrize("language", ["da", "en"])
def test_shared_widgets_render_what_browsers_accept(language):
    class Form(forms.Form):
        day = forms.DateField(widget=DateInput)
        moment = forms.DateTimeField(widget=DateTimeLocalInput)

    form = Form(
        initial={"day": datetime.date(2026, 5, 1), "moment": datetime.datetime(2026, 5, 1, 9, 30)}
    )
    with translation.override(language):
        assert _value(str(form["day"]), "day") == "2026-05-01"
        assert _value(str(form["moment"]), "moment") == "2026-05-01T09:30"
        assert 'type="datetime-local"' in str(form["moment"])


def test_a_posted_iso_date_is_read_back_in_both_languages():
    for language in ("da", "en"):
        with translation.override(language):
            form = DeliveryUpdateForm(data={"date": "2026-12-01", "text": "x"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["date"] == datetime.date(2026, 12, 1)


def test_every_date_widget_in_the_forms_is_the_shared_one():
    """A bare forms.DateInput(attrs={"type": "date"}) renders the localised value again."""
    from samskab.audit import forms as audit_forms
    from samskab.budgets import delivery_forms
    from samskab.budgets import forms as budget_forms
    from samskab.mentoring import forms as mentoring_forms

    widgets: list[forms.Widget] = []
    for module in (audit_forms, budget_forms, delivery_forms, mentoring_forms):
        for form_class in vars(module).values():
            if isinstance(form_class, type) and issubclass(form_class, forms.BaseForm):
                fields = getattr(form_class, "base_fields", {})
                widgets += [field.widget for field in fields.values()]
    dated = [w for w in widgets if isinstance(w, forms.DateInput | forms.DateTimeInput)]
    assert len(dated) >= 8
    assert all(isinstance(w, DateInput | DateTimeLocalInput) for w in dated), dated
