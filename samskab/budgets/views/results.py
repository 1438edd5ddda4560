"""Transparency pages: the result, how it came about, turnout, the published file and its check.

Everything shown is read from the stored result (its explanation JSON) and one query for the
proposals and one for turnout, so the page costs the same for 300 or 100,000 ballots. Only the
live verification rebuilds the file from every ballot; it is for managers and auditors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samskab.budgets import actions, permissions
from samskab.budgets.count_recovery import count_pending
from samskab.budgets.errors import ActionRefused
from samskab.budgets.export import file_name, published_text, stored_text
from samskab.budgets.models import (
    Ballot,
    BudgetProcess,
    CountingRule,
    FundedProject,
    Proposal,
    Result,
)
from samskab.budgets.phases import voting_is_open
from samskab.budgets.seal import OK, verify_published_result
from samskab.budgets.tally import COUNTED_CHANNELS, equal_shares_part, stored_explanation
from samskab.budgets.turnout import turnout_table
from samskab.budgets.views.lookups import get_process
from samskab.core.charts import bar_chart
from samskab.core.requests import signed_in_user
from samskab.engine.pb.explanations import GreedyStep, NotBought


@dataclass
class ProjectRow:
    proposal: Proposal
    support: int
    cost: int  # kroner
    funded: bool
    plain_funded: bool
    reason: str = ""

    @property
    def differs(self) -> bool:
        return self.funded != self.plain_funded


def published_result(process: BudgetProcess, now: datetime) -> Result | None:
    return (
        process.results.filter(published_at__lte=now)
        .prefetch_related("selected")
        .order_by("-published_at")
        .first()
    )


def visible_result(request: HttpRequest, process: BudgetProcess, now: datetime) -> Result | None:
    """Reviewers see the counted result at once; everyone else once it is published."""
    if permissions.can_review_result(request.user, process):
        return process.results.prefetch_related("selected").order_by("counted_at").first()
    return published_result(process, now)


def _kroner(cents: float | int | None) -> int:
    return round((cents or 0) / 100)


def _grouped(amount: int) -> str:
    return number_format(amount, force_grouping=True)


def _amount(cents: float | int | None) -> str:
    return number_format(_kroner(cents), force_grouping=True)


def _greedy_reason(step: GreedyStep) -> str:
    if step["status"] == "skipped":
        return _(
            "Ikke råd: der var %(left)s kr tilbage i puljen, da det var dets tur, og det koster "
            "%(cost)s kr."
        ) % {"left": _amount(step["remaining_before_cents"]), "cost": _amount(step["cost_cents"])}
    return ""


def _mes_reason(item: NotBought, cost_cents: int, rounds: int) -> str:
    """Why equal shares did not buy it. ``rounds``: how many rounds bought something (the
    rows of the round table); a project dropped after the last of them is said to be so, not
    given a round number the table does not have."""
    if item["reason"] == "supporters_cannot_pay":
        numbers = {
            "round": item.get("round", "?"),
            "last": rounds,
            "money": _amount(item.get("supporters_money")),
            "cost": _amount(cost_cents),
        }
        if item.get("round", 0) > rounds:
            return (
                _(
                    "Efter sidste runde (runde %(last)s) havde dets tilhængere kun %(money)s kr "
                    "tilbage af deres lige andele tilsammen, og det koster %(cost)s kr. Pengene var "
                    "brugt på forslag, som de også stemte på, eller som flere kunne samles om."
                )
                % numbers
            )
        return (
            _(
                "Dets tilhængere havde i runde %(round)s kun %(money)s kr tilbage af deres lige "
                "andele tilsammen, og det koster %(cost)s kr. Pengene var brugt på forslag, som "
                "de også stemte på, eller som flere kunne samles om."
            )
            % numbers
        )
    if item["reason"] == "no_supporters":
        return _("Ingen stemte på det.")
    return ""


def project_rows(process: BudgetProcess, result: Result) -> list[ProjectRow]:
    explanation = stored_explanation(result.explanation)
    supports = explanation["supports"]
    selected = set(explanation["selected_order"])
    plain = set(explanation["plain_greedy"]["selected_order"])
    greedy_steps = {step["project"]: step for step in explanation["plain_greedy"]["order"]}
    equal_shares = equal_shares_part(explanation)
    not_bought = {
        item["project"]: item for item in (equal_shares["not_bought"] if equal_shares else [])
    }
    proposals = Proposal.objects.filter(pk__in=[int(pk) for pk in supports]).select_related(
        "review"
    )
    rows = []
    for proposal in proposals:
        key = str(proposal.pk)
        cost = proposal.review.final_cost or 0
        row = ProjectRow(
            proposal=proposal,
            support=supports[key],
            cost=cost,
            funded=key in selected,
            plain_funded=key in plain,
        )
        if not row.funded:
            if result.rule == CountingRule.GREEDY and key in greedy_steps:
                row.reason = _greedy_reason(greedy_steps[key])
            elif key in not_bought:
                row.reason = _mes_reason(
                    not_bought[key], cost * 100, len(equal_shares["rounds"] if equal_shares else [])
                )
        rows.append(row)
    rows.sort(key=lambda row: (-row.support, row.proposal.pk))
    return rows


def support_chart(rows: list[ProjectRow], result: Result) -> dict[str, Any]:
    votes = stored_explanation(result.explanation)["support_kind"] == "votes"
    return bar_chart(
        [row.proposal.title for row in rows],
        [row.support for row in rows],
        value_label=_("Stemmer") if votes else _("Point"),
        highlighted=[row.funded for row in rows],
        highlight_label=_("Valgt"),
        other_label=_("Ikke valgt"),
        notes=[_("Pris: %(cost)s kr") % {"cost": _grouped(row.cost)} for row in rows],
    )


def lead(process: BudgetProcess, result: Result) -> str:
    """What was decided and why, in one plain sentence before any detail."""
    if result.rule == CountingRule.MES_ADD1:
        if not result.num_ballots:
            return _("Lige andele: puljen deles ligeligt mellem vælgerne, men ingen stemte.")
        return _(
            "Lige andele: hver vælger fik lige mange penge at fordele, %(share)s kr hver "
            "(puljen på %(pot)s kr delt mellem %(voters)s vælgere). Et forslag blev valgt, når "
            "de, der stemte på det, tilsammen havde penge nok til det, billigst pr. tilhænger "
            "først. Derfor kan et forslag med færre stemmer blive valgt frem for et med flere: "
            "så får flere grupper af vælgere noget, ikke kun den største."
        ) % {
            "share": _grouped(process.pot // result.num_ballots),
            "pot": _grouped(process.pot),
            "voters": _grouped(result.num_ballots),
        }
    return _(
        "Flest stemmer først: forslagene blev valgt i rækkefølge efter antal stemmer, så længe "
        "der var penge nok tilbage i puljen. Var der ikke penge nok til et forslag, blev det "
        "sprunget over, og det næste blev prøvet."
    )


def equal_shares_rounds(result: Result, titles: dict[str, str]) -> list[dict[str, Any]]:
    """Per round: what was bought, by how many supporters, who paid in full and who paid
    what they had left (aggregate groups; no person is shown)."""
    rounds = []
    equal_shares = equal_shares_part(stored_explanation(result.explanation))
    for entry in equal_shares["rounds"] if equal_shares else []:
        rounds.append(
            {
                "round": entry["round"],
                "title": titles.get(entry["project"], entry["project"]),
                "cost": _kroner(entry["cost"]),
                "supporters": entry["supporters"],
                "full_payers": entry["full_payers"],
                "partial_payers": entry["partial_payers"],
                "max_payment": _kroner(entry.get("max_payment")),
                "partial_paid": _kroner(entry.get("partial_paid")),
                "effective_votes": entry.get("effective_votes"),
            }
        )
    return rounds


def turnout(process: BudgetProcess) -> dict[str, Any]:
    rows = list(
        Ballot.objects.filter(
            process=process, is_current=True, channel__in=COUNTED_CHANNELS
        ).values_list("voter__age_band", "voter__area")
    )
    ages, age_hidden = turnout_table(age for age, _area in rows)
    areas, area_hidden = turnout_table(area for _age, area in rows)
    return {
        "total": len(rows),
        "ages": ages,
        "age_hidden": age_hidden,
        "areas": areas,
        "area_hidden": area_hidden,
    }


def _visible_process(request: HttpRequest, slug: str) -> tuple[BudgetProcess, Result | None]:
    process = get_process(slug)
    now = timezone.now()
    if not permissions.can_open_results_page(request.user, process, now):
        raise PermissionDenied
    return process, visible_result(request, process, now)


@require_safe
def results(request: HttpRequest, slug: str) -> HttpResponse:
    process, result = _visible_process(request, slug)
    now = timezone.now()
    context: dict[str, Any] = {
        "process": process,
        "result": result,
        "can_close": permissions.can_close_voting(request.user, process, now) and result is None,
        "can_verify": permissions.can_verify_result(request.user, process),
        "can_publish": permissions.can_publish_result(request.user, process),
        "counting": result is None and count_pending(process),
    }
    if result is not None:
        rows = project_rows(process, result)
        titles = {str(row.proposal.pk): row.proposal.title for row in rows}
        funded_projects = FundedProject.objects.filter(result=result).select_related("proposal")
        context.update(
            rows=rows,
            funded_total=sum(row.cost for row in rows if row.funded),
            plain_total=sum(row.cost for row in rows if row.plain_funded),
            differences=[row for row in rows if row.differs],
            rounds=equal_shares_rounds(result, titles),
            is_equal_shares=result.rule == CountingRule.MES_ADD1,
            turnout=turnout(process),
            funded_projects=sorted(funded_projects, key=lambda f: f.proposal.title),
            chart=support_chart(rows, result),
            lead=lead(process, result),
            funded_rows=[row for row in rows if row.funded],
            ballots_file_name=file_name(process),
        )
    return render(request, "budgets/results.html", context)


@require_safe
def results_file(request: HttpRequest, slug: str) -> HttpResponse:
    process, result = _visible_process(request, slug)
    if result is None:
        raise Http404
    text = stored_text(process, result) or published_text(process, result)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(process)}"'
    return response


@require_safe
def results_verify(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process(slug)
    if not permissions.can_verify_result(request.user, process):
        raise PermissionDenied
    verification = verify_published_result(process)
    if verification is None:
        raise Http404
    return render(
        request,
        "budgets/results_verify.html",
        {"process": process, "verification": verification, "ok": verification.status == OK},
    )


@require_http_methods(["GET", "POST"])
def close_voting(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks first (closing and counting cannot be undone); POST closes an open vote now, or
    one whose time has run out, and queues the count."""
    process = get_process(slug)
    now = timezone.now()
    if not permissions.can_close_voting(request.user, process, now):
        raise PermissionDenied
    still_open = voting_is_open(process, now)
    if request.method == "GET":
        return render(
            request,
            "budgets/close_voting_confirm.html",
            {"process": process, "still_open": still_open},
        )
    user = signed_in_user(request)
    try:
        if still_open:
            started = actions.close_voting_now(user, process, request=request)
        else:
            started = actions.close_voting(user, process, request=request)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        if started:
            messages.success(request, _("Afstemningen er lukket, og optællingen er sat i gang."))
        elif process.results.exists():
            messages.info(request, _("Stemmerne er allerede talt op."))
        else:
            messages.info(request, _("Optællingen er allerede sat i gang."))
    return redirect("budgets:results", slug=process.slug)


@login_required
@require_http_methods(["GET", "POST"])
def publish_result(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks first (publication cannot be undone); POST publishes the counted result."""
    process = get_process(slug)
    if not permissions.can_publish_result(request.user, process):
        raise PermissionDenied
    result = process.counted_result()
    if result is None or result.published_at is not None:
        return redirect("budgets:results", slug=process.slug)
    if request.method == "GET":
        return render(
            request, "budgets/publish_result_confirm.html", {"process": process, "result": result}
        )
    try:
        actions.publish_result(signed_in_user(request), process, request=request)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Resultatet er offentliggjort."))
    return redirect("budgets:results", slug=process.slug)
