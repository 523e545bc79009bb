"""Fixtures shared by every app's tests."""

import importlib

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def login_verified(client):
    """Log a user in as if they passed both steps (password and TOTP code)."""

    def _login(user, the_client=None):
        c = the_client or client
        c.force_login(user)
        if not user.is_external:
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = c.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return c

    return _login


@pytest.fixture(autouse=True)
def _access_log_flushable(request):
    """Let a transactional test's flush empty the append-only access log on SQLite.

    On SQLite Django flushes with DELETE, which the append-only triggers refuse (PostgreSQL truncates, which
    row triggers do not see). After such a test we empty the log with the triggers briefly lifted and put them
    back, so every later test still runs against a log that refuses changes. Requesting the database fixture
    here first makes its flush run after this teardown.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    transactional = transactional or bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    triggers = importlib.import_module("werkbedrijf.audit.migrations.0002_append_only_trigger")
    with connection.cursor() as cursor:
        for statement in triggers.SQLITE_DROP:
            cursor.execute(statement)
        cursor.execute("DELETE FROM audit_accesslogentry")
        for statement in triggers.SQLITE_CREATE:
            cursor.execute(statement)
