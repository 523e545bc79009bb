"""Consent and freshness narrow what other partners see; the pseudonymised profile never shows identity."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from werkbedrijf.accounts.permissions import Visibility
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates import selectors, services
from werkbedrijf.candidates.models import Candidate, ConsentScope, PoolSettings
from werkbedrijf.candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def listed(user, region, **filters):
    return {
        p.uuid: p
        for p in selectors.candidate_list(user=user, region=region, context="test", **filters).profiles
    }


def get(user, pool, candidate):
    return selectors.candidate_get(
        user=user, region=pool["region"], candidate_uuid=candidate.uuid, context="test"
    )


@pytest.mark.parametrize("viewer", ["consultant_b", "wsp_manager"])
def test_withdrawn_region_consent_hides_the_candidate_from_other_partners(pool, viewer):
    assert get(pool[viewer], pool, pool["cand_a"]).visibility == Visibility.PSEUDONYMISED
    services.consent_withdraw(
        user=pool["consultant_a"],
        region=pool["region"],
        candidate=pool["cand_a"],
        scope=ConsentScope.REGION_WIDE,
    )
    with pytest.raises(Http404):
        get(pool[viewer], pool, pool["cand_a"])
    for freshness in ("", "include", "only"):
        assert pool["cand_a"].uuid not in listed(pool[viewer], pool["region"], freshness=freshness)


def test_own_organisation_still_sees_a_candidate_without_consent(pool):
    candidate = CandidateFactory(responsible_organisation=pool["org_a"], region_consent=False)
    assert get(pool["consultant_a"], pool, candidate).visibility == Visibility.FULL
    assert get(pool["manager_a"], pool, candidate).visibility == Visibility.PSEUDONYMISED  # same organisation
    assert candidate.uuid in listed(pool["consultant_a"], pool["region"])
    with pytest.raises(Http404):
        get(pool["consultant_b"], pool, candidate)
    assert candidate.uuid not in listed(pool["consultant_b"], pool["region"])


def test_employers_scope_alone_does_not_open_the_regional_view(pool):
    candidate = CandidateFactory(responsible_organisation=pool["org_a"], region_consent=False)
    services.consent_give(
        user=pool["consultant_a"], region=pool["region"], candidate=candidate, scope=ConsentScope.EMPLOYERS
    )
    with pytest.raises(Http404):
        get(pool["consultant_b"], pool, candidate)


def test_stale_profiles_of_others_are_left_out_unless_asked(pool):
    stale = CandidateFactory(
        responsible_organisation=pool["org_b"], last_confirmed_at=timezone.now() - timedelta(days=91)
    )
    never = CandidateFactory(responsible_organisation=pool["org_b"], last_confirmed_at=None)
    viewer, region = pool["consultant_a"], pool["region"]
    default = listed(viewer, region)
    assert stale.uuid not in default and never.uuid not in default
    assert pool["cand_b"].uuid in default
    assert {stale.uuid, never.uuid, pool["cand_b"].uuid} <= set(listed(viewer, region, freshness="include"))
    only = listed(viewer, region, freshness="only")
    assert {stale.uuid, never.uuid} <= set(only) and pool["cand_b"].uuid not in only
    assert listed(viewer, region, freshness="include")[stale.uuid].is_stale


def test_own_stale_profiles_stay_in_the_own_list(pool):
    Candidate.objects.filter(pk=pool["cand_a"].pk).update(last_confirmed_at=None)
    shown = listed(pool["consultant_a"], pool["region"])
    assert shown[pool["cand_a"].uuid].is_stale


def test_freshness_period_is_a_region_setting(pool):
    CandidateFactory(
        responsible_organisation=pool["org_b"], last_confirmed_at=timezone.now() - timedelta(days=40)
    )
    assert len(listed(pool["consultant_a"], pool["region"])) == 3
    PoolSettings.objects.create(region=pool["region"], freshness_days=30)
    assert len(listed(pool["consultant_a"], pool["region"])) == 2


def test_pseudonymised_profile_has_work_profile_but_no_identity(pool):
    from werkbedrijf.regions.models import Occupation, OccupationGroup

    group = OccupationGroup.objects.create(
        code="9", level=1, name_nl="Elementaire beroepen", name_en="Elementary"
    )
    occupation = Occupation.objects.create(
        esco_uri="x:1", esco_code="9112.1", group=group, name_nl="schoonmaker"
    )
    services.candidate_update(
        user=pool["consultant_b"],
        region=pool["region"],
        candidate=pool["cand_b"],
        changes={
            "education_level": "vmbo_mbo1",
            "desired_occupations": [occupation],
            "hours_per_week_min": 16,
            "hours_per_week": 24,
            "postcode": "1111 XY",
        },
    )
    services.functional_abilities_set(
        user=pool["consultant_b"],
        region=pool["region"],
        candidate=pool["cand_b"],
        abilities=[("social_functioning", 3, "Bram werkt het liefst alleen")],
    )
    profile = get(pool["consultant_a"], pool, pool["cand_b"])
    assert profile.visibility == Visibility.PSEUDONYMISED
    assert profile.pc4 == "1111"
    assert profile.education_level == "vmbo_mbo1"
    assert profile.desired_occupations == ("schoonmaker",)
    assert profile.hours_range == "16–24"
    assert [(a.rubric, a.level, a.note) for a in profile.abilities] == [("social_functioning", 3, None)]
    text = repr(profile)
    for secret in ("Bram", "Dekker", pool["cand_b"].bsn, "1111 XY", "1990"):
        assert secret not in text


def test_search_looks_only_in_own_candidates(pool):
    viewer, region = pool["consultant_a"], pool["region"]
    assert set(listed(viewer, region, search="Dekker")) == set()
    assert set(listed(viewer, region, search=pool["cand_b"].bsn)) == set()
    assert set(listed(viewer, region, search="anouk")) == {pool["cand_a"].uuid}
    assert set(listed(viewer, region, search=pool["cand_a"].bsn)) == {pool["cand_a"].uuid}


def test_status_and_target_group_filters(pool):
    services.candidate_status_change(
        user=pool["consultant_a"],
        region=pool["region"],
        candidate=pool["cand_a"],
        to_status="placed",
        reason="Baan",
    )
    assert set(listed(pool["consultant_a"], pool["region"], status="placed")) == {pool["cand_a"].uuid}
    assert set(listed(pool["consultant_a"], pool["region"], target_group="wajong")) == set()


def test_todo_list_names_stale_and_incomplete_own_candidates(pool):
    Candidate.objects.filter(pk=pool["cand_a"].pk).update(last_confirmed_at=None)
    other_own = CandidateFactory(responsible_organisation=pool["org_a"], first_name="Zoë")
    page = selectors.candidate_todo_list(user=pool["consultant_a"], region=pool["region"])
    items = {i.uuid: i for i in page.object_list}
    assert set(items) == {pool["cand_a"].uuid, other_own.uuid}  # never another organisation's
    assert items[pool["cand_a"].uuid].is_stale
    assert not items[other_own.uuid].is_stale
    assert "opleidingsniveau" in items[other_own.uuid].missing_labels
    assert page.object_list[0].uuid == pool["cand_a"].uuid  # stale first
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH, context="Te-doenlijst kandidaten")
    assert set(entry.subject_uuids) == {str(pool["cand_a"].uuid), str(other_own.uuid)}


def test_todo_list_mine_only_and_roles(pool):
    services.candidate_update(
        user=pool["consultant_a"],
        region=pool["region"],
        candidate=pool["cand_a"],
        changes={"consultant": pool["consultant_a"]},
    )
    CandidateFactory(responsible_organisation=pool["org_a"])
    page = selectors.candidate_todo_list(user=pool["consultant_a"], region=pool["region"], mine_only=True)
    assert [i.uuid for i in page.object_list] == [pool["cand_a"].uuid]
    for role_user in ("manager_a", "wsp_manager", "board"):
        with pytest.raises(PermissionDenied):
            selectors.candidate_todo_list(user=pool[role_user], region=pool["region"])


@pytest.mark.parametrize("term", ["bsn", "Visser"])
def test_a_search_never_finds_a_profile_the_user_sees_only_pseudonymised(pool, term):
    """An account manager employed by a municipality sees its candidates pseudonymised: searching them by
    name or BSN would re-identify them, so a search finds nothing for that user."""
    query = pool["cand_a"].bsn if term == "bsn" else term
    found = selectors.candidate_list(user=pool["manager_a"], region=pool["region"], search=query, context="t")
    assert list(found.profiles) == []
    own = selectors.candidate_list(
        user=pool["consultant_a"], region=pool["region"], search=query, context="t"
    )
    assert [p.uuid for p in own.profiles] == [pool["cand_a"].uuid]
