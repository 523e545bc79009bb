"""The matching tests' small region (matching/tests/conftest.py: two municipalities, a WSP, an employer with
an open 24-hour cleaning vacancy, staff of every role), with what proposals need besides: more vacancies of
other hours, an instrument officer and an auditor, and three candidates: one of municipality A, one of B with
region-wide consent, one of B without."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import staff
from werkbedrijf.matching.tests.conftest import world  # noqa: F401 - the fixture, used by `w`
from werkbedrijf.proposals import services
from werkbedrijf.vacancies.models import Vacancy, VacancyKind, VacancyStatus


def make_vacancy(w, title: str, hours, *, status=VacancyStatus.OPEN, kind=VacancyKind.REGULAR, region=None):
    region = region or w["region"]
    employer = w["employer"] if region == w["region"] else w["foreign_vacancy"].employer
    return Vacancy.objects.create(
        employer=employer,
        region=region,
        title=title,
        occupation=w["cleaner"],
        hours_per_week=Decimal(str(hours)),
        number_of_positions=1,
        kind=kind,
        status=status,
        start_date=date(2020, 1, 1),
        created_by=w["manager"],
    )


@pytest.fixture
def w(world):  # noqa: F811 - the imported fixture is what pytest injects here
    data = dict(world)
    region = data["region"]
    data["windows"] = make_vacancy(data, "Glazenwasser", 16)
    data["small"] = make_vacancy(data, "Kantine-assistent", 8, kind=VacancyKind.JOBS_AGREEMENT)
    data["filled"] = make_vacancy(data, "Vervuld", 12, status=VacancyStatus.FILLED)
    data["wsp"] = data["manager"].organisation
    data["officer_a"] = staff(region, data["org_a"], Role.INSTRUMENT_OFFICER, "inkomen.a")
    data["auditor"] = staff(region, data["wsp"], Role.AUDITOR, "auditor")
    add = data["add_candidate"]
    data["own"] = add(data["org_a"], first_name="Annelies", last_name="Eigenaar", hours_per_week=32)
    data["shared"] = add(data["org_b"], first_name="Bartholomeus", last_name="Gedeeld", hours_per_week=24)
    data["private"] = add(
        data["org_b"], first_name="Cornelia", last_name="Zonderinstemming", region_consent=False
    )
    for name in ("own", "shared", "private"):
        data[name].refresh_from_db()  # shared_in_region is set by a database trigger when consent is recorded
    return SimpleNamespace(**data)


def propose(w, candidate, vacancy, user=None, **kwargs):
    """A proposal as the consultant of municipality A (own candidates) or the account manager (others)."""
    if user is None:
        user = w.consultant_a if candidate.responsible_organisation_id == w.org_a.pk else w.manager
    return services.proposal_create(
        user=user, region=w.region, candidate=candidate, vacancy=vacancy, **kwargs
    )


def move(w, proposal, *states, user=None, **kwargs):
    """Take the given steps one after another (the account manager may take each of them)."""
    for state in states:
        proposal = services.proposal_transition(
            user=user or w.manager, region=w.region, proposal=proposal, to_state=state, **kwargs
        )
    return proposal
