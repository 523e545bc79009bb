import pytest
from django.urls import reverse

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import OrganisationFactory, RegionFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


def test_admin_sends_anonymous_users_to_the_product_login(client):
    response = client.get("/beheer/")
    assert response.status_code == 302
    login = client.get(response["Location"], follow=True)
    assert login.request["PATH_INFO"] == reverse("accounts:login")


def test_admin_refuses_signed_in_staff_without_admin_rights(client, login_verified):
    region = RegionFactory(code="AM18")
    user = UserFactory(organisation=OrganisationFactory(region=region))
    give_role(user, Role.BOARD_MEMBER, region)
    login_verified(user)
    assert client.get("/beheer/", follow=True).status_code == 403


def test_superuser_needs_the_second_factor_for_the_admin(client):
    admin_user = UserFactory(username="operator", is_staff=True, is_superuser=True, organisation=None)
    client.force_login(admin_user)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor")


def test_admin_hides_authenticator_secrets(settings):
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True
