"""How django-axes (and the audit log) name who is behind a request: e-mail and address."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def username_for_lockout(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(raw).strip().lower()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as our own proxies.

    Behind N reverse proxies that each append to X-Forwarded-For (nginx:
    ``proxy_add_x_forwarded_for``), the N-th entry from the right is the address that the
    outermost proxy saw. Anything further left was written by the client and is not trusted.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """``AXES_FAILURE_LIMIT``: two thresholds for one axes lockout.

    Axes counts failures for each lockout parameter (the (e-mail, address) pair, and the address
    alone) and locks when the largest count reaches this limit. The address count is never below
    the pair's, so: once the pair has ``LOGIN_FAILURE_LIMIT`` failures the limit is that (the pair
    locks, as before); until then it is ``LOGIN_ADDRESS_FAILURE_LIMIT``, which only the address
    count can reach, by trying many accounts.
    """
    from axes.attempts import get_cool_off_threshold
    from axes.models import AccessAttempt

    username = username_for_lockout(request, credentials)
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    pair = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    limit: int = settings.LOGIN_FAILURE_LIMIT
    return limit if pair >= limit else int(settings.LOGIN_ADDRESS_FAILURE_LIMIT)
