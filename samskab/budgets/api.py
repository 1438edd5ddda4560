"""The borgerbudget's router in the site's JSON API (``samskab.api``, at /api/v1/): processes,
proposals, one's own ballot and the published result.

``ERRORS`` says which of the borgerbudget's exceptions the API answers with which status; the
site registers them (the description of the API, in ``samskab/api/site.py``, lists them all).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Schema, Status
from ninja.errors import ValidationError
from ninja.security import APIKeyHeader, SessionAuth
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from samskab.budgets import actions
from samskab.budgets.ballot_rules import BallotInvalid
from samskab.budgets.ballot_sql import process_for_casting
from samskab.budgets.code_attempts import (
    TooManyCodeAttempts,
    identity_for_code_limited,
    record_failure,
    refuse_if_throttled,
)
from samskab.budgets.identity import (
    FoundCode,
    Identity,
    NotEligible,
    check_eligibility,
    code_identity,
    hash_code,
    identity_for_user,
)
from samskab.budgets.models import (
    Ballot,
    BallotForm,
    BudgetProcess,
    Channel,
    Phase,
    ProofMethod,
    Proposal,
    Voter,
)
from samskab.budgets.phases import voting_has_ended
from samskab.budgets.tally import stored_explanation
from samskab.core.requests import signed_in_user

router = Router()


class VotingCodeAuth(APIKeyHeader):
    """A one-time voting code in the ``X-Voting-Code`` header."""

    param_name = "X-Voting-Code"

    def authenticate(self, request: HttpRequest, key: str | None) -> str | None:
        return key.strip() if key and key.strip() else None


VOTER_AUTH = [VotingCodeAuth(), SessionAuth()]


# --- Schemas -------------------------------------------------------------------------------


class PhaseOut(Schema):
    kind: str
    starts_at: datetime
    ends_at: datetime


class ProcessOut(Schema):
    slug: str
    title: str
    theme: str
    description: str
    area: str
    pot: int = Field(description="Pulje i hele kroner")
    ballot_form: str = Field(description="approval, knapsack, cumulative eller ranking")
    min_choices: int
    max_choices: int | None
    points_total: int
    counting_rule: str
    locked: bool
    lock_hash: str
    current_phase: str | None
    phases: list[PhaseOut]


class ProposalOut(Schema):
    id: int
    title: str
    description: str
    category: str
    area: str
    proposer: str
    estimated_cost: int
    feasible: bool | None
    public_reason: str
    final_cost: int | None
    supports: int


class ChoiceIn(Schema):
    proposal: int = Field(ge=1, description="Forslagets id")
    value: int = Field(
        1, ge=0, le=10_000, description="1 for godkendelse/budget, point, eller plads (1 = først)"
    )


# The web ballot's wording for the same two fields (``forms.BallotEntryForm``).
BIRTH_YEAR_FORMAT = gettext_noop("Skriv dit fødselsår med fire cifre, fx 1948.")
POSTAL_CODE_FORMAT = gettext_noop("Skriv postnummeret med fire cifre.")
POSTAL_CODE = re.compile(r"\d{4}")


# The web ballot's wording when the helper's name or the reason is missing.
HELPER_NAME_MISSING = gettext_noop("Skriv navnet på den, der hjalp.")
ASSISTANCE_REASON_MISSING = gettext_noop("Skriv kort, hvorfor der var brug for hjælp.")


class AssistanceIn(Schema):
    """Valgloven's "personlig bistand": the ballot records that it was cast with help, by whom
    and why (audited), never more about the choices than any ballot has."""

    kind: Literal["helper", "official"] = Field(
        description="helper: en hjælper, vælgeren selv har valgt; official: en medarbejder"
    )
    name: str = Field(max_length=150, description="Hvem hjalp (navn)")
    reason: str = Field(max_length=300, description="Hvorfor der var brug for hjælp")

    @field_validator("name")
    @classmethod
    def name_given(cls, name: str) -> str:
        if not name.strip():
            raise PydanticCustomError("missing", _(HELPER_NAME_MISSING))
        return name.strip()

    @field_validator("reason")
    @classmethod
    def reason_given(cls, reason: str) -> str:
        if not reason.strip():
            raise PydanticCustomError("missing", _(ASSISTANCE_REASON_MISSING))
        return reason.strip()


class BallotIn(Schema):
    choices: list[ChoiceIn] = Field(
        max_length=500,
        description=(
            "Hvert forslag højst én gang (ellers 422), og kun forslag på stemmesedlen "
            "(GET /processes/{slug}/proposals, de gennemførlige)"
        ),
        json_schema_extra={"uniqueItems": True},
    )
    declare_eligible: bool = Field(
        False, description="Vælgeren erklærer at opfylde alder og bopæl (konto uden bevis)"
    )
    birth_year: int | None = Field(
        None,
        description=(
            "Vælgerens fødselsår: kræves af en konto på den første stemmeseddel, når "
            "borgerbudgettet har en aldersgrænse (gemmes kun som aldersgruppe)"
        ),
    )
    postal_code: str | None = Field(
        None,
        description=(
            "Vælgerens postnummer, fire cifre: kræves af en konto på den første stemmeseddel, "
            "når borgerbudgettet har et område"
        ),
    )

    assistance: AssistanceIn | None = Field(
        None, description="Udfyldes kun, når vælgeren fik hjælp til at stemme"
    )

    @field_validator("birth_year")
    @classmethod
    def plausible_birth_year(cls, year: int | None) -> int | None:
        this_year = timezone.localdate().year
        if year is not None and not this_year - 120 <= year <= this_year:
            raise PydanticCustomError("birth_year", _(BIRTH_YEAR_FORMAT))
        return year

    @field_validator("postal_code")
    @classmethod
    def four_digits(cls, code: str | None) -> str | None:
        if code is not None and not POSTAL_CODE.fullmatch(code):
            raise PydanticCustomError("postal_code", _(POSTAL_CODE_FORMAT))
        return code

    @field_validator("choices")
    @classmethod
    def distinct_proposals(cls, choices: list[ChoiceIn]) -> list[ChoiceIn]:
        seen = [choice.proposal for choice in choices]
        if len(seen) != len(set(seen)):
            raise ValueError("each proposal may appear only once")
        return choices


class ChoiceOut(Schema):
    proposal: int
    value: int


class BallotOut(Schema):
    version: int
    channel: str
    cast_at: datetime
    choices: list[ChoiceOut]


class FundedOut(Schema):
    proposal: int
    status: str
    progress: int


class ResultOut(Schema):
    rule: str
    engine_version: str
    inputs_sha256: str
    ballots_sha256: str
    num_ballots: int
    counted_at: datetime
    selected: list[int]
    # Added with counting (part 2): support per proposal pk, what a plain vote count would have
    # chosen, delivery of each funded project, and where the published ballots file is.
    supports: dict[int, int] = {}
    plain_vote_count_selected: list[int] = []
    funded: list[FundedOut] = []
    ballots_file: str = ""


class Message(Schema):
    detail: str


class FieldError(Schema):
    """One field error as pydantic reports it (``loc`` is the path to the field)."""

    type: str
    loc: list[str | int]
    msg: str


class Invalid(Schema):
    """422: a list of field errors for malformed input, or one sentence for a ballot that
    breaks the rules (too many choices, a proposal not on the ballot, over the pot)."""

    detail: str | list[FieldError]


# --- Errors --------------------------------------------------------------------------------

# What each refusal is answered with, as {"detail": the message}; the site registers them.
ERRORS: dict[type[Exception], int] = {
    NotEligible: 403,
    TooManyCodeAttempts: 429,
    BallotInvalid: 422,
    actions.VotingClosed: 409,
    actions.ActionRefused: 409,
}


# --- Helpers -------------------------------------------------------------------------------


def _process(slug: str) -> BudgetProcess:
    process = (
        BudgetProcess.objects.filter(slug=slug)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at")))
        .first()
    )
    if process is None:
        raise Http404
    return process


def _process_for_casting(
    slug: str, code_digest: str
) -> tuple[BudgetProcess, bool, FoundCode | None]:
    """The process with its voting phase, whether the code was looked up, and the voting code
    with this hash (None: no such code): one query when the process is locked
    and has a voting phase (``ballot_sql.process_for_casting``); otherwise the plain process,
    False and None."""
    found = process_for_casting(slug, code_digest)
    if found is None:  # unknown, not locked or without a voting phase: voting is not open
        return _process(slug), False, None
    process, found_code = found
    return process, True, found_code


def _process_out(process: BudgetProcess, now: datetime) -> dict[str, Any]:
    phase = process.phase_at(now)
    return {
        "slug": process.slug,
        "title": process.title,
        "theme": process.theme,
        "description": process.description,
        "area": process.area,
        "pot": process.pot,
        "ballot_form": process.ballot_form,
        "min_choices": process.min_choices,
        "max_choices": process.max_choices,
        "points_total": process.points_total,
        "counting_rule": process.counting_rule,
        "locked": process.is_locked,
        "lock_hash": process.lock_hash,
        "current_phase": phase.kind if phase else None,
        "phases": list(process.phases.all()),
    }


def _identity(
    request: HttpRequest, process: BudgetProcess, declared: bool, ballot: BallotIn | None = None
) -> Identity:
    """The caller's identity, checked; with ``ballot``, what an account voter declares on it
    (birth year, postcode) is checked and taken too."""
    if isinstance(request.auth, str):  # type: ignore[attr-defined]  # set by ninja's auth
        code: str = request.auth  # type: ignore[attr-defined]
        identity = identity_for_code_limited(process, code, request)
    else:
        identity = identity_for_user(process, signed_in_user(request))
        if ballot is not None and identity.proof == ProofMethod.ACCOUNT:
            identity = _declared(process, identity, ballot)
    check_eligibility(process, identity, declared=declared, today=timezone.localdate())
    return identity


def _field_error(field: str, kind: str, message: str) -> dict[str, Any]:
    return {"type": kind, "loc": ["body", "payload", field], "msg": message}


def _declared(process: BudgetProcess, identity: Identity, ballot: BallotIn) -> Identity:
    """The identity with the birth year and postcode an account voter declares, as on the web
    ballot: both required on the first ballot when the process's rules need them; a year too
    recent or a postcode outside the area refused, each as a field error (422). On later
    ballots the voter keeps what came first (``ballot_sql.upsert_and_lock_voter``)."""
    if not ballot.declare_eligible:
        return identity  # refused for want of the declaration first, as the web ballot does
    voter = Voter.objects.filter(process=process, identity_key=identity.key).first()
    first_ballot = voter is None or actions.current_ballot(voter) is None
    today = timezone.localdate()
    errors = []
    # Each value against its own rule (with the other left out), so the error names its field.
    fields: tuple[tuple[str, object, bool, str, Identity], ...] = (
        (
            "birth_year",
            ballot.birth_year,
            process.min_age is not None,
            BIRTH_YEAR_FORMAT,
            replace(identity, birth_year=ballot.birth_year),
        ),
        (
            "postal_code",
            ballot.postal_code,
            bool(process.postal_code_list()),
            POSTAL_CODE_FORMAT,
            replace(identity, postal_code=ballot.postal_code),
        ),
    )
    for field, value, needed, message, declared in fields:
        if value is None:
            if needed and first_ballot:
                errors.append(_field_error(field, "missing", _(message)))
            continue
        try:
            check_eligibility(process, declared, declared=True, today=today)
        except NotEligible as error:
            errors.append(_field_error(field, "not_eligible", str(error)))
    if errors:
        raise ValidationError(errors)
    return replace(
        identity,
        birth_year=ballot.birth_year,
        postal_code=ballot.postal_code or identity.postal_code,
    )


def _ballot_out(ballot: Ballot, rank_form: bool) -> dict[str, Any]:
    return {
        "version": ballot.version,
        "channel": ballot.channel,
        "cast_at": ballot.cast_at,
        "choices": [
            {"proposal": choice.proposal_id, "value": choice.rank if rank_form else choice.points}
            for choice in ballot.choices.all()
        ],
    }


# --- Endpoints -----------------------------------------------------------------------------


@router.get("/processes", response=list[ProcessOut], tags=["borgerbudget"])
def list_processes(request: HttpRequest) -> list[dict[str, Any]]:
    """Every budget process, newest first."""
    now = timezone.now()
    processes = BudgetProcess.objects.prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
    )
    return [_process_out(process, now) for process in processes]


@router.get("/processes/{slug}", response={200: ProcessOut, 404: Message}, tags=["borgerbudget"])
def get_process(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _process_out(_process(slug), timezone.now())


@router.get(
    "/processes/{slug}/proposals",
    response={200: list[ProposalOut], 404: Message},
    tags=["borgerbudget"],
)
def list_proposals(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    process = _process(slug)
    proposals = (
        Proposal.objects.filter(process=process)
        .select_related("author", "review")
        .annotate(support_count=Count("supports"))
        .order_by("pk")
    )
    rows = []
    for proposal in proposals:
        review = getattr(proposal, "review", None)
        rows.append(
            {
                "id": proposal.pk,
                "title": proposal.title,
                "description": proposal.description,
                "category": proposal.category,
                "area": proposal.area,
                "proposer": proposal.proposer_label,
                "estimated_cost": proposal.estimated_cost,
                "feasible": review.feasible if review else None,
                "public_reason": review.public_reason if review else "",
                "final_cost": review.final_cost if review else None,
                "supports": proposal.support_count,
            }
        )
    return rows


@router.get(
    "/processes/{slug}/ballot",
    auth=VOTER_AUTH,
    response={200: BallotOut, 401: Message, 403: Message, 404: Message, 409: Message, 429: Message},
    tags=["afstemning"],
)
def read_ballot(request: HttpRequest, slug: str) -> Any:
    """The caller's current ballot while voting is open (404 if they have not voted; 409 once
    voting has ended: the ballot is then final, and showing it to whoever holds the code or the
    session would be a receipt of how the person voted)."""
    process = _process(slug)
    identity = _identity(request, process, declared=True)  # 403 before anything else
    if voting_has_ended(process, timezone.now()):
        return Status(
            409, {"detail": _("Afstemningen er slut; stemmesedlen kan ikke længere vises.")}
        )
    voter = Voter.objects.filter(process=process, identity_key=identity.key).first()
    ballot = actions.current_ballot(voter) if voter else None
    if ballot is None:
        return Status(404, {"detail": _("Du har ikke stemt endnu.")})
    return _ballot_out(ballot, process.ballot_form == BallotForm.RANKING)


@router.put(
    "/processes/{slug}/ballot",
    auth=VOTER_AUTH,
    response={
        200: BallotOut,
        400: Message,
        401: Message,
        403: Message,
        404: Message,
        409: Message,
        422: Invalid,
        429: Message,
    },
    tags=["afstemning"],
)
def cast_ballot(request: HttpRequest, slug: str, payload: BallotIn) -> Any:
    """Cast a ballot, or replace the current one while voting is open (the last one counts)."""
    code = request.auth if isinstance(request.auth, str) else None  # type: ignore[attr-defined]
    digest = hash_code(code) if code else ""
    process, looked_up, found_code = _process_for_casting(slug, digest)
    if code and looked_up:
        refuse_if_throttled(process, request)
        if found_code is None:
            record_failure(process, request)
        identity = code_identity(process, digest, found_code)
        check_eligibility(
            process, identity, declared=payload.declare_eligible, today=timezone.localdate()
        )
    else:
        identity = _identity(request, process, declared=payload.declare_eligible, ballot=payload)
    choices = {choice.proposal: choice.value for choice in payload.choices}
    help = payload.assistance
    ballot = actions.cast_ballot_as(
        process,
        identity,
        choices,
        Channel.ONLINE,
        assisted=actions.AssistedBy(help.kind, help.name, help.reason) if help else None,
        request=request,
    )
    return {
        "version": ballot.version,
        "channel": ballot.channel,
        "cast_at": ballot.cast_at,
        "choices": [
            {"proposal": pk, "value": value} for pk, value in sorted(choices.items()) if value > 0
        ],
    }


@router.get(
    "/processes/{slug}/result",
    response={200: ResultOut, 404: Message},
    tags=["borgerbudget"],
)
def read_result(request: HttpRequest, slug: str) -> Any:
    """The published result of the count (404 until it is published)."""
    process = _process(slug)
    result = (
        process.results.filter(published_at__lte=timezone.now())
        .prefetch_related("selected", "funded_projects")
        .order_by("-published_at")
        .first()
    )
    if result is None:
        return Status(404, {"detail": _("Resultatet er ikke offentliggjort endnu.")})
    explanation = stored_explanation(result.explanation)
    return {
        "rule": result.rule,
        "engine_version": result.engine_version,
        "inputs_sha256": result.inputs_sha256,
        "ballots_sha256": result.ballots_sha256,
        "num_ballots": result.num_ballots,
        "counted_at": result.counted_at,
        "selected": sorted(proposal.pk for proposal in result.selected.all()),
        "supports": {int(pk): n for pk, n in explanation["supports"].items()},
        "plain_vote_count_selected": sorted(
            int(pk) for pk in explanation["plain_greedy"]["selected_order"]
        ),
        "funded": [
            {"proposal": funded.proposal_id, "status": funded.status, "progress": funded.progress}
            for funded in sorted(result.funded_projects.all(), key=lambda f: f.proposal_id)
        ],
        "ballots_file": reverse("budgets:results_file", kwargs={"slug": process.slug}),
    }
