from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.wage_value.calculation import (
    HoursRule,
    LkvJobsAgreementRules,
    LkvVersion,
    RulesOnDate,
)


def make_rules(**overrides) -> RulesOnDate:
    """The figures of 1 January 2026 (DOMAIN.md §1.3, §5.2, §7) written out: pure tests need no database."""
    values = {
        "on": date(2026, 1, 1),
        "age_variant": "",
        "minimum_wage_monthly_adult": Decimal("2294.40"),
        "youth_wage_pct": None,
        "minimum_wage_hourly": Decimal("14.71"),
        "holiday_allowance_pct": Decimal(8),
        "employer_cost_pct": Decimal("23.5"),
        "cap_pct": Decimal(70),
        "flat_rate_pct": Decimal(50),
        "flat_rate_max_months": 6,
        "hours_rule": HoursRule.PRO_RATA_FIXED_BASIS,
        "hours_basis": Decimal(36),
        "lkv_jobs_agreement": LkvJobsAgreementRules(
            version=LkvVersion.WTL_2026, hourly=Decimal("1.01"), annual_max=Decimal(2000), max_years=None
        ),
    }
    values.update(overrides)
    return RulesOnDate(**values)


@pytest.fixture
def rules_2026() -> RulesOnDate:
    return make_rules()


@pytest.fixture
def legal_parameters(db):
    return load_legal_parameters()


@pytest.fixture(autouse=True)
def _empty_throttle_cache():
    cache.clear()
    yield
    cache.clear()


# --- assessments ---------------------------------------------------------------------------------


@pytest.fixture
def region(db):
    from werkbedrijf.accounts.tests.factories import RegionFactory

    return RegionFactory(code="AM97", name="Testregio Loonwaarde")


@pytest.fixture
def other_region(db):
    from werkbedrijf.accounts.tests.factories import RegionFactory

    return RegionFactory(code="AM96", name="Testregio Elders")
