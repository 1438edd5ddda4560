"""Borgerbudget models: the process and its phases, proposals, meetings, eligibility, ballots,
and (for counting and delivery) results and funded projects."""

from samskab.budgets.models.ballots import Assistance, Ballot, BallotChoice, Channel, Voter
from samskab.budgets.models.delivery import DeliveryStatus, DeliveryUpdate, FundedProject, Result
from samskab.budgets.models.eligibility import (
    ProofMethod,
    VoterListEntry,
    VoterListImport,
    VotingCode,
)
from samskab.budgets.models.meetings import Attendance, Meeting, MeetingRegistration
from samskab.budgets.models.notices import Notice, NoticeDelivery, NoticeKind, ProcessFollower
from samskab.budgets.models.process import (
    LOCKED_FIELDS,
    NO_PROOF,
    ONE_PROOF_ONLY,
    PAPER_NEEDS_CODE_OR_LIST,
    UNLOCKED_FIELDS,
    BallotForm,
    BudgetProcess,
    ConfigurationLocked,
    CountingRule,
    Phase,
)
from samskab.budgets.models.proposals import (
    PROPOSAL_FIELDS,
    FeasibilityReview,
    Proposal,
    Support,
)
from samskab.budgets.models.voting_points import VotingPoint, VotingPointOpening
from samskab.budgets.phases import PHASE_ORDER_VALUES, PhaseKind

__all__ = [
    "LOCKED_FIELDS",
    "NO_PROOF",
    "ONE_PROOF_ONLY",
    "PAPER_NEEDS_CODE_OR_LIST",
    "PHASE_ORDER_VALUES",
    "PROPOSAL_FIELDS",
    "UNLOCKED_FIELDS",
    "Assistance",
    "Attendance",
    "Ballot",
    "BallotChoice",
    "BallotForm",
    "BudgetProcess",
    "Channel",
    "ConfigurationLocked",
    "CountingRule",
    "DeliveryStatus",
    "DeliveryUpdate",
    "FeasibilityReview",
    "FundedProject",
    "Meeting",
    "MeetingRegistration",
    "Notice",
    "NoticeDelivery",
    "NoticeKind",
    "Phase",
    "PhaseKind",
    "ProcessFollower",
    "ProofMethod",
    "Proposal",
    "Result",
    "Support",
    "Voter",
    "VoterListEntry",
    "VoterListImport",
    "VotingCode",
    "VotingPoint",
    "VotingPointOpening",
]
