"""Hand-made elections for engine tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from samskab.engine.pb.election import Election, Project


def make_election(
    costs: Sequence[int],
    ballots: Sequence[Sequence[int]],
    budget: int,
    *,
    points: Sequence[Sequence[int]] | None = None,
    vote_type: str = "approval",
) -> Election:
    """Projects ``p0, p1, ...`` with the given costs (cents); ballots list project indices."""
    offsets = np.zeros(len(ballots) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(b) for b in ballots])
    flat = np.array([j for b in ballots for j in b], dtype=np.int64)
    flat_points = (
        None if points is None else np.array([x for row in points for x in row], dtype=np.int64)
    )
    return Election(
        meta={},
        projects=tuple(Project(id=f"p{j}", cost=c) for j, c in enumerate(costs)),
        budget=budget,
        vote_type=vote_type if points is None else "cumulative",
        voter_ids=tuple(f"v{i}" for i in range(len(ballots))),
        ballot_offsets=offsets,
        ballot_projects=flat,
        ballot_points=flat_points,
    )


def ids(election: Election, selected: Sequence[int]) -> list[str]:
    return [election.projects[j].id for j in selected]
