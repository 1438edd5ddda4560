"""Text helpers shared by the apps."""

from __future__ import annotations

from django.utils.text import slugify

# slugify drops letters it cannot make ASCII; Danish has three it should spell out.
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slug(text: str) -> str:
    """``slugify`` that keeps æ, ø and å readable: "Østerlund" -> "oesterlund"."""
    return slugify(text.translate(DANISH_LETTERS))
