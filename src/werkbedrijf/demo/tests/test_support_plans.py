"""The plain planning of the demo's assessments, grants and budgets (demo/support.py)."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from werkbedrijf.demo import support
from werkbedrijf.demo.jobs import PROFILES
from werkbedrijf.wage_value import calculation as calc

# Month ends, a leap day and the turn of the year, where date arithmetic goes wrong first.
TODAYS = [date(2026, 1, 31), date(2028, 2, 29), date(2026, 3, 31), date(2026, 12, 31), date(2027, 1, 1)]
LKS_WEEKS = 5


def _measured(plan) -> int:
    tasks = [
        calc.MainTask(
            name=t.name,
            share_pct=t.share_pct,
            minutes_per_day=t.minutes_per_day,
            tempo_pct=t.tempo_pct,
            quality_pct=t.quality_pct,
            third_factor_pct=t.third_factor_pct,
        )
        for t in plan.tasks
    ]
    return calc.wage_value_measurement(method=calc.WageValueMethod.ULM_2021, tasks=tasks).computed_wage_value


def test_every_job_of_every_profile_gets_a_valid_measurement_between_35_and_85():
    today = date(2026, 6, 15)
    for seed in range(20):
        for profile in PROFILES:
            for job in profile.jobs:
                plan = support.plan_assessment(
                    random.Random(f"{seed}:{job.title}"),
                    scenario=support.GRANTED,
                    job_tasks=job.tasks,
                    today=today,
                    decision_weeks=LKS_WEEKS,
                )
                assert 35 <= _measured(plan) == plan.computed_wage_value == plan.reported_wage_value <= 85
                assert sum(t.share_pct for t in plan.tasks) == 100
                assert all(t.minutes_per_day >= calc.MAIN_TASK_MIN_MINUTES_PER_DAY for t in plan.tasks)
                assert all(0 <= t.tempo_pct <= 100 for t in plan.tasks)


def test_a_reported_figure_that_deviates_comes_with_its_reason():
    plan = support.plan_assessment(
        random.Random(1),
        scenario=support.GRANTED_WITH_COACHING,
        job_tasks=PROFILES[0].jobs[0].tasks,
        today=date(2026, 6, 15),
        decision_weeks=LKS_WEEKS,
        deviates=True,
    )
    assert plan.reported_wage_value != plan.computed_wage_value
    assert plan.deviation_reason


def test_a_draft_has_part_of_its_tasks_and_no_next_date():
    plan = support.plan_assessment(
        random.Random(1),
        scenario=support.DRAFT,
        job_tasks=PROFILES[0].jobs[0].tasks,
        today=date(2026, 6, 15),
        decision_weeks=LKS_WEEKS,
    )
    assert not plan.finalise and plan.next_assessment_on is None
    assert 0 < len(plan.tasks) < len(PROFILES[0].jobs[0].tasks)


@pytest.mark.parametrize("today", TODAYS)
def test_dates_lie_in_the_past_and_only_one_re_assessment_falls_due_within_30_days(today):
    due = []
    for scenario in (*support.LARGEST_SCENARIOS, *support.SECOND_SCENARIOS):
        rng = random.Random(scenario)
        plan = support.plan_assessment(
            rng, scenario=scenario, job_tasks=("Taak een", "Taak twee"), today=today, decision_weeks=LKS_WEEKS
        )
        assert plan.observed_on < today
        if plan.finalise:
            assert plan.next_assessment_on > plan.observed_on
            if plan.next_assessment_on <= today + timedelta(days=30):
                due.append(scenario)
        for grant in support.plan_grants(rng, scenario=scenario, observed=plan.observed_on):
            assert plan.observed_on < grant.applied_on <= today
            assert grant.period_start.day == 1 and grant.period_start > grant.applied_on
            if grant.period_end is not None:
                assert grant.period_end == date(
                    grant.period_start.year + 1, grant.period_start.month, 1
                ) - timedelta(days=1)
            if grant.decided_on is not None:
                assert grant.applied_on < grant.decided_on <= today
            if scenario == support.DEADLINE_CLOSE:
                due_on = grant.applied_on + timedelta(weeks=LKS_WEEKS)
                assert due_on == today + timedelta(days=support.DEADLINE_CLOSE_DAYS_LEFT)
            if not grant.granted and grant.decided_on is not None:
                assert grant.decision_note
    assert due == [support.DUE_SOON]


def test_the_scenarios_give_granted_pending_and_refused_applications():
    grants = [
        grant
        for scenario in support.LARGEST_SCENARIOS
        for grant in support.plan_grants(random.Random(1), scenario=scenario, observed=date(2026, 1, 10))
    ]
    subsidy = [g for g in grants if g.instrument_code == support.WAGE_COST_SUBSIDY]
    coaching = [g for g in grants if g.instrument_code == support.JOB_COACHING]
    assert len([g for g in subsidy if g.decided_on is None]) == 2
    assert len([g for g in subsidy if g.granted]) == 4
    assert [g.granted for g in coaching] == [True, False]
    assert all(g.requested_amount > 0 for g in coaching)


def test_budgets_scale_with_the_municipality_and_have_a_floor():
    largest = support.budget_amounts(1.0)
    assert largest[support.WAGE_COST_SUBSIDY] == Decimal(2_400_000)
    small = support.budget_amounts(0.03)
    assert small[support.WAGE_COST_SUBSIDY] == Decimal(70_000)
    assert small[support.WORKPLACE_PROVISION] == support.BUDGET_FLOOR
    assert all(amount % support.BUDGET_STEP == 0 for amount in [*largest.values(), *small.values()])
