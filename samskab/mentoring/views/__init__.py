"""Views of the mentoring module, split by what they are about."""

from samskab.mentoring.views.account_link import confirm_account_link
from samskab.mentoring.views.matches import (
    goal_progress,
    match_action,
    match_detail,
    matching,
    resolve_help,
)
from samskab.mentoring.views.mentors import mentor_apply, mentor_review
from samskab.mentoring.views.overview import index, programme_detail
from samskab.mentoring.views.referrals import (
    consent_in_person,
    consent_link,
    consent_token,
    link_account,
    outcome_record,
    referral_create,
    referral_detail,
    signup,
    withdraw,
)
from samskab.mentoring.views.report import report

__all__ = [
    "confirm_account_link",
    "consent_in_person",
    "consent_link",
    "consent_token",
    "goal_progress",
    "index",
    "link_account",
    "match_action",
    "match_detail",
    "matching",
    "mentor_apply",
    "mentor_review",
    "outcome_record",
    "programme_detail",
    "referral_create",
    "referral_detail",
    "report",
    "resolve_help",
    "signup",
    "withdraw",
]
