"""Strict readers for settings from the environment: a bad value fails at start, loudly.

Every error names the variable and the value it got, so whoever starts the server knows what to
fix without reading code.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRES_ENGINE = "django.db.backends.postgresql"


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number >= {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: list[str]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


def database_from_url(
    url: str, *, conn_max_age: int = 0, name: str = "DATABASE_URL"
) -> dict[str, Any]:
    """One Django DATABASES entry from ``postgres://...`` or ``sqlite:///path``.

    SQLite gets WAL: readers and one writer work at once. IMMEDIATE makes a writer take the
    lock at BEGIN, so two writers queue on busy_timeout instead of failing with "database is
    locked" half-way through a transaction.
    """
    if "://" not in url:
        raise ImproperlyConfigured(f"{name}={url!r}: expected postgres://... or sqlite:///path")
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name}={url!r}: {error}") from None
    engine = config.get("ENGINE")
    if engine == SQLITE_ENGINE:
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}={url!r}: sqlite:/// needs a file path")
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif engine == POSTGRES_ENGINE:
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}={url!r}: postgres:// needs a database name")
    else:
        raise ImproperlyConfigured(f"{name}={url!r}: use postgres:// or sqlite:///")
    return config


LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
CACHE_TABLE = "samskab_cache"


def cache_from_url(url: str, *, name: str = "SAMSKAB_CACHE_URL") -> dict[str, Any]:
    """One Django CACHES entry: empty for this process's memory, ``redis://host:port/db`` (or
    ``rediss://``) for Redis, ``database`` for a table in the database (``samskab
    createcachetable`` makes it)."""
    url = url.strip()
    if not url:
        return {"BACKEND": LOCMEM_CACHE, "LOCATION": "samskab"}
    if url == "database":
        return {"BACKEND": DATABASE_CACHE, "LOCATION": CACHE_TABLE}
    if url.startswith(("redis://", "rediss://", "unix://")):
        if not url.split("://", 1)[1]:
            raise ImproperlyConfigured(f"{name}={url!r}: redis:// needs a host")
        return {"BACKEND": REDIS_CACHE, "LOCATION": url}
    raise ImproperlyConfigured(f"{name}={url!r}: expected redis://host:port/db, database or empty")
