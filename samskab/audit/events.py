"""Every audit event name, in one place, each with what it means.

Names are ``module.noun_verbed``: the app that records the event, then what happened to what
(``budgets.result_published``, ``accounts.consent_given``). ``record_event`` refuses any name
not listed here, and ``docs/architecture.md`` carries the same table (a test compares them).
To add an event: add a line here, run ``python -m samskab.audit.events`` and paste its table
into the architecture document.
"""

from __future__ import annotations

EVENTS: dict[str, str] = {
    # accounts
    "accounts.user_signed_up": "A new account was created; a verification mail is on its way.",
    "accounts.existing_email_signed_up": "Someone signed up with an address that has an account.",
    "accounts.verification_resent": "The verification mail was sent again.",
    "accounts.email_verified": "The owner of the address opened the verification link.",
    "accounts.user_logged_in": "A person logged in.",
    "accounts.password_changed": "A person changed their password while logged in.",
    "accounts.password_reset": "A password was set through a reset link.",
    "accounts.data_exported": "A person downloaded the data held about them.",
    "accounts.account_deleted": "A person deleted their account (their data erased).",
    "accounts.consent_requested": "A consent was asked for; the person has not answered yet.",
    "accounts.consent_given": "A person gave a consent (which data, to whom, for what).",
    "accounts.consent_refused": "A person refused a consent.",
    "accounts.consent_withdrawn": "A person's consent was withdrawn.",
    "accounts.consent_transferred": "A consent's subject changed (linked to or detached from an account).",
    "accounts.role_granted": "A person got a role in an organisation (e.g. an approved mentor).",
    # audit
    "audit.record_read": "Someone looked at a record marked sensitive.",
    "audit.log_searched": "An administrator searched the audit log.",
    # discussion
    "discussion.comment_reported": "A reader reported a comment, with a reason.",
    "discussion.comment_hidden": "A moderator hid a comment, with a reason.",
    "discussion.comment_unhidden": "A moderator showed a hidden comment again.",
    "discussion.reports_dismissed": "A moderator dismissed the open reports on a comment.",
    # newsletter
    "newsletter.news_post_created": "A news post was written.",
    "newsletter.issue_sent": "A newsletter issue was recorded and its delivery queued.",
    # mentoring
    "mentoring.programme_created": "A mentoring programme was created.",
    "mentoring.caseworker_added": "A partner caseworker was added to a programme.",
    "mentoring.referral_made": "A caseworker referred a young person.",
    "mentoring.mentee_signed_up": "A young person signed up for a programme themselves.",
    "mentoring.consent_link_issued": "A one-time consent link was made for a referral.",
    "mentoring.referral_consented": "A referral's consent answers were recorded: mentoring given.",
    "mentoring.referral_refused": "A referral's consent answers were recorded: mentoring refused.",
    "mentoring.referral_withdrawn": "A referral's consent was withdrawn: case ended, anonymised.",
    "mentoring.referral_anonymised": "The retention run anonymised an expired referral.",
    "mentoring.referral_handed_over": "A leaving caseworker's referral went to a coordinator.",
    "mentoring.account_link_requested": "A caseworker asked to link a referral to an account.",
    "mentoring.account_link_confirmed": "The account holder said yes: the referral is linked.",
    "mentoring.account_link_declined": "The account holder said no to the link.",
    "mentoring.mentor_applied": "A volunteer applied to be a mentor.",
    "mentoring.mentor_reviewed": "A coordinator moved a mentor application on (or stopped it).",
    "mentoring.certificate_requested": "A child-protection certificate was requested.",
    "mentoring.certificate_recorded": "A child-protection certificate's answer was recorded.",
    "mentoring.matching_run": "The matching engine proposed matches.",
    "mentoring.match_proposed_manually": "A coordinator proposed a match by hand.",
    "mentoring.match_approved": "A coordinator approved a proposed match.",
    "mentoring.match_rejected": "A coordinator rejected a proposed match.",
    "mentoring.match_accepted": "The mentor or the young person accepted a match.",
    "mentoring.match_accepted_for_mentee": "A caseworker recorded the young person's yes.",
    "mentoring.match_declined": "The mentor or the young person declined a match.",
    "mentoring.match_paused": "A match was paused.",
    "mentoring.match_resumed": "A paused match was resumed.",
    "mentoring.match_ended": "A match ended, with a reason.",
    "mentoring.help_requested": "A mentor asked the coordinators for help.",
    "mentoring.help_resolved": "A coordinator resolved a help request.",
    "mentoring.outcome_recorded": "An outcome checkpoint was recorded.",
    # budgets
    "budgets.process_created": "A budget process was created.",
    "budgets.process_updated": "A budget process was edited.",
    "budgets.phase_set": "A phase of a budget process got its dates.",
    "budgets.process_locked": "A process's configuration was locked for voting.",
    "budgets.proposal_created": "A proposal was submitted.",
    "budgets.proposal_updated": "A proposal was edited.",
    "budgets.feasibility_reviewed": "A proposal's feasibility and final cost were decided.",
    "budgets.meeting_created": "A citizens' meeting (stormøde) was created.",
    "budgets.meeting_updated": "A citizens' meeting was edited.",
    "budgets.attendance_recorded": "Attendance at a meeting was recorded.",
    "budgets.voter_list_queued": "A large voter list was queued for import.",
    "budgets.voter_list_imported": "A voter list was imported.",
    "budgets.voting_codes_generated": "Voting codes were generated.",
    "budgets.code_letters_generated": "Voting codes were generated as letters (PDF), one batch.",
    "budgets.code_attempts_throttled": "An address crossed the limit of wrong voting codes.",
    "budgets.paper_ballot_entered": "An official entered a paper ballot.",
    "budgets.voting_point_created": "A coordinator created a voting point.",
    "budgets.voting_point_updated": "A coordinator edited a voting point or added an opening.",
    "budgets.voting_point_opening_removed": "A coordinator removed an opening of a voting point.",
    "budgets.paper_ballot_corrected": "A paper ballot replaced an earlier one, with a reason.",
    "budgets.assisted_ballot_recorded": "A ballot was cast with help: by whom and why.",
    "budgets.voting_opened": "A coordinator opened voting now (its start moved to now).",
    "budgets.voting_closed": "Voting closed (a coordinator, or its planned end); count queued.",
    "budgets.count_retried": "A crashed count was queued again.",
    "budgets.result_counted": "The count stored a result, for managers and auditors to review.",
    "budgets.result_published": "A coordinator published the counted result.",
    "budgets.result_verification_failed": "A published result no longer matches its ballots.",
    "budgets.delivery_responsible_set": "A funded project got a responsible person.",
    "budgets.delivery_status_changed": "A funded project's delivery status changed.",
    "budgets.delivery_update_added": "A dated update was added to a funded project.",
    "budgets.delivery_reminder_sent": "An overdue funded project's reminder was mailed.",
    "budgets.notice_sent": "A notice about a process was mailed to those it is for (counts).",
    # initiatives
    "initiatives.initiative_created": "A co-created initiative was started (its initiator partner).",
    "initiatives.initiative_updated": "An initiative's facts or status changed.",
    "initiatives.partner_invited": "An organisation was invited by e-mail to be a partner.",
    "initiatives.partner_joined": "An invited organisation's representative accepted.",
    "initiatives.partner_left": "A partner left, or its invitation was withdrawn.",
    "initiatives.statement_written": "A new version of the problem statement was written.",
    "initiatives.statement_signed": "A partner signed the current problem statement.",
    "initiatives.workshop_recorded": "A co-design workshop was recorded (head counts by sector).",
    # core
    "core.branding_updated": "An administrator changed the municipality's branding.",
    "core.public_page_updated": "An administrator edited a public-service page (privacy, ...).",
}

# Renamed events: ``record_event`` accepts an old name and stores the new one, so code that still
# records the old name keeps working during a rename. Empty: no rename is under way.
# An entry reads "old.name": "module.new_name".
LEGACY_NAMES: dict[str, str] = {}


def canonical(action: str) -> str:
    """The registered name for ``action``, or ValueError if it is not registered."""
    name = LEGACY_NAMES.get(action, action)
    if name not in EVENTS:
        raise ValueError(f"unregistered audit event {action!r}: add it to samskab/audit/events.py")
    return name


def markdown_table() -> str:
    """The registry as the table in docs/architecture.md."""
    rows = ["| Event | Meaning |", "| --- | --- |"]
    rows += [f"| `{name}` | {text} |" for name, text in EVENTS.items()]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
