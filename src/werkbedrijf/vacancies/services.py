"""Every write about vacancies and job carving. Each checks the rules in permissions.py (account managers
write), validates, runs in one transaction and leaves an audit entry (field names only, never values).

The demo and imports use these same functions with an account manager of the region as `user`.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.employers.models import Employer, EmployerLocation
from werkbedrijf.regions.models import Occupation, Region

from . import carving
from .models import (
    MAX_VACANCY_HOURS,
    MIN_VACANCY_HOURS,
    STATUS_TRANSITIONS,
    SUPPORT_FIELDS,
    CarvedTask,
    DemandLevel,
    EmployerTask,
    TaskDemand,
    Vacancy,
    VacancyDemand,
    VacancyKind,
    VacancyStatus,
    VacancyStatusChange,
)
from .permissions import vacancy_rule

UNCHANGED = object()  # default of vacancy_update's arguments: leave the field as it is

MAX_POSITIONS = 1000
HUNDREDTH = Decimal("0.01")

# (rubric, level or None for "no special demand", note)
Demand = tuple[str, int | None, str]

SUPPORT_FIELD_NAMES = tuple(name for name, _label in SUPPORT_FIELDS)
VACANCY_FIELDS = (
    "title",
    "occupation",
    "tasks",
    "skills",
    "hours_per_week",
    "wage_scale",
    "start_date",
    "number_of_positions",
    "kind",
    "location",
    *SUPPORT_FIELD_NAMES,
    "support_other",
)


def _check_edit(user, region) -> None:
    if not vacancy_rule(user, region).edit:
        raise PermissionDenied


def _employer_in_region(employer: Employer, region: Region) -> None:
    if employer.organisation.region_id != region.pk:
        raise PermissionDenied


def _hours_error(hours, *, low: Decimal, high: Decimal, strict_low: bool = False) -> str | None:
    try:
        value = Decimal(hours)
    except (InvalidOperation, TypeError, ValueError):
        return _("Enter a number of hours.")
    if not value.is_finite() or value != value.quantize(HUNDREDTH):
        return _("Enter hours with at most two decimals, e.g. 12.5.")
    if (value <= low if strict_low else value < low) or value > high:
        if strict_low:
            return _("Enter more than %(low)s and at most %(high)s hours a week.") % {
                "low": low,
                "high": high,
            }
        return _("Enter from %(low)s to %(high)s hours a week.") % {"low": low, "high": high}
    return None


def _vacancy_errors(employer: Employer, values: dict) -> dict[str, list[str]]:
    """Validation of a vacancy's own fields; only the ones in `values` are checked."""
    errors: dict[str, list[str]] = {}
    if "title" in values and not values["title"]:
        errors["title"] = [_("Enter the job title.")]
    if "occupation" in values and not isinstance(values["occupation"], Occupation):
        errors["occupation"] = [_("Choose the occupation.")]
    if "hours_per_week" in values:
        message = _hours_error(
            values["hours_per_week"], low=Decimal(MIN_VACANCY_HOURS), high=Decimal(MAX_VACANCY_HOURS)
        )
        if message:
            errors["hours_per_week"] = [message]
    if "number_of_positions" in values:
        positions = values["number_of_positions"]
        if not isinstance(positions, int) or not (1 <= positions <= MAX_POSITIONS):
            errors["number_of_positions"] = [
                _("Enter a number of positions from 1 to %(max)s.") % {"max": MAX_POSITIONS}
            ]
    if "kind" in values and values["kind"] not in VacancyKind.values:
        errors["kind"] = [_("Choose the kind of job.")]
    if "location" in values:
        location = values["location"]
        if location is not None and (
            not isinstance(location, EmployerLocation) or location.employer_id != employer.pk
        ):
            errors["location"] = [_("Choose one of this employer's locations.")]
    if (
        "start_date" in values
        and values["start_date"] is not None
        and not isinstance(values["start_date"], date)
    ):
        errors["start_date"] = [_("Enter a date.")]
    return errors


def _demand_errors(demands: Iterable[Demand]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for rubric, level, note in demands:
        if rubric not in AbilityRubric.values:
            errors.setdefault("demands", []).append(_("Unknown rubric %(rubric)s.") % {"rubric": rubric})
            continue
        if rubric in seen:
            errors.setdefault("demands", []).append(
                _("The rubric %(rubric)s is given more than once.") % {"rubric": AbilityRubric(rubric).label}
            )
        seen.add(rubric)
        if level is not None and level not in DemandLevel.values:
            errors[f"demand_{rubric}"] = [_("Choose a level from 1 to 4.")]
        if len(note or "") > 300:
            errors[f"demand_{rubric}_note"] = [_("Keep the note to at most 300 characters.")]
    return errors


def _clean_text(values: dict) -> dict:
    for name in ("title", "tasks", "skills", "wage_scale", "support_other"):
        if name in values:
            values[name] = (values[name] or "").strip()
    return values


def _write_demands(vacancy: Vacancy, demands: Iterable[Demand]) -> bool:
    """Replace the vacancy's demand per given rubric (None removes it); True when something changed."""
    current = {d.rubric: d for d in vacancy.demands.all()}
    changed = False
    for rubric, level, note in demands:
        note = (note or "").strip()
        existing = current.get(rubric)
        if level is None:
            if existing is not None:
                existing.delete()
                changed = True
        elif existing is None:
            VacancyDemand.objects.create(vacancy=vacancy, rubric=rubric, level=level, note=note)
            changed = True
        elif (existing.level, existing.note) != (level, note):
            existing.level, existing.note = level, note
            existing.save(update_fields=["level", "note"])
            changed = True
    return changed


def _log(user, region, vacancy: Vacancy, *, action: str, context: str, fields, request) -> None:
    log_change(
        actor=user,
        action=action,
        object_type="vacancy",
        object_uuid=vacancy.uuid,
        object_label=vacancy.title,
        context=context,
        changed_fields=fields,
        region_code=region.code,
        request=request,
    )


def vacancy_create(
    *,
    user,
    region: Region,
    employer: Employer,
    title: str,
    occupation: Occupation,
    hours_per_week: Decimal,
    kind: str = VacancyKind.REGULAR,
    tasks: str = "",
    skills: str = "",
    wage_scale: str = "",
    start_date: date | None = None,
    number_of_positions: int = 1,
    location: EmployerLocation | None = None,
    support_job_coach: bool = False,
    support_workplace_adaptation: bool = False,
    support_buddy: bool = False,
    support_flexible_hours: bool = False,
    support_transport: bool = False,
    support_other: str = "",
    demands: Sequence[Demand] = (),
    request=None,
) -> Vacancy:
    """A new vacancy of `employer`, as a draft; `demands` are (rubric, level or None, note)."""
    _check_edit(user, region)
    _employer_in_region(employer, region)
    values = _clean_text(
        {
            "title": title,
            "occupation": occupation,
            "tasks": tasks,
            "skills": skills,
            "hours_per_week": hours_per_week,
            "wage_scale": wage_scale,
            "start_date": start_date,
            "number_of_positions": number_of_positions,
            "kind": kind,
            "location": location,
            "support_job_coach": support_job_coach,
            "support_workplace_adaptation": support_workplace_adaptation,
            "support_buddy": support_buddy,
            "support_flexible_hours": support_flexible_hours,
            "support_transport": support_transport,
            "support_other": support_other,
        }
    )
    errors = _vacancy_errors(employer, values)
    if not values["tasks"]:
        errors["tasks"] = [_("Describe the tasks of the job.")]
    errors.update(_demand_errors(demands))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        vacancy = Vacancy.objects.create(
            employer=employer,
            region=region,
            status=VacancyStatus.DRAFT,
            created_by=user,
            **{**values, "hours_per_week": Decimal(hours_per_week)},
        )
        _write_demands(vacancy, demands)
        fields = [name for name, value in values.items() if value not in ("", None, False)]
        if any(level is not None for _rubric, level, _note in demands):
            fields.append("demands")
        _log(
            user,
            region,
            vacancy,
            action=AccessAction.CREATE,
            context="Vacature aangemaakt",
            fields=fields,
            request=request,
        )
    return vacancy


def vacancy_update(
    *,
    user,
    region: Region,
    vacancy: Vacancy,
    demands=UNCHANGED,
    request=None,
    **changes,
) -> Vacancy:
    """Change the given fields (any of VACANCY_FIELDS; the others stay) and, when given, the demands per
    rubric; records which fields changed. The employer of a vacancy never changes."""
    _check_edit(user, region)
    if vacancy.region_id != region.pk:
        raise PermissionDenied
    unknown = set(changes) - set(VACANCY_FIELDS)
    if unknown:
        raise TypeError(f"vacancy_update() got unexpected fields {sorted(unknown)}")
    given = _clean_text({k: v for k, v in changes.items() if v is not UNCHANGED})
    employer = vacancy.employer
    errors = _vacancy_errors(employer, given)
    if "tasks" in given and not given["tasks"]:
        errors["tasks"] = [_("Describe the tasks of the job.")]
    if demands is not UNCHANGED:
        errors.update(_demand_errors(demands))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        changed = []
        for field, value in given.items():
            if field == "hours_per_week":
                value = Decimal(value)
            if getattr(vacancy, field) != value:
                setattr(vacancy, field, value)
                changed.append(field)
        if changed:
            vacancy.save(update_fields=[*changed, "updated_at"])
        if demands is not UNCHANGED and _write_demands(vacancy, demands):
            changed.append("demands")
            if "updated_at" not in changed:
                vacancy.save(update_fields=["updated_at"])
        if changed:
            _log(
                user,
                region,
                vacancy,
                action=AccessAction.UPDATE,
                context="Vacature gewijzigd",
                fields=changed,
                request=request,
            )
    return vacancy


def status_record(*, vacancy: Vacancy, to_status: str, reason: str, actor) -> VacancyStatusChange:
    """Set the (locked) vacancy's status and append the change to its history. No checks: for
    vacancy_status_change and for other apps' services that follow a step of their own (a placement)."""
    from_status = vacancy.status
    vacancy.status = to_status
    vacancy.save(update_fields=["status", "updated_at"])
    return VacancyStatusChange.objects.create(
        vacancy=vacancy,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )


def vacancy_status_change(
    *, user, region: Region, vacancy: Vacancy, to_status: str, reason: str, request=None
) -> VacancyStatusChange:
    """Move the vacancy to another status along STATUS_TRANSITIONS, with a required reason."""
    _check_edit(user, region)
    if vacancy.region_id != region.pk:
        raise PermissionDenied
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Give a reason for the status change.")]
    if to_status not in VacancyStatus.values:
        errors["to_status"] = [_("Unknown status.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        from_status = vacancy.status
        if to_status not in STATUS_TRANSITIONS[from_status]:
            raise ValidationError(
                {
                    "to_status": [
                        _("A vacancy cannot go from “%(from)s” to “%(to)s”.")
                        % {"from": VacancyStatus(from_status).label, "to": VacancyStatus(to_status).label}
                    ]
                }
            )
        change = status_record(vacancy=vacancy, to_status=to_status, reason=reason, actor=user)
        _log(
            user,
            region,
            vacancy,
            action=AccessAction.UPDATE,
            context="Status van vacature gewijzigd",
            fields=["status"],
            request=request,
        )
    return change


# Job carving


def employer_task_create(
    *,
    user,
    region: Region,
    employer: Employer,
    name: str,
    source_job: str,
    hours_per_week: Decimal,
    description: str = "",
    suitable_for_target_group: bool = True,
    demands: Sequence[tuple[str, int | None]] = (),
    request=None,
) -> EmployerTask:
    """Record an existing task of the employer for job carving; `demands` are (rubric, level or None)."""
    _check_edit(user, region)
    _employer_in_region(employer, region)
    name = (name or "").strip()
    source_job = (source_job or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Enter the task.")]
    if not source_job:
        errors["source_job"] = [_("Enter the job the task now belongs to.")]
    if message := _hours_error(
        hours_per_week, low=Decimal(0), high=Decimal(MAX_VACANCY_HOURS), strict_low=True
    ):
        errors["hours_per_week"] = [message]
    errors.update(_demand_errors((rubric, level, "") for rubric, level in demands))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = EmployerTask.objects.create(
            employer=employer,
            name=name,
            source_job=source_job,
            hours_per_week=Decimal(hours_per_week),
            description=(description or "").strip(),
            suitable_for_target_group=suitable_for_target_group,
            created_by=user,
        )
        TaskDemand.objects.bulk_create(
            TaskDemand(task=task, rubric=rubric, level=level)
            for rubric, level in demands
            if level is not None
        )
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="employer_task",
            object_uuid=task.uuid,
            object_label=employer.organisation.name,
            context="Taak van werkgever vastgelegd (jobcarving)",
            changed_fields=[
                "name",
                "source_job",
                "hours_per_week",
                "description",
                "suitable_for_target_group",
                "demands",
            ],
            region_code=region.code,
            request=request,
        )
    return task


def employer_task_archive(*, user, region: Region, task: EmployerTask, request=None) -> EmployerTask:
    """Take a task out of the carving page; it stays linked to the carved jobs it is part of."""
    _check_edit(user, region)
    _employer_in_region(task.employer, region)
    with transaction.atomic():
        task = EmployerTask.objects.select_for_update().get(pk=task.pk)
        if not task.archived:
            task.archived = True
            task.save(update_fields=["archived"])
            log_change(
                actor=user,
                action=AccessAction.UPDATE,
                object_type="employer_task",
                object_uuid=task.uuid,
                object_label=task.name,
                context="Taak van werkgever gearchiveerd (jobcarving)",
                changed_fields=["archived"],
                region_code=region.code,
                request=request,
            )
    return task


def task_input(task: EmployerTask, hours_taken: Decimal | None = None) -> carving.TaskInput:
    """The plain values of a task for carving.compose; hours_taken None takes all of the task's hours."""
    return carving.TaskInput(
        key=str(task.uuid),
        name=task.name,
        source_job=task.source_job,
        task_hours=task.hours_per_week,
        hours_taken=task.hours_per_week if hours_taken is None else hours_taken,
        suitable=task.suitable_for_target_group,
        demands={d.rubric: d.level for d in task.demands.all()},
    )


def warning_text(warning: carving.CarvingWarning, names: dict[str, str]) -> str:
    """A carving warning in words; `names` maps task keys (uuids) to task names."""
    tasks = ", ".join(names.get(key, key) for key in warning.task_keys)
    if warning.code == carving.NO_TASKS:
        return _("Select at least one task.")
    if warning.code == carving.HOURS_NOT_POSITIVE:
        return _("Take more than 0 hours from: %(tasks)s.") % {"tasks": tasks}
    if warning.code == carving.HOURS_EXCEED_TASK:
        return _("More hours taken than the task has: %(tasks)s.") % {"tasks": tasks}
    if warning.code == carving.ABOVE_MAX_HOURS:
        return _("More than %(max)s hours a week: take fewer tasks or fewer hours.") % {
            "max": carving.MAX_JOB_HOURS
        }
    if warning.code == carving.BELOW_SMALL_JOB_HOURS:
        return _(
            "Fewer than %(min)s hours a week: a small job. Check that it is worth it for the candidate "
            "and the employer."
        ) % {"min": carving.SMALL_JOB_HOURS}
    if warning.code == carving.NOT_SUITABLE:
        return _("Not marked as suitable for the target group: %(tasks)s.") % {"tasks": tasks}
    return warning.code


def _selection_inputs(
    employer: Employer, selection: Sequence[tuple[EmployerTask, Decimal | None]]
) -> tuple[list[carving.TaskInput], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    inputs = []
    seen = set()
    for task, hours in selection:
        if task.employer_id != employer.pk or task.archived:
            errors.setdefault("tasks", []).append(
                _("%(task)s is not a current task of this employer.") % {"task": task.name}
            )
            continue
        if task.pk in seen:
            errors.setdefault("tasks", []).append(_("%(task)s is selected twice.") % {"task": task.name})
            continue
        seen.add(task.pk)
        if hours is not None:
            try:
                hours = Decimal(hours)
            except (InvalidOperation, TypeError, ValueError):
                errors.setdefault("tasks", []).append(
                    _("Enter a number of hours for %(task)s.") % {"task": task.name}
                )
                continue
        inputs.append(task_input(task, hours))
    return inputs, errors


def carved_job_create(
    *,
    user,
    region: Region,
    employer: Employer,
    selection: Sequence[tuple[EmployerTask, Decimal | None]],
    title: str,
    occupation: Occupation,
    kind: str = VacancyKind.JOBS_AGREEMENT,
    tasks: str = "",
    wage_scale: str = "",
    start_date: date | None = None,
    number_of_positions: int = 1,
    location: EmployerLocation | None = None,
    request=None,
) -> Vacancy:
    """Compose a new job from the employer's tasks: a draft Vacancy whose hours are the hours taken, whose
    demands are the most demanding level per rubric among the tasks (carving.compose), and which stays linked
    to its tasks through CarvedTask. `selection` is (task, hours taken or None for all of its hours)."""
    _check_edit(user, region)
    _employer_in_region(employer, region)
    inputs, errors = _selection_inputs(employer, selection)
    composed = carving.compose(inputs)
    names = {t.key: t.name for t in inputs}
    blocking = [warning_text(w, names) for w in composed.warnings if w.blocking]
    if blocking:
        errors.setdefault("tasks", []).extend(blocking)
    elif composed.total_hours < MIN_VACANCY_HOURS:
        errors.setdefault("tasks", []).append(
            _("A job needs at least %(min)s hour a week.") % {"min": MIN_VACANCY_HOURS}
        )
    values = _clean_text(
        {
            "title": title,
            "occupation": occupation,
            "kind": kind,
            "wage_scale": wage_scale,
            "start_date": start_date,
            "number_of_positions": number_of_positions,
            "location": location,
        }
    )
    errors.update(_vacancy_errors(employer, values))
    if errors:
        raise ValidationError(errors)
    task_list = (tasks or "").strip() or "\n".join(f"- {t.name} ({t.source_job})" for t in inputs)
    with transaction.atomic():
        Employer.objects.select_for_update().get(pk=employer.pk)
        current = set(
            EmployerTask.objects.filter(
                employer=employer, archived=False, uuid__in=[t.key for t in inputs]
            ).values_list("uuid", flat=True)
        )
        if len(current) != len(inputs):
            raise ValidationError({"tasks": [_("A selected task was archived meanwhile; select again.")]})
        vacancy = Vacancy.objects.create(
            employer=employer,
            region=region,
            status=VacancyStatus.DRAFT,
            created_by=user,
            hours_per_week=composed.total_hours,
            tasks=task_list,
            **values,
        )
        tasks_by_key = {str(task.uuid): task for task, _hours in selection}
        CarvedTask.objects.bulk_create(
            CarvedTask(vacancy=vacancy, task=tasks_by_key[t.key], hours_per_week=t.hours_taken)
            for t in inputs
        )
        VacancyDemand.objects.bulk_create(
            VacancyDemand(
                vacancy=vacancy,
                rubric=rubric,
                level=level,
                note=(
                    _("Set by: %(tasks)s")
                    % {"tasks": ", ".join(names[k] for k in composed.demand_set_by[rubric])}
                )[:300],
            )
            for rubric, level in composed.demands.items()
        )
        _log(
            user,
            region,
            vacancy,
            action=AccessAction.CREATE,
            context="Vacature samengesteld met jobcarving",
            fields=[
                *(n for n, v in values.items() if v not in ("", None)),
                "hours_per_week",
                "tasks",
                "carved_tasks",
                "demands",
            ],
            request=request,
        )
    return vacancy
