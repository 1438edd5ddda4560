"""Views of the borgerbudget, split by what they are about."""

from samskab.budgets.views.delivery import (
    funded_project,
    funded_project_responsible,
    funded_project_status,
    funded_project_update,
)
from samskab.budgets.views.follow import follow, follow_confirm, stop_mail
from samskab.budgets.views.lookups import get_meeting, get_process, get_proposal
from samskab.budgets.views.meetings import (
    meeting_attendance,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_paper_ballots,
    meeting_register,
)
from samskab.budgets.views.overview import index, process_detail
from samskab.budgets.views.proposals import (
    proposal_create,
    proposal_detail,
    proposal_edit,
    proposal_list,
    proposal_support,
)
from samskab.budgets.views.results import (
    close_voting,
    publish_result,
    results,
    results_file,
    results_verify,
)
from samskab.budgets.views.setup import (
    eligibility,
    feasibility_review,
    open_voting,
    phases_edit,
    process_create,
    process_edit,
    process_lock,
)
from samskab.budgets.views.voting import (
    paper_ballot,
    vote,
    vote_receipt,
    vote_with_code,
    voting_point_paper_ballot,
)
from samskab.budgets.views.voting_points import (
    voting_point_create,
    voting_point_detail,
    voting_point_edit,
    voting_point_opening_remove,
    voting_point_paper_ballots,
)

__all__ = [
    "close_voting",
    "eligibility",
    "feasibility_review",
    "follow",
    "follow_confirm",
    "funded_project",
    "funded_project_responsible",
    "funded_project_status",
    "funded_project_update",
    "get_meeting",
    "get_process",
    "get_proposal",
    "index",
    "meeting_attendance",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_paper_ballots",
    "meeting_register",
    "open_voting",
    "paper_ballot",
    "phases_edit",
    "process_create",
    "process_detail",
    "process_edit",
    "process_lock",
    "proposal_create",
    "proposal_detail",
    "proposal_edit",
    "proposal_list",
    "proposal_support",
    "publish_result",
    "results",
    "results_file",
    "results_verify",
    "stop_mail",
    "vote",
    "vote_receipt",
    "vote_with_code",
    "voting_point_create",
    "voting_point_detail",
    "voting_point_edit",
    "voting_point_opening_remove",
    "voting_point_paper_ballot",
    "voting_point_paper_ballots",
]
