import random
from decimal import Decimal

import pytest

from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.demo.generation import EMPLOYER_TEMPLATES, employer_names
from werkbedrijf.demo.jobs import (
    KIND_WEIGHTS,
    POOL_TEMPLATES,
    PROFILES,
    carving_employers,
    employer_profile,
    esco_codes,
    plan_carving,
    plan_membership,
    plan_vacancies,
    template_of,
)
from werkbedrijf.demo.tests.test_generation import POOLS
from werkbedrijf.labour_pools.models import PoolKind
from werkbedrijf.regions.models import Occupation
from werkbedrijf.vacancies.models import SUPPORT_FIELDS, VacancyKind, VacancyStatus


def test_every_kind_of_demo_employer_has_a_profile():
    assert {p.template for p in PROFILES} == set(EMPLOYER_TEMPLATES)
    names = employer_names(rng=random.Random(1), pools=POOLS, places=["Diemen", "Ouder-Amstel"])
    assert [template_of(name) for name in names] == list(EMPLOYER_TEMPLATES)
    assert employer_profile("Bakkerij De Vries").division == "10"
    assert employer_profile("Gemeente Diemen") is None


def test_profiles_and_pools_use_known_codes_and_employers():
    rubrics = set(AbilityRubric.values)
    for profile in PROFILES:
        for job in profile.jobs:
            assert {r for r, _level, _note in job.demands} <= rubrics
            assert set(job.kinds) <= set(VacancyKind.values)
            assert all(1 <= level <= 4 for _r, level, _note in job.demands)
        for source in profile.source_jobs:
            assert any(t.suitable for t in source.tasks)
            assert {r for t in source.tasks for r, _level in t.demands} <= rubrics
    for template in POOL_TEMPLATES:
        assert template.kind in PoolKind.values
        assert {t for t, _tasks in template.employers} <= set(EMPLOYER_TEMPLATES)


@pytest.mark.django_db
def test_every_occupation_of_the_profiles_is_in_the_reference_data(reference_data):
    codes = esco_codes()
    assert set(Occupation.objects.filter(esco_code__in=codes).values_list("esco_code", flat=True)) == codes


def test_vacancy_plans_are_varied_and_follow_the_seed():
    plans = [plan for seed in range(200) for p in PROFILES for plan in plan_vacancies(random.Random(seed), p)]
    assert {p.kind for p in plans} == set(KIND_WEIGHTS)
    statuses = {path[-1][0] if path else VacancyStatus.DRAFT for path in (p.status_path for p in plans)}
    assert statuses == set(VacancyStatus.values)
    assert {s for p in plans for s in p.support} <= {field for field, _label in SUPPORT_FIELDS}
    assert all(p.positions >= 3 for p in plans if p.kind == VacancyKind.GROUP_SECONDMENT)
    assert all(p.title.startswith("Leerwerkplek ") for p in plans if p.kind == VacancyKind.LEARNING_WORK)
    per_employer = [len(plan_vacancies(random.Random(seed), PROFILES[0])) for seed in range(200)]
    assert set(per_employer) == {0, 1, 2, 3}
    assert plan_vacancies(random.Random(7), PROFILES[3]) == plan_vacancies(random.Random(7), PROFILES[3])


def test_a_carved_job_takes_only_suitable_tasks_and_no_more_hours_than_they_have():
    for seed in range(100):
        for profile in PROFILES:
            plan = plan_carving(random.Random(seed), profile)
            assert 2 <= len({t.source_job for t in plan.tasks}) <= 3
            assert plan.selection
            total = Decimal(0)
            for index, hours in plan.selection:
                task = plan.tasks[index]
                assert task.suitable
                assert hours is None or 0 < hours <= task.hours
                total += task.hours if hours is None else hours
            assert 1 <= total <= 40


def test_six_to_ten_employers_get_a_carving_set():
    names = [f"Werkgever {i}" for i in range(10)]
    sizes = {len(carving_employers(random.Random(seed), names)) for seed in range(100)}
    assert min(sizes) >= 6 and max(sizes) <= 10
    assert carving_employers(random.Random(1), names[:4]) == set(names[:4])


def test_a_membership_plan_fits_the_candidate_and_ends_after_it_starts():
    for seed in range(300):
        plan = plan_membership(
            random.Random(seed), candidate_hours=12, employers=2, individual_secondments=True
        )
        assert plan.hours <= 12
        if plan.secondment is not None:
            employer_index, _after, hours, _length = plan.secondment
            assert employer_index in (0, 1)
            assert hours <= plan.hours
        if plan.ended_after_days is not None:
            assert 0 < plan.ended_after_days < plan.started_days_ago
    group = plan_membership(random.Random(1), candidate_hours=20, employers=1, individual_secondments=False)
    assert group.secondment is None
