"""Who may read the audit log."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from samskab.accounts.models import Role, User
from samskab.accounts.permissions import has_role, is_staff_admin


def can_search_audit_log(user: User | AnonymousUser) -> bool:
    """Administrators only: Django staff, or an ADMINISTRATOR in any organisation."""
    return is_staff_admin(user) or (user.is_active and has_role(user, Role.ADMINISTRATOR))
