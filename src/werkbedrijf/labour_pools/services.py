"""Every write about labour pools. Each checks the rules in labour_pools/permissions.py, validates (errors as
a ValidationError with a dict of field → messages), runs in one transaction and leaves an audit entry (field
names only, never values). Nothing is deleted: ending a membership or a secondment writes its end date and
reason.

For demo data and other callers, the building blocks are:
- pool_create(...) → LabourPool
- membership_add(pool=..., candidate=..., started_on=..., hours_per_week=...) → PoolMembership
- secondment_add(membership=..., employer=..., started_on=..., hours_per_week=...) → Secondment
- group_secondment_add(pool=..., memberships=[...], employer=..., ...) → list[Secondment]
each called with a `user` who may manage pools in `region` (an account manager, consultant or instrument
officer there) and, for membership_add, may add that candidate (own organisation in full, or region consent).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import has_role, pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.candidates.models import Candidate, Consent, ConsentScope
from werkbedrijf.employers.models import Employer, EmployerLocation
from werkbedrijf.regions.models import Region

from .models import MAX_HOURS_PER_WEEK, LabourPool, PoolKind, PoolMembership, Secondment
from .permissions import may_add_candidate, pool_rule
from .selectors import OPERATOR_KINDS, hours_text, member_label

UNCHANGED = object()  # default of pool_update's arguments: leave the field as it is


def _check_manage(user, region) -> None:
    if not pool_rule(user, region).manage:
        raise PermissionDenied


def _in_region(pool: LabourPool, region: Region) -> None:
    if pool.region_id != region.pk:
        raise PermissionDenied


def _hours_error(hours) -> str | None:
    try:
        value = Decimal(str(hours)) if hours is not None else None
    except InvalidOperation:
        value = None
    if (
        value is None
        or not (Decimal("0") < value <= MAX_HOURS_PER_WEEK)
        or value != value.quantize(Decimal("0.1"))
    ):
        return _("Enter a number of hours a week above 0 and at most 40 (one decimal at most).")
    return None


def _label(user, region, candidate: Candidate) -> str:
    return member_label(user=user, region=region, candidate=candidate)


def _log(*, user, region, action, object_type, obj, label, context, fields, subjects=(), request=None):
    log_change(
        actor=user,
        action=action,
        object_type=object_type,
        object_uuid=obj.uuid,
        object_label=label,
        context=context,
        changed_fields=fields,
        subject_uuids=subjects,
        region_code=region.code,
        request=request,
    )


# Pools


def _pool_field_errors(region, **values) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "name" in values and not values["name"]:
        errors["name"] = [_("Enter the name of the pool.")]
    if "kind" in values and values["kind"] not in PoolKind.values:
        errors["kind"] = [_("Choose labour pool or group secondment.")]
    if "operator" in values:
        operator = values["operator"]
        if (
            operator is None
            or operator.region_id != region.pk
            or operator.kind not in OPERATOR_KINDS
            or not operator.is_active
        ):
            errors["operator"] = [
                _(
                    "Choose an SW company, Werkbedrijf, municipality or job-coach provider of this region "
                    "as operator."
                )
            ]
    if "job_coach" in values:
        coach = values["job_coach"]
        if coach is not None and (
            not coach.is_active or coach.is_external or not has_role(coach, region, Role.CONSULTANT)
        ):
            # No name in the message: the uuid may be anyone's, also outside the region.
            errors["job_coach"] = [_("Choose a consultant / job coach of this region as job coach.")]
    return errors


def pool_create(
    *,
    user,
    region: Region,
    name: str,
    kind: str,
    operator,
    description: str = "",
    job_coach=None,
    request=None,
) -> LabourPool:
    _check_manage(user, region)
    name = (name or "").strip()
    errors = _pool_field_errors(region, name=name, kind=kind, operator=operator, job_coach=job_coach)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pool = LabourPool.objects.create(
            region=region,
            name=name,
            kind=kind,
            operator=operator,
            description=(description or "").strip(),
            job_coach=job_coach,
            created_by=user,
        )
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE,
            object_type="labour_pool",
            obj=pool,
            label=name,
            context="Werkpool aangemaakt",
            fields=["name", "kind", "operator", "description", "job_coach"],
            request=request,
        )
    return pool


def pool_update(
    *,
    user,
    region: Region,
    pool: LabourPool,
    name=UNCHANGED,
    kind=UNCHANGED,
    operator=UNCHANGED,
    description=UNCHANGED,
    job_coach=UNCHANGED,
    request=None,
) -> LabourPool:
    """Change the given fields (the others stay as they are); records which fields changed."""
    _check_manage(user, region)
    _in_region(pool, region)
    given = {
        key: value
        for key, value in {
            "name": (name or "").strip() if name is not UNCHANGED else name,
            "kind": kind,
            "operator": operator,
            "description": (description or "").strip() if description is not UNCHANGED else description,
            "job_coach": job_coach,
        }.items()
        if value is not UNCHANGED
    }
    # An operator or job coach kept as it was is not checked again, so that other fields stay editable.
    checked = {k: v for k, v in given.items() if k not in ("operator", "job_coach") or v != getattr(pool, k)}
    errors = _pool_field_errors(region, **checked)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pool = LabourPool.objects.select_for_update().get(pk=pool.pk)
        changed = [f for f, v in given.items() if getattr(pool, f) != v]
        for f in changed:
            setattr(pool, f, given[f])
        if changed:
            pool.save(update_fields=[*changed, "updated_at"])
            _log(
                user=user,
                region=region,
                action=AccessAction.UPDATE,
                object_type="labour_pool",
                obj=pool,
                label=pool.name,
                context="Werkpool gewijzigd",
                fields=changed,
                request=request,
            )
    return pool


def _end_errors(*, ended_on, reason: str, started_on: date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if ended_on is None:
        errors["ended_on"] = [_("Enter the end date.")]
    elif started_on is not None and ended_on < started_on:
        errors["ended_on"] = [
            _("The end date cannot be before the start date (%(date)s).")
            % {"date": started_on.strftime("%d-%m-%Y")}
        ]
    if not reason:
        errors["reason"] = [_("Give the reason for ending.")]
    return errors


def _end_secondments(*, user, region, membership: PoolMembership, ended_on: date, reason: str, request):
    """End the membership's secondments that run past `ended_on` on that date; returns how many."""
    running = list(
        Secondment.objects.select_for_update()
        .filter(membership=membership)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=ended_on))
    )
    for secondment in running:
        secondment.ended_on = ended_on
        secondment.end_reason = reason
        secondment.save(update_fields=["ended_on", "end_reason"])
        _log(
            user=user,
            region=region,
            action=AccessAction.UPDATE,
            object_type="labour_pool_secondment",
            obj=secondment,
            label=pseudonym("kandidaat", membership.candidate.uuid),
            context="Detachering beëindigd met het lidmaatschap",
            fields=["ended_on", "end_reason"],
            subjects=[membership.candidate.uuid],
            request=request,
        )
    return len(running)


def _later_secondment_error(user, region, membership: PoolMembership, ended_on: date) -> str | None:
    later = (
        Secondment.objects.filter(membership=membership, started_on__gt=ended_on)
        .select_related("employer__organisation")
        .order_by("started_on")
        .first()
    )
    if later is None:
        return None
    return _(
        "%(member)s has a secondment at %(employer)s starting on %(date)s, after this end date. Choose a "
        "later end date."
    ) % {
        "member": _label(user, region, membership.candidate),
        "employer": later.employer.name,
        "date": later.started_on.strftime("%d-%m-%Y"),
    }


def _end_membership(*, user, region, membership, ended_on, reason, request, context):
    membership.ended_on = ended_on
    membership.end_reason = reason
    membership.save(update_fields=["ended_on", "end_reason"])
    _log(
        user=user,
        region=region,
        action=AccessAction.UPDATE,
        object_type="labour_pool_membership",
        obj=membership,
        label=pseudonym("kandidaat", membership.candidate.uuid),
        context=context,
        fields=["ended_on", "end_reason"],
        subjects=[membership.candidate.uuid],
        request=request,
    )
    _end_secondments(
        user=user, region=region, membership=membership, ended_on=ended_on, reason=reason, request=request
    )


def pool_end(
    *, user, region: Region, pool: LabourPool, ended_on: date, reason: str, request=None
) -> LabourPool:
    """End the pool; its current memberships, and their secondments, end on the same date."""
    _check_manage(user, region)
    _in_region(pool, region)
    reason = (reason or "").strip()
    errors = _end_errors(ended_on=ended_on, reason=reason, started_on=None)
    if pool.ended_on is not None:
        errors.setdefault("ended_on", []).append(_("This pool has already ended."))
    if not errors:
        for membership in PoolMembership.objects.filter(pool=pool, ended_on__isnull=True).select_related(
            "candidate"
        ):
            if ended_on < membership.started_on:
                errors.setdefault("ended_on", []).append(
                    _("%(member)s becomes a member only on %(date)s. End that membership first.")
                    % {
                        "member": _label(user, region, membership.candidate),
                        "date": membership.started_on.strftime("%d-%m-%Y"),
                    }
                )
            elif message := _later_secondment_error(user, region, membership, ended_on):
                errors.setdefault("ended_on", []).append(message)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pool = LabourPool.objects.select_for_update().get(pk=pool.pk)
        for membership in (
            PoolMembership.objects.select_for_update()
            .filter(pool=pool)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=ended_on))
            .select_related("candidate")
        ):
            _end_membership(
                user=user,
                region=region,
                membership=membership,
                ended_on=ended_on,
                reason=reason,
                request=request,
                context="Lidmaatschap beëindigd met de werkpool",
            )
        pool.ended_on = ended_on
        pool.end_reason = reason
        pool.save(update_fields=["ended_on", "end_reason", "updated_at"])
        _log(
            user=user,
            region=region,
            action=AccessAction.UPDATE,
            object_type="labour_pool",
            obj=pool,
            label=pool.name,
            context="Werkpool beëindigd",
            fields=["ended_on", "end_reason"],
            request=request,
        )
    return pool


# Members


def _has_consent(candidate: Candidate) -> bool:
    annotated = getattr(candidate, "has_region_consent", None)
    if annotated is not None:
        return bool(annotated)
    return Consent.objects.filter(
        candidate=candidate, scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True
    ).exists()


def membership_add(
    *,
    user,
    region: Region,
    pool: LabourPool,
    candidate: Candidate | None,
    started_on: date,
    hours_per_week,
    note: str = "",
    request=None,
) -> PoolMembership:
    """Make a candidate a member of the pool from `started_on` for some hours a week."""
    _check_manage(user, region)
    _in_region(pool, region)
    errors: dict[str, list[str]] = {}
    if candidate is None or candidate.region_id != region.pk:
        errors["candidate"] = [_("Choose a candidate of this region.")]
    elif not may_add_candidate(user, region, candidate, has_region_consent=_has_consent(candidate)):
        errors["candidate"] = [
            _(
                "You can add your own organisation's candidates, or candidates who gave consent to share "
                "their profile in the region."
            )
        ]
    if started_on is None:
        errors["started_on"] = [_("Enter the date the membership starts.")]
    elif pool.ended_on is not None and started_on > pool.ended_on:
        errors["started_on"] = [
            _("The pool ended on %(date)s.") % {"date": pool.ended_on.strftime("%d-%m-%Y")}
        ]
    if message := _hours_error(hours_per_week):
        errors["hours_per_week"] = [message]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        LabourPool.objects.select_for_update().get(pk=pool.pk)
        overlapping = PoolMembership.objects.filter(pool=pool, candidate=candidate).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=started_on)
        )
        if overlapping.exists():
            raise ValidationError(
                {
                    "candidate": [
                        _("%(member)s is already a member of this pool in this period.")
                        % {"member": _label(user, region, candidate)}
                    ]
                }
            )
        membership = PoolMembership.objects.create(
            pool=pool,
            candidate=candidate,
            started_on=started_on,
            hours_per_week=Decimal(str(hours_per_week)),
            note=(note or "").strip(),
            created_by=user,
        )
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE,
            object_type="labour_pool_membership",
            obj=membership,
            label=pseudonym("kandidaat", candidate.uuid),
            context="Lid toegevoegd aan werkpool",
            fields=["candidate", "started_on", "hours_per_week", "note"],
            subjects=[candidate.uuid],
            request=request,
        )
    return membership


def membership_end(
    *, user, region: Region, membership: PoolMembership, ended_on: date, reason: str, request=None
) -> PoolMembership:
    """End a membership; its secondments that run past the date end on the same date, with the same reason."""
    _check_manage(user, region)
    _in_region(membership.pool, region)
    reason = (reason or "").strip()
    errors = _end_errors(ended_on=ended_on, reason=reason, started_on=membership.started_on)
    if membership.ended_on is not None:
        errors.setdefault("ended_on", []).append(_("This membership has already ended."))
    elif (
        ended_on is not None
        and "ended_on" not in errors
        and (message := _later_secondment_error(user, region, membership, ended_on))
    ):
        errors["ended_on"] = [message]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        membership = (
            PoolMembership.objects.select_for_update()
            .select_related("candidate", "pool")
            .get(pk=membership.pk)
        )
        if membership.ended_on is not None:
            raise ValidationError({"ended_on": [_("This membership has already ended.")]})
        _end_membership(
            user=user,
            region=region,
            membership=membership,
            ended_on=ended_on,
            reason=reason,
            request=request,
            context="Lidmaatschap werkpool beëindigd",
        )
    return membership


# Secondments


def _employer_errors(region, employer, location) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(employer, Employer) or employer.organisation.region_id != region.pk:
        errors["employer"] = [_("Choose an employer of this region.")]
    elif location is not None and (
        not isinstance(location, EmployerLocation) or location.employer_id != employer.pk
    ):
        errors["location"] = [_("Choose a location of this employer, or none.")]
    return errors


def _period_errors(started_on, ended_on) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if started_on is None:
        errors["started_on"] = [_("Enter the date the secondment starts.")]
    elif ended_on is not None and ended_on < started_on:
        errors["ended_on"] = [_("The end date cannot be before the start date.")]
    return errors


def _membership_errors(
    user, region, membership: PoolMembership, started_on: date, ended_on: date | None, hours: Decimal
) -> list[tuple[str, str]]:
    """What stops a secondment of this member in this period with these hours, as (field, message)."""
    label = _label(user, region, membership.candidate)
    fmt = "%d-%m-%Y"
    if started_on < membership.started_on:
        message = _("%(member)s is a member only from %(date)s; the secondment cannot start earlier.")
        return [("started_on", message % {"member": label, "date": membership.started_on.strftime(fmt)})]
    if membership.ended_on is not None and (ended_on is None or ended_on > membership.ended_on):
        message = _("The membership of %(member)s ends on %(date)s; the secondment must end by then.")
        return [("ended_on", message % {"member": label, "date": membership.ended_on.strftime(fmt)})]
    overlapping = Secondment.objects.filter(membership=membership).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=started_on)
    )
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lte=ended_on)
    seconded = sum((s.hours_per_week for s in overlapping), Decimal("0"))
    if seconded + hours > membership.hours_per_week:
        message = _(
            "%(member)s is a member for %(member_hours)s hours a week and is already seconded for "
            "%(seconded)s of them in this period, so at most %(left)s hours a week are left."
        )
        values = {
            "member": label,
            "member_hours": hours_text(membership.hours_per_week),
            "seconded": hours_text(seconded),
            "left": hours_text(max(membership.hours_per_week - seconded, Decimal("0"))),
        }
        return [("hours_per_week", message % values)]
    return []


def _secondment_errors(
    region, employer, location, started_on, ended_on, hours_per_week
) -> dict[str, list[str]]:
    errors = {**_employer_errors(region, employer, location), **_period_errors(started_on, ended_on)}
    if message := _hours_error(hours_per_week):
        errors["hours_per_week"] = [message]
    return errors


def _create_secondment(
    *, user, region, membership, employer, location, started_on, ended_on, hours, tasks, request, context
):
    secondment = Secondment.objects.create(
        membership=membership,
        employer=employer,
        location=location,
        started_on=started_on,
        ended_on=ended_on,
        hours_per_week=hours,
        tasks=tasks,
        created_by=user,
    )
    _log(
        user=user,
        region=region,
        action=AccessAction.CREATE,
        object_type="labour_pool_secondment",
        obj=secondment,
        label=pseudonym("kandidaat", membership.candidate.uuid),
        context=context,
        fields=["employer", "location", "started_on", "ended_on", "hours_per_week", "tasks"],
        subjects=[membership.candidate.uuid],
        request=request,
    )
    return secondment


def secondment_add(
    *,
    user,
    region: Region,
    membership: PoolMembership,
    employer: Employer,
    started_on: date,
    hours_per_week,
    ended_on: date | None = None,
    location: EmployerLocation | None = None,
    tasks: str = "",
    request=None,
) -> Secondment:
    """Second a member to an employer of the region for some of their membership hours."""
    _check_manage(user, region)
    _in_region(membership.pool, region)
    errors = _secondment_errors(region, employer, location, started_on, ended_on, hours_per_week)
    if errors:
        raise ValidationError(errors)
    hours = Decimal(str(hours_per_week))
    with transaction.atomic():
        # Locks the membership, so that two secondments at once cannot together exceed its hours.
        membership = (
            PoolMembership.objects.select_for_update()
            .select_related("candidate", "pool")
            .get(pk=membership.pk)
        )
        if problems := _membership_errors(user, region, membership, started_on, ended_on, hours):
            raise ValidationError({field: [message] for field, message in problems})
        return _create_secondment(
            user=user,
            region=region,
            membership=membership,
            employer=employer,
            location=location,
            started_on=started_on,
            ended_on=ended_on,
            hours=hours,
            tasks=(tasks or "").strip(),
            request=request,
            context="Detachering vastgelegd",
        )


def group_secondment_add(
    *,
    user,
    region: Region,
    pool: LabourPool,
    memberships: list[PoolMembership],
    employer: Employer,
    started_on: date,
    hours_per_week,
    ended_on: date | None = None,
    location: EmployerLocation | None = None,
    tasks: str = "",
    request=None,
) -> list[Secondment]:
    """Second several members of a pool to one employer at once (groepsdetachering): the same period, hours a
    week per member and tasks. All or nothing: if one member cannot be seconded, none is."""
    _check_manage(user, region)
    _in_region(pool, region)
    errors = _secondment_errors(region, employer, location, started_on, ended_on, hours_per_week)
    if not memberships:
        errors["memberships"] = [_("Choose at least one member.")]
    elif any(m.pool_id != pool.pk for m in memberships):
        errors["memberships"] = [_("Choose members of this pool.")]
    if errors:
        raise ValidationError(errors)
    hours = Decimal(str(hours_per_week))
    with transaction.atomic():
        locked = list(
            PoolMembership.objects.select_for_update()
            .select_related("candidate", "pool")
            .filter(pk__in=[m.pk for m in memberships])
            .order_by("pk")
        )
        member_errors = [
            message
            for membership in locked
            for _field, message in _membership_errors(user, region, membership, started_on, ended_on, hours)
        ]
        if member_errors:
            raise ValidationError({"memberships": member_errors})
        return [
            _create_secondment(
                user=user,
                region=region,
                membership=membership,
                employer=employer,
                location=location,
                started_on=started_on,
                ended_on=ended_on,
                hours=hours,
                tasks=(tasks or "").strip(),
                request=request,
                context="Groepsdetachering vastgelegd",
            )
            for membership in locked
        ]


def secondment_end(
    *, user, region: Region, secondment: Secondment, ended_on: date, reason: str, request=None
) -> Secondment:
    """End a secondment (or bring its planned end forward); the row stays as history."""
    _check_manage(user, region)
    _in_region(secondment.membership.pool, region)
    reason = (reason or "").strip()
    errors = _end_errors(ended_on=ended_on, reason=reason, started_on=secondment.started_on)
    if secondment.end_reason:
        errors.setdefault("ended_on", []).append(_("This secondment has already ended."))
    elif ended_on is not None and secondment.ended_on is not None and ended_on > secondment.ended_on:
        errors.setdefault("ended_on", []).append(
            _("The secondment already ends on %(date)s; it cannot be extended here. Record a new one.")
            % {"date": secondment.ended_on.strftime("%d-%m-%Y")}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        secondment = (
            Secondment.objects.select_for_update()
            .select_related("membership__candidate")
            .get(pk=secondment.pk)
        )
        secondment.ended_on = ended_on
        secondment.end_reason = reason
        secondment.save(update_fields=["ended_on", "end_reason"])
        _log(
            user=user,
            region=region,
            action=AccessAction.UPDATE,
            object_type="labour_pool_secondment",
            obj=secondment,
            label=pseudonym("kandidaat", secondment.membership.candidate.uuid),
            context="Detachering beëindigd",
            fields=["ended_on", "end_reason"],
            subjects=[secondment.membership.candidate.uuid],
            request=request,
        )
    return secondment
