"""Who sees which candidate: each role × own organisation / other organisation / other region."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.permissions import Visibility
from werkbedrijf.accounts.selectors import organisation_list
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.candidates import selectors
from werkbedrijf.candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

# role → (visibility of own organisation's candidate, of another organisation's candidate in the region)
EXPECTED = {
    Role.CONSULTANT: (Visibility.FULL, Visibility.PSEUDONYMISED),
    Role.INSTRUMENT_OFFICER: (Visibility.FULL, Visibility.PSEUDONYMISED),
    Role.ACCOUNT_MANAGER: (Visibility.PSEUDONYMISED, Visibility.PSEUDONYMISED),
    Role.POLICY_ADVISER: (Visibility.AGGREGATE, Visibility.AGGREGATE),
    Role.BOARD_MEMBER: (Visibility.AGGREGATE, Visibility.AGGREGATE),
    Role.AUDITOR: (Visibility.NONE, Visibility.NONE),
    Role.FUNCTIONAL_ADMIN: (Visibility.NONE, Visibility.NONE),
    Role.EMPLOYER_USER: (Visibility.NONE, Visibility.NONE),
    Role.WAGE_VALUE_EXPERT: (Visibility.NONE, Visibility.NONE),
}


def test_every_role_is_in_the_table():
    assert set(EXPECTED) == set(Role)


@pytest.fixture
def world():
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    other_region = RegionFactory(code="AM17", name="Zaanstreek/Waterland")
    org_a = MunicipalityOrganisationFactory(region=region, municipality__name="Amsterdam")
    org_b = MunicipalityOrganisationFactory(region=region, municipality__name="Diemen")
    org_c = MunicipalityOrganisationFactory(region=other_region, municipality__name="Zaanstad")
    employer = OrganisationFactory(
        region=region, kind=OrganisationKind.EMPLOYER, name="Bakkerij De Korenschoof"
    )
    return {
        "region": region,
        "other_region": other_region,
        "org_a": org_a,
        "employer": employer,
        "cand_a": CandidateFactory(responsible_organisation=org_a, first_name="Anouk", last_name="Visser"),
        "cand_b": CandidateFactory(responsible_organisation=org_b, first_name="Bram", last_name="de Wit"),
        "cand_c": CandidateFactory(responsible_organisation=org_c, first_name="Celine", last_name="Bakker"),
    }


def user_with(role, world):
    organisation = world["employer"] if role == Role.EMPLOYER_USER else world["org_a"]
    user = UserFactory(organisation=organisation)
    give_role(user, role, world["region"])
    return user


def visibility_via_selector(user, world, candidate):
    try:
        profile = selectors.candidate_get(
            user=user, region=world["region"], candidate_uuid=candidate.uuid, context="test"
        )
    except Http404:
        return None
    return profile.visibility


@pytest.mark.parametrize("role", list(EXPECTED))
def test_candidate_visibility_per_role(role, world):
    user = user_with(role, world)
    own_expected, other_expected = EXPECTED[role]

    def shown(expected):
        return expected if expected >= Visibility.PSEUDONYMISED else None

    assert visibility_via_selector(user, world, world["cand_a"]) == shown(own_expected)
    assert visibility_via_selector(user, world, world["cand_b"]) == shown(other_expected)
    # A candidate in another region is never visible, whatever the role.
    assert visibility_via_selector(user, world, world["cand_c"]) is None


@pytest.mark.parametrize("role", list(EXPECTED))
def test_candidate_list_per_role(role, world):
    user = user_with(role, world)
    own_expected, other_expected = EXPECTED[role]
    if max(own_expected, other_expected) < Visibility.PSEUDONYMISED:
        with pytest.raises(PermissionDenied):
            selectors.candidate_list(user=user, region=world["region"], context="test")
        return
    shown = selectors.candidate_list(user=user, region=world["region"], context="test").profiles
    listed = {p.uuid: p for p in shown}
    assert world["cand_c"].uuid not in listed
    assert listed[world["cand_a"].uuid].visibility == own_expected
    if other_expected >= Visibility.PSEUDONYMISED:
        assert listed[world["cand_b"].uuid].visibility == other_expected
    else:
        assert world["cand_b"].uuid not in listed


def test_pseudonymised_profile_hides_personal_data(world):
    user = user_with(Role.CONSULTANT, world)
    profile = selectors.candidate_get(
        user=user, region=world["region"], candidate_uuid=world["cand_b"].uuid, context="test"
    )
    assert profile.visibility == Visibility.PSEUDONYMISED
    assert profile.label.startswith("K-") and "Bram" not in profile.label
    assert profile.bsn is None and profile.full_name is None and profile.date_of_birth is None
    assert profile.postcode is None and profile.email is None
    # The pseudonym is stable, so colleagues can refer to the same person.
    again = selectors.candidate_get(
        user=user, region=world["region"], candidate_uuid=world["cand_b"].uuid, context="test"
    )
    assert again.label == profile.label


def test_own_candidate_is_shown_in_full(world):
    user = user_with(Role.CONSULTANT, world)
    profile = selectors.candidate_get(
        user=user, region=world["region"], candidate_uuid=world["cand_a"].uuid, context="test"
    )
    assert profile.full_name == "Anouk Visser"
    assert profile.bsn == world["cand_a"].bsn


def test_an_account_manager_of_the_wsp_sees_every_candidate_pseudonymised(world):
    wsp = OrganisationFactory(
        region=world["region"], kind=OrganisationKind.EMPLOYER_SERVICE_POINT, name="WSP Groot Amsterdam"
    )
    user = UserFactory(organisation=wsp)
    give_role(user, Role.ACCOUNT_MANAGER, world["region"])
    listed = {
        p.uuid: p for p in selectors.candidate_list(user=user, region=world["region"], context="t").profiles
    }
    assert {listed[c.uuid].visibility for c in (world["cand_a"], world["cand_b"])} == {
        Visibility.PSEUDONYMISED
    }
    assert world["cand_c"].uuid not in listed


def test_board_member_sees_aggregates_never_a_person(world):
    user = user_with(Role.BOARD_MEMBER, world)
    counts = selectors.candidate_counts(user=user, region=world["region"])
    assert counts.total == 2  # the other region's candidate is not counted
    assert "Anouk" not in repr(counts) and "Visser" not in repr(counts)


def test_employer_gets_no_aggregates(world):
    user = user_with(Role.EMPLOYER_USER, world)
    with pytest.raises(PermissionDenied):
        selectors.candidate_counts(user=user, region=world["region"])


def test_role_in_other_region_gives_nothing_here(world):
    user = UserFactory(organisation=world["org_a"])
    give_role(user, Role.CONSULTANT, world["other_region"])
    assert visibility_via_selector(user, world, world["cand_a"]) is None


def test_employer_user_sees_only_its_own_organisation(world):
    employer_user = user_with(Role.EMPLOYER_USER, world)
    assert list(organisation_list(user=employer_user, region=world["region"])) == [world["employer"]]
    staff = user_with(Role.ACCOUNT_MANAGER, world)
    names = {o.name for o in organisation_list(user=staff, region=world["region"])}
    assert {"Bakkerij De Korenschoof", "Gemeente Amsterdam", "Gemeente Diemen"} <= names
    assert "Gemeente Zaanstad" not in names
