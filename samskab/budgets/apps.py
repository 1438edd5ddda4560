from __future__ import annotations

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "samskab.budgets"
    label = "budgets"

    def ready(self) -> None:
        from samskab.budgets import permissions
        from samskab.budgets.models import Proposal
        from samskab.discussion.registry import register_commentable

        register_commentable(
            Proposal,
            can_read=permissions.can_read_proposal,
            can_comment=permissions.can_comment_on_proposal,
            moderators=permissions.can_moderate_proposal,
            moderates_any=permissions.can_create_process,
        )
