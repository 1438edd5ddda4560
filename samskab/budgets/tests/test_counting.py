"""Counting through the engine, the stored result, the published file and its round trip
through `samskab pb verify`, the command line, and tamper evidence."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.budgets import actions
from samskab.budgets.actions import ActionRefused
from samskab.budgets.export import published_text
from samskab.budgets.models import (
    Ballot,
    BallotChoice,
    BudgetProcess,
    FundedProject,
    Notice,
    NoticeKind,
    Result,
)
from samskab.budgets.seal import BROKEN, OK, BallotsSealed, verify_published_result
from samskab.budgets.tally import load_ballots
from samskab.budgets.tests.counted import counted_process, result_of, titles
from samskab.engine.cli import main as pb_main
from samskab.engine.pabulib import read_election
from samskab.engine.version import engine_version

pytestmark = pytest.mark.django_db


def status_of(process: BudgetProcess) -> str:
    verification = verify_published_result(process)
    assert verification is not None
    return verification.status


def test_greedy_funds_by_votes_and_stores_rule_version_and_hashes(personas):
    process = counted_process(personas)
    result = result_of(process)
    assert titles(result) == ["A", "C"]  # 9 votes each, 500k + 300k = the whole pot
    assert result.rule == "greedy"
    assert result.engine_version == engine_version()
    assert len(result.inputs_sha256) == 64 and len(result.ballots_sha256) == 64
    assert result.num_ballots == 18
    funded = FundedProject.objects.filter(result=result)
    assert sorted(f.proposal.title[0] for f in funded) == ["A", "C"]
    assert all(f.deadline == process.delivery_deadline for f in funded)
    assert AuditEvent.objects.filter(action="budgets.result_published").count() == 1


def test_equal_shares_spreads_the_money_and_explains_why_a_popular_project_lost(personas):
    process = counted_process(personas, rule="mes-add1")
    result = result_of(process)
    assert titles(result) == ["B", "C", "D"]
    assert result.engine_version == engine_version()
    explanation = result.explanation
    assert explanation["plain_greedy"]["selected_order"] != explanation["selected_order"]
    lost = {item["project"]: item for item in explanation["rule_explanation"]["not_bought"]}
    a_pk = str(process.proposals.get(title__startswith="A").pk)
    assert lost[a_pk]["reason"] == "supporters_cannot_pay"


def test_counting_twice_keeps_the_first_result(personas):
    process = counted_process(personas)
    first = result_of(process)
    again = actions.count_votes(personas.admin, process)
    assert again.pk == first.pk
    assert Result.objects.filter(process=process).count() == 1


def test_voter_ids_are_anonymous_and_independent_of_casting_order(personas):
    one = counted_process(personas, slug="en", ballots=["B", "AC", "D", "AC"] * 3, count=False)
    two = counted_process(personas, slug="to", ballots=["D", "AC", "AC", "B"] * 3, count=False)
    first, second = load_ballots(one).election, load_ballots(two).election
    assert first.voter_ids == tuple(str(n) for n in range(1, 13))
    # Same multiset of ballots (project positions, not pks) -> same arrays in the same order.
    assert first.ballot_projects.tolist() == second.ballot_projects.tolist()
    actions.count_votes(personas.coordinator, one)
    text = published_text(one, result_of(one))
    assert "Vælger" not in text and "@" not in text


def test_export_then_pb_verify_reproduces_the_published_result(personas, tmp_path, capsys):
    for rule in ("greedy", "mes-add1"):
        process = counted_process(personas, slug=f"rundtur-{rule}", rule=rule)
        out = io.StringIO()
        call_command("budget", "export", process.slug, "--format", "pabulib", stdout=out)
        path = tmp_path / f"{rule}.pb"
        path.write_text(out.getvalue(), encoding="utf-8")
        meta_rule = {"greedy": "greedy", "mes-add1": "equalshares/add1"}[rule]
        assert read_election(str(path)).election.meta["rule"] == meta_rule
        capsys.readouterr()
        assert pb_main(["verify", str(path)]) == 0
        assert "1 passed, 0 failed" in capsys.readouterr().out
    # And once through the real console entry point, in a separate process.
    verified = subprocess.run(  # noqa: S603 - our own interpreter and module, a temp path
        [sys.executable, "-m", "samskab.cli", "pb", "verify", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("match: ")


def test_published_file_suppresses_small_turnout_groups(personas):
    process = counted_process(personas)
    election = read_election(published_text(process, result_of(process))).election
    age_bands = election.voter_extra["age_band"]
    # 9 aged 65+, 3 aged 18-29 (suppressed: under 5), 6 aged 30-49.
    assert sorted(set(age_bands)) == ["", "30-49", "65+"]
    assert age_bands.count("") == 3
    areas = election.voter_extra["area"]
    assert "7080" not in areas  # only the three 18-29 voters live there


def test_budget_list_prints_one_process_per_line_slug_first(personas):
    counted_process(personas, slug="faerdig")
    counted_process(personas, slug="ikke-optalt", count=False)
    out = io.StringIO()
    call_command("budget", "list", stdout=out)
    assert [line.split("\t")[0] for line in out.getvalue().splitlines()] == [
        "faerdig",
        "ikke-optalt",
    ]
    out = io.StringIO()
    call_command("budget", "list", "--finished", stdout=out)
    assert [line.split("\t")[0] for line in out.getvalue().splitlines()] == ["faerdig"]


def test_export_of_unknown_or_uncounted_process_fails_clearly(personas):
    counted_process(personas, slug="ikke-optalt", count=False)
    with pytest.raises(CommandError, match="no borgerbudget"):
        call_command("budget", "export", "findes-ikke")
    with pytest.raises(CommandError, match="no published result"):
        call_command("budget", "export", "ikke-optalt")


def test_sealed_ballots_refuse_orm_changes(personas):
    process = counted_process(personas)
    ballot = Ballot.objects.filter(process=process, is_current=True)[0]
    choice = BallotChoice.objects.filter(ballot=ballot)[0]
    for change in (
        ballot.save,
        choice.delete,
        BallotChoice.objects.filter(ballot__process=process).delete,
    ):
        with pytest.raises(BallotsSealed), transaction.atomic():
            change()
    assert BallotChoice.objects.filter(ballot__process=process).count() == 9 * 2 + 5 + 4
    assert status_of(process) == OK


def test_changing_a_ballot_row_directly_breaks_the_hash_and_is_logged(personas):
    process = counted_process(personas)
    assert status_of(process) == OK
    ballot = Ballot.objects.filter(process=process, is_current=True).order_by("pk").first()
    other = process.proposals.exclude(
        pk__in=BallotChoice.objects.filter(ballot=ballot).values("proposal_id")
    ).first()
    # Bypasses save(): what someone with database access could do.
    choice = BallotChoice.objects.filter(ballot=ballot)[0]
    BallotChoice.objects.filter(pk=choice.pk).update(proposal=other)
    verification = verify_published_result(process)
    assert verification is not None and verification.status == BROKEN
    assert verification.current_sha256 != verification.published_sha256
    event = AuditEvent.objects.get(action="budgets.result_verification_failed")
    assert event.details["published_sha256"] == result_of(process).ballots_sha256
    with pytest.raises(CommandError, match="no longer match"):
        call_command("budget", "verify", process.slug, stdout=io.StringIO())


def test_budget_verify_prints_ok(personas):
    process = counted_process(personas)
    out = io.StringIO()
    call_command("budget", "verify", process.slug, stdout=out)
    assert out.getvalue().startswith(f"OK\t{process.slug}\t")


def test_close_voting_refuses_while_voting_is_open_and_enqueues_the_count(personas):
    open_process = counted_process(personas, slug="aaben", current="voting", count=False)
    with pytest.raises(ActionRefused):
        actions.close_voting(personas.coordinator, open_process)
    assert not open_process.results.exists()
    ended = counted_process(personas, slug="slut", count=False)
    # The immediate backend (tests) runs the enqueued task at once.
    assert actions.close_voting(personas.coordinator, ended) is True
    assert titles(result_of(ended)) == ["A", "C"]
    assert actions.close_voting(personas.coordinator, ended) is False
    assert AuditEvent.objects.filter(action="budgets.voting_closed").count() == 1


def test_close_due_counts_every_ended_vote_once(personas):
    counted_process(personas, slug="slut", count=False)
    counted_process(personas, slug="aaben", current="voting", count=False)
    out = io.StringIO()
    call_command("budget", "close-due", stdout=out)
    assert out.getvalue().split("\t")[0] == "slut"
    assert Result.objects.filter(process__slug="slut").count() == 1
    assert not Result.objects.filter(process__slug="aaben").exists()
    out = io.StringIO()
    call_command("budget", "close-due", stdout=out)
    assert out.getvalue() == ""


def test_close_voting_enqueues_count_process(personas, settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ended = counted_process(personas, slug="slut", count=False)
    actions.close_voting(personas.coordinator, ended, now=timezone.now())
    results = default_task_backend.results  # type: ignore[attr-defined] # the dummy backend
    [queued] = [result for result in results if result.task.name == "count_process"]
    assert list(queued.args) == [ended.pk, personas.coordinator.pk]
    assert not ended.results.exists()  # counted by the worker, not in the request
    # Its followers are told in the same transaction (tasks.send_notice).
    closed = Notice.objects.get(process=ended, kind=NoticeKind.VOTING_CLOSED)
    assert [list(r.args) for r in results if r.task.name == "send_notice"][-1] == [closed.pk]


def test_cli_stdout(personas):
    process = counted_process(personas)
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        call_command("budget", "export", process.slug)
    assert buffer.getvalue().startswith("META\n")


def test_admin_cannot_change_a_counted_ballot_or_result(personas, client_for):
    process = counted_process(personas)
    ballot = Ballot.objects.filter(process=process)[0]
    admin = client_for("admin")
    result = result_of(process)
    for url in (
        f"/admin/budgets/ballot/{ballot.pk}/change/",
        f"/admin/budgets/result/{result.pk}/change/",
    ):
        response = admin.post(url, {"is_current": "", "rule": "greedy"})
        assert response.status_code == 403
    assert admin.get(f"/admin/budgets/result/{result.pk}/change/").status_code == 200
    assert status_of(process) == OK


@pytest.mark.parametrize(
    ("ballot_form", "rule", "vote_type"),
    [
        ("ranking", "greedy", "ordinal"),
        ("cumulative", "greedy", "cumulative"),
        ("cumulative", "mes-add1", "cumulative"),
        ("knapsack", "mes-add1", "approval"),
    ],
)
def test_every_ballot_form_round_trips_through_pb_verify(
    personas, tmp_path, capsys, ballot_form, rule, vote_type
):
    ballots = ["ACB"] * 6 + ["BD"] * 5 + ["DAC"] * 4 + ["AAC"] * 3
    if ballot_form == "ranking":
        ballots = [b.replace("AAC", "AC") for b in ballots]
    if ballot_form == "knapsack":
        ballots = ["AC"] * 6 + ["BD"] * 5 + ["B"] * 4
    process = counted_process(
        personas, slug="form", rule=rule, ballots=ballots, ballot_form=ballot_form
    )
    text = published_text(process, result_of(process))
    election = read_election(text).election
    assert election.vote_type == vote_type
    assert election.num_voters == len(ballots)
    path = tmp_path / "form.pb"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert pb_main(["verify", str(path)]) == 0, capsys.readouterr().out


def test_renaming_a_counted_proposal_is_no_tamper_alarm(personas):
    # The published file names the projects as they were when counted; an edit of a title
    # afterwards (the admin edits proposals freely) is no change to what was published.
    process = counted_process(personas)
    result = result_of(process)
    published = published_text(process, result)
    proposal = process.proposals.order_by("pk").first()
    assert proposal is not None
    counted_title = proposal.title
    proposal.title = "Nyt navn efter optællingen"
    proposal.save()
    assert status_of(process) == OK
    assert not AuditEvent.objects.filter(action="budgets.result_verification_failed").exists()
    assert published_text(process, result) == published
    assert counted_title in published and "Nyt navn" not in published
    out = io.StringIO()
    call_command("budget", "verify", process.slug, stdout=out)
    assert out.getvalue().startswith("OK\t")
    # A genuine change of a ballot is still caught.
    choice = BallotChoice.objects.filter(ballot__process=process).order_by("pk").first()
    assert choice is not None
    other = process.proposals.exclude(
        pk__in=BallotChoice.objects.filter(ballot=choice.ballot).values("proposal_id")
    ).first()
    BallotChoice.objects.filter(pk=choice.pk).update(proposal=other)
    assert status_of(process) == BROKEN


@pytest.mark.parametrize("rule", ["greedy", "mes-add1"])
def test_the_stored_explanation_has_its_declared_shape(personas, rule):
    from samskab.budgets.tally import PlainGreedy, StoredExplanation, equal_shares_part
    from samskab.engine.pb.explanations import GreedyExplanation, MesExplanation
    from samskab.engine.tests.test_explanations import assert_explanation, assert_shape

    process = counted_process(personas, slug=f"form-{rule}", rule=rule)
    stored = result_of(process).explanation  # read back from the database as JSON
    assert_shape(stored, StoredExplanation)
    assert_shape(stored["plain_greedy"], PlainGreedy)
    shape = GreedyExplanation if rule == "greedy" else MesExplanation
    assert_explanation(stored["rule_explanation"], shape)
    assert (equal_shares_part(stored) is None) == (rule == "greedy")
