"""Admin: read-mostly views. Ballots are read-only here; they change only through actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samskab.budgets.models import (
    Ballot,
    BallotChoice,
    BudgetProcess,
    FeasibilityReview,
    FundedProject,
    Meeting,
    Phase,
    Proposal,
    Result,
    Voter,
)


class PhaseInline(admin.TabularInline[Phase, BudgetProcess]):
    model = Phase
    extra = 0


@admin.register(BudgetProcess)
class BudgetProcessAdmin(admin.ModelAdmin[BudgetProcess]):
    list_display = ["title", "slug", "pot", "ballot_form", "counting_rule", "locked_at"]
    search_fields = ["title", "slug"]
    inlines = [PhaseInline]
    readonly_fields = ["locked_at", "locked_by", "lock_hash", "created_by"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin[Proposal]):
    list_display = ["title", "process", "estimated_cost", "author"]
    list_filter = ["process"]
    search_fields = ["title"]


@admin.register(FeasibilityReview)
class FeasibilityReviewAdmin(admin.ModelAdmin[FeasibilityReview]):
    list_display = ["proposal", "feasible", "final_cost", "reviewed_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["title", "process", "starts_at", "place"]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BallotChoiceInline(admin.TabularInline[BallotChoice, Ballot]):
    model = BallotChoice
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["pk", "process", "version", "is_current", "channel", "cast_at"]
    list_filter = ["process", "channel", "is_current"]
    inlines = [BallotChoiceInline]


@admin.register(Voter)
class VoterAdmin(ReadOnlyAdmin):
    list_display = ["pk", "process", "proof", "channel", "created_at"]
    list_filter = ["process", "proof"]


# Results and delivery: read-only; counting and delivery changes go through their actions.
@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["pk", "process", "rule", "num_ballots", "counted_at", "published_at"]
    list_filter = ["rule"]


@admin.register(FundedProject)
class FundedProjectAdmin(ReadOnlyAdmin):
    list_display = ["pk", "proposal", "status", "progress", "deadline", "responsible"]
    list_filter = ["status"]
