"""The audit log search filters. Every field is optional; bad values become form errors."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskab.audit.models import AuditEvent
from samskab.core.forms import DateInput

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


class AuditSearchForm(forms.Form):
    actor = forms.CharField(
        label=_("Aktørens e-mail"),
        required=False,
        max_length=254,
        help_text=_("Hele eller en del af adressen."),
    )
    action = forms.CharField(
        label=_("Handling"),
        required=False,
        max_length=64,
        help_text=_(
            "F.eks. audit.record_read, accounts.account_deleted eller accounts.consent_withdrawn."
        ),
    )
    target_type = forms.CharField(
        label=_("Posttype"),
        required=False,
        max_length=100,
        help_text=_("F.eks. accounts.user eller accounts.consent."),
    )
    target_id = forms.CharField(label=_("Post-id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("Fra dato"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("Skriv datoen som åååå-mm-dd, f.eks. 2026-03-01."),
        widget=DateInput(),
        error_messages={"invalid": _("Skriv en gyldig dato som åååå-mm-dd, f.eks. 2026-03-01.")},
    )
    date_to = forms.DateField(
        label=_("Til og med dato"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("Skriv datoen som åååå-mm-dd, f.eks. 2026-03-31."),
        widget=DateInput(),
        error_messages={"invalid": _("Skriv en gyldig dato som åååå-mm-dd, f.eks. 2026-03-31.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Til-datoen ligger før fra-datoen."))
        return cleaned

    def filters(self) -> dict[str, str]:
        """The filters in use, as text (for the audit event about this search)."""
        return {key: str(value) for key, value in self.cleaned_data.items() if value}

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("actor"):
            events = events.filter(actor_label__icontains=data["actor"].strip())
        if data.get("action"):
            events = events.filter(action=data["action"].strip())
        if data.get("target_type"):
            events = events.filter(target_type=data["target_type"].strip().lower())
        if data.get("target_id"):
            events = events.filter(target_id=data["target_id"].strip())
        if data.get("date_from"):
            events = events.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return events


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone (dates are local to users)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
