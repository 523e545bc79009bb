"""Writes of the monitoring: the region's share of the national target (a new dated row, never an edit)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.parameters.models import Confidence

from .models import RegionTargetShare
from .permissions import may_set_target_share

TARGET_SHARE_CONTEXT = "Aandeel van de regio in de landelijke doelstelling ingesteld"
# The banenafspraak counts extra jobs from 1 January 2013; an earlier date is a typing error.
EARLIEST_VALID_FROM = date(2013, 1, 1)
YEARS_AHEAD = 10
MAX_SOURCE = 2000


def parse_share_percent(value) -> tuple[Decimal | None, str]:
    """The share as a Decimal with 3 decimals (a decimal comma is fine), or None and why it is refused."""
    try:
        share = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        return None, _("Enter the share as a percentage, for example 2.857.")
    if not share.is_finite():
        return None, _("Enter the share as a percentage, for example 2.857.")
    if not Decimal(0) < share <= Decimal(100):
        return None, _("The share must be more than 0 and at most 100 percent.")
    if share != share.quantize(Decimal("0.001")):
        return None, _("Enter the share with at most 3 decimals.")
    return share.quantize(Decimal("0.001")), ""


def target_share_set(
    *,
    user,
    region,
    valid_from: date | None,
    share_percent,
    source: str,
    confidence: str,
    request=None,
) -> RegionTargetShare:
    """Record the region's share of the national target from `valid_from`. Rows are never changed: a later
    row with the same date takes the place of an earlier one (the selectors take the latest)."""
    if not may_set_target_share(user, region):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not isinstance(valid_from, date):
        errors["valid_from"] = [_("Enter the date from which the share applies.")]
    elif not EARLIEST_VALID_FROM <= valid_from <= date(today.year + YEARS_AHEAD, 12, 31):
        errors["valid_from"] = [
            _("Enter a date between %(first)s and %(last)s.")
            % {
                "first": EARLIEST_VALID_FROM.strftime("%d-%m-%Y"),
                "last": date(today.year + YEARS_AHEAD, 12, 31).strftime("%d-%m-%Y"),
            }
        ]
    share, share_error = parse_share_percent(share_percent)
    if share_error:
        errors["share_percent"] = [share_error]
    source = (source or "").strip()
    if not source:
        errors["source"] = [_("Give the source of the share, for example the Werkkamer's indicative split.")]
    elif len(source) > MAX_SOURCE:
        errors["source"] = [_("Keep the source under %(max)s characters.") % {"max": MAX_SOURCE}]
    if confidence not in Confidence.values:
        errors["confidence"] = [_("Choose how reliable the source is.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = RegionTargetShare(
            region=region,
            valid_from=valid_from,
            share_percent=share,
            source=source,
            confidence=confidence,
            created_by=user,
            created_at=timezone.now(),
        )
        row.full_clean()
        row.save()
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="region_target_share",
            object_uuid=row.uuid,
            object_label=f"{region.code} vanaf {valid_from:%d-%m-%Y}",
            context=TARGET_SHARE_CONTEXT,
            changed_fields=["valid_from", "share_percent", "source", "confidence"],
            region_code=region.code,
            request=request,
        )
    return row
