"""Admin: the code list only. Cases are handled in the module's own pages (logged reads)."""

from __future__ import annotations

from django.contrib import admin

from samskab.mentoring.models import JobcentreCategory


@admin.register(JobcentreCategory)
class JobcentreCategoryAdmin(admin.ModelAdmin[JobcentreCategory]):
    list_display = ["code", "label", "valid_from", "valid_to"]
