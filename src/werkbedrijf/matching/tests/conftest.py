"""A small region for matching: two municipalities, a WSP, an employer with a cleaning vacancy, and staff of
every role that matters; candidates are added per test with `add_candidate`."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
    staff,
)
from werkbedrijf.candidates.models import FunctionalAbility
from werkbedrijf.candidates.tests.factories import CandidateFactory, place_in_region
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.employers.tests.factories import employer_in, sbi_division
from werkbedrijf.regions.models import (
    Occupation,
    OccupationGroup,
    PostcodeArea,
    Sector,
    SectorClassification,
)
from werkbedrijf.vacancies.models import Vacancy, VacancyDemand, VacancyKind, VacancyStatus

KM_PER_DEGREE_LAT = 111.195
CENTRE = (Decimal("52.3738"), Decimal("4.8910"))


def _area(pc4: str, km_north: float, municipality) -> PostcodeArea:
    lat = CENTRE[0] + Decimal(str(round(km_north / KM_PER_DEGREE_LAT, 4)))
    area, _ = PostcodeArea.objects.get_or_create(
        pc4=pc4, defaults={"lat": lat, "lon": CENTRE[1], "municipality": municipality}
    )
    return area


def _groups(code: str) -> OccupationGroup:
    parent = None
    for level in range(1, len(code) + 1):
        parent, _ = OccupationGroup.objects.get_or_create(
            code=code[:level],
            defaults={"level": level, "parent": parent, "name_nl": f"ISCO {code[:level]}", "name_en": "x"},
        )
    return parent


def occupation(code: str, name: str) -> Occupation:
    return Occupation.objects.create(
        esco_uri=f"test:occupation:{name}", esco_code=f"{code}.1", group=_groups(code), name_nl=name
    )


@pytest.fixture
def world(db):
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    other_region = RegionFactory(code="AM17", name="Zaanstreek/Waterland")
    org_a = MunicipalityOrganisationFactory(region=region, municipality__name="Amsterdam")
    org_b = MunicipalityOrganisationFactory(region=region, municipality__name="Diemen")
    org_c = MunicipalityOrganisationFactory(region=other_region, municipality__name="Zaanstad")
    wsp = OrganisationFactory(region=region, kind=OrganisationKind.EMPLOYER_SERVICE_POINT, name="WSP")
    for org, the_region in ((org_a, region), (org_b, region), (org_c, other_region)):
        place_in_region(org.municipality, the_region)

    centre = _area("1012", 0, org_a.municipality)  # candidates' default postcode 1012 AB
    _area("1021", 6, org_a.municipality)
    _area("1111", 12, org_b.municipality)
    _area("1501", 40, org_c.municipality)

    Sector.objects.get_or_create(
        classification=SectorClassification.SBI_2008,
        code="N",
        defaults={"level": "sectie", "section": "N", "name_nl": "Verhuur en overige zakelijke diensten"},
    )
    cleaning = sbi_division("81", "N", "Facility management")
    manager = staff(region, wsp, Role.ACCOUNT_MANAGER, "accountmanager")
    employer = employer_in(region, "Schoonmaakbedrijf Glans", "12345678", sector=cleaning)
    location = EmployerLocation.objects.create(
        employer=employer,
        name="Hoofdkantoor",
        postcode="1021 AB",
        postcode_area=PostcodeArea.objects.get(pc4="1021"),
        municipality=org_a.municipality,
        is_main=True,
    )
    cleaner = occupation("9112", "schoonmaker kantoren")
    window_cleaner = occupation("9123", "glazenwasser")
    kitchen_help = occupation("9412", "keukenhulp")
    vacancy = Vacancy.objects.create(
        employer=employer,
        region=region,
        location=location,
        title="Schoonmaker kantoren",
        occupation=cleaner,
        tasks="Kantoren schoonmaken",
        hours_per_week=Decimal("24"),
        number_of_positions=2,
        kind=VacancyKind.REGULAR,
        status=VacancyStatus.OPEN,
        start_date=date(2020, 1, 1),
        created_by=manager,
    )
    VacancyDemand.objects.create(vacancy=vacancy, rubric="physical_environment", level=3)

    foreign_employer = employer_in(other_region, "Ver Weg B.V.", "34567890", sector=cleaning)
    foreign_vacancy = Vacancy.objects.create(
        employer=foreign_employer,
        region=other_region,
        title="Elders",
        occupation=cleaner,
        hours_per_week=Decimal("24"),
        kind=VacancyKind.REGULAR,
        status=VacancyStatus.OPEN,
        created_by=manager,
    )
    employer_user = UserFactory(username="werkgever", organisation=employer.organisation)
    give_role(employer_user, Role.EMPLOYER_USER, region)

    def add_candidate(org=org_a, *, occupations=(cleaner,), abilities=None, **fields):
        fields.setdefault("hours_per_week", 32)
        fields.setdefault("max_travel_km", 15)
        fields.setdefault("own_transport", "bicycle")
        fields.setdefault("education_level", "vmbo_mbo1")
        candidate = CandidateFactory(responsible_organisation=org, **fields)
        candidate.desired_occupations.add(*occupations)
        for rubric, level in (abilities or {}).items():
            FunctionalAbility.objects.create(candidate=candidate, rubric=rubric, level=level)
        return candidate

    return {
        "region": region,
        "other_region": other_region,
        "org_a": org_a,
        "org_b": org_b,
        "org_c": org_c,
        "centre": centre,
        "employer": employer,
        "location": location,
        "vacancy": vacancy,
        "foreign_vacancy": foreign_vacancy,
        "cleaner": cleaner,
        "window_cleaner": window_cleaner,
        "kitchen_help": kitchen_help,
        "add_candidate": add_candidate,
        "consultant_a": staff(region, org_a, Role.CONSULTANT, "consulent.a"),
        "consultant_b": staff(region, org_b, Role.CONSULTANT, "consulent.b"),
        "consultant_c": staff(other_region, org_c, Role.CONSULTANT, "consulent.c"),
        "manager": manager,
        "policy": staff(region, wsp, Role.POLICY_ADVISER, "beleid"),
        "board": staff(region, org_a, Role.BOARD_MEMBER, "bestuur"),
        "admin": staff(region, wsp, Role.FUNCTIONAL_ADMIN, "beheerder"),
        "employer_user": employer_user,
        "today": timezone.localdate(),
    }
