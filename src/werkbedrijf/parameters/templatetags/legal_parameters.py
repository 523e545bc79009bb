from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()

_MONEY_UNITS = {"EUR", "EUR/hour", "EUR/month", "EUR/year"}


@register.filter
def parameter_value(value: Decimal, unit: str) -> str:
    """A stored value as users read it: money with cents, other values without trailing zeros."""
    if unit in _MONEY_UNITS:
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    normalized = value.normalize()
    decimals = max(0, -normalized.as_tuple().exponent)
    return number_format(normalized, decimal_pos=decimals, use_l10n=True, force_grouping=True)
