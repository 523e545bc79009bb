"""Local development: the defaults a newcomer needs; nothing here is safe for production."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("PSEUDONYM_KEY", "dev-only-pseudonym-key")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from .base import *  # noqa: E402
from .env import config_bool  # noqa: E402

WERKBEDRIJF_DEMO_ALLOWED = True

# The development settings publish a secret key and allow demo users with a known password: they must never
# run against a production database. A database on another host needs an explicit opt-in.
_db_host = DATABASES["default"].get("HOST") or ""
if _db_host not in ("", "127.0.0.1", "localhost", "::1") and not config_bool(
    "WERKBEDRIJF_DEV_ALLOW_REMOTE_DB"
):
    raise ImproperlyConfigured(
        f"werkbedrijf.conf.dev refuses the database on {_db_host}: development settings are for a local "
        "database. Use DJANGO_SETTINGS_MODULE=werkbedrijf.conf.production on servers."
    )

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
