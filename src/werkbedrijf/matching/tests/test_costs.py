"""The employer's cost of a candidate in a job: the same figures as the net-cost calculator, per profile."""

from datetime import UTC, date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db.models import F

from werkbedrijf.accounts.tests.factories import RegionFactory
from werkbedrijf.candidates.models import Candidate, TargetGroup
from werkbedrijf.matching import costs
from werkbedrijf.matching.costs import CostCalculator, CostProfile, cost_profile, profile_of
from werkbedrijf.matching.engine import CandidateFacts
from werkbedrijf.matching.facts import candidate_pool
from werkbedrijf.parameters import keys
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.parameters.models import LegalParameter
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.calculators import net_cost
from werkbedrijf.wage_value.rules import age_on
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
        target_group=target_group, age=age_on(born, ON), wage_value=wage_value, in_register=in_register
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
    adult = cost_profile(target_group="wia", age=36, wage_value=None, in_register=False)
    young = cost_profile(target_group="wia", age=18, wage_value=None, in_register=False)
    assert young.age_variant == "18" and adult.age_variant == ""
    assert cost_profile(target_group="wia", age=None, wage_value=None, in_register=False) == adult
    calculator = CostCalculator(ON)
    assert calculator.cost(young, HOURS).gross < calculator.cost(adult, HOURS).gross


def test_no_cost_without_what_it_needs():
    calculator = CostCalculator(ON)
    dispensation = CostProfile(calc.WageInstrument.WAGE_DISPENSATION, None, "", False)
    assert calculator.cost(dispensation, HOURS) is None
    assert calculator.cost(None, HOURS) is None
    assert cost_profile(target_group="wajong", age=14, wage_value=50, in_register=True) is None
    assert cost_profile(target_group="wajong", age=30, wage_value=101, in_register=True) is None
    assert (
        CostCalculator(date(2010, 1, 1)).cost(CostProfile(calc.WageInstrument.NONE, None, "", False), HOURS)
        is None
    )


def test_a_full_wage_value_gets_no_wage_instrument():
    calculator = CostCalculator(ON)
    full = calculator.cost(CostProfile(calc.WageInstrument.WAGE_COST_SUBSIDY, 100, "", False), HOURS)
    assert full.net == full.gross


def test_each_profile_and_hours_is_calculated_once_for_the_same_figures():
    costs.forget_costs()
    profile = CostProfile(calc.WageInstrument.WAGE_COST_SUBSIDY, 50, "", True)
    with mock.patch.object(costs.calc, "employer_net_cost", wraps=calc.employer_net_cost) as spy:
        first = CostCalculator(ON).cost(profile, HOURS)
        again = CostCalculator(ON).cost(
            CostProfile(calc.WageInstrument.WAGE_COST_SUBSIDY, 50, "", True), HOURS
        )
        CostCalculator(ON).cost(profile, Decimal(32))
    assert first == again
    assert spy.call_count == 2
    assert CostCalculator(ON).token == CostCalculator(ON).token != CostCalculator(date(2026, 1, 1)).token


def test_changed_figures_are_a_new_token_and_new_costs():
    profile = CostProfile(calc.WageInstrument.NONE, None, "", False)
    before = CostCalculator(ON)
    cost = before.cost(profile, HOURS)
    in_force = LegalParameter.objects.filter(key=keys.MINIMUM_WAGE_HOURLY, variant="", valid_from__lte=ON)
    in_force.filter(pk=in_force.latest("valid_from").pk).update(value=F("value") + 1)
    after = CostCalculator(ON)
    assert after.token != before.token
    assert after.cost(profile, HOURS).gross > cost.gross


def test_a_candidates_profile_on_a_day():
    facts = CandidateFacts(
        key="c",
        target_group="participation_act",
        in_register=True,
        registered_until=ON,
        date_of_birth=date(2006, 11, 21),
        wage_value=45,
    )
    assert profile_of(facts, ON) == CostProfile(calc.WageInstrument.WAGE_COST_SUBSIDY, 45, "19", True)
    # The next day the candidate is 20 and no longer registered.
    assert profile_of(facts, date(2026, 11, 21)) == CostProfile(
        calc.WageInstrument.WAGE_COST_SUBSIDY, 45, "20", False
    )
    assert CostCalculator(ON).available
    assert not CostCalculator(date(2010, 1, 1)).available


def test_the_facts_carry_the_latest_finalised_wage_value(
    region, consultant, expert, candidate, private_candidate, employer
):
    first = make_finalised(region, consultant, expert, candidate, employer)
    make_draft(region, consultant, expert, private_candidate, employer)

    facts = {
        m.pk: m.facts
        for m in candidate_pool(Candidate.objects.filter(pk__in=[candidate.pk, private_candidate.pk]))
    }

    assert facts[candidate.pk].wage_value == first.result_percent == COMPUTED
    assert facts[private_candidate.pk].wage_value is None
    assert facts[candidate.pk].date_of_birth == candidate.date_of_birth

    # A correction is a new assessment: the one finalised last counts, and finalising it bumps updated_at
    # (which brings the candidate index up to date).
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    Candidate.objects.filter(pk=candidate.pk).update(updated_at=long_ago)
    make_finalised(
        region, consultant, expert, candidate, employer, reported=COMPUTED - 10, deviation_reason="Correctie"
    )
    [member] = candidate_pool(Candidate.objects.filter(pk=candidate.pk))
    assert member.facts.wage_value == COMPUTED - 10
    assert Candidate.objects.get(pk=candidate.pk).updated_at > long_ago
