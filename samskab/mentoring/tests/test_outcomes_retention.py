"""Outcome checkpoints, reminder e-mails (once), the report with intervals, and retention."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.mentoring import actions
from samskab.mentoring.jobs import send_outcome_reminders
from samskab.mentoring.models import (
    ANONYMISED,
    Checkpoint,
    Outcome,
    OutcomeStatus,
    Programme,
    Referral,
    add_months,
)
from samskab.mentoring.report import NATIONAL_BENCHMARK, build_report
from samskab.mentoring.tests.conftest import ALL_NO, ALL_YES, referral_data


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 15)),
        (dt.date(2026, 3, 31), -24, dt.date(2024, 3, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_checkpoints_are_due_at_start_3_6_and_12_months(personas, programme):
    start = dt.date(2026, 1, 15)
    referral = actions.refer_young_person(
        personas.caseworker, programme, referral_data(), referred_on=start
    )
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    due = dict(referral.outcomes.values_list("checkpoint", "due_on"))
    assert due == {
        0: start,
        3: dt.date(2026, 4, 15),
        6: dt.date(2026, 7, 15),
        12: dt.date(2027, 1, 15),
    }


def test_reminders_go_once_to_the_referring_caseworker(personas, programme):
    start = dt.date(2026, 1, 15)
    referral = actions.refer_young_person(
        personas.caseworker, programme, referral_data(), referred_on=start
    )
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    mail.outbox.clear()
    assert send_outcome_reminders(dt.date(2026, 4, 15)) == 1
    assert [m.to for m in mail.outbox] == [[personas.caseworker.email]]
    assert "Mia" not in mail.outbox[0].body
    assert "2 " in mail.outbox[0].subject  # start and 3 months
    assert send_outcome_reminders(dt.date(2026, 4, 16)) == 0
    assert len(mail.outbox) == 1
    assert send_outcome_reminders(dt.date(2026, 7, 15)) == 1  # the 6-month checkpoint


def test_self_sign_up_reminders_go_to_the_coordinators(personas, programme):
    actions.sign_up_young_person(
        personas.citizen, programme, referral_data(jobcentre_category=None), consents=ALL_YES
    )
    mail.outbox.clear()
    send_outcome_reminders(timezone.localdate())
    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]


def test_management_command_enqueues_the_reminder_task(personas, programme, capsys):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    mail.outbox.clear()
    call_command("mentoring_reminders")
    assert "enqueued" in capsys.readouterr().out
    assert len(mail.outbox) == 1  # the immediate backend ran it
    assert Outcome.objects.get(referral=referral, checkpoint=0).reminder_sent_at is not None


def test_outcome_needs_follow_up_consent(personas, programme):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    actions.record_consent_in_person(personas.caseworker, referral, {**ALL_YES, "outcomes": False})
    assert not referral.outcomes.exists()
    with pytest.raises(actions.MentoringError):
        actions.record_outcome(
            personas.caseworker,
            Outcome(referral=referral, checkpoint=3, due_on=timezone.localdate()),
            OutcomeStatus.IN_JOB,
        )


def _with_outcome(
    personas: Any, programme: Programme, name: str, checkpoint: int, status: str
) -> Referral:
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data(name))
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    outcome = referral.outcomes.get(checkpoint=checkpoint)
    actions.record_outcome(personas.caseworker, outcome, status)
    return referral


def test_report_counts_rates_and_intervals(personas, programme):
    for index in range(3):
        _with_outcome(personas, programme, f"A{index}", 12, OutcomeStatus.IN_EDUCATION)
    _with_outcome(personas, programme, "B", 12, OutcomeStatus.OTHER)
    _with_outcome(personas, programme, "C", 6, OutcomeStatus.IN_JOB)
    report = build_report(programme)
    rows = {row.checkpoint: row for row in report.rows}
    assert set(rows) == {3, 6, 12}
    twelve = rows[Checkpoint.MONTH_12].comparison.observed
    assert (twelve.successes, twelve.total) == (3, 4)
    assert twelve.low == pytest.approx(0.3006, abs=1e-4)
    assert twelve.high == pytest.approx(0.9544, abs=1e-4)
    assert rows[12].comparison.verdict == "inconclusive"  # 43% lies inside
    assert rows[3].comparison.observed.total == 0
    assert report.benchmark == NATIONAL_BENCHMARK
    assert dict(report.status_counts)["Klar til match"] == "5"
    chart = report.chart()
    assert chart["labels"] == [row.label for row in report.rows]
    assert chart["points"][0] is None  # 3 months: nobody recorded, nothing drawn
    assert chart["points"][2] == {"y": 75, "yMin": 30, "yMax": 95}  # the table's 3 of 4
    assert chart["reference"] == 43


def test_retention_anonymises_only_cases_ended_long_enough_ago(personas, world, settings):
    settings.MENTORING_RETENTION_MONTHS = 24
    actions.end_match(personas.coordinator, world.match, "education")
    world.referral.refresh_from_db()
    ended = world.referral.ended_on
    assert actions.anonymise_expired_cases(add_months(ended, 24)) == 0
    # Mia's ended case, and Emma's referral that was never answered in all that time.
    assert actions.anonymise_expired_cases(add_months(ended, 24) + dt.timedelta(days=1)) == 2
    world.referral.refresh_from_db()
    assert world.referral.name == ANONYMISED and world.referral.contact == ""
    assert world.referral.outcomes.count() == 4  # statistics survive
    assert world.match.meetings.filter(activity=ANONYMISED).count() == world.match.meetings.count()
    assert AuditEvent.objects.filter(action="mentoring.referral_anonymised").count() == 2
    world.waiting.refresh_from_db()
    assert world.waiting.name == ANONYMISED


def test_retention_command_runs(personas, world, capsys):
    call_command("mentoring_retention")
    assert "enqueued" in capsys.readouterr().out


def test_refused_and_never_answered_referrals_are_anonymised_too(personas, programme, settings):
    settings.MENTORING_RETENTION_MONTHS = 24
    day = dt.date(2024, 1, 10)
    refused = actions.refer_young_person(
        personas.caseworker,
        programme,
        referral_data("Nej", jobcentre_category=None),
        referred_on=day,
    )
    actions.record_consent_in_person(personas.caseworker, refused, ALL_NO)
    silent = actions.refer_young_person(
        personas.caseworker,
        programme,
        referral_data("Tavs", jobcentre_category=None),
        referred_on=day,
    )
    refused.refresh_from_db()
    assert refused.ended_on == timezone.localdate()
    assert actions.anonymise_expired_cases(add_months(day, 24)) == 0
    assert actions.anonymise_expired_cases(add_months(day, 24) + dt.timedelta(days=1)) == 1
    silent.refresh_from_db()
    assert silent.name == ANONYMISED
    later = add_months(timezone.localdate(), 24) + dt.timedelta(days=1)
    assert actions.anonymise_expired_cases(later) == 1
    refused.refresh_from_db()
    assert refused.name == ANONYMISED


def test_small_cells_are_hidden_outside_the_programme(personas, programme, client_for):
    _with_outcome(personas, programme, "Eneste", 6, OutcomeStatus.IN_JOB)
    hidden = build_report(programme, suppress_small_cells=True)
    six = next(row for row in hidden.rows if row.checkpoint == 6)
    assert six.suppressed and six.comparison.observed.total == 0
    assert dict(hidden.status_counts)["Klar til match"] == "< 5"
    assert all(point is None for point in hidden.chart()["points"])  # not in the page's JSON
    shown = build_report(programme)
    assert next(row for row in shown.rows if row.checkpoint == 6).percent == 100
    from django.urls import reverse

    url = reverse("mentoring:report", args=[programme.slug])
    assert "Vises ikke" in client_for("auditor").get(url).content.decode()
    assert "Vises ikke" not in client_for("coordinator").get(url).content.decode()
