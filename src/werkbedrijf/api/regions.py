"""The region an API request works in: the user's only region, or `regio` (AMxx) when there are several."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from werkbedrijf.accounts.permissions import regions_of

REGION_PARAMETER = OpenApiParameter(
    name="regio",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.QUERY,
    required=False,
    description=(
        "Arbeidsmarktregio (CBS-code AMxx) to work in. Required when the user holds roles in more than one "
        "region; it must be one of them."
    ),
)


def resolve_region(request):
    """The user's single region, or the `regio` query parameter checked against the user's roles."""
    regions = list(regions_of(request.user))
    code = request.query_params.get("regio", "").strip().upper()
    if code:
        for region in regions:
            if region.code == code:
                return region
        raise exceptions.PermissionDenied(_("You have no role in region %(code)s.") % {"code": code})
    if len(regions) == 1:
        return regions[0]
    if not regions:
        raise exceptions.PermissionDenied(_("You have no role in any region."))
    raise exceptions.ValidationError({"regio": [_("You work in more than one region: give regio=AMxx.")]})
