"""Mentoring fixtures: a programme, mentors and referrals set up through the real actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from samskab.accounts.models import User
from samskab.mentoring import actions
from samskab.mentoring.models import (
    ConsentPurpose,
    EducationStatus,
    JobcentreCategory,
    Match,
    MentorProfile,
    MentorStatus,
    Programme,
    Referral,
)

ALL_YES = {p.value: True for p in ConsentPurpose}
ALL_NO = {p.value: False for p in ConsentPurpose}


def referral_data(name: str = "Mia Mortensen", **changes: Any) -> actions.ReferralData:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": name,
        "age": 18,
        "area": "centrum",
        "contact": "mia@example.org",
        "education_status": EducationStatus.DROPPED_OUT,
        "jobcentre_category": JobcentreCategory.valid_on(today).first(),
        "interests": "musik, madlavning",
        "goals": "Finde en uddannelse",
        "availability": "hverdage",
        "mentor_must_know": "Vil mødes på en café",
    }
    values.update(changes)
    return actions.ReferralData(**values)


def mentor_data(**changes: Any) -> actions.MentorData:
    values: dict[str, Any] = {
        "age": 22,
        "occupation": "Pædagogstuderende",
        "area": "centrum",
        "interests": "musik",
        "availability": "hverdage",
    }
    values.update(changes)
    return actions.MentorData(**values)


def approved_mentor(
    coordinator: User, programme: Programme, user: User, **changes: Any
) -> MentorProfile:
    profile = actions.apply_as_mentor(user, programme, mentor_data(**changes))
    today = timezone.localdate()
    return actions.review_mentor(
        coordinator,
        profile,
        status=MentorStatus.APPROVED,
        interviewed_on=today - dt.timedelta(days=10),
        training_completed_on=today - dt.timedelta(days=5),
    )


def active_match(personas: Any, referral: Referral, mentor: MentorProfile) -> Match:
    match = actions.propose_match_manually(personas.coordinator, referral, mentor)
    actions.approve_match(personas.coordinator, match)
    actions.accept_match(mentor.user, match)
    return actions.accept_match_for_mentee(personas.caseworker, match)


@dataclass
class World:
    programme: Programme
    mentor: MentorProfile  # Maja
    other_mentor: MentorProfile  # a second mentor, with no mentee of hers in play
    other_caseworker: User  # a second caseworker, who did not refer anyone
    waiting: Referral  # awaiting consent
    referral: Referral  # Mia: consented, matched with Maja, active
    match: Match


@pytest.fixture
def programme(personas: Any) -> Programme:
    return actions.create_programme(
        organisation=personas.association,
        partner=personas.municipality,
        name="Mentor i øjenhøjde",
        slug="mentor",
        target_group="Unge 16-25",
        area="Fjordby",
        capacity=10,
        coordinators=[personas.coordinator],
        caseworkers=[personas.caseworker],
    )


@pytest.fixture
def world(personas: Any, programme: Programme) -> World:
    other_caseworker = User.objects.create_user("karen@fjordby.demo", "pw", full_name="Karen")
    actions.add_partner_caseworker(personas.coordinator, programme, other_caseworker)
    mentor = approved_mentor(personas.coordinator, programme, personas.volunteer)
    other_user = User.objects.create_user("jonas@frivilligcenter.demo", "pw", full_name="Jonas")
    other_mentor = approved_mentor(personas.coordinator, programme, other_user)
    waiting = actions.refer_young_person(
        personas.caseworker, programme, referral_data("Emma Venter")
    )
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    referral = actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    match = active_match(personas, referral, mentor)
    return World(
        programme=programme,
        mentor=mentor,
        other_mentor=other_mentor,
        other_caseworker=other_caseworker,
        waiting=waiting,
        referral=Referral.objects.get(pk=referral.pk),
        match=match,
    )
