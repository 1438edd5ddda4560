"""Signed links in mails: confirm a subscription, unsubscribe with one click. No login needed."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from samskab.core.mailing import BadToken, make_stop_token, read_stop_token

CONFIRM_SALT = "samskab.newsletter.confirm"
UNSUBSCRIBE_SALT = "samskab.newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)


def make_confirm_token(email: str, topic_ids: list[int]) -> str:
    return signing.dumps({"e": email, "t": sorted(topic_ids)}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> tuple[str, list[int]]:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        email, topic_ids = data["e"], data["t"]
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise BadToken(str(error)) from None
    if not isinstance(email, str) or not all(isinstance(pk, int) for pk in topic_ids):
        raise BadToken("malformed")
    return email, list(topic_ids)


def make_unsubscribe_token(subscription_id: int) -> str:
    return make_stop_token(UNSUBSCRIBE_SALT, str(subscription_id))


def read_unsubscribe_token(token: str) -> int:
    try:
        return int(read_stop_token(UNSUBSCRIBE_SALT, token))
    except ValueError as error:
        raise BadToken(str(error)) from None
