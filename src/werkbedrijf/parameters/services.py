from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change

from .models import LegalParameter, Origin
from .permissions import may_change_legal_parameters
from .validation import find_overlap, overlap_message, version_errors

AUDIT_CONTEXT = "Legal parameters: new dated version"
AUDIT_CONTEXT_CORRECTION = "Legal parameters: correction of a version"


def _check_permission(user) -> None:
    if not may_change_legal_parameters(user):
        raise PermissionDenied(
            "Changing legal parameters needs the permission parameters.change_legalparameter."
        )


def _required(**values) -> dict[str, list[str]]:
    return {name: [_("This field is required.")] for name, value in values.items() if value is None}


def legal_parameter_create(
    *,
    user,
    key: str,
    variant: str = "",
    value: Decimal,
    unit: str,
    valid_from: date,
    valid_to: date | None = None,
    source: str,
    confidence: str,
    note: str = "",
    request=None,
) -> LegalParameter:
    """Add a dated version of a legal parameter (valid_to exclusive).

    An open-ended version that starts earlier is closed on the new start date. Any other overlap with
    an existing version is refused: the administrator must then choose other dates.
    """
    _check_permission(user)
    errors = _required(value=value, valid_from=valid_from) | version_errors(
        key=key,
        variant=variant,
        value=value,
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
        confidence=confidence,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        versions = list(LegalParameter.objects.select_for_update().filter(key=key, variant=variant))
        to_close, conflict = find_overlap(versions, valid_from=valid_from, valid_to=valid_to)
        if conflict is not None:
            raise ValidationError({"valid_from": [overlap_message(conflict)]})
        if to_close is not None:
            to_close.valid_to = valid_from
            to_close.save(update_fields=["valid_to"])
            log_change(
                actor=user,
                action=AccessAction.UPDATE,
                object_type="legal_parameter",
                object_uuid=to_close.uuid,
                object_label=_label(to_close),
                context=AUDIT_CONTEXT,
                changed_fields=["valid_to"],
                request=request,
            )
        parameter = LegalParameter(
            key=key,
            variant=variant,
            value=value,
            unit=unit,
            valid_from=valid_from,
            valid_to=valid_to,
            source=source.strip(),
            confidence=confidence,
            note=note.strip(),
            origin=Origin.ADMIN,
        )
        parameter.full_clean()
        parameter.save()
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="legal_parameter",
            object_uuid=parameter.uuid,
            object_label=_label(parameter),
            context=AUDIT_CONTEXT,
            changed_fields=[
                "key",
                "variant",
                "value",
                "unit",
                "valid_from",
                "valid_to",
                "source",
                "confidence",
                "note",
                "origin",
            ],
            request=request,
        )
    return parameter


def legal_parameter_correct(
    *,
    user,
    parameter: LegalParameter,
    value: Decimal,
    source: str,
    confidence: str,
    note: str,
    request=None,
) -> LegalParameter:
    """Correct the value, source, confidence or note of an existing version; its period stays the same.

    For a wrong or unconfirmed value of a period, where adding a new version would overlap. The corrected
    row counts as entered by an administrator from then on, so loading the shipped files never undoes it.
    """
    _check_permission(user)
    errors = _required(value=value) | version_errors(
        key=parameter.key,
        variant=None,
        value=value,
        valid_from=None,
        valid_to=None,
        source=source,
        confidence=confidence,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = LegalParameter.objects.select_for_update().get(pk=parameter.pk)
        new = {
            "value": value,
            "source": source.strip(),
            "confidence": confidence,
            "note": note.strip(),
            "origin": Origin.ADMIN,
        }
        changed = [name for name, new_value in new.items() if getattr(row, name) != new_value]
        if not set(changed) - {"origin"}:
            raise ValidationError(_("Nothing was changed: correct the value, source, confidence or note."))
        for name in changed:
            setattr(row, name, new[name])
        row.full_clean()
        row.save(update_fields=changed)
        log_change(
            actor=user,
            action=AccessAction.UPDATE,
            object_type="legal_parameter",
            object_uuid=row.uuid,
            object_label=_label(row),
            context=AUDIT_CONTEXT_CORRECTION,
            changed_fields=changed,
            request=request,
        )
    return row


def _label(parameter: LegalParameter) -> str:
    variant = f" [{parameter.variant}]" if parameter.variant else ""
    return f"{parameter.key}{variant} {parameter.valid_from.isoformat()}"
