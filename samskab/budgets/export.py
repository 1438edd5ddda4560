"""The published Pabulib file of a counted process: anonymised ballots and the result.

It is the election the count used (``tally.load_ballots``) plus, for readers and for
``samskab pb verify``: each project's name as it was when counted (``Result.project_names``: a
title edited later does not change the file), its votes or score and ``selected`` from the
stored result, and the voters' age band and area where no group is smaller than ``MIN_GROUP``.
Never names, e-mails, user ids or the time a ballot was cast.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from samskab.budgets.models import BudgetProcess, Result
from samskab.budgets.tally import Ballots, load_ballots, sha256_text, supports
from samskab.budgets.turnout import suppress_small_pairs
from samskab.engine.pabulib import write_election
from samskab.engine.pb import greedy


def published_text(process: BudgetProcess, result: Result, ballots: Ballots | None = None) -> str:
    """The Pabulib text for ``result``, recomputed from the ballots now in the database."""
    ballots = ballots or load_ballots(process)
    election = ballots.election
    names = {int(pk): title for pk, title in result.project_names.items()}
    selected = {str(pk) for pk in result.selected.values_list("pk", flat=True)}
    support = supports(election)
    column = greedy.support_name(election)
    projects = tuple(
        dataclasses.replace(
            project,
            name=names.get(int(project.id), ""),
            extra=MappingProxyType(
                {column: str(support[project.id]), "selected": str(int(project.id in selected))}
            ),
        )
        for project in election.projects
    )
    age_bands, areas = suppress_small_pairs(list(ballots.age_bands), list(ballots.areas))
    voter_extra = {}
    if any(age_bands):
        voter_extra["age_band"] = tuple(age_bands)
    if any(areas):
        voter_extra["area"] = tuple(areas)
    published = dataclasses.replace(
        election, projects=projects, voter_extra=MappingProxyType(voter_extra)
    )
    return write_election(published)


def published_sha256(process: BudgetProcess, result: Result) -> str:
    return sha256_text(published_text(process, result))


def file_name(process: BudgetProcess) -> str:
    return f"samskab_{process.slug}.pb"


def stored_path(process: BudgetProcess, result: Result) -> str:
    return f"budgets/results/{process.slug}-{result.ballots_sha256}.pb"


def store_published(process: BudgetProcess, result: Result, text: str) -> None:
    """Keep the file exactly as published, so it can be downloaded even if the database
    changes later (that change then shows as a mismatch, not as a different download)."""
    path = stored_path(process, result)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(text.encode("utf-8")))


def stored_text(process: BudgetProcess, result: Result) -> str | None:
    path = stored_path(process, result)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return bytes(handle.read()).decode("utf-8")
