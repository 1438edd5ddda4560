"""The aggregate report: the only mentoring page an auditor sees."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from samskab.mentoring import permissions
from samskab.mentoring.models import Programme
from samskab.mentoring.report import SMALL_CELL, build_report


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    if not permissions.can_view_report(request.user, programme):
        raise PermissionDenied
    return render(
        request,
        "mentoring/report.html",
        {
            "programme": programme,
            "report": build_report(
                programme,
                suppress_small_cells=not permissions.is_coordinator(request.user, programme),
            ),
            "small_cell": SMALL_CELL,
        },
    )
