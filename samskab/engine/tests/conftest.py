"""Engine test helpers: where the real Pabulib elections are, and small hand-written files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def pabulib_dir() -> Path:
    """``$SAMSKAB_PABULIB_DIR``, else the nearest ``shared/pabulib`` beside the checkout."""
    configured = os.environ.get("SAMSKAB_PABULIB_DIR")
    if configured:
        return Path(configured)
    for parent in REPO.parents:
        candidate = parent / "shared" / "pabulib"
        if candidate.is_dir():
            return candidate
    raise RuntimeError(
        "The real Pabulib files are missing: set SAMSKAB_PABULIB_DIR or put shared/pabulib "
        "beside the checkout"
    )


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
