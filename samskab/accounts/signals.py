"""Signals other modules listen to, so accounts need not know them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of `accounts.actions.withdraw_consent`, with ``consent``: a module
# that processes data under that consent stops and anonymises at once (e.g. mentoring).
consent_withdrawn = Signal()
