import pytest
from django.core.exceptions import ValidationError

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, max_candidate_visibility
from werkbedrijf.accounts.services import role_assignment_create
from werkbedrijf.accounts.tests.factories import OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(code="AM18", name="Groot Amsterdam")


def test_employer_user_cannot_be_given_a_staff_role(region):
    employer_user = UserFactory(
        organisation=OrganisationFactory(region=region, kind=OrganisationKind.EMPLOYER)
    )
    with pytest.raises(ValidationError):
        role_assignment_create(user=employer_user, role=Role.ACCOUNT_MANAGER, region=region)
    assert role_assignment_create(user=employer_user, role=Role.EMPLOYER_USER, region=region)


def test_staff_cannot_be_given_the_employer_role(region):
    staff = UserFactory(organisation=OrganisationFactory(region=region, kind=OrganisationKind.UWV))
    with pytest.raises(ValidationError):
        role_assignment_create(user=staff, role=Role.EMPLOYER_USER, region=region)


def test_external_user_sees_no_candidate_even_with_a_stray_staff_role(region):
    from werkbedrijf.accounts.models import RoleAssignment

    employer_user = UserFactory(
        organisation=OrganisationFactory(region=region, kind=OrganisationKind.EMPLOYER)
    )
    # Written around the service on purpose, as a bad import or admin edit could.
    RoleAssignment.objects.create(user=employer_user, role=Role.CONSULTANT, region=region)
    assert max_candidate_visibility(employer_user, region) == Visibility.NONE
    assert candidate_visibility(employer_user, region, employer_user.organisation_id) == Visibility.NONE
