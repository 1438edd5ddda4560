"""The audit log search, for administrators. Looking at the log is itself logged."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from samskab.audit.actions import record_event
from samskab.audit.forms import AuditSearchForm
from samskab.audit.models import AuditEvent
from samskab.audit.permissions import can_search_audit_log

PAGE_SIZE = 50


@login_required
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    if not can_search_audit_log(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(
            request, "audit/search.html", {"form": form, "page": None, "query": ""}, status=400
        )
    filters = form.filters() if form.is_bound else {}
    events = AuditEvent.objects.all()
    if form.is_bound:
        events = form.apply(events)
    # Logged before the query runs, so the search shows up in its own results.
    record_event(request.user, "audit.log_searched", summary="", details=filters, request=request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    context: dict[str, Any] = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/search.html", context)
