import pytest
from django.contrib.auth.models import Permission

from werkbedrijf.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.regions.models import Region


@pytest.fixture
def legal_parameters(db):
    return load_legal_parameters()


@pytest.fixture
def region(db):
    return Region.objects.create(
        code="AM18", name="Groot Amsterdam", centroid_lat="52.370216", centroid_lon="4.895168"
    )


def make_user(username: str, region: Region, role: str, *, organisation=None) -> User:
    user = User.objects.create_user(
        username=username, password="not-used-in-tests-1234", organisation=organisation
    )
    RoleAssignment.objects.create(user=user, role=role, region=region)
    return user


def grant_change_permission(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(codename="change_legalparameter"))
    return User.objects.get(pk=user.pk)  # a fresh instance: Django caches permissions per instance


def passed_second_factor(user: User) -> User:
    """For calling services directly: what django-otp's middleware sets after a valid TOTP code."""
    user.is_verified = lambda: True
    return user


@pytest.fixture
def parameter_admin(region):
    """A user the national operator granted the permission to change legal parameters."""
    return grant_change_permission(make_user("landelijk-beheer", region, Role.FUNCTIONAL_ADMIN))


@pytest.fixture
def functional_admin(region):
    """A functional administrator of one region, without the national permission."""
    return make_user("beheerder", region, Role.FUNCTIONAL_ADMIN)


@pytest.fixture
def consultant(region):
    return make_user("consulent", region, Role.CONSULTANT)


@pytest.fixture
def employer_user_with_permission(region):
    employer = Organisation.objects.create(
        name="Bakkerij De Korf", kind=OrganisationKind.EMPLOYER, region=region
    )
    return grant_change_permission(make_user("werkgever", region, Role.EMPLOYER_USER, organisation=employer))
