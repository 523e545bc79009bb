"""Ranked matches per role, exclusions counted per reason, access logging, and the dated configuration."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import CandidateStatus, TargetGroup
from werkbedrijf.matching import engine, selectors, services
from werkbedrijf.matching.models import MatchWeights, PriorityRule
from werkbedrijf.matching.selectors import MatchFilters, matches_for_candidate, matches_for_vacancy
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.vacancies.models import Vacancy, VacancyKind, VacancyStatus


def _labels(result):
    return [m.profile.label for m in result.matches]


def _vacancy_matches(world, user, **kwargs):
    return matches_for_vacancy(user=user, region=world["region"], vacancy=world["vacancy"], **kwargs)


@pytest.fixture
def ranked(world):
    """Three fitting candidates of A and B in a known order, and four excluded ones."""
    add = world["add_candidate"]
    return {
        "exact": add(first_name="Exact", occupations=(world["cleaner"],)),
        "related": add(world["org_b"], first_name="Verwant", occupations=(world["window_cleaner"],)),
        "none": add(first_name="Geen", occupations=()),
        "too_far": add(first_name="Ver", postcode="1501 AA", own_transport="car"),
        "ability": add(first_name="Beperkt", abilities={"physical_environment": 4}),
        "no_consent_b": add(world["org_b"], first_name="Geheim", region_consent=False),
        "stale_b": add(
            world["org_b"], first_name="Oud", last_confirmed_at=timezone.now() - timedelta(days=200)
        ),
        "left": add(first_name="Weg", status=CandidateStatus.LEFT),
    }


def test_candidates_are_ranked_by_score_and_the_excluded_counted_per_reason(world, ranked):
    result = _vacancy_matches(world, world["consultant_a"])
    assert [m.profile.uuid for m in result.matches] == [
        ranked["exact"].uuid,
        ranked["related"].uuid,
        ranked["none"].uuid,
    ]
    assert [m.rank for m in result.matches] == [1, 2, 3]
    points = [m.score.points for m in result.matches]
    assert points == sorted(points, reverse=True) and points[0] > points[1] > points[2]
    assert result.considered == 7 and result.eligible == 3  # the one who left is not in the pool
    assert {row.code: row.count for row in result.excluded} == {
        engine.TOO_FAR: 1,
        engine.ABILITY: 1,
        engine.NO_CONSENT: 1,
        engine.STALE_PROFILE: 1,
    }
    assert str(result.excluded[0].reason)
    assert result.weights_version == "default" and result.cost_calculated is False
    factors = {f.code: f for f in result.matches[0].score.factors}
    assert factors["occupation"].points == 30 and factors["cost"].points == 0
    assert "ISCO 91" in str({f.code: f for f in result.matches[1].score.factors}["occupation"].label)


def test_a_consultant_sees_own_candidates_in_full_and_other_partners_pseudonymised(world, ranked):
    result = _vacancy_matches(world, world["consultant_a"])
    by_uuid = {m.profile.uuid: m.profile for m in result.matches}
    own, other = by_uuid[ranked["exact"].uuid], by_uuid[ranked["related"].uuid]
    assert own.is_full and own.full_name == ranked["exact"].full_name and own.bsn == ranked["exact"].bsn
    assert not other.is_full and other.bsn is None and other.full_name is None
    assert other.label == pseudonym("kandidaat", ranked["related"].uuid)

    result = _vacancy_matches(world, world["consultant_b"])
    by_uuid = {m.profile.uuid: m.profile for m in result.matches}
    assert by_uuid[ranked["related"].uuid].is_full and not by_uuid[ranked["exact"].uuid].is_full


def test_an_account_manager_sees_everyone_pseudonymised(world, ranked):
    result = _vacancy_matches(world, world["manager"])
    assert len(result.matches) == 3 and not any(m.profile.is_full for m in result.matches)
    assert all(m.profile.bsn is None for m in result.matches)


def test_a_policy_adviser_gets_counts_only(world, ranked):
    result = _vacancy_matches(world, world["policy"])
    assert result.counts_only and result.matches == []
    assert result.eligible == 3 and sum(row.count for row in result.excluded) == 4
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["employer_user", "board", "admin"])
def test_roles_without_candidates_for_vacancies_are_refused(world, ranked, who):
    with pytest.raises(PermissionDenied):
        _vacancy_matches(world, world[who])


def test_another_regions_vacancy_is_not_found(world):
    with pytest.raises(Http404):
        matches_for_vacancy(
            user=world["consultant_a"], region=world["region"], vacancy=world["foreign_vacancy"]
        )
    with pytest.raises(Http404):
        selectors.vacancy_in_region(region=world["region"], vacancy_uuid=world["foreign_vacancy"].uuid)


def test_the_search_is_access_logged_with_the_persons_shown_in_full(world, ranked):
    _vacancy_matches(world, world["consultant_a"], context="Test matching")
    [entry] = AccessLogEntry.objects.all()
    assert entry.action == AccessAction.SEARCH and entry.object_type == "candidate"
    assert entry.context == "Test matching" and entry.region_code == "AM18"
    assert set(entry.subject_uuids) == {str(ranked["exact"].uuid), str(ranked["none"].uuid)}


def test_limit_and_filters(world, ranked):
    result = _vacancy_matches(world, world["consultant_a"], limit=1)
    assert [m.profile.uuid for m in result.matches] == [ranked["exact"].uuid] and result.eligible == 3
    result = _vacancy_matches(world, world["consultant_a"], filters=MatchFilters(own_only=True))
    assert [m.profile.uuid for m in result.matches] == [ranked["exact"].uuid, ranked["none"].uuid]
    assert result.considered == 4
    municipality = world["org_b"].municipality.code
    result = _vacancy_matches(
        world, world["consultant_a"], filters=MatchFilters(municipality_code=municipality)
    )
    assert [m.profile.uuid for m in result.matches] == [ranked["related"].uuid]
    wajong = world["add_candidate"](target_group=TargetGroup.WAJONG)
    result = _vacancy_matches(world, world["consultant_a"], filters=MatchFilters(target_group="wajong"))
    assert [m.profile.uuid for m in result.matches] == [wajong.uuid]


def test_the_date_decides_availability(world):
    start = world["today"] + timedelta(days=10)
    later = world["add_candidate"](available_from=start)
    assert _vacancy_matches(world, world["consultant_a"]).eligible == 0
    result = _vacancy_matches(world, world["consultant_a"], on=start)
    assert [m.profile.uuid for m in result.matches] == [later.uuid]


def test_no_candidate_fits(world):
    world["add_candidate"](postcode="1501 AA", own_transport="car")
    result = _vacancy_matches(world, world["consultant_a"])
    assert result.matches == [] and result.eligible == 0
    assert [(row.code, row.count) for row in result.excluded] == [(engine.TOO_FAR, 1)]


def test_query_count_stays_flat_as_the_pool_grows(world, django_assert_max_num_queries):
    for _ in range(3):
        world["add_candidate"](abilities={"working_hours": 2})
    user = world["consultant_a"]
    with django_assert_max_num_queries(22) as few:  # 16 for the candidates, 6 for the vacancy and rules
        _vacancy_matches(world, user)
    for org in (world["org_a"], world["org_b"]) * 15:
        world["add_candidate"](org, abilities={"working_hours": 2})
    with django_assert_max_num_queries(len(few)):
        result = _vacancy_matches(world, user, limit=30)
    assert len(result.matches) == 30


# --- vacancies for a candidate ---------------------------------------------------------------------------


def _open_vacancy(world, title, occupation, **fields):
    values = {
        "employer": world["employer"],
        "region": world["region"],
        "location": world["location"],
        "title": title,
        "occupation": occupation,
        "hours_per_week": 20,
        "kind": VacancyKind.REGULAR,
        "status": VacancyStatus.OPEN,
        "created_by": world["manager"],
    }
    return Vacancy.objects.create(**{**values, **fields})


def test_open_vacancies_are_ranked_for_an_own_candidate_and_the_read_logged(world):
    candidate = world["add_candidate"](occupations=(world["kitchen_help"],))
    kitchen = _open_vacancy(world, "Keukenhulp", world["kitchen_help"])
    _open_vacancy(world, "Concept", world["kitchen_help"], status=VacancyStatus.DRAFT)
    _open_vacancy(world, "Te veel uren", world["kitchen_help"], hours_per_week=38)
    found = selectors.candidate_in_region(region=world["region"], candidate_uuid=candidate.uuid)
    result = matches_for_candidate(user=world["consultant_a"], region=world["region"], candidate=found)
    assert [m.vacancy for m in result.matches] == [kitchen, world["vacancy"]]
    assert result.considered == 3 and result.eligible == 2
    assert [(row.code, row.count) for row in result.excluded] == [(engine.HOURS_ABOVE_MAX, 1)]
    assert result.profile.is_full
    [entry] = AccessLogEntry.objects.all()
    assert entry.action == AccessAction.READ and entry.object_uuid == candidate.uuid


@pytest.mark.parametrize("who", ["consultant_b", "manager", "policy", "employer_user", "board"])
def test_vacancies_for_a_candidate_only_for_who_sees_them_in_full(world, who):
    candidate = world["add_candidate"]()
    found = selectors.candidate_in_region(region=world["region"], candidate_uuid=candidate.uuid)
    with pytest.raises(PermissionDenied):
        matches_for_candidate(user=world[who], region=world["region"], candidate=found)
    assert not AccessLogEntry.objects.exists()


def test_a_candidate_of_another_partner_without_consent_or_region_is_not_found(world):
    hidden = world["add_candidate"](region_consent=False)
    found = selectors.candidate_in_region(region=world["region"], candidate_uuid=hidden.uuid)
    with pytest.raises(Http404):
        matches_for_candidate(user=world["consultant_b"], region=world["region"], candidate=found)
    elsewhere = world["add_candidate"](world["org_c"])
    with pytest.raises(Http404):
        selectors.candidate_in_region(region=world["region"], candidate_uuid=elsewhere.uuid)


# --- configuration -------------------------------------------------------------------------------------


def test_weights_default_then_versioned_by_date_and_audited(world, ranked):
    region, admin, today = world["region"], world["admin"], world["today"]
    assert selectors.weights_in_force(region=region, on=today) == engine.Weights("default")
    first = services.match_weights_create(
        user=admin, region=region, valid_from=date(2024, 1, 1), occupation=0
    )
    second = services.match_weights_create(
        user=admin,
        region=region,
        valid_from=today + timedelta(days=10),
        skills=20,
        change_note="Meer vaardigheden",
    )
    assert (first.number, second.number) == (1, 2)
    now = selectors.weights_in_force(region=region, on=today)
    assert now.version == "AM18-1" and now.occupation == 0 and now.skills == 15
    later = selectors.weights_in_force(region=region, on=today + timedelta(days=10))
    assert later.version == "AM18-2" and later.occupation == 0 and later.skills == 20
    assert selectors.weights_in_force(region=region, on=date(2023, 12, 31)).version == "default"

    result = _vacancy_matches(world, world["consultant_a"])
    assert result.weights_version == "AM18-1"
    assert {f.code: f.points for f in result.matches[0].score.factors}["occupation"] == 0

    entries = AccessLogEntry.objects.filter(object_type="matchweights").order_by("timestamp", "id")
    assert [e.action for e in entries] == [AccessAction.CREATE, AccessAction.CREATE]
    assert "skills" in entries[1].changed_fields and "occupation" not in entries[1].changed_fields
    with pytest.raises(PermissionError):
        first.save()
    with pytest.raises(PermissionError):
        MatchWeights.objects.filter(pk=first.pk).update(skills=1)


def test_weights_are_validated_and_only_a_functional_administrator_changes_them(world):
    region = world["region"]
    with pytest.raises(PermissionDenied):
        services.match_weights_create(user=world["policy"], region=region, valid_from=world["today"])
    with pytest.raises(ValidationError) as error:
        services.match_weights_create(
            user=world["admin"], region=region, valid_from=world["today"], skills=-1
        )
    assert "skills" in error.value.message_dict
    services.match_weights_create(user=world["admin"], region=region, valid_from=world["today"])
    with pytest.raises(ValidationError) as error:
        services.match_weights_create(user=world["admin"], region=region, valid_from=world["today"], skills=3)
    assert "change_note" in error.value.message_dict


def test_a_dated_first_tier_rule_switches_on_and_off(world, ranked):
    region, admin, today = world["region"], world["admin"], world["today"]
    wajong = world["add_candidate"](target_group=TargetGroup.WAJONG, occupations=())
    services.priority_rule_save(
        user=admin,
        region=region,
        name="Wajong eerst",
        valid_from=today - timedelta(days=5),
        valid_until=today + timedelta(days=5),
        target_groups=[TargetGroup.WAJONG],
        job_kinds=[VacancyKind.REGULAR],
        effect="first_tier",
    )
    first = _vacancy_matches(world, world["consultant_a"])
    assert first.matches[0].profile.uuid == wajong.uuid and first.matches[0].score.tier == 1
    after = _vacancy_matches(world, world["consultant_a"], on=today + timedelta(days=6))
    assert after.matches[0].profile.uuid == ranked["exact"].uuid
    assert all(m.score.tier == 0 for m in after.matches)
    before = _vacancy_matches(world, world["consultant_a"], on=today - timedelta(days=6))
    assert before.matches[0].profile.uuid == ranked["exact"].uuid

    services.priority_rule_save(
        user=admin, region=region, code="wajong-eerst", active=False, change_note="Regel loopt af"
    )
    assert selectors.priority_rules_in_force(region=region, on=today) == []
    assert _vacancy_matches(world, world["consultant_a"]).matches[0].profile.uuid == ranked["exact"].uuid
    versions = PriorityRule.objects.filter(region=region, code="wajong-eerst").order_by("number")
    assert [(v.number, v.active) for v in versions] == [(1, True), (2, False)]
    assert versions[1].name == "Wajong eerst" and versions[1].target_groups == ["wajong"]
    assert AccessLogEntry.objects.filter(object_type="priorityrule", action=AccessAction.CREATE).count() == 2


def test_a_bonus_rule_adds_points_and_rules_are_validated(world, ranked):
    region, admin, today = world["region"], world["admin"], world["today"]
    before = _vacancy_matches(world, world["consultant_a"]).matches[0].score.points
    services.priority_rule_save(
        user=admin, region=region, name="Bonus", valid_from=today, effect="bonus", bonus=7
    )
    after = _vacancy_matches(world, world["consultant_a"]).matches[0].score
    assert after.points == before + 7 and after.tier == 0
    with pytest.raises(ValidationError) as error:
        services.priority_rule_save(
            user=admin,
            region=region,
            name="Fout",
            valid_from=today,
            valid_until=today - timedelta(days=1),
            effect="bonus",
            bonus=0,
            target_groups=["unknown"],
        )
    assert {"valid_until", "bonus", "target_groups"} <= set(error.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.priority_rule_save(
            user=world["consultant_a"], region=region, name="X", valid_from=today, effect="first_tier"
        )


def test_the_configuration_is_read_by_staff_only(world):
    services.match_weights_create(user=world["admin"], region=world["region"], valid_from=date(2024, 1, 1))
    config = selectors.matching_configuration(user=world["manager"], region=world["region"])
    assert config.weights.version == "AM18-1" and len(config.weight_history) == 1
    with pytest.raises(PermissionDenied):
        selectors.matching_configuration(user=world["employer_user"], region=world["region"])


def test_the_own_organisation_matches_its_candidates_without_region_wide_consent(world, ranked):
    """Consent is about sharing with the other partners; consultant A still matches A's private candidate,
    while for consultant B that candidate does not exist."""
    add = world["add_candidate"]
    private = add(first_name="Eigen", occupations=(world["cleaner"],), region_consent=False)
    own_view = [m.profile.uuid for m in _vacancy_matches(world, world["consultant_a"]).matches]
    assert private.uuid in own_view
    others = _vacancy_matches(world, world["consultant_b"])
    assert private.uuid not in [m.profile.uuid for m in others.matches]


def test_a_retired_rule_still_explains_the_dates_before_it_was_retired(world):
    from datetime import date

    from django.utils import timezone

    from werkbedrijf.matching.selectors import priority_rules_in_force
    from werkbedrijf.matching.services import priority_rule_save

    region, admin = world["region"], world["admin"]
    priority_rule_save(
        user=admin,
        region=region,
        name="Wajong en Wsw eerst",
        valid_from=date(2015, 1, 1),
        effect="first_tier",
        target_groups=["wajong", "wsw_indication"],
        job_kinds=["jobs_agreement"],
    )
    [code] = {rule.code for rule in priority_rules_in_force(region=region, on=date(2016, 6, 1))}
    priority_rule_save(user=admin, region=region, code=code, active=False, change_note="Afspraak vervallen")
    today = timezone.localdate()

    [rule] = priority_rules_in_force(region=region, on=date(2016, 6, 1))
    assert rule.name == "Wajong en Wsw eerst"
    assert priority_rules_in_force(region=region, on=today) == []
    assert [
        r.code for r in priority_rules_in_force(region=region, on=date.fromordinal(today.toordinal() - 1))
    ] == [code]


# --- the employer's cost ---------------------------------------------------------------------------------


def test_the_employers_net_cost_scores_once_the_legal_figures_are_there(world):
    add = world["add_candidate"]
    subsidised = add(first_name="Gesubsidieerd", target_group=TargetGroup.PARTICIPATION_ACT)
    full_cost = add(first_name="Volle", target_group=TargetGroup.WIA)
    for candidate in (subsidised, full_cost):  # everything else equal
        candidate.created_at = timezone.now() - timedelta(days=10)
        candidate.in_target_group_register = False
        candidate.save()

    before = _vacancy_matches(world, world["consultant_a"])
    assert before.cost_calculated is False
    assert {m.score.points for m in before.matches} == {before.matches[0].score.points}

    load_legal_parameters()
    result = _vacancy_matches(world, world["consultant_a"])
    assert result.cost_calculated is True
    assert [m.profile.uuid for m in result.matches] == [subsidised.uuid, full_cost.uuid]
    cost = [{f.code: f for f in m.score.factors}["cost"] for m in result.matches]
    assert cost[0].points > 0 and cost[1].points == 0
    assert "€" in str(cost[0].label) and "€" in str(cost[1].label)

    vacancies = matches_for_candidate(
        user=world["consultant_a"], region=world["region"], candidate=subsidised
    )
    assert vacancies.cost_calculated is True
    assert {f.code: f for f in vacancies.matches[0].score.factors}["cost"].points == cost[0].points
