"""Reading wage-value assessments, always as a given user in a given region (rules in permissions.py).

A list that names candidates is access-logged as a search with their uuids; reading one assessment in which
the candidate is named (own organisation, the expert, the employer) is access-logged as a read.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from werkbedrijf.accounts.models import Role, User
from werkbedrijf.accounts.permissions import CANDIDATE_HOLDING_KINDS, pseudonym, roles_in_region
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import Candidate

from . import calculation as calc
from .models import Assessment, AssessmentStatus, AssessmentTask
from .permissions import (
    MANAGING_ROLES,
    PSEUDONYMISED_ROLES,
    Actions,
    AssessmentAccess,
    access,
    actions,
)
from .services import compute, finalise_errors

OBJECT_TYPE = "wage_value_assessment"
LIST_OBJECT_TYPE = "wage_value_assessments"
# How far ahead the re-assessment to-do list looks.
REMINDER_WINDOW_DAYS = 30

STATUS_ALL = "all"
DUE_ONLY = "due"


def visible_q(user, region) -> Q:
    """The assessments of `region` the user may see at least pseudonymised, as one condition."""
    nothing = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False) or region is None:
        return nothing
    roles = roles_in_region(user, region)
    if user.is_external:
        if Role.EMPLOYER_USER in roles and user.organisation_id:
            return Q(status=AssessmentStatus.FINALISED, employer__organisation_id=user.organisation_id)
        return nothing
    condition = nothing
    organisation = user.organisation if user.organisation_id else None
    if roles & MANAGING_ROLES and organisation is not None and organisation.kind in CANDIDATE_HOLDING_KINDS:
        condition |= Q(candidate__responsible_organisation_id=user.organisation_id)
    if Role.WAGE_VALUE_EXPERT in roles:
        condition |= Q(assessor=user)
    if roles & PSEUDONYMISED_ROLES:
        condition |= Q(candidate__shared_in_region=True)
    return condition


def latest_q() -> Exists:
    """No later finalised assessment of the same candidate at the same employer (so this one is current)."""
    return Exists(
        Assessment.objects.filter(
            Q(finalised_at__gt=OuterRef("finalised_at"))
            | Q(finalised_at=OuterRef("finalised_at"), pk__gt=OuterRef("pk")),
            candidate=OuterRef("candidate"),
            employer=OuterRef("employer"),
            status=AssessmentStatus.FINALISED,
        )
    )


def assessment_queryset(*, user, region) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(region=region)
        .filter(visible_q(user, region))
        .select_related(
            "candidate",
            "employer__organisation",
            "location",
            "assessor",
            "corrects",
            "region",
        )
        .defer("report_pdf")
        .annotate(
            correction_count=Count("corrections", distinct=True),
            superseded=latest_q(),
            reassessment_started=Exists(
                Assessment.objects.filter(
                    candidate=OuterRef("candidate"),
                    employer=OuterRef("employer"),
                    status=AssessmentStatus.DRAFT,
                    created_at__gt=OuterRef("created_at"),
                )
            ),
        )
    )


@dataclass(frozen=True)
class AssessmentFilters:
    status: str = ""  # '', draft, finalised
    due: bool = False  # finalised, current, next re-assessment within the window (or passed)
    employer_uuid: str = ""
    candidate_uuid: str = ""


def due_q(today: date, window_days: int = REMINDER_WINDOW_DAYS) -> Q:
    return Q(
        status=AssessmentStatus.FINALISED,
        superseded=False,
        next_assessment_on__lte=today + timedelta(days=window_days),
    )


def assessment_search(*, user, region, filters: AssessmentFilters, today: date | None = None):
    today = today or timezone.localdate()
    qs = assessment_queryset(user=user, region=region)
    if filters.status in AssessmentStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.due:
        qs = qs.filter(due_q(today)).order_by("next_assessment_on", "id")
    else:
        qs = qs.order_by("-created_at", "-id")
    for name, lookup in (("employer_uuid", "employer__uuid"), ("candidate_uuid", "candidate__uuid")):
        value = getattr(filters, name)
        if value:
            try:
                qs = qs.filter(**{lookup: value})
            except (ValueError, ValidationError):
                qs = qs.none()
    return qs


@dataclass(frozen=True)
class AssessmentRow:
    assessment: Assessment
    access: AssessmentAccess
    candidate_label: str
    overdue: bool = False

    @property
    def names_candidate(self) -> bool:
        return self.access.names_candidate


def candidate_label(level: AssessmentAccess, candidate: Candidate) -> str:
    if level.names_candidate:
        return candidate.full_name
    return pseudonym("kandidaat", candidate.uuid)


def present_rows(*, user, region, assessments, context: str, request=None) -> list[AssessmentRow]:
    """The assessments as the user may see them; access-logged as a search naming the candidates shown."""
    today = timezone.localdate()
    rows = []
    for assessment in assessments:
        level = access(user, region, assessment)
        due_on = assessment.next_assessment_on
        rows.append(
            AssessmentRow(
                assessment=assessment,
                access=level,
                candidate_label=candidate_label(level, assessment.candidate),
                overdue=bool(assessment.is_finalised and due_on and due_on < today),
            )
        )
    log_access(
        actor=user,
        action=AccessAction.SEARCH,
        object_type=LIST_OBJECT_TYPE,
        context=context,
        subject_uuids=sorted({str(r.assessment.candidate.uuid) for r in rows if r.names_candidate}),
        region_code=region.code,
        request=request,
    )
    return rows


def assessment_list(
    *,
    user,
    region,
    filters: AssessmentFilters,
    context: str,
    page_number=None,
    per_page: int = 25,
    request=None,
) -> tuple[Page, list[AssessmentRow]]:
    """One page of assessments as the user may see them; access-logged with the candidates named."""
    page = Paginator(assessment_search(user=user, region=region, filters=filters), per_page).get_page(
        page_number
    )
    rows = present_rows(
        user=user, region=region, assessments=page.object_list, context=context, request=request
    )
    return page, rows


def reassessments_due(
    *, user, region, context: str, request=None, today: date | None = None, limit: int = 200
) -> list[AssessmentRow]:
    """The to-do list: current finalised assessments whose next re-assessment is within the window or passed,
    earliest first. Only those the user may act on or follow (all they may see)."""
    today = today or timezone.localdate()
    qs = assessment_search(user=user, region=region, filters=AssessmentFilters(due=True), today=today)
    return present_rows(user=user, region=region, assessments=qs[:limit], context=context, request=request)


def due_for_reminders(*, today: date | None = None, window_days: int = REMINDER_WINDOW_DAYS):
    """For the reminder job (no user): every region's current assessments due for re-assessment."""
    today = today or timezone.localdate()
    return (
        Assessment.objects.select_related("region", "assessor", "candidate__responsible_organisation")
        .defer("report_pdf")
        .annotate(superseded=latest_q())
        .filter(due_q(today, window_days))
        .order_by("region__code", "next_assessment_on", "id")
    )


def assessment_get(*, user, region, assessment_uuid) -> Assessment:
    """One assessment the user may see; anything else (another region, no right, unknown) is 404."""
    try:
        return assessment_queryset(user=user, region=region).get(uuid=assessment_uuid)
    except (Assessment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Calculation:
    result: calc.WageValueResult | None
    error: str = ""


@dataclass(frozen=True)
class AssessmentDetail:
    assessment: Assessment
    access: AssessmentAccess
    actions: Actions
    candidate_label: str
    tasks: list[AssessmentTask]
    calculation: Calculation
    missing: dict[str, list[str]]  # what finalising still needs (drafts)
    total_share: object

    @property
    def shows_views(self) -> bool:
        return self.access.sees_views or self.access == AssessmentAccess.EMPLOYER

    @property
    def shows_candidate_view(self) -> bool:
        return self.access.sees_views


def assessment_detail(
    *, user, region, assessment: Assessment, context: str, request=None
) -> AssessmentDetail:
    """The assessment with its tasks and the calculation so far; access-logged when the candidate is named."""
    from .presentation import error_message

    level = access(user, region, assessment)
    if level == AssessmentAccess.NONE:
        raise Http404
    tasks = list(AssessmentTask.objects.filter(assessment=assessment).order_by("position", "id"))
    try:
        result = compute(assessment, tasks, assessment.result_percent if assessment.is_finalised else None)
        calculation = Calculation(result)
    except calc.CalculationInputError as error:
        calculation = Calculation(None, error_message(error))
    missing = {} if assessment.is_finalised else finalise_errors(assessment, tasks)
    if level.names_candidate:
        log_access(
            actor=user,
            action=AccessAction.READ,
            object_type=OBJECT_TYPE,
            object_uuid=assessment.uuid,
            object_label=pseudonym("kandidaat", assessment.candidate.uuid),
            context=context,
            subject_uuids=[assessment.candidate.uuid],
            region_code=region.code,
            request=request,
        )
    return AssessmentDetail(
        assessment=assessment,
        access=level,
        actions=actions(user, region, assessment),
        candidate_label=candidate_label(level, assessment.candidate),
        tasks=tasks,
        calculation=calculation,
        missing=missing,
        total_share=sum((t.share_pct for t in tasks), calc.Decimal(0)),
    )


def task_get(*, assessment: Assessment, task_uuid) -> AssessmentTask:
    try:
        return AssessmentTask.objects.select_related("assessment__candidate").get(
            assessment=assessment, uuid=task_uuid
        )
    except (AssessmentTask.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def report_get(*, user, region, assessment: Assessment, context: str, request=None) -> bytes:
    """The finalised report (PDF); only for who may see the views (own organisation and the expert)."""
    level = access(user, region, assessment)
    if not level.sees_report or not assessment.is_finalised:
        raise Http404
    pdf = Assessment.objects.filter(pk=assessment.pk).values_list("report_pdf", flat=True).get()
    log_access(
        actor=user,
        action=AccessAction.EXPORT,
        object_type=OBJECT_TYPE,
        object_uuid=assessment.uuid,
        object_label=pseudonym("kandidaat", assessment.candidate.uuid),
        context=context,
        subject_uuids=[assessment.candidate.uuid],
        region_code=region.code,
        request=request,
    )
    return bytes(pdf)


def expert_choices(*, region) -> QuerySet[User]:
    """Active staff holding the wage-value expert role in the region."""
    return (
        User.objects.filter(
            role_assignments__role=Role.WAGE_VALUE_EXPERT,
            role_assignments__region=region,
            is_active=True,
            is_system_account=False,
        )
        .exclude(organisation__kind="employer")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


CANDIDATE_CHOICE_LIMIT = 50


def creatable_candidates(*, user, region, search: str = "", request=None, context: str) -> list[Candidate]:
    """At most 50 of the user's own organisation's candidates matching a name or BSN; logged as a search."""
    search = search.strip()
    if not search or not user.organisation_id:
        return []
    qs = Candidate.objects.filter(region=region, responsible_organisation_id=user.organisation_id)
    if search.isdigit():
        qs = qs.filter(bsn=search)
    else:
        for word in search.split():
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    candidates = list(qs.order_by("last_name", "first_name", "id")[:CANDIDATE_CHOICE_LIMIT])
    log_access(
        actor=user,
        action=AccessAction.SEARCH,
        object_type="candidate",
        context=context,
        subject_uuids=[c.uuid for c in candidates],
        region_code=region.code,
        request=request,
    )
    return candidates


def candidate_for_assessment(*, region, candidate_uuid) -> Candidate | None:
    try:
        return (
            Candidate.objects.select_related("responsible_organisation")
            .filter(region=region)
            .get(uuid=candidate_uuid)
        )
    except (Candidate.DoesNotExist, ValueError, ValidationError):
        return None
