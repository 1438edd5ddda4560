"""Settings from the environment: strict helpers, DATABASE_URL, SQLite in WAL mode."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from samskab.core.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)


@pytest.mark.parametrize("raw", ["1", "true", "Yes", " on "])
def test_env_bool_true(monkeypatch, raw):
    monkeypatch.setenv("SAMSKAB_X", raw)
    assert env_bool("SAMSKAB_X", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "NO", "off", ""])
def test_env_bool_false(monkeypatch, raw):
    monkeypatch.setenv("SAMSKAB_X", raw)
    assert env_bool("SAMSKAB_X", True) is False


def test_env_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("SAMSKAB_X", raising=False)
    assert env_bool("SAMSKAB_X", True) is True
    assert env_int("SAMSKAB_X", 7) == 7
    assert env_str("SAMSKAB_X", "a") == "a"
    assert env_list("SAMSKAB_X", ["a"]) == ["a"]
    assert env_choice("SAMSKAB_X", "a", ["a", "b"]) == "a"


@pytest.mark.parametrize(
    ("reader", "raw"),
    [
        (lambda: env_bool("SAMSKAB_X", False), "maybe"),
        (lambda: env_int("SAMSKAB_X", 0), "5x"),
        (lambda: env_int("SAMSKAB_X", 0, minimum=1), "0"),
        (lambda: env_choice("SAMSKAB_X", "a", ["a", "b"]), "c"),
    ],
)
def test_bad_values_fail_naming_the_variable_and_value(monkeypatch, reader, raw):
    monkeypatch.setenv("SAMSKAB_X", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        reader()
    assert "SAMSKAB_X" in str(error.value)
    assert repr(raw) in str(error.value)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("SAMSKAB_X", " a.dk, ,b.dk ")
    assert env_list("SAMSKAB_X", []) == ["a.dk", "b.dk"]


def test_sqlite_url_gets_wal_and_immediate_transactions(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url():
    config = database_from_url(
        "postgres://samskab:hemmelig@db.example:6432/fjordby", conn_max_age=60
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == (
        "fjordby",
        "samskab",
        "hemmelig",
    )
    assert (config["HOST"], config["PORT"], config["CONN_MAX_AGE"]) == ("db.example", 6432, 60)


@pytest.mark.parametrize(
    "url",
    ["garbage", "mysql://u@h/db", "ftp://x/y", "postgres://u@h", "", "redis://localhost:6379/0"],
)
def test_garbage_urls_are_refused_naming_the_variable(url):
    with pytest.raises(ImproperlyConfigured) as error:
        database_from_url(url)
    assert "DATABASE_URL" in str(error.value)


def test_sqlite_file_database_really_runs_in_wal_mode(tmp_path, django_db_blocker):
    handler = ConnectionHandler({"default": database_from_url(f"sqlite:///{tmp_path / 'w.db'}")})
    connection = handler["default"]
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 5000
        connection.close()


def _settings_import(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SAMSKAB_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import samskab.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DATABASE_URL": "garbage"}, "DATABASE_URL"),
        ({"SAMSKAB_DEBUG": "perhaps"}, "SAMSKAB_DEBUG"),
        ({"SAMSKAB_TASKS_BACKEND": "celery"}, "SAMSKAB_TASKS_BACKEND"),
        ({"SAMSKAB_EMAIL_PORT": "smtp"}, "SAMSKAB_EMAIL_PORT"),
    ],
)
def test_settings_refuse_to_start_on_a_bad_value(env, named):
    result = _settings_import(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_settings_start_with_defaults():
    assert _settings_import({}).returncode == 0
