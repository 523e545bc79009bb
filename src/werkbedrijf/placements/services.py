"""Writing placements and their aftercare. Every write checks permissions.may_write, runs in one transaction
with the placement's row locked where two people can act at once, and is audited (field names, never values).

Registering a placement also:
- appends its first hours row and makes its five checkpoints (rules.checkpoint_dates);
- moves the candidate to "placed" (with a status-history row), unless they are placed already (a second
  job); a candidate who left the pool or is temporarily unavailable cannot be placed;
- marks the vacancy filled once its active placements take all its positions.
Ending one cancels the checkpoints due after its last day and, when it was the candidate's only active
placement, puts the candidate back in the pool as available, with their history kept.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.candidates import services as candidate_services
from werkbedrijf.candidates.models import Candidate, CandidateStatus
from werkbedrijf.employers.models import Employer
from werkbedrijf.proposals.models import Proposal
from werkbedrijf.proposals.states import ProposalState
from werkbedrijf.regions.models import Region
from werkbedrijf.vacancies import services as vacancy_services
from werkbedrijf.vacancies.models import STATUS_TRANSITIONS as VACANCY_TRANSITIONS
from werkbedrijf.vacancies.models import Vacancy, VacancyStatus

from . import rules
from .choices import CheckpointOutcome, CoachingKind, CoachingPeriod, ContractType, EndReason
from .models import (
    MAX_HOURLY_WAGE,
    MAX_HOURS_PER_WEEK,
    Checkpoint,
    CoachingActivity,
    CoachingPlan,
    Placement,
    PlacementHours,
    Reminder,
)
from .permissions import may_write

OBJECT_TYPE = "placement"
MAX_TEXT = 2000
# A checkpoint can be recorded from this many days before it is due (the reminder comes then too).
RECORD_FROM_DAYS = 14
# Proposals a placement can come from: hired, or in a trial placement for a trial placement.
PLACEABLE_PROPOSALS = {ProposalState.HIRED, ProposalState.TRIAL_PLACEMENT}


def _label(placement: Placement) -> str:
    return f"{pseudonym('kandidaat', placement.candidate.uuid)} bij {placement.employer.organisation.name}"


def _log(user, region, placement: Placement, *, action: str, context: str, fields, request) -> None:
    log_change(
        actor=user,
        action=action,
        object_type=OBJECT_TYPE,
        object_uuid=placement.uuid,
        object_label=_label(placement),
        context=context,
        changed_fields=fields,
        subject_uuids=[placement.candidate.uuid],
        region_code=region.code,
        request=request,
    )


def _amount(value, maximum, errors: dict, field: str, message: str) -> Decimal | None:
    """`value` as a Decimal above 0, at most `maximum`, in hundredths; else `message` at `field`."""
    try:
        amount = Decimal(str(value))
        if not 0 < amount <= maximum or amount != amount.quantize(Decimal("0.01")):
            raise ValueError
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = [message]
        return None
    return amount


def _hours(value, errors: dict, field: str = "hours_per_week") -> Decimal | None:
    message = _("Enter between 0 and %(max)s hours per week, in at most two decimals.") % {
        "max": MAX_HOURS_PER_WEEK
    }
    return _amount(value, MAX_HOURS_PER_WEEK, errors, field, message)


def _text(value: str, name: str, errors: dict) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        errors[name] = [_("A text is at most %(max)s characters.") % {"max": MAX_TEXT}]
    return value


def _set_candidate_status(candidate: Candidate, to_status: str, reason: str, user) -> None:
    """The candidate's status as the placement leaves it, with its history row (the placement's permission
    check stands for it: whoever may place the candidate may record that they are placed)."""
    if candidate.status != to_status:
        candidate_services.status_record(candidate=candidate, to_status=to_status, reason=reason, actor=user)


def _fill_vacancy(vacancy: Vacancy, user) -> None:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    taken = Placement.objects.filter(vacancy=vacancy, ended_on__isnull=True).count()
    if taken < vacancy.number_of_positions or VacancyStatus.FILLED not in VACANCY_TRANSITIONS[vacancy.status]:
        return
    vacancy_services.status_record(
        vacancy=vacancy,
        to_status=VacancyStatus.FILLED,
        reason="Alle plaatsen vervuld door plaatsingen",
        actor=user,
    )


def proposal_placement(proposal: Proposal) -> Placement | None:
    """The placement the proposal's state calls for, when it has been registered: the trial placement of a
    proposal in a trial placement, the placement on a contract of a hired one."""
    placements = Placement.objects.filter(proposal=proposal)
    if proposal.state == ProposalState.TRIAL_PLACEMENT:
        placements = placements.filter(contract_type=ContractType.TRIAL)
    else:
        placements = placements.exclude(contract_type=ContractType.TRIAL)
    return placements.only("uuid").first()


def _create_errors(
    *, user, region, candidate, employer, vacancy, proposal, contract_type, start_date, planned_end_date,
    trial_extension_reason, hourly_wage, grants, responsible, job_title,
) -> dict[str, list[str]]:  # fmt: skip
    errors: dict[str, list[str]] = {}
    if candidate.status in (CandidateStatus.LEFT, CandidateStatus.TEMPORARILY_UNAVAILABLE):
        errors["candidate"] = [
            _("The candidate is “%(status)s”; change that first.")
            % {"status": CandidateStatus(candidate.status).label}
        ]
    if employer is None or employer.organisation.region_id != region.pk:
        errors["employer"] = [_("Choose an employer of this region.")]
    if vacancy is not None and (
        vacancy.region_id != region.pk or vacancy.employer_id != getattr(employer, "pk", None)
    ):
        errors["vacancy"] = [_("The vacancy must be one of this employer in this region.")]
    elif vacancy is not None and vacancy.status in (VacancyStatus.DRAFT, VacancyStatus.WITHDRAWN):
        errors["vacancy"] = [
            _("The vacancy is “%(status)s”; no one can be placed on it.")
            % {"status": VacancyStatus(vacancy.status).label}
        ]
    if proposal is not None:
        if proposal.region_id != region.pk or proposal.candidate_id != candidate.pk:
            errors["proposal"] = [_("The proposal must be this candidate's, in this region.")]
        elif proposal.state not in PLACEABLE_PROPOSALS:
            errors["proposal"] = [
                _("Only a proposal that ended in a hire or a trial placement becomes a placement.")
            ]
        elif proposal.state == ProposalState.TRIAL_PLACEMENT and contract_type != ContractType.TRIAL:
            errors["contract_type"] = [
                _(
                    "The proposal is in a trial placement: register the trial placement "
                    "(a contract follows the hire)."
                )
            ]
        elif proposal.state == ProposalState.HIRED and contract_type == ContractType.TRIAL:
            errors["contract_type"] = [
                _("The candidate was hired: register the contract, not a trial placement.")
            ]
        elif proposal_placement(proposal) is not None:
            errors["proposal"] = [_("This proposal already has a placement.")]
        elif vacancy is not None and proposal.vacancy_id != vacancy.pk:
            errors["vacancy"] = [_("The vacancy must be the proposal's.")]
    if contract_type not in ContractType.values:
        errors["contract_type"] = [_("Choose a contract type.")]
    if not isinstance(start_date, date):
        errors["start_date"] = [_("Enter the start date.")]
    elif planned_end_date is not None and planned_end_date < start_date:
        errors["planned_end_date"] = [_("The planned end cannot be before the start.")]
    elif contract_type == ContractType.TRIAL:
        problem = rules.trial_problem(
            target_group=candidate.target_group,
            start=start_date,
            end=planned_end_date,
            extended=bool(trial_extension_reason),
        )
        limit = rules.trial_limit(candidate.target_group)
        messages = {
            "no_end": _("A trial placement needs its planned end date."),
            "needs_extension": _(
                "A trial placement lasts at most %(months)s months (%(basis)s); "
                "give the reason for extending it."
            ),
            "too_long": _("A trial placement lasts at most %(max)s months in all (%(basis)s)."),
        }
        if problem in messages:
            errors["planned_end_date"] = [
                messages[problem]
                % {"months": limit.initial_months, "max": limit.max_months, "basis": limit.basis}
            ]
    if contract_type != ContractType.TRIAL and trial_extension_reason:
        errors["trial_extension_reason"] = [_("Only a trial placement is extended.")]
    if hourly_wage is not None:
        _amount(
            hourly_wage,
            MAX_HOURLY_WAGE,
            errors,
            "hourly_wage",
            _("Enter a gross hourly wage above 0, in cents at most."),
        )
    for grant in grants:
        if (
            grant.region_id != region.pk
            or grant.candidate_id != candidate.pk
            or grant.employer_id != getattr(employer, "pk", None)
        ):
            errors["grants"] = [_("Attach only grants for this candidate at this employer.")]
            break
    if responsible is not None and not may_write(responsible, region, candidate):
        errors["responsible"] = [_("The person responsible must be able to do this candidate's aftercare.")]
    if not job_title:
        errors["job_title"] = [_("Name the job.")]
    return errors


def placement_create(
    *,
    user,
    region: Region,
    candidate: Candidate,
    employer: Employer,
    contract_type: str,
    start_date: date,
    hours_per_week,
    job_title: str = "",
    vacancy: Vacancy | None = None,
    proposal: Proposal | None = None,
    planned_end_date: date | None = None,
    trial_extension_reason: str = "",
    hourly_wage: Decimal | None = None,
    grants=(),
    responsible=None,
    request=None,
) -> Placement:
    """Register that `candidate` works at `employer` from `start_date` (from a proposal, or directly)."""
    if not may_write(user, region, candidate):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    hours = _hours(hours_per_week, errors)
    trial_extension_reason = _text(trial_extension_reason, "trial_extension_reason", errors)
    if proposal is not None and vacancy is None:
        vacancy = proposal.vacancy
    job_title = (job_title or "").strip() or (vacancy.title if vacancy is not None else "")
    grants = list(grants)
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        errors.update(
            _create_errors(
                user=user,
                region=region,
                candidate=candidate,
                employer=employer,
                vacancy=vacancy,
                proposal=proposal,
                contract_type=contract_type,
                start_date=start_date,
                planned_end_date=planned_end_date,
                trial_extension_reason=trial_extension_reason,
                hourly_wage=hourly_wage,
                grants=grants,
                responsible=responsible,
                job_title=job_title,
            )
        )
        if errors:
            raise ValidationError(errors)
        placement = Placement.objects.create(
            region=region,
            candidate=candidate,
            employer=employer,
            vacancy=vacancy,
            proposal=proposal,
            job_title=job_title[:200],
            contract_type=contract_type,
            start_date=start_date,
            planned_end_date=planned_end_date,
            trial_extension_reason=trial_extension_reason,
            hours_per_week=hours,
            hourly_wage=hourly_wage,
            responsible=responsible or user,
            municipality_id=candidate.municipality_id,
            target_group=candidate.target_group,
            created_by=user,
        )
        placement.grants.set(grants)
        now = timezone.now()
        PlacementHours.objects.create(
            placement=placement,
            valid_from=start_date,
            hours_per_week=hours,
            recorded_by=user,
            recorded_at=now,
        )
        Checkpoint.objects.bulk_create(
            Checkpoint(placement=placement, months=months, due_on=due_on)
            for months, due_on in rules.checkpoint_dates(start_date)
        )
        _set_candidate_status(
            candidate, CandidateStatus.PLACED, f"Geplaatst bij {employer.organisation.name}", user
        )
        if vacancy is not None:
            _fill_vacancy(vacancy, user)
        fields = ["candidate", "employer", "contract_type", "start_date", "hours_per_week", "job_title"]
        fields += [
            name
            for name, value in (
                ("vacancy", vacancy),
                ("proposal", proposal),
                ("planned_end_date", planned_end_date),
                ("trial_extension_reason", trial_extension_reason),
                ("hourly_wage", hourly_wage),
                ("grants", grants),
            )
            if value
        ]
        _log(
            user,
            region,
            placement,
            action=AccessAction.CREATE,
            context="Plaatsing geregistreerd" + (" (vanuit voordracht)" if proposal else ""),
            fields=fields,
            request=request,
        )
    return placement


def _locked(user, region, placement: Placement) -> Placement:
    if placement.region_id != region.pk or not may_write(user, region, placement.candidate):
        raise PermissionDenied
    return (
        Placement.objects.select_for_update()
        .select_related("candidate", "employer__organisation")
        .get(pk=placement.pk)
    )


def placement_change_hours(
    *,
    user,
    region: Region,
    placement: Placement,
    valid_from: date,
    hours_per_week,
    note: str = "",
    request=None,
) -> PlacementHours:
    """From `valid_from` the placement has these hours a week (appended to its history)."""
    errors: dict[str, list[str]] = {}
    hours = _hours(hours_per_week, errors)
    note = _text(note, "note", errors)
    with transaction.atomic():
        placement = _locked(user, region, placement)
        row = _append_hours(placement, valid_from, hours, note, user, errors)
        _log(
            user,
            region,
            placement,
            action=AccessAction.UPDATE,
            context="Uren van plaatsing gewijzigd",
            fields=["hours_per_week"] + (["note"] if note else []),
            request=request,
        )
    return row


def _append_hours(placement, valid_from, hours, note, user, errors) -> PlacementHours:
    if not isinstance(valid_from, date):
        errors["valid_from"] = [_("Enter the date from which the hours apply.")]
    elif valid_from <= placement.start_date:
        errors["valid_from"] = [_("A change of hours starts after the placement's start.")]
    elif placement.ended_on is not None and valid_from > placement.ended_on:
        errors["valid_from"] = [_("The placement ended on %(date)s.") % {"date": placement.ended_on}]
    elif placement.hours_history.filter(valid_from=valid_from).exists():
        errors["valid_from"] = [_("The hours from this date have been recorded already.")]
    if errors:
        raise ValidationError(errors)
    row = PlacementHours.objects.create(
        placement=placement,
        valid_from=valid_from,
        hours_per_week=hours,
        note=note,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    latest = placement.hours_history.order_by("-valid_from").first()
    placement.hours_per_week = latest.hours_per_week
    placement.save(update_fields=["hours_per_week", "updated_at"])
    return row


def placement_end(
    *,
    user,
    region: Region,
    placement: Placement,
    ended_on: date,
    reason: str,
    note: str = "",
    request=None,
) -> Placement:
    """End the placement with `ended_on` as its last working day."""
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", errors)
    with transaction.atomic():
        placement = _locked(user, region, placement)
        _end(placement, ended_on, reason, note, user, errors)
        _log(
            user,
            region,
            placement,
            action=AccessAction.UPDATE,
            context="Plaatsing beëindigd",
            fields=["ended_on", "end_reason"] + (["end_note"] if note else []),
            request=request,
        )
    return placement


def _end(placement: Placement, ended_on, reason, note, user, errors) -> None:
    if placement.ended_on is not None:
        errors["ended_on"] = [_("The placement ended already, on %(date)s.") % {"date": placement.ended_on}]
    elif not isinstance(ended_on, date):
        errors["ended_on"] = [_("Enter the last working day.")]
    elif ended_on < placement.start_date:
        errors["ended_on"] = [_("The last working day cannot be before the start.")]
    if reason not in EndReason.values:
        errors["reason"] = [_("Choose why the placement ended.")]
    elif reason == EndReason.OTHER and not note:
        errors["note"] = [_("Say why the placement ended.")]
    if errors:
        raise ValidationError(errors)
    placement.ended_on = ended_on
    placement.end_reason = reason
    placement.end_note = note
    placement.save(update_fields=["ended_on", "end_reason", "end_note", "updated_at"])
    placement.checkpoints.filter(outcome="", due_on__gt=ended_on).update(cancelled=True)
    candidate = Candidate.objects.select_for_update().get(pk=placement.candidate_id)
    others = Placement.objects.filter(candidate=candidate, ended_on__isnull=True).exclude(pk=placement.pk)
    if candidate.status == CandidateStatus.PLACED and not others.exists():
        _set_candidate_status(
            candidate, CandidateStatus.AVAILABLE, "Plaatsing beëindigd: terug in de pool", user
        )
    Reminder.objects.filter(checkpoint__placement=placement, dismissed_at__isnull=True).update(
        dismissed_at=timezone.now()
    )
    if placement.vacancy_id is not None:
        vacancy = Vacancy.objects.select_for_update().get(pk=placement.vacancy_id)
        running = Placement.objects.filter(vacancy=vacancy, ended_on__isnull=True).count()
        if (
            vacancy.status == VacancyStatus.FILLED
            and running < vacancy.number_of_positions
            and placement.end_reason != EndReason.TRIAL_CONTRACT
        ):
            vacancy_services.status_record(
                vacancy=vacancy,
                to_status=VacancyStatus.OPEN,
                reason="Plaatsing beëindigd: de plaats is weer open",
                actor=user,
            )


def checkpoint_record(
    *,
    user,
    region: Region,
    checkpoint: Checkpoint,
    outcome: str,
    note: str = "",
    new_hours=None,
    changed_from: date | None = None,
    ended_on: date | None = None,
    end_reason: str = "",
    today: date | None = None,
    request=None,
) -> Checkpoint:
    """Record the outcome of an open checkpoint, once. "Hours changed" appends the new hours (from
    `changed_from`, today by default); "ended" ends the placement (`ended_on`, `end_reason`)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", errors)
    with transaction.atomic():
        placement = _locked(user, region, checkpoint.placement)
        checkpoint = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
        if not checkpoint.is_open:
            raise ValidationError(_("This checkpoint has been recorded or cancelled already."))
        if (checkpoint.due_on - today).days > RECORD_FROM_DAYS:
            raise ValidationError(
                _("This checkpoint can be recorded from %(days)s days before %(date)s.")
                % {"days": RECORD_FROM_DAYS, "date": checkpoint.due_on}
            )
        if placement.ended_on is not None:
            raise ValidationError(_("The placement has ended; its open checkpoints need no outcome."))
        if outcome not in CheckpointOutcome.values:
            raise ValidationError({"outcome": [_("Choose the outcome.")]})
        if outcome == CheckpointOutcome.HOURS_CHANGED:
            hours = _hours(new_hours, errors, "new_hours")
            if errors:
                raise ValidationError(errors)
            _append_hours(placement, changed_from or today, hours, note, user, errors)
            checkpoint.new_hours = hours
        elif outcome == CheckpointOutcome.ENDED:
            _end(placement, ended_on, end_reason, note, user, errors)
        elif errors:
            raise ValidationError(errors)
        checkpoint.outcome = outcome
        checkpoint.note = note
        checkpoint.recorded_by = user
        checkpoint.recorded_at = timezone.now()
        checkpoint.save()
        checkpoint.reminders.filter(dismissed_at__isnull=True).update(dismissed_at=checkpoint.recorded_at)
        _log(
            user,
            region,
            placement,
            action=AccessAction.UPDATE,
            context=f"Nazorgmoment na {checkpoint.months} maanden vastgelegd",
            fields=["checkpoint", "outcome"] + (["note"] if note else []),
            request=request,
        )
    return checkpoint


def coaching_plan_set(
    *,
    user,
    region: Region,
    placement: Placement,
    provider: str,
    hours,
    period: str,
    goals: str,
    valid_from: date,
    valid_until: date | None = None,
    coach_name: str = "",
    request=None,
) -> CoachingPlan:
    """A (new version of the) job-coach plan: who coaches, how many hours per week or month, to what end."""
    errors: dict[str, list[str]] = {}
    provider = _text(provider, "provider", errors)[:200]
    coach_name = _text(coach_name, "coach_name", errors)[:200]
    goals = _text(goals, "goals", errors)
    if not provider:
        errors["provider"] = [_("Name the job-coach provider.")]
    if not goals:
        errors["goals"] = [_("Write down the goals of the coaching.")]
    if period not in CoachingPeriod.values:
        errors["period"] = [_("Choose per week or per month.")]
    hours = _amount(hours, 200, errors, "hours", _("Enter the coaching hours as a number above 0."))
    with transaction.atomic():
        placement = _locked(user, region, placement)
        if placement.ended_on is not None:
            raise ValidationError(_("The placement has ended; it gets no new job-coach plan."))
        if not isinstance(valid_from, date):
            errors["valid_from"] = [_("Enter the date the plan starts.")]
        elif valid_from < placement.start_date:
            errors["valid_from"] = [_("The plan starts on or after the placement's start.")]
        elif valid_until is not None and valid_until < valid_from:
            errors["valid_until"] = [_("The plan ends after it starts.")]
        if errors:
            raise ValidationError(errors)
        plan = CoachingPlan.objects.create(
            placement=placement,
            provider=provider,
            coach_name=coach_name,
            hours=hours,
            period=period,
            goals=goals,
            valid_from=valid_from,
            valid_until=valid_until,
            created_by=user,
            created_at=timezone.now(),
        )
        _log(
            user,
            region,
            placement,
            action=AccessAction.CREATE,
            context="Jobcoachplan vastgelegd",
            fields=["provider", "hours", "period", "goals", "valid_from"],
            request=request,
        )
    return plan


def coaching_activity_add(
    *,
    user,
    region: Region,
    placement: Placement,
    on: date,
    kind: str,
    hours,
    note: str = "",
    today: date | None = None,
    request=None,
) -> CoachingActivity:
    """Log coaching given on `on`, against the plan in force (the latest recorded)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", errors)
    if kind not in CoachingKind.values:
        errors["kind"] = [_("Choose the kind of coaching.")]
    hours = _amount(hours, 24, errors, "hours", _("Enter the hours, above 0 and at most 24."))
    with transaction.atomic():
        placement = _locked(user, region, placement)
        plan = placement.coaching_plans.order_by("-created_at", "-id").first()
        if plan is None:
            raise ValidationError(_("Record a job-coach plan first."))
        if not isinstance(on, date):
            errors["on"] = [_("Enter the date.")]
        elif on < placement.start_date or on > today:
            errors["on"] = [_("The date lies between the placement's start and today.")]
        elif placement.ended_on is not None and on > placement.ended_on:
            errors["on"] = [_("The placement ended on %(date)s.") % {"date": placement.ended_on}]
        if errors:
            raise ValidationError(errors)
        activity = CoachingActivity.objects.create(
            plan=plan, on=on, kind=kind, hours=hours, note=note, recorded_by=user, recorded_at=timezone.now()
        )
        _log(
            user,
            region,
            placement,
            action=AccessAction.CREATE,
            context="Jobcoachingsactiviteit vastgelegd",
            fields=["on", "kind", "hours"] + (["note"] if note else []),
            request=request,
        )
    return activity


def grants_attach(*, user, region: Region, placement: Placement, grants, request=None) -> Placement:
    """Attach these grants (of the candidate at the employer) to the placement, besides those it has."""
    grants = list(grants)
    with transaction.atomic():
        placement = _locked(user, region, placement)
        wrong = [
            g
            for g in grants
            if g.region_id != region.pk
            or g.candidate_id != placement.candidate_id
            or g.employer_id != placement.employer_id
        ]
        if wrong:
            raise ValidationError({"grants": [_("Attach only grants for this candidate at this employer.")]})
        placement.grants.add(*grants)
        _log(
            user, region, placement, action=AccessAction.UPDATE, context="Subsidies aan plaatsing gekoppeld",
            fields=["grants"], request=request,
        )  # fmt: skip
    return placement


def reminder_dismiss(*, user, region: Region, reminder_uuid) -> None:
    """Hide one of the user's own reminders (the checkpoint stays on their list of checkpoints due); 404
    for anyone else's or another region's."""
    reminders = Reminder.objects.filter(uuid=reminder_uuid, user=user, checkpoint__placement__region=region)
    try:
        found = reminders.exists()
    except (ValueError, ValidationError):
        found = False
    if not found:
        raise Http404
    reminders.filter(dismissed_at__isnull=True).update(dismissed_at=timezone.now())
