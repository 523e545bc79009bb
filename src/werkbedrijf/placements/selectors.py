"""Reading placements, always as a given user in a given region (rules in permissions.py).

Persons are presented as the proposals show them (proposals.selectors.present_person): in full for the
candidate's own organisation, pseudonymised for the rest of the region, by pseudonym alone once another
partner's candidate has withdrawn their region-wide consent. A list names the persons shown in full in one
access-log search entry; opening a placement of a person shown in full is a read of their record.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from werkbedrijf.candidates.selectors import log_candidate_read, stale_before
from werkbedrijf.instruments.models import Grant
from werkbedrijf.parameters import keys
from werkbedrijf.parameters.selectors import ParameterNotFound, parameter_on
from werkbedrijf.proposals.selectors import ProposedPerson, log_person_search, present_person

from . import rules
from .models import Checkpoint, CoachingActivity, CoachingPlan, Placement, PlacementHours, Reminder
from .permissions import may_read_details, may_read_placements, may_write, sees_in_full
from .services import RECORD_FROM_DAYS

PER_PAGE = 25


@dataclass(frozen=True)
class PlacementFilters:
    active_only: bool = False
    contract_type: str = ""
    employer_uuid: str = ""
    candidate_uuid: str = ""
    own_only: bool = False  # the user's own organisation's candidates


@dataclass(frozen=True)
class PlacementRow:
    placement: Placement
    person: ProposedPerson
    may_write: bool


def _require_read(user, region) -> None:
    if not may_read_placements(user, region):
        raise PermissionDenied


def placement_queryset(*, user, region) -> QuerySet[Placement]:
    _require_read(user, region)
    return (
        Placement.objects.filter(region=region)
        .select_related(
            "candidate__municipality",
            "candidate__responsible_organisation",
            "employer__organisation",
            "vacancy",
            "responsible",
            "municipality",
        )
        .prefetch_related("candidate__abilities", "candidate__desired_occupations")
    )


def placement_search(*, user, region, filters: PlacementFilters) -> QuerySet[Placement]:
    qs = placement_queryset(user=user, region=region)
    if filters.active_only:
        qs = qs.filter(ended_on__isnull=True)
    if filters.contract_type:
        qs = qs.filter(contract_type=filters.contract_type)
    if filters.employer_uuid:
        qs = qs.filter(employer__uuid=filters.employer_uuid)
    if filters.candidate_uuid:
        qs = qs.filter(candidate__uuid=filters.candidate_uuid)
    if filters.own_only:
        qs = qs.filter(candidate__responsible_organisation_id=user.organisation_id or -1)
    return qs.order_by("-start_date", "-id")


def present_placements(*, user, region, placements, request=None, context: str) -> list[PlacementRow]:
    cutoff = stale_before(region)
    people: dict[int, ProposedPerson] = {}
    rows = []
    for placement in placements:
        person = people.get(placement.candidate_id)
        if person is None:
            person = people[placement.candidate_id] = present_person(
                user, region, placement.candidate, cutoff
            )
        rows.append(PlacementRow(placement, person, may_write(user, region, placement.candidate)))
    log_person_search(user=user, region=region, persons=people.values(), request=request, context=context)
    return rows


@dataclass(frozen=True)
class PlacementPage:
    page: Page
    rows: list[PlacementRow]


def placement_list(
    *, user, region, filters: PlacementFilters, page_number=None, request=None, context: str
) -> PlacementPage:
    page = Paginator(placement_search(user=user, region=region, filters=filters), PER_PAGE).get_page(
        page_number
    )
    return PlacementPage(
        page=page,
        rows=present_placements(
            user=user, region=region, placements=page.object_list, request=request, context=context
        ),
    )


def placement_get(*, user, region, placement_uuid) -> Placement:
    """One placement of the region the user may read; anything else is 404."""
    try:
        return placement_queryset(user=user, region=region).get(uuid=placement_uuid)
    except (Placement.DoesNotExist, ValueError, ValidationError, PermissionDenied) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class CheckpointRow:
    checkpoint: Checkpoint
    recordable: bool  # open, within RECORD_FROM_DAYS of its date, the placement running, the user may write
    overdue: bool


@dataclass(frozen=True)
class JobUnits:
    """What the placement counts for the banenafspraak on `on` (rules.job_units_on)."""

    on: date
    units: Decimal
    sector_type: str  # the employer's: market or government
    hours_per_job: Decimal | None  # None: the legal parameter is missing for the date
    confidence: str = ""


def job_units_of(placement: Placement, on: date) -> JobUnits:
    """The placement's job units on `on`, with the hours per job in force then and its confidence."""
    try:
        parameter = parameter_on(keys.JOB_UNIT_HOURS_PER_WEEK, on)
    except ParameterNotFound:
        return JobUnits(on, Decimal(0), placement.employer.sector_type, None)
    candidate = placement.candidate
    facts = rules.PlacementFacts(
        start=placement.start_date,
        ended_on=placement.ended_on,
        contract_type=placement.contract_type,
        hours=tuple(
            placement.hours_history.order_by("valid_from").values_list("valid_from", "hours_per_week")
        ),
        in_register=candidate.in_target_group_register,
        registered_from=candidate.registered_from,
        registered_until=candidate.registered_until,
    )
    return JobUnits(
        on,
        rules.job_units_on(facts, on, parameter.value),
        placement.employer.sector_type,
        parameter.value,
        parameter.confidence,
    )


@dataclass(frozen=True)
class PlacementDetail:
    placement: Placement
    person: ProposedPerson
    may_write: bool
    details_visible: bool  # notes, the end reason, coaching
    hours: list[PlacementHours]
    checkpoints: list[CheckpointRow]
    plans: list[CoachingPlan] = field(default_factory=list)
    activities: list[CoachingActivity] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    coaching_hours: object = 0
    job_units: JobUnits | None = None


def _checkpoint_row(
    checkpoint: Checkpoint, placement: Placement, writable: bool, today: date
) -> CheckpointRow:
    recordable = (
        writable
        and checkpoint.is_open
        and placement.ended_on is None
        and (checkpoint.due_on - today).days <= RECORD_FROM_DAYS
    )
    overdue = checkpoint.is_open and placement.ended_on is None and checkpoint.due_on < today
    return CheckpointRow(checkpoint, recordable, overdue)


def placement_detail(*, user, region, placement: Placement, request=None, context: str) -> PlacementDetail:
    _require_read(user, region)
    if placement.region_id != region.pk:
        raise Http404
    today = timezone.localdate()
    person = present_person(user, region, placement.candidate, stale_before(region))
    writable = may_write(user, region, placement.candidate)
    details = may_read_details(user, region, placement.candidate)
    in_full = sees_in_full(user, region, placement.candidate)  # grants are the candidate's organisation's
    plans = list(placement.coaching_plans.select_related("created_by").order_by("-created_at", "-id"))
    activities = list(
        CoachingActivity.objects.filter(plan__placement=placement)
        .select_related("recorded_by")
        .order_by("-on", "-id")
    )
    if person.is_full:
        log_candidate_read(
            user=user, region=region, candidate=placement.candidate, request=request, context=context
        )
    return PlacementDetail(
        placement=placement,
        person=person,
        may_write=writable,
        details_visible=details,
        hours=list(placement.hours_history.select_related("recorded_by").order_by("valid_from")),
        checkpoints=[
            _checkpoint_row(c, placement, writable, today)
            for c in placement.checkpoints.select_related("recorded_by").order_by("months")
        ],
        plans=plans if details else [],
        activities=activities if details else [],
        grants=list(placement.grants.select_related("instrument_version__instrument")) if in_full else [],
        coaching_hours=sum((a.hours for a in activities), start=0) if details else 0,
        job_units=job_units_of(placement, today),
    )


def placements_section(*, user, region, candidate_uuid=None, employer_uuid=None, request=None, context: str):
    """A candidate's or an employer's placements for their pages (newest first, at most 20) and the total."""
    if not may_read_placements(user, region):
        return [], 0
    qs = placement_search(
        user=user,
        region=region,
        filters=PlacementFilters(
            candidate_uuid=str(candidate_uuid or ""), employer_uuid=str(employer_uuid or "")
        ),
    )
    total = qs.count()
    if not total:
        return [], 0
    return present_placements(
        user=user, region=region, placements=qs[:20], request=request, context=context
    ), total


# --- aftercare to do ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueCheckpoint:
    checkpoint: Checkpoint
    person: ProposedPerson
    overdue: bool


def checkpoints_due(
    *, user, region, today: date | None = None, window_days: int = RECORD_FROM_DAYS, request=None
) -> list[DueCheckpoint]:
    """Open checkpoints of running placements the user is responsible for, due within `window_days` or
    overdue, soonest first (the home page's to-do list; it needs no nightly job)."""
    if not may_read_placements(user, region):
        return []
    today = today or timezone.localdate()
    due = (
        Checkpoint.objects.filter(
            placement__region=region,
            placement__responsible=user,
            placement__ended_on__isnull=True,
            outcome="",
            cancelled=False,
            due_on__lte=today + timedelta(days=window_days),
        )
        .select_related(
            "placement__candidate__municipality",
            "placement__candidate__responsible_organisation",
            "placement__employer__organisation",
        )
        .order_by("due_on", "id")
    )
    cutoff = stale_before(region)
    rows = [
        DueCheckpoint(c, present_person(user, region, c.placement.candidate, cutoff), c.due_on < today)
        for c in due[:50]
    ]
    if rows:
        log_person_search(
            user=user,
            region=region,
            persons=[row.person for row in rows],
            request=request,
            context="Nazorgmomenten die eraan komen (startpagina)",
        )
    return rows


def open_reminders(*, user, region) -> QuerySet[Reminder]:
    """The user's reminders in the region that are not dismissed, newest first."""
    return (
        Reminder.objects.filter(
            user=user,
            dismissed_at__isnull=True,
            checkpoint__placement__region=region,
            checkpoint__placement__ended_on__isnull=True,
            checkpoint__outcome="",
            checkpoint__cancelled=False,
        )
        .select_related("checkpoint__placement__employer__organisation")
        .order_by("-created_at", "-id")
    )
