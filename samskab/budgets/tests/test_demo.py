from __future__ import annotations

import pytest

from samskab.budgets import demo
from samskab.budgets.models import Ballot, BudgetProcess, Voter

pytestmark = pytest.mark.django_db


def test_demo_has_each_phase_and_is_idempotent(personas):
    lines: list[str] = []
    demo.load(personas, lines.append)
    demo.load(personas, lines.append)
    # Five processes and the count, then only fresh voting codes: the second run adds nothing else.
    codes = [line for line in lines if "afstemningskoder" in line]
    assert len(lines) - len(codes) == 6 and len(codes) == 2
    assert BudgetProcess.objects.count() == 5
    finished = BudgetProcess.objects.get(slug="ensomhed-2026")
    assert finished.is_locked
    # 300 synthetic voters and 3 at the voting point, one of whose ballots was corrected.
    assert Voter.objects.filter(process=finished).count() == 303
    assert Ballot.objects.filter(process=finished, is_current=True).count() == 303
    assert Ballot.objects.filter(process=finished, channel="paper").count() == 34
    at_point = Ballot.objects.filter(process=finished, voting_point__isnull=False)
    assert at_point.count() == 4
    assert at_point.exclude(correction_reason="").count() == 1
    # Proposers choose category and area from lists: every demo proposal's values are on them.
    for process in BudgetProcess.objects.all():
        proposals = process.proposals.all()
        assert {p.category for p in proposals} <= set(process.category_list)
        assert {p.area for p in proposals} <= set(process.area_list)
        assert len(process.category_list) >= 5


def test_demo_finished_process_is_published_and_verifiable(personas, tmp_path, capsys):
    from django.core.management import call_command

    from samskab.budgets.models import DeliveryUpdate, FundedProject
    from samskab.budgets.seal import OK, verify_published_result
    from samskab.engine.cli import main as pb_main

    demo.load(personas, lambda line: None)
    finished = BudgetProcess.objects.get(slug="ensomhed-2026")
    result = finished.results.get()
    assert (
        result.rule == "mes-add1" and result.num_ballots == 303
    )  # the voting point's paper ballots count too
    verification = verify_published_result(finished)
    assert verification is not None and verification.status == OK
    assert DeliveryUpdate.objects.filter(project__result=result).count() == 2
    assert FundedProject.objects.filter(result=result, status="in_progress").count() == 1
    path = tmp_path / "demo.pb"
    with path.open("w", encoding="utf-8") as handle:
        call_command("budget", "export", finished.slug, stdout=handle)
    capsys.readouterr()
    assert pb_main(["verify", str(path)]) == 0
