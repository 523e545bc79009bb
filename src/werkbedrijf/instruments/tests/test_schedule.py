"""The pure payment-schedule rules: months, part months, 1 January re-determination, the flat-rate limit."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from werkbedrijf.instruments import schedule
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.tests.conftest import make_rules


def test_month_slices_cut_to_the_period():
    slices = schedule.month_slices(date(2026, 1, 16), date(2026, 3, 10))
    assert [(s.month, s.start, s.end, s.days, s.whole_month) for s in slices] == [
        (date(2026, 1, 1), date(2026, 1, 16), date(2026, 1, 31), 16, False),
        (date(2026, 2, 1), date(2026, 2, 1), date(2026, 2, 28), 28, True),
        (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 10), 10, False),
    ]
    assert schedule.month_slices(date(2026, 2, 1), date(2026, 1, 31)) == []


def test_figures_of_1_january_or_of_the_start():
    start = date(2025, 3, 1)
    assert schedule.determination_date(date(2025, 8, 1), start) == start  # not the 1 July indexation
    assert schedule.determination_date(date(2026, 2, 1), start) == date(2026, 1, 1)


def test_flat_rate_runs_six_months_from_the_start():
    assert schedule.flat_rate_last_day(date(2026, 1, 1), 6) == date(2026, 6, 30)
    assert schedule.flat_rate_last_day(date(2026, 1, 15), 6) == date(2026, 7, 14)


def _subsidy(on, wage_value):
    return calc.wage_cost_subsidy(rules=make_rules(on=on), wage_value=wage_value, hours_per_week=Decimal(36))


def test_plan_with_a_wage_value_pays_the_domain_example_each_month():
    plan = schedule.plan_wage_cost_subsidy(
        period_start=date(2026, 1, 1),
        through=date(2026, 12, 31),
        subsidy_for=_subsidy,
        wage_value=60,
        flat_rate_max_months=6,
    )
    assert len(plan.lines) == 12 and plan.wage_value_needed_from is None
    assert {line.amount for line in plan.lines} == {Decimal("1224.11")}  # DOMAIN.md §9 case 1


def test_plan_pays_a_part_month_pro_rata_to_calendar_days():
    plan = schedule.plan_wage_cost_subsidy(
        period_start=date(2026, 3, 16),
        through=date(2026, 4, 30),
        subsidy_for=_subsidy,
        wage_value=60,
        flat_rate_max_months=6,
    )
    first, second = plan.lines
    # 1224.108288 × 16 / 31 = 631.7978…
    assert (first.monthly_amount, first.amount, first.pro_rata) == (
        Decimal("1224.11"),
        Decimal("631.80"),
        True,
    )
    assert (second.amount, second.pro_rata) == (Decimal("1224.11"), False)


def test_flat_rate_stops_after_six_months_until_a_wage_value_is_known():
    plan = schedule.plan_wage_cost_subsidy(
        period_start=date(2026, 1, 1),
        through=date(2026, 12, 31),
        subsidy_for=_subsidy,
        wage_value=None,
        flat_rate_max_months=6,
    )
    assert [line.month.month for line in plan.lines] == [1, 2, 3, 4, 5, 6]
    assert {line.amount for line in plan.lines} == {Decimal("1530.14")}  # DOMAIN.md §9 case 4
    assert plan.wage_value_needed_from == date(2026, 7, 1)


def test_a_wage_value_after_the_flat_rate_months():
    plan = schedule.plan_wage_cost_subsidy(
        period_start=date(2026, 1, 1),
        through=date(2026, 9, 30),
        subsidy_for=_subsidy,
        wage_value=60,
        wage_value_from=date(2026, 7, 1),
        earlier_wage_value=None,
        flat_rate_max_months=6,
    )
    assert [(line.month.month, line.flat_rate, line.amount) for line in plan.lines][5:] == [
        (6, True, Decimal("1530.14")),
        (7, False, Decimal("1224.11")),
        (8, False, Decimal("1224.11")),
        (9, False, Decimal("1224.11")),
    ]


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
    wage_value=st.integers(min_value=0, max_value=100),
)
def test_lines_cover_the_period_once_and_never_exceed_a_whole_month(start, days, wage_value):
    end = date.fromordinal(start.toordinal() + days)
    plan = schedule.plan_wage_cost_subsidy(
        period_start=start, through=end, subsidy_for=_subsidy, wage_value=wage_value, flat_rate_max_months=6
    )
    assert sum(line.end.toordinal() - line.start.toordinal() + 1 for line in plan.lines) == days + 1
    assert len({line.month for line in plan.lines}) == len(plan.lines)
    for line in plan.lines:
        assert Decimal(0) <= line.amount <= line.monthly_amount
