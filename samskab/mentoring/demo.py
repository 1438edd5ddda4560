"""Demo content: a programme with mentors, referrals in each state, and Mia's path from referral
to her 6-month outcome. Idempotent: does nothing when the programme exists.

Dates are moved back after the real actions ran (demo only), so Mia's case is seven months old.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from samskab.accounts.models import User
from samskab.accounts.personas import DEMO_PASSWORD, Personas
from samskab.mentoring import actions
from samskab.mentoring.models import (
    Checkpoint,
    ConsentPurpose,
    EducationStatus,
    EndReason,
    JobcentreCategory,
    Match,
    MentorProfile,
    MentorStatus,
    Outcome,
    OutcomeStatus,
    Programme,
    Referral,
    add_months,
)

SLUG = "mentor-i-oejenhoejde-fjordby"
ALL_YES = {p.value: True for p in ConsentPurpose}
ALL_NO = {p.value: False for p in ConsentPurpose}


def _mentor(
    coordinator: User, programme: Programme, user: User, data: actions.MentorData
) -> MentorProfile:
    profile = actions.apply_as_mentor(user, programme, data)
    today = timezone.localdate()
    return actions.review_mentor(
        coordinator,
        profile,
        status=MentorStatus.APPROVED,
        interviewed_on=today - dt.timedelta(days=300),
        training_completed_on=today - dt.timedelta(days=290),
    )


def _demo_user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(email, DEMO_PASSWORD, full_name=name)


def _category(day: dt.date, code: str) -> JobcentreCategory | None:
    return JobcentreCategory.valid_on(day).filter(code=code).first()


def _run_match(
    personas: Personas, referral: Referral, mentor: MentorProfile, started_on: dt.date
) -> Match:
    match = actions.propose_match_manually(personas.coordinator, referral, mentor)
    actions.approve_match(personas.coordinator, match)
    actions.accept_match(mentor.user, match)
    match = actions.accept_match_for_mentee(personas.caseworker, match)
    Match.objects.filter(pk=match.pk).update(started_on=started_on)  # demo: back in time
    match.refresh_from_db()
    return match


def _record(personas: Personas, referral: Referral, checkpoint: int, status: str) -> None:
    outcome = Outcome.objects.get(referral=referral, checkpoint=checkpoint)
    actions.record_outcome(personas.caseworker, outcome, status, recorded_on=outcome.due_on)


@transaction.atomic
def load(personas: Personas, say: Callable[[str], None]) -> None:
    if Programme.objects.filter(slug=SLUG).exists():
        say("mentoring: demo programme already there")
        return
    today = timezone.localdate()
    programme = actions.create_programme(
        organisation=personas.association,
        partner=personas.municipality,
        name="Mentor i øjenhøjde",
        slug=SLUG,
        description=(
            "Frivillige mentorer på 18-30 år møder unge uden uddannelse eller job: en kaffe, "
            "en tur på en uddannelse, et praktiksted, et netværk."
        ),
        target_group="Unge 16-25 år uden for uddannelse og job",
        area="Fjordby Kommune",
        capacity=20,
        coordinators=[personas.coordinator],
        caseworkers=[personas.caseworker],
    )
    coordinator = personas.coordinator
    maja = _mentor(
        coordinator,
        programme,
        personas.volunteer,
        actions.MentorData(
            age=22,
            occupation="Studerer til pædagog, arbejder i en café",
            fields="pædagogik, service",
            interests="musik, madlavning, fodbold",
            area="centrum",
            availability="hverdage eftermiddag, weekend",
            gender="f",
            max_mentees=2,
        ),
    )
    jonas = _mentor(
        coordinator,
        programme,
        _demo_user("jonas@frivilligcenter.demo", "Jonas Juhl"),
        actions.MentorData(
            age=24,
            occupation="Elektrikerlærling",
            fields="håndværk, el",
            interests="cykler, gaming, fiskeri",
            area="havnen",
            availability="hverdage aften",
            gender="m",
        ),
    )
    _mentor(
        coordinator,
        programme,
        _demo_user("sara@frivilligcenter.demo", "Sara Sørensen"),
        actions.MentorData(
            age=21,
            occupation="Sygeplejestuderende",
            fields="sundhed, omsorg",
            interests="løb, musik, tegning",
            languages="da, en, ar",
            area="vestbyen",
            availability="weekend",
            gender="f",
        ),
    )
    pending = actions.apply_as_mentor(
        _demo_user("ali@frivilligcenter.demo", "Ali Amiri"),
        programme,
        actions.MentorData(age=26, occupation="Lagerarbejder på vej ind i it", area="centrum"),
    )
    say(f"mentoring: programme {programme.name} with 3 approved mentors and 1 pending ({pending})")

    # Mia: referred seven months ago, consented in person, matched with Maja, 6-month outcome.
    mia_day = add_months(today, -7)
    mia = actions.refer_young_person(
        personas.caseworker,
        programme,
        actions.ReferralData(
            name="Mia Mortensen",
            age=18,
            area="centrum",
            contact="mia@example.org",
            education_status=EducationStatus.DROPPED_OUT,
            jobcentre_category=_category(mia_day, "uddannelsesparat"),
            interests="musik, madlavning",
            curious_about="pædagogik, ernæring",
            goals="Finde ud af, hvilken uddannelse der passer til mig. Komme i gang igen.",
            availability="hverdage eftermiddag",
            mentor_must_know="Stoppede på gymnasiet efter 1.g. Vil gerne mødes på en café.",
        ),
        referred_on=mia_day,
    )
    actions.record_consent_in_person(personas.caseworker, mia, ALL_YES)
    mia_match = _run_match(personas, mia, maja, mia_day + dt.timedelta(days=14))
    for weeks, minutes, activity, next_step in [
        (2, 60, "Kaffe og snak om, hvad Mia godt kan lide.", "Mia skriver tre ting ned."),
        (4, 90, "Besøg på pædagoguddannelsen og madværkstedet.", "Kig på EUD-ernæring."),
        (8, 60, "Lavede en ansøgning sammen.", "Mia søger ernæringsassistent."),
        (16, 45, "Gennemgik optagelsen og skemaet.", "Første skoledag."),
    ]:
        actions.log_meeting(
            maja.user,
            mia_match,
            held_on=mia_day + dt.timedelta(weeks=weeks),
            duration_minutes=minutes,
            activity=activity,
            next_step=next_step,
        )
    for title, progress in [("Vælge en uddannelse", 100), ("Starte på uddannelsen", 100)]:
        goal = actions.add_goal(maja.user, mia_match, title)
        actions.update_goal_progress(maja.user, goal, progress)
    actions.add_goal(maja.user, mia_match, "Blive i uddannelsen et år")
    _record(personas, mia, Checkpoint.START, OutcomeStatus.OTHER)
    _record(personas, mia, Checkpoint.MONTH_3, OutcomeStatus.OTHER)
    _record(personas, mia, Checkpoint.MONTH_6, OutcomeStatus.STARTED_EDUCATION)

    # Sofie: a finished case from last year, in a job.
    sofie_day = add_months(today, -14)
    sofie = actions.refer_young_person(
        personas.caseworker,
        programme,
        actions.ReferralData(
            name="Sofie Svendsen",
            age=20,
            area="havnen",
            education_status=EducationStatus.UNEMPLOYED,
            jobcentre_category=_category(sofie_day, "uddannelsesparat"),
            interests="cykler",
        ),
        referred_on=sofie_day,
    )
    actions.record_consent_in_person(personas.caseworker, sofie, ALL_YES)
    sofie_match = _run_match(personas, sofie, jonas, sofie_day + dt.timedelta(days=10))
    actions.log_meeting(
        jonas.user,
        sofie_match,
        held_on=sofie_day + dt.timedelta(days=20),
        duration_minutes=60,
        activity="Besøg på cykelværkstedet på havnen.",
    )
    actions.end_match(coordinator, sofie_match, EndReason.STARTED_JOB)
    for checkpoint, status in [
        (Checkpoint.START, OutcomeStatus.OTHER),
        (Checkpoint.MONTH_3, OutcomeStatus.IN_JOB),
        (Checkpoint.MONTH_6, OutcomeStatus.IN_JOB),
        (Checkpoint.MONTH_12, OutcomeStatus.OFF_BENEFIT),
    ]:
        _record(personas, sofie, checkpoint, status)

    # An alias-only case, ready for matching; one waiting for consent; one who said no;
    # one who withdrew.
    falk = actions.refer_young_person(
        personas.caseworker,
        programme,
        actions.ReferralData(
            name="Falk",
            alias_only=True,
            age=19,
            area="vestbyen",
            education_status=EducationStatus.NEVER_STARTED,
            jobcentre_category=_category(today, "aktivitetsparat"),
            interests="fiskeri, gaming",
            availability="hverdage aften",
        ),
    )
    actions.record_consent_in_person(
        personas.caseworker, falk, {**ALL_YES, ConsentPurpose.CONTACT.value: False}
    )
    emma = actions.refer_young_person(
        personas.caseworker,
        programme,
        actions.ReferralData(
            name="Emma Eriksen",
            age=17,
            area="centrum",
            education_status=EducationStatus.DROPPED_OUT,
            jobcentre_category=_category(today, "uddannelsesparat"),
            interests="tegning",
        ),
    )
    actions.issue_consent_link(personas.caseworker, emma)
    lucas = actions.refer_young_person(
        personas.caseworker,
        programme,
        actions.ReferralData(
            name="Lucas Lund",
            age=22,
            area="havnen",
            education_status=EducationStatus.PART_TIME_JOB,
            jobcentre_category=_category(today, "jobparat"),
        ),
    )
    actions.record_consent_in_person(personas.caseworker, lucas, ALL_NO)
    william = actions.refer_young_person(
        personas.caseworker,
        programme,
        actions.ReferralData(
            name="William Winther",
            age=21,
            area="centrum",
            education_status=EducationStatus.UNEMPLOYED,
            jobcentre_category=_category(today, "jobparat"),
        ),
    )
    actions.record_consent_in_person(personas.caseworker, william, ALL_YES)
    actions.withdraw_consent(personas.caseworker, william)
    say("mentoring: Mia's path to her 6-month outcome, and referrals in every state")
