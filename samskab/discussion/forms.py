"""Forms for writing, reporting and moderating comments. Text is plain; limits are enforced."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samskab.discussion.actions import clean_body, clean_reason
from samskab.discussion.models import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Din kommentar"),
        help_text=format_lazy(
            _("Almindelig tekst, højst {max} tegn. Links bliver klikbare."), max=COMMENT_MAX_LENGTH
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
    )

    def clean_body(self) -> str:
        return clean_body(self.cleaned_data["body"])


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=format_lazy(_("Højst {max} tegn."), max=REASON_MAX_LENGTH),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
    )

    def clean_reason(self) -> str:
        return clean_reason(self.cleaned_data["reason"])
