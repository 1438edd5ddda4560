"""The site's URLs plus views that fail on purpose, to show the friendly error pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from samskab.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def raise_bad_request(request):
    raise SuspiciousOperation("a malformed request")


def raise_permission_denied(request):
    raise PermissionDenied


def raise_error(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test/400/", raise_bad_request),
    path("test/403/", raise_permission_denied),
    path("test/500/", raise_error),
    *urlpatterns,
]
