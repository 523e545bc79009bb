"""The candidate index gives what the engine gives pair by pair (random pools), and stays up to date with the
database without rebuilding."""

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from werkbedrijf.candidates import services as candidate_services
from werkbedrijf.candidates.models import Candidate, CandidateStatus, Consent, FunctionalAbility
from werkbedrijf.matching import engine, index, selectors
from werkbedrijf.matching.costs import CostCalculator
from werkbedrijf.matching.engine import CandidateFacts, Effect, JobFacts, OccupationRef, PriorityRule, Weights
from werkbedrijf.matching.facts import job_facts
from werkbedrijf.matching.index import CandidateIndex, round_edges, round_edges_reference
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.vacancies.models import Vacancy

from .facts import AMSTERDAM, ON, north_of

DAY_AFTER = ON + timedelta(days=1)


@pytest.fixture
def legal_parameters(db):
    return load_legal_parameters()


# --- random pools -------------------------------------------------------------------------------------------

OCCUPATIONS = [
    OccupationRef("o-cleaner", "9112"),
    OccupationRef("o-window", "9123"),
    OccupationRef("o-kitchen", "9412"),
    OccupationRef("o-packer", "9321"),
    OccupationRef("o-packer-2", "9321"),
    OccupationRef("o-driver", "8322"),
    OccupationRef("o-gardener", "6113"),
    OccupationRef("o-clerk", "4110"),
    OccupationRef("o-clerk-group", "41"),  # a group code of two digits
    OccupationRef("o-labourer", "9"),
    OccupationRef("o-nurse", "2221"),
    OccupationRef("o-odd", "X1"),  # an ISCO code the skill-level table does not know
]
SKILLS = ["kassa", "heftruck", "schoonmaken", "hygiëne", "klantcontact", "excel", "rijbewijs b", "tuin"]
SECTORS = list("ACGHINQ")
TARGET_GROUPS = [
    "participation_act",
    "wajong",
    "wsw_indication",
    "special_education",
    "wia",
    "sheltered_work",
]
STATUSES = list(engine.STATUSES)
TRANSPORTS = ["", "none", "bicycle", "moped", "car"]
EDUCATION = ["", *engine.EDUCATION]
# A few hundred candidates share a few dozen PC4 centroids, as in a region.
LOCATIONS = [None] + [
    north_of(AMSTERDAM, km) for km in (0, 1, 2.6, 5, 8, 12, 14.5, 15, 16, 24, 25.4, 31, 45, 80)
]
HOURS = [None, 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40]


def _date(rnd: random.Random, around: date, days: int) -> date:
    return around + timedelta(days=rnd.randint(-days, days))


def random_candidate(rnd: random.Random, n: int) -> CandidateFacts:
    low, high = sorted(rnd.choice(HOURS[1:]) for _ in range(2))
    return CandidateFacts(
        key=f"c-{rnd.randrange(10**6):06d}-{n}",
        target_group=rnd.choice(TARGET_GROUPS),
        status=rnd.choice(STATUSES + ["available"] * 6),
        in_register=rnd.random() < 0.7,
        registered_until=rnd.choice([None, None, _date(rnd, ON, 60), ON, ON - timedelta(days=1)]),
        shared_in_region=rnd.random() < 0.8,
        last_confirmed_on=rnd.choice(
            [None, _date(rnd, ON - timedelta(days=60), 60), ON - timedelta(days=90), ON - timedelta(days=91)]
        ),
        abilities={rubric: rnd.randint(1, 4) for rubric in engine.RUBRICS if rnd.random() < 0.35},
        hours_min=rnd.choice([None, low]),
        hours_max=rnd.choice([None, high, high]),
        location=rnd.choice(LOCATIONS + LOCATIONS[1:4] * 3),
        max_travel_km=rnd.choice([None, None, 0, 5, 10, 15, 20, 30, 50]),
        own_transport=rnd.choice(TRANSPORTS),
        available_from=rnd.choice([None, None, _date(rnd, ON, 120), ON]),
        education_level=rnd.choice(EDUCATION),
        desired_occupations=tuple(rnd.sample(OCCUPATIONS, rnd.choice([0, 1, 1, 2, 3]))),
        skills=frozenset(rnd.sample(SKILLS, rnd.randint(0, 3))),
        sectors=frozenset(rnd.sample(SECTORS, rnd.choice([0, 1, 2, 3]))),
        waiting_since=rnd.choice(
            [None, _date(rnd, ON - timedelta(days=400), 400), ON, ON + timedelta(days=3)]
        ),
        date_of_birth=random_birth_date(rnd),
        wage_value=rnd.choice([None, None, 0, 35, 50, 50, 65, 80, 99, 100, 101]),
    )


def random_birth_date(rnd: random.Random) -> date | None:
    """Adults, the youth ages, birthdays on and around the day matched, under 15 and not yet born."""
    years = rnd.choice([None, 14, 15, 16, 17, 18, 19, 20, 21, 22, 30, 45, 66])
    if years is None:
        return None
    birthday = ON.replace(year=ON.year - years)
    return rnd.choice(
        [birthday, birthday + timedelta(days=1), birthday - timedelta(days=1), ON + timedelta(1)]
    )


def random_job(rnd: random.Random, n: int) -> JobFacts:
    return JobFacts(
        key=f"v-{n:04d}",
        kind=rnd.choice(["regular", "jobs_agreement", "sheltered_work", "learning_work"]),
        occupation=rnd.choice(OCCUPATIONS),
        hours=rnd.choice(
            [Decimal("24"), Decimal("22.5"), Decimal("8"), Decimal("36"), Decimal("0.5"), Decimal(40)]
        ),
        positions=rnd.randint(1, 3),
        demands={rubric: rnd.randint(1, 4) for rubric in engine.RUBRICS if rnd.random() < 0.3},
        location=rnd.choice(LOCATIONS),
        start_date=rnd.choice([None, _date(rnd, ON, 90)]),
        transport_support=rnd.random() < 0.25,
        skills=frozenset(rnd.sample(SKILLS, rnd.choice([0, 0, 1, 2, 4]))),
        sector=rnd.choice(["", *SECTORS]),
        sector_name="Sector",
    )


def random_rules(rnd: random.Random) -> list[PriorityRule]:
    return [
        PriorityRule(
            code="first",
            name="Wajong eerst",
            valid_from=ON - timedelta(days=10),
            valid_until=rnd.choice([None, ON, ON - timedelta(days=1)]),
            effect=Effect.FIRST_TIER,
            target_groups=frozenset({"wajong"}),
            job_kinds=frozenset(rnd.choice([(), ("regular",), ("jobs_agreement", "regular")])),
        ),
        PriorityRule(
            code="bonus-a", name="Bonus", valid_from=ON, effect=Effect.BONUS, bonus=rnd.randint(1, 30)
        ),
        PriorityRule(
            code="bonus-b",
            name="Beschut",
            valid_from=ON - timedelta(days=5),
            effect=Effect.BONUS,
            bonus=7,
            target_groups=frozenset({"sheltered_work", "wsw_indication"}),
        ),
        PriorityRule(
            code="later", name="Later", valid_from=ON + timedelta(days=1), effect=Effect.BONUS, bonus=50
        ),
    ]


def engine_ranking(pool, job, on, *, weights, rules, days=90, transport_max_km=engine.TRANSPORT_MAX_KM):
    """As selectors.matches_for_vacancy ranks, pair by pair: [(key, points, tier)] best first, and counts."""
    reasons: Counter = Counter()
    ranked = []
    for candidate in pool:
        exclusions = engine.hard_constraints(
            candidate, job, on, freshness_days=days, transport_max_km=transport_max_km
        )
        if exclusions:
            reasons.update({e.code for e in exclusions})
            continue
        result = engine.score(candidate, job, weights, rules, on, transport_max_km=transport_max_km)
        ranked.append((result.sort_key, candidate.key, result.points, result.tier))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [(key, points, tier) for _sort, key, points, tier in ranked], dict(reasons)


def index_ranking(idx: CandidateIndex, job, on, limit=None, **kwargs):
    evaluation = idx.evaluate(job, on, **kwargs)
    order = idx.best(evaluation, limit)
    ranked = [
        (idx.key(int(evaluation.rows[i])), int(evaluation.points[i]), int(evaluation.tiers[i])) for i in order
    ]
    return ranked, evaluation.excluded, evaluation


WEIGHT_SETS = [
    Weights("default"),
    Weights(
        "odd",
        occupation=7,
        skills=33,
        distance=3,
        hours=1,
        education=11,
        preferences=0,
        waiting=13,
        cost=4,
        waiting_cap_months=5,
    ),
    Weights(
        "zero", occupation=0, skills=0, distance=0, hours=0, education=0, preferences=0, waiting=0, cost=0
    ),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_ranks_and_counts_exactly_as_the_engine(seed):
    rnd = random.Random(seed)
    pool = [random_candidate(rnd, n) for n in range(3000)]
    jobs = [random_job(rnd, n) for n in range(40)]
    idx = CandidateIndex.from_facts(pool)
    for n, job in enumerate(jobs):
        weights = WEIGHT_SETS[n % len(WEIGHT_SETS)]
        rules = random_rules(rnd) if n % 2 else []
        on = ON if n % 5 else ON + timedelta(days=rnd.randint(-40, 40))
        days = rnd.choice([90, 30, 365])
        expected, reasons = engine_ranking(pool, job, on, weights=weights, rules=rules, days=days)
        ranked, excluded, evaluation = index_ranking(
            idx, job, on, weights=weights, rules=rules, freshness_days=days
        )
        assert ranked == expected, job
        assert excluded == reasons, job
        assert evaluation.considered == len(pool)
        # The best 20 (ties at the boundary broken by key) are the first 20 of the full order.
        assert (
            index_ranking(idx, job, on, 20, weights=weights, rules=rules, freshness_days=days)[0]
            == expected[:20]
        )


def test_every_exclusion_code_occurs_in_the_random_pools():
    rnd = random.Random(1)
    pool = [random_candidate(rnd, n) for n in range(3000)]
    seen: set[str] = set()
    for n in range(40):
        seen |= set(engine_ranking(pool, random_job(rnd, n), ON, weights=Weights("x"), rules=[])[1])
    assert seen == set(selectors.EXCLUSION_SUMMARIES)


def test_other_transport_limits_a_subset_and_the_own_organisations_consent():
    rnd = random.Random(7)
    pool = [random_candidate(rnd, n) for n in range(2000)]
    organisations = [rnd.choice([11, 12, 13]) for _ in pool]
    idx = CandidateIndex.from_facts(pool, organisations=organisations)
    limits = {"none": 10, "bicycle": 20, "moped": 0, "car": 40}
    among = np.array([rnd.random() < 0.5 for _ in pool])
    for n in range(15):
        job = random_job(rnd, n)
        # Organisation 12's own candidates count as consenting (selectors._consent_as_seen_by).
        seen = [
            replace(c, shared_in_region=True) if org == 12 else c
            for c, org, chosen in zip(pool, organisations, among, strict=True)
            if chosen
        ]
        expected, reasons = engine_ranking(
            seen, job, ON, weights=Weights("x"), rules=[], transport_max_km=limits
        )
        ranked, excluded, evaluation = index_ranking(
            idx,
            job,
            ON,
            weights=Weights("x"),
            transport_max_km=limits,
            among=among,
            consenting_organisation=12,
        )
        assert (ranked, excluded, evaluation.considered) == (expected, reasons, len(seen))


def test_facts_come_back_as_they_went_in_and_updates_reuse_rows():
    rnd = random.Random(3)
    pool = [random_candidate(rnd, n) for n in range(500)]
    idx = CandidateIndex.from_facts(pool, pks=list(range(1000, 1500)), organisations=[1] * 500)
    assert [idx.facts(row) for row in range(500)] == pool
    changed = [replace(pool[3], status="placed", abilities={"working_hours": 4}), random_candidate(rnd, 999)]
    idx.upsert(changed, pks=[1003, 5000], organisations=[1, 2])
    assert idx.size == 501 and idx.live == 501
    assert idx.facts(3) == changed[0] and idx.facts(500) == changed[1]
    assert idx.remove([1003, 77]) == 1 and idx.live == 500
    idx.upsert([pool[3]], pks=[6000], organisations=[1])
    assert idx.size == 501 and idx.facts(3) == pool[3]  # the free row is used again
    assert idx.rows_of([6000, 1003, 1004]).tolist() == [3, -1, 4]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [5, 6])
def test_the_cost_factor_is_the_engines_with_each_pairs_cost(seed, legal_parameters):
    rnd = random.Random(seed)
    pool = [random_candidate(rnd, n) for n in range(2000)]
    idx = CandidateIndex.from_facts(pool)
    costs = CostCalculator(ON)
    weights = Weights("x", cost=25)
    seen: Counter = Counter()
    for job in [random_job(rnd, n) for n in range(12)]:
        job = replace(job, kind="regular", location=None, demands={}, start_date=None)
        evaluation = idx.evaluate(job, ON, weights=weights, costs=costs, count=False)
        for row, points in zip(evaluation.rows.tolist(), evaluation.points.tolist(), strict=True):
            expected = engine.score(pool[row], job, weights, [], ON, cost=costs.pair(pool[row], job))
            assert points == expected.points
            seen[next(f.points for f in expected.factors if f.code == "cost")] += 1
    assert len(seen) > 5 and seen[0]  # many cost points, and "not calculated" among them


@pytest.mark.django_db
def test_the_cost_calculator_must_be_for_the_day_matched(legal_parameters):
    pool = [random_candidate(random.Random(1), n) for n in range(50)]
    job = replace(random_job(random.Random(2), 1), kind="regular", location=None, demands={}, start_date=None)
    with pytest.raises(ValueError, match="another date"):
        CandidateIndex.from_facts(pool).evaluate(
            job, ON, weights=Weights("x"), costs=CostCalculator(DAY_AFTER)
        )


# --- round edges --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("top_k", [None, 3])
def test_round_edges_equal_the_reference(top_k):
    rnd = random.Random(11)
    pool = [random_candidate(rnd, n) for n in range(1500)]
    pool.append(replace(pool[0]))  # the same candidate twice gives its edges twice, as the reference does
    jobs = [random_job(rnd, n) for n in range(60)]
    rules = random_rules(rnd)
    skip = {(rnd.choice(pool).key, rnd.choice(jobs).key) for _ in range(300)}
    kwargs = {
        "weights": Weights("r"),
        "rules": rules,
        "freshness_days": 60,
        "skip_pairs": skip,
        "top_k": top_k,
    }
    edges = round_edges(pool, jobs, ON, **kwargs)
    assert edges == round_edges_reference(pool, jobs, ON, **kwargs)
    assert any(e.tier for e in edges) and len(edges) > 200
    # rounds.py scores one pool in slices of its jobs: the index of the pool is built once.
    built = index.pool_index(pool)
    assert (
        round_edges(pool, jobs[:5], ON, **kwargs) == edges[: len(round_edges(pool, jobs[:5], ON, **kwargs))]
    )
    assert index.pool_index(pool) is built
    assert index.pool_index(list(pool)) is built  # the same facts in another list
    assert index.pool_index(pool[:-1]) is not built


@pytest.mark.django_db
def test_round_edges_with_the_employers_cost_equal_the_reference(legal_parameters):
    rnd = random.Random(13)
    pool = [random_candidate(rnd, n) for n in range(1200)]
    jobs = [random_job(rnd, n) for n in range(40)]
    kwargs = {"weights": Weights("x", cost=40), "rules": random_rules(rnd), "freshness_days": 60}
    edges = round_edges(pool, jobs, ON, costs=CostCalculator(ON), **kwargs)
    assert len(edges) > 100
    assert edges == round_edges_reference(pool, jobs, ON, costs=CostCalculator(ON), **kwargs)
    assert edges != round_edges(pool, jobs, ON, **kwargs)  # the cost changes the points


def test_round_edges_without_candidates_or_jobs():
    assert round_edges([], [random_job(random.Random(1), 1)], ON, weights=Weights("x")) == []
    assert round_edges([random_candidate(random.Random(1), 1)], [], ON, weights=Weights("x")) == []


# --- the region's index and the database --------------------------------------------------------------------


NO_FILTERS = selectors.MatchFilters()


def _job(world):
    [(_vacancy, job)] = job_facts(Vacancy.objects.filter(pk=world["vacancy"].pk))
    return job


def _rank(world, **kwargs):
    return index.region_index(world["region"]).rank(
        _job(world), world["today"], weights=Weights("default"), limit=50, **kwargs
    )


def _summary(ranking):
    return {
        "considered": ranking.considered,
        "eligible": ranking.eligible,
        "excluded": dict(ranking.excluded),
        "best": [(r.pk, r.points, r.tier) for r in ranking.best],
    }


def _by_engine(world, user, filters=NO_FILTERS, limit=50):
    ranked = selectors._ranked_with_engine(
        user=user,
        region=world["region"],
        job=_job(world),
        on=world["today"],
        weights=Weights("default"),
        rules=[],
        days=90,
        filters=filters,
        limit=limit,
        costs=CostCalculator(world["today"]),
    )
    return {
        "considered": ranked.considered,
        "eligible": ranked.eligible,
        "excluded": dict(ranked.reasons),
        "best": [(pk, result.points, result.tier) for result, pk in ranked.top],
    }


def _by_index(world, user, filters=NO_FILTERS, limit=50):
    ranked = selectors._ranked_with_index(
        user=user,
        region=world["region"],
        job=_job(world),
        on=world["today"],
        weights=Weights("default"),
        rules=[],
        days=90,
        filters=filters,
        limit=limit,
        costs=CostCalculator(world["today"]),
    )
    return {
        "considered": ranked.considered,
        "eligible": ranked.eligible,
        "excluded": dict(ranked.reasons),
        "best": [(pk, result.points, result.tier) for result, pk in ranked.top],
    }


@pytest.fixture
def people(world):
    add = world["add_candidate"]
    return {
        "exact": add(first_name="Exact"),
        "related": add(world["org_b"], first_name="Verwant", occupations=(world["window_cleaner"],)),
        "kitchen": add(first_name="Keuken", occupations=(world["kitchen_help"],)),
        "none": add(world["org_b"], first_name="Geen", occupations=()),
        "far": add(first_name="Ver", postcode="1501 AA", own_transport="car"),
        "private": add(first_name="Eigen", region_consent=False),
        "private_b": add(world["org_b"], first_name="Eigen B", region_consent=False),
        "stale": add(first_name="Oud", last_confirmed_at=timezone.now() - timedelta(days=200)),
        "left": add(first_name="Weg", status=CandidateStatus.LEFT),
    }


def test_the_selector_ranks_with_the_index_as_with_the_engine(world, people):
    filters = [
        selectors.MatchFilters(),
        selectors.MatchFilters(own_only=True),
        selectors.MatchFilters(municipality_code=world["org_b"].municipality.code),
        selectors.MatchFilters(target_group="wajong"),
        selectors.MatchFilters(target_group="participation_act", own_only=True),
    ]
    for user in ("consultant_a", "consultant_b", "manager", "policy"):
        for chosen in filters:
            for limit in (1, 3, 50):
                expected = _by_engine(world, world[user], chosen, limit)
                assert _by_index(world, world[user], chosen, limit) == expected, (user, chosen, limit)
    # Consultant A's own candidate without consent counts for A only.
    assert people["private"].pk in [pk for pk, *_ in _by_index(world, world["consultant_a"])["best"]]
    assert people["private"].pk not in [pk for pk, *_ in _by_index(world, world["consultant_b"])["best"]]
    assert index.region_index(world["region"]).builds == 1


def test_changes_through_the_services_are_seen_without_a_rebuild(world, people):
    region, consultant_a, consultant_b = world["region"], world["consultant_a"], world["consultant_b"]
    found = index.region_index(region)
    before = _rank(world)
    assert before.eligible == 4 and found.builds == 1

    candidate_services.candidate_status_change(
        user=consultant_a, region=region, candidate=people["exact"], to_status="in_process", reason="Gesprek"
    )
    candidate_services.functional_abilities_set(
        user=consultant_a,
        region=region,
        candidate=people["kitchen"],
        abilities=[("physical_environment", 4, "")],
    )
    candidate_services.consent_withdraw(
        user=consultant_b, region=region, candidate=people["related"], scope="region_wide"
    )
    candidate_services.consent_give(
        user=consultant_b, region=region, candidate=people["private_b"], scope="region_wide"
    )
    # Only the desired occupations change: the service does not save the candidate row.
    candidate_services.candidate_update(
        user=consultant_b,
        region=region,
        candidate=people["none"],
        changes={"desired_occupations": [world["cleaner"]]},
    )
    after = _rank(world)
    assert found.builds == 1 and found.reconciles == 0
    assert after.excluded == {
        engine.NOT_AVAILABLE_STATUS: 1,
        engine.ABILITY: 1,
        engine.NO_CONSENT: 2,  # "related" and A's private candidate
        engine.TOO_FAR: 1,
        engine.STALE_PROFILE: 1,
    }
    best = {r.pk: r for r in after.best}
    assert set(best) == {people["none"].pk, people["private_b"].pk}
    assert best[people["none"].pk].points > {r.pk: r for r in before.best}[people["none"].pk].points
    assert _summary(after) == _by_engine(world, world["manager"])

    # The next check finds nothing new to read.
    loaded = found.loaded
    _rank(world)
    assert found.loaded == loaded and found.builds == 1


def test_the_signals_bump_updated_at(world, people):
    exact = people["exact"]
    stamps = [Candidate.objects.get(pk=exact.pk).updated_at]
    FunctionalAbility.objects.create(candidate=exact, rubric="working_hours", level=2)
    stamps.append(Candidate.objects.get(pk=exact.pk).updated_at)
    FunctionalAbility.objects.filter(candidate=exact).get().delete()
    stamps.append(Candidate.objects.get(pk=exact.pk).updated_at)
    Consent.objects.filter(candidate=exact).update(withdrawn_at=timezone.now())  # a bulk write: no signal
    stamps.append(Candidate.objects.get(pk=exact.pk).updated_at)
    exact.sectors.clear()
    exact.desired_occupations.remove(world["cleaner"])
    stamps.append(Candidate.objects.get(pk=exact.pk).updated_at)
    assert stamps[0] < stamps[1] < stamps[2] == stamps[3] < stamps[4]


def test_deleted_candidates_leave_the_index(world, people):
    found = index.region_index(world["region"])
    assert _rank(world).considered == 8
    people["exact"].delete()
    Candidate.objects.filter(pk=people["far"].pk).delete()
    after = _rank(world)
    assert after.considered == 6 and people["exact"].pk not in [r.pk for r in after.best]
    assert found.builds == 1 and found.reconciles == 1
    assert _summary(after) == _by_engine(world, world["manager"])


def test_a_change_committed_after_the_last_check_is_seen(world, people):
    found = index.region_index(world["region"])
    _rank(world)
    # Another process set updated_at a minute ago and commits only now.
    Candidate.objects.filter(pk=people["exact"].pk).update(
        status=CandidateStatus.PLACED, updated_at=timezone.now() - timedelta(minutes=1)
    )
    after = _rank(world)
    assert after.excluded[engine.NOT_AVAILABLE_STATUS] == 1
    assert (found.builds, found.reconciles) == (1, 0)


def test_new_and_deleted_candidates_of_another_process_are_seen(world, people, monkeypatch):
    found = index.region_index(world["region"])
    _rank(world)
    world["add_candidate"](first_name="Nieuw")
    # Deleted without a signal to this process, as by another one.
    Consent.objects.filter(candidate=people["related"]).delete()
    people["related"].desired_occupations.through.objects.filter(candidate=people["related"]).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM candidates_candidate WHERE id = %s", [people["related"].pk])
    # The new one is seen at once; the deleted one stays counted until the next count.
    assert _rank(world).considered == 9
    monkeypatch.setattr(index, "VERIFY_EVERY", 0)
    after = _rank(world)
    assert after.considered == 8 and people["related"].pk not in [r.pk for r in after.best]
    assert (found.builds, found.reconciles) == (1, 1)
    assert _summary(after) == _by_engine(world, world["manager"])


def test_candidates_loaded_in_bulk_with_old_timestamps_are_found_by_the_count(world, monkeypatch):
    found = index.region_index(world["region"])
    assert _rank(world).considered == 0  # built on an empty region
    monkeypatch.setattr(index, "VERIFY_EVERY", 3600)
    people = [world["add_candidate"](first_name=f"Bulk {n}") for n in range(3)]
    Candidate.objects.filter(pk__in=[c.pk for c in people]).update(
        updated_at=timezone.now() - timedelta(days=30), status=CandidateStatus.PLACED
    )
    assert _rank(world).considered == 0  # their updated_at is before the last check
    monkeypatch.setattr(index, "VERIFY_EVERY", 0)
    after = _rank(world)
    assert after.considered == 3 and after.excluded[engine.NOT_AVAILABLE_STATUS] == 3
    assert (found.builds, found.reconciles) == (1, 1)


def test_a_write_that_bypasses_updated_at_is_seen_after_forgetting(world, people):
    _rank(world)
    Candidate.objects.filter(pk=people["exact"].pk).update(hours_per_week=8)  # no updated_at, no signal
    assert engine.HOURS_ABOVE_MAX not in _rank(world).excluded
    index.forget_indexes()
    assert _rank(world).excluded[engine.HOURS_ABOVE_MAX] == 1
    assert index.region_index(world["region"]).builds == 1  # a new index


def test_leaving_the_pool_and_coming_back(world, people):
    region, consultant = world["region"], world["consultant_a"]
    found = index.region_index(region)
    assert _rank(world).considered == 8
    for to_status, considered in ((CandidateStatus.LEFT, 7), (CandidateStatus.AVAILABLE, 8)):
        candidate_services.candidate_status_change(
            user=consultant, region=region, candidate=people["exact"], to_status=to_status, reason="Test"
        )
        assert _rank(world).considered == considered
    assert found.builds == 1


def test_new_reference_data_rebuilds(world, people, monkeypatch):
    from werkbedrijf.regions.models import ReferenceDataSet

    monkeypatch.setattr(index, "VERIFY_EVERY", 0)
    found = index.region_index(world["region"])
    _rank(world)
    ReferenceDataSet.objects.create(
        name="postcode_areas",
        year=2026,
        file_name="x.csv",
        source="test",
        publisher="test",
        licence="test",
        sha256="0" * 64,
        row_count=1,
    )
    _rank(world)
    assert found.builds == 2


def test_a_check_costs_one_query_and_counts_every_so_often(world, people, monkeypatch):
    found = index.region_index(world["region"])
    found.refresh()
    with CaptureQueriesContext(connection) as queries:
        found.refresh()
    assert len(queries) == 1
    monkeypatch.setattr(index, "VERIFY_EVERY", 0)
    with CaptureQueriesContext(connection) as queries:
        found.refresh()
    assert len(queries) == 2


def test_indexes_are_bounded_per_process(world, people, monkeypatch):
    monkeypatch.setattr(index, "MAX_INDEXED_REGIONS", 1)
    first = index.region_index(world["region"])
    index.region_index(world["other_region"])
    assert index.region_index(world["region"]) is not first


def test_the_engine_decides_when_the_index_disagrees(world, people, monkeypatch, caplog):
    expected = _by_engine(world, world["consultant_a"], limit=20)
    rank = index.RegionIndex.rank

    def wrong(self, *args, **kwargs):
        ranking = rank(self, *args, **kwargs)
        return replace(ranking, best=[replace(r, points=r.points + 1) for r in ranking.best])

    monkeypatch.setattr(index.RegionIndex, "rank", wrong)
    assert _by_index(world, world["consultant_a"], limit=20) == expected
    assert "disagrees" in caplog.text
