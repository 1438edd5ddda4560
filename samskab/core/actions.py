"""Writes made by the core pages."""

from __future__ import annotations

from django.db import transaction

from samskab.accounts.models import User


def update_preferred_language(user: User, language: str) -> None:
    """Remember the language a signed-in person chose, so it follows them to their next login."""
    with transaction.atomic():
        if user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
