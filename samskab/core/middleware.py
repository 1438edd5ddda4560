"""Requests no view can answer, refused before they reach one; security headers on the rest."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control


class RefuseNulInPathMiddleware:
    """A NUL character in the path names no page; PostgreSQL would refuse it in a lookup (500).

    Django's own converters (int, slug) never match it, but plain ``str`` path parameters (the
    API's ``{slug}``, tokens) would pass it to the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404
        return self.get_response(request)


# Everything from our own origin, nothing inline: templates carry no <script> blocks, no on...=
# handlers and no style= attributes (tests/test_headers.py checks them), and htmx is told not to
# inject its indicator <style> (base.html). data: images for the empty favicon and Swagger UI's
# icons. frame-ancestors as X-Frame-Options: DENY.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
# No page needs a camera, a microphone, the position or a payment sheet.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy and a Permissions-Policy on every response, and ``no-store``
    on every response to a signed-in person: their pages hold personal data (a young person's
    case, their own profile and data export) that no browser or proxy cache should keep.

    Pages with personal data for people who are not signed in (the consent page reached by a
    one-time link, the ballot of someone voting with a code) say ``never_cache`` themselves.
    Static files never get here: WhiteNoise answers them first (its own cache headers).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Only look at the session when there is one: no Vary: Cookie on anonymous pages.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
        return response
