"""The mails this module sends: sign-up confirmation, "already subscribed", newsletter issues."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from samskab.core.branding import site_name, with_signature
from samskab.core.mailing import absolute_url, one_click_headers
from samskab.newsletter.models import Issue, Subscription, Topic
from samskab.newsletter.tokens import make_confirm_token, make_unsubscribe_token


def unsubscribe_url(subscription: Subscription) -> str:
    token = make_unsubscribe_token(subscription.pk)
    return absolute_url(reverse("newsletter:unsubscribe", kwargs={"token": token}))


def confirmation_message(email: str, topics: list[Topic], language: str) -> EmailMessage:
    token = make_confirm_token(email, [topic.pk for topic in topics])
    url = absolute_url(reverse("newsletter:confirm", kwargs={"token": token}))
    with translation.override(language):
        subject = render_to_string("newsletter/mail/confirm_subject.txt").strip()
        body: str = render_to_string(
            "newsletter/mail/confirm_body.txt",
            {"topics": topics, "url": url, "site_name": site_name()},
        )
        body = with_signature(body)
    return EmailMessage(subject, body, to=[email])


def already_subscribed_message(email: str, topics: list[Topic], language: str) -> EmailMessage:
    with translation.override(language):
        subject = render_to_string("newsletter/mail/already_subject.txt").strip()
        body: str = render_to_string(
            "newsletter/mail/already_body.txt",
            {"topics": topics, "site_name": site_name()},
        )
        body = with_signature(body)
    return EmailMessage(subject, body, to=[email])


def issue_message(
    issue: Issue, subscription: Subscription, connection: BaseEmailBackend | None = None
) -> EmailMessage:
    """One personal mail: the footer and headers carry this subscriber's own unsubscribe link."""
    url = unsubscribe_url(subscription)
    news_url = absolute_url(issue.news_post.get_absolute_url()) if issue.news_post else ""
    with translation.override(subscription.language):
        body: str = render_to_string(
            "newsletter/mail/issue_body.txt",
            {
                "issue": issue,
                "topic": issue.topic,
                "unsubscribe_url": url,
                "news_url": news_url,
                "site_name": site_name(),
            },
        )
        body = with_signature(body)
    return EmailMessage(
        issue.subject,
        body,
        to=[subscription.email],
        connection=connection,
        headers=one_click_headers(
            url, f"{issue.topic.name} <{issue.topic.slug}.{settings.SITE_NAME}>"
        ),
    )
