"""Every write in the borgerbudget: processes, phases, the lock, proposals, supports,
feasibility, meetings, eligibility, ballots, closing and counting, delivery.

Each function runs in a transaction and appends an audit event where the record is sensitive.
Views, tasks, the API, the commands and the demo call these (``actions.cast_ballot(...)``).
The voter-list import (``voter_list.py``) and the count (``counting.py``) live outside this
package because the background tasks run them and this package enqueues those tasks; they are
re-exported here.
"""

from samskab.budgets.actions.counting import close_due_processes, close_voting, publish_result
from samskab.budgets.actions.delivery import (
    add_delivery_update,
    assign_responsible,
    update_delivery,
)
from samskab.budgets.actions.eligibility import (
    CODE_ALPHABET,
    CODE_LENGTH,
    LETTERS_PER_BATCH,
    CodeLetter,
    ImportReport,
    generate_code_letters,
    generate_voting_codes,
    import_voter_list,
    new_code,
    queue_voter_list_import,
)
from samskab.budgets.actions.follow import (
    confirm_follow,
    follow,
    follow_by_email,
    is_following,
    stop_mail,
)
from samskab.budgets.actions.meetings import (
    cancel_registration,
    create_meeting,
    record_attendance,
    register_for_meeting,
    update_meeting,
)
from samskab.budgets.actions.notify import announce, announce_due
from samskab.budgets.actions.proposals import (
    create_proposal,
    review_feasibility,
    support_proposal,
    update_proposal,
    withdraw_support,
)
from samskab.budgets.actions.schedule import close_voting_now, open_voting
from samskab.budgets.actions.setup import (
    PROCESS_FIELDS,
    create_process,
    lock_process,
    set_phase,
    update_process,
)
from samskab.budgets.actions.voting import (
    AssistedBy,
    cast_ballot,
    cast_ballot_as,
    current_ballot,
)
from samskab.budgets.actions.voting_points import remove_voting_point_opening, save_voting_point
from samskab.budgets.counting import count_votes, counted_names
from samskab.budgets.errors import (
    ActionRefused,
    ChannelConflict,
    PaperBallotRepeated,
    VotingClosed,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "LETTERS_PER_BATCH",
    "PROCESS_FIELDS",
    "ActionRefused",
    "AssistedBy",
    "ChannelConflict",
    "CodeLetter",
    "ImportReport",
    "PaperBallotRepeated",
    "VotingClosed",
    "add_delivery_update",
    "announce",
    "announce_due",
    "assign_responsible",
    "cancel_registration",
    "cast_ballot",
    "cast_ballot_as",
    "close_due_processes",
    "close_voting",
    "close_voting_now",
    "confirm_follow",
    "count_votes",
    "counted_names",
    "create_meeting",
    "create_process",
    "create_proposal",
    "current_ballot",
    "follow",
    "follow_by_email",
    "generate_code_letters",
    "generate_voting_codes",
    "import_voter_list",
    "is_following",
    "lock_process",
    "new_code",
    "open_voting",
    "publish_result",
    "queue_voter_list_import",
    "record_attendance",
    "register_for_meeting",
    "remove_voting_point_opening",
    "review_feasibility",
    "save_voting_point",
    "set_phase",
    "stop_mail",
    "support_proposal",
    "update_delivery",
    "update_meeting",
    "update_process",
    "update_proposal",
    "withdraw_support",
]
