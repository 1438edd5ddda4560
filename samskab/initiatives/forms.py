"""Forms: an initiative, a partner invitation, a version of the problem statement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskab.accounts.models import Organisation, OrganisationKind, User
from samskab.core.forms import DateInput
from samskab.initiatives.models import (
    INITIATIVE_FIELDS,
    SECTORS,
    STATUS_ORDER,
    TARGET_GROUP_SECTOR,
    Initiative,
    PartnerRole,
    Status,
    WorkshopKind,
)
from samskab.initiatives.permissions import LEADING_ROLES


class InitiativeForm(forms.ModelForm[Initiative]):
    class Meta:
        model = Initiative
        fields = list(INITIATIVE_FIELDS)
        widgets = {"starts_on": DateInput(), "funding_ends_on": DateInput()}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Initiativtager"),
                help_text=_("Den organisation, du starter indsatsen for."),
                queryset=Organisation.objects.filter(
                    memberships__user=user, memberships__role__in=LEADING_ROLES
                )
                .distinct()
                .order_by("name"),
            )
            self.order_fields(["organisation", *self.Meta.fields])
        else:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=_next_statuses(self.instance.status)
            )
            self.initial["status"] = self.instance.status
            self.order_fields(["status", *self.Meta.fields])


def _next_statuses(current: str) -> list[tuple[str, str]]:
    """The status now, the next step, and "afsluttet" (actions refuses any other jump)."""
    choices = [Status(current)]
    if current != Status.ENDED:
        index = STATUS_ORDER.index(Status(current))
        choices += [*STATUS_ORDER[index + 1 : index + 2], Status.ENDED]
    return [(status.value, str(status.label)) for status in choices]


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=PartnerRole.choices)
    email = forms.EmailField(
        label=_("Repræsentantens e-mail"),
        help_text=_("Invitationen sendes hertil; kun en konto med denne adresse kan tage imod."),
        max_length=254,
    )
    agreement = forms.CharField(
        label=_("Partnerskabsaftale"),
        help_text=_("Hvad partneren bidrager med og forpligter sig til. Begge parter bekræfter."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


class WorkshopForm(forms.Form):
    kind = forms.ChoiceField(label=_("Slags"), choices=WorkshopKind.choices)
    held_on = forms.DateField(label=_("Dato"), widget=DateInput())
    place = forms.CharField(label=_("Sted"), max_length=300)
    outputs = forms.CharField(
        label=_("Resultater"),
        help_text=_("Hvad kom der ud af det: beslutninger, idéer, et nyt bud på problemet."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(OrganisationKind.choices) | {TARGET_GROUP_SECTOR: _("Fra målgruppen")}
        for sector in SECTORS:
            self.fields[f"count_{sector}"] = forms.IntegerField(
                label=_("Antal: %(sector)s") % {"sector": labels[sector]},
                min_value=0,
                max_value=10_000,
                initial=0,
                required=False,
            )

    def attendance(self) -> dict[str, int]:
        return {s: self.cleaned_data.get(f"count_{s}") or 0 for s in SECTORS}


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Problemet, som partnerskabet ser det"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    quotes = forms.CharField(
        label=_("Målgruppens egne ord"),
        help_text=_("Citater fra målgruppen, ét pr. linje."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
