"""The employer's cost of a candidate in a job: the same figures as the net-cost calculator, per profile."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest

from werkbedrijf.accounts.tests.factories import RegionFactory
from werkbedrijf.candidates.models import Candidate, TargetGroup
from werkbedrijf.matching import costs
from werkbedrijf.matching.costs import CostCalculator, CostProfile, candidate_cost_profiles, cost_profile
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.calculators import net_cost
from werkbedrijf.wage_value.tests.assessment_fixtures import *  # noqa: F403
from werkbedrijf.wage_value.tests.assessment_fixtures import COMPUTED, make_draft, make_finalised

ON = date(2026, 11, 20)
HOURS = Decimal(24)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return RegionFactory(code="AM96", name="Testregio Kosten")


@pytest.fixture(autouse=True)
def legal_parameters(db):
    return load_legal_parameters()


def test_every_target_group_has_an_instrument():
    assert set(costs.INSTRUMENT_BY_TARGET_GROUP) == set(TargetGroup.values)


@pytest.mark.parametrize(
    ("target_group", "born", "wage_value", "in_register", "instrument"),
    [
        ("participation_act", date(1990, 5, 1), 40, True, calc.WageInstrument.WAGE_COST_SUBSIDY),
        ("participation_act", date(1990, 5, 1), None, False, calc.WageInstrument.WAGE_COST_SUBSIDY),
        ("special_education", date(2007, 6, 1), 55, True, calc.WageInstrument.WAGE_COST_SUBSIDY),
        ("wajong", date(1985, 1, 1), 60, True, calc.WageInstrument.WAGE_DISPENSATION),
        ("wia", date(1970, 1, 1), None, True, calc.WageInstrument.NONE),
        ("wsw_indication", date(1975, 1, 1), 50, True, calc.WageInstrument.NONE),
    ],
)
def test_cost_is_the_net_cost_calculators(target_group, born, wage_value, in_register, instrument):
    profile = cost_profile(
        target_group=target_group, date_of_birth=born, wage_value=wage_value, in_register=in_register, on=ON
    )
    assert profile.instrument is instrument
    expected = net_cost(
        on=ON,
        hours_per_week=HOURS,
        date_of_birth=born,
        instrument=instrument,
        wage_value=wage_value if instrument is not calc.WageInstrument.NONE else None,
        in_target_group_register=in_register,
    ).result

    cost = CostCalculator(ON).cost(profile, HOURS)

    assert (cost.net, cost.gross) == (expected.monthly_net_cost, expected.gross_monthly_cost)
    assert cost.net <= cost.gross


def test_a_youth_variant_pays_the_youth_minimum_wage():
    adult = cost_profile(
        target_group="wia", date_of_birth=date(1990, 1, 1), wage_value=None, in_register=False, on=ON
    )
    young = cost_profile(
        target_group="wia", date_of_birth=date(2008, 1, 1), wage_value=None, in_register=False, on=ON
    )
    assert young.age_variant == "18"
    calculator = CostCalculator(ON)
    assert calculator.cost(young, HOURS).gross < calculator.cost(adult, HOURS).gross


def test_no_cost_without_what_it_needs():
    calculator = CostCalculator(ON)
    dispensation = CostProfile(calc.WageInstrument.WAGE_DISPENSATION, None, "", False)
    assert calculator.cost(dispensation, HOURS) is None
    assert calculator.cost(None, HOURS) is None
    assert (
        cost_profile(
            target_group="wajong", date_of_birth=date(2020, 1, 1), wage_value=50, in_register=True, on=ON
        )
        is None
    )
    assert (
        CostCalculator(date(2010, 1, 1)).cost(CostProfile(calc.WageInstrument.NONE, None, "", False), HOURS)
        is None
    )


def test_a_full_wage_value_gets_no_wage_instrument():
    calculator = CostCalculator(ON)
    full = calculator.cost(CostProfile(calc.WageInstrument.WAGE_COST_SUBSIDY, 100, "", False), HOURS)
    assert full.net == full.gross


def test_each_profile_and_hours_is_calculated_once():
    calculator = CostCalculator(ON)
    profile = CostProfile(calc.WageInstrument.WAGE_COST_SUBSIDY, 50, "", True)
    with mock.patch.object(costs.calc, "employer_net_cost", wraps=calc.employer_net_cost) as spy:
        first = calculator.cost(profile, HOURS)
        again = calculator.cost(CostProfile(calc.WageInstrument.WAGE_COST_SUBSIDY, 50, "", True), HOURS)
        calculator.cost(profile, Decimal(32))
    assert first == again
    assert spy.call_count == 2


def test_profiles_take_the_latest_finalised_assessment(
    region, consultant, expert, candidate, private_candidate, employer
):
    make_finalised(region, consultant, expert, candidate, employer)
    make_draft(region, consultant, expert, private_candidate, employer)

    profiles = candidate_cost_profiles(
        Candidate.objects.filter(pk__in=[candidate.pk, private_candidate.pk]), ON
    )

    assert profiles[candidate.pk].wage_value == COMPUTED
    assert profiles[private_candidate.pk].wage_value is None
    assert profiles[candidate.pk].in_register == candidate.in_target_group_register
