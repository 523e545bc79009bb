"""The second factor: setting up an authenticator, codes, backup codes and throttling."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import RegionFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    user = UserFactory(username="beleid", organisation__region=region)
    give_role(user, Role.POLICY_ADVISER, region)
    return user


def code_for(key: bytes) -> str:
    return f"{totp(key):06d}"


def test_setup_shows_a_qr_code_and_the_key_that_belong_to_one_pending_device(client, staff):
    client.force_login(staff)
    html = client.get(reverse("accounts:two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in html
    secret = re.search(r'class="utrecht-paragraph wb-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    # Reloading keeps the same key, so a half-finished scan still works.
    client.get(reverse("accounts:two_factor_setup"))
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    assert "style=" not in html and "<script>" not in html


def test_setup_with_a_correct_code_confirms_and_shows_ten_backup_codes_once(client, staff):
    client.force_login(staff)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": code_for(device.bin_key)})
    html = response.content.decode()
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", html)
    assert len(codes) == 10
    stored = set(StaticDevice.objects.get(user=staff).token_set.values_list("token", flat=True))
    assert stored == set(codes)
    assert client.get(reverse("home:home")).status_code == 200
    # The setup page is gone once an authenticator is confirmed: no second look at the codes.
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 302


def test_setup_with_a_wrong_code_stays_unconfirmed_with_a_dutch_error(client, staff):
    client.force_login(staff)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert "Deze code is niet juist" in response.content.decode()
    assert not TOTPDevice.objects.get(user=staff).confirmed
    assert client.get(reverse("home:home")).status_code == 302


def test_wrong_code_shows_an_error_and_repeated_tries_are_throttled(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.force_login(staff)
    first = client.post(reverse("accounts:two_factor"), {"token": "000000"}).content.decode()
    assert "Deze code is niet juist" in first
    # Straight after a failure django-otp makes the next try wait, even with the right code.
    second = client.post(reverse("accounts:two_factor"), {"token": code_for(device.bin_key)})
    assert "Te veel onjuiste codes" in second.content.decode()
    assert client.get(reverse("home:home")).status_code == 302


def test_code_that_is_not_six_digits_gets_a_dutch_message(client, staff):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.force_login(staff)
    response = client.post(reverse("accounts:two_factor"), {"token": "12ab"})
    assert "Vul de 6 cijfers uit uw app in" in response.content.decode()


def test_a_backup_code_works_once(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.force_login(staff)
    client.get(reverse("accounts:two_factor"))
    backup = StaticDevice.objects.create(user=staff, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2345")
    response = client.post(reverse("accounts:two_factor"), {"token": "ABCD 2345"})
    assert response.url == reverse("home:home")
    assert not backup.token_set.exists()
    assert device.user == staff


def test_code_page_without_login_goes_to_the_login_page(client):
    response = client.get(reverse("accounts:two_factor"))
    assert response.url == reverse("accounts:login")
