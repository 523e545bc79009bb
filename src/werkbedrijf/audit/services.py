"""Writing to the access log. Every read of a person's full record and every write of personal data
goes through here; callers pass the why-context (the screen, API call or job doing it)."""

from collections.abc import Iterable
from uuid import UUID

from django.conf import settings

from .models import AccessAction, AccessLogEntry


def _client_ip(request) -> str | None:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, the one the outermost proxy saw."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _actor_snapshot(actor, request) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_username": "system", "actor_organisation": "", "actor_roles": ""}
    region = getattr(request, "region", None) if request is not None else None
    roles = ""
    if region is not None:
        roles = ",".join(sorted(a.role for a in actor.role_assignments.all() if a.region_id == region.pk))
    return {
        "actor": actor,
        "actor_username": actor.get_username(),
        "actor_organisation": actor.organisation.name if actor.organisation_id else "",
        "actor_roles": roles,
    }


def log_access(
    *,
    actor,
    action: str,
    object_type: str,
    context: str,
    object_uuid: UUID | None = None,
    object_label: str = "",
    changed_fields: Iterable[str] = (),
    subject_uuids: Iterable[UUID] = (),
    region_code: str = "",
    request=None,
) -> AccessLogEntry:
    if action not in AccessAction.values:
        raise ValueError(f"Unknown access-log action {action!r}")
    if not context:
        raise ValueError("An access-log entry needs a context: why was the data used?")
    region = getattr(request, "region", None) if request is not None else None
    return AccessLogEntry.objects.create(
        **_actor_snapshot(actor, request),
        region_code=region_code or (region.code if region is not None else ""),
        action=action,
        object_type=object_type,
        object_uuid=object_uuid,
        object_label=object_label[:100],
        context=context[:300],
        changed_fields=sorted(changed_fields),
        subject_uuids=[str(u) for u in subject_uuids],
        ip_address=_client_ip(request),
        # The path only: query strings carry searches (names, BSNs) that must not end up in the log.
        request_path=request.path[:500] if request is not None else "",
    )


def log_change(*, action: str, **fields) -> AccessLogEntry:
    """A write (create, update, delete): pass the changed field names in changed_fields, never values."""
    if action not in {AccessAction.CREATE, AccessAction.UPDATE, AccessAction.DELETE}:
        raise ValueError(f"log_change is for writes, not {action!r}")
    return log_access(action=action, **fields)
