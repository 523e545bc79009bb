"""Every write to candidates. Only a user who sees the candidate in FULL (own organisation, with the
consultant or instrument-officer role in the region) may write; each write is in the access log."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, pseudonym, roles_in_region
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change

from .models import (
    STATUS_TRANSITIONS,
    AbilityLevel,
    AbilityRubric,
    Candidate,
    CandidateStatus,
    CandidateStatusChange,
    Consent,
    ConsentScope,
    FunctionalAbility,
    PoolSettings,
    RegisterGround,
)

# Fields a user may set through candidate_create / candidate_update (the rest is derived or service-owned).
EDITABLE_FIELDS = (
    "bsn",
    "first_name",
    "last_name_prefix",
    "last_name",
    "date_of_birth",
    "gender",
    "email",
    "phone",
    "postcode",
    "municipality",
    "consultant",
    "target_group",
    "register_ground",
    "registered_from",
    "registered_until",
    "hours_per_day",
    "needs_job_coach",
    "needs_workplace_adaptation",
    "needs_transport_support",
    "education_level",
    "skills",
    "languages",
    "driving_licence",
    "own_transport",
    "max_travel_km",
    "hours_per_week_min",
    "hours_per_week",
    "available_from",
)
M2M_FIELDS = ("desired_occupations", "sectors")
REQUIRED_ON_CREATE = (
    "bsn",
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "municipality",
    "target_group",
)


def in_register(
    *, register_ground: str, registered_from: date | None, registered_until: date | None, on: date
) -> bool:
    """Whether the register ground and dates put the candidate in the target-group register on `on`."""
    return (
        register_ground != RegisterGround.NONE
        and registered_from is not None
        and registered_from <= on
        and (registered_until is None or registered_until >= on)
    )


def _label(candidate: Candidate) -> str:
    return pseudonym("kandidaat", candidate.uuid)


def _log_candidate_change(
    *, action, user, region, candidate: Candidate, context: str, changed_fields, request
):
    log_change(
        action=action,
        actor=user,
        object_type="candidate",
        object_uuid=candidate.uuid,
        object_label=_label(candidate),
        context=context,
        changed_fields=changed_fields,
        region_code=region.code,
        request=request,
    )


def may_write(user, region, candidate: Candidate) -> bool:
    return (
        candidate.region_id == getattr(region, "pk", None)
        and candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL
    )


def _check_write(user, region, candidate: Candidate) -> None:
    if candidate.region_id != getattr(region, "pk", None):
        raise Http404
    visibility = candidate_visibility(user, region, candidate.responsible_organisation_id)
    if visibility < Visibility.PSEUDONYMISED:
        raise Http404
    if visibility < Visibility.FULL:
        raise PermissionDenied(_("Only the responsible organisation may change this candidate."))


def _locked(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().get(pk=candidate.pk)


def _check_municipality(candidate: Candidate, errors: dict) -> None:
    from werkbedrijf.regions.models import RegionMembership

    if (
        candidate.municipality_id
        and not RegionMembership.objects.filter(
            municipality_id=candidate.municipality_id, region_id=candidate.region_id
        ).exists()
    ):
        errors.setdefault("municipality", []).append(_("This municipality is not in the active region."))


def _check_consultant(candidate: Candidate, errors: dict) -> None:
    consultant = candidate.consultant
    if consultant is not None and (
        consultant.organisation_id != candidate.responsible_organisation_id or not consultant.is_active
    ):
        errors.setdefault("consultant", []).append(
            _("The consultant must be an active user of the responsible organisation.")
        )


def _validate(candidate: Candidate, *, exclude_unique: bool = False) -> None:
    errors: dict[str, list[str]] = {}
    try:
        candidate.full_clean(validate_unique=not exclude_unique)
    except ValidationError as exc:
        errors = {k: list(v) for k, v in exc.message_dict.items()}
    _check_municipality(candidate, errors)
    _check_consultant(candidate, errors)
    if errors:
        raise ValidationError(errors)


def _apply(candidate: Candidate, changes: Mapping[str, Any]) -> list[str]:
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    changed = []
    for name in EDITABLE_FIELDS:
        if name not in changes:
            continue
        value = changes[name]
        if name in ("bsn", "postcode", "first_name", "last_name", "last_name_prefix") and isinstance(
            value, str
        ):
            value = value.strip()
            if name == "postcode":
                value = value.upper()
                if len(value) == 6 and value[:4].isdigit():
                    value = f"{value[:4]} {value[4:]}"
        if name in ("municipality", "consultant"):
            current = getattr(candidate, f"{name}_id")
            new = value.pk if value is not None else None
            if current != new:
                setattr(candidate, name, value)
                changed.append(name)
            continue
        if getattr(candidate, name) != value:
            setattr(candidate, name, value)
            changed.append(name)
    return changed


def _derive_register(candidate: Candidate, changed: list[str]) -> None:
    derived = in_register(
        register_ground=candidate.register_ground,
        registered_from=candidate.registered_from,
        registered_until=candidate.registered_until,
        on=timezone.localdate(),
    )
    if derived != candidate.in_target_group_register:
        candidate.in_target_group_register = derived
        changed.append("in_target_group_register")


def _set_m2m(candidate: Candidate, changes: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in M2M_FIELDS:
        if name not in changes:
            continue
        new = {obj.pk for obj in changes[name]}
        manager = getattr(candidate, name)
        if set(manager.values_list("pk", flat=True)) != new:
            manager.set(new)
            changed.append(name)
    return changed


def _check_sectors(changes: Mapping[str, Any]) -> None:
    for sector in changes.get("sectors", ()):
        if sector.classification != "SBI2008" or sector.level != "sectie":
            raise ValidationError({"sectors": [_("Choose SBI 2008 sections (A to U).")]})


def candidate_create(*, user, region, request=None, **values: Any) -> Candidate:
    """A new candidate of the user's own organisation in the active region, status available."""
    if candidate_visibility(user, region, user.organisation_id) < Visibility.FULL:
        raise PermissionDenied(
            _("Only consultants and instrument officers of a municipality or UWV add candidates.")
        )
    missing = {
        name: [_("This field is required.")] for name in REQUIRED_ON_CREATE if values.get(name) in (None, "")
    }
    if missing:
        raise ValidationError(missing)
    _check_sectors(values)
    candidate = Candidate(region=region, responsible_organisation=user.organisation)
    _apply(candidate, values)
    _derive_register(candidate, [])
    _validate(candidate)
    with transaction.atomic():
        candidate.save()
        changed = _set_m2m(candidate, values)
        _log_candidate_change(
            action=AccessAction.CREATE,
            user=user,
            region=region,
            candidate=candidate,
            context="Kandidaat aangemaakt",
            changed_fields=[n for n in EDITABLE_FIELDS if n in values] + changed,
            request=request,
        )
    return candidate


def candidate_update(
    *, user, region, candidate: Candidate, changes: Mapping[str, Any], request=None
) -> Candidate:
    """Change profile fields; logs the names of the fields that changed (never their values)."""
    _check_write(user, region, candidate)
    _check_sectors(changes)
    with transaction.atomic():
        candidate = _locked(candidate)
        changed = _apply(candidate, changes)
        _derive_register(candidate, changed)
        _validate(candidate)
        if changed:
            candidate.save()
        changed += _set_m2m(candidate, changes)
        if changed:
            _log_candidate_change(
                action=AccessAction.UPDATE,
                user=user,
                region=region,
                candidate=candidate,
                context="Kandidaat gewijzigd",
                changed_fields=changed,
                request=request,
            )
    return candidate


def candidate_confirm(*, user, region, candidate: Candidate, request=None) -> Candidate:
    """The consultant has checked the profile with the candidate: it is fresh again."""
    _check_write(user, region, candidate)
    with transaction.atomic():
        candidate = _locked(candidate)
        candidate.last_confirmed_at = timezone.now()
        _derive_register(candidate, [])
        candidate.save(update_fields=["last_confirmed_at", "in_target_group_register", "updated_at"])
        _log_candidate_change(
            action=AccessAction.UPDATE,
            user=user,
            region=region,
            candidate=candidate,
            context="Kandidaatprofiel bevestigd",
            changed_fields=["last_confirmed_at"],
            request=request,
        )
    return candidate


def allowed_transitions(status: str) -> list[str]:
    return [s for s in CandidateStatus.values if s in STATUS_TRANSITIONS.get(status, ())]


def candidate_status_change(
    *, user, region, candidate: Candidate, to_status: str, reason: str, request=None
) -> CandidateStatusChange:
    """Move the candidate to another status along STATUS_TRANSITIONS, with a required reason."""
    _check_write(user, region, candidate)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason for the status change.")]})
    if to_status not in CandidateStatus.values:
        raise ValidationError({"to_status": [_("Unknown status.")]})
    with transaction.atomic():
        candidate = _locked(candidate)
        from_status = candidate.status
        if to_status not in STATUS_TRANSITIONS[from_status]:
            raise ValidationError(
                {
                    "to_status": [
                        _("A candidate cannot go from “%(from)s” to “%(to)s”.")
                        % {"from": CandidateStatus(from_status).label, "to": CandidateStatus(to_status).label}
                    ]
                }
            )
        change = status_record(candidate=candidate, to_status=to_status, reason=reason, actor=user)
        _log_candidate_change(
            action=AccessAction.UPDATE,
            user=user,
            region=region,
            candidate=candidate,
            context="Status van kandidaat gewijzigd",
            changed_fields=["status"],
            request=request,
        )
    return change


def status_record(*, candidate: Candidate, to_status: str, reason: str, actor) -> CandidateStatusChange:
    """Set the (locked) candidate's status and append the change to its history. No checks: for
    candidate_status_change and for other apps' services that follow a step of their own (a placement)."""
    from_status = candidate.status
    candidate.status = to_status
    candidate.save(update_fields=["status", "updated_at"])
    return CandidateStatusChange.objects.create(
        candidate=candidate,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        actor=actor,
        at=timezone.now(),
    )


def consent_give(*, user, region, candidate: Candidate, scope: str, given_at=None, request=None) -> Consent:
    """Record the candidate's consent for a scope; giving it again while active changes nothing."""
    _check_write(user, region, candidate)
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": [_("Unknown consent scope.")]})
    with transaction.atomic():
        candidate = _locked(candidate)
        active = Consent.objects.filter(candidate=candidate, scope=scope, withdrawn_at__isnull=True).first()
        if active is not None:
            return active
        consent = Consent.objects.create(
            candidate=candidate, scope=scope, given_at=given_at or timezone.now(), recorded_by=user
        )
        _log_candidate_change(
            action=AccessAction.CREATE,
            user=user,
            region=region,
            candidate=candidate,
            context=f"Toestemming vastgelegd ({scope})",
            changed_fields=["consent"],
            request=request,
        )
    return consent


def consent_withdraw(*, user, region, candidate: Candidate, scope: str, request=None) -> Consent | None:
    """Withdraw the active consent for a scope (the row stays, with its withdrawal date)."""
    _check_write(user, region, candidate)
    with transaction.atomic():
        candidate = _locked(candidate)
        active = Consent.objects.filter(candidate=candidate, scope=scope, withdrawn_at__isnull=True).first()
        if active is None:
            return None
        active.withdrawn_at = timezone.now()
        active.save(update_fields=["withdrawn_at"])
        _log_candidate_change(
            action=AccessAction.UPDATE,
            user=user,
            region=region,
            candidate=candidate,
            context=f"Toestemming ingetrokken ({scope})",
            changed_fields=["consent"],
            request=request,
        )
    return active


def functional_abilities_set(
    *, user, region, candidate: Candidate, abilities: Iterable[tuple[str, int | None, str]], request=None
) -> list[FunctionalAbility]:
    """Set the functional abilities, one (rubric, level, note) per rubric; level None removes one."""
    _check_write(user, region, candidate)
    wanted: dict[str, tuple[int | None, str]] = {}
    for rubric, level, note in abilities:
        if rubric not in AbilityRubric.values:
            raise ValidationError({"abilities": [_("Unknown rubric.")]})
        if level is not None and level not in AbilityLevel.values:
            raise ValidationError({rubric: [_("Choose a level from 1 to 4.")]})
        wanted[rubric] = (level, (note or "").strip())
    changed: list[str] = []
    with transaction.atomic():
        candidate = _locked(candidate)
        existing = {a.rubric: a for a in FunctionalAbility.objects.filter(candidate=candidate)}
        for rubric, (level, note) in wanted.items():
            current = existing.get(rubric)
            if level is None:
                if current is not None:
                    current.delete()
                    changed.append(rubric)
                continue
            if current is None:
                FunctionalAbility.objects.create(candidate=candidate, rubric=rubric, level=level, note=note)
                changed.append(rubric)
            elif (current.level, current.note) != (level, note):
                current.level, current.note = level, note
                current.save(update_fields=["level", "note"])
                changed.append(rubric)
        if changed:
            _log_candidate_change(
                action=AccessAction.UPDATE,
                user=user,
                region=region,
                candidate=candidate,
                context="Functionele mogelijkheden gewijzigd",
                changed_fields=[f"abilities.{r}" for r in changed],
                request=request,
            )
    return list(FunctionalAbility.objects.filter(candidate=candidate))


def may_change_pool_settings(user, region) -> bool:
    """The region's functional administrators set how the pool works (for now: the freshness period)."""
    return region is not None and Role.FUNCTIONAL_ADMIN in roles_in_region(user, region)


def pool_settings_update(*, user, region, freshness_days: int, reason: str, request=None) -> PoolSettings:
    """Change the freshness period of the region's pool. Logged with the old and new value (no personal data):
    the change makes profiles stale or fresh for every partner at once."""
    if not may_change_pool_settings(user, region):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the period changes; the change is logged with it.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("Keep the reason to at most 200 characters.")})
    with transaction.atomic():
        settings, _created = PoolSettings.objects.select_for_update().get_or_create(region=region)
        old = settings.freshness_days
        settings.freshness_days = freshness_days
        settings.full_clean()
        if old == freshness_days:
            return settings
        settings.save()
        log_change(
            action=AccessAction.UPDATE,
            actor=user,
            object_type="pool_settings",
            object_label=region.code,
            context=f"Actualiteitstermijn kandidatenpool van {old} naar {freshness_days} dagen: {reason}",
            changed_fields=["freshness_days"],
            region_code=region.code,
            request=request,
        )
    return settings
