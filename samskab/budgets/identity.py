"""Who is voting: resolve a person to one ``Voter`` per process.

Three proofs are built in (an uploaded voter list matched by verified e-mail, a one-time
voting code, a verified account). A national e-ID (MitID) plugs in later as another
:class:`IdentityProvider` that returns an :class:`Identity` with a pseudonymous key and the
birth date and postal code it vouches for.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.budgets.models import BudgetProcess, ProofMethod, Voter, VoterListEntry, VotingCode
from samskab.budgets.turnout import age_band


class NotEligible(Exception):
    """The person cannot vote in this process; the message says why, in the user's language."""


@dataclass(frozen=True)
class Identity:
    key: str
    proof: str
    user: User | None = None
    voter_list_entry: VoterListEntry | None = None
    voting_code: VotingCode | None = None
    # What the proof vouches for; None when it says nothing (then the voter declares it).
    birth_date: date | None = None
    postal_code: str | None = None
    # What an account voter declared on the ballot (the account proves neither).
    birth_year: int | None = None


class IdentityProvider(Protocol):
    """The interface a national e-ID login implements (see module docstring)."""

    proof: str

    def identify(self, process: BudgetProcess, user: User) -> Identity | None: ...


def hash_code(code: str) -> str:
    normalised = "".join(code.split()).upper().replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


class VoterListProvider:
    proof: str = ProofMethod.VOTER_LIST

    def identify(self, process: BudgetProcess, user: User) -> Identity | None:
        if not (process.allow_voter_list and user.email_verified):
            return None
        entry = process.voter_list.filter(email__iexact=user.email).first()
        if entry is None:
            return None
        return list_identity(entry, user)


class AccountProvider:
    proof: str = ProofMethod.ACCOUNT

    def identify(self, process: BudgetProcess, user: User) -> Identity | None:
        if not (process.allow_accounts and user.email_verified):
            return None
        return Identity(key=f"user:{user.pk}", proof=self.proof, user=user)


# Tried in this order for a logged-in person; an e-ID provider goes first when it exists.
ACCOUNT_PROVIDERS: list[IdentityProvider] = [VoterListProvider(), AccountProvider()]


def list_identity(entry: VoterListEntry, user: User | None = None) -> Identity:
    return Identity(
        key=f"list:{entry.reference}",
        proof=ProofMethod.VOTER_LIST,
        user=user,
        voter_list_entry=entry,
        birth_date=entry.birth_date,
        postal_code=entry.postal_code or None,
    )


def identity_for_user(process: BudgetProcess, user: User) -> Identity:
    for provider in ACCOUNT_PROVIDERS:
        identity = provider.identify(process, user)
        if identity is not None:
            return identity
    if not user.email_verified:
        raise NotEligible(_("Bekræft din e-mailadresse, før du kan stemme."))
    if process.allow_voter_list and not process.allow_accounts:
        raise NotEligible(_("Din e-mailadresse står ikke på vælgerlisten for dette borgerbudget."))
    raise NotEligible(_("Dette borgerbudget tager ikke imod stemmer fra en konto. Brug din kode."))


@dataclass(frozen=True)
class FoundCode:
    """A voting code looked up by its hash, with what the voter-list entry its letter was made
    for says (nothing for a code on a sheet or in an unaddressed letter)."""

    id: int
    birth_date: date | None = None
    postal_code: str = ""


def found_code(
    voting_code_id: int | None, birth_date: date | str | None, postal_code: str | None
) -> FoundCode | None:
    """The lookup's selected columns as a :class:`FoundCode` (None: no such code). The entry's
    columns are not model fields of the row they were read into, so no converter ran: SQLite
    gives the date as text."""
    if voting_code_id is None:
        return None
    if isinstance(birth_date, str):
        birth_date = parse_date(birth_date)
    return FoundCode(id=voting_code_id, birth_date=birth_date, postal_code=postal_code or "")


# Hand-written because it runs on every ballot cast with a code (cheaper than a queryset).
_CODE_TABLE = VotingCode._meta.db_table
_ENTRY_TABLE = VoterListEntry._meta.db_table
_CODE_SQL = (
    "SELECT code.id, code.process_id, code.code_hash,"  # noqa: S608 - our table names
    " entry.birth_date AS letter_birth_date, entry.postal_code AS letter_postal_code"
    f" FROM {_CODE_TABLE} code LEFT JOIN {_ENTRY_TABLE} entry ON entry.id = code.letter_for_id"
    " WHERE code.process_id = %s AND code.code_hash = %s"
)


def identity_for_code(process: BudgetProcess, code: str) -> Identity:
    if not process.allow_codes:
        raise NotEligible(_("Dette borgerbudget bruger ikke afstemningskoder."))
    digest = hash_code(code)
    row = next(iter(VotingCode.objects.raw(_CODE_SQL, [process.pk, digest])), None)
    if row is None:
        return code_identity(process, digest, None)
    selected = row.__dict__  # the entry's columns are not fields: they land here
    found = found_code(row.pk, selected["letter_birth_date"], selected["letter_postal_code"])
    return code_identity(process, digest, found)


def code_identity(process: BudgetProcess, digest: str, found: FoundCode | None) -> Identity:
    """The identity for a code whose hash ``digest`` was looked up already (the ballot API
    does it in the same query as the voting phase); ``found`` None: no such code. A code
    letter's voter-list entry vouches for age and residence, as the list itself does."""
    if not process.allow_codes:
        raise NotEligible(_("Dette borgerbudget bruger ikke afstemningskoder."))
    if found is None:
        raise NotEligible(_("Koden er ikke gyldig for dette borgerbudget."))
    voting_code = VotingCode.from_db(
        None, ["id", "process_id", "code_hash"], [found.id, process.pk, digest]
    )
    return Identity(
        key=f"code:{digest}",
        proof=ProofMethod.CODE,
        voting_code=voting_code,
        birth_date=found.birth_date,
        postal_code=found.postal_code or None,
    )


def identity_for_list_reference(process: BudgetProcess, reference: str) -> Identity:
    if not process.allow_voter_list:
        raise NotEligible(_("Dette borgerbudget bruger ikke en vælgerliste."))
    entry = process.voter_list.filter(reference=reference.strip()).first()
    if entry is None:
        raise NotEligible(_("Vælgernummeret står ikke på vælgerlisten."))
    return list_identity(entry)


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def check_eligibility(
    process: BudgetProcess, identity: Identity, *, declared: bool, today: date
) -> None:
    """Age and residence from the proof where it says so; otherwise the voter's declaration."""
    unknown = False
    if process.min_age is not None:
        if identity.birth_date is not None:
            too_young = age_on(identity.birth_date, today) < process.min_age
        else:
            unknown = True
            # A declared birth year: too young if not even reaching the age this year.
            year = identity.birth_year
            too_young = year is not None and today.year - year < process.min_age
        if too_young:
            raise NotEligible(
                _("Du skal være mindst %(age)d år for at stemme.") % {"age": process.min_age}
            )
    codes = process.postal_code_list()
    if codes:
        if identity.postal_code is None:
            unknown = True
        elif identity.postal_code not in codes:
            raise NotEligible(_("Du bor ikke i området for dette borgerbudget."))
    # What an account voter types in is a declaration too, never a proof.
    declared_only = identity.proof == ProofMethod.ACCOUNT and (
        unknown or identity.birth_year is not None or identity.postal_code is not None
    )
    if declared_only and not declared:
        raise NotEligible(_("Bekræft, at du opfylder betingelserne for at stemme."))


def turnout_fields(identity: Identity) -> dict[str, str]:
    """Age band and postal code for turnout statistics, from what the proof vouches for."""
    return {
        "age_band": age_band(
            identity.birth_date, timezone.localdate(), birth_year=identity.birth_year
        ),
        "area": identity.postal_code or "",
    }


def voter_for(process: BudgetProcess, identity: Identity) -> Voter:
    """The one Voter for this identity in this process, created on first use (race-safe)."""
    voter = Voter.objects.filter(process=process, identity_key=identity.key).first()
    if voter is not None:
        return voter
    try:
        with transaction.atomic():
            return Voter.objects.create(
                process=process,
                identity_key=identity.key,
                proof=identity.proof,
                user=identity.user,
                voter_list_entry=identity.voter_list_entry,
                voting_code=identity.voting_code,
                **turnout_fields(identity),
            )
    except IntegrityError:
        return Voter.objects.get(process=process, identity_key=identity.key)
