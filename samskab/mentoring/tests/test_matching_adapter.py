"""The adapter: ORM rows -> engine -> stored proposals with reasons, alternatives and a hash."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samskab.accounts.models import User
from samskab.audit.models import AuditEvent
from samskab.engine.matching.score import Weights
from samskab.mentoring import actions
from samskab.mentoring.matching import (
    candidates,
    input_hash,
    mentee_profile,
    mentor_profile,
    propose_matches,
)
from samskab.mentoring.models import Match, MatchStatus, Programme, Referral, ReferralStatus
from samskab.mentoring.tests.conftest import ALL_YES, approved_mentor, referral_data


def _ready(personas: Any, programme: Programme, name: str, **changes: Any) -> Referral:
    referral = actions.refer_young_person(
        personas.caseworker, programme, referral_data(name, **changes)
    )
    return actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)


def test_proposals_are_stored_with_reasons_in_both_languages(personas, programme):
    maja = approved_mentor(
        personas.coordinator, programme, personas.volunteer, interests="musik, madlavning", age=23
    )
    jonas = approved_mentor(
        personas.coordinator,
        programme,
        User.objects.create_user("jonas@x.demo", "pw", full_name="Jonas"),
        interests="cykler",
        area="havnen",
        age=24,
    )
    mia = _ready(personas, programme, "Mia", interests="musik, madlavning")
    waiting = actions.refer_young_person(personas.caseworker, programme, referral_data("Venter"))
    run = propose_matches(personas.coordinator, programme)
    assert [(m.referral_id, m.mentor_id) for m in run.matches] == [(mia.pk, maja.pk)]
    match = run.matches[0]
    assert match.status == MatchStatus.PROPOSED
    assert match.score > 0 and any(r["code"] == "shared_interests" for r in match.reasons)
    assert match.explanation_da and match.explanation_en
    assert match.explanation_da != match.explanation_en
    assert [alt["mentor_id"] for alt in match.alternatives] == [jonas.pk]
    assert len(run.input_hash) == 64 and match.run_hash == run.input_hash
    # Nobody awaiting consent is sent to the engine.
    assert not Match.objects.filter(referral=waiting).exists()
    event = AuditEvent.objects.get(action="mentoring.matching_run")
    assert event.details["mentees"] == 1 and event.details["mentors"] == 2


def test_a_rerun_replaces_unreviewed_proposals_and_is_reproducible(personas, programme):
    approved_mentor(personas.coordinator, programme, personas.volunteer)
    _ready(personas, programme, "Mia")
    first = propose_matches(personas.coordinator, programme)
    second = propose_matches(personas.coordinator, programme)
    assert first.input_hash == second.input_hash
    assert Match.objects.filter(status=MatchStatus.PROPOSED).count() == 1


def test_mentors_without_clear_certificate_are_left_out_when_children_are_reached(
    personas, programme
):
    programme.reaches_under_15 = True
    programme.save()
    approved_mentor(personas.coordinator, programme, personas.volunteer)
    _ready(personas, programme, "Ung", age=14)
    referrals, mentors = candidates(programme)
    assert len(referrals) == 1 and mentors == []
    run = propose_matches(personas.coordinator, programme)
    assert run.matches == []
    assert [code for _r, code in run.unmatched] == ["no_mentors"]


def test_declined_mentor_is_never_proposed_again(personas, world):
    referral = _ready(personas, world.programme, "Ny")
    match = actions.propose_match_manually(personas.coordinator, referral, world.other_mentor)
    actions.approve_match(personas.coordinator, match)
    actions.decline_match(world.other_mentor.user, match)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.READY
    assert str(world.other_mentor.pk) in mentee_profile(referral).refused_mentor_ids
    run = propose_matches(personas.coordinator, world.programme)
    assert all(m.mentor_id != world.other_mentor.pk for m in run.matches if m.referral == referral)


def test_full_mentors_get_no_new_proposals(personas, world):
    _ready(personas, world.programme, "Ny", interests="musik")
    _referrals, mentors = candidates(world.programme)
    assert [m.pk for m, _remaining in mentors] == [world.other_mentor.pk]
    assert world.mentor.can_be_matched_on(timezone.localdate())  # approved, just full


def test_the_input_hash_covers_the_weights(personas, programme):
    approved_mentor(personas.coordinator, programme, personas.volunteer, age=23)
    _ready(personas, programme, "Mia")
    referrals, mentors = candidates(programme)
    today = timezone.localdate()
    mentees = [mentee_profile(r) for r in referrals]
    engine_mentors = [mentor_profile(m, remaining, today) for m, remaining in mentors]
    same = input_hash(mentees, engine_mentors, Weights())
    assert input_hash(mentees, engine_mentors) == same
    assert input_hash(mentees, engine_mentors, Weights(field_match=31.0)) != same
    assert input_hash(mentees, engine_mentors, Weights(minimum_score=1.0)) != same
