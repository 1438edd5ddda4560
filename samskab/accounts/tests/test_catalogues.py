"""The accounts and audit English catalogues are complete: no empty or fuzzy entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import samskab

ROOT = Path(samskab.__file__).parent


@pytest.mark.parametrize("app", ["accounts", "audit"])
def test_catalogue_has_no_empty_or_fuzzy_entries(app):
    text = (ROOT / app / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    assert len(entries) > 10
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry, flags=re.M)
        assert msgstrs, entry
        for msgstr in msgstrs:
            assert "".join(re.findall(r'"(.*)"', msgstr)).strip(), entry
