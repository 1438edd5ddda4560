"""Forms for delivery tracking: status and progress, dated updates with a photo, the
responsible person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskab.accounts.models import User
from samskab.budgets.models import DeliveryStatus, FundedProject
from samskab.core.forms import DateInput
from samskab.core.uploads import check_image_pixels

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


class DeliveryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DeliveryStatus.choices)
    progress = forms.IntegerField(
        label=_("Fremdrift (%)"), min_value=0, max_value=100, help_text=_("Fra 0 til 100.")
    )
    cancel_reason = forms.CharField(
        label=_("Begrundelse for aflysning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, hvis projektet aflyses. Den vises for borgerne."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == DeliveryStatus.CANCELLED
            and not (data.get("cancel_reason") or "").strip()
        ):
            self.add_error("cancel_reason", _("Skriv en begrundelse, når et projekt aflyses."))
        return data


class DeliveryUpdateForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput(), help_text=_("ÅÅÅÅ-MM-DD"))
    text = forms.CharField(label=_("Hvad er der sket?"), widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.ImageField(
        label=_("Foto"), required=False, help_text=_("JPEG, PNG eller WebP, højst 5 MB.")
    )
    photo_description = forms.CharField(
        label=_("Billedtekst"),
        required=False,
        max_length=300,
        help_text=_("Beskriv billedet for skærmlæsere."),
    )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        if photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("Billedet er for stort: højst 5 MB."))
        # ImageField has opened it with Pillow; the format is what the bytes are, not the name.
        image_format = getattr(getattr(photo, "image", None), "format", None)
        if image_format not in PHOTO_FORMATS:
            raise forms.ValidationError(_("Billedet skal være JPEG, PNG eller WebP."))
        check_image_pixels(photo)
        return photo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photo") and not (data.get("photo_description") or "").strip():
            self.add_error("photo_description", _("Beskriv billedet for dem, der ikke kan se det."))
        return data


class ResponsibleForm(forms.Form):
    responsible = forms.ModelChoiceField(
        label=_("Ansvarlig"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, project: FundedProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = project.proposal.process.organisation
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(memberships__organisation=organisation, is_active=True)
            .distinct()
            .order_by("full_name")
        )
