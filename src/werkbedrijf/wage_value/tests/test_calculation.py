"""The pure calculations against DOMAIN.md §1.3, §1.4, §1.5, §2, §5 and §9 (amounts to the cent)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.calculation import (
    CalculationInputError,
    HoursRule,
    LkvJobsAgreementRules,
    LkvVersion,
    MainTask,
    WageInstrument,
    WageValueMethod,
    ZeroReason,
)

from .conftest import make_rules

D = Decimal


def lks(rules, wage_value, hours, fulltime=36, **kwargs):
    return calc.wage_cost_subsidy(
        rules=rules,
        wage_value=wage_value,
        hours_per_week=D(hours),
        full_time_hours_per_week=D(fulltime),
        **kwargs,
    )


def step(result, code):
    return next(s for s in result.steps if s.code == code)


# --- DOMAIN.md §9 cases 1-5 ---------------------------------------------------------------------


def test_minimum_wage_plus_holiday_allowance_2026(rules_2026):
    result = lks(rules_2026, 60, 36)
    assert step(result, "holiday_allowance_added").result.value == D("2477.952")


@pytest.mark.parametrize(
    ("wage_value", "hours", "fulltime", "expected"),
    [
        (60, 36, 36, "1224.11"),  # case 1
        (60, 32, 36, "1088.10"),  # case 2
        (60, 40, 40, "1360.12"),  # case 2, collective agreement 40 hours
        (60, 40, 38, "1292.11"),  # case 2, collective agreement 38 hours: 38 count
        (20, 36, 36, "2142.19"),  # case 3, capped
        (30, 36, 36, "2142.19"),  # case 3, exactly at the cap
    ],
)
def test_domain_examples(rules_2026, wage_value, hours, fulltime, expected):
    assert lks(rules_2026, wage_value, hours, fulltime).monthly_amount == D(expected)


def test_cap_applies_below_30_percent(rules_2026):
    assert lks(rules_2026, 20, 36).capped
    assert not lks(rules_2026, 30, 36).capped  # the difference equals the cap
    assert not lks(rules_2026, 60, 36).capped


def test_flat_rate_case_4(rules_2026):
    result = lks(rules_2026, None, 36)
    assert result.monthly_amount == D("1530.14")
    assert result.flat_rate
    assert lks(rules_2026, None, 36, employment_month=6).monthly_amount == D("1530.14")


def test_flat_rate_not_after_month_6(rules_2026):
    with pytest.raises(CalculationInputError) as error:
        lks(rules_2026, None, 36, employment_month=7)
    assert (error.value.field, error.value.code) == ("wage_value", "flat_rate_expired")


def test_zero_at_100_with_reason_case_5(rules_2026):
    result = lks(rules_2026, 100, 36)
    assert result.monthly_amount == D("0.00")
    assert result.zero_reason is ZeroReason.NOT_TARGET_GROUP
    assert result.steps[-1].code == "not_target_group"


def test_youth_monthly_minimum_wage_case_13():
    rules = make_rules(age_variant="19", youth_wage_pct=D(60), minimum_wage_hourly=D("8.83"))
    assert rules.minimum_wage_monthly == D("1376.64")
    result = lks(rules, 60, 36)
    youth_step = step(result, "minimum_wage_monthly_youth")
    assert youth_step.unconfirmed
    # 1376.64 × 1.08 × 0.40 × 1.235 = 734.464973
    assert result.monthly_amount == D("734.46")


# --- the hours rule, by date -------------------------------------------------------------------


def test_hours_rule_changes_on_1_january_2024():
    assert calc.hours_rule_on(date(2023, 12, 31)) is HoursRule.NORMAL_WEEK_REDUCTION_ONLY
    assert calc.hours_rule_on(date(2024, 1, 1)) is HoursRule.PRO_RATA_FIXED_BASIS


def test_rule_before_2024_reduces_only_against_the_normal_week():
    rules = make_rules(on=date(2023, 6, 1), hours_rule=HoursRule.NORMAL_WEEK_REDUCTION_ONLY, hours_basis=None)
    full = lks(rules, 60, 38, fulltime=38)
    assert full.monthly_amount == D("1224.11")  # a full week gets the full amount, not 38/36
    assert lks(rules, 60, 40, fulltime=38).monthly_amount == D("1224.11")  # never increased
    assert lks(rules, 60, 19, fulltime=38).monthly_amount_exact == full.monthly_amount_exact / 2
    assert step(full, "hours_reduction_only")


def test_rule_from_2024_pro_rates_up_and_down(rules_2026):
    assert lks(rules_2026, 60, 38, fulltime=38).monthly_amount == D("1292.11")
    assert step(lks(rules_2026, 60, 36), "hours_pro_rata")


def test_pro_rata_rule_needs_the_hours_basis():
    with pytest.raises(calc.RulesNotAvailable):
        make_rules(hours_basis=None)


# --- properties ----------------------------------------------------------------------------------

hours_values = st.decimals(min_value=D("0.25"), max_value=D(60), places=2)
wage_values = st.integers(min_value=0, max_value=100)


@given(a=wage_values, b=wage_values, hours=hours_values)
def test_subsidy_monotone_non_increasing_in_wage_value(a, b, hours):
    rules = make_rules()
    low, high = sorted((a, b))
    assert lks(rules, low, hours, 40).monthly_amount_exact >= lks(rules, high, hours, 40).monthly_amount_exact


@given(wage_value=wage_values, hours=hours_values, fulltime=st.sampled_from([36, 38, 40]))
def test_subsidy_never_above_the_cap(wage_value, hours, fulltime):
    rules = make_rules()
    result = lks(rules, wage_value, hours, fulltime)
    counted = min(hours, D(fulltime))
    cap_for_hours = D("2477.952") * D("0.70") * D("1.235") * counted / 36
    assert result.monthly_amount_exact <= cap_for_hours


@given(wage_value=st.integers(min_value=0, max_value=30), hours=hours_values)
def test_wage_value_30_or_less_always_yields_the_cap(wage_value, hours):
    rules = make_rules()
    assert (
        lks(rules, wage_value, hours, 60).monthly_amount_exact
        == lks(rules, 0, hours, 60).monthly_amount_exact
    )


@given(hours=hours_values)
def test_zero_at_100_for_any_hours(hours):
    assert lks(make_rules(), 100, hours).monthly_amount == 0


@given(
    wage_value=st.integers(min_value=0, max_value=99),
    hours=hours_values,
    fulltime=st.sampled_from([36, 38, 40]),
)
def test_pro_rata_linear_in_hours_up_to_full_time(wage_value, hours, fulltime):
    rules = make_rules()
    per_week = lks(rules, wage_value, 36, 36).monthly_amount_exact
    result = lks(rules, wage_value, hours, fulltime).monthly_amount_exact
    assert result == per_week * min(hours, D(fulltime)) / 36


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"wage_value": 140, "hours_per_week": D(36)}, "wage_value", "out_of_range"),
        ({"wage_value": -1, "hours_per_week": D(36)}, "wage_value", "out_of_range"),
        ({"wage_value": 60, "hours_per_week": D(-4)}, "hours_per_week", "not_positive"),
        ({"wage_value": 60, "hours_per_week": D(0)}, "hours_per_week", "not_positive"),
        ({"wage_value": 60, "hours_per_week": D(200)}, "hours_per_week", "too_many_hours"),
        (
            {"wage_value": 60, "hours_per_week": D(36), "full_time_hours_per_week": D(-36)},
            "full_time_hours_per_week",
            "not_positive",
        ),
        ({"wage_value": 60, "hours_per_week": "many"}, "hours_per_week", "invalid"),
    ],
)
def test_invalid_subsidy_input_names_the_field(rules_2026, kwargs, field, code):
    with pytest.raises(CalculationInputError) as error:
        calc.wage_cost_subsidy(rules=rules_2026, **kwargs)
    assert (error.value.field, error.value.code) == (field, code)


# --- wage value from a measurement (§1.4) -------------------------------------------------------


def task(name, share, tempo, quality, third, minutes=60):
    return MainTask(name, D(share), D(minutes), D(tempo), D(quality), D(third))


DOMAIN_TASKS = [
    task("Inpakken", 50, 80, 90, 100),
    task("Etiketteren", 30, 60, 100, 90),
    task("Schoonmaken", 20, 100, 100, 100),
]


def test_historical_method_domain_example_is_72():
    result = calc.wage_value_measurement(method=WageValueMethod.TKI_BT_2015, tasks=DOMAIN_TASKS)
    assert result.computed_pct == D("72.2")
    assert result.wage_value == 72
    assert not result.method_unconfirmed


def test_uniform_method_is_named_and_marked_unconfirmed():
    result = calc.wage_value_measurement(method=WageValueMethod.ULM_2021, tasks=DOMAIN_TASKS)
    assert result.wage_value == 72
    assert result.method_unconfirmed
    assert result.steps[0].code == "method" and result.steps[0].unconfirmed
    assert result.steps[0].inputs[0].value == "ulm_2021"


def test_result_rounds_half_up_to_a_whole_percent():
    tasks = [task("A", 50, 100, 100, 100), task("B", 50, 45, 100, 100)]  # 50 + 22.5 = 72.5
    assert calc.wage_value_measurement(method=WageValueMethod.ULM_2021, tasks=tasks).wage_value == 73


def test_the_experts_figure_counts():
    result = calc.wage_value_measurement(
        method=WageValueMethod.ULM_2021, tasks=DOMAIN_TASKS, reported_wage_value=70
    )
    assert (result.computed_wage_value, result.wage_value, result.reported_by_expert) == (72, 70, True)
    last = result.steps[-1]
    assert last.code == "expert_figure_counts"
    assert {f.name: f.value for f in last.inputs}["differs"] is True


def test_method_by_date():
    assert calc.wage_value_method_on(date(2021, 6, 30)) is WageValueMethod.TKI_BT_2015
    assert calc.wage_value_method_on(date(2021, 7, 1)) is WageValueMethod.ULM_2021


@pytest.mark.parametrize(
    ("tasks", "field", "code"),
    [
        ([], "tasks", "no_tasks"),
        (
            [task("A", 95, 100, 100, 100), task("B", 5, 100, 100, 100)],
            "tasks.1.share_pct",
            "below_main_task_share",
        ),
        ([task("A", 100, 100, 100, 100, minutes=20)], "tasks.0.minutes_per_day", "below_main_task_minutes"),
        ([task("A", 60, 100, 100, 100), task("B", 30, 100, 100, 100)], "tasks", "shares_not_100"),
        ([task("A", 100, 140, 100, 100)], "tasks.0.tempo_pct", "out_of_range"),
        ([task(" ", 100, 100, 100, 100)], "tasks.0.name", "required"),
    ],
)
def test_main_task_validation(tasks, field, code):
    with pytest.raises(CalculationInputError) as error:
        calc.wage_value_measurement(method=WageValueMethod.ULM_2021, tasks=tasks)
    assert (error.value.field, error.value.code) == (field, code)


def test_main_task_of_exactly_one_sixteenth_counts():
    tasks = [task("A", "93.75", 100, 100, 100, minutes=30), task("B", "6.25", 100, 100, 100, minutes=30)]
    assert calc.wage_value_measurement(method=WageValueMethod.ULM_2021, tasks=tasks).wage_value == 100


def test_expert_figure_out_of_range():
    with pytest.raises(CalculationInputError) as error:
        calc.wage_value_measurement(
            method=WageValueMethod.ULM_2021, tasks=DOMAIN_TASKS, reported_wage_value=140
        )
    assert error.value.field == "reported_wage_value"


# --- wage dispensation (§2) ----------------------------------------------------------------------

DISPENSATION = calc.dispensation_rules_on(date(2026, 1, 1))


def test_dispensation_employer_pays_the_wage_value_share():
    result = calc.wage_dispensation(rules=DISPENSATION, wage_value=60, monthly_wage=D("2294.40"))
    assert (result.employer_pays, result.reduction) == (D("1376.64"), D("917.76"))
    assert result.eligible


@pytest.mark.parametrize(("wage_value", "passed"), [(75, True), (76, False)])
def test_dispensation_needs_25_percent_less_productivity(wage_value, passed):
    result = calc.wage_dispensation(rules=DISPENSATION, wage_value=wage_value, monthly_wage=D(2000))
    check = next(c for c in result.checks if c.code == "productivity_loss")
    assert check.passed is passed
    assert result.eligible is passed


@pytest.mark.parametrize(("months", "passed"), [(5, False), (6, True), (60, True), (61, False)])
def test_dispensation_duration_six_months_to_five_years(months, passed):
    result = calc.wage_dispensation(
        rules=DISPENSATION, wage_value=50, monthly_wage=D(2000), requested_duration_months=months
    )
    assert next(c for c in result.checks if c.code == "dispensation_duration").passed is passed


def test_dispensation_expected_duration_and_contract():
    result = calc.wage_dispensation(
        rules=DISPENSATION,
        wage_value=50,
        monthly_wage=D(2000),
        expected_duration_months=5,
        remaining_contract_months=6,
    )
    assert {c.code: c.passed for c in result.checks} == {
        "productivity_loss": True,
        "expected_duration": False,
        "remaining_contract": True,
    }
    assert not result.eligible


def test_dispensation_before_the_participatiewet_is_not_available():
    with pytest.raises(calc.RulesNotAvailable):
        calc.dispensation_rules_on(date(2014, 12, 31))


# --- LKV (§5.2, case 9), dated versions ---------------------------------------------------------

LKV_2026 = LkvJobsAgreementRules(LkvVersion.WTL_2026, D("1.01"), D(2000), None)
LKV_2025 = LkvJobsAgreementRules(LkvVersion.WTL_2025, D("1.01"), D(2000), 3)


def test_lkv_version_by_date():
    assert calc.lkv_version_on(date(2024, 12, 31)) is None
    assert calc.lkv_version_on(date(2025, 12, 31)) is LkvVersion.WTL_2025
    assert calc.lkv_version_on(date(2026, 1, 1)) is LkvVersion.WTL_2026


@pytest.mark.parametrize(("paid_hours", "expected"), [(1664, "1680.64"), (2000, "2000.00"), (0, "0.00")])
def test_lkv_2026_per_hour_capped_per_year(paid_hours, expected):
    result = calc.lkv_jobs_agreement(
        rules=LKV_2026, paid_hours_in_year=paid_hours, in_target_group_register=True
    )
    assert result.annual_amount == D(expected)


def test_lkv_2026_needs_the_register_not_a_declaration():
    assert not calc.lkv_jobs_agreement(
        rules=LKV_2026,
        paid_hours_in_year=1664,
        in_target_group_register=False,
        has_target_group_declaration=True,
    ).eligible
    assert calc.lkv_jobs_agreement(
        rules=LKV_2026,
        paid_hours_in_year=1664,
        in_target_group_register=True,
        employment_start=date(2015, 1, 1),
        on=date(2026, 6, 1),
    ).eligible  # no maximum duration in 2026


def test_lkv_2025_needs_a_declaration_and_stops_after_three_years():
    without = calc.lkv_jobs_agreement(rules=LKV_2025, paid_hours_in_year=1664, in_target_group_register=True)
    assert without.reasons == ("no_target_group_declaration",)
    within = calc.lkv_jobs_agreement(
        rules=LKV_2025,
        paid_hours_in_year=1664,
        in_target_group_register=False,
        has_target_group_declaration=True,
        employment_start=date(2022, 6, 1),
        on=date(2025, 5, 31),
    )
    assert within.annual_amount == D("1680.64")
    after = calc.lkv_jobs_agreement(
        rules=LKV_2025,
        paid_hours_in_year=1664,
        in_target_group_register=True,
        has_target_group_declaration=True,
        employment_start=date(2022, 6, 1),
        on=date(2025, 6, 1),
    )
    assert after.reasons == ("max_duration_passed",)


def test_lkv_never_for_sheltered_employment_or_after_state_pension_age():
    result = calc.lkv_jobs_agreement(
        rules=LKV_2026,
        paid_hours_in_year=1000,
        in_target_group_register=True,
        sheltered_employment=True,
        state_pension_age_reached=True,
    )
    assert set(result.reasons) == {"sheltered_employment", "state_pension_age"}
    assert result.annual_amount == 0


def test_lkv_negative_hours():
    with pytest.raises(CalculationInputError) as error:
        calc.lkv_jobs_agreement(rules=LKV_2026, paid_hours_in_year=-1, in_target_group_register=True)
    assert error.value.field == "paid_hours_in_year"


# --- no-risk policy (§5.1) and trial placement (§1.5, case 11) ---------------------------------

NO_RISK = calc.no_risk_rules_on(date(2026, 1, 1))


def test_no_risk_wajong_has_no_time_limit():
    result = calc.no_risk_policy(
        rules=NO_RISK, ground=calc.NoRiskGround.WAJONG, employment_start=date(2016, 1, 1)
    )
    assert result.covered


@pytest.mark.parametrize(("start", "covered"), [(date(2025, 3, 1), True), (date(2025, 3, 2), False)])
def test_no_risk_less_than_35_percent_within_five_years(start, covered):
    result = calc.no_risk_policy(
        rules=NO_RISK,
        ground=calc.NoRiskGround.LESS_THAN_35_PCT_DISABLED,
        employment_start=start,
        reference_date=date(2020, 3, 1),
    )
    assert result.covered is covered


def test_no_risk_jobs_agreement_only_for_jobs_from_2015():
    ground = calc.NoRiskGround.JOBS_AGREEMENT_TARGET_GROUP
    assert calc.no_risk_policy(rules=NO_RISK, ground=ground, employment_start=date(2015, 1, 1)).covered
    assert not calc.no_risk_policy(rules=NO_RISK, ground=ground, employment_start=date(2014, 12, 31)).covered


def test_no_risk_five_year_ground_needs_its_reference_date():
    with pytest.raises(CalculationInputError) as error:
        calc.no_risk_policy(
            rules=NO_RISK, ground=calc.NoRiskGround.WIA_OWN_EMPLOYER, employment_start=date(2024, 1, 1)
        )
    assert error.value.field == "reference_date"


TRIAL = calc.trial_placement_rules_on(date(2026, 1, 1))
PW, WAJONG = calc.TrialPlacementScheme.PARTICIPATIEWET, calc.TrialPlacementScheme.WAJONG


@pytest.mark.parametrize(
    ("scheme", "initial", "extension", "allowed"),
    [(PW, 2, 4, True), (PW, 2, 5, False), (PW, 3, 0, False), (WAJONG, 6, 0, True), (WAJONG, 4, 3, False)],
)
def test_trial_placement_limits(scheme, initial, extension, allowed):
    result = calc.trial_placement(
        rules=TRIAL, scheme=scheme, initial_months=initial, extension_months=extension
    )
    assert result.allowed is allowed
    assert result.max_months == 6


# --- employer's net cost ------------------------------------------------------------------------


def test_net_cost_with_wage_cost_subsidy_and_lkv(rules_2026):
    result = calc.employer_net_cost(
        rules=rules_2026,
        hours_per_week=D(36),
        instrument=WageInstrument.WAGE_COST_SUBSIDY,
        wage_value=60,
        in_target_group_register=True,
    )
    amounts = {line.code: line.monthly_amount for line in result.lines}
    assert amounts == {
        "wage": D("2294.76"),  # 14.71 × 36 × 52/12
        "holiday_allowance": D("183.58"),
        "employer_costs": D("582.41"),  # 23.5 % of 2478.34
        "wage_cost_subsidy": D("-1224.11"),
        "lkv_jobs_agreement": D("-157.56"),  # 1872 h × 1.01 = 1890.72 a year
    }
    lkv_line = result.lines[-1]
    assert lkv_line.unconfirmed
    assert lkv_line.steps[-1].code == "lkv_with_wage_cost_subsidy"
    assert result.gross_monthly_cost == D("3060.75")
    assert result.monthly_net_cost == D("1679.08")
    assert sum(amounts.values()) == result.monthly_net_cost


def test_net_cost_with_wage_dispensation_never_adds_subsidy(rules_2026):
    result = calc.employer_net_cost(
        rules=rules_2026, hours_per_week=D(36), instrument=WageInstrument.WAGE_DISPENSATION, wage_value=60
    )
    codes = [line.code for line in result.lines]
    assert "wage_cost_subsidy" not in codes
    assert {line.code: line.monthly_amount for line in result.lines}["wage_dispensation"] == D("-1224.30")
    assert result.monthly_net_cost == D("1836.45")


def test_net_cost_flat_rate_without_wage_value(rules_2026):
    result = calc.employer_net_cost(
        rules=rules_2026, hours_per_week=D(36), instrument=WageInstrument.WAGE_COST_SUBSIDY
    )
    assert {line.code: line.monthly_amount for line in result.lines}["wage_cost_subsidy"] == D("-1530.14")


def test_net_cost_without_lkv_figures_says_so():
    rules = make_rules(lkv_jobs_agreement=None)
    result = calc.employer_net_cost(rules=rules, hours_per_week=D(36), in_target_group_register=True)
    line = result.lines[-1]
    assert (line.code, line.monthly_amount, line.steps[0].code) == (
        "lkv_jobs_agreement",
        D("0.00"),
        "lkv_figures_unavailable",
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"hourly_wage": D("10.00")}, "hourly_wage", "below_minimum_wage"),
        ({"instrument": WageInstrument.WAGE_DISPENSATION}, "wage_value", "required_for_dispensation"),
        ({"instrument": WageInstrument.WAGE_COST_SUBSIDY, "wage_value": 140}, "wage_value", "out_of_range"),
        ({"hours_per_week": D(-1)}, "hours_per_week", "not_positive"),
    ],
)
def test_net_cost_validation(rules_2026, kwargs, field, code):
    arguments = {"rules": rules_2026, "hours_per_week": D(36), **kwargs}
    with pytest.raises(CalculationInputError) as error:
        calc.employer_net_cost(**arguments)
    assert (error.value.field, error.value.code) == (field, code)
