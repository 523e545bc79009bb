"""A placement's job units on a date, from the database: the register boundaries, hours changes, the
contract type and the legal parameter (25.5 hours a job)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from werkbedrijf.candidates.models import Candidate
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.placements import services
from werkbedrijf.placements.choices import ContractType
from werkbedrijf.placements.selectors import job_units_of

pytestmark = pytest.mark.django_db

START = date(2025, 3, 3)


@pytest.fixture
def registered(w):
    load_legal_parameters()
    Candidate.objects.filter(pk=w.own.pk).update(
        in_target_group_register=True,
        register_ground="participation_below_minimum_wage",
        registered_from=START + timedelta(days=10),
        registered_until=START + timedelta(days=40),
    )
    w.own.refresh_from_db()
    return w.own


def _place(w, candidate, contract_type=ContractType.REGULAR, **kwargs):
    return services.placement_create(
        user=w.consultant_a,
        region=w.region,
        candidate=candidate,
        employer=w.employer,
        contract_type=contract_type,
        start_date=START,
        hours_per_week=Decimal("25.5"),
        job_title="Schoonmaker",
        **kwargs,
    )


def test_job_units_count_from_the_first_to_the_last_day_in_the_register(w, registered):
    placement = _place(w, registered)
    services.placement_change_hours(
        user=w.consultant_a,
        region=w.region,
        placement=placement,
        valid_from=START + timedelta(days=20),
        hours_per_week="12.75",
    )
    units = {
        offset: job_units_of(placement, START + timedelta(days=offset)).units
        for offset in (9, 10, 19, 20, 40, 41)
    }
    assert units == {
        9: Decimal(0),
        10: Decimal(1),
        19: Decimal(1),
        20: Decimal("0.5"),
        40: Decimal("0.5"),
        41: Decimal(0),
    }
    counted = job_units_of(placement, START + timedelta(days=15))
    assert counted.sector_type == w.employer.sector_type and counted.hours_per_job == Decimal("25.5")
    assert counted.confidence == "SECONDARY"


def test_sheltered_work_and_trials_do_not_count_and_old_dates_have_no_parameter(w, registered):
    placement = _place(w, registered, contract_type=ContractType.SHELTERED_WORK)
    assert job_units_of(placement, START + timedelta(days=15)).units == 0
    assert job_units_of(placement, date(2010, 1, 1)).hours_per_job is None


def test_the_placement_page_says_what_it_counts_for_today(w, registered, login_verified):
    from django.utils import translation
    from django.utils.translation import gettext

    placement = _place(w, registered)
    response = login_verified(w.consultant_a).get(f"/plaatsingen/{placement.uuid}/")
    assert response.status_code == 200
    with translation.override("nl"):
        assert gettext("Jobs for the jobs agreement today") in response.text
    assert 'id="job-units"' in response.text
