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
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.employers.tests.factories import employer_in
from werkbedrijf.regions.models import Occupation, OccupationGroup, PostcodeArea


@pytest.fixture
def region(db):
    return RegionFactory(code="AM98", name="Testregio Oost")


@pytest.fixture
def other_region(db):
    return RegionFactory(code="AM99", name="Testregio West")


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
def municipality(db):
    return MunicipalityFactory(code="GM9901", name="Korendam")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(code="GM9902", name="Veldhoven-Oost")


def _location(employer, municipality, pc4, name):
    area, _ = PostcodeArea.objects.get_or_create(
        pc4=pc4, defaults={"lat": Decimal("52.37"), "lon": Decimal("4.89"), "municipality": municipality}
    )
    return EmployerLocation.objects.create(
        employer=employer,
        name=name,
        postcode=f"{pc4} AB",
        postcode_area=area,
        municipality=municipality,
        is_main=True,
    )


@pytest.fixture
def employer(region, account_manager):
    return employer_in(region, "Bakkerij De Korenschoof", "12345678", account_manager=account_manager)


@pytest.fixture
def location(employer, municipality):
    return _location(employer, municipality, "1012", "Bakkerij hoofdvestiging")


@pytest.fixture
def other_employer(region):
    return employer_in(region, "Groenbedrijf Het Veld", "23456789")


@pytest.fixture
def other_location(other_employer, other_municipality):
    return _location(other_employer, other_municipality, "2013", "Kwekerij")


@pytest.fixture
def foreign_employer(other_region):
    return employer_in(other_region, "Ver Weg B.V.", "34567890")


@pytest.fixture
def employer_user(region, employer):
    user = UserFactory(username="werkgever", organisation=employer.organisation)
    give_role(user, Role.EMPLOYER_USER, region)
    return user


@pytest.fixture
def occupation_group(db):
    major = OccupationGroup.objects.create(code="9", level=1, name_nl="Elementaire beroepen", name_en="x")
    return OccupationGroup.objects.create(
        code="91", level=2, parent=major, name_nl="Schoonmakers en assistenten", name_en="x"
    )


@pytest.fixture
def occupation(occupation_group):
    return Occupation.objects.create(
        esco_uri="test:occupation:1", esco_code="9112.1", group=occupation_group, name_nl="schoonmaker"
    )


@pytest.fixture
def other_occupation(db):
    group = OccupationGroup.objects.create(
        code="5", level=1, name_nl="Dienstverlenende beroepen", name_en="x"
    )
    return Occupation.objects.create(
        esco_uri="test:occupation:2", esco_code="5223.1", group=group, name_nl="winkelbediende"
    )
