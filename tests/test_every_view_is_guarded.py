"""Every URL of the site is in a reviewed mapping of who may use it; nothing is added silently.

A new URL fails this test until someone adds it to ``GUARDS`` with its guard: ``"public"``
(deliberately open to anyone), ``"login"`` (any signed-in person, for their own things) or the
dotted name of the permission predicate the view checks. ``docs/security-review.md`` has the
table with the tests that prove each refusal.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.test import Client

from samskab.initiatives.models import Initiative
from samskab.initiatives.permissions import is_partner
from tests.urlwalk import KWARGS, all_routes, url_for


@pytest.fixture
def personas(shared_demo, db):
    """This module's tests share one demo load (`tests/conftest.py`); each test is rolled back."""
    return shared_demo


PUBLIC = "public"
LOGIN = "login"
B = "samskab.budgets.permissions."
M = "samskab.mentoring.permissions."
D = "samskab.discussion.permissions."
N = "samskab.newsletter.permissions."
INI = "samskab.initiatives.permissions."

GUARDS: dict[str, str] = {
    "core:home": PUBLIC,
    "core:set_language": PUBLIC,
    "core:branding_css": PUBLIC,  # the municipality's colour, as CSS
    "core:privacy": PUBLIC,
    "core:accessibility": PUBLIC,
    "core:cookies": PUBLIC,
    "core:contact": PUBLIC,
    "core:edit_branding": "samskab.core.permissions.can_edit_site_settings",
    "core:edit_page": "samskab.core.permissions.can_edit_site_settings",
    "set_language": PUBLIC,
    "accounts:signup": PUBLIC,
    "accounts:signup_done": PUBLIC,
    "accounts:resend_verification": PUBLIC,
    "accounts:verify_email": PUBLIC,  # signed, expiring token
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,  # POST only
    "accounts:profile": LOGIN,
    "accounts:password_change": LOGIN,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,  # signed token
    "accounts:password_reset_complete": PUBLIC,
    "accounts:data_export": LOGIN,
    "accounts:delete_account": LOGIN,
    "accounts:consents": LOGIN,
    "accounts:consent_withdraw": "samskab.accounts.permissions.can_withdraw_consent",
    "discussion:post": D + "can_read_comments",
    "discussion:edit": D + "can_edit_comment",
    "discussion:delete": D + "can_delete_comment",
    "discussion:report": D + "can_report_comment",
    "discussion:hide": D + "can_hide_comment",
    "discussion:unhide": D + "can_hide_comment",
    "discussion:dismiss": D + "can_hide_comment",
    "discussion:moderation": D + "can_view_moderation_queue",
    "newsletter:subscribe": PUBLIC,
    "newsletter:check_inbox": PUBLIC,
    "newsletter:confirm": PUBLIC,  # signed token
    "newsletter:unsubscribe": PUBLIC,  # signed token; one-click (RFC 8058), so CSRF-exempt
    "newsletter:compose": N + "can_send_newsletter",
    "newsletter:issues": N + "can_send_newsletter",
    "newsletter:news_list": PUBLIC,  # lists only what can_read_news_post allows
    "newsletter:news_create": N + "can_write_news",
    "newsletter:news_detail": N + "can_read_news_post",
    "newsletter:news_send": N + "can_send_newsletter",
    "budgets:index": PUBLIC,
    "budgets:process_create": B + "can_create_process",
    "budgets:process_detail": PUBLIC,
    # An account follows or stops its own address; anyone else gets a confirmation mail.
    "budgets:follow": PUBLIC,
    "budgets:follow_confirm": PUBLIC,  # signed token, 7 days
    "budgets:stop_mail": PUBLIC,  # signed token; one-click (RFC 8058), so CSRF-exempt
    "budgets:process_edit": B + "can_manage_process",
    "budgets:phases_edit": B + "can_manage_process",
    "budgets:process_lock": B + "can_lock_process",
    "budgets:open_voting": B + "can_open_voting",
    "budgets:eligibility": B + "can_manage_process",
    "budgets:proposal_list": PUBLIC,
    "budgets:proposal_create": B + "can_create_proposal",
    "budgets:proposal_detail": PUBLIC,
    "budgets:proposal_edit": B + "can_edit_proposal",
    "budgets:proposal_support": B + "can_support",
    "budgets:feasibility_review": B + "can_review_feasibility",
    "budgets:meeting_create": B + "can_manage_process",
    "budgets:meeting_detail": PUBLIC,
    "budgets:meeting_edit": B + "can_manage_meeting",
    "budgets:meeting_register": B + "can_register_for_meeting",
    "budgets:meeting_attendance": B + "can_check_in",
    "budgets:paper_ballot": B + "can_enter_paper_ballot",
    "budgets:meeting_paper_ballots": B + "can_view_paper_ballots",
    "budgets:voting_point_create": B + "can_manage_process",
    "budgets:voting_point_detail": PUBLIC,
    "budgets:voting_point_edit": B + "can_manage_process",
    "budgets:voting_point_opening_remove": B + "can_manage_process",  # POST only
    "budgets:voting_point_paper_ballot": B + "can_enter_paper_ballot_at_point",
    "budgets:voting_point_paper_ballots": B + "can_view_voting_point_ballots",
    "budgets:vote": B + "can_vote_online",
    "budgets:vote_with_code": B + "can_vote_online",
    # Shows only the visitor's own ballot (the session's voter or the signed-in account's);
    # anyone without one is sent to the ballot (test_ballot_pages.py).
    "budgets:vote_receipt": PUBLIC,
    "budgets:results": B + "can_open_results_page",
    "budgets:close_voting": B + "can_close_voting",
    "budgets:publish_result": B + "can_publish_result",
    "budgets:results_file": B + "can_open_results_page",
    "budgets:results_verify": B + "can_verify_result",
    "budgets:funded_project": B + "can_see_results",
    "budgets:funded_project_status": B + "can_manage_delivery",
    "budgets:funded_project_update": B + "can_manage_delivery",
    "budgets:funded_project_responsible": B + "can_manage_process",
    "api-v1:openapi-json": PUBLIC,
    "api-v1:openapi-view": PUBLIC,
    "api-v1:api-root": PUBLIC,
    "api-v1:list_processes": PUBLIC,
    "api-v1:get_process": PUBLIC,
    "api-v1:list_proposals": PUBLIC,
    "api-v1:read_ballot": "samskab.budgets.api.VOTER_AUTH",
    "api-v1:cast_ballot": "samskab.budgets.api.VOTER_AUTH",
    "api-v1:read_result": B + "can_see_results",
    "mentoring:index": PUBLIC,  # shows each person only their own cases
    "mentoring:programme": M + "can_manage_programme",
    "mentoring:refer": M + "can_refer",
    "mentoring:signup": LOGIN,  # the young person signs themself up
    "mentoring:mentor_apply": LOGIN,  # a volunteer applies to be mentor
    "mentoring:matching": M + "can_manage_programme",
    "mentoring:report": M + "can_view_report",
    "mentoring:referral": M + "can_view_referral",
    "mentoring:consent_in_person": M + "can_record_consent",
    "mentoring:consent_link": M + "can_record_consent",
    "mentoring:withdraw": M + "can_withdraw_consent",
    "mentoring:link_account": M + "can_record_consent",
    "mentoring:consent_token": PUBLIC,  # one-time hashed token
    # The signed token names the account; any other account gets "link does not work".
    "mentoring:confirm_account_link": LOGIN,
    "mentoring:mentor_review": M + "can_review_mentor",
    "mentoring:match_detail": M + "can_view_match",
    "mentoring:match_action": M + "can_work_in_match",
    "mentoring:goal_progress": M + "can_work_in_match",
    "mentoring:outcome": M + "is_referring_caseworker",
    "mentoring:resolve_help": M + "is_coordinator",
    "audit:search": "samskab.audit.permissions.can_search_audit_log",
    "initiatives:index": PUBLIC,  # public initiatives, and the visitor's own partnerships
    "initiatives:create": INI + "can_create_initiative",
    # Signed token for one invitation; only the invited address may accept (can_accept_invitation).
    "initiatives:accept": LOGIN,
    "initiatives:detail": INI + "can_view_initiative",
    "initiatives:edit": INI + "can_manage_initiative",
    "initiatives:invite": INI + "can_manage_initiative",
    "initiatives:leave": INI + "can_manage_initiative",  # or the partner's own representative
    "initiatives:write_statement": INI + "can_write_statement",
    "initiatives:sign": INI + "partner_to_sign_for",
    "initiatives:record_workshop": INI + "can_record_workshop",
}


# Guarded by a predicate that anyone (signed in or not, as the view says) meets while the phase or
# the object allows it: published news, an open vote, published results. Their refusals (draft
# post, closed phase, unpublished result) are tested in each module; see docs/security-review.md.
OPEN_WHILE_ALLOWED = {
    "newsletter:news_detail",
    "discussion:post",
    "discussion:report",
    "budgets:proposal_support",
    "budgets:meeting_register",
    "budgets:vote",
    "budgets:vote_with_code",
    "budgets:results",
    "budgets:results_file",
    "budgets:funded_project",
    "api-v1:read_result",
    "initiatives:detail",  # the demo initiative is public
}


def test_every_url_is_in_the_reviewed_mapping():
    names = [route.name for route in all_routes()]
    assert "" not in names, "every URL needs a name so it can be reviewed"
    unreviewed = sorted(set(names) - set(GUARDS))
    gone = sorted(set(GUARDS) - set(names))
    assert unreviewed == [], f"add these URLs to GUARDS after reviewing their guard: {unreviewed}"
    assert gone == [], f"these URLs no longer exist; remove them from GUARDS: {gone}"


@pytest.mark.parametrize("guard", sorted({g for g in GUARDS.values() if "." in g}))
def test_every_named_guard_exists(guard):
    module_name, _, attribute = guard.rpartition(".")
    assert hasattr(importlib.import_module(module_name), attribute), guard


def _proposal_author(route: Any) -> int:
    from samskab.budgets.models import Proposal
    from tests.urlwalk import KWARGS

    author_id = Proposal.objects.get(pk=KWARGS[route.name]()["pk"]).author_id
    return -1 if author_id is None else author_id


# What any partner may do in their initiative (the managing ones stay refused to Bo).
PARTNER_ROUTES = {"initiatives:write_statement", "initiatives:sign", "initiatives:record_workshop"}


def _initiative() -> Initiative:
    return Initiative.objects.get(slug=KWARGS["initiatives:detail"]()["slug"])


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and "/konto/log-ind/" in response["Location"]


@pytest.mark.django_db
def test_anonymous_is_refused_everywhere_but_public_urls(personas):
    client = Client()
    let_in = []
    for route in all_routes():
        if GUARDS[route.name] == PUBLIC or route.name in OPEN_WHILE_ALLOWED:
            continue
        url = url_for(route)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not _refused(response):
                let_in.append(f"{route.name} {method} {response.status_code}")
    assert let_in == [], "\n".join(let_in)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "citizen"])
def test_people_without_a_role_there_are_refused_everything_guarded(persona, personas, client_for):
    """Olga (no role anywhere) and Bo (citizen, no case, no match, no comment of his own in the
    demo) may use public and own-account pages only: other people's and organisations' objects
    (real ids) are refused."""
    client = client_for(persona)
    let_in = []
    for route in all_routes():
        guard = GUARDS[route.name]
        if guard in (PUBLIC, LOGIN) or route.name in OPEN_WHILE_ALLOWED:
            continue
        if (
            route.name == "budgets:proposal_edit"
            and _proposal_author(route) == getattr(personas, persona).pk
        ):
            continue  # the demo gave this persona the proposal; authors may edit their own
        if route.name in PARTNER_ROUTES and is_partner(getattr(personas, persona), _initiative()):
            continue  # Bo speaks for the target group in the demo initiative: a partner's pages
        url = url_for(route)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not _refused(response):
                let_in.append(f"{route.name} {method} {response.status_code}")
    assert let_in == [], "\n".join(let_in)
