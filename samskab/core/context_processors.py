from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, lazy

from samskab.core.models import SiteBranding


def site(request: HttpRequest) -> dict[str, Any]:
    """``BRANDING`` (``core.SiteBranding.current``) and ``SITE_NAME`` (its name), both read only
    when a template uses them, once per request."""
    return {
        "SITE_NAME": lazy(lambda: SiteBranding.current(request).name, str)(),
        "BRANDING": SimpleLazyObject(lambda: SiteBranding.current(request)),
    }
