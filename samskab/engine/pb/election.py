"""The election as the counting rules see it: immutable, with stable ids, money in cents.

Ballots are stored column-wise (CSR: compressed sparse rows) rather than as one object per
voter. Real city elections hold 100,000+ ballots; one array of project indices plus one of
offsets keeps parsing fast and memory small, and lets rules count with numpy.

Ballot ``v`` names the projects ``ballot_projects[ballot_offsets[v]:ballot_offsets[v + 1]]``
(indices into ``projects``), in the order the voter gave them (preference order for ordinal
ballots), with ``ballot_points`` aligned to them for cumulative and scoring ballots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")

IntArray = npt.NDArray[np.int64]


def _frozen(values: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(values))


def _same_optional(left: IntArray | None, right: IntArray | None) -> bool:
    if left is None or right is None:
        return left is right
    return bool(np.array_equal(left, right))


@dataclass(frozen=True, slots=True)
class Project:
    """A costed project. ``cost`` is in cents (hundredths of the election's currency)."""

    id: str
    cost: int
    name: str = ""
    # Every other PROJECTS column, verbatim, in file order (votes, score, selected, category...).
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Election:
    """One participatory-budgeting election. Never mutated; rules return new objects."""

    meta: Mapping[str, str]
    projects: tuple[Project, ...]
    budget: int  # cents
    vote_type: str
    voter_ids: tuple[str, ...]
    ballot_offsets: IntArray  # len(voter_ids) + 1, read-only
    ballot_projects: IntArray  # project indices, read-only
    ballot_points: IntArray | None = None  # aligned with ballot_projects; None for approval
    # Optional VOTES columns other than voter_id/vote/points (age, sex, ...), by column name.
    voter_extra: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Layout only, so that writing a file back keeps its column order; () means the default
    # order (project_id, cost, name, then the extra columns; voter_id, vote, points, extras).
    # Not part of equality: two elections with the same content are the same election.
    project_columns: tuple[str, ...] = ()
    voter_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for array in (self.ballot_offsets, self.ballot_projects, self.ballot_points):
            if array is not None:
                array.setflags(write=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Election):
            return NotImplemented
        return (
            dict(self.meta) == dict(other.meta)
            and self.projects == other.projects
            and self.budget == other.budget
            and self.vote_type == other.vote_type
            and self.voter_ids == other.voter_ids
            and np.array_equal(self.ballot_offsets, other.ballot_offsets)
            and np.array_equal(self.ballot_projects, other.ballot_projects)
            and _same_optional(self.ballot_points, other.ballot_points)
            and dict(self.voter_extra) == dict(other.voter_extra)
        )

    @property
    def num_voters(self) -> int:
        return len(self.voter_ids)

    def index_of(self, project_id: str) -> int:
        for index, project in enumerate(self.projects):
            if project.id == project_id:
                return index
        raise KeyError(project_id)

    def ballot(self, voter: int) -> IntArray:
        """Project indices on one voter's ballot."""
        return self.ballot_projects[self.ballot_offsets[voter] : self.ballot_offsets[voter + 1]]

    @property
    def costs(self) -> IntArray:
        return np.fromiter(
            (p.cost for p in self.projects), dtype=np.int64, count=len(self.projects)
        )
