"""System checks that refuse dangerous production configuration (`samskab check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from samskab.core.env import LOCMEM_CACHE


@register(Tags.security, deploy=True)
def production_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if not settings.PRODUCTION:
        return errors
    if settings.DEBUG:
        errors.append(
            Error("DEBUG is on in production.", hint="Unset SAMSKAB_DEBUG.", id="samskab.E001")
        )
    if settings.SECRET_KEY == settings.INSECURE_DEV_KEY or len(settings.SECRET_KEY) < 40:
        errors.append(
            Error(
                "SAMSKAB_SECRET_KEY is missing or too short in production.",
                hint="Set SAMSKAB_SECRET_KEY to 50 random characters from a secret store.",
                id="samskab.E002",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        errors.append(
            Error(
                "Production runs on PostgreSQL, not SQLite.",
                hint="Set DATABASE_URL=postgres://...",
                id="samskab.E003",
            )
        )
    if "console" in settings.EMAIL_BACKEND or "locmem" in settings.EMAIL_BACKEND:
        errors.append(
            Error(
                "E-mail would never leave the server in production.",
                hint="Set SAMSKAB_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.",
                id="samskab.E004",
            )
        )
    if settings.TASKS_BACKEND == "immediate":
        errors.append(
            Error(
                "Background tasks would run inside web requests in production.",
                hint="Set SAMSKAB_TASKS_BACKEND=database and run `samskab db_worker`.",
                id="samskab.E005",
            )
        )
    if any(host in ("*", "") for host in settings.ALLOWED_HOSTS):
        errors.append(
            Error(
                "ALLOWED_HOSTS accepts any host.",
                hint="List the real host names.",
                id="samskab.E006",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        errors.append(
            Error(
                "SAMSKAB_SITE_URL is not https in production: links in e-mails would leak tokens.",
                hint="Set SAMSKAB_SITE_URL=https://your.host.",
                id="samskab.E007",
            )
        )
    if not 1 <= settings.LOGIN_FAILURE_LIMIT <= 20:
        errors.append(
            Error(
                "Login lockout is off or too lax in production.",
                hint="Set SAMSKAB_LOGIN_FAILURE_LIMIT between 1 and 20 (default 5).",
                id="samskab.E008",
            )
        )
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        errors.append(
            Error(
                "Session or CSRF cookies may travel over plain http in production.",
                hint="Keep SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE on (they follow "
                "SAMSKAB_PRODUCTION).",
                id="samskab.E009",
            )
        )
    if settings.SECURE_HSTS_SECONDS <= 0:
        errors.append(
            Warning(
                "HSTS is off in production.",
                hint="Unset SAMSKAB_HSTS_SECONDS=0 unless the proxy in front sends HSTS itself.",
                id="samskab.W001",
            )
        )
    if settings.CACHES["default"]["BACKEND"] == LOCMEM_CACHE:
        errors.append(
            Warning(
                "The cache is each worker's own memory in production: the limit on guessing "
                "voting codes then counts per worker, not per site.",
                hint="Set SAMSKAB_CACHE_URL=redis://127.0.0.1:6379/0 (or database, then run "
                "samskab createcachetable).",
                id="samskab.W002",
            )
        )
    return errors


# The one file of each front-end package the pages load first.
FRONTEND_ENTRY_FILES = {
    "dkfds": "css/dkfds.min.css",
    "chartjs": "chart.umd.min.js",
    "chartjs-error-bars": "index.umd.min.js",
    "htmx": "htmx.min.js",
}


@register(Tags.staticfiles)
def frontend_packages_installed(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The pages are built on DKFDS, draw charts with Chart.js and update parts with htmx;
    without their files the pages have no layout, no charts, no partial updates."""
    missing = [
        f"{prefix} ({folder})"
        for prefix, folder in settings.FRONTEND_PACKAGES.items()
        if not (folder / FRONTEND_ENTRY_FILES[prefix]).is_file()
    ]
    if not missing:
        return []
    return [
        Error(
            "Front-end packages are not installed: " + ", ".join(missing) + ".",
            hint="Run `make setup` (npm ci installs them from package.json).",
            id="samskab.E010",
        )
    ]
