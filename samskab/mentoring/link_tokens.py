"""The one-time link that asks an account holder to confirm a case is theirs.

Signed with the site's key over the request's id and a random nonce (kept on the request), so
nothing secret is stored and a newer request or an answer kills the old link. Kept apart from
the actions so the mail task can build the link without importing them.
"""

from __future__ import annotations

from django.core import signing

from samskab.mentoring.models import AccountLinkRequest

ACCOUNT_LINK_DAYS = 7
SALT = "samskab.mentoring.account-link"


def account_link_token(link: AccountLinkRequest) -> str:
    return signing.dumps({"id": link.pk, "n": link.nonce}, salt=SALT)
