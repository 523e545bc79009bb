"""The quota position section of the employer's page (for who may see it; see selectors.may_see_quota)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from werkbedrijf.monitoring import selectors

register = template.Library()
PLANNED_PARAMETER = "geplande_uren"


@register.inclusion_tag("monitoring/_employer_quota.html", takes_context=True)
def employer_quota(context, employer):
    request = context.get("request")
    user, region = getattr(request, "user", None), getattr(request, "region", None)
    if user is None or region is None or not selectors.may_see_quota(user, region, employer):
        return {"show": False}
    raw = request.GET.get(PLANNED_PARAMETER, "").strip().replace(",", ".")
    planned, planned_error = None, False
    if raw:
        try:
            planned = Decimal(raw)
            if not 0 < planned <= 40:
                raise InvalidOperation
        except InvalidOperation:
            planned, planned_error = None, True
    view = selectors.employer_quota(
        user=user, region=region, employer=employer, year=timezone.localdate().year, planned_hours=planned
    )
    return {
        "show": True,
        "quota": view,
        "planned_raw": raw,
        "planned_error": planned_error,
        "parameter": PLANNED_PARAMETER,
    }
