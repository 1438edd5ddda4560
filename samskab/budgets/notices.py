"""E-mail about a process: who is told what, the mails, and sending each notice once.

A notice (``models.Notice``) is made once per thing to tell, by ``actions.announce`` inside
the transaction of what happened, and sent by the ``tasks.send_notice`` task, one delivery per
address (``core.mailing``). Who is told:

- a proposal assessed: its author;
- voting opened or closed: the process's authors, supporters and followers;
- the result published: the same, and everyone who voted with an account;
- a stormøde tomorrow: the people registered with an account.

Accounts count only when active with a confirmed address; followers only once confirmed. An
address that stopped mail from the process (``ProcessFollower.stopped_at``) gets none of them.
These are mails about what the person took part in or asked for, so following by e-mail alone
is the only case that needs consent first (double opt-in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.budgets.models import (
    BudgetProcess,
    Notice,
    NoticeDelivery,
    NoticeKind,
    PhaseKind,
    ProcessFollower,
)
from samskab.core import mailing
from samskab.core.branding import site_name, with_signature

STOP_SALT = "samskab.budgets.stop-mail"
FOLLOW_SALT = "samskab.budgets.follow"
FOLLOW_CONFIRM_MAX_AGE = timedelta(days=7)
# A notice not finished this long after it was made lost its worker; it is queued again.
STALE_AFTER = timedelta(minutes=10)

TELLS_EVERYONE = (NoticeKind.VOTING_OPENED, NoticeKind.VOTING_CLOSED, NoticeKind.RESULT_PUBLISHED)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def _account_recipients(users: Q) -> dict[str, Recipient]:
    people = User.objects.filter(users, is_active=True, email_verified_at__isnull=False)
    return {
        user.email.lower(): Recipient(user.email.lower(), user.preferred_language or "da")
        for user in people.order_by("pk").distinct()
    }


def recipients(notice: Notice) -> list[Recipient]:
    """Everyone this notice is for, in a stable order, without the stopped addresses."""
    process = notice.process
    if notice.kind == NoticeKind.PROPOSAL_ASSESSED:
        found = _account_recipients(Q(budget_proposals=notice.proposal_id))
    elif notice.kind == NoticeKind.MEETING_TOMORROW:
        found = _account_recipients(Q(budget_meeting_registrations__meeting=notice.meeting_id))
    else:
        taking_part = Q(budget_proposals__process=process) | Q(
            budget_supports__proposal__process=process
        )
        if notice.kind == NoticeKind.RESULT_PUBLISHED:
            taking_part |= Q(budget_voters__process=process, budget_voters__ballots__isnull=False)
        found = _account_recipients(taking_part)
        for follower in ProcessFollower.objects.filter(
            process=process, confirmed_at__isnull=False, stopped_at__isnull=True
        ).order_by("pk"):
            found.setdefault(follower.email, Recipient(follower.email, follower.language))
    stopped = set(
        ProcessFollower.objects.filter(process=process, stopped_at__isnull=False).values_list(
            "email", flat=True
        )
    )
    return [found[email] for email in sorted(found) if email not in stopped]


def stop_url(delivery: NoticeDelivery) -> str:
    """The link that stops all mail about the delivery's process to its address. It names the
    delivery, never the address, so no address ends up in a server log."""
    token = mailing.make_stop_token(STOP_SALT, str(delivery.pk))
    slug = delivery.notice.process.slug
    return mailing.absolute_url(reverse("budgets:stop_mail", kwargs={"slug": slug, "token": token}))


def read_stop_token(process: BudgetProcess, token: str) -> str | None:
    """The address a stop link was mailed to; None if that delivery record is gone (erased).
    BadToken if the link was altered or is another process's."""
    try:
        delivery_id = int(mailing.read_stop_token(STOP_SALT, token))
    except ValueError:
        raise mailing.BadToken("malformed") from None
    delivery = NoticeDelivery.objects.select_related("notice").filter(pk=delivery_id).first()
    if delivery is None:
        return None
    if delivery.notice.process_id != process.pk:
        raise mailing.BadToken("another process")
    return delivery.email


def _link(notice: Notice) -> str:
    slug = notice.process.slug
    if notice.kind == NoticeKind.PROPOSAL_ASSESSED and notice.proposal_id:
        path = reverse("budgets:proposal_detail", kwargs={"slug": slug, "pk": notice.proposal_id})
    elif notice.kind == NoticeKind.MEETING_TOMORROW and notice.meeting_id:
        path = reverse("budgets:meeting_detail", kwargs={"slug": slug, "pk": notice.meeting_id})
    elif notice.kind == NoticeKind.VOTING_OPENED:
        path = reverse("budgets:vote", kwargs={"slug": slug})
    elif notice.kind == NoticeKind.RESULT_PUBLISHED:
        path = reverse("budgets:results", kwargs={"slug": slug})
    else:
        path = reverse("budgets:process_detail", kwargs={"slug": slug})
    return mailing.absolute_url(path)


def notice_message(
    notice: Notice,
    recipient: Recipient,
    delivery: NoticeDelivery,
    connection: BaseEmailBackend | None = None,
) -> EmailMessage:
    """One personal mail: its footer and headers carry this address's own stop link."""
    process = notice.process
    url = stop_url(delivery)
    context = {
        "process": process,
        "proposal": notice.proposal,
        "review": getattr(notice.proposal, "review", None) if notice.proposal else None,
        "meeting": notice.meeting,
        "voting": process.phase_of(PhaseKind.VOTING),
        "url": _link(notice),
        "stop_url": url,
        "site_name": site_name(),
    }
    with translation.override(recipient.language):
        subject = render_to_string(f"budgets/mail/{notice.kind}_subject.txt", context).strip()
        body: str = render_to_string(f"budgets/mail/{notice.kind}_body.txt", context)
        body = with_signature(body)
    return EmailMessage(
        subject,
        body,
        to=[recipient.email],
        connection=connection,
        headers=mailing.one_click_headers(url, f"{process.title} <{process.slug}.budgets>"),
    )


def deliver_notice(notice_id: int) -> dict[str, int]:
    """Send a notice to each of its recipients once; the counts sent, failed and skipped."""
    notice = Notice.objects.select_related("process", "proposal", "meeting").get(pk=notice_id)
    counts = mailing.send_each(
        recipients(notice),
        lambda recipient: mailing.claim(
            NoticeDelivery.objects, notice=notice, email=recipient.email
        ),
        lambda recipient, delivery, connection: notice_message(
            notice, recipient, delivery, connection
        ),
    )
    if notice.finished_at is None:
        Notice.objects.filter(pk=notice.pk).update(finished_at=timezone.now())
        record_event(
            None,
            "budgets.notice_sent",
            notice.process,
            summary=f"{notice.process.slug}: {notice.key}",
            details=counts,
        )
    return counts


def make_follow_token(process: BudgetProcess, email: str) -> str:
    return signing.dumps({"p": process.pk, "e": email}, salt=FOLLOW_SALT)


def read_follow_token(process: BudgetProcess, token: str) -> str:
    """The address a confirmation link was mailed to; BadToken if altered, old or another
    process's."""
    try:
        data = signing.loads(token, salt=FOLLOW_SALT, max_age=FOLLOW_CONFIRM_MAX_AGE)
        process_id, email = data["p"], data["e"]
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise mailing.BadToken(str(error)) from None
    if process_id != process.pk or not isinstance(email, str):
        raise mailing.BadToken("another process")
    return email


def follow_confirmation_message(process: BudgetProcess, email: str, language: str) -> EmailMessage:
    """The double opt-in mail: a link that confirms following the process by e-mail."""
    token = make_follow_token(process, email)
    url = mailing.absolute_url(
        reverse("budgets:follow_confirm", kwargs={"slug": process.slug, "token": token})
    )
    context = {"process": process, "url": url, "site_name": site_name()}
    with translation.override(language):
        subject = render_to_string("budgets/mail/follow_confirm_subject.txt", context).strip()
        body = with_signature(render_to_string("budgets/mail/follow_confirm_body.txt", context))
    return EmailMessage(subject, body, to=[email])
