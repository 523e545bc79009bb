"""The quota formula and the exemption (DOMAIN.md §4.1), including its worked example."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkbedrijf.monitoring.quota import QuotaInput, QuotaRules, is_exempt, quota_position, with_planned_hire

RULES = QuotaRules(
    exemption_hours=Decimal(40575),
    quota_percentage=Decimal("2.58"),
    hours_per_job_year=Decimal(1326),
    levy_per_job=Decimal(5000),
)


def test_the_worked_example():
    # A = 200,000 h, B = 2.58 %, C = 1,300 h, D = 1,326 h → (5,160 − 1,300) / 1,326 = 2.911 → 2.9 → € 14,500.
    position = quota_position(QuotaInput(Decimal(200000), Decimal(200000), Decimal(1300)), RULES)
    assert not position.exempt
    assert position.required_hours == Decimal("5160")
    assert position.shortfall == Decimal("2.9") and position.levy == Decimal("14500.0")
    assert position.jobs_agreement_jobs == Decimal("0.98") and position.required_jobs == Decimal("3.89")


@pytest.mark.parametrize(
    ("previous", "current", "exempt"),
    [
        (Decimal(40574), Decimal(100000), True),  # under the threshold the year before
        (Decimal(40575), Decimal(100000), False),  # exactly at it is not under it
        (Decimal(100000), Decimal(40574), True),  # under it in the year itself
        (None, Decimal(40575), False),
        (None, Decimal(40574), True),
    ],
)
def test_the_exemption_threshold(previous, current, exempt):
    data = QuotaInput(previous, current, Decimal(0))
    assert is_exempt(data, RULES) is exempt
    position = quota_position(data, RULES)
    assert position.exempt is exempt
    assert (position.shortfall == 0) is exempt or position.shortfall > 0


def test_enough_jobs_agreement_hours_leave_no_shortfall():
    position = quota_position(QuotaInput(None, Decimal(200000), Decimal(6000)), RULES)
    assert position.shortfall == 0 and position.levy == 0


def test_a_planned_hire_lowers_the_shortfall():
    before = QuotaInput(None, Decimal(200000), Decimal(1300))
    after = with_planned_hire(before, Decimal(24))
    assert after.paid_hours == Decimal(201248) and after.jobs_agreement_hours == Decimal(2548)
    assert quota_position(after, RULES).shortfall == Decimal("1.9")
    not_counting = with_planned_hire(before, Decimal(24), counts=False)
    assert quota_position(not_counting, RULES).shortfall == Decimal("2.9")


@given(
    paid=st.integers(min_value=0, max_value=10_000_000),
    counted=st.integers(min_value=0, max_value=1_000_000),
)
def test_the_shortfall_is_rounded_down_to_a_tenth_and_never_negative(paid, counted):
    position = quota_position(QuotaInput(None, Decimal(paid), Decimal(counted)), RULES)
    exact = (Decimal(paid) * RULES.quota_percentage / 100 - counted) / RULES.hours_per_job_year
    assert position.shortfall >= 0
    assert position.shortfall == position.shortfall.quantize(Decimal("0.1"))
    if not position.exempt and exact > 0:
        assert position.shortfall <= exact < position.shortfall + Decimal("0.1")
    assert position.levy == position.shortfall * 5000


def test_negative_hours_are_refused():
    with pytest.raises(ValueError):
        quota_position(QuotaInput(None, Decimal(-1), Decimal(0)), RULES)
