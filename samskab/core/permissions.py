"""Who may change the installation's settings in the site: Django staff administrators."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from samskab.accounts.models import User
from samskab.accounts.permissions import is_staff_admin


def can_edit_site_settings(user: User | AnonymousUser) -> bool:
    """The branding and the public-service pages: staff only (as the Django admin)."""
    return is_staff_admin(user)
