"""The page frame: language, skip link, navigation per role, region switch, error pages."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.middleware import SESSION_REGION_KEY
from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import RegionFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    return RegionFactory(code="AM18", name="Groot Amsterdam"), RegionFactory(
        code="AM12", name="Midden-Utrecht"
    )


@pytest.fixture
def two_region_user(regions, login_verified):
    amsterdam, utrecht = regions
    user = UserFactory(organisation__region=amsterdam)
    give_role(user, Role.CONSULTANT, amsterdam)
    give_role(user, Role.POLICY_ADVISER, utrecht)
    login_verified(user)
    return user


def test_home_is_dutch_with_skip_link_first(client, two_region_user):
    html = client.get(reverse("home:home")).content.decode()
    assert '<html lang="nl">' in html
    assert "Direct naar de inhoud" in html
    assert html.index('href="#main-content"') < html.index("<a", html.index('href="#main-content"') + 1)
    assert '<main id="main-content"' in html
    assert "Uitloggen" in html


def test_language_switch_makes_the_page_english(client, two_region_user):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Log out" in html
    assert 'lang="nl">Nederlands</button>' in html


def test_region_switcher_lists_only_the_users_regions(client, two_region_user, regions):
    amsterdam, utrecht = regions
    RegionFactory(code="AM01", name="Groningen")
    html = client.get(reverse("home:home")).content.decode()
    assert f'value="{utrecht.uuid}"' in html and f'value="{amsterdam.uuid}"' in html
    assert "Groningen" not in html


def test_switching_to_an_own_region_changes_the_home_page(client, two_region_user, regions):
    _amsterdam, utrecht = regions
    response = client.post(reverse("accounts:switch_region"), {"region": str(utrecht.uuid), "next": "/"})
    assert response.url == "/"
    assert client.session[SESSION_REGION_KEY] == str(utrecht.uuid)
    html = client.get(reverse("home:home")).content.decode()
    assert "Midden-Utrecht" in html
    assert 'data-role="policy_adviser"' in html
    assert 'data-role="consultant"' not in html


def test_switching_to_someone_elses_region_is_refused(client, two_region_user):
    groningen = RegionFactory(code="AM01", name="Groningen")
    response = client.post(reverse("accounts:switch_region"), {"region": str(groningen.uuid)}, follow=True)
    assert SESSION_REGION_KEY not in client.session
    assert "U werkt niet in die regio" in response.content.decode()


def test_switch_region_never_redirects_off_site(client, two_region_user, regions):
    response = client.post(
        reverse("accounts:switch_region"), {"region": str(regions[1].uuid), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home:home")


def test_single_region_user_sees_the_region_but_no_switcher(client, login_verified, regions):
    user = UserFactory(organisation__region=regions[0])
    give_role(user, Role.CONSULTANT, regions[0])
    login_verified(user)
    html = client.get(reverse("home:home")).content.decode()
    assert "Groot Amsterdam" in html
    assert reverse("accounts:switch_region") not in html


def test_navigation_follows_the_roles(client, login_verified, regions):
    auditor = UserFactory(organisation__region=regions[0])
    give_role(auditor, Role.AUDITOR, regions[0])
    login_verified(auditor)
    html = client.get(reverse("home:home")).content.decode()
    nav = html[html.index('<nav class="wb-nav"') : html.index("</nav>")]
    assert 'href="/toegangslog/"' in nav
    assert 'href="/kandidaten/"' not in nav
    assert "/beheer/" not in nav
    assert 'aria-current="page"' in nav


def test_not_found_page_is_dutch(client, two_region_user):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.parametrize("step", ["accounts:two_factor", "accounts:two_factor_setup"])
def test_before_the_code_the_header_shows_only_a_way_out(client, regions, step):
    user = UserFactory(first_name="Indy", last_name="Stichter", organisation__region=regions[0])
    give_role(user, Role.CONSULTANT, regions[0])
    if step == "accounts:two_factor":
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)  # password given, code not yet
    html = client.get(reverse(step)).content.decode()
    header = html[html.index('<header class="wb-header"') : html.index("</header>")]
    assert "Stichter" not in header
    assert user.organisation.name not in header
    assert "Groot Amsterdam" not in header
    assert reverse("accounts:logout") in header
    assert '<nav class="wb-nav"' not in html


def test_after_the_code_the_header_shows_who_is_signed_in(client, login_verified, regions):
    user = UserFactory(first_name="Indy", last_name="Stichter", organisation__region=regions[0])
    give_role(user, Role.CONSULTANT, regions[0])
    login_verified(user)
    html = client.get(reverse("home:home")).content.decode()
    header = html[html.index('<header class="wb-header"') : html.index("</header>")]
    assert "Indy Stichter" in header
    assert "Groot Amsterdam" in header


def test_every_page_links_a_favicon_that_exists(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in html
    assert finders.find("img/favicon.svg")
