"""Whether the partnership agrees on a version of the problem statement."""

from __future__ import annotations

from dataclasses import dataclass

from samskab.initiatives.models import Partner, PartnerRole, ProblemStatement


@dataclass(frozen=True)
class Agreement:
    signed: list[Partner]
    missing: list[Partner]  # active partners who have not signed this version
    target_group_signed: bool

    @property
    def partners(self) -> int:
        return len(self.signed) + len(self.missing)

    @property
    def agreed(self) -> bool:
        """Every active partner signed, a target-group representative among them."""
        return not self.missing and self.target_group_signed


def agreement_on(statement: ProblemStatement) -> Agreement:
    active = list(
        statement.initiative.partners.filter(joined_on__isnull=False, left_on__isnull=True)
        .select_related("organisation")
        .order_by("pk")
    )
    signed_ids = set(statement.signatures.values_list("partner_id", flat=True))
    signed = [partner for partner in active if partner.pk in signed_ids]
    return Agreement(
        signed=signed,
        missing=[partner for partner in active if partner.pk not in signed_ids],
        target_group_signed=any(p.role == PartnerRole.TARGET_GROUP for p in signed),
    )
