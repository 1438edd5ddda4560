from __future__ import annotations

import pytest

from samskab.budgets import demo
from samskab.budgets.models import Ballot, BudgetProcess, Voter

pytestmark = pytest.mark.django_db


def test_demo_has_each_phase_and_is_idempotent(personas):
    lines: list[str] = []
    demo.load(personas, lines.append)
    demo.load(personas, lines.append)
    assert len(lines) == 5  # the second run adds nothing
    assert BudgetProcess.objects.count() == 5
    finished = BudgetProcess.objects.get(slug="ensomhed-2026")
    assert finished.is_locked
    assert Voter.objects.filter(process=finished).count() == 300
    assert Ballot.objects.filter(process=finished, is_current=True).count() == 300
    assert Ballot.objects.filter(process=finished, channel="paper").count() == 30
