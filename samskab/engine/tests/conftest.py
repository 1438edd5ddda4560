"""Engine test helpers: the real Pabulib elections the tests use, and small hand-written files."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / "data"


def pabulib_dir() -> Path:
    """The fixed subset of real Pabulib elections the tests use, kept in the repository
    (``data/pabulib/``, see its README), so a fresh clone tests the same files everywhere."""
    return DATA / "pabulib"


def malformed_dir() -> Path:
    """Files that once crashed the reader (``data/malformed/``)."""
    return DATA / "malformed"


@pytest.fixture
def real() -> Path:
    return pabulib_dir()


def pb_text(
    *,
    meta: str = "",
    projects: str = "project_id;cost;votes;name;selected\n1;100;2;One;1\n2;200;1;Two;0\n",
    votes: str = "voter_id;vote\n10;1\n11;1,2\n",
    vote_type: str = "approval",
    budget: str = "300",
) -> str:
    """A small valid file; each test breaks one part of it."""
    return (
        "META\nkey;value\ndescription;test\ncountry;Denmark\nunit;Fjordby\ninstance;2026\n"
        f"num_projects;2\nnum_votes;2\nbudget;{budget}\nvote_type;{vote_type}\nrule;greedy\n"
        f"{meta}PROJECTS\n{projects}VOTES\n{votes}"
    )
