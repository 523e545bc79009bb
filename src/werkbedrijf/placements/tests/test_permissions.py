"""The table of who may read and write placements (permissions.py), role by role."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import give_role, staff
from werkbedrijf.placements.permissions import (
    PlacementScope,
    may_read_details,
    may_read_placements,
    may_write,
    may_write_at_all,
    placement_rule,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(w):
    return staff(w.region, w.wsp, Role.WAGE_VALUE_EXPERT, "deskundige")


# (fixture attribute, scope, may write at all)
ROLES = [
    ("consultant_a", PlacementScope.REGION, True),
    ("officer_a", PlacementScope.REGION, True),
    ("manager", PlacementScope.REGION, True),
    ("policy", PlacementScope.AGGREGATES, False),
    ("board", PlacementScope.AGGREGATES, False),
    ("auditor", PlacementScope.NONE, False),
    ("admin", PlacementScope.NONE, False),
    ("employer_user", PlacementScope.NONE, False),
    ("consultant_c", PlacementScope.NONE, False),  # another region's consultant
]


@pytest.mark.parametrize(("name", "scope", "writes"), ROLES)
def test_the_rule_per_role(w, name, scope, writes):
    user = getattr(w, name)
    assert placement_rule(user, w.region).scope == scope
    assert may_read_placements(user, w.region) is (scope == PlacementScope.REGION)
    assert may_write_at_all(user, w.region) is writes


def test_the_wage_value_expert_has_no_placements(w, expert):
    assert placement_rule(expert, w.region).scope == PlacementScope.NONE
    assert not may_write_at_all(expert, w.region)


def test_nobody_anonymous_or_without_a_region(w):
    assert placement_rule(AnonymousUser(), w.region).scope == PlacementScope.NONE
    assert not may_read_placements(AnonymousUser(), w.region)
    assert placement_rule(w.consultant_a, None).scope == PlacementScope.NONE


def test_an_employer_user_with_a_staff_role_still_gets_nothing(w):
    give_role(w.employer_user, Role.ACCOUNT_MANAGER, w.region)
    assert placement_rule(w.employer_user, w.region).scope == PlacementScope.NONE
    assert not may_write(w.employer_user, w.region, w.own)


def test_roles_combine_to_the_most_each_gives(w):
    give_role(w.policy, Role.ACCOUNT_MANAGER, w.region)
    rule = placement_rule(w.policy, w.region)
    assert rule.scope == PlacementScope.REGION and rule.write_any and not rule.write_own


def test_a_role_in_another_region_gives_nothing_here(w):
    assert placement_rule(w.consultant_a, w.other_region).scope == PlacementScope.NONE
    assert not may_write(w.consultant_a, w.other_region, w.own)


def test_consultants_write_their_own_organisations_candidates_only(w):
    assert may_write(w.consultant_a, w.region, w.own)
    assert not may_write(w.consultant_a, w.region, w.shared)
    assert not may_write(w.consultant_a, w.region, w.private)
    assert may_write(w.consultant_b, w.region, w.shared)
    assert may_write(w.consultant_b, w.region, w.private)
    assert not may_write(w.consultant_b, w.region, w.own)
    assert may_write(w.officer_a, w.region, w.own)
    assert not may_write(w.officer_a, w.region, w.shared)


def test_the_account_manager_writes_every_candidate_of_the_region(w):
    for candidate in (w.own, w.shared, w.private):
        assert may_write(w.manager, w.region, candidate)


@pytest.mark.parametrize("name", ["policy", "board", "auditor", "admin", "employer_user"])
def test_others_write_nothing(w, name):
    assert not may_write(getattr(w, name), w.region, w.own)


def test_no_write_on_a_candidate_of_another_region(w):
    foreign = w.add_candidate(w.org_c)
    assert not may_write(w.manager, w.region, foreign)
    assert not may_write(w.consultant_c, w.region, foreign)
    # the region given must be the candidate's, whatever the user's roles there
    assert not may_write(w.consultant_a, w.other_region, w.own)
    assert not may_write(w.consultant_c, w.other_region, SimpleNamespace(region_id=None))


def test_details_for_who_sees_the_candidate_in_full_and_the_account_manager(w):
    assert may_read_details(w.consultant_a, w.region, w.own)
    assert not may_read_details(w.consultant_b, w.region, w.own)
    assert not may_read_details(w.consultant_a, w.region, w.shared)
    assert may_read_details(w.manager, w.region, w.own)
    assert may_read_details(w.manager, w.region, w.private)
    assert not may_read_details(w.policy, w.region, w.own)
    assert not may_read_details(w.board, w.region, w.own)  # org_a's board member: aggregates only
