"""Reading settings from the environment, failing with a clear message when a value is unusable."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee", ""}


def config(name: str, default=None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(
                f"Environment variable {name} is required in this configuration but not set. "
                f"Set it (see README, 'Configuration') or use werkbedrijf.conf.dev for local work."
            )
        return default
    return value


def config_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a boolean (use true or false).")


def config_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}


def database_from_url(url: str) -> dict:
    """Parse DATABASE_URL; only SQLite and PostgreSQL are supported."""
    try:
        parsed = dj_database_url.parse(url, conn_max_age=60)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL cannot be understood ({exc}). "
            "Use postgres://user:password@host:5432/name or sqlite:////absolute/path.sqlite3."
        ) from exc
    if parsed.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL uses an unsupported database ({parsed.get('ENGINE')}); "
            "Werkbedrijf runs on PostgreSQL (production) or SQLite (local use)."
        )
    if parsed["ENGINE"] == "django.db.backends.postgresql" and not parsed.get("NAME"):
        raise ImproperlyConfigured(
            "DATABASE_URL for PostgreSQL names no database, e.g. postgres://localhost/werkbedrijf."
        )
    return parsed
