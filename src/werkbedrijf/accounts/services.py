"""Writes for accounts: role assignments, API keys and authenticator devices."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, OrganisationKind, Role, RoleAssignment

API_TOKEN_PREFIX = "wb_"  # noqa: S105 - a public marker, not a secret
API_TOKEN_MAX_DAYS = 730

TOTP_DEVICE_NAME = "Authenticator"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10


def totp_device_get_or_create_unconfirmed(*, user) -> TOTPDevice:
    """The pending authenticator of a user; the same one on reload so the QR code stays valid."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        return device


def totp_device_confirm(*, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and issue fresh one-time backup codes (returned once, never shown again)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=device.user).delete()
        backup = StaticDevice.objects.create(user=device.user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
        return codes


def role_assignment_create(*, user, role: str, region) -> RoleAssignment:
    """Give a user a role in a region. Employer users hold only the employer role, and only they do."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    is_employer = user.organisation_id is not None and user.organisation.kind == OrganisationKind.EMPLOYER
    if (role == Role.EMPLOYER_USER) != is_employer:
        raise ValidationError(
            {
                "role": _(
                    "The employer role is for users of an employer, "
                    "and users of an employer get no other role."
                )
            }
        )
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role, region=region)
    return assignment


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str, valid_days: int = 365) -> tuple[ApiToken, str]:
    """A new API key for a system account; returns the key itself once, only its hash is kept."""
    if not user.is_system_account:
        raise ValidationError(_("API keys are only issued to system accounts, never to people."))
    if not 1 <= valid_days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(_("An API key is valid for 1 to %(max)s days.") % {"max": API_TOKEN_MAX_DAYS})
    prefix = secrets.token_hex(4)
    key = f"{API_TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=hash_api_key(key),
        expires_at=timezone.now() + timedelta(days=valid_days),
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_check(key: str) -> ApiToken | None:
    """The valid token for a presented key, or None. Records when it was last used (once a minute at most)."""
    if not key.startswith(API_TOKEN_PREFIX) or key.count("_") < 2:
        return None
    prefix = key[len(API_TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user", "user__organisation").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_api_key(key)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.is_active or not token.user.is_system_account:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
