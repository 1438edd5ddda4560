"""Referral, consent by one-time link or in person, refusal, withdrawal and anonymisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samskab.audit.models import AuditEvent
from samskab.mentoring import actions
from samskab.mentoring.models import (
    ANONYMISED,
    ConsentToken,
    JobcentreCategory,
    MatchStatus,
    Referral,
    ReferralStatus,
)
from samskab.mentoring.tests.conftest import ALL_NO, ALL_YES, referral_data


def test_referral_starts_without_consent_and_one_consent_record_per_purpose(personas, programme):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    assert referral.status == ReferralStatus.AWAITING_CONSENT
    links = list(referral.consent_links.select_related("consent"))
    assert sorted(link.purpose for link in links) == ["contact", "mentoring", "outcomes"]
    assert all(link.consent.recipient == personas.association for link in links)
    assert not any(link.consent.is_active for link in links)
    assert AuditEvent.objects.filter(
        action="mentoring.referral_made", target_id=str(referral.pk)
    ).exists()


def test_only_the_programmes_caseworkers_may_refer(personas, programme):
    with pytest.raises(actions.MentoringError):
        actions.refer_young_person(personas.volunteer, programme, referral_data())
    assert not Referral.objects.exists()


def test_referral_keeps_the_category_valid_on_its_date(personas, programme):
    old = JobcentreCategory.objects.get(code="aabenlyst_uddannelsesparat")
    with pytest.raises(actions.MentoringError):
        actions.refer_young_person(
            personas.caseworker, programme, referral_data(jobcentre_category=old)
        )
    referral = actions.refer_young_person(
        personas.caseworker,
        programme,
        referral_data(jobcentre_category=old),
        referred_on=dt.date(2024, 3, 1),
    )
    assert referral.jobcentre_category == old


def test_the_code_list_is_versioned_across_the_reform(db):
    before = set(JobcentreCategory.valid_on(dt.date(2025, 6, 30)).values_list("code", flat=True))
    after = set(JobcentreCategory.valid_on(dt.date(2025, 7, 1)).values_list("code", flat=True))
    assert "aabenlyst_uddannelsesparat" in before and "aabenlyst_uddannelsesparat" not in after
    assert "jobparat" in after and "jobparat" not in before


def test_one_time_link_is_stored_as_a_hash_and_works_once(personas, programme):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    raw = actions.issue_consent_link(personas.caseworker, referral)
    token = ConsentToken.objects.get(referral=referral)
    assert raw not in token.token_hash and len(token.token_hash) == 64
    actions.consent_by_token(raw, ALL_YES)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.READY
    assert referral.has_active_consent("mentoring")
    assert referral.outcomes.count() == 4  # start, 3, 6, 12 months
    with pytest.raises(actions.MentoringError):
        actions.consent_by_token(raw, ALL_NO)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.READY


def test_expired_link_changes_nothing(personas, programme):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    raw = actions.issue_consent_link(personas.caseworker, referral)
    ConsentToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(actions.MentoringError):
        actions.consent_by_token(raw, ALL_YES)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_CONSENT


def test_refusal_shares_nothing_and_schedules_no_follow_up(personas, programme):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    actions.record_consent_in_person(personas.caseworker, referral, ALL_NO)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONSENT_REFUSED
    assert not referral.outcomes.exists()
    assert all(link.consent.refused_at for link in referral.consent_links.all())


def test_in_person_consent_names_the_witness(personas, programme):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    link = referral.consent_links.get(purpose="mentoring")
    assert link.method == "in_person" and link.witnessed_by == personas.caseworker


def test_contact_without_mentoring_consent_is_refused_atomically(personas, programme):
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    with pytest.raises(actions.MentoringError):
        actions.record_consent_in_person(personas.caseworker, referral, {**ALL_NO, "contact": True})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_CONSENT
    assert not any(link.consent.refused_at for link in referral.consent_links.all())


def test_withdrawal_ends_the_match_and_anonymises(personas, world):
    referral = actions.withdraw_consent(personas.caseworker, world.referral)
    world.match.refresh_from_db()
    assert world.match.status == MatchStatus.ENDED
    assert world.match.end_reason == "consent_withdrawn"
    assert referral.name == ANONYMISED and referral.contact == "" and referral.goals == ""
    assert referral.status == ReferralStatus.WITHDRAWN
    # What statistics need stays: programme, age, category, dates.
    assert referral.age == 18 and referral.jobcentre_category is not None
    assert all(
        link.consent.withdrawn_at
        for link in referral.consent_links.filter(consent__given_at__isnull=False)
    )
    assert AuditEvent.objects.filter(action="mentoring.referral_withdrawn").exists()
    with pytest.raises(actions.MentoringError):
        actions.withdraw_consent(personas.caseworker, referral)


def test_alias_only_stores_no_contact(personas, programme):
    referral = actions.refer_young_person(
        personas.caseworker, programme, referral_data("Falk", alias_only=True)
    )
    assert referral.contact == ""


def test_self_sign_up_gives_consent_and_refuses_a_second_sign_up(personas, programme):
    referral = actions.sign_up_young_person(
        personas.citizen, programme, referral_data(jobcentre_category=None), consents=ALL_YES
    )
    assert referral.account == personas.citizen and referral.status == ReferralStatus.READY
    assert referral.consent_links.get(purpose="mentoring").consent.subject == personas.citizen
    with pytest.raises(actions.MentoringError):
        actions.sign_up_young_person(
            personas.citizen, programme, referral_data(jobcentre_category=None), consents=ALL_YES
        )


def test_withdrawal_on_the_accounts_consent_page_is_completed_daily(personas, programme):
    from samskab.mentoring.jobs import retention_task

    referral = actions.sign_up_young_person(
        personas.citizen, programme, referral_data(jobcentre_category=None), consents=ALL_YES
    )
    consent = referral.consent_links.get(purpose="mentoring").consent
    consent.withdrawn_at = timezone.now()  # as accounts' own withdraw action does
    consent.save()
    retention_task.enqueue()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and referral.name == ANONYMISED
    assert actions.complete_withdrawals() == 0


def test_withdrawal_on_the_accounts_consent_page_ends_the_case_at_once(personas, programme):
    from samskab.accounts.actions import withdraw_consent as withdraw_on_consent_page

    referral = actions.sign_up_young_person(
        personas.citizen, programme, referral_data(jobcentre_category=None), consents=ALL_YES
    )
    consent = referral.consent_links.get(purpose="mentoring").consent
    withdraw_on_consent_page(personas.citizen, consent)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and referral.name == ANONYMISED
    assert actions.complete_withdrawals() == 0


def test_consents_are_written_and_audited_by_accounts(personas, programme):
    """One owner for `accounts.Consent`: mentoring asks, answers and withdraws through
    accounts, and the log has one set of consent names (`accounts.consent_*`)."""
    referral = actions.refer_young_person(personas.caseworker, programme, referral_data())
    actions.record_consent_in_person(personas.caseworker, referral, ALL_YES)
    actions.withdraw_consent(personas.caseworker, referral)
    for name, count in [
        ("accounts.consent_requested", 3),
        ("accounts.consent_given", 3),
        ("accounts.consent_withdrawn", 3),
    ]:
        events = AuditEvent.objects.filter(action=name, target_type="accounts.consent")
        assert events.count() == count, name
        assert all(event.details["referral_id"] == referral.pk for event in events)
    assert (
        not AuditEvent.objects.filter(action__startswith="mentoring.consent_")
        .exclude(action="mentoring.consent_link_issued")
        .exists()
    )
