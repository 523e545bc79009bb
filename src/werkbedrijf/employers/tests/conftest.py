from decimal import Decimal

import pytest

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
    staff,
)
from werkbedrijf.regions.models import PostcodeArea

from .factories import employer_in, sbi_division


@pytest.fixture
def region(db):
    return RegionFactory(code="AM98", name="Testregio Oost")


@pytest.fixture
def other_region(db):
    return RegionFactory(code="AM99", name="Testregio West")


@pytest.fixture
def sector(db):
    return sbi_division()


@pytest.fixture
def wsp(region):
    return OrganisationFactory(region=region, name="WSP Testregio")


@pytest.fixture
def account_manager(region, wsp):
    return staff(region, wsp, Role.ACCOUNT_MANAGER, "accountmanager")


@pytest.fixture
def consultant(region, wsp):
    return staff(region, wsp, Role.CONSULTANT, "consulent")


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
def employer(region, sector, account_manager):
    return employer_in(
        region, "Bakkerij De Korenschoof", "12345678", sector=sector, account_manager=account_manager
    )


@pytest.fixture
def other_employer(region, sector):
    return employer_in(region, "Groenbedrijf Het Veld", "23456789", sector=sector)


@pytest.fixture
def employer_user(region, employer):
    user = UserFactory(username="werkgever", organisation=employer.organisation)
    give_role(user, Role.EMPLOYER_USER, region)
    return user


@pytest.fixture
def other_employer_user(region, other_employer):
    user = UserFactory(username="werkgever2", organisation=other_employer.organisation)
    give_role(user, Role.EMPLOYER_USER, region)
    return user


@pytest.fixture
def foreign_employer(other_region, sector):
    return employer_in(other_region, "Ver Weg B.V.", "34567890", sector=sector)


@pytest.fixture
def pc4(db):
    municipality = MunicipalityFactory(code="GM9901", name="Korendam")
    return PostcodeArea.objects.create(
        pc4="1012", lat=Decimal("52.37"), lon=Decimal("4.89"), municipality=municipality
    )
