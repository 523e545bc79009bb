"""An employer's quota position from its recorded paid hours and its placements (the formula is tested in
test_quota.py; here the hours of the placements, the legal figures and who sees it)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from freezegun import freeze_time

from werkbedrijf.candidates.models import Candidate
from werkbedrijf.monitoring.selectors import employer_quota
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.placements import services
from werkbedrijf.placements.choices import ContractType

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(w):
    load_legal_parameters()
    Candidate.objects.filter(pk=w.own.pk).update(
        in_target_group_register=True,
        register_ground="participation_below_minimum_wage",
        registered_from=date(2020, 1, 1),
    )
    w.own.refresh_from_db()
    w.employer.yearly_paid_hours = 200_000
    w.employer.save()
    services.placement_create(
        user=w.consultant_a,
        region=w.region,
        candidate=w.own,
        employer=w.employer,
        contract_type=ContractType.REGULAR,
        start_date=date(2025, 6, 1),
        hours_per_week=Decimal("25.5"),
        job_title="Schoonmaker",
    )
    return w.employer


def test_the_position_counts_the_placements_hours_in_the_year(w, employer):
    view = employer_quota(
        user=w.manager, region=w.region, employer=employer, year=2026, planned_hours=Decimal(24)
    )
    # C = 25.5 h × 365 days / 7 = 1,329.64 h; A × B = 200,000 × 2.58 % = 5,160 h; D = 1,326 h.
    assert view.jobs_agreement_hours == Decimal("1329.64") and view.placements_counted == 1
    assert view.position.shortfall == Decimal("2.8") and view.position.levy == Decimal("14000.0")
    # Hiring someone for 24 hours: C + 1,248 h and A + 1,248 h → (5,192.2 − 2,577.64) / 1,326 = 1.97 → 1.9.
    assert view.planned_position.shortfall == Decimal("1.9")
    assert len(view.unconfirmed) == 2  # the quota percentage and the hours of a job a year (D)


def test_small_employers_are_exempt_and_missing_figures_are_said(w, employer):
    employer.yearly_paid_hours = 40_000
    employer.save()
    assert employer_quota(user=w.manager, region=w.region, employer=employer, year=2026).position.exempt
    employer.yearly_paid_hours = None
    employer.save()
    view = employer_quota(user=w.manager, region=w.region, employer=employer, year=2026)
    assert view.paid_hours is None and view.position is None
    view = employer_quota(user=w.manager, region=w.region, employer=employer, year=2030)
    assert view.rules is None  # the quota percentage is set for 2026 only


@freeze_time("2026-11-20")
def test_the_employer_page_shows_it_to_who_may_see_it(w, employer, login_verified):
    page = f"/werkgevers/{employer.uuid}/"
    response = login_verified(w.manager).get(page + "?geplande_uren=24")
    assert response.status_code == 200
    assert 'id="quota-shortfall"' in response.text and 'id="quota-planned"' in response.text
    response = login_verified(w.employer_user).get(page)
    assert response.status_code == 200 and 'id="quota-shortfall"' in response.text  # its own position
    with pytest.raises(PermissionDenied):
        employer_quota(user=w.board, region=w.region, employer=employer, year=2026)
    response = login_verified(w.manager).get(page + "?geplande_uren=veel")
    assert 'aria-invalid="true"' in response.text
