"""Comment views. Every view checks permission against the registry's rules for the object."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskab.core.requests import signed_in_user
from samskab.discussion import actions
from samskab.discussion.forms import CommentForm, ReasonForm
from samskab.discussion.models import Comment, CommentReport
from samskab.discussion.permissions import (
    can_delete_comment,
    can_edit_comment,
    can_hide_comment,
    can_post_comment,
    can_read_comments,
    can_report_comment,
    can_view_moderation_queue,
    edit_window,
    is_moderator,
)
from samskab.discussion.registry import NotCommentable, entry_for_label
from samskab.discussion.sections import render_section, section_id


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _object_url(obj: models.Model) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    return str(get_url()) if get_url else "/"


def _back_to(request: HttpRequest, obj: models.Model, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{_object_url(obj)}#{anchor}")


def _target_or_404(label: str, object_id: int) -> models.Model:
    try:
        entry = entry_for_label(label)
    except NotCommentable:
        raise Http404 from None
    return get_object_or_404(entry.model._default_manager, pk=object_id)


def _comment_and_target(pk: int, user: Any) -> tuple[Comment, models.Model]:
    """The comment and what it is about, or 404 if the person may not even read it."""
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    target = comment.target
    if target is None:
        raise Http404
    try:
        readable = can_read_comments(user, target)
    except NotCommentable:
        raise Http404 from None
    if not readable:
        raise Http404
    return comment, target


@require_POST
def post(request: HttpRequest, label: str, object_id: int) -> HttpResponse:
    target = _target_or_404(label, object_id)
    if not can_read_comments(request.user, target):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(_object_url(target))
    if not can_post_comment(request.user, target):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = actions.post_comment(signed_in_user(request), target, form.cleaned_data["body"])
        if _is_htmx(request):
            return HttpResponse(render_section(request, target))
        messages.success(request, _("Din kommentar er offentliggjort."))
        return _back_to(request, target, f"kommentar-{comment.pk}")
    if _is_htmx(request):
        return HttpResponse(render_section(request, target, form))
    return render(
        request,
        "discussion/comment_form_page.html",
        {"form": form, "target": target, "target_url": _object_url(target)},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = _comment_and_target(pk, request.user)
    if not can_edit_comment(request.user, comment):
        raise PermissionDenied
    form = CommentForm(_posted(request), initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        actions.edit_comment(comment, form.cleaned_data["body"])
        messages.success(request, _("Din kommentar er rettet."))
        return _back_to(request, target, f"kommentar-{comment.pk}")
    minutes = int(edit_window().total_seconds() // 60)
    return render(
        request,
        "discussion/comment_edit.html",
        {"form": form, "comment": comment, "target_url": _object_url(target), "minutes": minutes},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = _comment_and_target(pk, request.user)
    if not can_delete_comment(request.user, comment):
        raise PermissionDenied
    if request.method == "POST":
        actions.delete_comment(comment)
        messages.success(request, _("Din kommentar er slettet."))
        return _back_to(request, target, section_id(target))
    return render(
        request,
        "discussion/comment_delete.html",
        {"comment": comment, "target_url": _object_url(target)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = _comment_and_target(pk, request.user)
    if not can_report_comment(request.user, comment):
        raise PermissionDenied
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_comment(
                signed_in_user(request), comment, form.cleaned_data["reason"], request=request
            )
        except actions.AlreadyReported as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tak. En moderator ser på din anmeldelse."))
            return _back_to(request, target, f"kommentar-{comment.pk}")
    return render(
        request,
        "discussion/comment_report.html",
        {"form": form, "comment": comment, "target_url": _object_url(target)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = _comment_and_target(pk, request.user)
    if not can_hide_comment(request.user, comment):
        raise PermissionDenied
    if comment.is_hidden:
        messages.info(request, _("Kommentaren er allerede skjult."))
        return _back_to(request, target, f"kommentar-{comment.pk}")
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        actions.hide_comment(
            signed_in_user(request), comment, form.cleaned_data["reason"], request=request
        )
        messages.success(request, _("Kommentaren er skjult."))
        return _after_moderation(request, target, comment)
    return render(
        request,
        "discussion/comment_hide.html",
        {
            "form": form,
            "comment": comment,
            "target_url": _object_url(target),
            "next": _safe_next(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def unhide(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = _comment_and_target(pk, request.user)
    if not can_hide_comment(request.user, comment):
        raise PermissionDenied
    if comment.is_hidden:
        actions.unhide_comment(signed_in_user(request), comment, request=request)
        messages.success(request, _("Kommentaren vises igen."))
    return _after_moderation(request, target, comment)


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = _comment_and_target(pk, request.user)
    if not can_hide_comment(request.user, comment):
        raise PermissionDenied
    actions.dismiss_reports(signed_in_user(request), comment, request=request)
    messages.success(request, _("Anmeldelserne er afvist; kommentaren bliver stående."))
    return _after_moderation(request, target, comment)


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _after_moderation(
    request: HttpRequest, target: models.Model, comment: Comment
) -> HttpResponseRedirect:
    next_url = _safe_next(request)
    if next_url:
        return HttpResponseRedirect(next_url)
    return _back_to(request, target, f"kommentar-{comment.pk}")


@login_required
@require_safe
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Comments with open reports, on objects this person moderates."""
    if not can_view_moderation_queue(request.user):
        raise PermissionDenied
    reported = (
        Comment.objects.filter(
            pk__in=CommentReport.objects.filter(resolved_at__isnull=True).values("comment_id")
        )
        .select_related("author", "content_type")
        .prefetch_related("reports__reporter")
        .order_by("created_at", "id")
    )
    rows = []
    targets: dict[tuple[int, int], models.Model | None] = {}
    by_type: dict[int, list[int]] = {}
    comments = list(reported)
    for comment in comments:
        by_type.setdefault(comment.content_type_id, []).append(comment.object_id)
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            targets[(content_type_id, obj.pk)] = obj
    moderates: dict[tuple[int, int], bool] = {}
    for comment in comments:
        key = (comment.content_type_id, comment.object_id)
        target = targets.get(key)
        if target is None:
            continue
        if key not in moderates:
            try:
                moderates[key] = is_moderator(request.user, target)
            except NotCommentable:
                moderates[key] = False
        if moderates[key]:
            open_reports = [r for r in comment.reports.all() if r.resolved_at is None]
            rows.append(
                {
                    "comment": comment,
                    "target": target,
                    "target_url": _object_url(target),
                    "reports": open_reports,
                }
            )
    return render(request, "discussion/moderation_queue.html", {"rows": rows})
