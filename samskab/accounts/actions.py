"""Every write about people: sign-up, verification, profile, passwords, consents, deletion.

Each function runs in one transaction and appends an audit event where the action is sensitive.
Mails are enqueued as tasks (see tasks.py); with the database backend the queued row commits
together with the change that caused it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from samskab.accounts.models import Consent, Membership, Organisation, User
from samskab.accounts.privacy_hooks import erase_all_user_data, export_all_user_data
from samskab.accounts.signals import consent_withdrawn
from samskab.accounts.tasks import send_signup_attempt_notice, send_verification_email
from samskab.audit.actions import record_event
from samskab.audit.models import AuditEvent

# At most one unrequested-by-the-owner mail per address per interval, so the public sign-up and
# resend forms cannot be used to flood someone's inbox.
MAIL_INTERVAL = datetime.timedelta(minutes=5)


def _mailed_recently(user: User, action: str) -> bool:
    return AuditEvent.objects.filter(
        action=action,
        target_type=user._meta.label_lower,
        target_id=str(user.pk),
        at__gte=timezone.now() - MAIL_INTERVAL,
    ).exists()


class ConsentNotActive(Exception):
    """Only a consent that was given and not yet withdrawn can be withdrawn."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def sign_up(
    *,
    email: str,
    full_name: str,
    password: str,
    language: str = "da",
    request: HttpRequest | None = None,
) -> User | None:
    """Create an unverified account and mail the verification link.

    If the address already has an account, nothing is created: its owner gets a notice (or the
    verification link again, if the account is still unverified). The caller answers the same
    way in every case, so sign-up reveals no accounts.
    """
    email = normalise_email(email)
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email, password, full_name=full_name.strip(), preferred_language=language
                )
        except IntegrityError:  # a concurrent sign-up with the same address won the race
            existing = User.objects.get(email=email)
        else:
            record_event(user, "accounts.user_signed_up", user, summary=email, request=request)
            send_verification_email.enqueue(user.pk)
            return user
    # The same work as the new-account path before answering, so no timing tells the paths
    # apart: hash the password once (the slow step) and enqueue one mail task.
    make_password(password)
    if existing.email_verified_at is None:
        # Signing up again before verifying usually means the first mail got lost.
        if not resend_verification(email, request=request):
            send_signup_attempt_notice.enqueue(existing.pk, notify=False)
        return None
    notify = not _mailed_recently(existing, "accounts.existing_email_signed_up")
    # Enqueued even when the inbox limit says no mail: the task then sends nothing.
    send_signup_attempt_notice.enqueue(existing.pk, notify=notify)
    record_event(None, "accounts.existing_email_signed_up", existing, request=request)
    return None


@transaction.atomic
def resend_verification(email: str, *, request: HttpRequest | None = None) -> bool:
    """Send the link again if the address belongs to an unverified account; silent otherwise.

    True if a mail was enqueued.
    """
    user = User.objects.filter(
        email=normalise_email(email), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is None or _mailed_recently(user, "accounts.verification_resent"):
        return False
    record_event(None, "accounts.verification_resent", user, request=request)
    send_verification_email.enqueue(user.pk)
    return True


@transaction.atomic
def verify_email(user: User, *, request: HttpRequest | None = None) -> bool:
    """Mark the e-mail verified. False if it already was (links may be opened twice)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.email_verified_at is not None:
        return False
    locked.email_verified_at = timezone.now()
    locked.save(update_fields=["email_verified_at"])
    user.email_verified_at = locked.email_verified_at
    record_event(locked, "accounts.email_verified", locked, request=request)
    return True


@transaction.atomic
def update_profile(
    user: User, *, full_name: str, preferred_language: str, request: HttpRequest | None = None
) -> User:
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["full_name", "preferred_language"])
    return user


@transaction.atomic
def change_password(form: PasswordChangeForm, request: HttpRequest) -> User:
    """Save a valid password-change form and keep the person logged in on this device."""
    user: User = form.save()
    update_session_auth_hash(request, user)
    record_event(user, "accounts.password_changed", user, request=request)
    return user


@transaction.atomic
def reset_password(form: SetPasswordForm[Any], *, request: HttpRequest | None = None) -> User:
    """Save a new password from a reset link. The link proved the address, so it is verified."""
    user: User = form.save()
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    record_event(user, "accounts.password_reset", user, request=request)
    return user


@transaction.atomic
def update_preferred_language(user: User, language: str) -> None:
    """Remember the language a signed-in person chose, so it follows them to their next login."""
    with transaction.atomic():
        if user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])


def export_user_data(user: User, *, request: HttpRequest | None = None) -> dict[str, Any]:
    """Everything every app holds about the person, for download. Audited."""
    data = {
        "format": "samskab-data-export-1",
        "exported_at": timezone.now().isoformat(),
        "apps": export_all_user_data(user),
    }
    record_event(user, "accounts.data_exported", user, request=request)
    return data


@transaction.atomic
def delete_account(user: User, *, request: HttpRequest | None = None) -> None:
    """Erase the person's data in every app, then the account. All or nothing.

    The audit event is written first and keeps the e-mail as text; the database sets its link to
    the account to null when the account is deleted.
    """
    record_event(user, "accounts.account_deleted", user, summary=user.email, request=request)
    erase_all_user_data(user)
    user.delete()


def _consent_details(consent: Consent) -> dict[str, Any]:
    return {
        "data_categories": consent.data_categories,
        "recipient": consent.recipient.name if consent.recipient else consent.recipient_description,
        "purpose": consent.purpose,
    }


# Consents: this module is the only writer of `Consent`. Other modules ask (`request_consent`),
# record the answer (`answer_consent`), withdraw (`withdraw_consent`) and move a consent to or
# from an account (`transfer_consents`) through these functions; each change is one audit event
# `accounts.consent_*` on the consent, with the caller's own facts in ``details``.


def request_consent(
    actor: User | AnonymousUser | None,
    subject: User | None,
    *,
    data_categories: str,
    purpose: str,
    recipient: Organisation | None = None,
    recipient_description: str = "",
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Record that ``subject`` is asked for a consent; the answer comes later (`answer_consent`)."""
    if not data_categories.strip() or not purpose.strip():
        raise ValueError("a consent names which data and for what purpose")
    if recipient is None and not recipient_description.strip():
        raise ValueError("a consent names its recipient")
    consent = Consent.objects.create(
        subject=subject,
        data_categories=data_categories.strip(),
        purpose=purpose.strip(),
        recipient=recipient,
        recipient_description=recipient_description.strip(),
    )
    record_event(
        actor,
        "accounts.consent_requested",
        consent,
        details=_consent_details(consent) | (details or {}),
        request=request,
    )
    return consent


def answer_consent(
    actor: User | AnonymousUser | None,
    consent: Consent,
    *,
    given: bool,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Store the person's yes or no to a consent that was asked for. Audited."""
    if consent.given_at is not None or consent.refused_at is not None:
        raise ValueError("this consent is already answered")
    now = timezone.now()
    consent.given_at = now if given else None
    consent.refused_at = None if given else now
    consent.save(update_fields=["given_at", "refused_at"])
    record_event(
        actor if actor is not None else consent.subject,
        "accounts.consent_given" if given else "accounts.consent_refused",
        consent,
        details=_consent_details(consent) | (details or {}),
        request=request,
    )
    return consent


def _record_answer(
    actor: User | AnonymousUser | None,
    subject: User | None,
    *,
    given: bool,
    data_categories: str,
    purpose: str,
    recipient: Organisation | None,
    recipient_description: str,
    request: HttpRequest | None,
) -> Consent:
    """Ask and answer at once (the person answers on the spot)."""
    consent = Consent(
        subject=subject,
        data_categories=data_categories.strip(),
        purpose=purpose.strip(),
        recipient=recipient,
        recipient_description=recipient_description.strip(),
    )
    if not consent.data_categories or not consent.purpose:
        raise ValueError("a consent names which data and for what purpose")
    if recipient is None and not consent.recipient_description:
        raise ValueError("a consent names its recipient")
    now = timezone.now()
    consent.given_at = now if given else None
    consent.refused_at = None if given else now
    consent.save()
    record_event(
        actor if actor is not None else subject,
        "accounts.consent_given" if given else "accounts.consent_refused",
        consent,
        details=_consent_details(consent),
        request=request,
    )
    return consent


@transaction.atomic
def give_consent(
    actor: User | AnonymousUser | None,
    subject: User | None,
    *,
    data_categories: str,
    purpose: str,
    recipient: Organisation | None = None,
    recipient_description: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Record that ``subject`` consents to ``recipient`` processing ``data_categories``.
    ``actor`` is who records it (None: the subject themselves)."""
    return _record_answer(
        actor,
        subject,
        given=True,
        data_categories=data_categories,
        purpose=purpose,
        recipient=recipient,
        recipient_description=recipient_description,
        request=request,
    )


@transaction.atomic
def refuse_consent(
    actor: User | AnonymousUser | None,
    subject: User | None,
    *,
    data_categories: str,
    purpose: str,
    recipient: Organisation | None = None,
    recipient_description: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Record a refusal: it matters as much as a consent that the person was asked and said no."""
    return _record_answer(
        actor,
        subject,
        given=False,
        data_categories=data_categories,
        purpose=purpose,
        recipient=recipient,
        recipient_description=recipient_description,
        request=request,
    )


@transaction.atomic
def withdraw_consent(
    actor: User | AnonymousUser | None,
    consent: Consent,
    *,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Withdraw an active consent, audited; modules processing data under it hear
    `signals.consent_withdrawn` in the same transaction."""
    locked = (
        Consent.objects.select_for_update(of=("self",))  # PostgreSQL cannot lock the outer join
        .select_related("recipient")
        .get(pk=consent.pk)
    )
    if not locked.is_active:
        raise ConsentNotActive
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    consent.withdrawn_at = locked.withdrawn_at
    record_event(
        actor,
        "accounts.consent_withdrawn",
        locked,
        details=_consent_details(locked) | (details or {}),
        request=request,
    )
    consent_withdrawn.send(sender=Consent, consent=locked)
    return locked


def transfer_consents(
    actor: User | AnonymousUser | None,
    consents: Iterable[Consent],
    *,
    to: User | None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Make ``to`` the subject of ``consents`` (an account linked to a case), or nobody
    (``to=None``: the case is anonymised). One audit event per consent that changes."""
    changed = 0
    for consent in consents:
        if consent.subject_id == (to.pk if to is not None else None):
            continue
        previous = consent.subject_id
        consent.subject = to
        consent.save(update_fields=["subject"])
        record_event(
            actor,
            "accounts.consent_transferred",
            consent,
            details={"from_user_id": previous, "to_user_id": to.pk if to else None}
            | (details or {}),
            request=request,
        )
        changed += 1
    return changed


def grant_role(
    actor: User | AnonymousUser | None,
    user: User,
    organisation: Organisation,
    role: str,
    *,
    request: HttpRequest | None = None,
) -> Membership:
    """Give ``user`` ``role`` in ``organisation`` (nothing happens if they have it). Other modules
    call this rather than write `Membership` themselves; a new role is audited."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        record_event(
            actor,
            "accounts.role_granted",
            membership,
            details={"user_id": user.pk, "organisation_id": organisation.pk, "role": role},
            request=request,
        )
    return membership
