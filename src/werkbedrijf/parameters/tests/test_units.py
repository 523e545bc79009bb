from decimal import Decimal

import pytest

from werkbedrijf.parameters.units import job_units, youth_variant

HOURS_PER_JOB = Decimal("25.5")


def test_51_hours_are_two_jobs():
    assert job_units(Decimal("51"), hours_per_job=HOURS_PER_JOB) == 2


def test_every_hour_counts():
    assert job_units(Decimal("12.75"), hours_per_job=HOURS_PER_JOB) == Decimal("0.5")


def test_invalid_input_is_refused():
    with pytest.raises(ValueError):
        job_units(Decimal("10"), hours_per_job=Decimal("0"))
    with pytest.raises(ValueError):
        job_units(Decimal("-1"), hours_per_job=HOURS_PER_JOB)


@pytest.mark.parametrize(
    "age,bbl,variant",
    [
        (21, False, ""),
        (67, True, ""),
        (20, False, "20"),
        (19, True, "bbl_19"),
        (18, True, "bbl_18"),
        (17, True, "17"),
        (15, False, "15"),
    ],
)
def test_youth_variant(age, bbl, variant):
    assert youth_variant(age, bbl=bbl) == variant


def test_no_minimum_wage_under_15():
    with pytest.raises(ValueError):
        youth_variant(14)
