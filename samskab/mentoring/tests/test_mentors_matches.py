"""Mentor approval, børneattest blocking, the match lifecycle, meetings, goals, help."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from samskab.accounts.models import Membership, Role, User
from samskab.mentoring import actions
from samskab.mentoring.models import (
    CertificateStatus,
    MatchStatus,
    MentorStatus,
    ReferralStatus,
)
from samskab.mentoring.tests.conftest import ALL_YES, approved_mentor, mentor_data, referral_data

TODAY = dt.date(2026, 3, 1)


def test_application_is_pending_until_interviewed_and_approved(personas, programme):
    profile = actions.apply_as_mentor(personas.outsider, programme, mentor_data())
    assert profile.status == MentorStatus.PENDING and not profile.can_be_matched_on(TODAY)
    with pytest.raises(actions.MentoringError):
        actions.review_mentor(
            personas.coordinator,
            profile,
            status=MentorStatus.APPROVED,
            interviewed_on=None,
            training_completed_on=None,
        )
    profile.refresh_from_db()
    assert profile.status == MentorStatus.PENDING
    actions.review_mentor(
        personas.coordinator,
        profile,
        status=MentorStatus.APPROVED,
        interviewed_on=TODAY,
        training_completed_on=None,
    )
    assert Membership.objects.filter(
        user=personas.outsider, organisation=personas.association, role=Role.VOLUNTEER
    ).exists()
    assert not profile.can_be_matched_on(TODAY)  # training not done yet
    with pytest.raises(actions.MentoringError):
        actions.apply_as_mentor(personas.outsider, programme, mentor_data())


def test_certificate_blocks_matching_for_programmes_reaching_children(personas, programme):
    programme.reaches_under_15 = True
    programme.certificate_recheck_months = 24
    programme.save()
    mentor = approved_mentor(personas.coordinator, programme, personas.volunteer)
    today = timezone.localdate()
    assert not mentor.can_be_matched_on(today)
    check = actions.request_certificate(personas.coordinator, mentor, today)
    assert check.consent_deadline == today + dt.timedelta(days=14)
    assert check.status == CertificateStatus.PENDING
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data(age=14))
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    with pytest.raises(actions.MentoringError):
        actions.propose_match_manually(personas.coordinator, referral, mentor)
    actions.record_certificate_result(
        personas.coordinator, check, status=CertificateStatus.CLEAR, received_on=today
    )
    check.refresh_from_db()
    mentor.refresh_from_db()
    assert check.next_check_on is not None and check.next_check_on.year == today.year + 2
    assert mentor.can_be_matched_on(today)
    assert not mentor.can_be_matched_on(check.next_check_on)  # re-check due by policy
    assert actions.propose_match_manually(personas.coordinator, referral, mentor)
    assert actions.expire_certificates(check.next_check_on) == 1
    check.refresh_from_db()
    assert check.status == CertificateStatus.EXPIRED


def test_certificate_result_before_request_is_refused(personas, programme):
    mentor = approved_mentor(personas.coordinator, programme, personas.volunteer)
    check = actions.request_certificate(personas.coordinator, mentor, TODAY)
    with pytest.raises(actions.MentoringError):
        actions.record_certificate_result(
            personas.coordinator,
            check,
            status=CertificateStatus.CLEAR,
            received_on=TODAY - dt.timedelta(days=1),
        )
    check.refresh_from_db()
    assert check.status == CertificateStatus.PENDING


def test_lifecycle_proposed_to_ended(personas, programme):
    mentor = approved_mentor(personas.coordinator, programme, personas.volunteer)
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    match = actions.propose_match_manually(personas.coordinator, referral, mentor)
    with pytest.raises(actions.MentoringError):
        actions.accept_match(personas.volunteer, match)  # not approved yet
    match = actions.approve_match(personas.coordinator, match)
    assert match.status == MatchStatus.APPROVED
    match = actions.accept_match(personas.volunteer, match)
    assert match.status == MatchStatus.APPROVED  # waiting for the young person
    with pytest.raises(actions.MentoringError):
        actions.accept_match(personas.outsider, match)
    match = actions.accept_match_for_mentee(personas.caseworker, match)
    assert match.status == MatchStatus.ACCEPTED and match.started_on == timezone.localdate()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.MATCHED
    actions.log_meeting(
        personas.volunteer,
        match,
        held_on=timezone.localdate(),
        duration_minutes=60,
        activity="Kaffe",
    )
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    with pytest.raises(actions.MentoringError):
        actions.log_meeting(
            personas.volunteer,
            match,
            held_on=timezone.localdate() + dt.timedelta(days=1),
            duration_minutes=60,
            activity="Fremtid",
        )
    assert match.meetings.count() == 1
    actions.pause_match(personas.coordinator, match)
    actions.resume_match(personas.coordinator, match)
    match = actions.end_match(personas.coordinator, match, "education")
    assert match.status == MatchStatus.ENDED and match.ended_on == timezone.localdate()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED and referral.ended_on is not None


def test_declined_match_leaves_the_young_person_ready_for_another(personas, world):
    referral = actions.refer_young_person(personas.caseworker, world.programme, referral_data("Ny"))
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    match = actions.propose_match_manually(personas.coordinator, referral, world.other_mentor)
    actions.approve_match(personas.coordinator, match)
    match = actions.decline_match(world.other_mentor.user, match)
    assert match.status == MatchStatus.REJECTED and match.end_reason == "declined"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.READY


def test_swap_to_an_alternative_checks_capacity(personas, world):
    referral = actions.refer_young_person(personas.caseworker, world.programme, referral_data("B"))
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    match = actions.propose_match_manually(personas.coordinator, referral, world.other_mentor)
    with pytest.raises(actions.MentoringError):  # Maja has one place and it is taken
        actions.approve_match(personas.coordinator, match, mentor=world.mentor)
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED and match.mentor == world.other_mentor


def test_goals_and_help(personas, world):
    goal = actions.add_goal(personas.volunteer, world.match, "Søge uddannelse")
    actions.update_goal_progress(personas.volunteer, goal, 50)
    with pytest.raises(actions.MentoringError):
        actions.update_goal_progress(personas.volunteer, goal, 101)
    goal.refresh_from_db()
    assert goal.progress == 50
    actions.ask_for_help(personas.volunteer, world.match, "Hun svarer ikke")
    assert world.match.help_requests.count() == 1


def test_help_request_emails_the_coordinators_without_naming_the_young_person(
    personas, world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.ask_for_help(personas.volunteer, world.match, "Hun svarer ikke")
    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]
    assert "Mia" not in mail.outbox[0].body


def test_erasing_a_mentor_keeps_the_young_persons_statistics(personas, world):
    from samskab.mentoring.privacy import erase_user_data, export_user_data

    exported = export_user_data(personas.volunteer)
    assert exported["as_mentor"][0]["occupation"] == "Pædagogstuderende"
    erase_user_data(personas.volunteer)
    assert not personas.volunteer.mentor_profiles.exists()
    world.referral.refresh_from_db()
    assert world.referral.outcomes.count() == 4
    personas.volunteer.delete()
    assert not User.objects.filter(email="maja@frivilligcenter.demo").exists()


def test_mail_goes_out_only_from_tasks():
    """Actions enqueue a task; only the task modules (tasks.py, and jobs.py for the scheduled
    work) call the mail helpers in notify.py."""
    from pathlib import Path

    app = Path(__file__).resolve().parents[1]
    callers = sorted(
        str(path.relative_to(app))
        for path in app.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "notify.py"
        and ("mentoring.notify" in path.read_text() or "send_mail" in path.read_text())
    )
    assert callers == ["jobs.py", "tasks.py"]
