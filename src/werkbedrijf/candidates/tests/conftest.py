import pytest

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.candidates.tests.factories import CandidateFactory, place_in_region


@pytest.fixture
def pool(db):
    """Two municipalities and a WSP in AM18, one municipality in AM17, a consultant per municipality."""
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    other_region = RegionFactory(code="AM17", name="Zaanstreek/Waterland")
    org_a = MunicipalityOrganisationFactory(region=region, municipality__name="Amsterdam")
    org_b = MunicipalityOrganisationFactory(region=region, municipality__name="Diemen")
    org_c = MunicipalityOrganisationFactory(region=other_region, municipality__name="Zaanstad")
    wsp = OrganisationFactory(
        region=region, kind=OrganisationKind.EMPLOYER_SERVICE_POINT, name="WSP Amsterdam"
    )
    for org in (org_a, org_b):
        place_in_region(org.municipality, region)
    place_in_region(org_c.municipality, other_region)

    def user(org, role, username=None, the_region=region):
        u = UserFactory(organisation=org, **({"username": username} if username else {}))
        give_role(u, role, the_region)
        return u

    return {
        "region": region,
        "other_region": other_region,
        "org_a": org_a,
        "org_b": org_b,
        "org_c": org_c,
        "consultant_a": user(org_a, Role.CONSULTANT, "consulent.a"),
        "consultant_b": user(org_b, Role.CONSULTANT, "consulent.b"),
        "officer_a": user(org_a, Role.INSTRUMENT_OFFICER),
        "manager_a": user(org_a, Role.ACCOUNT_MANAGER),
        "wsp_manager": user(wsp, Role.ACCOUNT_MANAGER),
        "board": user(org_a, Role.BOARD_MEMBER),
        "consultant_c": user(org_c, Role.CONSULTANT, the_region=other_region),
        "cand_a": CandidateFactory(responsible_organisation=org_a, first_name="Anouk", last_name="Visser"),
        "cand_b": CandidateFactory(responsible_organisation=org_b, first_name="Bram", last_name="Dekker"),
        "cand_c": CandidateFactory(responsible_organisation=org_c, first_name="Celine", last_name="Bakker"),
    }
