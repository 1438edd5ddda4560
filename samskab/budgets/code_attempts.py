"""A limit on guessing voting codes: failed attempts per (process, client address).

Each wrong code from an address adds one to a counter in Django's cache (shared by every
worker when ``SAMSKAB_CACHE_URL`` names Redis or the database; see docs/deploy.md). Once an
address has ``FAILURE_LIMIT`` failures within ``WINDOW_SECONDS`` of its first one, every code
from it is answered 429 until the window ends; even a right one, or the answer would tell a
guess worked. Only failures count, and only for that address and process: a voter elsewhere
who types their own code right is never slowed down by someone else's guessing. The moment an
address crosses the limit is written to the audit log once (not once per request).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.lockout import client_ip
from samskab.audit.actions import record_event
from samskab.budgets.identity import Identity, NotEligible, identity_for_code
from samskab.budgets.models import BudgetProcess

FAILURE_LIMIT: int = settings.VOTING_CODE_FAILURE_LIMIT
WINDOW_SECONDS: int = settings.VOTING_CODE_WINDOW_SECONDS


class TooManyCodeAttempts(Exception):
    """Answered 429 (web form and API) with this message."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "For mange forkerte koder fra din forbindelse. Vent %(minutes)d minutter, og "
                "prøv igen. Har du brug for hjælp, så kontakt kommunen."
            )
            % {"minutes": max(1, WINDOW_SECONDS // 60)}
        )


def _key(process: BudgetProcess, request: HttpRequest) -> str:
    return f"samskab:code-failures:{process.pk}:{client_ip(request) or 'unknown'}"


def refuse_if_throttled(process: BudgetProcess, request: HttpRequest) -> None:
    """Raise :class:`TooManyCodeAttempts` if this address has used up its failures."""
    if int(cache.get(_key(process, request), 0)) >= FAILURE_LIMIT:
        raise TooManyCodeAttempts


def record_failure(process: BudgetProcess, request: HttpRequest) -> None:
    """Count one wrong code; audit the attempt that reaches the limit (once per window)."""
    key = _key(process, request)
    cache.add(key, 0, WINDOW_SECONDS)  # the window starts at the first failure
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        failures = 1
    if failures == FAILURE_LIMIT:
        record_event(
            None,
            "budgets.code_attempts_throttled",
            process,
            summary=process.slug,
            details={"failures": failures, "window_seconds": WINDOW_SECONDS},
            request=request,
        )


def identity_for_code_limited(process: BudgetProcess, code: str, request: HttpRequest) -> Identity:
    """:func:`identity_for_code` behind the limit; a wrong code counts as a failure."""
    refuse_if_throttled(process, request)
    try:
        return identity_for_code(process, code)
    except NotEligible:
        record_failure(process, request)
        raise
