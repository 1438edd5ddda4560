"""Programmes, referrals, consent (link or in person), withdrawal, anonymisation, retention."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samskab.accounts import actions as accounts_actions
from samskab.accounts.models import Consent, Organisation, Role, User
from samskab.audit.actions import record_event
from samskab.mentoring.actions.errors import MentoringError
from samskab.mentoring.actions.matches import _end
from samskab.mentoring.models import (
    ANONYMISED,
    OPEN_MATCH_STATUSES,
    Checkpoint,
    ConsentMethod,
    ConsentPurpose,
    ConsentToken,
    EndReason,
    Goal,
    HelpRequest,
    JobcentreCategory,
    Meeting,
    Outcome,
    Programme,
    Referral,
    ReferralConsent,
    ReferralStatus,
    add_months,
)
from samskab.mentoring.permissions import is_referring_caseworker

CONSENT_LINK_DAYS = 14

# Which data goes to whom for each purpose: shown to the young person word for word.
# Stored in Danish on the consent record (the legal text); shown translated (gettext).
CONSENT_DATA = {
    ConsentPurpose.MENTORING: gettext_noop(
        "Navn eller alias, alder, område, uddannelses-/jobsituation, jobcenterkategori, "
        "interesser, mål, tid, ønsker til mentor og det, mentoren skal vide"
    ),
    ConsentPurpose.CONTACT: gettext_noop("Telefon eller e-mail"),
    ConsentPurpose.OUTCOMES: gettext_noop(
        "Uddannelses-/jobsituation ved start og efter 3, 6 og 12 måneder"
    ),
}
CONSENT_PURPOSE_TEXT = {
    ConsentPurpose.MENTORING: gettext_noop(
        "Mentorforløb: at finde en frivillig mentor og følge forløbet"
    ),
    ConsentPurpose.CONTACT: gettext_noop("At mentoren kan kontakte den unge direkte"),
    ConsentPurpose.OUTCOMES: gettext_noop("Opfølgning og anonym statistik om, hvordan det går"),
}


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# --- Programmes ---------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    organisation: Organisation,
    partner: Organisation | None,
    name: str,
    slug: str,
    target_group: str,
    area: str,
    capacity: int,
    description: str = "",
    reaches_under_15: bool = False,
    certificate_recheck_months: int = 24,
    coordinators: list[User] | None = None,
    caseworkers: list[User] | None = None,
) -> Programme:
    programme = Programme.objects.create(
        organisation=organisation,
        partner=partner,
        name=name,
        slug=slug,
        description=description,
        target_group=target_group,
        area=area,
        capacity=capacity,
        reaches_under_15=reaches_under_15,
        certificate_recheck_months=certificate_recheck_months,
    )
    for user in coordinators or []:
        programme.coordinators.add(user)
    for user in caseworkers or []:
        add_partner_caseworker(None, programme, user)
    record_event(None, "mentoring.programme_created", programme, summary=name)
    return programme


@transaction.atomic
def add_partner_caseworker(actor: User | None, programme: Programme, caseworker: User) -> None:
    """Give a partner caseworker the right to refer to ``programme``."""
    if programme.partner is not None:
        accounts_actions.grant_role(actor, caseworker, programme.partner, Role.CASEWORKER)
    programme.caseworkers.add(caseworker)
    record_event(
        actor,
        "mentoring.caseworker_added",
        programme,
        summary=caseworker.email,
        details={"user_id": caseworker.pk},
    )


# --- Referrals and consent ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralData:
    name: str
    age: int
    area: str
    education_status: str
    contact: str = ""
    alias_only: bool = False
    jobcentre_category: JobcentreCategory | None = None
    interests: str = ""
    curious_about: str = ""
    goals: str = ""
    availability: str = ""
    languages: str = "da"
    required_language: str = ""
    preferred_mentor_gender: str = ""
    mentor_must_know: str = ""


def _create_referral(
    programme: Programme,
    data: ReferralData,
    *,
    referred_by: User | None,
    account: User | None,
    referred_on: dt.date,
    request: HttpRequest | None,
) -> Referral:
    category = data.jobcentre_category
    if category is not None and not category.is_valid_on(referred_on):
        raise MentoringError(_("Jobcenterkategorien gælder ikke på henvisningsdatoen."))
    if not programme.is_open:
        raise MentoringError(_("Programmet tager ikke imod nye lige nu."))
    referral = Referral.objects.create(
        programme=programme,
        referred_by=referred_by,
        account=account,
        referred_on=referred_on,
        name=data.name,
        alias_only=data.alias_only,
        age=data.age,
        area=data.area,
        contact="" if data.alias_only else data.contact,
        education_status=data.education_status,
        jobcentre_category=category,
        interests=data.interests,
        curious_about=data.curious_about,
        goals=data.goals,
        availability=data.availability,
        languages=data.languages,
        required_language=data.required_language,
        preferred_mentor_gender=data.preferred_mentor_gender,
        mentor_must_know=data.mentor_must_know,
    )
    for purpose in ConsentPurpose:
        consent = accounts_actions.request_consent(
            referred_by or account,
            account,
            data_categories=CONSENT_DATA[purpose],
            recipient=programme.organisation,
            purpose=CONSENT_PURPOSE_TEXT[purpose],
            details={"referral_id": referral.pk, "consent_purpose": purpose.value},
            request=request,
        )
        ReferralConsent.objects.create(referral=referral, consent=consent, purpose=purpose)
    return referral


@transaction.atomic
def refer_young_person(
    caseworker: User,
    programme: Programme,
    data: ReferralData,
    *,
    referred_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """A caseworker refers a young person. Nothing is shared until they consent."""
    if not programme.caseworkers.filter(pk=caseworker.pk).exists():
        raise MentoringError(_("Du er ikke sagsbehandler i dette program."))
    referral = _create_referral(
        programme,
        data,
        referred_by=caseworker,
        account=None,
        referred_on=referred_on or timezone.localdate(),
        request=request,
    )
    record_event(caseworker, "mentoring.referral_made", referral, request=request)
    return referral


@transaction.atomic
def sign_up_young_person(
    user: User,
    programme: Programme,
    data: ReferralData,
    *,
    consents: dict[str, bool],
    request: HttpRequest | None = None,
) -> Referral:
    """A young person signs up themselves; their choices are their consent."""
    if Referral.objects.filter(
        programme=programme, account=user, anonymised_at__isnull=True
    ).exists():
        raise MentoringError(_("Du er allerede tilmeldt dette program."))
    referral = _create_referral(
        programme,
        data,
        referred_by=None,
        account=user,
        referred_on=timezone.localdate(),
        request=request,
    )
    record_event(user, "mentoring.mentee_signed_up", referral, request=request)
    _apply_consent_choices(
        referral,
        consents,
        method=ConsentMethod.SELF_SIGNUP,
        actor=user,
        witness=None,
        request=request,
    )
    return referral


def issue_consent_link(
    actor: User, referral: Referral, *, request: HttpRequest | None = None
) -> str:
    """A fresh one-time token for the consent page. Returns the raw token (never stored)."""
    with transaction.atomic():
        if referral.status != ReferralStatus.AWAITING_CONSENT:
            raise MentoringError(_("Der er allerede taget stilling til samtykket."))
        raw = secrets.token_urlsafe(32)
        ConsentToken.objects.create(
            referral=referral,
            token_hash=_hash_token(raw),
            expires_at=timezone.now() + dt.timedelta(days=CONSENT_LINK_DAYS),
        )
        record_event(actor, "mentoring.consent_link_issued", referral, request=request)
    return raw


def referral_for_token(raw: str) -> tuple[Referral, ConsentToken] | None:
    token = (
        ConsentToken.objects.select_related("referral__programme__organisation")
        .filter(token_hash=_hash_token(raw))
        .first()
    )
    if token is None or not token.is_usable():
        return None
    return token.referral, token


@transaction.atomic
def consent_by_token(
    raw: str, consents: dict[str, bool], *, request: HttpRequest | None = None
) -> Referral:
    """The young person answers on the one-time page. The token dies with the answer."""
    token = ConsentToken.objects.select_for_update().filter(token_hash=_hash_token(raw)).first()
    if token is None or not token.is_usable():
        raise MentoringError(_("Linket er brugt eller udløbet. Bed din sagsbehandler om et nyt."))
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    referral = Referral.objects.select_for_update().get(pk=token.referral_id)
    _apply_consent_choices(
        referral, consents, method=ConsentMethod.LINK, actor=None, witness=None, request=request
    )
    return referral


@transaction.atomic
def record_consent_in_person(
    caseworker: User,
    referral: Referral,
    consents: dict[str, bool],
    *,
    request: HttpRequest | None = None,
) -> Referral:
    """The young person answers at a meeting; the caseworker records it as witness."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not is_referring_caseworker(caseworker, referral):
        raise MentoringError(_("Kun den henvisende sagsbehandler kan registrere samtykket."))
    _apply_consent_choices(
        referral,
        consents,
        method=ConsentMethod.IN_PERSON,
        actor=caseworker,
        witness=caseworker,
        request=request,
    )
    return referral


def _apply_consent_choices(
    referral: Referral,
    consents: dict[str, bool],
    *,
    method: str,
    actor: User | None,
    witness: User | None,
    request: HttpRequest | None = None,
) -> None:
    if referral.status != ReferralStatus.AWAITING_CONSENT:
        raise MentoringError(_("Der er allerede taget stilling til samtykket."))
    if set(consents) != {p.value for p in ConsentPurpose}:
        raise MentoringError(_("Tag stilling til hvert formål."))
    if not consents[ConsentPurpose.MENTORING] and any(consents.values()):
        raise MentoringError(_("Uden samtykke til mentorforløbet kan der ikke deles noget."))
    now = timezone.now()
    for link in referral.consent_links.select_related("consent__recipient"):
        accounts_actions.answer_consent(
            actor,
            link.consent,
            given=consents[link.purpose],
            details={"referral_id": referral.pk, "consent_purpose": link.purpose, "method": method},
            request=request,
        )
        link.method = method
        link.witnessed_by = witness
        link.save(update_fields=["method", "witnessed_by"])
    referral.tokens.filter(used_at__isnull=True).update(used_at=now)
    given = consents[ConsentPurpose.MENTORING]
    referral.status = ReferralStatus.READY if given else ReferralStatus.CONSENT_REFUSED
    if not given:
        referral.ended_on = timezone.localdate()  # a refusal ends the case; retention applies
    referral.save(update_fields=["status", "ended_on"])
    if given and consents[ConsentPurpose.OUTCOMES]:
        _schedule_outcomes(referral, referral.referred_on)
    record_event(
        actor,
        "mentoring.referral_consented" if given else "mentoring.referral_refused",
        referral,
        details={"choices": consents, "method": method},
        request=request,
    )


def _schedule_outcomes(referral: Referral, start: dt.date) -> None:
    for checkpoint in Checkpoint:
        Outcome.objects.get_or_create(
            referral=referral,
            checkpoint=checkpoint.value,
            defaults={"due_on": add_months(start, checkpoint.value)},
        )


@transaction.atomic
def withdraw_consent(
    actor: User | None, referral: Referral, *, request: HttpRequest | None = None
) -> Referral:
    """Withdrawal stops processing: open matches end and the record is anonymised."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.is_anonymised:
        raise MentoringError(_("Henvisningen er allerede anonymiseret."))
    active = [
        link for link in referral.consent_links.select_related("consent") if link.consent.is_active
    ]
    for match in referral.matches.filter(status__in=OPEN_MATCH_STATUSES):
        _end(match, EndReason.CONSENT_WITHDRAWN, timezone.localdate())
    # Outcomes not yet recorded will never be collected now.
    referral.outcomes.filter(recorded_on__isnull=True).delete()
    referral.status = ReferralStatus.WITHDRAWN
    referral.ended_on = timezone.localdate()
    referral.save(update_fields=["status", "ended_on"])
    _anonymise(referral, actor=actor, request=request)
    # After anonymising, so the `consent_withdrawn` signal finds no open case to end again.
    for link in active:
        accounts_actions.withdraw_consent(
            actor,
            link.consent,
            details={"referral_id": referral.pk, "consent_purpose": link.purpose},
            request=request,
        )
    record_event(actor, "mentoring.referral_withdrawn", referral, request=request)
    return referral


def _anonymise(
    referral: Referral, *, actor: User | None = None, request: HttpRequest | None = None
) -> None:
    """Keep programme, age, category, dates, status and outcomes; drop identity and free text."""
    referral.name = ANONYMISED
    referral.contact = ""
    referral.area = ""
    referral.interests = ""
    referral.curious_about = ""
    referral.goals = ""
    referral.availability = ""
    referral.required_language = ""
    referral.preferred_mentor_gender = ""
    referral.mentor_must_know = ""
    referral.account = None
    referral.anonymised_at = timezone.now()
    referral.save()
    accounts_actions.transfer_consents(
        actor,
        Consent.objects.filter(
            pk__in=referral.consent_links.values("consent_id"), subject__isnull=False
        ),
        to=None,
        details={"referral_id": referral.pk},
        request=request,
    )
    referral.tokens.all().delete()
    referral.account_link_requests.all().delete()  # they name an account for the case
    Meeting.objects.filter(match__referral=referral).update(activity=ANONYMISED, next_step="")
    Goal.objects.filter(match__referral=referral).update(title=ANONYMISED)
    HelpRequest.objects.filter(match__referral=referral).update(message=ANONYMISED)


@transaction.atomic
def anonymise_expired_cases(today: dt.date | None = None) -> int:
    """Anonymise cases that ended (or were refused) longer ago than the retention period, and
    referrals never answered within it."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -settings.MENTORING_RETENTION_MONTHS)
    expired = Referral.objects.select_for_update().filter(
        models.Q(ended_on__lt=cutoff)
        | models.Q(status=ReferralStatus.AWAITING_CONSENT, referred_on__lt=cutoff),
        anonymised_at__isnull=True,
    )
    count = 0
    for referral in expired:
        _anonymise(referral)
        record_event(
            None,
            "mentoring.referral_anonymised",
            referral,
            details={"ended_on": referral.ended_on.isoformat() if referral.ended_on else ""},
        )
        count += 1
    return count


def complete_withdrawals() -> int:
    """Finish withdrawals made outside this module (e.g. on the person's own consent page in
    accounts): a referral whose mentoring consent is withdrawn is ended and anonymised."""
    pending = Referral.objects.filter(
        anonymised_at__isnull=True,
        consent_links__purpose=ConsentPurpose.MENTORING,
        consent_links__consent__withdrawn_at__isnull=False,
    )
    count = 0
    for referral in pending:
        withdraw_consent(None, referral)
        count += 1
    return count
