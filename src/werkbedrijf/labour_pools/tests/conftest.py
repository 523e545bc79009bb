from datetime import date
from decimal import Decimal

import pytest
import rest_framework.serializers  # noqa: F401 - loads psycopg's C module before freezegun patches datetime
from freezegun import freeze_time

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityFactory,
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    staff,
)
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.employers.tests.factories import employer_in
from werkbedrijf.labour_pools import services
from werkbedrijf.labour_pools.models import PoolKind
from werkbedrijf.regions.models import PostcodeArea

START = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def today_is_fixed():
    """Whether a membership or secondment is current depends on today: the tests' dates assume this one."""
    with freeze_time("2026-12-01 10:00:00"):
        yield


@pytest.fixture
def region(db):
    return RegionFactory(code="AM98", name="Testregio Oost")


@pytest.fixture
def other_region(db):
    return RegionFactory(code="AM99", name="Testregio West")


@pytest.fixture
def gemeente_a(region):
    return MunicipalityOrganisationFactory(region=region)


@pytest.fixture
def gemeente_b(region):
    return MunicipalityOrganisationFactory(region=region)


@pytest.fixture
def wsp(region):
    return OrganisationFactory(region=region, name="WSP Testregio")


@pytest.fixture
def sw_company(region):
    return OrganisationFactory(
        region=region, name="SW-bedrijf De Werkplaats", kind=OrganisationKind.SHELTERED_WORK_COMPANY
    )


@pytest.fixture
def consultant(region, gemeente_a):
    return staff(region, gemeente_a, Role.CONSULTANT, "consulent_a")


@pytest.fixture
def consultant_b(region, gemeente_b):
    return staff(region, gemeente_b, Role.CONSULTANT, "consulent_b")


@pytest.fixture
def account_manager(region, wsp):
    return staff(region, wsp, Role.ACCOUNT_MANAGER, "accountmanager")


@pytest.fixture
def policy_adviser(region, wsp):
    return staff(region, wsp, Role.POLICY_ADVISER, "beleid")


@pytest.fixture
def board_member(region, wsp):
    return staff(region, wsp, Role.BOARD_MEMBER, "bestuurder")


@pytest.fixture
def auditor(region, wsp):
    return staff(region, wsp, Role.AUDITOR, "auditor")


@pytest.fixture
def other_region_manager(other_region):
    organisation = OrganisationFactory(region=other_region, name="WSP West")
    return staff(other_region, organisation, Role.ACCOUNT_MANAGER, "accountmanager_west")


@pytest.fixture
def own_candidate(gemeente_a):
    return CandidateFactory(responsible_organisation=gemeente_a, first_name="Annelies", last_name="Eigenaar")


@pytest.fixture
def other_candidate(gemeente_b):
    return CandidateFactory(
        responsible_organisation=gemeente_b, first_name="Bartholomeus", last_name="Anders"
    )


@pytest.fixture
def no_consent_candidate(gemeente_b):
    return CandidateFactory(
        responsible_organisation=gemeente_b, first_name="Cornelia", last_name="Zonder", region_consent=False
    )


@pytest.fixture
def foreign_candidate(other_region):
    return CandidateFactory(responsible_organisation=MunicipalityOrganisationFactory(region=other_region))


@pytest.fixture
def employer(region):
    return employer_in(region, "Groenbedrijf Het Veld", "23456789")


@pytest.fixture
def second_employer(region):
    return employer_in(region, "Bakkerij De Korenschoof", "12345678")


@pytest.fixture
def foreign_employer(other_region):
    return employer_in(other_region, "Ver Weg B.V.", "34567890")


@pytest.fixture
def employer_location(employer):
    municipality = MunicipalityFactory()
    area = PostcodeArea.objects.create(
        pc4="1013", lat=Decimal("52.37"), lon=Decimal("4.89"), municipality=municipality
    )
    return EmployerLocation.objects.create(
        employer=employer, name="Kwekerij", postcode="1013 AB", postcode_area=area, municipality=municipality
    )


@pytest.fixture
def employer_user(region, employer):
    return staff(region, employer.organisation, Role.EMPLOYER_USER, "werkgever")


@pytest.fixture
def pool(region, consultant, sw_company):
    return services.pool_create(
        user=consultant,
        region=region,
        name="Groendienst Oost",
        kind=PoolKind.GROUP_SECONDMENT,
        operator=sw_company,
    )


@pytest.fixture
def own_membership(region, consultant, pool, own_candidate):
    return services.membership_add(
        user=consultant,
        region=region,
        pool=pool,
        candidate=own_candidate,
        started_on=START,
        hours_per_week=24,
    )


@pytest.fixture
def other_membership(region, consultant, pool, other_candidate):
    return services.membership_add(
        user=consultant,
        region=region,
        pool=pool,
        candidate=other_candidate,
        started_on=START,
        hours_per_week=32,
    )


@pytest.fixture
def secondment(region, consultant, own_membership, employer):
    return services.secondment_add(
        user=consultant,
        region=region,
        membership=own_membership,
        employer=employer,
        started_on=START,
        hours_per_week=Decimal("16"),
        tasks="Groenonderhoud",
    )
