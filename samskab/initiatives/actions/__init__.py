"""Every write in co-created initiatives. Each runs in one transaction with an audit event;
mail goes through ``tasks.py``."""

from samskab.initiatives.actions.errors import ActionRefused
from samskab.initiatives.actions.partners import (
    accept_invitation,
    create_initiative,
    end_partnership,
    invite_partner,
    update_initiative,
)
from samskab.initiatives.actions.statements import sign_statement, write_statement
from samskab.initiatives.actions.workshops import record_workshop

__all__ = [
    "ActionRefused",
    "accept_invitation",
    "create_initiative",
    "end_partnership",
    "invite_partner",
    "record_workshop",
    "sign_statement",
    "update_initiative",
    "write_statement",
]
