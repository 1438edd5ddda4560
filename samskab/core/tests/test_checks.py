"""Deploy checks: each error fires on its own bad setting, none on a good production setup."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from samskab.core.checks import production_settings
from samskab.core.env import LOCMEM_CACHE, REDIS_CACHE, cache_from_url

GOOD_PRODUCTION = {
    "PRODUCTION": True,
    "DEBUG": False,
    "SECRET_KEY": "k" * 50,
    "ENGINE": "django.db.backends.postgresql",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "TASKS_BACKEND": "database",
    "ALLOWED_HOSTS": ["samskab.fjordby.dk"],
    "SITE_URL": "https://samskab.fjordby.dk",
    "LOGIN_FAILURE_LIMIT": 5,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "CACHES": {"default": {"BACKEND": REDIS_CACHE, "LOCATION": "redis://127.0.0.1:6379/0"}},
}


def _ids(settings: Any, monkeypatch: Any, **overrides: Any) -> set[str]:
    for name, value in {**GOOD_PRODUCTION, **overrides}.items():
        if name == "ENGINE":  # patched in place: overriding DATABASES itself is unsafe in tests
            monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", value)
        else:
            setattr(settings, name, value)
    return {str(error.id) for error in production_settings(None)}


def test_a_good_production_configuration_passes(settings, monkeypatch):
    assert _ids(settings, monkeypatch) == set()


def test_nothing_is_checked_outside_production(settings, monkeypatch):
    assert _ids(settings, monkeypatch, PRODUCTION=False, DEBUG=True, SITE_URL="http://x") == set()


@pytest.mark.parametrize(
    ("override", "error_id"),
    [
        ({"DEBUG": True}, "samskab.E001"),
        ({"SECRET_KEY": "dev-only-insecure-key-never-use-in-production"}, "samskab.E002"),
        ({"SECRET_KEY": "short"}, "samskab.E002"),
        ({"ENGINE": "django.db.backends.sqlite3"}, "samskab.E003"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "samskab.E004"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "samskab.E004"),
        ({"TASKS_BACKEND": "immediate"}, "samskab.E005"),
        ({"ALLOWED_HOSTS": ["*"]}, "samskab.E006"),
        ({"SITE_URL": "http://samskab.fjordby.dk"}, "samskab.E007"),
        ({"LOGIN_FAILURE_LIMIT": 0}, "samskab.E008"),
        ({"LOGIN_FAILURE_LIMIT": 1000}, "samskab.E008"),
        ({"SESSION_COOKIE_SECURE": False}, "samskab.E009"),
        ({"CSRF_COOKIE_SECURE": False}, "samskab.E009"),
        ({"SECURE_HSTS_SECONDS": 0}, "samskab.W001"),
        ({"CACHES": {"default": {"BACKEND": LOCMEM_CACHE}}}, "samskab.W002"),
    ],
)
def test_each_error_fires_on_its_own_bad_setting(settings, monkeypatch, override, error_id):
    assert _ids(settings, monkeypatch, **override) == {error_id}


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", LOCMEM_CACHE),
        ("redis://127.0.0.1:6379/0", REDIS_CACHE),
        ("database", "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_the_cache_comes_from_one_url(url, backend):
    assert cache_from_url(url)["BACKEND"] == backend


@pytest.mark.parametrize("url", ["memcached://x", "redis://", "garbage"])
def test_a_bad_cache_url_stops_the_start_with_the_variable_named(url):
    with pytest.raises(ImproperlyConfigured, match="SAMSKAB_CACHE_URL"):
        cache_from_url(url)


def test_a_missing_front_end_package_is_an_error_naming_it(settings, tmp_path):
    from samskab.core.checks import frontend_packages_installed

    assert frontend_packages_installed(None) == []
    settings.FRONTEND_PACKAGES = {**settings.FRONTEND_PACKAGES, "chartjs": tmp_path / "absent"}
    errors = frontend_packages_installed(None)
    assert [error.id for error in errors] == ["samskab.E010"]
    assert "chartjs" in errors[0].msg and "dkfds" not in errors[0].msg
