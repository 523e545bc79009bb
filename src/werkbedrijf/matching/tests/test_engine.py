"""Hard constraints with their reasons, the explained score, weights and dated priority rules (no DB)."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import date_format
from hypothesis import given, settings
from hypothesis import strategies as st

from werkbedrijf.candidates.models import (
    AbilityRubric,
    CandidateStatus,
    EducationLevel,
    OwnTransport,
    TargetGroup,
)
from werkbedrijf.matching import engine
from werkbedrijf.matching.engine import (
    Effect,
    EmployerCost,
    OccupationRef,
    Point,
    PriorityRule,
    Weights,
    distance_km,
    hard_constraints,
    months_between,
    score,
    skill_terms,
)
from werkbedrijf.vacancies.models import VacancyKind

from .facts import AMSTERDAM, CLEANER, KITCHEN_HELP, ON, WAREHOUSE, candidate, job, north_of

WEIGHTS = Weights("AM18-1")


def codes(exclusions) -> list[str]:
    return [e.code for e in exclusions]


def rendered(exclusions, language="nl") -> list[str]:
    with translation.override(language):
        return [str(e) for e in exclusions]


# --- the names the engine shares with the models ---------------------------------------------------------


def test_choice_values_and_labels_are_the_models():
    assert list(engine.RUBRICS) == list(AbilityRubric.values)
    assert set(engine.STATUSES) == set(CandidateStatus.values)
    assert set(engine.TRANSPORT) == set(OwnTransport.values) - {""}
    assert set(engine.EDUCATION) == set(EducationLevel.values) - {""}
    assert set(engine.EDUCATION_SKILL_LEVEL) == set(engine.EDUCATION)
    assert {engine.JOBS_AGREEMENT, engine.SHELTERED_WORK} <= set(VacancyKind.values)
    assert engine.SHELTERED_WORK_INDICATION.issubset(TargetGroup.values)
    with translation.override("nl"):
        assert [str(label) for label in engine.RUBRICS.values()] == [
            str(label) for label in AbilityRubric.labels
        ]
        assert {k: str(v) for k, v in engine.STATUSES.items()} == {
            c.value: str(c.label) for c in CandidateStatus
        }


# --- hard constraints ------------------------------------------------------------------------------------


def test_a_fitting_pair_has_no_exclusions():
    assert hard_constraints(candidate(), job(), ON) == []


def test_jobs_agreement_job_needs_the_register_on_the_date():
    agreement = job(kind="jobs_agreement")
    assert hard_constraints(candidate(in_register=True), agreement, ON) == []
    outside = hard_constraints(candidate(in_register=False), agreement, ON)
    assert codes(outside) == ["not_in_register"]
    assert date_format(ON, "SHORT_DATE_FORMAT") in rendered(outside)[0]
    ended = candidate(in_register=True, registered_until=ON - timedelta(days=1))
    assert codes(hard_constraints(ended, agreement, ON)) == ["not_in_register"]
    assert hard_constraints(replace(ended, registered_until=ON), agreement, ON) == []
    # A regular job asks for no registration.
    assert hard_constraints(candidate(in_register=False), job(), ON) == []


def test_sheltered_work_needs_the_indication():
    sheltered = job(kind="sheltered_work")
    assert codes(hard_constraints(candidate(target_group="wajong"), sheltered, ON)) == [
        "no_sheltered_work_indication"
    ]
    assert hard_constraints(candidate(target_group="sheltered_work"), sheltered, ON) == []


@pytest.mark.parametrize("status", ["in_process", "placed", "temporarily_unavailable", "left"])
def test_only_available_candidates(status):
    exclusions = hard_constraints(candidate(status=status), job(), ON)
    assert codes(exclusions) == ["status"]
    label = dict(CandidateStatus.choices)[status]
    with translation.override("nl"):
        assert str(label) in str(exclusions[0])


def test_a_stale_or_never_confirmed_profile_is_excluded():
    never = hard_constraints(candidate(last_confirmed_on=None), job(), ON)
    assert codes(never) == ["stale_profile"]
    on_the_edge = candidate(last_confirmed_on=ON - timedelta(days=90))
    assert hard_constraints(on_the_edge, job(), ON, freshness_days=90) == []
    too_old = candidate(last_confirmed_on=ON - timedelta(days=91))
    exclusions = hard_constraints(too_old, job(), ON, freshness_days=90)
    assert codes(exclusions) == ["stale_profile"]
    assert exclusions[0].reason.values["days"] == 90
    assert "90" in rendered(exclusions)[0]
    # The region's own freshness period counts.
    assert hard_constraints(too_old, job(), ON, freshness_days=120) == []


def test_no_region_wide_consent():
    assert codes(hard_constraints(candidate(shared_in_region=False), job(), ON)) == ["no_consent"]


def test_availability_date_against_the_start():
    late = candidate(available_from=date(2025, 5, 1))
    exclusions = hard_constraints(late, job(start_date=date(2025, 4, 1)), ON)
    assert codes(exclusions) == ["not_available_yet"]
    assert exclusions[0].reason.values == {"available": date(2025, 5, 1), "start": date(2025, 4, 1)}
    assert hard_constraints(late, job(start_date=date(2025, 5, 1)), ON) == []
    # Without a start date (or one in the past) the job starts on the day of matching.
    assert codes(hard_constraints(late, job(start_date=None), ON)) == ["not_available_yet"]
    assert hard_constraints(candidate(available_from=ON), job(start_date=date(2024, 1, 1)), ON) == []


def test_hours_outside_the_candidates_range():
    above = hard_constraints(candidate(hours_max=20), job(hours=Decimal("24")), ON)
    assert codes(above) == ["hours_above_max"]
    assert "24" in rendered(above)[0] and "20" in rendered(above)[0]
    below = hard_constraints(candidate(hours_min=28), job(hours=Decimal("24")), ON)
    assert codes(below) == ["hours_below_min"]
    with translation.override("nl"):
        assert "22,5" in str(hard_constraints(candidate(hours_min=28), job(hours=Decimal("22.50")), ON)[0])
    assert hard_constraints(candidate(hours_min=24, hours_max=24), job(hours=Decimal("24")), ON) == []
    assert hard_constraints(candidate(hours_min=None, hours_max=None), job(), ON) == []


def test_travel_distance_against_the_candidates_maximum():
    far = job(location=north_of(AMSTERDAM, 16))
    exclusions = hard_constraints(candidate(max_travel_km=15, own_transport="car"), far, ON)
    assert codes(exclusions) == ["too_far"]
    assert exclusions[0].reason.values == {"km": 16, "max": 15}
    assert "16" in rendered(exclusions)[0] and "15" in rendered(exclusions)[0]
    assert hard_constraints(candidate(max_travel_km=16, own_transport="car"), far, ON) == []


def test_travel_distance_against_the_candidates_transport():
    by_bicycle = candidate(max_travel_km=50, own_transport="bicycle")
    far = job(location=north_of(AMSTERDAM, 20))
    exclusions = hard_constraints(by_bicycle, far, ON)
    assert codes(exclusions) == ["too_far_for_transport"]
    assert exclusions[0].reason.values["max"] == engine.TRANSPORT_MAX_KM["bicycle"]
    with translation.override("nl"):
        assert str(OwnTransport.BICYCLE.label) in str(exclusions[0])
    # A job that helps with transport lifts the limit of the candidate's own transport, not their maximum.
    assert hard_constraints(by_bicycle, replace(far, transport_support=True), ON) == []
    assert codes(
        hard_constraints(replace(by_bicycle, max_travel_km=10), replace(far, transport_support=True), ON)
    ) == ["too_far"]
    # The region can set other limits.
    assert hard_constraints(by_bicycle, far, ON, transport_max_km={"bicycle": 25}) == []


def test_unknown_location_never_excludes():
    assert hard_constraints(candidate(location=None), job(location=north_of(AMSTERDAM, 90)), ON) == []


@pytest.mark.parametrize("rubric", list(AbilityRubric.values))
def test_every_functional_rubric_is_checked(rubric):
    exclusions = hard_constraints(candidate(abilities={rubric: 3}), job(demands={rubric: 2}), ON)
    assert codes(exclusions) == ["ability"]
    assert exclusions[0].reason.values["level"] == 3
    assert exclusions[0].reason.values["demand"] == 2
    with translation.override("nl"):
        assert str(AbilityRubric(rubric).label) in str(exclusions[0])
    assert hard_constraints(candidate(abilities={rubric: 2}), job(demands={rubric: 2}), ON) == []
    # No demand on a rubric accepts every level; no recorded ability counts as no limitation.
    assert hard_constraints(candidate(abilities={rubric: 4}), job(demands={}), ON) == []
    assert hard_constraints(candidate(abilities={}), job(demands={rubric: 1}), ON) == []


def test_every_reason_is_listed_and_renders_in_both_languages():
    nobody = candidate(
        target_group="wajong",
        status="placed",
        last_confirmed_on=None,
        shared_in_region=False,
        available_from=date(2026, 1, 1),
        hours_max=10,
        max_travel_km=5,
        own_transport="none",
        abilities=dict.fromkeys(AbilityRubric.values, 4),
    )
    nowhere = job(
        kind="sheltered_work",
        location=north_of(AMSTERDAM, 40),
        demands=dict.fromkeys(AbilityRubric.values, 1),
    )
    exclusions = hard_constraints(nobody, nowhere, ON)
    assert codes(exclusions) == [
        "no_sheltered_work_indication",
        "status",
        "stale_profile",
        "no_consent",
        "not_available_yet",
        "hours_above_max",
        "too_far",
        "too_far_for_transport",
        *["ability"] * 6,
    ]
    for language in ("en", "nl"):
        texts = rendered(exclusions, language)
        assert all(text and "%(" not in text for text in texts)


# --- the score -------------------------------------------------------------------------------------------


def test_the_breakdown_explains_every_point():
    result = score(candidate(), job(), WEIGHTS, [], ON)
    assert [code for code, _label, _points in result.breakdown] == [
        "occupation",
        "skills",
        "distance",
        "hours",
        "education",
        "preferences",
        "waiting",
        "cost",
    ]
    assert sum(points for _code, _label, points in result.breakdown) == result.points
    assert result.weights_version == "AM18-1"
    distance = result.factors[2]
    assert (distance.label.values, distance.points) == ({"km": 6, "max": 15}, 9)  # 1 - 6/15 of 15
    with translation.override("nl"):
        lines = {code: (label, points) for code, label, points in result.breakdown}
    assert "6" in lines["distance"][0] and "15" in lines["distance"][0]
    assert lines["skills"][1] == 10  # 2 of 3 asked for, of 15
    assert lines["hours"][1] == 8  # 24 of 32 hours, of 10
    assert lines["waiting"][1] == 6  # 14 months of 24, of 10
    assert "14" in lines["waiting"][0]
    assert str(result.factors[0]) == f"{result.factors[0].label}: +30"


@pytest.mark.parametrize(
    "desired,points",
    [
        ((CLEANER,), 30),  # the desired occupation itself
        ((OccupationRef("esco-window-cleaner", "9112"),), 23),  # same unit group: 0.75 × 30
        ((OccupationRef("esco-hand-launderer", "9113"),), 15),  # same minor group 911: 0.5 × 30
        ((OccupationRef("esco-car-washer", "9122"),), 8),  # same sub-major group 91: 0.25 × 30
        ((KITCHEN_HELP,), 0),  # 94: another sub-major group
        ((), 0),
    ],
)
def test_occupation_fit_follows_the_isco_hierarchy(desired, points):
    factor = score(candidate(desired_occupations=desired), job(), WEIGHTS, [], ON).factors[0]
    assert factor.code == "occupation"
    assert factor.points == points


def test_occupation_fit_takes_the_best_desired_occupation():
    minor = OccupationRef("esco-hand-launderer", "9113")  # minor group 911
    result = score(candidate(desired_occupations=(WAREHOUSE, minor)), job(), WEIGHTS, [], ON)
    assert result.factors[0].points == 15
    assert result.factors[0].label.values == {"code": "911"}


def test_skills_education_preferences_and_unknowns():
    weights = Weights("v", skills=10, education=10, preferences=10)
    full = score(candidate(skills=frozenset({"schoonmaken", "hygiëne", "kassa"})), job(), weights, [], ON)
    assert full.factors[1].points == 10
    assert score(candidate(), job(skills=frozenset()), weights, [], ON).factors[1].points == 0
    # An elementary occupation (ISCO 9) asks skill level 1; a clerk (ISCO 4) level 2, an HBO job 4.
    assert score(candidate(education_level="none_basic"), job(), weights, [], ON).factors[4].points == 10
    professional = job(occupation=OccupationRef("esco-nurse", "2221"))
    assert score(candidate(education_level="vmbo_mbo1"), professional, weights, [], ON).factors[4].points == 5
    assert score(candidate(education_level=""), job(), weights, [], ON).factors[4].points == 0
    assert score(candidate(sectors=frozenset({"Q"})), job(), weights, [], ON).factors[5].points == 0
    assert score(candidate(sectors=frozenset()), job(), weights, [], ON).factors[5].points == 0
    unknown = score(candidate(location=None, hours_max=None, waiting_since=None), job(), weights, [], ON)
    assert [unknown.factors[i].points for i in (2, 3, 6)] == [0, 0, 0]
    with translation.override("nl"):
        assert all("%(" not in label for _code, label, _points in unknown.breakdown)


def test_lower_net_cost_scores_higher():
    gross = Decimal("2400.00")
    points = [
        score(candidate(), job(), WEIGHTS, [], ON, cost=EmployerCost(net, gross)).factors[7].points
        for net in (Decimal("2400"), Decimal("1200"), Decimal("600"), Decimal("0"))
    ]
    assert points == [0, 5, 8, 10]
    assert score(candidate(), job(), WEIGHTS, [], ON).factors[7].points == 0
    with translation.override("nl"):
        label = str(
            score(candidate(), job(), WEIGHTS, [], ON, cost=EmployerCost(Decimal("1234.56"), gross))
            .factors[7]
            .label
        )
    assert "1.235" in label and "2.400" in label


def test_weights_change_the_ranking():
    matching_occupation_far = candidate(
        key="a", location=north_of(AMSTERDAM, 14), desired_occupations=(CLEANER,)
    )
    other_occupation_near = candidate(
        key="b", location=north_of(AMSTERDAM, 6), desired_occupations=(KITCHEN_HELP,)
    )
    here = job(location=AMSTERDAM)

    def ranking(weights):
        scores = {
            c.key: score(c, here, weights, [], ON) for c in (matching_occupation_far, other_occupation_near)
        }
        return sorted(scores, key=lambda key: (scores[key].sort_key, key))

    assert ranking(Weights("v1", occupation=30, distance=5)) == ["a", "b"]
    assert ranking(Weights("v2", occupation=2, distance=40)) == ["b", "a"]


@pytest.mark.parametrize(
    "on,applies",
    [
        (date(2014, 12, 31), False),
        (date(2015, 1, 1), True),
        (date(2016, 12, 31), True),
        (date(2017, 1, 1), False),
    ],
)
def test_a_dated_priority_rule_switches_on_and_off(on, applies):
    rule = PriorityRule(
        code="wajong-wsw-first",
        name="Wajong en Wsw eerst voor banenafspraakbanen",
        valid_from=date(2015, 1, 1),
        valid_until=date(2016, 12, 31),
        job_kinds=frozenset({"jobs_agreement"}),
        target_groups=frozenset({"wajong", "wsw_indication"}),
        effect=Effect.FIRST_TIER,
    )
    fresh = {"last_confirmed_on": on, "available_from": None, "waiting_since": None}
    wajong = candidate(key="w", target_group="wajong", desired_occupations=(), **fresh)
    best_fit = candidate(key="p", target_group="participation_act", **fresh)
    agreement = job(kind="jobs_agreement", start_date=None)
    scores = {c.key: score(c, agreement, WEIGHTS, [rule], on) for c in (wajong, best_fit)}
    assert scores["p"].points > scores["w"].points
    assert scores["w"].tier == (1 if applies else 0)
    assert scores["p"].tier == 0
    ranked = sorted(scores, key=lambda key: scores[key].sort_key)
    assert ranked == (["w", "p"] if applies else ["p", "w"])
    # Out of scope: another kind of job.
    assert score(wajong, job(kind="regular"), WEIGHTS, [rule], on).tier == 0


def test_a_bonus_rule_adds_its_points_with_its_name():
    rule = PriorityRule(
        code="long-waiting",
        name="Lang wachtenden",
        valid_from=date(2025, 1, 1),
        effect=Effect.BONUS,
        bonus=12,
    )
    without = score(candidate(), job(), WEIGHTS, [], ON)
    with_rule = score(candidate(), job(), WEIGHTS, [rule], ON)
    assert with_rule.points == without.points + 12
    assert with_rule.breakdown[-1][0] == "priority" and with_rule.breakdown[-1][2] == 12
    assert "Lang wachtenden" in with_rule.breakdown[-1][1]
    before = date(2024, 12, 31)
    assert score(candidate(), job(), WEIGHTS, [rule], before) == score(
        candidate(), job(), WEIGHTS, [], before
    )


def test_configuration_is_validated():
    with pytest.raises(ValueError, match="occupation"):
        Weights("v", occupation=-1)
    with pytest.raises(ValueError, match="valid_until"):
        PriorityRule("r", "r", date(2020, 1, 1), Effect.BONUS, valid_until=date(2019, 1, 1), bonus=1)
    with pytest.raises(ValueError, match="bonus"):
        PriorityRule("r", "r", date(2020, 1, 1), Effect.BONUS)
    with pytest.raises(ValueError, match="bonus"):
        PriorityRule("r", "r", date(2020, 1, 1), Effect.FIRST_TIER, bonus=5)


def test_helpers():
    assert distance_km(AMSTERDAM, Point(52.0907, 5.1214)) == 35  # Amsterdam 1012 – Utrecht 3511
    assert distance_km(AMSTERDAM, AMSTERDAM) == 0
    assert skill_terms("Kassa,  heftruck;klant  contact\n\n") == {"kassa", "heftruck", "klant contact"}
    assert months_between(date(2024, 1, 31), date(2024, 2, 29)) == 0
    assert months_between(date(2024, 1, 31), date(2024, 3, 1)) == 1
    assert months_between(date(2025, 1, 1), date(2024, 1, 1)) == 0


# --- properties ------------------------------------------------------------------------------------------

facts = st.fixed_dictionaries(
    {
        "hours_max": st.one_of(st.none(), st.integers(24, 40)),
        "max_travel_km": st.one_of(st.none(), st.integers(0, 60)),
        "own_transport": st.sampled_from(["", "none", "bicycle", "moped", "car"]),
        "education_level": st.sampled_from(["", *engine.EDUCATION]),
        "waiting_since": st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2025, 3, 1))),
        "skills": st.frozensets(st.sampled_from(["schoonmaken", "hygiëne", "kassa", "heftruck"])),
        "sectors": st.frozensets(st.sampled_from(["N", "Q", "G"])),
    }
)
weights = st.builds(
    Weights,
    version=st.just("p"),
    occupation=st.integers(0, 50),
    skills=st.integers(0, 50),
    distance=st.integers(0, 50),
    hours=st.integers(0, 50),
    education=st.integers(0, 50),
    preferences=st.integers(0, 50),
    waiting=st.integers(0, 50),
    cost=st.integers(0, 50),
)


@settings(max_examples=150, deadline=None)
@given(facts=facts, weights=weights, net=st.integers(0, 3000), km=st.integers(0, 60))
def test_the_score_is_the_sum_of_its_factors(facts, weights, net, km):
    result = score(
        candidate(**facts),
        job(location=north_of(AMSTERDAM, km)),
        weights,
        [],
        ON,
        cost=EmployerCost(Decimal(net), Decimal(3000)),
    )
    assert result.points == sum(f.points for f in result.factors)
    assert all(f.points >= 0 for f in result.factors)


@settings(max_examples=150, deadline=None)
@given(facts=facts, weights=weights, near=st.floats(0, 60), further=st.floats(0, 60))
def test_the_score_never_rises_with_distance(facts, weights, near, further):
    near, further = sorted((near, further))
    person = candidate(**facts)
    closer = job(location=north_of(AMSTERDAM, near))
    farther = job(location=north_of(AMSTERDAM, further))
    assert score(person, closer, weights, [], ON).points >= score(person, farther, weights, [], ON).points
    # And a pair that is too far at one distance is too far at every greater one.
    if any(e.code.startswith("too_far") for e in hard_constraints(person, closer, ON)):
        assert any(e.code.startswith("too_far") for e in hard_constraints(person, farther, ON))


@settings(max_examples=50, deadline=None)
@given(facts=facts, weights=weights)
def test_the_same_facts_give_the_same_score(facts, weights):
    first = score(candidate(**facts), job(), weights, [], ON)
    again = score(candidate(**facts), job(), weights, [], ON)
    assert first == again
