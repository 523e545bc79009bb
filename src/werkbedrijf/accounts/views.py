"""Login, the second factor (TOTP), logout and the region switch.

Flow: password (LoginForm, throttled by django-axes) → for staff the code page, or the set-up page when
they have no authenticator yet → home. Employer users (User.is_external) skip the second factor.

OIDC seam: an organisation's identity provider can be added later as an extra authentication backend
(e.g. mozilla-django-oidc's OIDCAuthenticationBackend) in settings.AUTHENTICATION_BACKENDS, after
axes.backends.AxesStandaloneBackend, with a "Log in with your organisation" link on the login page that
starts the OIDC flow. Its callback ends in `_after_password_step`, so the 2FA rules stay in one place;
when the provider asserts multi-factor authentication (the `acr`/`amr` claims) the callback can verify
the session instead of asking for a TOTP code.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import LoginForm, TokenForm
from .middleware import SESSION_REGION_KEY
from .permissions import needs_second_factor
from .services import totp_device_confirm, totp_device_get_or_create_unconfirmed

SESSION_NEXT_KEY = "login_next"


def _safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _pop_next(request) -> str:
    """The page the user asked for before logging in, or home."""
    wanted = request.session.pop(SESSION_NEXT_KEY, None)
    return _safe_next(request, wanted) or reverse(settings.LOGIN_REDIRECT_URL)


def _finish(request) -> HttpResponseRedirect:
    return redirect(_pop_next(request))


def _confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _after_password_step(request) -> HttpResponseRedirect:
    """Where a user goes once the first factor is done (password now, an OIDC callback later)."""
    user = request.user
    # Straight after auth_login() request.user is the bare user, not yet wrapped by OTPMiddleware.
    is_verified = getattr(user, "is_verified", None)
    if not needs_second_factor(user) or (is_verified is not None and is_verified()):
        return _finish(request)
    if _confirmed_totp_device(user) is None:
        return redirect("accounts:two_factor_setup")
    return redirect("accounts:two_factor")


# --- writes (would live in accounts/services.py; see the report) -----------------------------------


# --- views ------------------------------------------------------------------------------------------


def login_view(request):
    if request.user.is_authenticated:
        return _after_password_step(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        if next_url:
            request.session[SESSION_NEXT_KEY] = next_url
        return _after_password_step(request)
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


@require_POST
def logout_view(request):
    auth_logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _throttled_message(info: dict | None) -> str:
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return _("Too many incorrect codes. Wait a moment and try again.")
    seconds = max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))
    return _("Too many incorrect codes. Wait %(seconds)s seconds and try again.") % {"seconds": seconds}


def _verify(device, token: str) -> tuple[bool, str | None]:
    """(verified, error message) for one device, honouring django-otp's throttling."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return False, _throttled_message(info)
    if device.verify_token(token):
        return True, None
    return False, _("This code is not correct. Check the code in your app and try again.")


def two_factor_view(request):
    user = request.user
    if not user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if not needs_second_factor(user) or user.is_verified():
        return _finish(request)
    device = _confirmed_totp_device(user)
    if device is None:
        return redirect("accounts:two_factor_setup")

    form = TokenForm(request.POST or None, allow_backup_code=True)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if not token.isdigit():
            backup = StaticDevice.objects.filter(user=user, confirmed=True).first()
            device = backup or device
        verified, error = _verify(device, token)
        if verified:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                message = _("You used a backup code; %(count)s remain. Each code works only once.")
                messages.warning(request, message % {"count": device.token_set.count()})
            return _finish(request)
        form.add_error("token", error)
    return render(request, "accounts/two_factor.html", {"form": form})


def two_factor_setup_view(request):
    user = request.user
    if not user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if not needs_second_factor(user):
        return _finish(request)
    if _confirmed_totp_device(user) is not None:
        # Replacing an authenticator needs the functional administrator; a password alone is not enough.
        return redirect("accounts:two_factor")

    device = totp_device_get_or_create_unconfirmed(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified, error = _verify(device, form.cleaned_data["token"])
        if verified:
            codes = totp_device_confirm(device=device)
            otp_login(request, device)
            return render(
                request,
                "accounts/two_factor_backup_codes.html",
                {"codes": codes, "next_url": _pop_next(request)},
            )
        form.add_error("token", error)

    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@login_required
@require_POST
def switch_region_view(request):
    wanted = request.POST.get("region", "")
    region = next((r for r in request.available_regions if str(r.uuid) == wanted), None)
    if region is None:
        messages.error(request, _("You do not work in that region; the region was not changed."))
    else:
        request.session[SESSION_REGION_KEY] = str(region.uuid)
        messages.success(request, _("You are now working in region %(region)s.") % {"region": region.name})
    return redirect(_safe_next(request, request.POST.get("next")) or reverse("home:home"))
