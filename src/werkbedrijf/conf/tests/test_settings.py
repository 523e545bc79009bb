"""Production settings refuse to start with a missing secret or an unusable DATABASE_URL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from werkbedrijf.conf.env import config_bool, database_from_url

SRC = Path(__file__).resolve().parents[3]


# Set by the test settings in this process's environment; a fresh server would not have them.
_SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "PSEUDONYM_KEY",
    "DATABASE_URL",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CELERY_BROKER_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def fresh_env(settings_module="werkbedrijf.conf.production", **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=str(SRC))
    return clean


def start_production(**env):
    """Import the production settings in a fresh interpreter, as a server would."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=fresh_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_fails_clearly():
    result = start_production()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required" in result.stderr


def test_production_with_bad_database_url_fails_clearly():
    result = start_production(
        SECRET_KEY="x" * 50, PSEUDONYM_KEY="p", DATABASE_URL="mysql://root@localhost/werkbedrijf"
    )
    assert result.returncode != 0
    assert "DATABASE_URL uses an unsupported database" in result.stderr


def test_production_with_garbage_database_url_fails_clearly():
    result = start_production(SECRET_KEY="x" * 50, PSEUDONYM_KEY="p", DATABASE_URL="not a url")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_starts_with_secret_and_defaults_to_sqlite_without_debug(tmp_path):
    result = start_production(SECRET_KEY="x" * 50, PSEUDONYM_KEY="p", WERKBEDRIJF_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        ],
        env=fresh_env(SECRET_KEY="x" * 50, PSEUDONYM_KEY="p", WERKBEDRIJF_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.split() == ["False", "django.db.backends.sqlite3", "True"]


def test_postgres_url_is_parsed():
    parsed = database_from_url("postgres://wb:secret@127.0.0.1:5432/werkbedrijf")
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert parsed["NAME"] == "werkbedrijf"
    assert parsed["HOST"] == "127.0.0.1"


def test_postgres_url_without_database_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        database_from_url("postgres://127.0.0.1:5432")


def test_boolean_setting_with_typo_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        config_bool("DEBUG")


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = fresh_env(
        SECRET_KEY="k" * 10 + "Q7v!x#9Lm2@pZ4$wR8^tY6&uI1*oP3(aS5)dF0-gH" + "j" * 10,
        PSEUDONYM_KEY="pseudonym-key-for-the-test",
        ALLOWED_HOSTS="werkbedrijf.example.nl",
        WERKBEDRIJF_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, str(SRC / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_pseudonym_key_fails_clearly():
    result = start_production(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "PSEUDONYM_KEY is required" in result.stderr


def test_development_settings_refuse_a_remote_database():
    clean = fresh_env(
        "werkbedrijf.conf.dev", DATABASE_URL="postgres://wb@db.gemeente.example:5432/werkbedrijf"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "refuses the database on db.gemeente.example" in result.stderr
