"""The rules a version of a legal parameter must meet, without the database.

The form runs them so a user sees every problem in one round; the services run them again before saving.
Dates are the model's: valid_to is exclusive (the day after the last day).
"""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .keys import DEFINITIONS, ParameterDefinition, variant_label
from .models import Confidence


def value_errors(definition: ParameterDefinition, value: Decimal) -> list[str]:
    """What is wrong with `value` for this parameter (empty when it is acceptable)."""
    if not value.is_finite() or value < 0:
        return [_("Enter a value of at least 0.")]
    maximum = definition.maximum
    if maximum is not None and value > maximum:
        if definition.unit == "%":
            return [_("A percentage cannot be more than 100.")]
        return [
            _("Enter a value of at most %(maximum)s (%(unit)s).")
            % {"maximum": number_format(maximum, force_grouping=True), "unit": definition.unit_label}
        ]
    if definition.whole_number and value != value.to_integral_value():
        return [_("Enter a whole number (%(unit)s).") % {"unit": definition.unit_label}]
    return []


def variant_errors(definition: ParameterDefinition, variant: str) -> list[str]:
    if variant in definition.variants:
        return []
    if definition.variants == ("",):
        return [_("This parameter has no variants: choose “None (the general value)”.")]
    allowed = "; ".join(variant_label(v) for v in definition.variants)
    return [_("This variant does not exist for this parameter. Choose from: %s.") % allowed]


def version_errors(
    *,
    key: str | None,
    variant: str | None,
    value: Decimal | None,
    valid_from: date | None,
    valid_to: date | None,
    source: str | None,
    confidence: str | None,
    unit: str | None = None,
) -> dict[str, list[str]]:
    """Errors per field name. A None argument is not checked: the caller reports a missing value itself."""
    errors: dict[str, list[str]] = {}
    definition = DEFINITIONS.get(key) if key is not None else None
    if key is not None and definition is None:
        errors["key"] = [_("Unknown parameter.")]
    if definition is not None:
        if variant is not None and (problems := variant_errors(definition, variant)):
            errors["variant"] = problems
        if unit is not None and unit != definition.unit:
            errors["unit"] = [_("The unit of this parameter is %s.") % definition.unit_label]
        if value is not None and (problems := value_errors(definition, value)):
            errors["value"] = problems
    elif value is not None and (not value.is_finite() or value < 0):
        errors["value"] = [_("Enter a value of at least 0.")]
    if valid_from is not None and valid_to is not None and valid_to <= valid_from:
        errors["valid_to"] = [_("The last day cannot be before the first day.")]
    if source is not None and not source.strip():
        errors["source"] = [_("Give the source: the law, regulation or publication this value comes from.")]
    if confidence is not None and confidence not in Confidence.values:
        errors["confidence"] = [_("Choose how certain the value is.")]
    return errors


def find_overlap(versions, *, valid_from: date, valid_to: date | None):
    """(version to close, conflicting version) for a new period among the versions of one key and variant.

    An open-ended version that starts earlier is closed on the new start date; any other overlap conflicts.
    """
    to_close = None
    for version in sorted(versions, key=lambda v: v.valid_from):
        if valid_to is not None and version.valid_from >= valid_to:
            continue
        if version.valid_to is not None and version.valid_to <= valid_from:
            continue
        if version.valid_to is None and version.valid_from < valid_from:
            to_close = version
            continue
        return to_close, version
    return to_close, None


def overlap_message(version) -> str:
    start = date_format(version.valid_from, "SHORT_DATE_FORMAT")
    if version.last_day is None:
        return _(
            "This period overlaps the version from %(start)s, which has no end date. Choose a start date "
            "after %(start)s, or a last day before it."
        ) % {"start": start}
    return _(
        "This period overlaps the version from %(start)s through %(end)s. Choose another start date or an "
        "earlier last day."
    ) % {"start": start, "end": date_format(version.last_day, "SHORT_DATE_FORMAT")}
