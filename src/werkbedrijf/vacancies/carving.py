"""Job carving as a pure calculation: compose a job profile from a selection of an employer's tasks.

No ORM here: the caller passes plain values (TaskInput) and gets a ComposedJob back, so the same function
serves the live preview, the "compose" action and the API, and can be property-tested.

Demand levels mean "the greatest limitation the task can accommodate on that rubric" (1 = full ability
required … 4 = a severe limitation fits; see models.VacancyDemand). A composed job must be doable by one
person, so per rubric it takes the most demanding level, the lowest, among the selected tasks that have a
demand there; a rubric no selected task has a demand on stays without a demand.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# Below this a job is small: it still counts for the jobs agreement (every hour counts), but the account
# manager should check that it is worth it for the candidate and the employer.
SMALL_JOB_HOURS = Decimal("12")
MAX_JOB_HOURS = Decimal("40")

# Warning codes. Blocking ones stop the job from being composed.
NO_TASKS = "no_tasks"
HOURS_NOT_POSITIVE = "hours_not_positive"
HOURS_EXCEED_TASK = "hours_exceed_task"
ABOVE_MAX_HOURS = "above_max_hours"
BELOW_SMALL_JOB_HOURS = "below_small_job_hours"
NOT_SUITABLE = "not_suitable"
BLOCKING = frozenset({NO_TASKS, HOURS_NOT_POSITIVE, HOURS_EXCEED_TASK, ABOVE_MAX_HOURS})


@dataclass(frozen=True)
class TaskInput:
    key: str
    name: str
    source_job: str
    task_hours: Decimal
    hours_taken: Decimal
    suitable: bool = True
    demands: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CarvingWarning:
    code: str
    task_keys: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        return self.code in BLOCKING


@dataclass(frozen=True)
class SourceJob:
    name: str
    hours: Decimal
    task_keys: tuple[str, ...]


@dataclass(frozen=True)
class ComposedJob:
    total_hours: Decimal
    demands: dict[str, int]
    demand_set_by: dict[str, tuple[str, ...]]
    source_jobs: tuple[SourceJob, ...]
    warnings: tuple[CarvingWarning, ...]

    @property
    def can_compose(self) -> bool:
        return not any(w.blocking for w in self.warnings)


def compose(tasks: Sequence[TaskInput]) -> ComposedJob:
    """Total hours, the most demanding level per rubric (with the tasks that set it), the source jobs in
    the order they first appear, and warnings."""
    total = sum((t.hours_taken for t in tasks), Decimal("0"))
    demands: dict[str, int] = {}
    set_by: dict[str, list[str]] = {}
    for task in tasks:
        for rubric, level in task.demands.items():
            current = demands.get(rubric)
            if current is None or level < current:
                demands[rubric] = level
                set_by[rubric] = [task.key]
            elif level == current:
                set_by[rubric].append(task.key)

    jobs: dict[str, tuple[Decimal, list[str]]] = {}
    for task in tasks:
        hours, keys = jobs.get(task.source_job, (Decimal("0"), []))
        jobs[task.source_job] = (hours + task.hours_taken, [*keys, task.key])
    source_jobs = tuple(SourceJob(name, hours, tuple(keys)) for name, (hours, keys) in jobs.items())

    warnings: list[CarvingWarning] = []
    if not tasks:
        warnings.append(CarvingWarning(NO_TASKS))
    not_positive = tuple(t.key for t in tasks if t.hours_taken <= 0)
    if not_positive:
        warnings.append(CarvingWarning(HOURS_NOT_POSITIVE, not_positive))
    exceeding = tuple(t.key for t in tasks if t.hours_taken > t.task_hours)
    if exceeding:
        warnings.append(CarvingWarning(HOURS_EXCEED_TASK, exceeding))
    if total > MAX_JOB_HOURS:
        warnings.append(CarvingWarning(ABOVE_MAX_HOURS))
    elif tasks and total < SMALL_JOB_HOURS:
        warnings.append(CarvingWarning(BELOW_SMALL_JOB_HOURS))
    unsuitable = tuple(t.key for t in tasks if not t.suitable)
    if unsuitable:
        warnings.append(CarvingWarning(NOT_SUITABLE, unsuitable))

    return ComposedJob(
        total_hours=total,
        demands=dict(sorted(demands.items())),
        demand_set_by={rubric: tuple(keys) for rubric, keys in sorted(set_by.items())},
        source_jobs=source_jobs,
        warnings=tuple(warnings),
    )
