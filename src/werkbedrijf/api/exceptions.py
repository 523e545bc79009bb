"""Errors as application/problem+json (RFC 9457), as the NL API Design Rules require."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from djangorestframework_camel_case.util import camelize_re, underscore_to_camel
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _camel(name: str) -> str:
    return camelize_re.sub(underscore_to_camel, name)


def _invalid_params(detail, prefix=""):
    """Flatten DRF validation errors into [{name, code, reason}], names in camelCase like the JSON."""
    if isinstance(detail, dict):
        return [
            param
            for field, value in detail.items()
            for param in _invalid_params(
                value, f"{prefix}.{_camel(str(field))}" if prefix else _camel(str(field))
            )
        ]
    if isinstance(detail, list):
        return [param for value in detail for param in _invalid_params(value, prefix)]
    return [
        {
            "name": prefix or "nonFieldErrors",
            "code": getattr(detail, "code", "invalid"),
            "reason": str(detail),
        }
    ]


def problem(*, status_code: int, code: str, title: str, detail: str = "", instance: str = "") -> dict:
    return {
        "type": f"https://werkbedrijf.invalid/problems/{code}",
        "code": code,
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    body = problem(
        status_code=response.status_code,
        code=exc.default_code,
        title=str(exc.default_detail),
        instance=request.path if request is not None else "",
    )
    if isinstance(exc, exceptions.ValidationError) or isinstance(exc.detail, dict | list):
        body["title"] = _("Invalid input.")
        body["invalidParams"] = _invalid_params(exc.detail)
    else:
        body["detail"] = str(exc.detail)
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Token"
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def server_error(request, *args, **kwargs):
    """500 for the API as problem+json; the interface keeps Django's page (templates/500.html)."""
    if request.path.startswith("/api/"):
        body = problem(
            status_code=500,
            code="server_error",
            title=_("Internal server error."),
            detail=_("The error has been logged. Try again later or contact the functional administrator."),
            instance=request.path,
        )
        return JsonResponse(body, status=500, content_type=PROBLEM_CONTENT_TYPE)
    from django.views.defaults import server_error as default_server_error

    return default_server_error(request, *args, **kwargs)
