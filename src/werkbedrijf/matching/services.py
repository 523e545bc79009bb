"""Writing the matching configuration: every change is a new version (append-only), audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.regions.models import Region
from werkbedrijf.vacancies.models import VacancyKind

from .models import (
    MAX_BONUS,
    MAX_WAITING_CAP_MONTHS,
    MAX_WEIGHT,
    WEIGHT_FIELDS,
    MatchWeights,
    PriorityEffect,
    PriorityRule,
)
from .permissions import may_edit_configuration

RULE_FIELDS = ("name", "valid_from", "valid_until", "job_kinds", "target_groups", "effect", "bonus", "active")


def _fmt(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _check_edit(user, region) -> None:
    if not may_edit_configuration(user, region):
        raise PermissionDenied


def _log(*, user, region, obj, label: str, context: str, fields, request) -> None:
    log_change(
        actor=user,
        action=AccessAction.CREATE,
        object_type=obj._meta.model_name,
        object_uuid=obj.uuid,
        object_label=label,
        context=context,
        changed_fields=fields,
        region_code=region.code,
        request=request,
    )


def match_weights_create(
    *, user, region: Region, valid_from: date, change_note: str = "", request=None, **weights: int
) -> MatchWeights:
    """A new version of the region's weights from `valid_from`; weights left out are taken over from the
    latest version (or the engine's defaults)."""
    _check_edit(user, region)
    unknown = set(weights) - {*WEIGHT_FIELDS, "waiting_cap_months"}
    if unknown:
        raise TypeError(f"unknown weights: {sorted(unknown)}")
    latest = MatchWeights.objects.filter(region=region).order_by("-number").first()
    base = {name: getattr(latest or MatchWeights(), name) for name in (*WEIGHT_FIELDS, "waiting_cap_months")}
    values = {**base, **weights}
    errors: dict[str, list[str]] = {}
    for name in WEIGHT_FIELDS:
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            errors[name] = [
                _("A weight is a whole number of points from 0 to %(max)s.") % {"max": MAX_WEIGHT}
            ]
    cap = values["waiting_cap_months"]
    if isinstance(cap, bool) or not isinstance(cap, int) or not 1 <= cap <= MAX_WAITING_CAP_MONTHS:
        errors["waiting_cap_months"] = [
            _("Give a whole number of months from 1 to %(max)s.") % {"max": MAX_WAITING_CAP_MONTHS}
        ]
    if valid_from is None:
        errors["valid_from"] = [_("Enter the date from which this version applies.")]
    if latest is not None and not (change_note or "").strip():
        errors["change_note"] = [_("Say briefly what changed, for the history.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Region.objects.select_for_update().get(pk=region.pk)
        number = (
            MatchWeights.objects.filter(region=region)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        version = MatchWeights.objects.create(
            region=region,
            number=number,
            valid_from=valid_from,
            change_note=(change_note or "").strip(),
            created_by=user,
            **values,
        )
        changed = [name for name in base if latest is None or base[name] != values[name]]
        _log(
            user=user,
            region=region,
            obj=version,
            label=version.version_label,
            context=f"Nieuwe versie {number} van de matchingsgewichten vanaf {_fmt(valid_from)}",
            fields=["valid_from", *changed],
            request=request,
        )
    return version


def _rule_errors(values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("Give the rule a name.")]
    if values.get("valid_from") is None:
        errors["valid_from"] = [_("Enter the date from which the rule applies.")]
    elif values.get("valid_until") is not None and values["valid_until"] < values["valid_from"]:
        errors["valid_until"] = [_("The end cannot be before the start.")]
    if set(values.get("job_kinds") or ()) - set(VacancyKind.values):
        errors["job_kinds"] = [_("Choose kinds of job from the list.")]
    if set(values.get("target_groups") or ()) - set(TargetGroup.values):
        errors["target_groups"] = [_("Choose target groups from the list.")]
    effect, bonus = values.get("effect"), values.get("bonus") or 0
    if effect not in PriorityEffect.values:
        errors["effect"] = [_("Choose the effect of the rule.")]
    elif effect == PriorityEffect.BONUS and not (isinstance(bonus, int) and 0 < bonus <= MAX_BONUS):
        errors["bonus"] = [_("A bonus is a whole number of points from 1 to %(max)s.") % {"max": MAX_BONUS}]
    elif effect == PriorityEffect.FIRST_TIER and bonus:
        errors["bonus"] = [_("A rule that ranks first gives no bonus points.")]
    return errors


def priority_rule_save(
    *, user, region: Region, code: str = "", change_note: str = "", request=None, **values
) -> PriorityRule:
    """A new priority rule (no `code`, or a code not used yet), or a new version of the rule with `code`.

    Fields left out of a new version are taken over from the latest one.
    """
    _check_edit(user, region)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    code = code or slugify(values.get("name", ""))[:50]
    latest = PriorityRule.objects.filter(region=region, code=code).order_by("-number").first()
    base = {name: getattr(latest, name) for name in RULE_FIELDS} if latest else {"active": True, "bonus": 0}
    merged = {**base, **values}
    merged["name"] = (merged.get("name") or "").strip()
    merged["job_kinds"] = sorted(set(merged.get("job_kinds") or ()))
    merged["target_groups"] = sorted(set(merged.get("target_groups") or ()))
    errors = _rule_errors(merged)
    if not code:
        errors.setdefault("name", [_("Give the rule a name.")])
    if latest is not None and not (change_note or "").strip():
        errors["change_note"] = [_("Say briefly what changed, for the history.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Region.objects.select_for_update().get(pk=region.pk)
        number = (
            PriorityRule.objects.filter(region=region, code=code)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        rule = PriorityRule.objects.create(
            region=region,
            code=code,
            number=number,
            change_note=(change_note or "").strip(),
            created_by=user,
            **{name: merged.get(name) for name in RULE_FIELDS},
        )
        changed = [
            name for name in RULE_FIELDS if latest is None or getattr(latest, name) != merged.get(name)
        ]
        _log(
            user=user,
            region=region,
            obj=rule,
            label=rule.name,
            context=f"Voorrangsregel {code}, versie {number}, vastgelegd",
            fields=changed,
            request=request,
        )
    return rule
