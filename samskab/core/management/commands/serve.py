"""`samskab serve`: start the site on http://127.0.0.1:8000 (use gunicorn in production)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Start the web server for local use (production: gunicorn, see docs/deploy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("runserver", options["address"], use_reloader=False)
