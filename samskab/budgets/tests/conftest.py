from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded photos and published result files go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
