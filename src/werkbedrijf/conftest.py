"""Fixtures shared by every app's tests."""

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
