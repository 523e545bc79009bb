"""Logging in: password step, throttling by django-axes, and where each kind of user goes next."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import OrganisationFactory, RegionFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def region():
    return RegionFactory(code="AM18", name="Groot Amsterdam")


@pytest.fixture
def staff(region):
    user = UserFactory(username="consulent", organisation__region=region)
    give_role(user, Role.CONSULTANT, region)
    return user


def post_login(client, username, password, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def test_login_page_is_dutch_and_has_a_skip_link(client):
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert 'href="#main-content"' in html
    assert html.index('href="#main-content"') < html.index("<form")


def test_wrong_password_shows_a_dutch_error_and_keeps_the_username(client, staff):
    response = post_login(client, "consulent", "wrong-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord is niet juist" in html
    assert 'value="consulent"' in html
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_with_a_dutch_page_saying_when(client, staff):
    for _attempt in range(4):
        assert post_login(client, "consulent", "wrong-password").status_code == 200
    response = post_login(client, "consulent", "wrong-password")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Inloggen is tijdelijk geblokkeerd" in html
    assert "Probeer het over 30 minuten opnieuw" in html
    # Even the right password is refused while locked out.
    assert post_login(client, "consulent", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_without_authenticator_are_sent_to_the_setup_page(client, staff):
    response = post_login(client, "consulent", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_setup")


def test_staff_with_authenticator_are_asked_for_a_code(client, staff):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    response = post_login(client, "consulent", PASSWORD)
    assert response.url == reverse("accounts:two_factor")


def test_staff_who_skip_the_code_cannot_reach_home(client, staff):
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    post_login(client, "consulent", PASSWORD)
    response = client.get(reverse("home:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor")


def test_full_login_with_a_correct_code_lands_on_the_page_asked_for(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.get(reverse("home:home"))
    post_login(client, "consulent", PASSWORD, next="/?welkom=1")
    response = client.post(reverse("accounts:two_factor"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    assert response.url == "/?welkom=1"
    assert client.get(reverse("home:home")).status_code == 200


def test_login_ignores_a_next_url_on_another_site(client, staff):
    employer_org = OrganisationFactory(kind=OrganisationKind.EMPLOYER, region=staff.organisation.region)
    UserFactory(username="werkgever", organisation=employer_org)
    response = post_login(client, "werkgever", PASSWORD, next="https://evil.example/")
    assert response.url == reverse("home:home")


def test_employer_users_need_no_second_factor(client, region):
    employer_org = OrganisationFactory(kind=OrganisationKind.EMPLOYER, region=region, name="Bakkerij De Korf")
    user = UserFactory(username="werkgever", organisation=employer_org)
    give_role(user, Role.EMPLOYER_USER, region)
    response = post_login(client, "werkgever", PASSWORD)
    assert response.url == reverse("home:home")
    home = client.get(reverse("home:home"))
    assert home.status_code == 200
    assert "Bakkerij De Korf" in home.content.decode()


def test_logout_needs_post_and_ends_the_session(client, login_verified, staff):
    login_verified(staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert client.get(reverse("home:home")).status_code == 302
