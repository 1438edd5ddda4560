"""Signed, expiring e-mail verification links.

The token signs the user's id *and* e-mail address, so a link stops working if the address
changes; it expires after ``EMAIL_VERIFICATION_MAX_AGE`` seconds. Nothing is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from samskab.accounts.models import User

_SALT = "samskab.accounts.verify-email"


class InvalidVerificationToken(Exception):
    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=_SALT)


def user_for_verification_token(token: str) -> User:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidVerificationToken(expired=True) from None
    except signing.BadSignature:
        raise InvalidVerificationToken(expired=False) from None
    if not isinstance(payload, dict):
        raise InvalidVerificationToken(expired=False)
    user_id, email = payload.get("user"), payload.get("email")
    if not isinstance(user_id, int) or not isinstance(email, str):
        raise InvalidVerificationToken(expired=False)
    user = User.objects.filter(pk=user_id, email=email, is_active=True).first()
    if user is None:
        raise InvalidVerificationToken(expired=False)
    return user
