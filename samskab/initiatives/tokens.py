"""The signed link in a partner invitation. It names the invitation, not the address."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from samskab.core.mailing import BadToken

INVITATION_SALT = "samskab.initiatives.invitation"
INVITATION_MAX_AGE = timedelta(days=14)


def make_invitation_token(partner_id: int) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(partner_id))


def read_invitation_token(token: str) -> int:
    try:
        value = signing.TimestampSigner(salt=INVITATION_SALT).unsign(
            token, max_age=INVITATION_MAX_AGE
        )
        return int(value)
    except (signing.BadSignature, ValueError) as error:
        raise BadToken(str(error)) from None
