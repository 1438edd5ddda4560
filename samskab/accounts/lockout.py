"""How django-axes names the person behind a login attempt (see AXES_USERNAME_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def username_for_lockout(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(raw).strip().lower()
