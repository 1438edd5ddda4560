"""Django settings for samskab. Every value comes from the environment, with a safe local default.

Local default: SQLite (WAL) in ./var, console e-mail, tasks run immediately, DEBUG off unless
SAMSKAB_DEBUG=1. Production: see docs/deploy.md.
"""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
from django.contrib.messages import constants as message_levels
from django.utils.translation import gettext_lazy as _

from samskab.core.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)

django_stubs_ext.monkeypatch()  # lets admin and querysets be subscripted at run time, as mypy wants

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("SAMSKAB_VAR_DIR", str(BASE_DIR.parent / "var")))

DEBUG = env_bool("SAMSKAB_DEBUG", False)
# The local default key is only good for a laptop; the deploy check (core/checks.py) refuses it
# whenever DEBUG is off and SAMSKAB_PRODUCTION=1.
INSECURE_DEV_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env_str("SAMSKAB_SECRET_KEY", INSECURE_DEV_KEY)
PRODUCTION = env_bool("SAMSKAB_PRODUCTION", False)
ALLOWED_HOSTS = env_list("SAMSKAB_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SAMSKAB_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SAMSKAB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SAMSKAB_SITE_NAME", "samskab")

INSTALLED_APPS = [
    "samskab.core",
    "samskab.accounts",
    "samskab.audit",
    "samskab.discussion",
    "samskab.newsletter",
    "samskab.budgets",
    "samskab.mentoring",
    "samskab.initiatives",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",  # the API docs then use Swagger UI from ninja's own static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samskab.core.middleware.SecurityHeadersMiddleware",  # after WhiteNoise: pages, not static
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "samskab.core.middleware.RefuseNulInPathMiddleware",  # after Locale: 404 in user's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samskab.urls"
WSGI_APPLICATION = "samskab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samskab.core.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'samskab.sqlite3'}")
_default_db = database_from_url(
    DATABASE_URL, conn_max_age=env_int("SAMSKAB_DB_CONN_MAX_AGE", 0, minimum=0)
)
DATABASES = {"default": _default_db}
# Counters shared by every worker (voting-code attempts): Redis or the database in production
# (SAMSKAB_CACHE_URL=redis://host:6379/0 or database), this process's memory otherwise.
CACHES = {"default": cache_from_url(env_str("SAMSKAB_CACHE_URL", ""))}
if _default_db["ENGINE"] == "django.db.backends.sqlite3" and _default_db["NAME"] != ":memory:":
    # SQLite creates the file but not its folder: a fresh checkout has no var/ yet.
    Path(_default_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login never reaches the DB check
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"
# Failed logins per (e-mail, address) before a lockout, and per address over all e-mails (one
# password sprayed over many accounts). Both are one axes lockout: the address is a lockout
# parameter, and accounts/lockout.failure_limit gives it the higher threshold.
LOGIN_FAILURE_LIMIT = env_int("SAMSKAB_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SAMSKAB_LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
AXES_FAILURE_LIMIT = "samskab.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lower-cased, so "Anna@X" and "anna@x" count towards the same lockout.
AXES_USERNAME_CALLABLE = "samskab.accounts.lockout.username_for_lockout"
# How many reverse proxies of our own stand in front (docs/deploy.md); 0 trusts no
# X-Forwarded-For. Lockout and the audit log then see the client's address, not the proxy's.
TRUSTED_PROXY_COUNT = env_int("SAMSKAB_TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "samskab.accounts.lockout.client_ip"
# Voting codes: an address with this many wrong codes for one process within the window gets
# 429 until the window ends (budgets/code_attempts.py). Only failures count.
VOTING_CODE_FAILURE_LIMIT = env_int("SAMSKAB_CODE_FAILURE_LIMIT", 20, minimum=1)
VOTING_CODE_WINDOW_SECONDS = env_int("SAMSKAB_CODE_WINDOW_SECONDS", 900, minimum=60)
# How long a sign-up verification link works (seconds); password reset links use Django's
# PASSWORD_RESET_TIMEOUT (3 days).
EMAIL_VERIFICATION_MAX_AGE = env_int(
    "SAMSKAB_EMAIL_VERIFICATION_MAX_AGE", 3 * 24 * 3600, minimum=60
)

# --- Language -----------------------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats: one Danish style, British (not American) English.
FORMAT_MODULE_PATH = ["samskab.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
# A message's level names its DKFDS alert and icon (alert-info, -success, -warning, -error);
# DKFDS has no debug alert.
MESSAGE_TAGS = {message_levels.DEBUG: "info"}

# Every widget gets Det Fælles Designsystem's class (core/form_renderer.py).
FORM_RENDERER = "samskab.core.form_renderer.DesignSystemRenderer"

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("SAMSKAB_STATIC_ROOT", str(VAR_DIR / "static")))
# samskab/static is not inside an installed app, so the app finder would never see it.
# The front-end packages of package.json, installed by `make setup` (npm ci) and served as
# /static/<prefix>/...: Det Fælles Designsystem's compiled CSS, JS, fonts and icons, and
# Chart.js with its error-bar module for the charts, htmx; a check says when one is missing.
NODE_MODULES = Path(env_str("SAMSKAB_NODE_MODULES", str(BASE_DIR.parent / "node_modules")))
FRONTEND_PACKAGES = {
    "dkfds": NODE_MODULES / "dkfds" / "dist",
    "chartjs": NODE_MODULES / "chart.js" / "dist",
    "chartjs-error-bars": NODE_MODULES / "chartjs-chart-error-bars" / "build",
    "htmx": NODE_MODULES / "htmx.org" / "dist",
}
DKFDS_DIST = FRONTEND_PACKAGES["dkfds"]
STATICFILES_DIRS = [BASE_DIR / "static", *FRONTEND_PACKAGES.items()]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("SAMSKAB_MEDIA_ROOT", str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A multipart request (every upload: images, photos, voter lists, each at most 5 MB) may be at
# most this long; a longer one is answered 413 before its body is read (core/uploads.py).
MAX_UPLOAD_REQUEST_BYTES = env_int("SAMSKAB_MAX_UPLOAD_BYTES", 6 * 1024 * 1024, minimum=1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "samskab.core.uploads.RequestSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail and background tasks ---------------------------------------------------------------
EMAIL_BACKEND = env_str("SAMSKAB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("SAMSKAB_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SAMSKAB_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SAMSKAB_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("SAMSKAB_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAMSKAB_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SAMSKAB_FROM_EMAIL", "samskab <noreply@localhost>")

_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_choice("SAMSKAB_TASKS_BACKEND", "immediate", list(_TASK_BACKENDS))
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# A count RUNNING this long whose process row nobody locks was left by a crashed worker and is
# queued again (budgets/count_recovery.py); the worker also checks this often.
COUNT_STALE_SECONDS = env_int("SAMSKAB_COUNT_STALE_SECONDS", 60, minimum=1)

# --- Discussion ---------------------------------------------------------------------------------
COMMENT_EDIT_WINDOW_MINUTES = env_int("SAMSKAB_COMMENT_EDIT_MINUTES", 15, minimum=0)

# Mentoring: ended cases are anonymised this many months after they end (GDPR storage limit).
MENTORING_RETENTION_MONTHS = env_int("SAMSKAB_MENTORING_RETENTION_MONTHS", 24, minimum=1)

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SAMSKAB_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("SAMSKAB_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "samskab.core.views.csrf_failure"  # plain-language page for stale forms

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SAMSKAB_LOG_LEVEL", "WARNING")},
}
