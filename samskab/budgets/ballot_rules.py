"""What a valid ballot is, for each ballot form. Pure checks; ``actions.cast_ballot`` calls them.

Choices are a mapping ``proposal id -> value``: 1 for approval and knapsack, points for
cumulative voting, the rank (1 = first) for ranking.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskab.budgets.models import BallotForm, BudgetProcess, Proposal

# (process id, lock hash) -> {proposal id: final cost}. A locked ballot never changes, so the
# cache can never go stale; a new lock hash is a new key.
_BALLOT_CACHE: dict[tuple[int, str], dict[int, int]] = {}


class BallotInvalid(Exception):
    """The ballot breaks the process's rules; the message says how, in the voter's language."""


def ballot_costs(process: BudgetProcess) -> dict[int, int]:
    """The proposals on the ballot (found feasible) with their final costs."""
    key = (process.pk, process.lock_hash)
    if process.is_locked and key in _BALLOT_CACHE:
        return _BALLOT_CACHE[key]
    costs = {
        pk: int(cost or 0)
        for pk, cost in Proposal.objects.filter(process=process, review__feasible=True)
        .order_by("pk")
        .values_list("pk", "review__final_cost")
    }
    if process.is_locked:
        _BALLOT_CACHE[key] = costs
    return costs


def validate_choices(process: BudgetProcess, choices: Mapping[int, int]) -> dict[int, int]:
    """Return the choices to store (zero points dropped) or raise :class:`BallotInvalid`."""
    costs = ballot_costs(process)
    unknown = [pk for pk in choices if pk not in costs]
    if unknown:
        raise BallotInvalid(_("Stemmesedlen nævner forslag, der ikke er på stemmesedlen."))
    if any(not isinstance(value, int) or isinstance(value, bool) for value in choices.values()):
        raise BallotInvalid(_("Værdierne skal være hele tal."))
    if any(value < 0 for value in choices.values()):
        raise BallotInvalid(_("Værdierne må ikke være negative."))
    chosen = {pk: value for pk, value in choices.items() if value > 0}
    form = process.ballot_form
    if form in (BallotForm.APPROVAL, BallotForm.KNAPSACK) and any(
        value != 1 for value in chosen.values()
    ):
        raise BallotInvalid(_("Et forslag kan kun vælges én gang."))
    if form == BallotForm.CUMULATIVE:
        total = sum(chosen.values())
        if total > process.points_total:
            raise BallotInvalid(
                _("Du har fordelt %(used)d point, men har kun %(total)d.")
                % {"used": total, "total": process.points_total}
            )
    if form == BallotForm.RANKING:
        ranks = sorted(chosen.values())
        if ranks != list(range(1, len(ranks) + 1)):
            raise BallotInvalid(
                _("Rækkefølgen skal være 1, 2, 3 ... uden huller og uden at gentage et tal.")
            )
    if len(chosen) < process.min_choices:
        raise BallotInvalid(
            ngettext(
                "Vælg mindst %(count)d forslag.",
                "Vælg mindst %(count)d forslag.",
                process.min_choices,
            )
            % {"count": process.min_choices}
        )
    if process.max_choices is not None and len(chosen) > process.max_choices:
        raise BallotInvalid(
            ngettext(
                "Vælg højst %(count)d forslag.",
                "Vælg højst %(count)d forslag.",
                process.max_choices,
            )
            % {"count": process.max_choices}
        )
    if form == BallotForm.KNAPSACK:
        spent = sum(costs[pk] for pk in chosen)
        if spent > process.pot:
            raise BallotInvalid(
                _("De valgte forslag koster %(spent)s kr, men puljen er %(pot)s kr.")
                % {
                    "spent": f"{spent:,}".replace(",", "."),
                    "pot": f"{process.pot:,}".replace(",", "."),
                }
            )
    return chosen
