"""What the service and selector tests share: a fixed today, a start date and a placement made as the
consultant of the candidate's organisation (municipality A) or the account manager (others)."""

from datetime import date
from decimal import Decimal

import pytest
from freezegun import freeze_time

from werkbedrijf.placements import services
from werkbedrijf.placements.choices import ContractType

TODAY = date(2026, 6, 15)
START = date(2026, 3, 2)  # checkpoints 2 April, 2 June, 2 September 2026, 2 March 2027, 2 March 2028


@pytest.fixture
def today_is_fixed():
    with freeze_time("2026-06-15 10:00:00"):
        yield


def place(w, candidate=None, user=None, **kwargs):
    candidate = candidate or w.own
    if user is None:
        user = w.consultant_a if candidate.responsible_organisation_id == w.org_a.pk else w.manager
    values = {
        "employer": w.employer,
        "contract_type": ContractType.REGULAR,
        "start_date": START,
        "hours_per_week": Decimal(24),
        "job_title": "Schoonmaker",
    }
    values.update(kwargs)
    return services.placement_create(user=user, region=w.region, candidate=candidate, **values)
