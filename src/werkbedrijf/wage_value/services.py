"""Every write about wage-value assessments. Each checks wage_value/permissions.py, validates (errors as
a ValidationError with a dict of field → messages), runs in one transaction and leaves an audit entry (field
names only, never values).

A finalised assessment is immutable: every service refuses it with AssessmentFinalisedError, and the model
refuses a save as well. A correction is a new draft that `corrects` the finalised one (assessment_correct).

The building blocks, for the pages, the API and the demo:
- assessment_create(user=…, region=…, candidate=…, employer=…, assessor=…, workplace=…) → Assessment
- task_add / task_update / task_remove: the main tasks (only the assigned expert)
- view_record(party="employer" | "candidate", text=…): both are required before finalising
- assessment_finalise(reported_wage_value=…, next_assessment_on=…, next_assessment_agreed=True)
- assessment_correct(assessment=…, reason=…) → the new draft
"""

import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change

from . import calculation as calc
from .models import Assessment, AssessmentStatus, AssessmentTask
from .permissions import actions, is_expert, may_correct, may_create_for
from .presentation import error_message
from .report import render_report

UNCHANGED = object()
OBJECT_TYPE = "wage_value_assessment"
TASK_OBJECT_TYPE = "wage_value_assessment_task"
MAX_TASKS = 10
PARTIES = ("employer", "candidate")


class AssessmentFinalisedError(Exception):
    """The assessment is finalised: nothing about it changes any more; record a correction instead."""

    def __init__(self):
        super().__init__(
            _("This assessment is finalised and cannot be changed. Record a correction instead.")
        )


def _label(assessment: Assessment) -> str:
    return pseudonym("kandidaat", assessment.candidate.uuid)


def _log(
    *, user, region, action, assessment, context, fields, request=None, object_type=OBJECT_TYPE, obj=None
):
    log_change(
        actor=user,
        action=action,
        object_type=object_type,
        object_uuid=(obj or assessment).uuid,
        object_label=_label(assessment),
        context=context,
        changed_fields=fields,
        subject_uuids=[assessment.candidate.uuid],
        region_code=region.code,
        request=request,
    )


def _lock_draft(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.DRAFT:
        raise AssessmentFinalisedError
    return locked


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _refuse_finalised(assessment: Assessment) -> None:
    if assessment.is_finalised:
        raise AssessmentFinalisedError


# --- the assessment --------------------------------------------------------------------------------


def _method_error(method: str, observed_on: date | None) -> str | None:
    if method not in calc.WageValueMethod._value2member_map_:
        return _("Choose a method.")
    if observed_on is None:
        return None
    if observed_on >= calc.ULM_MANDATORY_FROM and method != calc.WageValueMethod.ULM_2021:
        return _("From 1 July 2021 the uniform wage-value method is mandatory.")
    if observed_on < calc.ULM_MANDATORY_FROM and method != calc.WageValueMethod.TKI_BT_2015:
        return _("Before 1 July 2021 the uniform wage-value method did not exist yet.")
    return None


def _header_errors(region, **values) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "workplace" in values and not values["workplace"]:
        errors["workplace"] = [_("Describe the job the candidate does at the workplace.")]
    if "employer" in values:
        employer = values["employer"]
        if employer is None or employer.organisation.region_id != region.pk:
            errors["employer"] = [_("Choose an employer of this region.")]
    if "location" in values and values["location"] is not None:
        employer = values.get("employer")
        if employer is None or values["location"].employer_id != employer.pk:
            errors["location"] = [_("Choose a location of this employer, or none.")]
    if "assessor" in values:
        assessor = values["assessor"]
        if assessor is None or not assessor.is_active or not is_expert(assessor, region):
            errors["assessor"] = [_("Choose a wage-value expert of this region.")]
    if "observed_on" in values and values["observed_on"] is not None:
        observed_on = values["observed_on"]
        if observed_on > timezone.localdate():
            errors["observed_on"] = [_("The observation date cannot be in the future.")]
        elif observed_on < calc.EARLIEST_DATE:
            errors["observed_on"] = [_("The observation date cannot be before 1 January 2015.")]
    wage = values.get("reference_hourly_wage")
    if wage is not None and wage <= 0:
        errors["reference_hourly_wage"] = [_("Enter an hourly wage above 0.")]
    if "method" in values:
        problem = _method_error(values["method"], values.get("observed_on"))
        if problem:
            errors["method"] = [problem]
    return errors


def assessment_create(
    *,
    user,
    region,
    candidate,
    employer,
    assessor,
    workplace: str,
    location=None,
    method: str | None = None,
    reference_job: str = "",
    reference_job_scale: str = "",
    reference_hourly_wage: Decimal | None = None,
    observed_on: date | None = None,
    request=None,
) -> Assessment:
    """A new draft for a candidate of the user's own organisation, assigned to an expert of the region."""
    if candidate is None or not may_create_for(user, region, candidate):
        raise PermissionDenied
    workplace = (workplace or "").strip()
    method = method or calc.wage_value_method_on(observed_on or timezone.localdate()).value
    errors = _header_errors(
        region,
        workplace=workplace,
        employer=employer,
        location=location,
        assessor=assessor,
        observed_on=observed_on,
        reference_hourly_wage=reference_hourly_wage,
        method=method,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            region=region,
            candidate=candidate,
            employer=employer,
            location=location,
            workplace=workplace,
            assessor=assessor,
            method=method,
            reference_job=(reference_job or "").strip(),
            reference_job_scale=(reference_job_scale or "").strip(),
            reference_hourly_wage=reference_hourly_wage,
            observed_on=observed_on,
            created_by=user,
        )
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE,
            assessment=assessment,
            context="Loonwaardemeting aangemaakt",
            fields=[
                "candidate",
                "employer",
                "location",
                "workplace",
                "assessor",
                "method",
                "reference_job",
                "reference_job_scale",
                "reference_hourly_wage",
                "observed_on",
            ],
            request=request,
        )
    return assessment


HEADER_FIELDS = (
    "workplace",
    "location",
    "assessor",
    "method",
    "reference_job",
    "reference_job_scale",
    "reference_hourly_wage",
    "observed_on",
    "conclusion",
)


def assessment_update(
    *,
    user,
    region,
    assessment: Assessment,
    request=None,
    **changes,
) -> Assessment:
    """Change the draft's given fields (HEADER_FIELDS); choosing another expert needs the assign right."""
    unknown = set(changes) - set(HEADER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    allowed = actions(user, region, assessment)
    _refuse_finalised(assessment)
    _require(allowed.edit)
    for text_field in ("workplace", "reference_job", "reference_job_scale", "conclusion"):
        if text_field in changes:
            changes[text_field] = (changes[text_field] or "").strip()
    if "assessor" in changes and changes["assessor"] != assessment.assessor:
        _require(allowed.assign)
    checked = {k: v for k, v in changes.items() if k != "assessor" or v != assessment.assessor}
    if "method" in checked or "observed_on" in checked:
        checked.setdefault("method", assessment.method)
        checked.setdefault("observed_on", assessment.observed_on)
    checked["employer"] = assessment.employer
    errors = _header_errors(region, **checked)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_draft(assessment)
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, changes[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            _log(
                user=user,
                region=region,
                action=AccessAction.UPDATE,
                assessment=locked,
                context="Loonwaardemeting gewijzigd",
                fields=changed,
                request=request,
            )
    return locked


def assessment_delete(*, user, region, assessment: Assessment, request=None) -> None:
    """Remove a draft started by mistake (the organisation only); a finalised one stays forever."""
    allowed = actions(user, region, assessment)
    _refuse_finalised(assessment)
    _require(allowed.delete)
    with transaction.atomic():
        locked = _lock_draft(assessment)
        _log(
            user=user,
            region=region,
            action=AccessAction.DELETE,
            assessment=locked,
            context="Concept-loonwaardemeting verwijderd",
            fields=[],
            request=request,
        )
        locked.delete()


# --- main tasks ------------------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _task_errors(values: dict, *, other_share: Decimal) -> dict[str, list[str]]:
    """The rules for one main task (Besluit LKS 2021 art. 1): its own checks and room in the week."""
    errors: dict[str, list[str]] = {}
    if not values["name"]:
        errors["name"] = [_("Enter the name of the main task.")]
    share = _decimal(values["share_pct"])
    if share is None:
        errors["share_pct"] = [_("Enter a number.")]
    elif share < calc.MAIN_TASK_MIN_SHARE_PCT:
        errors["share_pct"] = [
            error_message(
                calc.CalculationInputError(
                    "share_pct", "below_main_task_share", minimum=calc.MAIN_TASK_MIN_SHARE_PCT
                )
            )
        ]
    elif share + other_share > calc.HUNDRED:
        errors["share_pct"] = [
            _("Together with the other main tasks this comes to %(total)s %%; at most 100 %% is possible.")
            % {"total": f"{(share + other_share).normalize():f}".replace(".", ",")}
        ]
    minutes = _decimal(values["minutes_per_day"])
    if minutes is None:
        errors["minutes_per_day"] = [_("Enter a number.")]
    elif minutes < calc.MAIN_TASK_MIN_MINUTES_PER_DAY:
        errors["minutes_per_day"] = [
            error_message(
                calc.CalculationInputError(
                    "minutes_per_day", "below_main_task_minutes", minimum=calc.MAIN_TASK_MIN_MINUTES_PER_DAY
                )
            )
        ]
    elif minutes > 24 * 60:
        errors["minutes_per_day"] = [_("A day has no more than 1440 minutes.")]
    for name in ("tempo_pct", "quality_pct", "third_factor_pct"):
        score = _decimal(values[name])
        if score is None:
            errors[name] = [_("Enter a number.")]
        elif not 0 <= score <= 100:
            errors[name] = [_("Enter a percentage from 0 to 100.")]
    for name in ("share_pct", "minutes_per_day", "tempo_pct", "quality_pct", "third_factor_pct"):
        value = _decimal(values[name])
        if name not in errors and value is not None and value != value.quantize(Decimal("0.01")):
            errors[name] = [_("Use at most two decimals.")]
    return errors


def _other_share(assessment: Assessment, exclude_pk=None) -> Decimal:
    qs = AssessmentTask.objects.filter(assessment=assessment)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(total=Sum("share_pct"))["total"] or Decimal(0)


TASK_FIELDS = (
    "name",
    "description",
    "share_pct",
    "minutes_per_day",
    "tempo_pct",
    "quality_pct",
    "third_factor_pct",
)


def _task_values(**values) -> dict:
    values["name"] = (values.get("name") or "").strip()
    values["description"] = (values.get("description") or "").strip()
    return values


def task_add(
    *,
    user,
    region,
    assessment: Assessment,
    name: str,
    share_pct,
    minutes_per_day,
    tempo_pct,
    quality_pct,
    third_factor_pct,
    description: str = "",
    request=None,
) -> AssessmentTask:
    _refuse_finalised(assessment)
    _require(actions(user, region, assessment).tasks)
    values = _task_values(
        name=name,
        description=description,
        share_pct=share_pct,
        minutes_per_day=minutes_per_day,
        tempo_pct=tempo_pct,
        quality_pct=quality_pct,
        third_factor_pct=third_factor_pct,
    )
    with transaction.atomic():
        locked = _lock_draft(assessment)
        existing = AssessmentTask.objects.filter(assessment=locked)
        if existing.count() >= MAX_TASKS:
            raise ValidationError(
                {"name": [_("An assessment has at most %(n)s main tasks.") % {"n": MAX_TASKS}]}
            )
        errors = _task_errors(values, other_share=_other_share(locked))
        if errors:
            raise ValidationError(errors)
        position = (existing.aggregate(m=Max("position"))["m"] or 0) + 1
        task = AssessmentTask.objects.create(assessment=locked, position=position, **values)
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE,
            assessment=locked,
            obj=task,
            object_type=TASK_OBJECT_TYPE,
            context="Hoofdtaak toegevoegd aan loonwaardemeting",
            fields=list(TASK_FIELDS),
            request=request,
        )
    return task


def task_update(*, user, region, task: AssessmentTask, request=None, **changes) -> AssessmentTask:
    assessment = task.assessment
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _refuse_finalised(assessment)
    _require(actions(user, region, assessment).tasks)
    with transaction.atomic():
        locked = _lock_draft(assessment)
        current = AssessmentTask.objects.get(pk=task.pk, assessment=locked)
        values = _task_values(**{name: changes.get(name, getattr(current, name)) for name in TASK_FIELDS})
        errors = _task_errors(values, other_share=_other_share(locked, exclude_pk=current.pk))
        if errors:
            raise ValidationError(errors)
        changed = []
        for name in TASK_FIELDS:
            new = values[name]
            if name not in ("name", "description"):
                new = _decimal(new)
            if getattr(current, name) != new:
                setattr(current, name, new)
                changed.append(name)
        if changed:
            current.save(update_fields=changed)
            _log(
                user=user,
                region=region,
                action=AccessAction.UPDATE,
                assessment=locked,
                obj=current,
                object_type=TASK_OBJECT_TYPE,
                context="Hoofdtaak van loonwaardemeting gewijzigd",
                fields=changed,
                request=request,
            )
    return current


def task_remove(*, user, region, task: AssessmentTask, request=None) -> None:
    assessment = task.assessment
    _refuse_finalised(assessment)
    _require(actions(user, region, assessment).tasks)
    with transaction.atomic():
        locked = _lock_draft(assessment)
        current = AssessmentTask.objects.get(pk=task.pk, assessment=locked)
        _log(
            user=user,
            region=region,
            action=AccessAction.DELETE,
            assessment=locked,
            obj=current,
            object_type=TASK_OBJECT_TYPE,
            context="Hoofdtaak van loonwaardemeting verwijderd",
            fields=[],
            request=request,
        )
        current.delete()


# --- views of the employer and the candidate -------------------------------------------------------


def view_record(
    *, user, region, assessment: Assessment, party: str, text: str, given_by: str = "", request=None
) -> Assessment:
    """Record (or replace, while a draft) the employer's or the candidate's view (Besluit LKS 2021 art. 3)."""
    if party not in PARTIES:
        raise ValueError(f"Unknown party {party!r}")
    _refuse_finalised(assessment)
    _require(actions(user, region, assessment).views)
    text = (text or "").strip()
    given_by = (given_by or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write down the view as it was given.")]})
    with transaction.atomic():
        locked = _lock_draft(assessment)
        now = timezone.now()
        if party == "employer":
            locked.employer_view, locked.employer_view_by, locked.employer_view_recorded_at = (
                text,
                given_by,
                now,
            )
            fields = ["employer_view", "employer_view_by", "employer_view_recorded_at"]
            context = "Zienswijze werkgever vastgelegd bij loonwaardemeting"
        else:
            locked.candidate_view, locked.candidate_view_recorded_at = text, now
            fields = ["candidate_view", "candidate_view_recorded_at"]
            context = "Zienswijze kandidaat vastgelegd bij loonwaardemeting"
        locked.save(update_fields=[*fields, "updated_at"])
        _log(
            user=user,
            region=region,
            action=AccessAction.UPDATE,
            assessment=locked,
            context=context,
            fields=fields,
            request=request,
        )
    return locked


# --- finalising ------------------------------------------------------------------------------------


def main_tasks(tasks) -> list[calc.MainTask]:
    return [
        calc.MainTask(
            name=t.name,
            share_pct=t.share_pct,
            minutes_per_day=t.minutes_per_day,
            tempo_pct=t.tempo_pct,
            quality_pct=t.quality_pct,
            third_factor_pct=t.third_factor_pct,
        )
        for t in tasks
    ]


def compute(assessment: Assessment, tasks, reported_wage_value: int | None = None) -> calc.WageValueResult:
    """The measurement of the assessment's tasks with its method (raises CalculationInputError)."""
    return calc.wage_value_measurement(
        method=calc.WageValueMethod(assessment.method),
        tasks=main_tasks(tasks),
        reported_wage_value=reported_wage_value,
    )


def finalise_errors(assessment: Assessment, tasks) -> dict[str, list[str]]:
    """What is still missing before the assessment can be finalised (also shown on the page beforehand)."""
    errors: dict[str, list[str]] = {}
    if not assessment.observed_on:
        errors["observed_on"] = [_("Enter the observation date.")]
    if not assessment.reference_job:
        errors["reference_job"] = [_("Enter the reference job.")]
    if assessment.employer_view_recorded_at is None:
        errors["employer_view"] = [_("Record the employer's view first.")]
    if assessment.candidate_view_recorded_at is None:
        errors["candidate_view"] = [_("Record the candidate's view first.")]
    problem = _method_error(assessment.method, assessment.observed_on)
    if problem:
        errors["method"] = [problem]
    try:
        compute(assessment, tasks)
    except calc.CalculationInputError as error:
        errors["tasks"] = [error_message(error)]
    return errors


def assessment_finalise(
    *,
    user,
    region,
    assessment: Assessment,
    reported_wage_value: int | None,
    next_assessment_on: date | None,
    next_assessment_agreed: bool,
    deviation_reason: str = "",
    conclusion=UNCHANGED,
    request=None,
) -> Assessment:
    """Fix the result: the expert's reported figure counts, the calculated one is kept beside it; make the
    report and set the next re-assessment date agreed with employer and candidate. Only by the expert."""
    _refuse_finalised(assessment)
    _require(actions(user, region, assessment).finalise)
    deviation_reason = (deviation_reason or "").strip()
    with transaction.atomic():
        locked = _lock_draft(assessment)
        if conclusion is not UNCHANGED:
            locked.conclusion = (conclusion or "").strip()
        tasks = list(AssessmentTask.objects.filter(assessment=locked).order_by("position", "id"))
        errors = finalise_errors(locked, tasks)
        if reported_wage_value is None:
            errors["reported_wage_value"] = [_("Enter the wage value you report, in whole percent.")]
        elif (
            isinstance(reported_wage_value, bool)
            or not isinstance(reported_wage_value, int)
            or not (0 <= reported_wage_value <= 100)
        ):
            errors["reported_wage_value"] = [_("Enter a whole percentage from 0 to 100.")]
        if next_assessment_on is None:
            errors["next_assessment_on"] = [_("Enter the date of the next re-assessment.")]
        elif locked.observed_on and next_assessment_on <= locked.observed_on:
            errors["next_assessment_on"] = [_("The next re-assessment comes after the observation date.")]
        if not next_assessment_agreed:
            errors["next_assessment_agreed"] = [
                _("Agree the date of the next re-assessment with the employer and the candidate.")
            ]
        if errors:
            raise ValidationError(errors)
        result = compute(locked, tasks, reported_wage_value)
        if result.wage_value != result.computed_wage_value and not deviation_reason:
            raise ValidationError(
                {
                    "deviation_reason": [
                        _("Explain why the reported wage value differs from the calculated %(value)s %%.")
                        % {"value": result.computed_wage_value}
                    ]
                }
            )
        now = timezone.now()
        locked.computed_pct = result.computed_pct.quantize(Decimal("0.0001"))
        locked.computed_wage_value = result.computed_wage_value
        locked.result_percent = result.wage_value
        locked.deviation_reason = deviation_reason if result.wage_value != result.computed_wage_value else ""
        locked.next_assessment_on = next_assessment_on
        locked.next_assessment_agreed = True
        locked.finalised_at = now
        locked.finalised_by = user
        locked.status = AssessmentStatus.FINALISED
        pdf = render_report(
            assessment=locked,
            tasks=tasks,
            result=result,
            candidate_name=locked.candidate.full_name,
            finalised_at=now,
        )
        locked.report_pdf = pdf
        locked.report_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.save()
        _log(
            user=user,
            region=region,
            action=AccessAction.UPDATE,
            assessment=locked,
            context="Loonwaardemeting vastgesteld (rapport gemaakt)",
            fields=[
                "status",
                "result_percent",
                "computed_wage_value",
                "deviation_reason",
                "conclusion",
                "next_assessment_on",
                "report_pdf",
            ],
            request=request,
        )
    return locked


def assessment_correct(*, user, region, assessment: Assessment, reason: str, assessor=None, request=None):
    """A new draft that corrects a finalised assessment: the same workplace and tasks, to be measured again.

    The finalised one stays as it was; the new one is finalised in the ordinary way (views again included).
    """
    if not assessment.is_finalised:
        raise ValidationError(
            {"__all__": [_("Only a finalised assessment can be corrected; edit the draft.")]}
        )
    _require(may_correct(user, region, assessment))
    if assessment.corrections.exists():
        raise ValidationError({"__all__": [_("This assessment has already been corrected.")]})
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("Say what is corrected and why.")]
    assessor = assessor or assessment.assessor
    errors.update(_header_errors(region, assessor=assessor))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        original = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if original.corrections.exists():
            raise ValidationError({"__all__": [_("This assessment has already been corrected.")]})
        correction = Assessment.objects.create(
            region=original.region,
            candidate=original.candidate,
            employer=original.employer,
            location=original.location,
            workplace=original.workplace,
            assessor=assessor,
            method=original.method,
            reference_job=original.reference_job,
            reference_job_scale=original.reference_job_scale,
            reference_hourly_wage=original.reference_hourly_wage,
            observed_on=original.observed_on,
            conclusion=original.conclusion,
            corrects=original,
            correction_reason=reason,
            created_by=user,
        )
        AssessmentTask.objects.bulk_create(
            AssessmentTask(
                assessment=correction,
                position=t.position,
                **{name: getattr(t, name) for name in TASK_FIELDS},
            )
            for t in original.tasks.all()
        )
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE,
            assessment=correction,
            context="Correctie van vastgestelde loonwaardemeting aangemaakt",
            fields=["corrects", "correction_reason", "assessor", *HEADER_FIELDS, "tasks"],
            request=request,
        )
    return correction
