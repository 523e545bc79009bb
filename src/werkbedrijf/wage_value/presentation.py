"""The working of a calculation in words: step codes and figures rendered for the pages and the API."""

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from werkbedrijf.parameters.keys import variant_label

from .calculation import (
    CalculationInputError,
    Check,
    Figure,
    Kind,
    LkvVersion,
    NoRiskGround,
    Step,
    TrialPlacementScheme,
    WageValueMethod,
)

STEP_TEXTS = {
    # wage value
    "method": gettext_lazy("Method: %(method)s"),
    "task_performance": gettext_lazy(
        "Main task “%(task)s”: share %(share_pct)s × tempo %(tempo_pct)s × quality %(quality_pct)s"
        " × %(third_factor)s"
    ),
    "wage_value_sum": gettext_lazy(
        "Sum of the performance per main task, %(sum_pct)s, rounded to a whole percentage"
    ),
    "expert_figure_counts": gettext_lazy(
        "The wage value reported by the wage-value expert counts (calculated: %(computed_wage_value)s)"
    ),
    # minimum wage
    "minimum_wage_monthly": gettext_lazy("Statutory minimum wage per month (21 and over)"),
    "minimum_wage_monthly_youth": gettext_lazy(
        "Minimum wage per month at %(age_variant)s: %(youth_wage_pct)s of %(minimum_wage_monthly_adult)s"
        " (youth percentage applied to the monthly amount)"
    ),
    "holiday_allowance_added": gettext_lazy(
        "%(minimum_wage_monthly)s plus %(holiday_allowance_pct)s holiday allowance"
    ),
    # wage-cost subsidy
    "flat_rate": gettext_lazy(
        "No wage value determined yet: flat rate of %(flat_rate_pct)s of"
        " %(minimum_wage_with_holiday_allowance)s, for at most the first %(flat_rate_max_months)s of the"
        " employment"
    ),
    "not_target_group": gettext_lazy(
        "A wage value of %(wage_value)s earns the minimum wage: the person is not in the target group for"
        " wage-cost subsidy, so there is no subsidy"
    ),
    "difference_with_wage_value": gettext_lazy(
        "Difference between %(minimum_wage_with_holiday_allowance)s and the wage value"
        " (%(wage_value)s of that amount)"
    ),
    "cap_applied": gettext_lazy(
        "The difference %(difference)s is more than the maximum of %(cap_pct)s (%(cap)s): the maximum applies"
    ),
    "cap_not_reached": gettext_lazy(
        "The difference %(difference)s stays below the maximum of %(cap_pct)s (%(cap)s)"
    ),
    "employer_costs_added": gettext_lazy(
        "%(subsidy_before_employer_costs)s plus %(employer_cost_pct)s for employer costs: subsidy for a full"
        " working week"
    ),
    "hours_pro_rata": gettext_lazy(
        "Pro rata to %(hours_basis)s a week: %(counted_hours)s count (%(hours_per_week)s agreed, at most the"
        " full-time week of %(full_time_hours_per_week)s)"
    ),
    "hours_reduction_only": gettext_lazy(
        "Rule before 2024: reduced only when the agreed %(hours_per_week)s are fewer than the normal working"
        " week of %(full_time_hours_per_week)s; %(counted_hours)s count"
    ),
    "monthly_amount": gettext_lazy(
        "Wage-cost subsidy per month: %(subsidy_full_time)s × %(hours_factor)s, rounded to cents"
    ),
    # wage dispensation
    "dispensation_employer_pays": gettext_lazy(
        "The employer pays the wage value of %(wage_value)s of the wage of %(monthly_wage)s"
    ),
    "dispensation_reduction": gettext_lazy(
        "Wage reduction: %(monthly_wage)s minus %(employer_pays)s (the Wajong benefit supplements the worker)"
    ),
    # LKV
    "lkv_version": gettext_lazy("Wage cost benefit (LKV) jobs agreement: %(version)s"),
    "lkv_not_eligible": gettext_lazy("No wage cost benefit (LKV): %(reason)s"),
    "lkv_per_hour": gettext_lazy("%(paid_hours_in_year)s paid in a year × %(lkv_hourly)s per hour"),
    "lkv_cap_applied": gettext_lazy(
        "%(lkv_uncapped)s is more than the maximum of %(lkv_annual_max)s a year: the maximum applies"
    ),
    "lkv_cap_not_reached": gettext_lazy(
        "%(lkv_uncapped)s stays below the maximum of %(lkv_annual_max)s a year"
    ),
    "lkv_figures_unavailable": gettext_lazy(
        "The wage cost benefit (LKV) figures for %(date)s are not known in this system: not included"
    ),
    "lkv_with_wage_cost_subsidy": gettext_lazy(
        "Counted together with the wage-cost subsidy: the law does not say whether they combine;"
        " in practice they do"
    ),
    "lkv_paid_hours": gettext_lazy("%(hours_per_week)s a week × %(weeks_per_year)s weeks"),
    "lkv_monthly_average": gettext_lazy(
        "%(lkv_annual)s a year, per month on average (paid after the calendar year)"
    ),
    # no-risk policy, trial placement
    "no_risk_ground": gettext_lazy("No-risk policy: %(ground)s"),
    "no_risk_five_years": gettext_lazy(
        "Five years from %(reference_date)s; the moment that counts is %(moment)s"
    ),
    "no_risk_benefit": gettext_lazy(
        "UWV pays sickness benefit of %(benefit_pct)s of the daily wage, on the employer's request"
        " %(benefit_pct_on_request)s during the first %(weeks_at_full_pct)s weeks"
    ),
    "trial_placement_limit": gettext_lazy(
        "Trial placement (%(scheme)s): %(initial_months)s plus %(extension_months)s extension"
    ),
    # net cost
    "wage_for_hours": gettext_lazy(
        "Wage: %(hourly_wage)s per hour × %(hours_per_week)s a week × %(weeks_per_month)s weeks a month"
    ),
    "holiday_allowance_on_wage": gettext_lazy(
        "%(holiday_allowance_pct)s holiday allowance on %(monthly_wage)s"
    ),
    "employer_costs_estimate": gettext_lazy(
        "Employer costs estimated at %(employer_cost_pct)s of %(wage_with_holiday_allowance)s (the flat"
        " percentage of the wage-cost subsidy; the real costs depend on the employer's premiums and pension)"
    ),
    "dispensation_reduction_of_cost": gettext_lazy(
        "Wage dispensation: the employer pays %(wage_value)s of %(gross_monthly_cost)s, the rest is saved"
        " (holiday allowance and employer costs assumed to follow the lower wage)"
    ),
}

THIRD_FACTOR_LABELS = {
    "net_working_time_pct": gettext_lazy("net working time %(value)s"),
    "deployability_pct": gettext_lazy("deployability %(value)s"),
}

METHOD_LABELS = {
    WageValueMethod.ULM_2021: gettext_lazy(
        "uniform wage-value method 2021 (ULM), version ‘share × tempo × quality × net working time’"
    ),
    WageValueMethod.TKI_BT_2015: gettext_lazy(
        "historical method 2015: tempo × quality × deployability × share"
    ),
}

LKV_VERSION_LABELS = {
    LkvVersion.WTL_2025: gettext_lazy("rules of 2025 (target group declaration needed, at most 3 years)"),
    LkvVersion.WTL_2026: gettext_lazy(
        "rules from 2026 (in the target group register, for as long as the employment lasts)"
    ),
}

REASON_LABELS = {
    "not_in_register": gettext_lazy("not in the target group register"),
    "state_pension_age": gettext_lazy("state pension age reached"),
    "sheltered_employment": gettext_lazy("sheltered employment (Wsw or beschut werk)"),
    "no_target_group_declaration": gettext_lazy("no target group declaration"),
    "max_duration_passed": gettext_lazy("the maximum duration has passed"),
}

GROUND_LABELS = {
    NoRiskGround.WIA_BENEFIT_BEFORE_JOB: gettext_lazy("WIA benefit immediately before the job"),
    # xgettext:no-python-format
    NoRiskGround.LESS_THAN_35_PCT_DISABLED: gettext_lazy("less than 35% occupationally disabled"),
    NoRiskGround.SCHOOL_LEAVER_WITH_HANDICAP: gettext_lazy("school leaver with an illness-related handicap"),
    NoRiskGround.WAJONG: gettext_lazy("Wajong"),
    NoRiskGround.WSW: gettext_lazy("Wsw"),
    NoRiskGround.JOBS_AGREEMENT_TARGET_GROUP: gettext_lazy("jobs agreement target group"),
    NoRiskGround.SHELTERED_WORK: gettext_lazy("sheltered work (beschut werk)"),
    NoRiskGround.WIA_OWN_EMPLOYER: gettext_lazy("WIA benefit, continuing with the own employer"),
}

SCHEME_LABELS = {
    TrialPlacementScheme.PARTICIPATIEWET: gettext_lazy("Participatiewet"),
    TrialPlacementScheme.WAJONG: gettext_lazy("Wajong"),
}

CHECK_TEXTS = {
    "productivity_loss": gettext_lazy(
        "At least %(minimum_pct)s less productive than a worker without a limitation"
        " (here %(productivity_loss_pct)s)"
    ),
    "expected_duration": gettext_lazy(
        "Reduced productivity expected for at least %(minimum_months)s (here %(expected_duration_months)s)"
    ),
    "remaining_contract": gettext_lazy(
        "The contract runs for at least %(minimum_months)s more (here %(remaining_contract_months)s)"
    ),
    "dispensation_duration": gettext_lazy(
        "Duration from %(minimum_months)s to %(maximum_months)s (here %(requested_duration_months)s)"
    ),
}

LINE_LABELS = {
    "wage": gettext_lazy("Gross wage"),
    "holiday_allowance": gettext_lazy("Holiday allowance"),
    "employer_costs": gettext_lazy("Employer costs (estimate)"),
    "wage_cost_subsidy": gettext_lazy("Wage-cost subsidy (municipality)"),
    "wage_dispensation": gettext_lazy("Wage dispensation (UWV)"),
    "lkv_jobs_agreement": gettext_lazy("Wage cost benefit (LKV) jobs agreement"),
}

# Figures of RulesOnDate.unconfirmed, as users read them.
FIGURE_LABELS = {
    "minimum_wage_monthly": gettext_lazy("minimum wage per month"),
    "minimum_wage_hourly": gettext_lazy("minimum wage per hour"),
    "youth_wage_pct": gettext_lazy("youth percentage of the minimum wage"),
    "holiday_allowance_pct": gettext_lazy("holiday allowance"),
    "employer_cost_pct": gettext_lazy("employer costs percentage"),
    "cap_pct": gettext_lazy("maximum percentage"),
    "flat_rate_pct": gettext_lazy("flat rate"),
    "flat_rate_max_months": gettext_lazy("maximum duration of the flat rate"),
    "hours_basis": gettext_lazy("hours basis"),
    "lkv_hourly": gettext_lazy("LKV per hour"),
    "lkv_annual_max": gettext_lazy("LKV maximum per year"),
    "lkv_max_years": gettext_lazy("LKV maximum duration"),
}

ERROR_MESSAGES = {
    "invalid": gettext_lazy("Enter a number."),
    "not_positive": gettext_lazy("Enter a number greater than 0."),
    "negative": gettext_lazy("Enter 0 or more."),
    "too_many_hours": gettext_lazy("Enter at most %(maximum)s hours."),
    "not_whole_percent": gettext_lazy("Enter a whole percentage."),
    "out_of_range": gettext_lazy("Enter a value from %(minimum)s to %(maximum)s."),
    "rules_not_available": gettext_lazy(
        "No legal figures are known for %(date)s; the calculator works from the date the figures apply."
    ),
    "after_date": gettext_lazy("The date of birth is after the calculation date."),
    "too_young": gettext_lazy("There is no minimum wage below the age of %(minimum)s."),
    "flat_rate_expired": gettext_lazy(
        "The flat rate applies for at most the first %(maximum)s months of the employment;"
        " enter the wage value."
    ),
    "no_tasks": gettext_lazy("Enter at least one main task."),
    "required": gettext_lazy("This field is required."),
    "below_main_task_share": gettext_lazy(
        "A main task takes at least 1/16 (%(minimum)s %%) of the working week."
    ),
    "below_main_task_minutes": gettext_lazy(
        "A main task takes at least %(minimum)s minutes per working day."
    ),
    "too_many_minutes": gettext_lazy("A day has no more than 1440 minutes."),
    "shares_not_100": gettext_lazy(
        "The shares of the main tasks add up to %(total)s %%; they must add up to 100 %%."
    ),
    "required_for_dispensation": gettext_lazy("Enter the wage value: wage dispensation follows from it."),
    "below_minimum_wage": gettext_lazy(
        "The hourly wage is below the minimum wage for this age (%(minimum)s)."
    ),
}


def _plain(value: Decimal, places: int = 6) -> str:
    """A Decimal without exponent, at most `places` decimals, trailing zeros dropped."""
    quantum = Decimal(1).scaleb(-places)
    if value.as_tuple().exponent < -places:  # type: ignore[operator]
        value = value.quantize(quantum)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _number(value: Decimal | int, places: int = 4, minimum_places: int = 0) -> str:
    plain = _plain(Decimal(value), places)
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return formats.number_format(
        Decimal(plain), max(decimals, minimum_places), use_l10n=True, force_grouping=True
    )


def format_money(value: Decimal) -> str:
    return f"€ {_number(value, 4, 2)}"


def format_figure(figure: Figure) -> str:
    value = figure.value
    if value is None:
        return "–"
    if figure.kind is Kind.MONEY:
        assert isinstance(value, Decimal | int)
        return format_money(Decimal(value))
    if figure.kind is Kind.PERCENT:
        assert isinstance(value, Decimal | int)
        return f"{_number(value)} %"
    if figure.kind is Kind.HOURS:
        assert isinstance(value, Decimal | int)
        return _("%(hours)s hours") % {"hours": _number(value, 2)}
    if figure.kind is Kind.MONTHS:
        assert isinstance(value, int)
        return ngettext("%(count)s month", "%(count)s months", value) % {"count": value}
    if figure.kind is Kind.NUMBER:
        assert isinstance(value, Decimal | int)
        return _number(value, 6)
    if figure.kind is Kind.DATE:
        assert isinstance(value, date)
        return formats.date_format(value, "j F Y")
    if figure.kind is Kind.FLAG:
        return _("yes") if value else _("no")
    return _text_label(figure.name, str(value))


def _text_label(name: str, value: str) -> str:
    if name == "method":
        return str(METHOD_LABELS.get(WageValueMethod(value), value))
    if name == "age_variant":
        return variant_label(value)
    if name == "version":
        return str(LKV_VERSION_LABELS.get(LkvVersion(value), value))
    if name == "reason":
        return str(REASON_LABELS.get(value, value))
    if name == "ground":
        return str(GROUND_LABELS.get(NoRiskGround(value), value))
    if name == "scheme":
        return str(SCHEME_LABELS.get(TrialPlacementScheme(value), value))
    return value


def describe(step: Step) -> str:
    values: dict[str, str] = {}
    for figure in step.inputs:
        formatted = format_figure(figure)
        if figure.name in values:  # repeated figures (several reasons) are listed together
            values[figure.name] = f"{values[figure.name]}, {formatted}"
        else:
            values[figure.name] = formatted
        if figure.name in THIRD_FACTOR_LABELS:
            values["third_factor"] = str(THIRD_FACTOR_LABELS[figure.name]) % {"value": formatted}
    return str(STEP_TEXTS[step.code]) % values


def describe_check(check: Check) -> str:
    return str(CHECK_TEXTS[check.code]) % {figure.name: format_figure(figure) for figure in check.figures}


def step_rows(steps) -> list[dict]:
    """For the page: description, formatted result and whether the step rests on something unconfirmed."""
    return [
        {
            "description": describe(step),
            "result": format_figure(step.result) if step.result is not None else "",
            "unconfirmed": step.unconfirmed,
        }
        for step in steps
    ]


def api_value(figure: Figure):
    value = figure.value
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Decimal):
        return _plain(value)
    return value.isoformat()


def api_steps(steps) -> list[dict]:
    """For the API: the code, the description in the request's language, the figures as plain values.

    Decimal figures are strings (at most 6 decimals); keys are snake_case here, camelCase on the wire.
    """
    return [
        {
            "code": step.code,
            "description": describe(step),
            "values": {figure.name: api_value(figure) for figure in step.inputs},
            "result": {step.result.name: api_value(step.result)} if step.result is not None else None,
            "unconfirmed": step.unconfirmed,
        }
        for step in steps
    ]


def _format_param(value) -> str:
    if isinstance(value, Decimal):
        return _number(value, 2)
    return str(value)


def error_message(error: CalculationInputError) -> str:
    template = str(ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["invalid"]))
    params = {name: _format_param(value) for name, value in error.params.items()}
    if error.code == "rules_not_available" and "date" in params:
        params["date"] = formats.date_format(date.fromisoformat(params["date"]), "j F Y")
    return template % params


def unconfirmed_figures(names) -> list[str]:
    return [str(FIGURE_LABELS.get(name, name)) for name in sorted(names)]
