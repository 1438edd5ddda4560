"""Who may see and do what in mentoring. Every view asks one of these.

The principle: the referring caseworker sees their own referrals; the coordinator sees the
programme, and a young person's details only once they have consented; a mentor sees their own
mentees as far as consent allows; the young person sees their own case; an auditor sees only
the aggregate report. Nobody else sees anything about a young person.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from samskab.accounts.models import Role, User
from samskab.accounts.permissions import has_role
from samskab.mentoring.models import (
    AccountLinkRequest,
    ConsentPurpose,
    Match,
    MentorProfile,
    Programme,
    Referral,
)

AnyUser = User | AnonymousUser


def is_coordinator(user: AnyUser, programme: Programme) -> bool:
    return bool(user.is_authenticated and programme.coordinators.filter(pk=user.pk).exists())


def is_partner_caseworker(user: AnyUser, programme: Programme) -> bool:
    return bool(user.is_authenticated and programme.caseworkers.filter(pk=user.pk).exists())


def can_refer(user: AnyUser, programme: Programme) -> bool:
    return is_partner_caseworker(user, programme) and programme.is_open


def is_referring_caseworker(user: AnyUser, referral: Referral) -> bool:
    """The caseworker who referred; once their account is deleted, the programme's coordinators
    (the case was handed to them: ``actions.hand_over_referrals``)."""
    if not user.is_authenticated:
        return False
    if referral.referred_by_id == user.pk:
        return True
    return referral.is_handed_to_coordinators and is_coordinator(user, referral.programme)


def is_the_young_person(user: AnyUser, referral: Referral) -> bool:
    return bool(user.is_authenticated and referral.account_id == user.pk)


def can_view_referral(user: AnyUser, referral: Referral) -> bool:
    """The full record: the referring caseworker, the person themselves, and the coordinator
    once the young person has consented to the mentoring purpose."""
    if referral.is_anonymised:
        return False
    if is_referring_caseworker(user, referral) or is_the_young_person(user, referral):
        return True
    return is_coordinator(user, referral.programme) and referral.has_active_consent(
        ConsentPurpose.MENTORING
    )


def can_record_consent(user: AnyUser, referral: Referral) -> bool:
    return is_referring_caseworker(user, referral) and not referral.is_anonymised


def can_answer_account_link(user: AnyUser, link: AccountLinkRequest) -> bool:
    """Only the account the confirmation link was sent to answers it."""
    return bool(user.is_authenticated and link.account_id == user.pk)


def can_withdraw_consent(user: AnyUser, referral: Referral) -> bool:
    return not referral.is_anonymised and (
        is_referring_caseworker(user, referral)
        or is_the_young_person(user, referral)
        or is_coordinator(user, referral.programme)
    )


def is_match_mentor(user: AnyUser, match: Match) -> bool:
    return bool(user.is_authenticated and match.mentor.user_id == user.pk)


def can_view_match(user: AnyUser, match: Match) -> bool:
    referral = match.referral
    if referral.is_anonymised:
        return False
    if is_coordinator(user, referral.programme):
        return True
    if is_referring_caseworker(user, referral):
        return True
    # The two people in it see a match from the coordinator's approval on, never a raw proposal.
    if match.status in ("proposed", "rejected"):
        return False
    return is_match_mentor(user, match) or is_the_young_person(user, referral)


def can_work_in_match(user: AnyUser, match: Match) -> bool:
    """Log meetings and goals: the two people in the match, and the coordinator."""
    return not match.referral.is_anonymised and (
        is_match_mentor(user, match)
        or is_the_young_person(user, match.referral)
        or is_coordinator(user, match.referral.programme)
    )


def can_see_contact(user: AnyUser, match: Match) -> bool:
    """Contact details go to the mentor only with consent, and never for an alias-only case."""
    referral = match.referral
    if is_referring_caseworker(user, referral) or is_the_young_person(user, referral):
        return True
    if referral.alias_only or not referral.has_active_consent(ConsentPurpose.CONTACT):
        return False
    return is_coordinator(user, referral.programme) or is_match_mentor(user, match)


def can_manage_programme(user: AnyUser, programme: Programme) -> bool:
    return is_coordinator(user, programme)


def can_review_mentor(user: AnyUser, mentor: MentorProfile) -> bool:
    return is_coordinator(user, mentor.programme)


def can_view_report(user: AnyUser, programme: Programme) -> bool:
    """Aggregates only: coordinators, partner caseworkers and auditors of either organisation."""
    if is_coordinator(user, programme) or is_partner_caseworker(user, programme):
        return True
    return any(
        has_role(user, Role.AUDITOR, organisation)
        for organisation in (programme.organisation, programme.partner)
        if organisation is not None
    )
