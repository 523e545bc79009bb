"""Reads for the demo: the current 2FA code of a demo user (development only)."""

import time

from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import User

from .services import TOTP_DEVICE_NAME, DemoDataError, demo_allowed_check, is_demo_user


def demo_totp_code(*, username: str, at: float | None = None) -> str:
    """The 6-digit TOTP code a demo user's authenticator app would show now (or at Unix time `at`)."""
    demo_allowed_check()
    user = User.objects.filter(username=username).first()
    if user is None or not is_demo_user(user):
        raise DemoDataError(_("%(username)s is not a demo user.") % {"username": username})
    device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME, confirmed=True).first()
    if device is None:
        raise DemoDataError(
            _("%(username)s has no demo 2FA device (employer users log in without a code).")
            % {"username": username}
        )
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
