"""The problem statement: a new version by any partner, signed by each partner's
representative."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samskab.accounts.models import User
from samskab.audit.actions import record_event
from samskab.initiatives.actions.errors import ActionRefused
from samskab.initiatives.models import (
    Initiative,
    ProblemStatement,
    StatementSignature,
)
from samskab.initiatives.permissions import partner_to_sign_for


@transaction.atomic
def write_statement(
    actor: User,
    initiative: Initiative,
    *,
    text: str,
    quotes: str = "",
    request: HttpRequest | None = None,
) -> ProblemStatement:
    """A new version. It starts with no signatures: earlier ones were for earlier words."""
    if not text.strip():
        raise ActionRefused(_("Beskriv problemet."))
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    last = initiative.statements.aggregate(last=Max("version"))["last"] or 0
    statement = ProblemStatement.objects.create(
        initiative=initiative,
        version=last + 1,
        text=text.strip(),
        quotes=quotes.strip(),
        written_by=actor,
    )
    record_event(
        actor,
        "initiatives.statement_written",
        initiative,
        summary=f"{initiative.name} v{statement.version}",
        details={"version": statement.version},
        request=request,
    )
    return statement


@transaction.atomic
def sign_statement(
    actor: User, statement: ProblemStatement, *, request: HttpRequest | None = None
) -> StatementSignature:
    """The actor's partner agrees to this version (only the current one can be signed)."""
    ProblemStatement.objects.select_for_update().filter(pk=statement.pk).first()
    partner = partner_to_sign_for(actor, statement)
    if partner is None:
        raise ActionRefused(
            _(
                "Du kan ikke skrive under: det er ikke den nyeste udgave, eller din partner har skrevet under."
            )
        )
    signature = StatementSignature.objects.create(
        statement=statement, partner=partner, signed_by=actor
    )
    record_event(
        actor,
        "initiatives.statement_signed",
        statement.initiative,
        summary=f"{statement.initiative.name} v{statement.version}: {partner.organisation.name}",
        details={"version": statement.version, "organisation": partner.organisation.slug},
        request=request,
    )
    return signature
