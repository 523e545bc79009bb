"""The home page: one section per role in the active region, aggregates only for the board."""

import pytest
from django.urls import reverse
from django.utils import translation

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.home.roles import ROLE_WORK

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(code="AM18", name="Groot Amsterdam")


def home_html(client):
    response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_its_own_section_with_what_it_works_on(client, login_verified, region, role):
    user = UserFactory(organisation__region=region)
    give_role(user, role, region)
    login_verified(user)
    html = home_html(client)
    assert f'data-role="{role}"' in html
    assert html.count('data-role="') == 1
    with translation.override("nl"):
        works_on = str(ROLE_WORK[role].works_on)
    assert works_on in html
    with translation.override("en"):
        assert works_on != str(ROLE_WORK[role].works_on)  # shown in Dutch, not the English msgid
    assert "Volgt in een latere versie" in html


def test_sections_follow_the_roles_in_the_active_region_only(client, login_verified, region):
    other = RegionFactory(code="AM20", name="Amersfoort")  # sorts after AM18, so AM18 is active
    user = UserFactory(organisation__region=region)
    give_role(user, Role.CONSULTANT, region)
    give_role(user, Role.AUDITOR, region)
    give_role(user, Role.BOARD_MEMBER, other)
    login_verified(user)
    html = home_html(client)
    assert 'data-role="consultant"' in html and 'data-role="auditor"' in html
    assert 'data-role="board_member"' not in html
    assert 'href="/toegangslog/"' in html
    assert 'href="/kandidaten/"' in html


def test_links_respect_what_the_role_may_open(client, login_verified, region):
    user = UserFactory(organisation__region=region)
    give_role(user, Role.POLICY_ADVISER, region)
    login_verified(user)
    html = home_html(client)
    assert 'href="/kandidaten/"' not in html
    assert 'href="/toegangslog/"' not in html
    assert 'href="/parameters/"' in html


def test_employer_user_finds_its_vacancies_and_the_calculators(client, login_verified, region):
    user = UserFactory(organisation__region=region)
    give_role(user, Role.EMPLOYER_USER, region)
    login_verified(user)
    html = home_html(client)
    section = html[html.index('data-role="employer_user"') :]
    assert "Nu beschikbaar" in section
    assert 'href="/vacatures/"' in section
    assert 'href="/loonwaarde/"' in section
    assert 'href="/kandidaten/"' not in section
    assert 'href="/import-export/"' not in section


def test_user_without_any_role_sees_who_to_contact(client, login_verified, region):
    login_verified(UserFactory(organisation__region=region))
    html = home_html(client)
    assert "U heeft nog geen rol; neem contact op met de functioneel beheerder van uw Werkbedrijf" in html
    assert 'data-role="' not in html


def test_board_member_sees_counts_but_never_a_person(client, login_verified, region):
    org = MunicipalityOrganisationFactory(region=region, municipality__name="Amstelveen")
    CandidateFactory(responsible_organisation=org, first_name="Fenna", last_name="Jansen")
    CandidateFactory(
        responsible_organisation=org, first_name="Gijs", last_name="Smit", in_target_group_register=False
    )
    user = UserFactory(organisation__region=region)
    give_role(user, Role.BOARD_MEMBER, region)
    login_verified(user)
    html = home_html(client)
    assert 'data-role="board_member"' in html
    assert "<dd>2</dd>" in html  # candidates in the pool
    assert "<dd>1</dd>" in html  # of whom in the target-group register
    for name in ("Fenna", "Jansen", "Gijs", "Smit"):
        assert name not in html
    assert 'href="/kandidaten/"' not in html


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
