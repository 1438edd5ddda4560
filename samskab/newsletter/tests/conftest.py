from __future__ import annotations

import pytest

from samskab.newsletter import actions


@pytest.fixture
def topic(db):
    return actions.ensure_topic("Borgerbudget", "borgerbudget", "Forslag og afstemninger")


@pytest.fixture
def other_topic(db):
    return actions.ensure_topic("Nyt fra kommunen", "nyt-fra-kommunen")
