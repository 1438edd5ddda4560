"""The installation's branding where templates cannot reach it by themselves: mails."""

from __future__ import annotations

from django.template.loader import render_to_string

from samskab.core.models import SiteBranding


def site_name() -> str:
    """The municipality's name as set by an administrator, else ``SAMSKAB_SITE_NAME``."""
    return SiteBranding.current().name


def mail_signature() -> str:
    """The footer every mail ends with: the municipality's name and contact details, in the
    active language (call it inside the mail's ``translation.override``)."""
    return render_to_string("includes/mail_signature.txt", {"branding": SiteBranding.current()})


def with_signature(body: str) -> str:
    return f"{body.rstrip()}\n\n{mail_signature()}"
