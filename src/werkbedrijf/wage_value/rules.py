"""The legal figures in force on a date, read from the parameters app, as the calculations take them."""

from datetime import date
from decimal import Decimal

from werkbedrijf.parameters import keys
from werkbedrijf.parameters.models import Confidence
from werkbedrijf.parameters.selectors import ParameterNotFound, ParameterSet, parameters_on
from werkbedrijf.parameters.units import youth_variant

from .calculation import (
    EARLIEST_DATE,
    CalculationInputError,
    HoursRule,
    LkvJobsAgreementRules,
    LkvVersion,
    RulesNotAvailable,
    RulesOnDate,
    hours_rule_on,
    lkv_version_on,
)


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def age_variant_for(date_of_birth: date | None, on: date, *, bbl: bool = False) -> str:
    """'' for adults (or no birth date), else the youth variant; field 'date_of_birth' when invalid."""
    if date_of_birth is None:
        return ""
    if date_of_birth > on:
        raise CalculationInputError("date_of_birth", "after_date")
    try:
        return youth_variant(age_on(date_of_birth, on), bbl=bbl)
    except ValueError:
        raise CalculationInputError("date_of_birth", "too_young", minimum=15) from None


class _Reader:
    def __init__(self, params: ParameterSet, on: date):
        self.params = params
        self.on = on
        self.unconfirmed: set[str] = set()

    def value(self, key: str, name: str, *, variant: str = "") -> Decimal:
        try:
            row = self.params.parameter(key, variant=variant)
        except ParameterNotFound:
            raise RulesNotAvailable(self.on, key) from None
        if row.confidence == Confidence.UNCONFIRMED:
            self.unconfirmed.add(name)
        return row.value

    def optional(self, key: str, name: str) -> Decimal | None:
        try:
            return self.value(key, name)
        except RulesNotAvailable:
            return None


def _lkv_rules(reader: _Reader, on: date) -> LkvJobsAgreementRules | None:
    version = lkv_version_on(on)
    if version is None:
        return None
    hourly = reader.optional(keys.LKV_JOBS_AGREEMENT_HOURLY, "lkv_hourly")
    annual_max = reader.optional(keys.LKV_JOBS_AGREEMENT_ANNUAL_MAX, "lkv_annual_max")
    if hourly is None or annual_max is None:
        return None
    max_years: int | None = None
    if version is LkvVersion.WTL_2025:
        years = reader.optional(keys.LKV_JOBS_AGREEMENT_MAX_YEARS, "lkv_max_years")
        if years is None:
            return None
        max_years = int(years)
    return LkvJobsAgreementRules(version=version, hourly=hourly, annual_max=annual_max, max_years=max_years)


def rules_on(on: date, *, date_of_birth: date | None = None, bbl: bool = False) -> RulesOnDate:
    """The figures in force on `on` for the age on that date; RulesNotAvailable (field 'date') if missing.

    The LKV figures are optional: `lkv_jobs_agreement` is None when they are not known for the date.
    """
    if on < EARLIEST_DATE:
        raise RulesNotAvailable(on)
    return rules_for_variant(on, age_variant_for(date_of_birth, on, bbl=bbl))


def rules_for_variant(on: date, variant: str, params: ParameterSet | None = None) -> RulesOnDate:
    """As `rules_on`, for an age variant of the minimum wage ('' for adults) instead of a birth date;
    `params` saves the query when the caller already holds the parameters in force on `on`."""
    if on < EARLIEST_DATE:
        raise RulesNotAvailable(on)
    reader = _Reader(params if params is not None else parameters_on(on), on)
    hours_rule = hours_rule_on(on)
    hours_basis = None
    if hours_rule is HoursRule.PRO_RATA_FIXED_BASIS:
        hours_basis = reader.value(keys.WAGE_COST_SUBSIDY_HOURS_BASIS, "hours_basis")
    return RulesOnDate(
        on=on,
        age_variant=variant,
        minimum_wage_monthly_adult=reader.value(keys.MINIMUM_WAGE_MONTHLY, "minimum_wage_monthly"),
        youth_wage_pct=reader.value(keys.YOUTH_WAGE_PCT, "youth_wage_pct", variant=variant)
        if variant
        else None,
        minimum_wage_hourly=reader.value(keys.MINIMUM_WAGE_HOURLY, "minimum_wage_hourly", variant=variant),
        holiday_allowance_pct=reader.value(keys.HOLIDAY_ALLOWANCE_PCT, "holiday_allowance_pct"),
        employer_cost_pct=reader.value(keys.WAGE_COST_SUBSIDY_EMPLOYER_COST_PCT, "employer_cost_pct"),
        cap_pct=reader.value(keys.WAGE_COST_SUBSIDY_CAP_PCT, "cap_pct"),
        flat_rate_pct=reader.value(keys.WAGE_COST_SUBSIDY_FLAT_RATE_PCT, "flat_rate_pct"),
        flat_rate_max_months=int(
            reader.value(keys.WAGE_COST_SUBSIDY_FLAT_RATE_MAX_MONTHS, "flat_rate_max_months")
        ),
        hours_rule=hours_rule,
        hours_basis=hours_basis,
        lkv_jobs_agreement=_lkv_rules(reader, on),
        unconfirmed=frozenset(reader.unconfirmed),
    )
