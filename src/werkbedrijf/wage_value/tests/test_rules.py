"""The figures on a date, read from the shipped legal parameters."""

from datetime import date
from decimal import Decimal

import pytest

from werkbedrijf.parameters.models import Confidence, LegalParameter
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.calculation import CalculationInputError, HoursRule, LkvVersion, RulesNotAvailable
from werkbedrijf.wage_value.rules import age_on, rules_on

pytestmark = pytest.mark.django_db


def test_rules_of_1_january_2026(legal_parameters):
    rules = rules_on(date(2026, 1, 1))
    assert rules.minimum_wage_monthly == Decimal("2294.40")
    assert rules.minimum_wage_hourly == Decimal("14.71")
    assert (rules.holiday_allowance_pct, rules.employer_cost_pct, rules.cap_pct) == (8, Decimal("23.5"), 70)
    assert (rules.flat_rate_pct, rules.flat_rate_max_months) == (50, 6)
    assert (rules.hours_rule, rules.hours_basis) == (HoursRule.PRO_RATA_FIXED_BASIS, 36)
    assert rules.lkv_jobs_agreement.version is LkvVersion.WTL_2026
    assert rules.unconfirmed == frozenset()
    result = calc.wage_cost_subsidy(rules=rules, wage_value=60, hours_per_week=Decimal(36))
    assert result.monthly_amount == Decimal("1224.11")


def test_youth_rules_at_19_case_13(legal_parameters):
    rules = rules_on(date(2026, 1, 1), date_of_birth=date(2006, 6, 15))
    assert rules.age_variant == "19"
    assert rules.minimum_wage_hourly == Decimal("8.83")
    assert rules.minimum_wage_monthly == Decimal("1376.64")  # 60 % of 2294.40


def test_bbl_variant(legal_parameters):
    rules = rules_on(date(2026, 1, 1), date_of_birth=date(2006, 6, 15), bbl=True)
    assert (rules.age_variant, rules.minimum_wage_hourly) == ("bbl_19", Decimal("7.72"))


def test_age_on_birthday():
    assert age_on(date(2005, 1, 1), date(2026, 1, 1)) == 21
    assert age_on(date(2005, 1, 2), date(2026, 1, 1)) == 20


@pytest.mark.parametrize(
    ("date_of_birth", "code"), [(date(2012, 1, 1), "too_young"), (date(2027, 1, 1), "after_date")]
)
def test_invalid_date_of_birth(legal_parameters, date_of_birth, code):
    with pytest.raises(CalculationInputError) as error:
        rules_on(date(2026, 1, 1), date_of_birth=date_of_birth)
    assert (error.value.field, error.value.code) == ("date_of_birth", code)


@pytest.mark.parametrize("on", [date(2014, 12, 31), date(2020, 1, 1), date(2024, 6, 30)])
def test_dates_before_the_rules_raise_on_the_date_field(legal_parameters, on):
    with pytest.raises(RulesNotAvailable) as error:
        rules_on(on)
    assert error.value.field == "date"


def test_earliest_date_with_all_figures(legal_parameters):
    rules = rules_on(date(2024, 7, 1))
    assert rules.minimum_wage_monthly == Decimal("2133.60")
    assert rules.lkv_jobs_agreement is None  # LKV versions before 2025 were not checked


def test_lkv_2025_is_the_three_year_version_and_its_amounts_are_flagged_unconfirmed(legal_parameters):
    lkv = rules_on(date(2025, 6, 1)).lkv_jobs_agreement
    assert (lkv.version, lkv.hourly, lkv.annual_max, lkv.max_years) == (
        LkvVersion.WTL_2025,
        Decimal("1.01"),
        2000,
        3,
    )
    assert {"lkv_hourly", "lkv_annual_max"} <= rules_on(date(2025, 6, 1)).unconfirmed


def test_lkv_2025_is_unavailable_without_its_max_years(legal_parameters):
    LegalParameter.objects.filter(key="lkv_jobs_agreement_max_years").delete()
    assert rules_on(date(2025, 6, 1)).lkv_jobs_agreement is None


def test_unconfirmed_figures_are_flagged(legal_parameters):
    LegalParameter.objects.filter(key="wage_cost_subsidy_employer_cost_pct").update(
        confidence=Confidence.UNCONFIRMED
    )
    assert rules_on(date(2026, 1, 1)).unconfirmed == frozenset({"employer_cost_pct"})
