"""Forms. Each cleans to the plain values the actions take; errors are Danish and translated."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samskab.core.forms import DateInput
from samskab.mentoring.actions import MentorData, ReferralData
from samskab.mentoring.models import (
    CertificateStatus,
    ConsentPurpose,
    EducationStatus,
    EndReason,
    JobcentreCategory,
    MentorStatus,
    OutcomeStatus,
)

GENDERS = [("", _("Ingen præference")), ("f", _("Kvinde")), ("m", _("Mand")), ("x", _("Andet"))]
MENTOR_GENDERS = [
    ("", _("Vil ikke oplyse")),
    ("f", _("Kvinde")),
    ("m", _("Mand")),
    ("x", _("Andet")),
]
COMMA_HELP = _("Adskil med komma, fx: musik, cykler, it")
LANGUAGES_HELP = _("Sprogkoder adskilt af komma, fx: da, en, ar")


class _YoungPersonFields(forms.Form):
    name = forms.CharField(label=_("Navn eller alias"), max_length=150)
    age = forms.IntegerField(label=_("Alder"), min_value=13, max_value=30)
    area = forms.CharField(label=_("Område (bydel eller by)"), max_length=100)
    contact = forms.CharField(
        label=_("Telefon eller e-mail"),
        max_length=200,
        required=False,
        help_text=_("Deles kun med mentoren, hvis den unge siger ja til det."),
    )
    education_status = forms.ChoiceField(
        label=_("Uddannelse/job lige nu"), choices=EducationStatus.choices
    )
    interests = forms.CharField(
        label=_("Interesser"), max_length=300, required=False, help_text=COMMA_HELP
    )
    curious_about = forms.CharField(
        label=_("Nysgerrig på (uddannelser, fag, job)"),
        max_length=300,
        required=False,
        help_text=COMMA_HELP,
    )
    goals = forms.CharField(
        label=_("Mål"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    availability = forms.CharField(
        label=_("Hvornår passer det"),
        max_length=200,
        required=False,
        help_text=_("Fx: hverdage eftermiddag, weekend"),
    )
    languages = forms.CharField(
        label=pgettext_lazy("mentoring languages", "Sprog"),
        max_length=100,
        initial="da",
        help_text=LANGUAGES_HELP,
    )
    required_language = forms.CharField(
        label=_("Mentoren skal tale (sprog)"), max_length=20, required=False
    )
    preferred_mentor_gender = forms.ChoiceField(
        label=_("Ønsket køn på mentor"), choices=GENDERS, required=False
    )

    def referral_data(self, **extra: Any) -> ReferralData:
        data = {key: self.cleaned_data[key] for key in self.fields if key in self.cleaned_data}
        data.update(extra)
        return ReferralData(**data)


class ReferralForm(_YoungPersonFields):
    alias_only = forms.BooleanField(
        label=_("Kun alias (den unge må ikke kunne genkendes)"),
        required=False,
        help_text=_("Så gemmes ingen kontaktoplysninger, og navnefeltet er et alias."),
    )
    jobcentre_category = forms.ModelChoiceField(
        label=_("Jobcenterkategori"), queryset=JobcentreCategory.objects.none()
    )
    mentor_must_know = forms.CharField(
        label=_("Det skal mentoren vide"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Kun det nødvendige. Ingen helbredsoplysninger eller CPR-numre."),
    )

    field_order = ["name", "alias_only", "age", "area", "contact", "education_status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jobcentre_category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = JobcentreCategory.valid_on(timezone.localdate())


class SignupForm(_YoungPersonFields):
    consent_mentoring = forms.BooleanField(
        label=_("Ja, foreningen må bruge mine oplysninger til at finde og følge en mentor"),
        required=True,
    )
    consent_contact = forms.BooleanField(
        label=_("Ja, min mentor må få mit telefonnummer eller min e-mail"), required=False
    )
    consent_outcomes = forms.BooleanField(
        label=_("Ja, I må spørge til, hvordan det går efter 3, 6 og 12 måneder"), required=False
    )

    def consents(self) -> dict[str, bool]:
        return {p.value: bool(self.cleaned_data[f"consent_{p.value}"]) for p in ConsentPurpose}

    def referral_data(self, **extra: Any) -> ReferralData:
        data = {
            key: self.cleaned_data[key]
            for key in _YoungPersonFields.base_fields
            if key in self.cleaned_data
        }
        data.update(extra)
        return ReferralData(**data)


YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


class ConsentForm(forms.Form):
    """One yes/no per purpose, none preselected: the young person chooses actively."""

    mentoring = forms.ChoiceField(
        label=_("Må foreningen bruge oplysningerne til at finde og følge en mentor?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    contact = forms.ChoiceField(
        label=_("Må mentoren få dit telefonnummer eller din e-mail?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    outcomes = forms.ChoiceField(
        label=_("Må vi spørge til, hvordan det går efter 3, 6 og 12 måneder?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("mentoring") == "no" and "yes" in (
            cleaned.get("contact"),
            cleaned.get("outcomes"),
        ):
            raise forms.ValidationError(
                _("Siger du nej til mentorforløbet, deles intet. Svar nej til alle tre.")
            )
        return cleaned

    def consents(self) -> dict[str, bool]:
        return {p.value: self.cleaned_data[p.value] == "yes" for p in ConsentPurpose}


class MentorApplicationForm(forms.Form):
    age = forms.IntegerField(label=_("Alder"), min_value=16, max_value=99)
    occupation = forms.CharField(label=_("Hvad studerer eller arbejder du med?"), max_length=200)
    fields_of_work = forms.CharField(
        label=_("Fagområder"), max_length=300, required=False, help_text=COMMA_HELP
    )
    interests = forms.CharField(
        label=_("Interesser"), max_length=300, required=False, help_text=COMMA_HELP
    )
    languages = forms.CharField(
        label=pgettext_lazy("mentoring languages", "Sprog"),
        max_length=100,
        initial="da",
        help_text=LANGUAGES_HELP,
    )
    area = forms.CharField(label=_("Område (bydel eller by)"), max_length=100)
    availability = forms.CharField(label=_("Hvornår har du tid"), max_length=200, required=False)
    gender = forms.ChoiceField(label=_("Køn"), choices=MENTOR_GENDERS, required=False)
    max_mentees = forms.IntegerField(
        label=_("Hvor mange unge kan du være mentor for?"), min_value=1, max_value=5, initial=1
    )

    def mentor_data(self) -> MentorData:
        c = self.cleaned_data
        return MentorData(
            age=c["age"],
            occupation=c["occupation"],
            area=c["area"],
            fields=c["fields_of_work"],
            interests=c["interests"],
            languages=c["languages"],
            availability=c["availability"],
            gender=c["gender"],
            max_mentees=c["max_mentees"],
        )


class MentorReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MentorStatus.choices)
    interviewed_on = forms.DateField(label=_("Samtale holdt"), required=False, widget=DateInput)
    training_completed_on = forms.DateField(
        label=_("Uddannelse gennemført"), required=False, widget=DateInput
    )


class CertificateRequestForm(forms.Form):
    requested_on = forms.DateField(label=_("Bestilt"), widget=DateInput)


class CertificateResultForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Resultat"),
        choices=[
            (CertificateStatus.CLEAR.value, CertificateStatus.CLEAR.label),
            (CertificateStatus.NOT_CLEAR.value, CertificateStatus.NOT_CLEAR.label),
        ],
    )
    received_on = forms.DateField(label=_("Modtaget"), widget=DateInput)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DateInput)
    duration_minutes = forms.IntegerField(
        label=_("Varighed (minutter)"), min_value=5, max_value=600
    )
    activity = forms.CharField(label=_("Hvad lavede I?"), widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(
        label=_("Næste skridt"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_held_on(self) -> dt.date:
        held_on: dt.date = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Datoen ligger i fremtiden."))
        return held_on


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Nyt mål"), max_length=200)


class GoalProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Fremskridt (%)"), min_value=0, max_value=100)


class HelpForm(forms.Form):
    message = forms.CharField(
        label=_("Hvad har du brug for hjælp til?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EndMatchForm(forms.Form):
    reason = forms.ChoiceField(label=_("Årsag"), choices=EndReason.choices)
    confirm = forms.BooleanField(
        label=_("Jeg forstår, at et afsluttet forløb ikke kan genoptages"), required=True
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=OutcomeStatus.choices)


class SwapForm(forms.Form):
    mentor = forms.IntegerField(widget=forms.HiddenInput)


class LinkAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Den unges e-mail (på deres konto)"),
        help_text=_("Den unge opretter selv en konto; her forbinder du den med henvisningen."),
    )


class ManualProposalForm(forms.Form):
    """The coordinator pairs two people by hand (e.g. they already know each other)."""

    referral = forms.TypedChoiceField(label=_("Ung"), coerce=int)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int)

    def __init__(
        self,
        *args: Any,
        referrals: list[tuple[int, str]],
        mentors: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = referrals  # type: ignore[attr-defined]
        self.fields["mentor"].choices = mentors  # type: ignore[attr-defined]
