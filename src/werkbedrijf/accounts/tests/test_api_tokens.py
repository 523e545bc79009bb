"""API keys: only for system accounts, stored hashed, expiring and revocable; never a way around 2FA."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from werkbedrijf.accounts.models import ApiToken, Role
from werkbedrijf.accounts.services import api_token_create, api_token_revoke
from werkbedrijf.accounts.tests.factories import OrganisationFactory, RegionFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(code="AM18", name="Groot Amsterdam")


@pytest.fixture
def system_account(region):
    user = UserFactory(
        organisation=OrganisationFactory(region=region), username="koppeling", is_system_account=True
    )
    give_role(user, Role.POLICY_ADVISER, region)
    return user


def call(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/regions")


def test_key_is_shown_once_and_stored_hashed(system_account):
    token, key = api_token_create(user=system_account, name="Koppeling")
    assert key.startswith("wb_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix)
    assert call(key).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_a_person_gets_no_api_key(region):
    consultant = UserFactory(organisation=OrganisationFactory(region=region))
    give_role(consultant, Role.CONSULTANT, region)
    with pytest.raises(ValidationError, match="systeemaccounts"):
        api_token_create(user=consultant, name="mine")


def test_a_key_stops_working_when_the_account_is_no_longer_a_system_account(system_account):
    _token, key = api_token_create(user=system_account, name="Koppeling")
    system_account.is_system_account = False
    system_account.save()
    assert call(key).status_code == 401


def test_expired_revoked_and_wrong_keys_are_refused(system_account):
    token, key = api_token_create(user=system_account, name="Koppeling", valid_days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call(key).status_code == 401

    token, key = api_token_create(user=system_account, name="Koppeling 2")
    api_token_revoke(token=token)
    assert call(key).status_code == 401

    _token, key = api_token_create(user=system_account, name="Koppeling 3")
    assert call(key[:-2] + "xx").status_code == 401
    response = call("wb_nonsense")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_validity_is_bounded(system_account):
    with pytest.raises(ValidationError):
        api_token_create(user=system_account, name="Te lang", valid_days=3650)


def test_system_account_cannot_log_in_to_the_interface(client, system_account):
    system_account.set_password("correct-horse-battery-staple")
    system_account.save()
    response = client.post(
        reverse("accounts:login"), {"username": "koppeling", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_command_prints_a_working_key_once(system_account):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("api_key_create", "koppeling", "--name", "Suite gemeente", "--days", "30", stdout=out)
    key = next(line for line in out.getvalue().splitlines() if line.startswith("wb_"))
    assert call(key).status_code == 200


def test_demo_accounts_cannot_log_in_where_the_demo_is_not_allowed(client, region, settings):
    settings.WERKBEDRIJF_DEMO_ALLOWED = False
    UserFactory(
        username="consulent.demo",
        email="consulent.demo@demo.werkbedrijf.invalid",
        organisation=OrganisationFactory(region=region),
    )
    response = client.post(
        reverse("accounts:login"), {"username": "consulent.demo", "password": "correct-horse-battery-staple"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    settings.WERKBEDRIJF_DEMO_ALLOWED = True
    client.post(
        reverse("accounts:login"), {"username": "consulent.demo", "password": "correct-horse-battery-staple"}
    )
    assert "_auth_user_id" in client.session
