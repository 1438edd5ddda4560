"""Slugs spell out Danish letters instead of dropping them."""

from __future__ import annotations

import pytest

from samskab.core.text import danish_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Østerlund", "oesterlund"),
        ("Æblehaven på Ålekistevej", "aeblehaven-paa-aalekistevej"),
        ("Lektiecafé i Søborg", "lektiecafe-i-soeborg"),
        ("", ""),
    ],
)
def test_danish_letters_are_spelled_out(text, slug):
    assert danish_slug(text) == slug
