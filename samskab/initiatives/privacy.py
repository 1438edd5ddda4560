"""A person's data in co-created initiatives: export on request, erase before the account is
deleted. Partnerships and signatures are the organisations' records: they stay, without the
person's name and address."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from samskab.accounts.models import User
from samskab.initiatives.models import Initiative, Partner, ProblemStatement, StatementSignature


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "partnerships": [
            {
                "initiative": partner.initiative.name,
                "organisation": partner.organisation.name,
                "role": partner.role,
                "invited_email": partner.invited_email,
                "joined_on": partner.joined_on.isoformat() if partner.joined_on else None,
                "left_on": partner.left_on.isoformat() if partner.left_on else None,
            }
            for partner in Partner.objects.filter(
                Q(representative=user) | Q(invited_email=user.email.lower())
            )
            .select_related("initiative", "organisation")
            .order_by("pk")
        ],
        "statements_written": [
            {"initiative": s.initiative.name, "version": s.version, "text": s.text}
            for s in ProblemStatement.objects.filter(written_by=user).select_related("initiative")
        ],
        "statements_signed": [
            {
                "initiative": signature.statement.initiative.name,
                "version": signature.statement.version,
                "signed_at": signature.signed_at.isoformat(),
            }
            for signature in StatementSignature.objects.filter(signed_by=user).select_related(
                "statement__initiative"
            )
        ],
        "initiatives_started": list(
            Initiative.objects.filter(created_by=user).values_list("name", flat=True)
        ),
    }


@transaction.atomic
def erase_user_data(user: User) -> None:
    Partner.objects.filter(invited_email=user.email.lower()).update(invited_email="")
    Partner.objects.filter(representative=user).update(representative=None)
    Partner.objects.filter(invited_by=user).update(invited_by=None)
    StatementSignature.objects.filter(signed_by=user).update(signed_by=None)
    ProblemStatement.objects.filter(written_by=user).update(written_by=None)
    Initiative.objects.filter(created_by=user).update(created_by=None)
