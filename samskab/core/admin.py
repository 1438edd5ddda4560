"""The branding and the public-service pages in the Django admin; saves go through the same
actions as the staff pages, so they are audited too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samskab.core import actions
from samskab.core.forms import BrandingForm
from samskab.core.models import PublicPage, SiteBranding


@admin.register(SiteBranding)
class SiteBrandingAdmin(admin.ModelAdmin[SiteBranding]):
    form = BrandingForm
    list_display = ["name", "primary_colour", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteBranding.objects.exists()  # one row only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.save_branding(request.user, obj, changed=form.changed_data, request=request)  # type: ignore[arg-type]  # the admin is staff-only: a User


@admin.register(PublicPage)
class PublicPageAdmin(admin.ModelAdmin[PublicPage]):
    list_display = ["kind", "title_da", "updated_at", "updated_by"]
    fields = ["kind", "title_da", "body_da", "title_en", "body_en"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.save_public_page(request.user, obj, changed=form.changed_data, request=request)  # type: ignore[arg-type]  # the admin is staff-only: a User
