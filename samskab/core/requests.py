"""The signed-in person of a request, typed: one helper instead of asserts in every view."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from samskab.accounts.models import User


class AuthedRequest(HttpRequest):
    """The type of a request behind ``@login_required``: ``request.user`` is a `User`.

    For annotations only (``def view(request: AuthedRequest)``); at run time it is the plain
    `HttpRequest`, so views still call `signed_in_user` where mypy cannot know.
    """

    user: User  # narrower than HttpRequest's User | AnonymousUser


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` as a `User`; PermissionDenied (403) for an anonymous visitor.

    Views behind ``@login_required`` never reach the 403: it is the narrowing mypy needs, and a
    safe answer should a decorator go missing.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
