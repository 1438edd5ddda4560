"""Background work for accounts: every mail goes out through a task, so in production the
`samskab db_worker` sends it and a slow mail server never holds up a web request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from samskab.accounts.models import User
from samskab.accounts.tokens import make_verification_token
from samskab.core.branding import site_name, with_signature


def _render_mail(user: User, template: str, extra: dict[str, str] | None = None) -> tuple[str, str]:
    with translation.override(user.preferred_language):
        context = {"user": user, "site_name": site_name(), "site_url": settings.SITE_URL}
        context.update(extra or {})
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = with_signature(render_to_string(f"accounts/email/{template}.txt", context))
    return " ".join(subject.split()), body


@task()
def send_verification_email(user_id: int) -> bool:
    """Send the sign-up verification link. False (and no mail) if there is nothing to verify."""
    user = User.objects.filter(pk=user_id, is_active=True, email_verified_at__isnull=True).first()
    if user is None:
        return False
    path = reverse("accounts:verify_email", args=[make_verification_token(user)])
    subject, body = _render_mail(user, "verify_email", {"link": settings.SITE_URL + path})
    send_mail(subject, body, None, [user.email])
    return True


@task()
def send_signup_attempt_notice(user_id: int, notify: bool = True) -> bool:
    """Someone signed up with an address that already has an account: tell its owner only.

    With ``notify=False`` nothing is sent: sign-up enqueues this task on every path (so every
    path does the same work) and says no when the owner was told a moment ago.
    """
    if not notify:
        return False
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    links = {
        "login_link": settings.SITE_URL + reverse("accounts:login"),
        "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    subject, body = _render_mail(user, "signup_attempt", links)
    send_mail(subject, body, None, [user.email])
    return True


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> None:
    """Send an already rendered mail (password reset renders in the request, sends here)."""
    send_mail(subject, body, None, recipients)
