from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "samskab.budgets"
    label = "budgets"

    def ready(self) -> None:
        from samskab.budgets import seal

        seal.connect()
        _register_comments()


def _register_comments() -> None:
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
