"""Form fields and widgets shared by the modules, and the forms of the site settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskab.core.models import PublicPage, SiteBranding
from samskab.core.uploads import check_image_pixels

# The largest id any database here stores; SQLite cannot even bind a larger integer and
# raises OverflowError (a 500) from ModelMultipleChoiceField's ``pk__in`` check.
LARGEST_ID = 2**63 - 1


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A ModelMultipleChoiceField that refuses ids no row can have before asking the database."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else []:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class DateInput(forms.DateInput):
    """``<input type="date">`` filled as YYYY-MM-DD, the only format browsers accept, in any
    language (a plain DateInput renders the localised "01.12.2026", shown as empty)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` filled as YYYY-MM-DDTHH:MM (local time)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


# The logo is shown small; 2 MB is plenty for a PNG or WebP of any sensible size. The request
# limit (uploads.RequestSizeLimitHandler) and the pixel limit apply as to every upload.
MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"JPEG", "PNG", "WEBP"}


class BrandingForm(forms.ModelForm[SiteBranding]):
    web = forms.URLField(label=_("Hjemmeside"), required=False, assume_scheme="https")

    class Meta:
        model = SiteBranding
        fields = [
            "municipality_name",
            "logo",
            "primary_colour",
            "address",
            "phone",
            "email",
            "web",
            "footer_links",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "footer_links": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "image"):
            return logo  # unchanged (or cleared): nothing new to check
        if logo.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("Logoet må højst fylde 2 MB."))
        if getattr(logo.image, "format", None) not in LOGO_FORMATS:
            raise forms.ValidationError(_("Logoet skal være PNG, JPEG eller WebP."))
        check_image_pixels(logo)
        return logo


class PublicPageForm(forms.ModelForm[PublicPage]):
    class Meta:
        model = PublicPage
        fields = ["title_da", "body_da", "title_en", "body_en"]
        widgets = {
            "body_da": forms.Textarea(attrs={"rows": 18}),
            "body_en": forms.Textarea(attrs={"rows": 18}),
        }
