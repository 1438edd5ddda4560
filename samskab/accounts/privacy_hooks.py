"""Finds every app's privacy hooks and runs them: the data export and the account deletion.

An app that stores personal data provides ``samskab/<app>/privacy.py`` with
``export_user_data(user) -> dict`` (JSON-serialisable) and ``erase_user_data(user) -> None``.
Apps without such a module are simply skipped. An erase hook that must not erase yet (work
nobody could take over) raises :class:`AccountDeletionRefused` with the reason. Accounts runs last on erase, because the other
apps' data points at the user and the account itself goes after that.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from django.apps import apps

from samskab.accounts.models import User

ACCOUNTS_APP = "samskab.accounts"


class AccountDeletionRefused(Exception):
    """An erase hook refuses to erase: the account cannot go yet. The message, for the person,
    says why and what would let it go; the deletion's transaction rolls back, so nothing is
    changed."""


def privacy_module(app_name: str) -> ModuleType | None:
    """``<app_name>.privacy`` if the app has one; None if not. Errors inside it propagate."""
    try:
        return importlib.import_module(f"{app_name}.privacy")
    except ModuleNotFoundError as error:
        if error.name != f"{app_name}.privacy":
            raise
        return None


def privacy_modules() -> list[tuple[str, ModuleType]]:
    """(app label, module) for every installed samskab app with hooks; accounts last."""
    found: list[tuple[str, ModuleType]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samskab."):
            continue
        module = privacy_module(config.name)
        if module is not None:
            found.append((config.label, module))
    found.sort(key=lambda pair: pair[1].__name__ == f"{ACCOUNTS_APP}.privacy")
    return found


def export_all_user_data(user: User) -> dict[str, Any]:
    return {label: module.export_user_data(user) for label, module in privacy_modules()}


def erase_all_user_data(user: User) -> list[str]:
    """Run every app's erase hook; returns the labels of the apps that erased something."""
    labels = []
    for label, module in privacy_modules():
        module.erase_user_data(user)
        labels.append(label)
    return labels
