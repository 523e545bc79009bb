"""Pure calculations for wage value and the instruments that follow from it (DOMAIN.md §1, §2, §5, §7).

No ORM and no Django: the legal figures in force on a date come in as a `RulesOnDate` (built by
`wage_value.rules.rules_on`), the answer goes out as a result with `steps`, the working shown as
structured data (a code plus named figures) that the views and the API render in Dutch.

Money is Decimal throughout. Intermediate amounts are kept exact; an amount is rounded half-up to
cents only where it is paid or shown as the answer (the law prescribes no rounding for the wage-cost
subsidy, DOMAIN.md §1.3 [UNCONFIRMED], so the one rounding happens at the monthly amount).

Invalid input raises `CalculationInputError` naming the field (the API's snake_case field name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# Weeks per month: 52 weeks / 12 months (the 4 1/3 of Wet minimumloon art. 14).
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
WEEKS_PER_YEAR = Decimal(52)
HOURS_IN_A_WEEK = Decimal(168)
# The Participatiewet took effect on 1 January 2015: nothing is calculated for earlier dates.
EARLIEST_DATE = date(2015, 1, 1)


def round_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def pct_of(amount: Decimal, pct: Decimal | int) -> Decimal:
    return amount * Decimal(pct) / HUNDRED


# --- errors ---------------------------------------------------------------------------------------


class CalculationInputError(ValueError):
    """Invalid input: `field` is the input's name, `code` says what is wrong, `params` fill the message."""

    def __init__(self, field: str, code: str, **params: object):
        self.field = field
        self.code = code
        self.params = params
        super().__init__(f"{field}: {code} {params}" if params else f"{field}: {code}")


class RulesNotAvailable(CalculationInputError):
    """No legal figures are known for the date (before the rules existed or not entered yet)."""

    def __init__(self, on: date, missing: str = "", field: str = "date"):
        self.on = on
        self.missing = missing
        super().__init__(field, "rules_not_available", date=on.isoformat(), missing=missing)


# --- the working: steps ---------------------------------------------------------------------------


class Kind(StrEnum):
    MONEY = "money"
    PERCENT = "percent"
    HOURS = "hours"
    MONTHS = "months"
    YEARS = "years"
    MINUTES = "minutes"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    FLAG = "flag"


FigureValue = Decimal | int | str | bool | date | None


@dataclass(frozen=True)
class Figure:
    name: str
    value: FigureValue
    kind: Kind


@dataclass(frozen=True)
class Step:
    """One line of the working: `code` names what happens, `inputs` and `result` carry the figures.

    `unconfirmed` marks a step resting on a rule or figure DOMAIN.md marks as not confirmed.
    """

    code: str
    inputs: tuple[Figure, ...] = ()
    result: Figure | None = None
    unconfirmed: bool = False


def money(name: str, value: Decimal) -> Figure:
    return Figure(name, value, Kind.MONEY)


def percent(name: str, value: Decimal | int) -> Figure:
    return Figure(name, value, Kind.PERCENT)


def hours(name: str, value: Decimal) -> Figure:
    return Figure(name, value, Kind.HOURS)


def number(name: str, value: Decimal | int) -> Figure:
    return Figure(name, value, Kind.NUMBER)


def text(name: str, value: str) -> Figure:
    return Figure(name, value, Kind.TEXT)


def flag(name: str, value: bool) -> Figure:
    return Figure(name, value, Kind.FLAG)


def months(name: str, value: int) -> Figure:
    return Figure(name, value, Kind.MONTHS)


def a_date(name: str, value: date | None) -> Figure:
    return Figure(name, value, Kind.DATE)


# --- the legal figures on a date ------------------------------------------------------------------


class HoursRule(StrEnum):
    """How the wage-cost subsidy follows the agreed working hours (Participatiewet art. 10d lid 4)."""

    # Until 31-12-2023: reduced (never increased) when the agreed hours are below the normal working
    # week of art. 12 Wet minimumloon, i.e. the full-time week of comparable jobs. [LAW] PW-2023.
    NORMAL_WEEK_REDUCTION_ONLY = "normal_week_reduction_only"
    # From 1-1-2024: pro rata to a fixed basis (36 hours), down and up; hours count at most up to the
    # full-time week of comparable jobs. [LAW] PW-2024/PW-2025.
    PRO_RATA_FIXED_BASIS = "pro_rata_fixed_basis"


HOURS_RULE_PRO_RATA_FROM = date(2024, 1, 1)


def hours_rule_on(on: date) -> HoursRule:
    if on >= HOURS_RULE_PRO_RATA_FROM:
        return HoursRule.PRO_RATA_FIXED_BASIS
    return HoursRule.NORMAL_WEEK_REDUCTION_ONLY


class LkvVersion(StrEnum):
    """Wage-cost benefit for the jobs-agreement target group (Wtl), by version of the law."""

    # Wtl 2025 art. 2.10-2.13: "LKV doelgroep banenafspraak en scholingsbelemmerden"; needs a target
    # group declaration (requested within 3 months of the start, art. 2.11) and runs at most 3 years
    # from the start of the first employment (art. 2.12).
    WTL_2025 = "wtl_2025"
    # Wtl 2026 art. 2.10-2.13: for as long as the employment lasts and the worker is in the register
    # (Wfsv 38b); no declaration, no maximum duration.
    WTL_2026 = "wtl_2026"


def lkv_version_on(on: date) -> LkvVersion | None:
    if on >= date(2026, 1, 1):
        return LkvVersion.WTL_2026
    if on >= date(2025, 1, 1):
        return LkvVersion.WTL_2025
    return None  # earlier versions were not checked (DOMAIN.md §5.2 reads the 2025 and 2026 texts)


@dataclass(frozen=True)
class LkvJobsAgreementRules:
    version: LkvVersion
    hourly: Decimal
    annual_max: Decimal
    max_years: int | None  # None: for as long as the employment lasts (2026)


@dataclass(frozen=True)
class RulesOnDate:
    """The legal figures in force on `on` for one age variant of the minimum wage."""

    on: date
    age_variant: str  # '' for 21 and over, '19', 'bbl_19', … (parameters.units.youth_variant)
    minimum_wage_monthly_adult: Decimal
    youth_wage_pct: Decimal | None  # None for 21 and over
    minimum_wage_hourly: Decimal  # the published hourly amount for the age variant
    holiday_allowance_pct: Decimal
    employer_cost_pct: Decimal
    cap_pct: Decimal
    flat_rate_pct: Decimal
    flat_rate_max_months: int
    hours_rule: HoursRule
    hours_basis: Decimal | None  # required for PRO_RATA_FIXED_BASIS
    lkv_jobs_agreement: LkvJobsAgreementRules | None = None
    # Names of the figures above whose recorded source is UNCONFIRMED.
    unconfirmed: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.hours_rule is HoursRule.PRO_RATA_FIXED_BASIS and not self.hours_basis:
            raise RulesNotAvailable(self.on, "wage_cost_subsidy_hours_basis")

    @property
    def minimum_wage_monthly(self) -> Decimal:
        """Monthly minimum wage for the age: the youth percentage of the adult reference monthly wage.

        Pw art. 2 refers to the age-related monthly minimum; applying the youth percentage to the monthly
        amount is an inference (DOMAIN.md §9 case 13), so the step that uses it is marked unconfirmed.
        """
        if self.youth_wage_pct is None:
            return self.minimum_wage_monthly_adult
        return pct_of(self.minimum_wage_monthly_adult, self.youth_wage_pct)


# --- validation helpers ---------------------------------------------------------------------------


def _decimal(value: Decimal | int | str, field: str) -> Decimal:
    if isinstance(value, bool):
        raise CalculationInputError(field, "invalid")
    try:
        result = Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        raise CalculationInputError(field, "invalid") from None
    if not result.is_finite():
        raise CalculationInputError(field, "invalid")
    return result


def _check_hours(value: Decimal | int | str, field: str) -> Decimal:
    result = _decimal(value, field)
    if result <= 0:
        raise CalculationInputError(field, "not_positive")
    if result > HOURS_IN_A_WEEK:
        raise CalculationInputError(field, "too_many_hours", maximum=HOURS_IN_A_WEEK)
    return result


def _check_wage_value(value: int, field: str = "wage_value") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CalculationInputError(field, "not_whole_percent")
    if not 0 <= value <= 100:
        raise CalculationInputError(field, "out_of_range", minimum=0, maximum=100)
    return value


def _check_pct(value: Decimal | int | str, field: str) -> Decimal:
    result = _decimal(value, field)
    if not 0 <= result <= HUNDRED:
        raise CalculationInputError(field, "out_of_range", minimum=0, maximum=100)
    return result


# --- 1. wage value from a task-based measurement (DOMAIN.md §1.4, §8.2) --------------------------


class WageValueMethod(StrEnum):
    # Uniform method (ULM) of the Besluit loonkostensubsidie Participatiewet 2021, mandatory from
    # 1-7-2021. Its exact algebra (art. 5) is UNCONFIRMED: this version computes
    # sum(share x tempo x quality x net working time) per main task.
    ULM_2021 = "ulm_2021"
    # Regeling loonkostensubsidie Participatiewet 2015 art. 4 (historical): L = T x K x I x BT per task.
    TKI_BT_2015 = "tki_bt_2015"


ULM_MANDATORY_FROM = date(2021, 7, 1)
# A main task takes at least 1/16 of the weekly working time and at least 30 minutes per working day
# (Besluit LKS 2021 art. 1, "hoofdtaak").
MAIN_TASK_MIN_SHARE_PCT = HUNDRED / 16
MAIN_TASK_MIN_MINUTES_PER_DAY = Decimal(30)


def wage_value_method_on(on: date) -> WageValueMethod:
    return WageValueMethod.ULM_2021 if on >= ULM_MANDATORY_FROM else WageValueMethod.TKI_BT_2015


@dataclass(frozen=True)
class MainTask:
    name: str
    share_pct: Decimal  # share of the weekly working time
    minutes_per_day: Decimal  # time spent on the task per working day
    tempo_pct: Decimal
    quality_pct: Decimal
    # ULM 2021: net working time; historical method: deployability (inzetbaarheid).
    third_factor_pct: Decimal


@dataclass(frozen=True)
class WageValueResult:
    method: WageValueMethod
    computed_pct: Decimal  # unrounded sum
    computed_wage_value: int  # rounded half-up to a whole percent
    wage_value: int  # the figure that counts: the expert's reported figure when given
    reported_by_expert: bool
    method_unconfirmed: bool
    steps: tuple[Step, ...]


def _task_field(index: int, name: str) -> str:
    return f"tasks.{index}.{name}"


def wage_value_measurement(
    *,
    method: WageValueMethod,
    tasks: list[MainTask] | tuple[MainTask, ...],
    reported_wage_value: int | None = None,
) -> WageValueResult:
    """Wage value (whole percent of the reference job) from main tasks scored against the reference job.

    Each task: share of the week (≥ 1/16), minutes per day (≥ 30), tempo, quality and the third factor
    (net working time under ULM 2021, deployability under the historical method), each 0-100 %. The
    shares add up to 100 %. The expert's reported figure, when given, is the wage value that counts.
    """
    if not tasks:
        raise CalculationInputError("tasks", "no_tasks")
    third_name = "net_working_time_pct" if method is WageValueMethod.ULM_2021 else "deployability_pct"
    steps: list[Step] = [
        Step(
            "method",
            (text("method", method.value),),
            unconfirmed=method is WageValueMethod.ULM_2021,
        )
    ]
    total_share = Decimal(0)
    total = Decimal(0)
    for index, task in enumerate(tasks):
        name = task.name.strip()
        if not name:
            raise CalculationInputError(_task_field(index, "name"), "required")
        share = _check_pct(task.share_pct, _task_field(index, "share_pct"))
        if share < MAIN_TASK_MIN_SHARE_PCT:
            raise CalculationInputError(
                _task_field(index, "share_pct"), "below_main_task_share", minimum=MAIN_TASK_MIN_SHARE_PCT
            )
        minutes = _decimal(task.minutes_per_day, _task_field(index, "minutes_per_day"))
        if minutes < MAIN_TASK_MIN_MINUTES_PER_DAY:
            raise CalculationInputError(
                _task_field(index, "minutes_per_day"),
                "below_main_task_minutes",
                minimum=MAIN_TASK_MIN_MINUTES_PER_DAY,
            )
        if minutes > 24 * 60:
            raise CalculationInputError(_task_field(index, "minutes_per_day"), "too_many_minutes")
        tempo = _check_pct(task.tempo_pct, _task_field(index, "tempo_pct"))
        quality = _check_pct(task.quality_pct, _task_field(index, "quality_pct"))
        third = _check_pct(task.third_factor_pct, _task_field(index, third_name))
        performance = share * tempo * quality * third / HUNDRED**3
        total_share += share
        total += performance
        steps.append(
            Step(
                "task_performance",
                (
                    text("task", name),
                    percent("share_pct", share),
                    percent("tempo_pct", tempo),
                    percent("quality_pct", quality),
                    percent(third_name, third),
                ),
                percent("task_performance_pct", performance),
                unconfirmed=method is WageValueMethod.ULM_2021,
            )
        )
    if total_share != HUNDRED:
        raise CalculationInputError("tasks", "shares_not_100", total=total_share)
    computed = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    steps.append(
        Step("wage_value_sum", (percent("sum_pct", total),), percent("computed_wage_value", computed))
    )
    wage_value = computed
    if reported_wage_value is not None:
        wage_value = _check_wage_value(reported_wage_value, "reported_wage_value")
        steps.append(
            Step(
                "expert_figure_counts",
                (percent("computed_wage_value", computed), flag("differs", wage_value != computed)),
                percent("wage_value", wage_value),
            )
        )
    return WageValueResult(
        method=method,
        computed_pct=total,
        computed_wage_value=computed,
        wage_value=wage_value,
        reported_by_expert=reported_wage_value is not None,
        method_unconfirmed=method is WageValueMethod.ULM_2021,
        steps=tuple(steps),
    )


# --- 2. wage-cost subsidy per month (Participatiewet art. 10d; DOMAIN.md §1.3) -------------------


class ZeroReason(StrEnum):
    NOT_TARGET_GROUP = "not_target_group"  # wage value 100 %: the person earns the minimum wage


@dataclass(frozen=True)
class SubsidyResult:
    monthly_amount: Decimal  # rounded to cents
    monthly_amount_exact: Decimal
    flat_rate: bool
    capped: bool
    zero_reason: ZeroReason | None
    steps: tuple[Step, ...]


def minimum_wage_steps(rules: RulesOnDate) -> tuple[Decimal, list[Step]]:
    """Minimum wage per month for the age plus holiday allowance, with its steps."""
    steps: list[Step] = []
    monthly = rules.minimum_wage_monthly
    if rules.youth_wage_pct is None:
        steps.append(Step("minimum_wage_monthly", (), money("minimum_wage_monthly", monthly)))
    else:
        steps.append(
            Step(
                "minimum_wage_monthly_youth",
                (
                    money("minimum_wage_monthly_adult", rules.minimum_wage_monthly_adult),
                    percent("youth_wage_pct", rules.youth_wage_pct),
                    text("age_variant", rules.age_variant),
                ),
                money("minimum_wage_monthly", monthly),
                unconfirmed=True,
            )
        )
    with_allowance = monthly * (HUNDRED + rules.holiday_allowance_pct) / HUNDRED
    steps.append(
        Step(
            "holiday_allowance_added",
            (
                money("minimum_wage_monthly", monthly),
                percent("holiday_allowance_pct", rules.holiday_allowance_pct),
            ),
            money("minimum_wage_with_holiday_allowance", with_allowance),
        )
    )
    return with_allowance, steps


def hours_factor(
    rules: RulesOnDate, hours_per_week: Decimal, full_time_hours_per_week: Decimal
) -> tuple[Decimal, Decimal, Step]:
    """Hours counted and the week they are divided by (their quotient scales the subsidy), and the step."""
    counted = min(hours_per_week, full_time_hours_per_week)
    if rules.hours_rule is HoursRule.PRO_RATA_FIXED_BASIS:
        assert rules.hours_basis is not None  # guaranteed by RulesOnDate.__post_init__
        divisor = rules.hours_basis
        factor = counted / divisor
        step = Step(
            "hours_pro_rata",
            (
                hours("hours_per_week", hours_per_week),
                hours("full_time_hours_per_week", full_time_hours_per_week),
                hours("counted_hours", counted),
                hours("hours_basis", rules.hours_basis),
            ),
            number("hours_factor", factor),
        )
    else:
        divisor = full_time_hours_per_week
        factor = counted / divisor
        step = Step(
            "hours_reduction_only",
            (
                hours("hours_per_week", hours_per_week),
                hours("full_time_hours_per_week", full_time_hours_per_week),
                hours("counted_hours", counted),
            ),
            number("hours_factor", factor),
        )
    return counted, divisor, step


def wage_cost_subsidy(
    *,
    rules: RulesOnDate,
    wage_value: int | None,
    hours_per_week: Decimal | int | str,
    full_time_hours_per_week: Decimal | int | str = Decimal(36),
    employment_month: int | None = None,
) -> SubsidyResult:
    """Wage-cost subsidy per month on `rules.on` (Participatiewet art. 10d lid 4 and 5).

    `wage_value` None: the flat rate of lid 5 (no wage value determined yet), allowed for at most the
    first `rules.flat_rate_max_months` months of the employment (`employment_month`, 1-based, when known).
    """
    hours_week = _check_hours(hours_per_week, "hours_per_week")
    full_time = _check_hours(full_time_hours_per_week, "full_time_hours_per_week")
    if wage_value is not None:
        _check_wage_value(wage_value)
    if employment_month is not None and (isinstance(employment_month, bool) or employment_month < 1):
        raise CalculationInputError("employment_month", "not_positive")

    wml_vb, steps = minimum_wage_steps(rules)
    cap = pct_of(wml_vb, rules.cap_pct)
    capped = False
    if wage_value is None:
        if employment_month is not None and employment_month > rules.flat_rate_max_months:
            raise CalculationInputError("wage_value", "flat_rate_expired", maximum=rules.flat_rate_max_months)
        base = pct_of(wml_vb, rules.flat_rate_pct)
        steps.append(
            Step(
                "flat_rate",
                (
                    money("minimum_wage_with_holiday_allowance", wml_vb),
                    percent("flat_rate_pct", rules.flat_rate_pct),
                    months("flat_rate_max_months", rules.flat_rate_max_months),
                ),
                money("subsidy_before_employer_costs", base),
            )
        )
    else:
        if wage_value >= 100:
            steps.append(
                Step(
                    "not_target_group",
                    (percent("wage_value", wage_value),),
                    money("monthly_amount", Decimal(0)),
                )
            )
            return SubsidyResult(
                monthly_amount=Decimal("0.00"),
                monthly_amount_exact=Decimal(0),
                flat_rate=False,
                capped=False,
                zero_reason=ZeroReason.NOT_TARGET_GROUP,
                steps=tuple(steps),
            )
        difference = pct_of(wml_vb, 100 - wage_value)
        steps.append(
            Step(
                "difference_with_wage_value",
                (money("minimum_wage_with_holiday_allowance", wml_vb), percent("wage_value", wage_value)),
                money("difference", difference),
            )
        )
        capped = difference > cap
        base = min(difference, cap)
        steps.append(
            Step(
                "cap_applied" if capped else "cap_not_reached",
                (money("difference", difference), percent("cap_pct", rules.cap_pct), money("cap", cap)),
                money("subsidy_before_employer_costs", base),
            )
        )
    with_costs = base * (HUNDRED + rules.employer_cost_pct) / HUNDRED
    steps.append(
        Step(
            "employer_costs_added",
            (
                money("subsidy_before_employer_costs", base),
                percent("employer_cost_pct", rules.employer_cost_pct),
            ),
            money("subsidy_full_time", with_costs),
        )
    )
    counted, divisor, hours_step = hours_factor(rules, hours_week, full_time)
    steps.append(hours_step)
    factor = counted / divisor
    exact = with_costs * counted / divisor  # multiply first: one rounding of the division, at the end
    amount = round_cents(exact)
    steps.append(
        Step(
            "monthly_amount",
            (money("subsidy_full_time", with_costs), number("hours_factor", factor)),
            money("monthly_amount", amount),
            unconfirmed=True,  # the rounding to cents is not prescribed by law
        )
    )
    return SubsidyResult(
        monthly_amount=amount,
        monthly_amount_exact=exact,
        flat_rate=wage_value is None,
        capped=capped,
        zero_reason=None,
        steps=tuple(steps),
    )


# --- 3. wage dispensation (Wajong art. 2:20; DOMAIN.md §2) ---------------------------------------


@dataclass(frozen=True)
class DispensationRules:
    """UWV conditions for wage dispensation [OFFICIAL uwv.nl, DOMAIN.md §2]."""

    valid_from: date
    min_productivity_loss_pct: int = 25
    min_expected_months: int = 6
    min_remaining_contract_months: int = 6
    min_duration_months: int = 6
    max_duration_months: int = 60


DISPENSATION_RULES = (DispensationRules(valid_from=EARLIEST_DATE),)


def dispensation_rules_on(on: date) -> DispensationRules:
    for version in sorted(DISPENSATION_RULES, key=lambda r: r.valid_from, reverse=True):
        if version.valid_from <= on:
            return version
    raise RulesNotAvailable(on, "wage_dispensation")


@dataclass(frozen=True)
class Check:
    code: str
    passed: bool
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class DispensationResult:
    monthly_wage: Decimal
    employer_pays: Decimal  # rounded to cents
    reduction: Decimal
    eligible: bool
    checks: tuple[Check, ...]
    steps: tuple[Step, ...]


def wage_dispensation(
    *,
    rules: DispensationRules,
    wage_value: int,
    monthly_wage: Decimal | int | str,
    expected_duration_months: int | None = None,
    remaining_contract_months: int | None = None,
    requested_duration_months: int | None = None,
) -> DispensationResult:
    """What the employer pays under wage dispensation (wage value % of the wage) and the conditions.

    UWV decides; the checks only say whether the conditions as entered are met. A condition whose
    figure was not entered is left out.
    """
    _check_wage_value(wage_value)
    wage = _decimal(monthly_wage, "monthly_wage")
    if wage <= 0:
        raise CalculationInputError("monthly_wage", "not_positive")
    for name, value in (
        ("expected_duration_months", expected_duration_months),
        ("remaining_contract_months", remaining_contract_months),
        ("requested_duration_months", requested_duration_months),
    ):
        if value is not None and (isinstance(value, bool) or value < 0):
            raise CalculationInputError(name, "negative")

    loss = 100 - wage_value
    checks = [
        Check(
            "productivity_loss",
            loss >= rules.min_productivity_loss_pct,
            (percent("productivity_loss_pct", loss), percent("minimum_pct", rules.min_productivity_loss_pct)),
        )
    ]
    if expected_duration_months is not None:
        checks.append(
            Check(
                "expected_duration",
                expected_duration_months >= rules.min_expected_months,
                (
                    months("expected_duration_months", expected_duration_months),
                    months("minimum_months", rules.min_expected_months),
                ),
            )
        )
    if remaining_contract_months is not None:
        checks.append(
            Check(
                "remaining_contract",
                remaining_contract_months >= rules.min_remaining_contract_months,
                (
                    months("remaining_contract_months", remaining_contract_months),
                    months("minimum_months", rules.min_remaining_contract_months),
                ),
            )
        )
    if requested_duration_months is not None:
        checks.append(
            Check(
                "dispensation_duration",
                rules.min_duration_months <= requested_duration_months <= rules.max_duration_months,
                (
                    months("requested_duration_months", requested_duration_months),
                    months("minimum_months", rules.min_duration_months),
                    months("maximum_months", rules.max_duration_months),
                ),
            )
        )
    pays = round_cents(pct_of(wage, wage_value))
    steps = (
        Step(
            "dispensation_employer_pays",
            (money("monthly_wage", wage), percent("wage_value", wage_value)),
            money("employer_pays", pays),
        ),
        Step(
            "dispensation_reduction",
            (money("monthly_wage", wage), money("employer_pays", pays)),
            money("reduction", wage - pays),
        ),
    )
    return DispensationResult(
        monthly_wage=wage,
        employer_pays=pays,
        reduction=wage - pays,
        eligible=all(check.passed for check in checks),
        checks=tuple(checks),
        steps=steps,
    )


# --- 4. LKV, no-risk policy, trial placement (DOMAIN.md §5.1, §5.2, §1.5) ------------------------


@dataclass(frozen=True)
class LkvResult:
    eligible: bool
    reasons: tuple[str, ...]  # codes of the conditions not met
    annual_amount: Decimal  # rounded to cents; 0 when not eligible
    steps: tuple[Step, ...]


def _add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def lkv_jobs_agreement(
    *,
    rules: LkvJobsAgreementRules,
    paid_hours_in_year: Decimal | int | str,
    in_target_group_register: bool,
    has_target_group_declaration: bool = False,
    employment_start: date | None = None,
    on: date | None = None,
    state_pension_age_reached: bool = False,
    sheltered_employment: bool = False,
) -> LkvResult:
    """LKV for the jobs-agreement target group for a calendar year (Wtl art. 2.10-2.13; 2025 and 2026).

    Paid hours × hourly amount, capped per employee per calendar year. `sheltered_employment`: Wsw
    employment or beschut werk, which never gets it. 2026: the worker is in the target group register
    (Wfsv 38b). 2025: UWV's target group declaration (which certifies the conditions) instead, and it
    stops 3 years after the start of the first employment (`employment_start`, checked on `on`).
    """
    paid_hours = _decimal(paid_hours_in_year, "paid_hours_in_year")
    if paid_hours < 0:
        raise CalculationInputError("paid_hours_in_year", "negative")
    if paid_hours > HOURS_IN_A_WEEK * 53:
        raise CalculationInputError("paid_hours_in_year", "too_many_hours", maximum=HOURS_IN_A_WEEK * 53)
    reasons: list[str] = []
    if rules.version is LkvVersion.WTL_2026 and not in_target_group_register:
        reasons.append("not_in_register")
    if state_pension_age_reached:
        reasons.append("state_pension_age")
    if sheltered_employment:
        reasons.append("sheltered_employment")
    if rules.version is LkvVersion.WTL_2025:
        if not has_target_group_declaration:
            reasons.append("no_target_group_declaration")
        if (
            rules.max_years is not None
            and employment_start is not None
            and on is not None
            and on >= _add_years(employment_start, rules.max_years)
        ):
            reasons.append("max_duration_passed")
    steps: list[Step] = [Step("lkv_version", (text("version", rules.version.value),))]
    if reasons:
        steps.append(
            Step(
                "lkv_not_eligible", tuple(text("reason", r) for r in reasons), money("lkv_annual", Decimal(0))
            )
        )
        return LkvResult(False, tuple(reasons), Decimal("0.00"), tuple(steps))
    uncapped = paid_hours * rules.hourly
    amount = round_cents(min(uncapped, rules.annual_max))
    steps.append(
        Step(
            "lkv_per_hour",
            (hours("paid_hours_in_year", paid_hours), money("lkv_hourly", rules.hourly)),
            money("lkv_uncapped", uncapped),
        )
    )
    steps.append(
        Step(
            "lkv_cap_applied" if uncapped > rules.annual_max else "lkv_cap_not_reached",
            (money("lkv_uncapped", uncapped), money("lkv_annual_max", rules.annual_max)),
            money("lkv_annual", amount),
        )
    )
    return LkvResult(True, (), amount, tuple(steps))


class NoRiskGround(StrEnum):
    """Who the no-risk policy covers (Ziektewet art. 29b, text 2026)."""

    WIA_BENEFIT_BEFORE_JOB = "wia_benefit_before_job"  # lid 1
    LESS_THAN_35_PCT_DISABLED = "less_than_35_pct_disabled"  # lid 1, start within 5 years of the assessment
    SCHOOL_LEAVER_WITH_HANDICAP = (
        "school_leaver_with_handicap"  # lid 1, start within 5 years of leaving school
    )
    WAJONG = "wajong"  # lid 2, no time limit
    WSW = "wsw"  # lid 2
    JOBS_AGREEMENT_TARGET_GROUP = "jobs_agreement_target_group"  # lid 2, jobs started on/after 1-1-2015
    SHELTERED_WORK = "sheltered_work"  # lid 2 (beschut werk, art. 10b Pw)
    WIA_OWN_EMPLOYER = "wia_own_employer"  # lid 4, sickness within 5 years of the WIA decision


@dataclass(frozen=True)
class NoRiskRules:
    valid_from: date
    years_limit: int = 5
    benefit_pct: int = 70  # of the daily wage (lid 5)
    benefit_pct_on_request: int = 100  # during the first weeks, on the employer's request (lid 6)
    weeks_at_full_pct: int = 52
    jobs_agreement_from: date = date(2015, 1, 1)


NO_RISK_RULES = (NoRiskRules(valid_from=EARLIEST_DATE),)


def no_risk_rules_on(on: date) -> NoRiskRules:
    for version in sorted(NO_RISK_RULES, key=lambda r: r.valid_from, reverse=True):
        if version.valid_from <= on:
            return version
    raise RulesNotAvailable(on, "no_risk_policy")


@dataclass(frozen=True)
class NoRiskResult:
    covered: bool
    reason: str  # 'covered', or the code of the condition not met
    steps: tuple[Step, ...]


_FIVE_YEAR_GROUNDS = {
    NoRiskGround.LESS_THAN_35_PCT_DISABLED,
    NoRiskGround.SCHOOL_LEAVER_WITH_HANDICAP,
    NoRiskGround.WIA_OWN_EMPLOYER,
}


def no_risk_policy(
    *,
    rules: NoRiskRules,
    ground: NoRiskGround,
    employment_start: date,
    reference_date: date | None = None,
    sickness_start: date | None = None,
) -> NoRiskResult:
    """Whether the no-risk policy covers the worker (ZW art. 29b).

    `reference_date`: the date the 5-year period runs from (the assessment, leaving school, or the WIA
    decision) for the grounds that have one; `sickness_start` for the own-employer ground (lid 4).
    """
    steps: list[Step] = [Step("no_risk_ground", (text("ground", ground.value),))]
    covered, reason = True, "covered"
    if ground in _FIVE_YEAR_GROUNDS:
        if reference_date is None:
            raise CalculationInputError("reference_date", "required")
        limit = _add_years(reference_date, rules.years_limit)
        moment = sickness_start if ground is NoRiskGround.WIA_OWN_EMPLOYER else employment_start
        if moment is None:
            raise CalculationInputError("sickness_start", "required")
        if moment > limit:
            covered, reason = False, "five_years_passed"
        steps.append(
            Step(
                "no_risk_five_years",
                (a_date("reference_date", reference_date), a_date("moment", moment)),
                a_date("limit", limit),
            )
        )
    if ground is NoRiskGround.JOBS_AGREEMENT_TARGET_GROUP and employment_start < rules.jobs_agreement_from:
        covered, reason = False, "job_started_before_jobs_agreement"
    if covered:
        steps.append(
            Step(
                "no_risk_benefit",
                (
                    percent("benefit_pct", rules.benefit_pct),
                    percent("benefit_pct_on_request", rules.benefit_pct_on_request),
                    number("weeks_at_full_pct", rules.weeks_at_full_pct),
                ),
            )
        )
    return NoRiskResult(covered, reason, tuple(steps))


class TrialPlacementScheme(StrEnum):
    PARTICIPATIEWET = "participatiewet"  # Pw art. 8a lid 2 d: 2 months, extendable by at most 4
    WAJONG = "wajong"  # Wajong art. 2:24: at most 6 months


@dataclass(frozen=True)
class TrialPlacementRules:
    valid_from: date
    pw_initial_months: int = 2
    pw_max_extension_months: int = 4
    wajong_max_months: int = 6


TRIAL_PLACEMENT_RULES = (TrialPlacementRules(valid_from=EARLIEST_DATE),)


def trial_placement_rules_on(on: date) -> TrialPlacementRules:
    for version in sorted(TRIAL_PLACEMENT_RULES, key=lambda r: r.valid_from, reverse=True):
        if version.valid_from <= on:
            return version
    raise RulesNotAvailable(on, "trial_placement")


@dataclass(frozen=True)
class TrialPlacementResult:
    allowed: bool
    max_months: int
    reason: str
    steps: tuple[Step, ...]


def trial_placement(
    *,
    rules: TrialPlacementRules,
    scheme: TrialPlacementScheme,
    initial_months: int,
    extension_months: int = 0,
) -> TrialPlacementResult:
    """Whether a trial placement of this length is within the legal limits (sick days are not counted)."""
    for name, value in (("initial_months", initial_months), ("extension_months", extension_months)):
        if isinstance(value, bool) or value < 0:
            raise CalculationInputError(name, "negative")
    total = initial_months + extension_months
    if scheme is TrialPlacementScheme.PARTICIPATIEWET:
        maximum = rules.pw_initial_months + rules.pw_max_extension_months
        if initial_months > rules.pw_initial_months:
            allowed, reason = False, "initial_period_too_long"
        elif extension_months > rules.pw_max_extension_months:
            allowed, reason = False, "extension_too_long"
        else:
            allowed, reason = True, "within_limits"
    else:
        maximum = rules.wajong_max_months
        allowed, reason = (True, "within_limits") if total <= maximum else (False, "too_long")
    step = Step(
        "trial_placement_limit",
        (
            text("scheme", scheme.value),
            months("initial_months", initial_months),
            months("extension_months", extension_months),
        ),
        months("max_months", maximum),
    )
    return TrialPlacementResult(allowed, maximum, reason, (step,))


# --- 5. the employer's net cost of a job ---------------------------------------------------------


class WageInstrument(StrEnum):
    """At most one of these for a job: LKS and wage dispensation never go together (Pw 10d lid 9)."""

    NONE = "none"
    WAGE_COST_SUBSIDY = "wage_cost_subsidy"
    WAGE_DISPENSATION = "wage_dispensation"


@dataclass(frozen=True)
class CostLine:
    code: str
    monthly_amount: Decimal  # rounded to cents; instruments are negative
    steps: tuple[Step, ...]
    unconfirmed: bool = False


@dataclass(frozen=True)
class NetCostResult:
    lines: tuple[CostLine, ...]
    gross_monthly_cost: Decimal
    monthly_net_cost: Decimal

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for line in self.lines for step in line.steps)


def employer_net_cost(
    *,
    rules: RulesOnDate,
    hours_per_week: Decimal | int | str,
    full_time_hours_per_week: Decimal | int | str = Decimal(36),
    hourly_wage: Decimal | int | str | None = None,
    instrument: WageInstrument = WageInstrument.NONE,
    wage_value: int | None = None,
    in_target_group_register: bool = False,
    has_target_group_declaration: bool = False,
) -> NetCostResult:
    """Monthly cost of the job to the employer: gross wage cost minus what each instrument pays.

    Gross wage cost = wage for the hours (hourly wage × hours × 52/12) + holiday allowance + employer
    costs. Employer costs are estimated at the wage-cost subsidy's flat percentage (Regeling LKS): the
    real figure depends on the employer's premiums and pension scheme, so that line is marked
    unconfirmed. LKV is paid after the calendar year; it is shown here as a monthly average.
    """
    hours_week = _check_hours(hours_per_week, "hours_per_week")
    full_time = _check_hours(full_time_hours_per_week, "full_time_hours_per_week")
    if instrument is not WageInstrument.NONE and wage_value is not None:
        _check_wage_value(wage_value)
    if instrument is WageInstrument.WAGE_DISPENSATION and wage_value is None:
        raise CalculationInputError("wage_value", "required_for_dispensation")
    if hourly_wage is None:
        wage_hour = rules.minimum_wage_hourly
    else:
        wage_hour = _decimal(hourly_wage, "hourly_wage")
        if wage_hour < rules.minimum_wage_hourly:
            raise CalculationInputError(
                "hourly_wage", "below_minimum_wage", minimum=rules.minimum_wage_hourly
            )

    lines: list[CostLine] = []
    wage = round_cents(wage_hour * hours_week * WEEKS_PER_MONTH)
    lines.append(
        CostLine(
            "wage",
            wage,
            (
                Step(
                    "wage_for_hours",
                    (
                        money("hourly_wage", wage_hour),
                        hours("hours_per_week", hours_week),
                        number("weeks_per_month", WEEKS_PER_MONTH),
                    ),
                    money("monthly_wage", wage),
                ),
            ),
        )
    )
    allowance = round_cents(pct_of(wage, rules.holiday_allowance_pct))
    lines.append(
        CostLine(
            "holiday_allowance",
            allowance,
            (
                Step(
                    "holiday_allowance_on_wage",
                    (
                        money("monthly_wage", wage),
                        percent("holiday_allowance_pct", rules.holiday_allowance_pct),
                    ),
                    money("holiday_allowance", allowance),
                ),
            ),
        )
    )
    employer_costs = round_cents(pct_of(wage + allowance, rules.employer_cost_pct))
    lines.append(
        CostLine(
            "employer_costs",
            employer_costs,
            (
                Step(
                    "employer_costs_estimate",
                    (
                        money("wage_with_holiday_allowance", wage + allowance),
                        percent("employer_cost_pct", rules.employer_cost_pct),
                    ),
                    money("employer_costs", employer_costs),
                    unconfirmed=True,
                ),
            ),
            unconfirmed=True,
        )
    )
    gross = wage + allowance + employer_costs

    if instrument is WageInstrument.WAGE_COST_SUBSIDY:
        subsidy = wage_cost_subsidy(
            rules=rules,
            wage_value=wage_value,
            hours_per_week=hours_week,
            full_time_hours_per_week=full_time,
        )
        lines.append(CostLine("wage_cost_subsidy", -subsidy.monthly_amount, subsidy.steps))
    elif instrument is WageInstrument.WAGE_DISPENSATION:
        assert wage_value is not None
        reduction = round_cents(pct_of(gross, 100 - wage_value))
        lines.append(
            CostLine(
                "wage_dispensation",
                -reduction,
                (
                    Step(
                        "dispensation_reduction_of_cost",
                        (money("gross_monthly_cost", gross), percent("wage_value", wage_value)),
                        money("reduction", reduction),
                        # That holiday allowance and employer costs follow the reduced wage is an inference.
                        unconfirmed=True,
                    ),
                ),
                unconfirmed=True,
            )
        )

    lkv_asked = in_target_group_register or has_target_group_declaration
    if lkv_asked and rules.lkv_jobs_agreement is None:
        unavailable = Step("lkv_figures_unavailable", (a_date("date", rules.on),), unconfirmed=True)
        lines.append(CostLine("lkv_jobs_agreement", Decimal("0.00"), (unavailable,), unconfirmed=True))
    elif lkv_asked and rules.lkv_jobs_agreement is not None:
        lkv = lkv_jobs_agreement(
            rules=rules.lkv_jobs_agreement,
            paid_hours_in_year=hours_week * WEEKS_PER_YEAR,
            in_target_group_register=in_target_group_register,
            has_target_group_declaration=has_target_group_declaration,
        )
        if lkv.eligible:
            monthly_lkv = round_cents(lkv.annual_amount / 12)
            steps = (
                Step(
                    "lkv_paid_hours",
                    (hours("hours_per_week", hours_week), number("weeks_per_year", WEEKS_PER_YEAR)),
                    hours("paid_hours_in_year", hours_week * WEEKS_PER_YEAR),
                ),
                *lkv.steps,
                Step(
                    "lkv_monthly_average",
                    (money("lkv_annual", lkv.annual_amount),),
                    money("lkv_monthly", monthly_lkv),
                ),
            )
            # Whether LKV combines with wage-cost subsidy is not in the law text (DOMAIN.md §1.2
            # [UNCONFIRMED]); practice treats it as combinable.
            with_subsidy = instrument is WageInstrument.WAGE_COST_SUBSIDY
            if with_subsidy:
                steps = (*steps, Step("lkv_with_wage_cost_subsidy", unconfirmed=True))
            lines.append(CostLine("lkv_jobs_agreement", -monthly_lkv, steps, unconfirmed=with_subsidy))
        else:
            lines.append(CostLine("lkv_jobs_agreement", Decimal("0.00"), lkv.steps))

    net = sum((line.monthly_amount for line in lines), Decimal(0))
    return NetCostResult(lines=tuple(lines), gross_monthly_cost=gross, monthly_net_cost=net)
