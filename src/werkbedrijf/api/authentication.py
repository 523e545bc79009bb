from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header

from werkbedrijf.accounts.permissions import fully_signed_in
from werkbedrijf.accounts.services import api_token_check


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token wb_…` for system accounts. Keys are hashed, expire and can be revoked."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Invalid Authorization header: use 'Token <key>'.")
        token = api_token_check(parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown, expired or revoked API key.")
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts for the API only once staff have passed their second factor, and never for a
    request another site started: CSRF protection covers writes only, while a GET of an export or report
    writes an access-log entry in the user's name (browsers send Sec-Fetch-Site on every request)."""

    def authenticate(self, request):
        if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
            return None
        result = super().authenticate(request)
        if result is None or not fully_signed_in(result[0]):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """Describes the session login in the OpenAPI document."""

    target_class = "werkbedrijf.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "werkbedrijf.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication for system accounts: `Token wb_…`.",
        }
