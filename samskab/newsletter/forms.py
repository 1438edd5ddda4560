"""Forms: sign up, write news, compose an issue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskab.core.forms import BoundedModelMultipleChoiceField
from samskab.newsletter.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Topic


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Din e-mailadresse"), max_length=254)
    topics = BoundedModelMultipleChoiceField(
        label=_("Emner"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg et eller flere emner."),
        error_messages={"required": _("Vælg mindst ét emne.")},
    )


class NewsPostForm(forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=TITLE_MAX_LENGTH)
    topic = forms.ModelChoiceField(label=_("Emne"), queryset=Topic.objects.all())
    body = forms.CharField(
        label=_("Tekst"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Almindelig tekst. Tomme linjer deler afsnit; links bliver klikbare."),
    )
    publish = forms.BooleanField(label=_("Offentliggør nu"), required=False, initial=True)


class IssueForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Emne"), queryset=Topic.objects.all())
    subject = forms.CharField(label=_("Emnelinje"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Tekst"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Almindelig tekst. Et afmeldingslink bliver sat under hver mail."),
    )
