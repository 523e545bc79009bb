"""Reading the catalogue, eligibility, grants, deadlines and budgets, always as a given user in a given region
(rules in instruments/permissions.py). Reading a grant in full, listing grants and checking a candidate's
eligibility are access-logged here."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.accounts.models import Organisation, OrganisationKind
from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.employers.models import Employer
from werkbedrijf.vacancies.models import Vacancy
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus
from werkbedrijf.wage_value.rules import age_on, rules_on

from . import eligibility
from .models import (
    COMMITTING_STATUSES,
    Budget,
    Grant,
    GrantStatus,
    Instrument,
    InstrumentVersion,
    PaymentLine,
    PaymentStatus,
)
from .permissions import GrantScope, instrument_rule, may_see_candidate_grants

# Warn this many days before a decision is due (a setting, so a region can choose; not a legal figure).
DEFAULT_DEADLINE_WARNING_DAYS = 14
EMPLOYER_CHOICE_LIMIT = 300


def deadline_warning_days() -> int:
    return int(getattr(settings, "INSTRUMENTS_DEADLINE_WARNING_DAYS", DEFAULT_DEADLINE_WARNING_DAYS))


def candidate_label(candidate: Candidate) -> str:
    return pseudonym("kandidaat", candidate.uuid)


# --- the seam to the wage-value assessments -------------------------------------------------------------


@dataclass(frozen=True)
class WageValueRecord:
    percent: int
    source: str
    determined_on: date | None
    assessment: Assessment | None = None


def wage_value_for_grant(candidate: Candidate) -> WageValueRecord | None:
    """The wage value a grant for this candidate should use: the latest finalised wage-value assessment (the
    expert's figure, which is what counts), or None when there is none."""
    assessment = (
        Assessment.objects.filter(candidate=candidate, status=AssessmentStatus.FINALISED)
        .select_related("employer__organisation")
        .order_by("-finalised_at")
        .first()
    )
    if assessment is None:
        return None
    determined_on = timezone.localtime(assessment.finalised_at).date()
    source = _("Wage-value assessment at %(employer)s, finalised on %(date)s") % {
        "employer": assessment.employer.organisation.name,
        "date": determined_on.strftime("%d-%m-%Y"),
    }
    return WageValueRecord(assessment.result_percent, source, determined_on, assessment)


# --- catalogue ------------------------------------------------------------------------------------------


def _require_catalogue(user, region) -> None:
    if not instrument_rule(user, region).catalogue:
        raise PermissionDenied


def pick_version(versions, on: date) -> InstrumentVersion | None:
    """The version in force on `on`: latest valid_from on or before it, highest number on a tie."""
    best = None
    for version in versions:
        if version.valid_from <= on and (
            best is None or (version.valid_from, version.number) > (best.valid_from, best.number)
        ):
            best = version
    return best


@dataclass(frozen=True)
class CatalogueEntry:
    instrument: Instrument
    version: InstrumentVersion | None  # None: no version in force yet on the date
    next_version: InstrumentVersion | None  # a version that starts later


def catalogue(*, user, region, on: date | None = None) -> list[CatalogueEntry]:
    """Every instrument of the region with its version in force on `on` (today by default)."""
    _require_catalogue(user, region)
    return catalogue_entries(region=region, on=on or timezone.localdate())


def catalogue_entries(*, region, on: date) -> list[CatalogueEntry]:
    by_instrument: dict[int, list[InstrumentVersion]] = defaultdict(list)
    for version in InstrumentVersion.objects.filter(instrument__region=region).select_related("instrument"):
        by_instrument[version.instrument_id].append(version)
    entries = []
    for instrument in Instrument.objects.filter(region=region).order_by("id"):
        versions = by_instrument.get(instrument.pk, [])
        later = [v for v in versions if v.valid_from > on]
        entries.append(
            CatalogueEntry(
                instrument=instrument,
                version=pick_version(versions, on),
                next_version=min(later, key=lambda v: (v.valid_from, v.number)) if later else None,
            )
        )
    return entries


def instrument_get(*, user, region, instrument_uuid) -> Instrument:
    _require_catalogue(user, region)
    try:
        return Instrument.objects.get(uuid=instrument_uuid, region=region)
    except (Instrument.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def instrument_in_region(*, region, instrument_uuid) -> Instrument | None:
    try:
        return Instrument.objects.filter(region=region, uuid=instrument_uuid).first()
    except (ValueError, ValidationError):
        return None


def instrument_versions(instrument: Instrument) -> list[InstrumentVersion]:
    return list(instrument.versions.select_related("created_by").order_by("-valid_from", "-number"))


def version_on(instrument: Instrument, on: date) -> InstrumentVersion | None:
    return pick_version(instrument.versions.all(), on)


def rules_of(version: InstrumentVersion) -> eligibility.InstrumentRules:
    return eligibility.InstrumentRules(
        key=str(version.instrument.uuid),
        code=version.instrument.code,
        kind=version.instrument.kind,
        name=version.name,
        provider=version.provider,
        offered=version.offered,
        target_groups=frozenset(version.target_groups or ()),
        requires_register=version.requires_register,
        requires_reduced_wage_value=version.requires_reduced_wage_value,
        min_productivity_loss_pct=version.min_productivity_loss_pct,
        min_hours_per_week=version.min_hours_per_week,
        min_contract_months=version.min_contract_months,
        excluded_job_kinds=frozenset(version.excluded_job_kinds or ()),
        apply_within_months=version.apply_within_months,
        max_duration_months=version.max_duration_months,
    )


# --- candidates, employers, jobs for the forms ----------------------------------------------------------


def candidate_for_grants(*, user, region, candidate_uuid) -> Candidate:
    """A candidate whose grants the user may see (own organisation, in full); anything else is 404."""
    try:
        candidate = Candidate.objects.select_related("responsible_organisation", "municipality").get(
            uuid=candidate_uuid, region=region
        )
    except (Candidate.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if not may_see_candidate_grants(user, region, candidate):
        raise Http404
    return candidate


def candidate_by_bsn(*, user, region, bsn: str) -> Candidate | None:
    """The own organisation's candidate with this BSN in the region, or None."""
    candidate = (
        Candidate.objects.select_related("responsible_organisation", "municipality")
        .filter(bsn=(bsn or "").strip(), region=region)
        .first()
    )
    if candidate is None or not may_see_candidate_grants(user, region, candidate):
        return None
    return candidate


def valid_uuid(value) -> str:
    """The value as a uuid string, or "" when it is not one (query strings and posted fields are typed by
    people and tools: a bad one means "nothing chosen", never an error page)."""
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError, AttributeError):
        return ""


def employer_choices(*, region, selected_uuid=None) -> QuerySet[Employer]:
    """The region's employers for a select (at most 300, with the one already chosen)."""
    qs = Employer.objects.filter(organisation__region=region).select_related("organisation")
    keys = list(qs.order_by("organisation__name").values_list("pk", flat=True)[:EMPLOYER_CHOICE_LIMIT])
    condition = Q(pk__in=keys)
    if valid_uuid(selected_uuid):
        condition |= Q(uuid=valid_uuid(selected_uuid))
    return qs.filter(condition).order_by("organisation__name")


def employer_in_region(*, region, employer_uuid) -> Employer | None:
    try:
        return (
            Employer.objects.select_related("organisation")
            .filter(organisation__region=region, uuid=employer_uuid)
            .first()
        )
    except (ValueError, ValidationError):
        return None


def vacancy_in_region(*, region, vacancy_uuid) -> Vacancy | None:
    try:
        return Vacancy.objects.select_related("employer").filter(region=region, uuid=vacancy_uuid).first()
    except (ValueError, ValidationError):
        return None


# --- eligibility ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityResult:
    situation: eligibility.Situation
    outcomes: list[eligibility.Outcome]
    versions: dict[str, InstrumentVersion]  # by rules.key
    wage_value_source: str
    exclusive_wage_instruments: bool


def eligibility_check(
    *,
    user,
    region,
    candidate: Candidate,
    employer: Employer | None,
    vacancy: Vacancy | None = None,
    on: date,
    hours_per_week: Decimal | None = None,
    contract_months: int | None = None,
    employment_start: date | None = None,
    already_employed: bool = False,
    wage_value: int | None = None,
    job_kind: str | None = None,
    request=None,
    context: str,
) -> EligibilityResult:
    """Which instruments of the catalogue in force on `on` apply to the candidate in the job, and why.

    The wage value is the one given, else the seam's (a finalised assessment). Reads the candidate's full
    record (target group, register, birth date), so it is access-logged.
    """
    if not may_see_candidate_grants(user, region, candidate):
        raise Http404
    if employer is not None and employer.organisation.region_id != region.pk:
        raise Http404
    source = ""
    if wage_value is None:
        record = wage_value_for_grant(candidate)
        if record is not None:
            wage_value, source = record.percent, record.source
    if vacancy is not None and hours_per_week is None:
        hours_per_week = vacancy.hours_per_week
    situation = eligibility.Situation(
        on=on,
        target_group=candidate.target_group,
        in_register=_in_register_on(candidate, on),
        wage_value=wage_value,
        job_kind=vacancy.kind if vacancy is not None else job_kind or None,
        hours_per_week=hours_per_week,
        contract_months=contract_months,
        employment_start=employment_start,
        already_employed=already_employed,
    )
    entries = [e for e in catalogue_entries(region=region, on=on) if e.version is not None]
    rules = [rules_of(e.version) for e in entries]
    outcomes = eligibility.check_all(rules, situation)
    log_access(
        actor=user,
        action=AccessAction.READ,
        object_type="candidate",
        object_uuid=candidate.uuid,
        object_label=candidate_label(candidate),
        context=context,
        region_code=region.code,
        request=request,
    )
    return EligibilityResult(
        situation=situation,
        outcomes=outcomes,
        versions={str(e.instrument.uuid): e.version for e in entries},
        wage_value_source=source,
        exclusive_wage_instruments=eligibility.exclusive_wage_instruments(outcomes),
    )


def _in_register_on(candidate: Candidate, on: date) -> bool:
    if candidate.registered_from is None:
        return bool(candidate.in_target_group_register)
    return candidate.registered_from <= on and (
        candidate.registered_until is None or candidate.registered_until >= on
    )


def candidate_age(candidate: Candidate, on: date) -> int:
    return age_on(candidate.date_of_birth, on)


# --- grants ---------------------------------------------------------------------------------------------


def grant_queryset(*, user, region) -> QuerySet[Grant]:
    """The grants the user sees in full: those of the own organisation's candidates; raises otherwise."""
    if instrument_rule(user, region).grants < GrantScope.OWN or user.organisation_id is None:
        raise PermissionDenied
    qs = Grant.objects.filter(region=region, candidate__responsible_organisation_id=user.organisation_id)
    return qs.select_related(
        "instrument_version__instrument", "candidate", "employer__organisation", "paying_organisation"
    )


@dataclass(frozen=True)
class GrantFilters:
    status: str = ""
    instrument_uuid: str = ""
    candidate_uuid: str = ""


def grant_search(*, user, region, filters: GrantFilters) -> QuerySet[Grant]:
    qs = grant_queryset(user=user, region=region)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.instrument_uuid:
        qs = qs.filter(instrument_version__instrument__uuid=filters.instrument_uuid)
    if filters.candidate_uuid:
        qs = qs.filter(candidate__uuid=valid_uuid(filters.candidate_uuid) or None)
    return qs.order_by("-applied_on", "-id")


def log_grant_list(*, user, region, grants, request, context: str) -> None:
    log_access(
        actor=user,
        action=AccessAction.SEARCH,
        object_type="instrument_grant",
        context=context,
        subject_uuids=sorted({str(g.candidate.uuid) for g in grants}),
        region_code=region.code,
        request=request,
    )


def grant_list(*, user, region, filters: GrantFilters, page_number=None, request=None, context: str) -> Page:
    """One page of grants; the candidates shown are access-logged as a search."""
    page = Paginator(grant_search(user=user, region=region, filters=filters), 25).get_page(page_number)
    log_grant_list(user=user, region=region, grants=page.object_list, request=request, context=context)
    return page


def grant_get(*, user, region, grant_uuid) -> Grant:
    """One grant the user sees in full (for a write or before grant_detail); anything else is 404."""
    try:
        return grant_queryset(user=user, region=region).get(uuid=grant_uuid)
    except (Grant.DoesNotExist, ValueError, ValidationError, PermissionDenied) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class GrantDetail:
    grant: Grant
    status_changes: list
    lines: list[PaymentLine]
    cancelled_lines: list[PaymentLine]
    total_planned: Decimal
    total_paid: Decimal
    deadline_warning: bool
    overdue: bool


def grant_read_log(*, user, region, grant: Grant, request=None, context: str) -> None:
    """Record that the user saw the grant with its candidate's name (the detail page and the action pages)."""
    log_access(
        actor=user,
        action=AccessAction.READ,
        object_type="instrument_grant",
        object_uuid=grant.uuid,
        object_label=candidate_label(grant.candidate),
        context=context,
        subject_uuids=[grant.candidate.uuid],
        region_code=region.code,
        request=request,
    )


def grant_detail(*, user, region, grant: Grant, request=None, context: str) -> GrantDetail:
    """The grant with its history and payment schedule; access-logged as a full read."""
    if not may_see_candidate_grants(user, region, grant.candidate):
        raise Http404
    lines = list(grant.payment_lines.order_by("month", "id"))
    grant_read_log(user=user, region=region, grant=grant, request=request, context=context)
    today = timezone.localdate()
    live = [line for line in lines if line.status != PaymentStatus.CANCELLED]
    return GrantDetail(
        grant=grant,
        status_changes=list(grant.status_changes.select_related("actor").order_by("at", "id")),
        lines=live,
        cancelled_lines=[line for line in lines if line.status == PaymentStatus.CANCELLED],
        total_planned=sum((line.amount for line in live if line.status == PaymentStatus.PLANNED), Decimal(0)),
        total_paid=sum((line.amount for line in live if line.status == PaymentStatus.PAID), Decimal(0)),
        deadline_warning=grant.status == GrantStatus.APPLIED
        and grant.decision_due_on <= today + timedelta(days=deadline_warning_days()),
        overdue=grant.status == GrantStatus.APPLIED and grant.decision_due_on < today,
    )


def subsidy_for(grant: Grant):
    """(date of the figures, wage value or None) → the grant's monthly wage-cost subsidy, with its working."""

    def subsidy(on: date, wage_value: int | None) -> calc.SubsidyResult:
        return calc.wage_cost_subsidy(
            rules=rules_on(on, date_of_birth=grant.candidate.date_of_birth),
            wage_value=wage_value,
            hours_per_week=grant.hours_per_week,
            full_time_hours_per_week=grant.full_time_hours_per_week,
        )

    return subsidy


def line_working(grant: Grant, line: PaymentLine) -> tuple[calc.Step, ...]:
    """The calculation behind a monthly line's whole-month amount (empty when the figures are gone)."""
    try:
        return subsidy_for(grant)(line.determined_on, line.wage_value).steps
    except calc.CalculationInputError:
        return ()


def payment_line_get(*, user, region, grant: Grant, line_uuid) -> PaymentLine:
    try:
        return PaymentLine.objects.select_related("grant").get(grant=grant, uuid=line_uuid)
    except (PaymentLine.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def deadline_warnings(
    *, user, region, today: date | None = None, within_days: int | None = None, request=None, context: str
) -> list[Grant]:
    """Applications not yet decided whose decision is due within `within_days` (or already overdue),
    soonest first; the candidates shown are access-logged as a search."""
    today = today or timezone.localdate()
    within = deadline_warning_days() if within_days is None else within_days
    grants = list(
        grant_queryset(user=user, region=region)
        .filter(status=GrantStatus.APPLIED, decision_due_on__lte=today + timedelta(days=within))
        .order_by("decision_due_on", "id")
    )
    for grant in grants:
        grant.days_left = (grant.decision_due_on - today).days
        grant.days_overdue = max(0, -grant.days_left)
    log_grant_list(user=user, region=region, grants=grants, request=request, context=context)
    return grants


@dataclass(frozen=True)
class GrantCounts:
    by_status: dict[str, int]
    total: int


def grant_counts(*, user, region) -> GrantCounts:
    """Counts per status in the region, for those who see counts only; never a person."""
    if instrument_rule(user, region).grants < GrantScope.COUNTS:
        raise PermissionDenied
    rows = Grant.objects.filter(region=region).values("status").annotate(n=Count("id"))
    by_status = {row["status"]: row["n"] for row in rows}
    return GrantCounts(by_status=by_status, total=sum(by_status.values()))


# --- budgets --------------------------------------------------------------------------------------------


def committed_and_paid(
    *, organisation_id: int, instrument_id: int, year: int, exclude_grant_id: int | None = None
) -> tuple[Decimal, Decimal]:
    """What the organisation's decided grants of the instrument commit and have paid in `year`."""
    lines = PaymentLine.objects.filter(
        grant__paying_organisation_id=organisation_id,
        grant__instrument_version__instrument_id=instrument_id,
        grant__status__in=COMMITTING_STATUSES,
        month__year=year,
    ).exclude(status=PaymentStatus.CANCELLED)
    if exclude_grant_id is not None:
        lines = lines.exclude(grant_id=exclude_grant_id)
    totals = lines.aggregate(committed=Sum("amount"), paid=Sum("amount", filter=Q(status=PaymentStatus.PAID)))
    return totals["committed"] or Decimal(0), totals["paid"] or Decimal(0)


@dataclass(frozen=True)
class BudgetRow:
    organisation: Organisation
    instrument: Instrument
    name: str
    year: int
    allocated: Decimal | None  # None: no budget set
    committed: Decimal
    paid: Decimal

    @property
    def available(self) -> Decimal | None:
        return None if self.allocated is None else self.allocated - self.committed

    @property
    def exceeded(self) -> bool:
        return self.allocated is not None and self.committed > self.allocated


def budget_overview(*, user, region, year: int) -> list[BudgetRow]:
    """Allocated, committed and paid per municipality and instrument for the year: every budget set, and
    every pair that has commitments without a budget. Figures only, no persons: not access-logged."""
    if not instrument_rule(user, region).budgets:
        raise PermissionDenied
    names = {
        e.instrument.pk: e.version.name
        for e in catalogue_entries(region=region, on=date(year, 12, 31))
        if e.version
    }
    budgets = {
        (b.organisation_id, b.instrument_id): b
        for b in Budget.objects.filter(region=region, year=year).select_related("organisation", "instrument")
    }
    sums = (
        PaymentLine.objects.filter(
            grant__region=region, grant__status__in=COMMITTING_STATUSES, month__year=year
        )
        .exclude(status=PaymentStatus.CANCELLED)
        .values("grant__paying_organisation", "grant__instrument_version__instrument")
        .annotate(committed=Sum("amount"), paid=Sum("amount", filter=Q(status=PaymentStatus.PAID)))
    )
    figures = {
        (row["grant__paying_organisation"], row["grant__instrument_version__instrument"]): row for row in sums
    }
    organisations = Organisation.objects.in_bulk({key[0] for key in [*budgets, *figures]})
    instruments = Instrument.objects.in_bulk({key[1] for key in [*budgets, *figures]})
    rows = []
    for key in set(budgets) | set(figures):
        budget = budgets.get(key)
        row = figures.get(key, {})
        instrument = instruments[key[1]]
        rows.append(
            BudgetRow(
                organisation=organisations[key[0]],
                instrument=instrument,
                name=names.get(instrument.pk, instrument.code),
                year=year,
                allocated=budget.allocated if budget else None,
                committed=row.get("committed") or Decimal(0),
                paid=row.get("paid") or Decimal(0),
            )
        )
    rows.sort(key=lambda r: (r.organisation.name, r.name))
    return rows


def budget_organisations(*, user, region) -> QuerySet[Organisation]:
    """The municipalities whose budgets the user may set (their own, if a municipality)."""
    if not instrument_rule(user, region).set_budgets:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk=user.organisation_id, region=region, kind=OrganisationKind.MUNICIPALITY
    )


# --- export ---------------------------------------------------------------------------------------------


def payment_lines_for_export(*, user, region, year: int, month: int | None = None) -> QuerySet[PaymentLine]:
    """The own organisation's planned and paid lines of decided grants for the year (or one month)."""
    if not instrument_rule(user, region).decide:
        raise PermissionDenied
    qs = (
        PaymentLine.objects.filter(
            grant__in=grant_queryset(user=user, region=region).filter(status__in=COMMITTING_STATUSES),
            month__year=year,
        )
        .exclude(status=PaymentStatus.CANCELLED)
        .select_related(
            "grant__candidate",
            "grant__employer__organisation",
            "grant__paying_organisation",
            "grant__instrument_version__instrument",
        )
        .order_by("month", "grant__employer__organisation__name", "id")
    )
    if month is not None:
        qs = qs.filter(month__month=month)
    return qs
