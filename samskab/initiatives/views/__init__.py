"""Views of co-created initiatives, split by what they are about."""

from samskab.initiatives.views.initiatives import create, detail, edit, index
from samskab.initiatives.views.partners import accept, invite, leave
from samskab.initiatives.views.statements import sign, write_statement
from samskab.initiatives.views.workshops import record_workshop

__all__ = [
    "accept",
    "create",
    "detail",
    "edit",
    "index",
    "invite",
    "leave",
    "record_workshop",
    "sign",
    "write_statement",
]
