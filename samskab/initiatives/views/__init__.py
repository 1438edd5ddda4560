"""Views of co-created initiatives, split by what they are about."""

from samskab.initiatives.views.initiatives import create, detail, edit, index
from samskab.initiatives.views.partners import accept, invite, leave
from samskab.initiatives.views.statements import sign, write_statement

__all__ = [
    "accept",
    "create",
    "detail",
    "edit",
    "index",
    "invite",
    "leave",
    "sign",
    "write_statement",
]
