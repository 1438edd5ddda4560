"""Recompute an election with its own META rule and compare with its official `selected` column.

`selected` holds 1 for a funded project and 0 for one that was not; a few cities write other
values (Gdynia: 2 for a project on the reserve list, funded only if money is left after the
count). Only 1 counts as funded by the rule; every other value is "not selected by the rule".
"""

from __future__ import annotations

from dataclasses import dataclass

from samskab.engine.pb.election import Election
from samskab.engine.pb.outcome import Outcome
from samskab.engine.pb.rules import RuleUnavailable, rule_for

MATCH = "match"
MISMATCH = "mismatch"
NOT_VERIFIABLE = "not-verifiable"
ERROR = "error"


@dataclass(frozen=True, slots=True)
class Verification:
    status: str
    rule: str  # the META rule as written in the file
    selected: tuple[str, ...] = ()  # project ids the rule funds, in funding order
    official: tuple[str, ...] = ()  # project ids the file marks selected, in file order
    reason: str = ""
    outcome: Outcome | None = None

    @property
    def only_recomputed(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.selected) - set(self.official), key=self.selected.index))

    @property
    def only_official(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.official) - set(self.selected), key=self.official.index))


def official_selection(election: Election) -> tuple[str, ...] | None:
    """Ids of the projects the file marks funded, or None when it has no `selected` column."""
    if not election.projects or "selected" not in election.projects[0].extra:
        return None
    return tuple(p.id for p in election.projects if p.extra.get("selected", "").strip() == "1")


def verify_election(election: Election) -> Verification:
    meta_rule = election.meta.get("rule", "").strip() or "unknown"
    try:
        name, rule = rule_for("auto", election)
    except RuleUnavailable as why:
        return Verification(NOT_VERIFIABLE, meta_rule, reason=str(why))
    official = official_selection(election)
    if official is None:
        return Verification(
            NOT_VERIFIABLE, meta_rule, reason="the file has no 'selected' column to compare with"
        )
    try:
        outcome = rule(election)
    except ValueError as why:
        return Verification(ERROR, meta_rule, official=official, reason=f"{name}: {why}")
    selected = tuple(election.projects[p].id for p in outcome.selected)
    if set(selected) == set(official):
        return Verification(MATCH, meta_rule, selected, official, outcome=outcome)
    verification = Verification(MISMATCH, meta_rule, selected, official, outcome=outcome)
    parts = []
    if verification.only_recomputed:
        parts.append(f"only the rule funds {', '.join(verification.only_recomputed)}")
    if verification.only_official:
        parts.append(f"only the official outcome funds {', '.join(verification.only_official)}")
    return Verification(
        MISMATCH, meta_rule, selected, official, reason="; ".join(parts), outcome=outcome
    )
