"""Writing an election and reading it back gives the same election."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskab.engine.pabulib import read_election, write_election
from samskab.engine.pb.election import VOTE_TYPES, Election, Project
from samskab.engine.tests.conftest import pb_text
from samskab.engine.tests.test_pabulib_read import REAL_FILES

ROUND_TRIP_FILES = [
    *sorted(REAL_FILES),
    "Poland_Czestochowa_2020.pb",  # a project twice on one cumulative ballot
    "Worldwide_Mechanical_Turk_Knapsack_3.pb",  # quoted fields
]


@pytest.mark.parametrize("name", ROUND_TRIP_FILES)
def test_real_file_round_trip(real, name):
    original = read_election(real / name)
    text = write_election(original.election)
    again = read_election(text, name=name)
    assert again.election == original.election
    assert again.election.project_columns == original.election.project_columns
    assert again.election.voter_columns == original.election.voter_columns
    assert [w.message for w in again.warnings] == [w.message for w in original.warnings]
    assert write_election(again.election) == text


def test_elections_that_differ_are_not_equal(real):
    election = read_election(real / "Poland_Warszawa_2018_Pole_Mokotowskie.pb").election
    other = Election(
        meta=election.meta,
        projects=election.projects,
        budget=election.budget + 1,
        vote_type=election.vote_type,
        voter_ids=election.voter_ids,
        ballot_offsets=election.ballot_offsets,
        ballot_projects=election.ballot_projects,
    )
    assert other != election


# Field text: anything but NUL (which the reader refuses) and line breaks (which a one-line
# field cannot hold after CRLF normalisation); ids: no separators, no surrounding spaces, not empty.
text = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_characters="\x00\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=12,
)
ident = st.from_regex(r"[A-Za-z0-9_.\-]{1,6}", fullmatch=True)
money = st.integers(min_value=0, max_value=10**12)


@st.composite
def elections(draw: st.DrawFn) -> Election:
    vote_type = draw(st.sampled_from(VOTE_TYPES))
    project_ids = draw(st.lists(ident, min_size=1, max_size=6, unique=True))
    extra_names = draw(
        st.lists(st.sampled_from(["votes", "score", "selected", "category", "lat"]), unique=True)
    )
    projects = tuple(
        Project(
            id=project_id,
            cost=draw(money),
            name=draw(text),
            extra=MappingProxyType({name: draw(text) for name in extra_names}),
        )
        for project_id in project_ids
    )
    voter_ids = draw(st.lists(ident, max_size=8, unique=True))
    ballots = [
        draw(st.lists(st.integers(0, len(projects) - 1), max_size=len(projects), unique=True))
        for _ in voter_ids
    ]
    offsets = np.cumsum([0, *map(len, ballots)]).astype(np.int64)
    flat = np.array([p for ballot in ballots for p in ballot], dtype=np.int64)
    points = None
    if vote_type in ("cumulative", "scoring"):
        points = np.array(
            draw(st.lists(st.integers(0, 100), min_size=len(flat), max_size=len(flat))),
            dtype=np.int64,
        )
    voter_extra_names = draw(st.lists(st.sampled_from(["age", "sex", "district"]), unique=True))
    meta_keys = draw(st.lists(st.sampled_from(["description", "country", "comment"]), unique=True))
    meta = {key: draw(text) for key in meta_keys}
    budget = draw(money)
    return Election(
        meta=MappingProxyType(
            {**meta, "budget": str(budget // 100), "vote_type": vote_type, "rule": "greedy"}
        ),
        projects=projects,
        budget=budget // 100 * 100,
        vote_type=vote_type,
        voter_ids=tuple(voter_ids),
        ballot_offsets=offsets,
        ballot_projects=flat,
        ballot_points=points,
        voter_extra=MappingProxyType(
            {name: tuple(draw(text) for _ in voter_ids) for name in voter_extra_names}
        ),
    )


@settings(max_examples=150, deadline=None)
@given(elections())
def test_generated_election_round_trip(election):
    text = write_election(election)
    parsed = read_election(text, name="generated.pb")
    assert parsed.election == election
    assert write_election(parsed.election) == text


def test_what_the_reader_refuses_is_never_written():
    election = read_election(pb_text(), name="w.pb").election
    with_nul = dataclasses.replace(
        election,
        projects=(dataclasses.replace(election.projects[0], name="a\x00b"), *election.projects[1:]),
    )
    with pytest.raises(ValueError, match="NUL"):
        write_election(with_nul)
    cumulative = read_election(
        pb_text(vote_type="cumulative", votes="voter_id;vote;points\n10;1;3\n11;1,2;4,2\n"),
        name="c.pb",
    ).election
    assert cumulative.ballot_points is not None
    negative = dataclasses.replace(cumulative, ballot_points=-cumulative.ballot_points)
    with pytest.raises(ValueError, match="negative points"):
        write_election(negative)
