from datetime import date

import pytest
import rest_framework.serializers  # noqa: F401 - loads psycopg's C module before freezegun patches datetime
from freezegun import freeze_time

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    staff,
)
from werkbedrijf.candidates.models import RegisterGround, TargetGroup
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.employers.tests.factories import employer_in
from werkbedrijf.instruments import services
from werkbedrijf.instruments.models import Instrument
from werkbedrijf.parameters.loader import load_legal_parameters

TODAY = "2026-03-16 10:00:00"


@pytest.fixture(autouse=True)
def today_is_fixed():
    """Deadlines, payment dates and the figures in force depend on today: the tests assume this one."""
    with freeze_time(TODAY):
        yield


@pytest.fixture
def legal_parameters(db):
    return load_legal_parameters()


@pytest.fixture
def region(db):
    return RegionFactory(code="AM97", name="Testregio Midden")


@pytest.fixture
def other_region(db):
    return RegionFactory(code="AM96", name="Testregio Zuid")


@pytest.fixture
def catalogue(region, legal_parameters):
    services.load_starter_package(region)
    return {i.code: i for i in Instrument.objects.filter(region=region)}


@pytest.fixture
def lks(catalogue):
    return catalogue["loonkostensubsidie"]


@pytest.fixture
def gemeente_a(region):
    return MunicipalityOrganisationFactory(region=region)


@pytest.fixture
def gemeente_b(region):
    return MunicipalityOrganisationFactory(region=region)


@pytest.fixture
def uwv(region):
    return OrganisationFactory(region=region, name="UWV Midden", kind=OrganisationKind.UWV)


@pytest.fixture
def werkbedrijf_org(region):
    return OrganisationFactory(region=region, name="Werkbedrijf Midden")


@pytest.fixture
def officer(region, gemeente_a):
    return staff(region, gemeente_a, Role.INSTRUMENT_OFFICER, "instrumenten_a")


@pytest.fixture
def officer_b(region, gemeente_b):
    return staff(region, gemeente_b, Role.INSTRUMENT_OFFICER, "instrumenten_b")


@pytest.fixture
def consultant(region, gemeente_a):
    return staff(region, gemeente_a, Role.CONSULTANT, "consulent_a")


@pytest.fixture
def admin(region, werkbedrijf_org):
    return staff(region, werkbedrijf_org, Role.FUNCTIONAL_ADMIN, "beheerder")


@pytest.fixture
def board_member(region, werkbedrijf_org):
    return staff(region, werkbedrijf_org, Role.BOARD_MEMBER, "bestuurder")


@pytest.fixture
def auditor(region, werkbedrijf_org):
    return staff(region, werkbedrijf_org, Role.AUDITOR, "auditor")


@pytest.fixture
def candidate(gemeente_a):
    return CandidateFactory(
        responsible_organisation=gemeente_a,
        first_name="Sanne",
        last_name="Zorgvuldig",
        date_of_birth=date(1990, 5, 17),
    )


@pytest.fixture
def candidate_b(gemeente_b):
    return CandidateFactory(responsible_organisation=gemeente_b, first_name="Bram", last_name="Buurman")


@pytest.fixture
def wajong_candidate(uwv):
    return CandidateFactory(
        responsible_organisation=uwv,
        target_group=TargetGroup.WAJONG,
        register_ground=RegisterGround.WAJONG,
    )


@pytest.fixture
def employer(region):
    return employer_in(region, "Kwekerij De Groene Vingers", "45678901")


@pytest.fixture
def foreign_employer(other_region):
    return employer_in(other_region, "Elders B.V.", "56789012")


def apply_lks(*, user, region, candidate, employer, lks, **overrides):
    values = {
        "applied_on": date(2026, 2, 10),
        "period_start": date(2026, 3, 1),
        "hours_per_week": 36,
        "wage_value": 60,
        "wage_value_source": "Rapport loonwaardemeting 5 februari 2026",
        "term_starts_on": date(2026, 2, 5),
    }
    values.update(overrides)
    return services.grant_apply(
        user=user, region=region, candidate=candidate, employer=employer, instrument=lks, **values
    )


@pytest.fixture
def application(officer, region, candidate, employer, lks):
    return apply_lks(user=officer, region=region, candidate=candidate, employer=employer, lks=lks)
