"""What a counting rule returns: the funded projects, in order, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from samskab.engine.pb.election import Election


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one rule on one election.

    ``selected`` holds project indices (into ``election.projects``) in the order the rule funded
    them. ``explanation`` is rule-specific, JSON-serialisable data (greedy: the order and why
    each project was skipped; equal shares: per round the project bought, each supporter's
    payment and the effective vote count), meant for people to read and for the results page.
    """

    rule: str
    selected: tuple[int, ...]
    cost: int  # cents
    explanation: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


class Rule(Protocol):
    def __call__(self, election: Election, /, *, utility: str = "cost") -> Outcome: ...
