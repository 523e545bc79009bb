"""Reading the access log: only auditors, only their active region."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import has_role

from .models import AccessLogEntry


@dataclass(frozen=True)
class AccessLogFilter:
    username: str = ""
    object_uuid: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log_list(*, user, region, filters: AccessLogFilter | None = None) -> QuerySet[AccessLogEntry]:
    if region is None or not has_role(user, region, Role.AUDITOR):
        raise PermissionDenied
    qs = AccessLogEntry.objects.filter(region_code=region.code)
    f = filters or AccessLogFilter()
    if f.username:
        qs = qs.filter(actor_username__iexact=f.username)
    if f.object_uuid:
        qs = qs.filter(object_uuid=f.object_uuid)
    if f.action:
        qs = qs.filter(action=f.action)
    # Whole local days as timestamp ranges, so the (region_code, timestamp) index is used.
    if f.date_from:
        qs = qs.filter(timestamp__gte=_start_of(f.date_from))
    if f.date_to:
        qs = qs.filter(timestamp__lt=_start_of(f.date_to + timedelta(days=1)))
    return qs.order_by("-timestamp", "-id")
