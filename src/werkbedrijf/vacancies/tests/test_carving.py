"""The pure composition of a carved job (carving.compose): no database."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from werkbedrijf.candidates.models import AbilityLevel, AbilityRubric
from werkbedrijf.vacancies import carving
from werkbedrijf.vacancies.carving import TaskInput, compose
from werkbedrijf.vacancies.models import DemandLevel


def task(key, hours="8", *, taken=None, job="Winkelmedewerker", suitable=True, **demands):
    hours = Decimal(hours)
    return TaskInput(
        key=key,
        name=f"taak {key}",
        source_job=job,
        task_hours=hours,
        hours_taken=hours if taken is None else Decimal(taken),
        suitable=suitable,
        demands=demands,
    )


def codes(composed):
    return [w.code for w in composed.warnings]


def test_demand_levels_use_the_ability_levels_numbers():
    assert DemandLevel.values == AbilityLevel.values


def test_hours_add_up_and_source_jobs_keep_their_order():
    composed = compose(
        [
            task("a", "6", job="Winkelmedewerker"),
            task("b", "4.5", job="Magazijnmedewerker"),
            task("c", "8", taken="3.25", job="Winkelmedewerker"),
        ]
    )
    assert composed.total_hours == Decimal("13.75")
    assert [(j.name, j.hours, j.task_keys) for j in composed.source_jobs] == [
        ("Winkelmedewerker", Decimal("9.25"), ("a", "c")),
        ("Magazijnmedewerker", Decimal("4.5"), ("b",)),
    ]
    assert composed.warnings == () and composed.can_compose


def test_demand_is_the_most_demanding_level_and_says_which_tasks_set_it():
    composed = compose(
        [
            task("a", physical_environment=3, dynamic_actions=2),
            task("b", physical_environment=2),
            task("c", dynamic_actions=2),
        ]
    )
    assert composed.demands == {"dynamic_actions": 2, "physical_environment": 2}
    assert composed.demand_set_by == {"dynamic_actions": ("a", "c"), "physical_environment": ("b",)}


def test_a_rubric_no_task_has_a_demand_on_stays_without_demand():
    composed = compose([task("a", social_functioning=4), task("b")])
    assert composed.demands == {"social_functioning": 4}


def test_no_tasks_cannot_be_composed():
    composed = compose([])
    assert codes(composed) == [carving.NO_TASKS]
    assert not composed.can_compose
    assert composed.total_hours == 0


def test_small_job_warns_but_can_be_composed():
    composed = compose([task("a", "6")])
    assert codes(composed) == [carving.BELOW_SMALL_JOB_HOURS]
    assert composed.can_compose


def test_exactly_twelve_and_forty_hours_give_no_hours_warning():
    assert compose([task("a", "12")]).warnings == ()
    assert compose([task("a", "20"), task("b", "20")]).warnings == ()


def test_above_forty_hours_blocks():
    composed = compose([task("a", "30"), task("b", "10.25")])
    assert codes(composed) == [carving.ABOVE_MAX_HOURS]
    assert not composed.can_compose


def test_taking_more_hours_than_the_task_has_blocks_and_names_the_task():
    composed = compose([task("a", "8", taken="9"), task("b", "8")])
    warning = composed.warnings[0]
    assert warning.code == carving.HOURS_EXCEED_TASK and warning.task_keys == ("a",) and warning.blocking


def test_zero_hours_taken_blocks():
    composed = compose([task("a", "8", taken="0"), task("b", "12")])
    assert codes(composed) == [carving.HOURS_NOT_POSITIVE]
    assert not composed.can_compose


def test_unsuitable_tasks_warn_without_blocking():
    composed = compose([task("a", "12"), task("b", "4", suitable=False)])
    assert codes(composed) == [carving.NOT_SUITABLE]
    assert composed.warnings[0].task_keys == ("b",)
    assert composed.can_compose


rubrics = st.sampled_from(AbilityRubric.values)
levels = st.integers(min_value=1, max_value=4)
hours = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("40"), places=2)


@st.composite
def task_inputs(draw, key):
    task_hours = draw(hours)
    taken = draw(st.decimals(min_value=Decimal("0.01"), max_value=task_hours, places=2))
    return TaskInput(
        key=key,
        name=key,
        source_job=draw(st.sampled_from(["Winkelmedewerker", "Magazijnmedewerker", "Kok"])),
        task_hours=task_hours,
        hours_taken=taken,
        suitable=draw(st.booleans()),
        demands=draw(st.dictionaries(rubrics, levels, max_size=6)),
    )


@st.composite
def task_lists(draw):
    size = draw(st.integers(min_value=0, max_value=8))
    return [draw(task_inputs(f"t{i}")) for i in range(size)]


@given(task_lists(), task_lists())
def test_hours_are_additive(first, second):
    second = [TaskInput(**{**t.__dict__, "key": f"u{t.key}"}) for t in second]
    assert compose(first + second).total_hours == compose(first).total_hours + compose(second).total_hours


@given(task_lists())
def test_demand_is_never_more_tolerant_than_any_task(tasks):
    composed = compose(tasks)
    for t in tasks:
        for rubric, level in t.demands.items():
            assert composed.demands[rubric] <= level
    by_key = {t.key: t for t in tasks}
    for rubric, level in composed.demands.items():
        setters = composed.demand_set_by[rubric]
        assert setters and all(by_key[k].demands[rubric] == level for k in setters)


@given(task_lists())
def test_source_job_hours_sum_to_the_total(tasks):
    composed = compose(tasks)
    assert sum((j.hours for j in composed.source_jobs), Decimal("0")) == composed.total_hours
    assert sorted(k for j in composed.source_jobs for k in j.task_keys) == sorted(t.key for t in tasks)


@given(task_lists())
def test_order_of_tasks_does_not_change_total_or_demands(tasks):
    forward, backward = compose(tasks), compose(list(reversed(tasks)))
    assert forward.total_hours == backward.total_hours
    assert forward.demands == backward.demands
    assert forward.can_compose == backward.can_compose


@given(task_lists())
def test_blocking_exactly_when_no_tasks_or_over_forty_hours(tasks):
    # The generated hours taken are within the task's hours and positive, so only these two can block.
    composed = compose(tasks)
    total = sum((t.hours_taken for t in tasks), Decimal("0"))
    assert composed.can_compose == (bool(tasks) and total <= carving.MAX_JOB_HOURS)
