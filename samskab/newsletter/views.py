"""News pages, newsletter sign-up with double opt-in, one-click unsubscribe, sending issues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from samskab.accounts.models import User
from samskab.core.mailing import BadToken
from samskab.core.requests import signed_in_user
from samskab.newsletter import actions
from samskab.newsletter.forms import IssueForm, NewsPostForm, SubscribeForm
from samskab.newsletter.models import Delivery, Issue, NewsPost, Subscription, Topic
from samskab.newsletter.permissions import can_read_news_post, can_send_newsletter, can_write_news
from samskab.newsletter.tokens import read_confirm_token, read_unsubscribe_token

NEWS_PER_PAGE = 10


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    posts = NewsPost.objects.published().select_related("topic", "author")
    topic = None
    topic_slug = request.GET.get("emne", "")
    if topic_slug:
        if not slug_re.fullmatch(topic_slug):
            raise Http404  # NUL and other bytes no slug has would reach the database as-is
        topic = Topic.objects.filter(slug=topic_slug).first()
        if topic is None:
            raise Http404
        posts = posts.filter(topic=topic)
    page = Paginator(posts, NEWS_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "newsletter/news_list.html",
        {
            "page": page,
            "topic": topic,
            "topics": Topic.objects.all(),
            "can_write": can_write_news(request.user),
        },
    )


@require_safe
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(NewsPost.objects.select_related("topic", "author"), slug=slug)
    if not can_read_news_post(request.user, post):
        raise Http404
    return render(
        request,
        "newsletter/news_detail.html",
        {"post": post, "can_send": can_send_newsletter(request.user) and post.is_published},
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request: HttpRequest) -> HttpResponse:
    if not can_write_news(request.user):
        raise PermissionDenied
    form = NewsPostForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        post = actions.publish_news_post(
            signed_in_user(request),
            form.cleaned_data["topic"],
            form.cleaned_data["title"],
            form.cleaned_data["body"],
            publish=form.cleaned_data["publish"],
            request=request,
        )
        messages.success(request, _("Nyheden er gemt."))
        return redirect(post)
    return render(
        request,
        "newsletter/news_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_send(request: HttpRequest, slug: str) -> HttpResponse:
    if not can_send_newsletter(request.user):
        raise PermissionDenied
    post = get_object_or_404(NewsPost.objects.published().select_related("topic"), slug=slug)
    subscribers = _active_subscribers(post.topic)
    if request.method == "POST":
        actions.send_news_post(signed_in_user(request), post, request=request)
        messages.success(
            request, _("Nyhedsbrevet er sat i kø og sendes til abonnenterne på emnet.")
        )
        return redirect("newsletter:issues")
    return render(request, "newsletter/news_send.html", {"post": post, "subscribers": subscribers})


def _active_subscribers(topic: Topic) -> int:
    return Subscription.objects.filter(
        topic=topic, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).count()


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    initial = {"email": request.user.email} if isinstance(request.user, User) else {}
    form = SubscribeForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.subscribe_email(
            request.user if isinstance(request.user, User) else None,
            form.cleaned_data["email"],
            list(form.cleaned_data["topics"]),
            language=get_language() or "da",
        )
        # The same answer whether or not the address was known: nothing leaks.
        return redirect("newsletter:check_inbox")
    return render(
        request,
        "newsletter/subscribe.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/check_inbox.html")


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/bad_link.html", status=400)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    try:
        email, topic_ids = read_confirm_token(token)
    except BadToken:
        return _bad_link(request)
    topics = Topic.objects.filter(pk__in=topic_ids)
    if request.method == "POST":
        confirmed = actions.confirm_subscription(email, topic_ids)
        if not confirmed:
            return _bad_link(request)
        return render(
            request,
            "newsletter/confirmed.html",
            {"topics": [subscription.topic for subscription in confirmed]},
        )
    return render(request, "newsletter/confirm.html", {"email": email, "topics": topics})


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link, without a CSRF token
# and without a session. The signed token is the authority, and unsubscribing is idempotent.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription_id = read_unsubscribe_token(token)
    except BadToken:
        return _bad_link(request)
    subscription = Subscription.objects.select_related("topic").filter(pk=subscription_id).first()
    if subscription is None:
        # Erased or never there: either way this address gets nothing more from us.
        return render(request, "newsletter/unsubscribed.html", {"subscription": None})
    if request.method == "POST":
        actions.unsubscribe(subscription)
        return render(request, "newsletter/unsubscribed.html", {"subscription": subscription})
    return render(request, "newsletter/unsubscribe.html", {"subscription": subscription})


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    if not can_send_newsletter(request.user):
        raise PermissionDenied
    form = IssueForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        actions.send_newsletter(
            signed_in_user(request),
            form.cleaned_data["topic"],
            form.cleaned_data["subject"],
            form.cleaned_data["body"],
            request=request,
        )
        messages.success(
            request, _("Nyhedsbrevet er sat i kø og sendes til abonnenterne på emnet.")
        )
        return redirect("newsletter:issues")
    return render(
        request,
        "newsletter/compose.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def issues(request: HttpRequest) -> HttpResponse:
    if not can_send_newsletter(request.user):
        raise PermissionDenied
    rows = (
        Issue.objects.select_related("topic", "created_by")
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status=Delivery.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.FAILED)),
        )
        .order_by("-created_at", "-id")[:50]
    )
    topics = Topic.objects.annotate(
        subscribers=Count(
            "subscriptions",
            filter=Q(
                subscriptions__confirmed_at__isnull=False,
                subscriptions__unsubscribed_at__isnull=True,
            ),
        )
    )
    return render(request, "newsletter/issues.html", {"issues": rows, "topics": topics})
