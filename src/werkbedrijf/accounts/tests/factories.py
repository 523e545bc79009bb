"""factory_boy factories for organisations, users and candidates (synthetic data only)."""

import random
from decimal import Decimal

import factory
from stdnum.nl import bsn as bsn_check

from werkbedrijf.accounts.models import Organisation, OrganisationKind, RoleAssignment, User
from werkbedrijf.regions.models import Municipality, Province, Region

_rng = random.Random(20261123)


def synthetic_bsn() -> str:
    """A 9-digit number that passes the 11-check; drawn at random, never a real person's on purpose."""
    while True:
        digits = "".join(str(_rng.randint(0, 9)) for _ in range(8))
        for last in range(10):
            candidate = digits + str(last)
            if candidate[0] != "0" and bsn_check.is_valid(candidate):
                return candidate


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    # Codes have a fixed width (PostgreSQL enforces it): the sequence wraps, and get_or_create reuses a code
    # that comes round again within one test.
    code = factory.Sequence(lambda n: f"T{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Testregio {n}")
    centroid_lat = Decimal("52.370000")
    centroid_lon = Decimal("4.890000")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "PV27"
    name = "Noord-Holland"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM9{n % 1000:03d}")  # fixed width, see RegionFactory
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = factory.SubFactory(ProvinceFactory)
    centroid_lat = Decimal("52.370000")
    centroid_lon = Decimal("4.890000")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.WERKBEDRIJF
    region = factory.SubFactory(RegionFactory)


class MunicipalityOrganisationFactory(OrganisationFactory):
    kind = OrganisationKind.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.LazyAttribute(lambda o: f"Gemeente {o.municipality.name}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    # Staff names never come from Faker: tests assert that a candidate's (Faker-like) name is absent
    # from a page, and a colleague in the page header who happens to share it made them flaky.
    first_name = factory.Sequence(lambda n: f"Medewerker{n}")
    last_name = "Testpersoneel"
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.werkbedrijf.invalid")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct-horse-battery-staple")


def give_role(user: User, role: str, region: Region) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, region=region)
    if hasattr(user, "_roles_by_region"):
        del user._roles_by_region
    return assignment


def staff(region: Region, organisation, role: str, username: str, **fields) -> User:
    """A user of `organisation` with `role` in `region`."""
    user = UserFactory(username=username, organisation=organisation, **fields)
    give_role(user, role, region)
    return user
