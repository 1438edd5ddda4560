"""The one error mentoring actions raise; its message is for the user, translated."""

from __future__ import annotations


class MentoringError(Exception):
    """A request that breaks a rule of the module; the message is for the user (translated)."""
