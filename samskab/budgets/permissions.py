"""Named predicates for the borgerbudget. Phases switch features on and off, so most take
``now``: they are functions of (user, process or object, now) and are tested as a grid.
What a phase allows at ``now`` is answered by :mod:`samskab.budgets.phases`."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samskab.accounts.models import Role, User
from samskab.accounts.permissions import has_role, is_staff_admin
from samskab.budgets.models import (
    BudgetProcess,
    FundedProject,
    Meeting,
    PhaseKind,
    Proposal,
    VotingPoint,
)
from samskab.budgets.phases import (  # the phase questions, asked here as in the actions and API
    has_ended,
    phase_is_open,
    voting_has_ended,
    voting_is_open,
)

AnyUser = User | AnonymousUser


def can_manage_process(user: AnyUser, process: BudgetProcess) -> bool:
    """Coordinators and administrators of the process's organisation (and staff)."""
    if not user.is_authenticated:
        return False
    return (
        is_staff_admin(user)
        or has_role(user, Role.COORDINATOR, process.organisation)
        or has_role(user, Role.ADMINISTRATOR, process.organisation)
    )


def can_create_process(user: AnyUser) -> bool:
    return (
        is_staff_admin(user)
        or has_role(user, Role.COORDINATOR)
        or has_role(user, Role.ADMINISTRATOR)
    )


def can_change_configuration(user: AnyUser, process: BudgetProcess) -> bool:
    return can_manage_process(user, process) and not process.is_locked


def can_lock_process(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    """Until the vote's planned time has gone by (a start that passed while unlocked opens the
    vote at the lock instead: ``actions.lock_process``)."""
    return (
        can_manage_process(user, process)
        and not process.is_locked
        and not has_ended(process.phase_of(PhaseKind.VOTING), now)
    )


def can_open_voting(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    """The button is offered to managers until the vote has ended; the action gives the reason
    when it cannot open yet (rules not locked)."""
    return (
        can_manage_process(user, process)
        and not voting_is_open(process, now)
        and not has_ended(process.phase_of(PhaseKind.VOTING), now)
    )


def can_create_proposal(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    return user.is_authenticated and phase_is_open(process, PhaseKind.IDEAS, now)


def can_edit_proposal(user: AnyUser, proposal: Proposal, now: datetime) -> bool:
    return (
        user.is_authenticated
        and proposal.author_id == user.pk
        and phase_is_open(proposal.process, PhaseKind.IDEAS, now)
    )


def can_support(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    return user.is_authenticated and (
        phase_is_open(process, PhaseKind.IDEAS, now)
        or phase_is_open(process, PhaseKind.MEETINGS, now)
    )


def can_review_feasibility(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    return (
        can_manage_process(user, process)
        and not process.is_locked
        and phase_is_open(process, PhaseKind.FEASIBILITY, now)
    )


def can_register_for_meeting(user: AnyUser, meeting: Meeting, now: datetime) -> bool:
    return user.is_authenticated and now < meeting.starts_at


def can_manage_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return can_manage_process(user, meeting.process)


def is_meeting_official(user: AnyUser, meeting: Meeting) -> bool:
    return user.is_authenticated and meeting.officials.filter(pk=user.pk).exists()


def can_check_in(user: AnyUser, meeting: Meeting) -> bool:
    return is_meeting_official(user, meeting) or can_manage_meeting(user, meeting)


def can_view_paper_ballots(user: AnyUser, meeting: Meeting) -> bool:
    """The list of paper ballots entered at a meeting (never their choices): for its officials
    to check, and for the coordinators; not for citizens or officials of other meetings."""
    return is_meeting_official(user, meeting) or can_manage_meeting(user, meeting)


def can_enter_paper_ballot(user: AnyUser, meeting: Meeting, now: datetime) -> bool:
    """Only an official registered for this meeting, while voting is open."""
    process = meeting.process
    return (
        process.allow_paper and voting_is_open(process, now) and is_meeting_official(user, meeting)
    )


def is_voting_point_official(user: AnyUser, point: VotingPoint) -> bool:
    return user.is_authenticated and point.officials.filter(pk=user.pk).exists()


def can_enter_paper_ballot_at_point(user: AnyUser, point: VotingPoint, now: datetime) -> bool:
    """Only an official of this voting point, while voting is open (as at a meeting)."""
    process = point.process
    return (
        process.allow_paper
        and voting_is_open(process, now)
        and is_voting_point_official(user, point)
    )


def can_view_voting_point_ballots(user: AnyUser, point: VotingPoint) -> bool:
    """The point's paper-ballot list: its officials and the coordinators."""
    return is_voting_point_official(user, point) or can_manage_process(user, point.process)


def can_vote_online(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    """Whether the voting page accepts ballots now; who may vote is settled by eligibility."""
    return voting_is_open(process, now)


# --- Results and delivery (counting, transparency, delivery tracking) ---------------------------


def can_audit_process(user: AnyUser, process: BudgetProcess) -> bool:
    return user.is_authenticated and has_role(user, Role.AUDITOR, process.organisation)


def can_review_result(user: AnyUser, process: BudgetProcess) -> bool:
    """Managers and auditors see a counted result before it is published."""
    return can_manage_process(user, process) or can_audit_process(user, process)


def result_is_published(process: BudgetProcess, now: datetime) -> bool:
    return process.results.filter(published_at__lte=now).exists()


def can_see_results(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    """The result itself (and its funded projects): everyone once a manager has published it;
    managers and auditors as soon as it is counted."""
    return can_review_result(user, process) or result_is_published(process, now)


def can_open_results_page(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    """The result page: also once the vote has ended, to say the count or its review is under
    way rather than refuse."""
    return can_see_results(user, process, now) or voting_has_ended(process, now)


def can_close_voting(user: AnyUser, process: BudgetProcess, now: datetime) -> bool:
    """Close now (an open vote) or count one whose time has run out."""
    return can_manage_process(user, process) and (
        voting_has_ended(process, now) or voting_is_open(process, now)
    )


def can_publish_result(user: AnyUser, process: BudgetProcess) -> bool:
    return can_manage_process(user, process)


def can_verify_result(user: AnyUser, process: BudgetProcess) -> bool:
    """The live check rebuilds the file from every ballot: managers and auditors only (the
    published file and its hash are public for anyone to check on their own machine)."""
    return can_review_result(user, process)


def can_manage_delivery(user: AnyUser, project: FundedProject) -> bool:
    return user.is_authenticated and (
        project.responsible_id == user.pk or can_manage_process(user, project.proposal.process)
    )


# --- Comments on proposals (registered with the discussion module) ---------------------------


def can_read_proposal(user: AnyUser, proposal: Proposal) -> bool:
    """Proposals and their comments are public."""
    return True


def can_comment_on_proposal(user: AnyUser, proposal: Proposal) -> bool:
    """Logged-in people may comment until voting closes (later, follow the delivery)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return not has_ended(proposal.process.phase_of(PhaseKind.VOTING), timezone.now())


def can_moderate_proposal(user: AnyUser, proposal: Proposal) -> bool:
    return can_manage_process(user, proposal.process)
