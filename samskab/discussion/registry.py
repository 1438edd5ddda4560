"""Which models take comments, and who may read, write and moderate them.

A module calls :func:`register_commentable` in its ``AppConfig.ready()``::

    register_commentable(Proposal, can_read=can_view_proposal, moderators=can_manage_budget)

Staff administrators always moderate. Reading comments follows reading the object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from samskab.accounts.models import User
from samskab.accounts.permissions import is_staff_admin

Person = User | AnonymousUser
ObjectCheck = Callable[[Any, Any], bool]


class NotCommentable(LookupError):
    """The object's model was never registered with :func:`register_commentable`."""


@dataclass(frozen=True)
class Commentable:
    model: type[models.Model]
    can_read: ObjectCheck
    can_comment: ObjectCheck
    moderators: ObjectCheck
    # Whether a person moderates some object of this model: opens the moderation queue to them.
    moderates_any: Callable[[Any], bool]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _logged_in_reader(can_read: ObjectCheck) -> ObjectCheck:
    def can_comment(user: Person, obj: models.Model) -> bool:
        return bool(user.is_authenticated and user.is_active and can_read(user, obj))

    return can_comment


def _nobody(user: Person, obj: models.Model | None = None) -> bool:
    return False


_registry: dict[str, Commentable] = {}


def register_commentable(
    model: type[models.Model],
    *,
    can_read: ObjectCheck,
    can_comment: ObjectCheck | None = None,
    moderators: ObjectCheck | None = None,
    moderates_any: Callable[[Any], bool] | None = None,
) -> Commentable:
    """Mark ``model`` as commentable. Registering the same model again replaces the rules."""
    entry = Commentable(
        model=model,
        can_read=can_read,
        can_comment=can_comment or _logged_in_reader(can_read),
        moderators=moderators or _nobody,
        moderates_any=moderates_any or _nobody,
    )
    _registry[entry.label] = entry
    return entry


def registered() -> list[Commentable]:
    return list(_registry.values())


def entry_for_label(label: str) -> Commentable:
    try:
        return _registry[label]
    except KeyError:
        raise NotCommentable(label) from None


def entry_for(obj: models.Model) -> Commentable:
    return entry_for_label(obj._meta.label_lower)


def can_read_comments(user: Person, obj: models.Model) -> bool:
    return bool(entry_for(obj).can_read(user, obj))


def can_post_comment(user: Person, obj: models.Model) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(entry_for(obj).can_comment(user, obj))


def is_moderator(user: Person, obj: models.Model) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if is_staff_admin(user):
        return True
    return bool(entry_for(obj).moderators(user, obj))


def moderates_anything(user: Person) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return is_staff_admin(user) or any(entry.moderates_any(user) for entry in registered())
