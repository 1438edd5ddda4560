from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "samskab.budgets"
    label = "budgets"

    def ready(self) -> None:
        from samskab.budgets import permissions, seal
        from samskab.budgets.models import Proposal
        from samskab.discussion.registry import register_commentable

        seal.connect()
        register_commentable(
            Proposal,
            can_read=permissions.can_read_proposal,
            can_comment=permissions.can_comment_on_proposal,
            moderators=permissions.can_moderate_proposal,
            moderates_any=permissions.can_create_process,
        )
        _register_funded_project_comments()


def _register_funded_project_comments() -> None:
    """Citizens can comment on a funded project's delivery timeline."""
    from django.utils import timezone

    from samskab.budgets import permissions
    from samskab.budgets.models import FundedProject
    from samskab.discussion.registry import register_commentable

    def can_read(user: Any, project: FundedProject) -> bool:
        return permissions.can_see_results(user, project.proposal.process, timezone.now())

    def moderators(user: Any, project: FundedProject | None = None) -> bool:
        if project is None:
            return permissions.can_create_process(user)
        return permissions.can_manage_process(user, project.proposal.process)

    register_commentable(
        FundedProject,
        can_read=can_read,
        moderators=moderators,
        moderates_any=permissions.can_create_process,
    )
