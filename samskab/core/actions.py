"""Writes of the installation's settings: branding and the public-service pages. Audited."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.core.models import PublicPage, SiteBranding


@transaction.atomic
def save_branding(
    actor: User, branding: SiteBranding, *, changed: list[str], request: HttpRequest | None = None
) -> SiteBranding:
    """Store the (validated) branding as the one row; the event names the changed fields."""
    branding.save()
    record_event(
        actor,
        "core.branding_updated",
        branding,
        details={"changed": sorted(changed)},
        request=request,
    )
    return branding


@transaction.atomic
def save_public_page(
    actor: User, page: PublicPage, *, changed: list[str], request: HttpRequest | None = None
) -> PublicPage:
    """Store a public-service page (the first save replaces its default text)."""
    existing = PublicPage.objects.filter(kind=page.kind).first()
    if existing is not None and page.pk is None:
        page.pk = existing.pk
    page.updated_at = timezone.now()
    page.updated_by = actor
    page.save()
    record_event(
        actor,
        "core.public_page_updated",
        page,
        details={"kind": page.kind, "changed": sorted(changed)},
        request=request,
    )
    return page
