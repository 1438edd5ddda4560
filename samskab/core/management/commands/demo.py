"""`samskab demo`: load the demo municipality, its people and content for every module.

Each module that has demo content provides ``samskab/<app>/demo.py`` with
``load(personas: Personas, say: Callable[[str], None]) -> None``; it must be idempotent.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from samskab.accounts.personas import DEMO_PASSWORD, create_personas

MODULES_WITH_DEMO = ["core", "discussion", "newsletter", "budgets", "mentoring", "initiatives"]


class Command(BaseCommand):
    help = "Load the demo municipality with people for every role and content for each module."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            personas = create_personas(DEMO_PASSWORD)
            for module in MODULES_WITH_DEMO:
                try:
                    demo = importlib.import_module(f"samskab.{module}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"samskab.{module}.demo":
                        raise
                    continue
                demo.load(personas, self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in with (password for all):"))
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
        for role, user in personas.all_users():
            self.stdout.write(f"  {role:<12} {user.email:<28} {user.full_name}")
