"""The borgerbudget section of the front page: open processes and what you can do now."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samskab.budgets.models import BudgetProcess, Phase, PhaseKind
from samskab.budgets.phases import open_at

URL_FOR_PHASE = {
    PhaseKind.IDEAS: "budgets:proposal_create",
    PhaseKind.MEETINGS: "budgets:process_detail",
    PhaseKind.FEASIBILITY: "budgets:proposal_list",
    PhaseKind.VOTING: "budgets:vote",
    PhaseKind.RESULT: "budgets:results",
    PhaseKind.DELIVERY: "budgets:results",
}


def _action_label(kind: str) -> str:
    labels = {
        PhaseKind.IDEAS: _("Indsend et forslag"),
        PhaseKind.MEETINGS: _("Kom til et stormøde"),
        PhaseKind.FEASIBILITY: _("Se forslagene"),
        PhaseKind.VOTING: _("Stem nu"),
        PhaseKind.RESULT: _("Se resultatet"),
        PhaseKind.DELIVERY: _("Følg projekterne"),
    }
    return str(labels[PhaseKind(kind)])


def section(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    now = timezone.now()
    current = Phase.objects.filter(open_at(now))
    processes = (
        BudgetProcess.objects.filter(open_at(now, "phases__"))
        .prefetch_related(Prefetch("phases", queryset=current, to_attr="current_phases"))
        .distinct()[:6]
    )
    items = []
    for process in processes:
        phase = process.current_phases[0]
        url_name = URL_FOR_PHASE[PhaseKind(phase.kind)]
        items.append(
            {
                "process": process,
                "phase": phase,
                "url": reverse(url_name, kwargs={"slug": process.slug}),
                "action": _action_label(phase.kind),
            }
        )
    if not items:
        return None
    return "budgets/frontpage_section.html", {"items": items}
