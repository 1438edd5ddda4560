"""A test mail backend that refuses addresses starting with "bounce", like a real SMTP server."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            refused = [address for address in message.to if address.startswith("bounce")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"no such user") for address in refused}
                )
        return super().send_messages(messages)
