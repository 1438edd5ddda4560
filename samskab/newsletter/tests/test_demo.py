"""`samskab demo` loads news, comments (one reported, one hidden) and subscribers, idempotently."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from samskab.discussion.models import Comment, CommentReport
from samskab.newsletter.models import NewsPost, Subscription, Topic


@pytest.mark.django_db
def test_demo_is_idempotent_and_has_moderation_examples():
    call_command("demo", stdout=io.StringIO())
    counts = (
        Topic.objects.count(),
        NewsPost.objects.count(),
        Comment.objects.count(),
        Subscription.objects.count(),
    )
    call_command("demo", stdout=io.StringIO())
    assert counts == (
        Topic.objects.count(),
        NewsPost.objects.count(),
        Comment.objects.count(),
        Subscription.objects.count(),
    )
    assert counts[0] == 3
    assert Comment.objects.filter(hidden_at__isnull=False).count() == 1
    assert CommentReport.objects.filter(resolved_at__isnull=True).count() == 1
    assert all(subscription.is_active for subscription in Subscription.objects.all())
