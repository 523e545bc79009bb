"""The legal parameters the system knows: key, label, unit and the variants a key may have.

Callers use the constants (`keys.MINIMUM_WAGE_MONTHLY`) rather than string literals. The values
themselves live in data/legal_parameters.csv and in the database, never here.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

YOUTH_VARIANTS = ("20", "19", "18", "17", "16", "15", "bbl_20", "bbl_19", "bbl_18")

UNIT_LABELS = {
    "EUR/hour": _("euro per hour"),
    "EUR/month": _("euro per month"),
    "EUR/year": _("euro per year"),
    "EUR": _("euro"),
    "%": _("percent"),
    "hours/week": _("hours per week"),
    "hours/year": _("hours per year"),
    "months": _("months"),
    "years": _("years"),
}


# The highest value that makes sense per unit; a key can set its own (max_value).
UNIT_MAXIMUM = {
    "%": Decimal(100),
    "hours/week": Decimal(168),
    "months": Decimal(120),
    "years": Decimal(50),
}
WHOLE_NUMBER_UNITS = {"months", "years"}
HOURS_IN_A_YEAR = Decimal(366 * 24)

SECTOR_VARIANT_LABELS = {"market": _("market sector"), "government": _("government")}


def variant_label(variant: str) -> str:
    """The variant as users read it: 'general', '19 years', '19 years, BBL', 'market sector'."""
    if not variant:
        return gettext("general")
    if variant in SECTOR_VARIANT_LABELS:
        return str(SECTOR_VARIANT_LABELS[variant])
    if variant.startswith("bbl_") and variant[4:].isdigit():
        return gettext("%(age)s years, BBL") % {"age": variant[4:]}
    if variant.isdigit():
        return gettext("%(age)s years") % {"age": variant}
    return variant


@dataclass(frozen=True)
class ParameterDefinition:
    key: str
    label: str
    unit: str
    variants: tuple[str, ...] = ("",)
    # The minimum wage is indexed every 1 January and 1 July (Wet minimumloon art. 14).
    indexed_half_yearly: bool = False
    max_value: Decimal | None = None

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS[self.unit]

    @property
    def maximum(self) -> Decimal | None:
        return self.max_value if self.max_value is not None else UNIT_MAXIMUM.get(self.unit)

    @property
    def whole_number(self) -> bool:
        return self.unit in WHOLE_NUMBER_UNITS


MINIMUM_WAGE_HOURLY = "minimum_wage_hourly"
MINIMUM_WAGE_MONTHLY = "minimum_wage_monthly"
YOUTH_WAGE_PCT = "youth_wage_pct"
HOLIDAY_ALLOWANCE_PCT = "holiday_allowance_pct"
WAGE_COST_SUBSIDY_EMPLOYER_COST_PCT = "wage_cost_subsidy_employer_cost_pct"
WAGE_COST_SUBSIDY_CAP_PCT = "wage_cost_subsidy_cap_pct"
WAGE_COST_SUBSIDY_FLAT_RATE_PCT = "wage_cost_subsidy_flat_rate_pct"
WAGE_COST_SUBSIDY_FLAT_RATE_MAX_MONTHS = "wage_cost_subsidy_flat_rate_max_months"
WAGE_COST_SUBSIDY_HOURS_BASIS = "wage_cost_subsidy_hours_basis"
JOB_UNIT_HOURS_PER_WEEK = "job_unit_hours_per_week"
JOB_UNIT_HOURS_PER_YEAR = "job_unit_hours_per_year"
QUOTA_EXEMPTION_HOURS = "quota_exemption_hours"
QUOTA_AVERAGE_HOURS = "quota_average_hours"
QUOTA_LEVY_PER_SHORTFALL = "quota_levy_per_shortfall"
QUOTA_PERCENTAGE = "quota_percentage"
LKV_JOBS_AGREEMENT_HOURLY = "lkv_jobs_agreement_hourly"
LKV_JOBS_AGREEMENT_ANNUAL_MAX = "lkv_jobs_agreement_annual_max"
LKV_JOBS_AGREEMENT_MAX_YEARS = "lkv_jobs_agreement_max_years"
LKV_DISABLED_EMPLOYEE_HOURLY = "lkv_disabled_employee_hourly"
LKV_DISABLED_EMPLOYEE_ANNUAL_MAX = "lkv_disabled_employee_annual_max"
LKV_DISABLED_EMPLOYEE_MAX_YEARS = "lkv_disabled_employee_max_years"
LKV_REDEPLOYMENT_HOURLY = "lkv_redeployment_hourly"
LKV_REDEPLOYMENT_ANNUAL_MAX = "lkv_redeployment_annual_max"
LKV_REDEPLOYMENT_MAX_YEARS = "lkv_redeployment_max_years"
LKV_DECLARATION_DEADLINE_MONTHS = "lkv_declaration_deadline_months"
LKV_OLDER_EMPLOYEE_HOURLY = "lkv_older_employee_hourly"
LKV_OLDER_EMPLOYEE_ANNUAL_MAX = "lkv_older_employee_annual_max"

_DEFINITIONS = [
    ParameterDefinition(
        MINIMUM_WAGE_HOURLY,
        _("Statutory minimum wage per hour"),
        "EUR/hour",
        ("", *YOUTH_VARIANTS),
        indexed_half_yearly=True,
    ),
    ParameterDefinition(
        MINIMUM_WAGE_MONTHLY,
        _("Statutory minimum wage per month (reference monthly wage, 21 and over)"),
        "EUR/month",
        indexed_half_yearly=True,
    ),
    ParameterDefinition(
        YOUTH_WAGE_PCT, _("Youth minimum wage, percentage of the adult amount"), "%", YOUTH_VARIANTS
    ),
    ParameterDefinition(HOLIDAY_ALLOWANCE_PCT, _("Holiday allowance"), "%"),
    ParameterDefinition(
        WAGE_COST_SUBSIDY_EMPLOYER_COST_PCT, _("Wage cost subsidy: allowance for employer costs"), "%"
    ),
    ParameterDefinition(
        WAGE_COST_SUBSIDY_CAP_PCT,
        _("Wage cost subsidy: maximum, share of minimum wage plus holiday allowance"),
        "%",
    ),
    ParameterDefinition(
        WAGE_COST_SUBSIDY_FLAT_RATE_PCT, _("Flat-rate wage cost subsidy (wage value not yet determined)"), "%"
    ),
    ParameterDefinition(
        WAGE_COST_SUBSIDY_FLAT_RATE_MAX_MONTHS, _("Flat-rate wage cost subsidy: maximum duration"), "months"
    ),
    ParameterDefinition(
        WAGE_COST_SUBSIDY_HOURS_BASIS,
        _("Wage cost subsidy: working week the subsidy is pro-rated to"),
        "hours/week",
    ),
    ParameterDefinition(
        JOB_UNIT_HOURS_PER_WEEK, _("Jobs agreement: hours per week that count as one job"), "hours/week"
    ),
    ParameterDefinition(
        JOB_UNIT_HOURS_PER_YEAR,
        _("Jobs agreement: average paid hours per year of one job (quota formula D)"),
        "hours/year",
        max_value=HOURS_IN_A_YEAR,
    ),
    ParameterDefinition(
        QUOTA_EXEMPTION_HOURS, _("Quota: exempt below this number of paid hours"), "hours/year"
    ),
    ParameterDefinition(
        QUOTA_AVERAGE_HOURS,
        _("Quota: average paid hours per employee"),
        "hours/year",
        max_value=HOURS_IN_A_YEAR,
    ),
    ParameterDefinition(QUOTA_LEVY_PER_SHORTFALL, _("Quota levy per missing job"), "EUR"),
    ParameterDefinition(QUOTA_PERCENTAGE, _("Quota percentage"), "%", ("", "market", "government")),
    ParameterDefinition(
        LKV_JOBS_AGREEMENT_HOURLY, _("Wage cost benefit (LKV) jobs agreement: per paid hour"), "EUR/hour"
    ),
    ParameterDefinition(
        LKV_JOBS_AGREEMENT_ANNUAL_MAX,
        _("Wage cost benefit (LKV) jobs agreement: maximum per year"),
        "EUR/year",
    ),
    ParameterDefinition(
        LKV_JOBS_AGREEMENT_MAX_YEARS,
        _("Wage cost benefit (LKV) jobs agreement: maximum duration (version until 2026)"),
        "years",
    ),
    ParameterDefinition(
        LKV_DISABLED_EMPLOYEE_HOURLY,
        _("Wage cost benefit (LKV) disabled employee: per paid hour"),
        "EUR/hour",
    ),
    ParameterDefinition(
        LKV_DISABLED_EMPLOYEE_ANNUAL_MAX,
        _("Wage cost benefit (LKV) disabled employee: maximum per year"),
        "EUR/year",
    ),
    ParameterDefinition(
        LKV_DISABLED_EMPLOYEE_MAX_YEARS,
        _("Wage cost benefit (LKV) disabled employee: maximum duration"),
        "years",
    ),
    ParameterDefinition(
        LKV_REDEPLOYMENT_HOURLY,
        _("Wage cost benefit (LKV) redeployment of a disabled employee: per paid hour"),
        "EUR/hour",
    ),
    ParameterDefinition(
        LKV_REDEPLOYMENT_ANNUAL_MAX,
        _("Wage cost benefit (LKV) redeployment of a disabled employee: maximum per year"),
        "EUR/year",
    ),
    ParameterDefinition(
        LKV_REDEPLOYMENT_MAX_YEARS,
        _("Wage cost benefit (LKV) redeployment of a disabled employee: maximum duration"),
        "years",
    ),
    ParameterDefinition(
        LKV_DECLARATION_DEADLINE_MONTHS,
        _("Wage cost benefit (LKV): deadline for requesting the target group declaration"),
        "months",
    ),
    ParameterDefinition(
        LKV_OLDER_EMPLOYEE_HOURLY, _("Wage cost benefit (LKV) older employee: per paid hour"), "EUR/hour"
    ),
    ParameterDefinition(
        LKV_OLDER_EMPLOYEE_ANNUAL_MAX,
        _("Wage cost benefit (LKV) older employee: maximum per year"),
        "EUR/year",
    ),
]

DEFINITIONS: dict[str, ParameterDefinition] = {d.key: d for d in _DEFINITIONS}
