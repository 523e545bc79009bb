from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .permissions import fully_signed_in, regions_of

SESSION_REGION_KEY = "active_region_uuid"

# The API authenticates on its own (tokens, or a session that passed 2FA).
_OPEN_PREFIXES = ("/static/", "/i18n/", "/api/", "/favicon.ico")
_OPEN_VIEWS = {"accounts:login", "accounts:logout", "accounts:two_factor", "accounts:two_factor_setup"}


def _is_open_view(path: str) -> bool:
    try:
        return resolve(path).view_name in _OPEN_VIEWS
    except Resolver404:
        return False


class TwoFactorRequiredMiddleware:
    """Staff who are logged in but have not passed their second factor may only reach the 2FA pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not fully_signed_in(user)
            and not request.path.startswith(_OPEN_PREFIXES)
            and not _is_open_view(request.path_info)
        ):
            return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)


class ActiveRegionMiddleware:
    """Sets request.region: the region the user is working in now (switchable when there are several)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.region = None
        request.available_regions = []
        if request.user.is_authenticated:
            regions = list(regions_of(request.user))
            request.available_regions = regions
            wanted = request.session.get(SESSION_REGION_KEY)
            request.region = next(
                (r for r in regions if str(r.uuid) == wanted), regions[0] if regions else None
            )
        return self.get_response(request)
