"""Reading vacancies and job-carving tasks, always as a given user in a given region (rules in
permissions.py). Vacancies and tasks hold no personal data, so reads are not access-logged."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.employers.models import Employer, EmployerLocation
from werkbedrijf.regions.models import Municipality, OccupationGroup

from .models import (
    CarvedTask,
    DemandLevel,
    EmployerTask,
    Vacancy,
    VacancyKind,
    VacancyStatus,
    VacancyStatusChange,
)
from .permissions import VacancyScope, vacancy_rule

SORT_NEWEST = "newest"
SORT_START_DATE = "start_date"
SORT_TITLE = "title"
SORTS = (SORT_NEWEST, SORT_START_DATE, SORT_TITLE)


def vacancy_queryset(*, user, region) -> QuerySet[Vacancy]:
    """The vacancies the user may see in the region (all, or only its own employer's); raises if none."""
    rule = vacancy_rule(user, region)
    if rule.scope < VacancyScope.OWN:
        raise PermissionDenied
    qs = Vacancy.objects.filter(region=region).select_related(
        "employer__organisation", "occupation__group", "location__municipality"
    )
    if rule.scope == VacancyScope.OWN:
        qs = qs.filter(employer__organisation_id=user.organisation_id)
    return qs


@dataclass(frozen=True)
class VacancyFilters:
    search: str = ""
    status: str = ""
    kind: str = ""
    occupation_group: str = ""
    occupation_uuid: str = ""
    municipality_code: str = ""
    employer_uuid: str = ""
    sort: str = SORT_NEWEST


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def vacancy_search(*, user, region, filters: VacancyFilters) -> QuerySet[Vacancy]:
    """Search (title, employer name, occupation), filters and sorting. A malformed uuid filter finds
    nothing (callers that can report it, like the API, check it first)."""
    qs = vacancy_queryset(user=user, region=region)
    for value in (filters.occupation_uuid, filters.employer_uuid):
        if value and not _is_uuid(value):
            return qs.none()
    term = filters.search.strip()
    if term:
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(employer__organisation__name__icontains=term)
            | Q(occupation__name_nl__icontains=term)
        )
    if filters.status in VacancyStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.kind in VacancyKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.occupation_group:
        qs = qs.filter(occupation__group__code__startswith=filters.occupation_group)
    if filters.occupation_uuid:
        qs = qs.filter(occupation__uuid=filters.occupation_uuid)
    if filters.municipality_code:
        qs = qs.filter(location__municipality__code=filters.municipality_code)
    if filters.employer_uuid:
        qs = qs.filter(employer__uuid=filters.employer_uuid)
    sort = filters.sort if filters.sort in SORTS else SORT_NEWEST
    if sort == SORT_START_DATE:
        order = [F("start_date").asc(nulls_last=True), "-created_at", "-id"]
    elif sort == SORT_TITLE:
        order = ["title", "-id"]
    else:
        order = ["-created_at", "-id"]
    return qs.order_by(*order)


def vacancy_list(*, user, region, filters: VacancyFilters, page_number=None, per_page: int = 50) -> Page:
    qs = vacancy_search(user=user, region=region, filters=filters)
    return Paginator(qs, per_page).get_page(page_number)


def vacancy_get(*, user, region, vacancy_uuid) -> Vacancy:
    """One vacancy the user may see in the region; anything else (another region or employer) is 404."""
    try:
        return vacancy_queryset(user=user, region=region).get(uuid=vacancy_uuid)
    except (Vacancy.DoesNotExist, ValueError, PermissionDenied) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class DemandRow:
    rubric: str
    rubric_label: str
    level: int | None
    level_label: str
    note: str


def demand_rows(demands) -> list[DemandRow]:
    """One row per rubric in the rubric order; a rubric without demand has level None."""
    by_rubric = {d.rubric: d for d in demands}
    rows = []
    for rubric, label in AbilityRubric.choices:
        demand = by_rubric.get(rubric)
        rows.append(
            DemandRow(
                rubric=rubric,
                rubric_label=str(label),
                level=demand.level if demand else None,
                level_label=str(DemandLevel(demand.level).label) if demand else "",
                note=getattr(demand, "note", "") if demand else "",
            )
        )
    return rows


def status_history(vacancy: Vacancy) -> list[VacancyStatusChange]:
    return list(vacancy.status_changes.select_related("changed_by"))


def carved_tasks(vacancy: Vacancy) -> list[CarvedTask]:
    return list(vacancy.carved_task_links.select_related("task").order_by("task__source_job", "task__name"))


@dataclass(frozen=True)
class VacancyCounts:
    total: int
    open_positions: int
    by_status: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]


def vacancy_counts(*, user, region) -> VacancyCounts:
    """Totals for the region (board members and up); never an employer's name."""
    rule = vacancy_rule(user, region)
    if rule.scope < VacancyScope.COUNTS or rule.scope == VacancyScope.OWN:
        raise PermissionDenied
    aggregates = {f"s_{v}": Count("id", filter=Q(status=v)) for v in VacancyStatus.values}
    aggregates |= {f"k_{v}": Count("id", filter=Q(kind=v)) for v in VacancyKind.values}
    totals = Vacancy.objects.filter(region=region).aggregate(
        total=Count("id"),
        open_positions=Sum("number_of_positions", filter=Q(status=VacancyStatus.OPEN)),
        **aggregates,
    )
    return VacancyCounts(
        total=totals["total"],
        open_positions=totals["open_positions"] or 0,
        by_status=[(label, totals[f"s_{v}"]) for v, label in VacancyStatus.choices],
        by_kind=[(label, totals[f"k_{v}"]) for v, label in VacancyKind.choices],
    )


def employer_tasks(*, user, region, employer: Employer, include_archived: bool = False) -> list[EmployerTask]:
    """The employer's job-carving tasks with their demands, for whoever may see the employer's vacancies."""
    rule = vacancy_rule(user, region)
    if employer.organisation.region_id != region.pk or rule.scope < VacancyScope.OWN:
        raise Http404
    if rule.scope == VacancyScope.OWN and employer.organisation_id != user.organisation_id:
        raise Http404
    qs = EmployerTask.objects.filter(employer=employer).prefetch_related("demands")
    if not include_archived:
        qs = qs.filter(archived=False)
    return list(qs.order_by("source_job", "name", "id"))


@dataclass(frozen=True)
class SourceJobGroup:
    source_job: str
    tasks: list[EmployerTask]
    hours: Decimal


def group_by_source_job(tasks: list[EmployerTask]) -> list[SourceJobGroup]:
    groups: dict[str, list[EmployerTask]] = {}
    for task in tasks:
        groups.setdefault(task.source_job, []).append(task)
    return [
        SourceJobGroup(job, items, sum((t.hours_per_week for t in items), Decimal("0")))
        for job, items in sorted(groups.items(), key=lambda item: item[0].lower())
    ]


def tasks_by_uuid(*, employer: Employer, uuids) -> dict[str, EmployerTask]:
    """The employer's current tasks among `uuids` (strings); unknown or malformed ones are left out."""
    valid = [str(value) for value in uuids if _is_uuid(value)]
    qs = EmployerTask.objects.filter(employer=employer, archived=False, uuid__in=valid).prefetch_related(
        "demands"
    )
    return {str(t.uuid): t for t in qs}


def occupation_groups() -> QuerySet[OccupationGroup]:
    """ISCO major and sub-major groups (1 and 2 digits), for the list filter."""
    return OccupationGroup.objects.filter(level__in=(1, 2)).order_by("code")


def location_municipalities(*, region) -> QuerySet[Municipality]:
    """Municipalities where the region's employers have a location."""
    return Municipality.objects.filter(
        pk__in=EmployerLocation.objects.filter(employer__organisation__region=region).values("municipality")
    ).order_by("name")
