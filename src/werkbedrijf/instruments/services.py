"""Every write of the instruments app: catalogue versions, the starter package, grants and their schedule,
payments and budgets. Each checks instruments/permissions.py, validates (errors as a ValidationError with a
dict of field → messages), runs in one transaction and leaves an audit entry (field names, never values).

For demo data and other callers, the building blocks are:
- load_starter_package(region) → LoadResult (idempotent; also `werkbedrijf load_starter_package AMxx`)
- grant_apply(user=, region=, candidate=, employer=, instrument=, applied_on=, period_start=,
  hours_per_week=, …)
- grant_decide(user=, region=, grant=, granted=True, decided_on=, …) → the payment schedule is created
- grant_start / grant_end / grant_withdraw, payment_line_mark_paid, budget_set
- grants_redetermine(region=, year=) → every 1 January (`werkbedrijf redetermine_grants --year …`)
with an instrument officer of the candidate's municipality as `user` (a consultant may apply).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.accounts.models import OrganisationKind
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.candidates.models import Candidate, TargetGroup
from werkbedrijf.employers.models import Employer
from werkbedrijf.parameters.selectors import ParameterNotFound, value_on
from werkbedrijf.regions.models import Region
from werkbedrijf.vacancies.models import VacancyKind
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.rules import rules_on

from . import schedule, selectors, starter_package
from .eligibility import add_months
from .models import (
    GRANT_TRANSITIONS,
    MAX_HOURS_PER_WEEK,
    AmountPeriod,
    Budget,
    Grant,
    GrantStatus,
    GrantStatusChange,
    Instrument,
    InstrumentKind,
    InstrumentVersion,
    PaymentLine,
    PaymentMethod,
    PaymentStatus,
    Provider,
)
from .permissions import instrument_rule, may_see_candidate_grants, may_set_budget_of


def _fmt(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _money(amount: Decimal) -> str:
    return f"€ {amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _log(*, user, region, action, object_type, obj, label, context, fields, subjects=(), request=None):
    log_change(
        actor=user,
        action=action,
        object_type=object_type,
        object_uuid=obj.uuid,
        object_label=label,
        context=context,
        changed_fields=fields,
        subject_uuids=subjects,
        region_code=region.code,
        request=request,
    )


# --- catalogue ------------------------------------------------------------------------------------------

VERSION_FIELDS = (
    "name",
    "description",
    "legal_basis",
    "provider",
    "payment_method",
    "offered",
    "target_groups",
    "requires_register",
    "requires_reduced_wage_value",
    "min_productivity_loss_pct",
    "min_hours_per_week",
    "min_contract_months",
    "excluded_job_kinds",
    "apply_within_months",
    "max_amount",
    "max_amount_period",
    "max_duration_months",
    "decision_period_weeks",
    "decision_period_basis",
    "conditions",
    "documents",
    "confidence",
    "source_note",
)


def _version_errors(values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("Enter the name of the instrument.")]
    if not (values.get("legal_basis") or "").strip():
        errors["legal_basis"] = [_("Enter the legal basis.")]
    if values.get("provider") not in Provider.values:
        errors["provider"] = [_("Choose who provides the instrument.")]
    if values.get("payment_method", PaymentMethod.NONE) not in PaymentMethod.values:
        errors["payment_method"] = [_("Choose how the instrument is paid.")]
    elif (
        values.get("payment_method", PaymentMethod.NONE) != PaymentMethod.NONE
        and values.get("provider") != Provider.MUNICIPALITY
    ):
        errors["payment_method"] = [_("Only an instrument the municipality provides is paid from here.")]
    unknown = set(values.get("target_groups") or ()) - set(TargetGroup.values)
    if unknown:
        errors["target_groups"] = [
            _("Unknown target group: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        ]
    unknown = set(values.get("excluded_job_kinds") or ()) - set(VacancyKind.values)
    if unknown:
        errors["excluded_job_kinds"] = [
            _("Unknown kind of job: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        ]
    loss = values.get("min_productivity_loss_pct")
    if loss is not None and not 0 <= loss <= 100:
        errors["min_productivity_loss_pct"] = [_("Enter a percentage from 0 to 100.")]
    amount = values.get("max_amount")
    if amount is not None:
        if amount < 0:
            errors["max_amount"] = [_("The maximum amount cannot be negative.")]
        elif not values.get("max_amount_period"):
            errors["max_amount_period"] = [_("Say whether the maximum is per month, per year or in total.")]
    weeks = values.get("decision_period_weeks")
    if weeks is None or not 1 <= weeks <= 52:
        errors["decision_period_weeks"] = [_("Enter a decision period of 1 to 52 weeks.")]
    documents = values.get("documents") or []
    if any(not isinstance(d, str) or not d.strip() for d in documents):
        errors["documents"] = [_("Every document needs a description.")]
    return errors


def _clean_version_values(values: dict) -> dict:
    cleaned = {key: values[key] for key in VERSION_FIELDS if key in values}
    for key in ("name", "legal_basis", "description", "conditions", "decision_period_basis", "source_note"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "documents" in cleaned:
        cleaned["documents"] = [d.strip() for d in cleaned["documents"] or [] if isinstance(d, str)]
    for key in ("target_groups", "excluded_job_kinds"):
        if key in cleaned:
            cleaned[key] = sorted(set(cleaned[key] or ()))
    if cleaned.get("max_amount") is None:
        cleaned["max_amount_period"] = ""
    return cleaned


def _check_edit_catalogue(user, region) -> None:
    if not instrument_rule(user, region).edit_catalogue:
        raise PermissionDenied


def instrument_version_create(
    *,
    user,
    region: Region,
    instrument: Instrument,
    valid_from: date,
    change_note: str = "",
    request=None,
    **values,
) -> InstrumentVersion:
    """A new version of the instrument from `valid_from`: the earlier ones stay as they were (append-only).

    Fields left out are taken over from the latest version.
    """
    _check_edit_catalogue(user, region)
    if instrument.region_id != region.pk:
        raise PermissionDenied
    latest = instrument.versions.order_by("-number").first()
    base = {key: getattr(latest, key) for key in VERSION_FIELDS} if latest else {}
    merged = _clean_version_values({**base, **values})
    errors = _version_errors(merged)
    if valid_from is None:
        errors["valid_from"] = [_("Enter the date from which this version applies.")]
    if latest is not None and not (change_note or "").strip():
        errors["change_note"] = [_("Say briefly what changed, for the history.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Instrument.objects.select_for_update().get(pk=instrument.pk)
        number = (instrument.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = InstrumentVersion.objects.create(
            instrument=instrument,
            number=number,
            valid_from=valid_from,
            change_note=(change_note or "").strip(),
            created_by=user,
            **merged,
        )
        changed = [key for key in VERSION_FIELDS if not latest or getattr(latest, key) != merged.get(key)]
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE,
            object_type="instrument_version",
            obj=version,
            label=version.name,
            context=f"Nieuwe versie {number} van instrument {instrument.code} vanaf {_fmt(valid_from)}",
            fields=["valid_from", *changed],
            request=request,
        )
    return version


def instrument_create(
    *, user, region: Region, code: str, kind: str, valid_from: date, request=None, **values
) -> Instrument:
    """A new instrument in the region's catalogue, with its first version."""
    _check_edit_catalogue(user, region)
    code = (code or "").strip().lower()
    errors: dict[str, list[str]] = {}
    if not code:
        errors["code"] = [_("Enter a short code (letters, digits and hyphens).")]
    elif Instrument.objects.filter(region=region, code=code).exists():
        errors["code"] = [_("The catalogue already has an instrument with this code.")]
    if kind not in InstrumentKind.values:
        errors["kind"] = [_("Choose the kind of instrument.")]
    errors |= _version_errors(_clean_version_values(values))
    if valid_from is None:
        errors["valid_from"] = [_("Enter the date from which this version applies.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        instrument = Instrument.objects.create(region=region, code=code, kind=kind)
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE,
            object_type="instrument",
            obj=instrument,
            label=code,
            context=f"Instrument {code} aan de regionale catalogus toegevoegd",
            fields=["code", "kind"],
            request=request,
        )
        instrument_version_create(
            user=user, region=region, instrument=instrument, valid_from=valid_from, request=request, **values
        )
    return instrument


@dataclass(frozen=True)
class LoadResult:
    created: list[str]
    existing: list[str]


def _resolve(value, on: date):
    if not isinstance(value, starter_package.Param):
        return value
    try:
        figure = value_on(value.key, on)
    except ParameterNotFound:
        return None
    if value.years_to_months:
        return int(figure) * 12
    if value.whole:
        return int(figure)
    return figure


def load_starter_package(region: Region) -> LoadResult:
    """Add the starter instruments the region does not have yet (by code); existing ones are left alone, so
    the functional administrator's versions are never overwritten. Figures held by the legal parameters are
    read from them on each version's start date (load the parameters first)."""
    created, existing = [], []
    with transaction.atomic():
        for code, kind, versions in starter_package.definitions():
            instrument, new = Instrument.objects.get_or_create(
                region=region, code=code, defaults={"kind": kind}
            )
            if not new and instrument.versions.exists():
                existing.append(code)
                continue
            for number, definition in enumerate(versions, start=1):
                on = definition["valid_from"]
                values = {key: _resolve(value, on) for key, value in definition.items()}
                InstrumentVersion.objects.create(instrument=instrument, number=number, **values)
            log_change(
                actor=None,
                action=AccessAction.CREATE,
                object_type="instrument",
                object_uuid=instrument.uuid,
                object_label=code,
                context="Startpakket van de regionale instrumentencatalogus geladen",
                changed_fields=["code", "kind", "versions"],
                region_code=region.code,
            )
            created.append(code)
    return LoadResult(created, existing)


# --- grants ---------------------------------------------------------------------------------------------


def _grant_label(grant: Grant) -> str:
    return selectors.candidate_label(grant.candidate)


def _record_status(grant: Grant, *, user, to_status: str, reason: str = "", initial: bool = False) -> None:
    """Append the status change (checked against GRANT_TRANSITIONS) and set the grant's status."""
    from_status = grant.status
    if not initial and to_status not in GRANT_TRANSITIONS[from_status]:
        raise ValidationError(
            {
                "status": [
                    _("A grant that is %(from)s cannot become %(to)s.")
                    % {"from": GrantStatus(from_status).label, "to": GrantStatus(to_status).label}
                ]
            }
        )
    GrantStatusChange.objects.create(
        grant=grant,
        from_status="" if initial else from_status,
        to_status=to_status,
        reason=reason,
        actor=user,
        at=timezone.now(),
    )
    grant.status = to_status


def _check_apply(user, region, candidate) -> None:
    rule = instrument_rule(user, region)
    if not rule.apply:
        raise PermissionDenied
    if candidate is not None and not may_see_candidate_grants(user, region, candidate):
        raise PermissionDenied


def _check_decide(user, region, grant: Grant) -> None:
    if not instrument_rule(user, region).decide or grant.region_id != region.pk:
        raise PermissionDenied
    if not may_see_candidate_grants(user, region, grant.candidate):
        raise PermissionDenied


def _decimal(value, field: str, errors: dict, message: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        errors[field] = [message]
        return None


def grant_apply(
    *,
    user,
    region: Region,
    candidate: Candidate | None,
    employer: Employer | None,
    instrument: Instrument | None,
    applied_on: date,
    period_start: date,
    hours_per_week,
    period_end: date | None = None,
    term_starts_on: date | None = None,
    full_time_hours_per_week=Decimal(36),
    wage_value: int | None = None,
    wage_value_source: str = "",
    requested_amount=None,
    vacancy=None,
    note: str = "",
    request=None,
) -> Grant:
    """Record an application for an instrument the municipality provides, against the catalogue version in
    force on the day it was received. The decision is due `decision_period_weeks` after `term_starts_on`
    (default: the day received; for wage-cost subsidy the day the wage value was determined)."""
    _check_apply(user, region, candidate)
    errors: dict[str, list[str]] = {}
    if candidate is None or candidate.region_id != region.pk:
        errors["candidate"] = [_("Choose a candidate of your own organisation.")]
    elif candidate.responsible_organisation.kind != OrganisationKind.MUNICIPALITY:
        errors["candidate"] = [
            _("This candidate is supported by UWV: UWV decides on their instruments, not a municipality.")
        ]
    if employer is None or employer.organisation.region_id != region.pk:
        errors["employer"] = [_("Choose an employer of this region.")]
    if vacancy is not None and (employer is None or vacancy.employer_id != employer.pk):
        errors["vacancy"] = [_("Choose a job of this employer, or none.")]
    version = None
    if instrument is None or instrument.region_id != region.pk:
        errors["instrument"] = [_("Choose an instrument of the regional catalogue.")]
    elif applied_on is not None:
        version = selectors.version_on(instrument, applied_on)
        if version is None or not version.offered:
            errors["instrument"] = [
                _("This instrument was not offered on %(date)s.") % {"date": _fmt(applied_on)}
            ]
        elif not version.grantable:
            errors["instrument"] = [
                _("%(name)s is applied for at %(provider)s, not at the municipality.")
                % {"name": version.name, "provider": Provider(version.provider).label}
            ]
    if applied_on is None:
        errors["applied_on"] = [_("Enter the date the application was received.")]
    elif applied_on > timezone.localdate():
        errors["applied_on"] = [_("The application cannot have been received in the future.")]
    if (
        term_starts_on is not None
        and applied_on is not None
        and term_starts_on < applied_on - timedelta(days=366)
    ):
        errors["term_starts_on"] = [
            _("The decision period cannot start more than a year before the application.")
        ]
    if period_start is None:
        errors["period_start"] = [_("Enter the first day of the grant (the start of the job).")]
    elif period_end is not None and period_end < period_start:
        errors["period_end"] = [_("The end cannot be before the start.")]
    hours = _decimal(hours_per_week, "hours_per_week", errors, _("Enter a number of hours."))
    if "hours_per_week" not in errors and (hours is None or not Decimal(0) < hours <= MAX_HOURS_PER_WEEK):
        errors["hours_per_week"] = [_("Enter the hours per week: more than 0 and at most 40.")]
    full_time = _decimal(
        full_time_hours_per_week, "full_time_hours_per_week", errors, _("Enter a number of hours.")
    )
    if "full_time_hours_per_week" not in errors and (full_time is None or not Decimal(24) <= full_time <= 40):
        errors["full_time_hours_per_week"] = [_("Enter the sector's full-time week: 24 to 40 hours.")]
    if wage_value is not None and not 0 <= wage_value <= 100:
        errors["wage_value"] = [_("Enter the wage value as a whole percentage from 0 to 100.")]
    if wage_value is not None and not (wage_value_source or "").strip():
        errors["wage_value_source"] = [_("Say where the wage value comes from (report, date, expert).")]
    amount = _decimal(requested_amount, "requested_amount", errors, _("Enter an amount in euros."))
    if version is not None:
        if version.instrument.kind == InstrumentKind.WAGE_COST_SUBSIDY and wage_value == 100:
            errors["wage_value"] = [
                _(
                    "At a wage value of 100% the candidate earns the minimum wage: there is no wage-cost "
                    "subsidy."
                )
            ]
        if version.payment_method == PaymentMethod.ONE_OFF:
            if amount is None or amount <= 0:
                errors["requested_amount"] = [_("Enter the amount applied for.")]
            elif (
                version.max_amount is not None
                and version.max_amount_period == AmountPeriod.TOTAL
                and amount > version.max_amount
            ):
                errors["requested_amount"] = [
                    _("The catalogue allows at most %(amount)s.") % {"amount": _money(version.max_amount)}
                ]
        if version.max_duration_months and period_start is not None and period_end is not None:
            limit = add_months(period_start, version.max_duration_months) - timedelta(days=1)
            if period_end > limit:
                errors["period_end"] = [
                    _("%(name)s lasts at most %(months)s months: until %(date)s at the latest.")
                    % {"name": version.name, "months": version.max_duration_months, "date": _fmt(limit)}
                ]
    if errors:
        raise ValidationError(errors)
    term_start = term_starts_on or applied_on
    latest = selectors.wage_value_for_grant(candidate)
    assessment = latest.assessment if latest is not None and latest.percent == wage_value else None
    with transaction.atomic():
        grant = Grant(
            region=region,
            instrument_version=version,
            candidate=candidate,
            employer=employer,
            vacancy=vacancy,
            assessment=assessment,
            paying_organisation=candidate.responsible_organisation,
            applied_on=applied_on,
            term_starts_on=term_start,
            decision_due_on=term_start + timedelta(weeks=version.decision_period_weeks),
            period_start=period_start,
            period_end=period_end,
            hours_per_week=hours,
            full_time_hours_per_week=full_time,
            wage_value=wage_value,
            wage_value_source=(wage_value_source or "").strip() if wage_value is not None else "",
            wage_value_from=period_start if wage_value is not None else None,
            requested_amount=amount,
            note=(note or "").strip(),
            created_by=user,
        )
        grant.save()
        _record_status(
            grant, user=user, to_status=GrantStatus.APPLIED, reason=_("Application received"), initial=True
        )
        _log_grant(
            user=user,
            region=region,
            grant=grant,
            action=AccessAction.CREATE,
            request=request,
            context=f"Aanvraag {version.name} geregistreerd",
            fields=[
                "instrument_version",
                "candidate",
                "employer",
                "vacancy",
                "applied_on",
                "period_start",
                "period_end",
                "hours_per_week",
                "wage_value",
                "requested_amount",
            ],
        )
    return grant


def _log_grant(*, user, region, grant: Grant, context: str, fields, action=AccessAction.UPDATE, request=None):
    _log(
        user=user,
        region=region,
        action=action,
        object_type="instrument_grant",
        obj=grant,
        label=_grant_label(grant),
        context=context,
        fields=fields,
        subjects=[grant.candidate.uuid],
        request=request,
    )


def _grant_move(*, user, region, grant: Grant, to_status: str, reason: str, context: str, request) -> Grant:
    """A change of status only: lock, record the history row, save and log."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        _record_status(grant, user=user, to_status=to_status, reason=reason)
        grant.save()
        _log_grant(user=user, region=region, grant=grant, context=context, fields=["status"], request=request)
    return grant


# --- the payment schedule -------------------------------------------------------------------------------


def _horizon(grant: Grant, through_year: int) -> date:
    year_end = date(max(through_year, grant.period_start.year), 12, 31)
    end = grant.ended_on or grant.period_end
    return min(end, year_end) if end else year_end


@dataclass(frozen=True)
class LinePlan:
    month: date
    start: date
    end: date
    monthly_amount: Decimal
    amount: Decimal
    determined_on: date
    wage_value: int | None
    flat_rate: bool


def plan_lines(grant: Grant, *, through_year: int) -> tuple[list[LinePlan], date | None]:
    """The lines the grant should have through `through_year`, and the date a wage value is needed from
    (flat rate run out), if any. Raises calc.CalculationInputError when the figures are missing."""
    method = grant.instrument_version.payment_method
    if method == PaymentMethod.ONE_OFF:
        amount = grant.granted_amount or Decimal(0)
        month = schedule.month_start(grant.period_start)
        return [
            LinePlan(
                month, grant.period_start, grant.period_start, amount, amount, grant.period_start, None, False
            )
        ], None
    if method != PaymentMethod.MONTHLY_WAGE_COST_SUBSIDY:
        return [], None
    rules = rules_on(grant.period_start, date_of_birth=grant.candidate.date_of_birth)
    plan = schedule.plan_wage_cost_subsidy(
        period_start=grant.period_start,
        through=_horizon(grant, through_year),
        subsidy_for=selectors.subsidy_for(grant),
        wage_value=grant.wage_value,
        wage_value_from=grant.wage_value_from,
        earlier_wage_value=grant.previous_wage_value,
        flat_rate_max_months=rules.flat_rate_max_months,
    )
    return [
        LinePlan(
            line.month,
            line.start,
            line.end,
            line.monthly_amount,
            line.amount,
            line.determined_on,
            line.wage_value,
            line.flat_rate,
        )
        for line in plan.lines
    ], plan.wage_value_needed_from


def _plan_or_error(grant: Grant, through_year: int):
    try:
        return plan_lines(grant, through_year=through_year)
    except calc.CalculationInputError as error:
        on = getattr(error, "on", None)
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "The legal figures needed for the payment schedule are missing for %(date)s "
                        "(%(what)s)."
                    )
                    % {"date": _fmt(on) if on else "?", "what": getattr(error, "missing", "") or error.code}
                ]
            }
        ) from None


def _sync_lines(grant: Grant, plans: list[LinePlan], *, from_month: date | None = None) -> list[str]:
    """Make the grant's planned lines match `plans` (paid lines never change); returns the months touched."""
    existing = {
        line.month: line
        for line in grant.payment_lines.select_for_update().exclude(status=PaymentStatus.CANCELLED)
    }
    wanted = {plan.month: plan for plan in plans}
    touched = []
    for month, plan in wanted.items():
        if from_month is not None and month < from_month:
            continue
        line = existing.get(month)
        values = {
            "period_start": plan.start,
            "period_end": plan.end,
            "monthly_amount": plan.monthly_amount,
            "amount": plan.amount,
            "determined_on": plan.determined_on,
            "wage_value": plan.wage_value,
            "flat_rate": plan.flat_rate,
        }
        if line is None:
            PaymentLine.objects.create(grant=grant, month=month, **values)
            touched.append(month.isoformat())
        elif line.status == PaymentStatus.PLANNED and any(getattr(line, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(line, key, value)
            line.save()
            touched.append(month.isoformat())
    for month, line in existing.items():
        if (
            month not in wanted
            and line.status == PaymentStatus.PLANNED
            and (from_month is None or month >= from_month)
        ):
            line.status = PaymentStatus.CANCELLED
            line.save(update_fields=["status", "updated_at"])
            touched.append(month.isoformat())
    return touched


# --- decisions ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetShortfall:
    year: int
    allocated: Decimal | None
    committed: Decimal
    needed: Decimal


def budget_shortfalls(grant: Grant, plans: list[LinePlan]) -> list[BudgetShortfall]:
    """The years in which this grant's lines do not fit in the paying municipality's budget (or no budget is
    set for the instrument that year)."""
    shortfalls = []
    for year, total in sorted(schedule.year_totals(plans).items()):
        if total <= 0:
            continue
        budget = Budget.objects.filter(
            organisation=grant.paying_organisation, instrument=grant.instrument_version.instrument, year=year
        ).first()
        committed, _paid = selectors.committed_and_paid(
            organisation_id=grant.paying_organisation_id,
            instrument_id=grant.instrument_version.instrument_id,
            year=year,
            exclude_grant_id=grant.pk,
        )
        if budget is None or committed + total > budget.allocated:
            shortfalls.append(BudgetShortfall(year, budget.allocated if budget else None, committed, total))
    return shortfalls


def _shortfall_text(s: BudgetShortfall) -> str:
    if s.allocated is None:
        return _("%(year)s: no budget is set (this grant needs %(needed)s).") % {
            "year": s.year,
            "needed": _money(s.needed),
        }
    return _("%(year)s: %(available)s of the budget is still free, this grant needs %(needed)s.") % {
        "year": s.year,
        "available": _money(max(s.allocated - s.committed, Decimal(0))),
        "needed": _money(s.needed),
    }


def grant_decide(
    *,
    user,
    region: Region,
    grant: Grant,
    granted: bool,
    decided_on: date,
    note: str = "",
    granted_amount=None,
    budget_override_reason: str = "",
    request=None,
) -> Grant:
    """Grant or refuse the application. Granting creates the payment schedule (through the end of the
    decision's year; later years come with the 1 January re-determination). A grant that does not fit in the
    municipality's budget for the instrument needs `budget_override_reason`."""
    _check_decide(user, region, grant)
    errors: dict[str, list[str]] = {}
    if grant.status != GrantStatus.APPLIED:
        errors["granted"] = [_("This application has already been decided.")]
    if decided_on is None:
        errors["decided_on"] = [_("Enter the date of the decision.")]
    elif decided_on < grant.applied_on:
        errors["decided_on"] = [
            _("The decision cannot be before the application (%(date)s).") % {"date": _fmt(grant.applied_on)}
        ]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [_("The decision date cannot be in the future.")]
    note = (note or "").strip()
    if not granted and not note:
        errors["note"] = [_("Give the grounds for the refusal.")]
    amount = _decimal(granted_amount, "granted_amount", errors, _("Enter an amount in euros."))
    version = grant.instrument_version
    if granted and version.payment_method == PaymentMethod.ONE_OFF and "granted_amount" not in errors:
        amount = amount if amount is not None else grant.requested_amount
        if amount is None or amount <= 0:
            errors["granted_amount"] = [_("Enter the amount granted.")]
    if errors:
        raise ValidationError(errors)
    override = (budget_override_reason or "").strip()
    with transaction.atomic():
        grant = (
            Grant.objects.select_for_update()
            .select_related("candidate", "instrument_version__instrument", "paying_organisation")
            .get(pk=grant.pk)
        )
        if grant.status != GrantStatus.APPLIED:
            raise ValidationError({"granted": [_("This application has already been decided.")]})
        fields = ["status", "decided_on", "decided_by", "decision_note"]
        grant.decided_on, grant.decided_by, grant.decision_note = decided_on, user, note
        if granted:
            if version.payment_method == PaymentMethod.ONE_OFF:
                grant.granted_amount = amount
                fields.append("granted_amount")
            plans, _needed = _plan_or_error(grant, decided_on.year)
            shortfalls = budget_shortfalls(grant, plans)
            if shortfalls and not override:
                raise ValidationError(
                    {
                        "budget_override_reason": [
                            _("This grant exceeds the budget. Give the reason to grant it anyway.")
                        ]
                        + [_shortfall_text(s) for s in shortfalls]
                    }
                )
            if shortfalls:
                grant.budget_override_reason, grant.budget_override_by = override, user
                fields += ["budget_override_reason", "budget_override_by"]
            _record_status(grant, user=user, to_status=GrantStatus.GRANTED, reason=note)
            grant.save()
            _sync_lines(grant, plans)
            context = f"Aanvraag {version.name} toegekend"
            if shortfalls:
                context += "; budget bewust overschreden"
        else:
            _record_status(grant, user=user, to_status=GrantStatus.REFUSED, reason=note)
            grant.save()
            context = f"Aanvraag {version.name} afgewezen"
        _log_grant(
            user=user,
            region=region,
            grant=grant,
            request=request,
            context=context,
            fields=fields,
        )
    return grant


def grant_withdraw(*, user, region: Region, grant: Grant, reason: str, request=None) -> Grant:
    """The applicant withdraws the application before the decision."""
    _check_decide(user, region, grant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    return _grant_move(
        user=user,
        region=region,
        grant=grant,
        to_status=GrantStatus.WITHDRAWN,
        reason=reason,
        context="Aanvraag ingetrokken",
        request=request,
    )


def grant_start(*, user, region: Region, grant: Grant, request=None) -> Grant:
    """The job has started: the granted grant runs."""
    _check_decide(user, region, grant)
    return _grant_move(
        user=user,
        region=region,
        grant=grant,
        to_status=GrantStatus.ACTIVE,
        reason=_("The job has started"),
        context="Toekenning loopt: de baan is begonnen",
        request=request,
    )


def grant_end(*, user, region: Region, grant: Grant, ended_on: date, reason: str, request=None) -> Grant:
    """End a granted or running grant: planned lines after `ended_on` are cancelled, the last month is paid
    pro rata; paid lines stay."""
    _check_decide(user, region, grant)
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if ended_on is None:
        errors["ended_on"] = [_("Enter the end date.")]
    elif ended_on < grant.period_start - timedelta(days=1):
        errors["ended_on"] = [
            _("The end cannot be before the start (%(date)s).") % {"date": _fmt(grant.period_start)}
        ]
    elif grant.period_end is not None and ended_on > grant.period_end:
        errors["ended_on"] = [
            _("The grant ends on %(date)s at the latest.") % {"date": _fmt(grant.period_end)}
        ]
    if not reason:
        errors["reason"] = [_("Give the reason for ending.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        grant = (
            Grant.objects.select_for_update()
            .select_related("candidate", "instrument_version")
            .get(pk=grant.pk)
        )
        paid_after = grant.payment_lines.filter(status=PaymentStatus.PAID, period_start__gt=ended_on).first()
        if paid_after is not None:
            raise ValidationError(
                {
                    "ended_on": [
                        _(
                            "The month of %(month)s has already been paid; end the grant after it or "
                            "recover the payment first."
                        )
                        % {"month": paid_after.month.strftime("%m-%Y")}
                    ]
                }
            )
        _record_status(grant, user=user, to_status=GrantStatus.ENDED, reason=reason)
        grant.ended_on, grant.end_reason = ended_on, reason
        grant.save()
        if grant.instrument_version.payment_method == PaymentMethod.MONTHLY_WAGE_COST_SUBSIDY:
            plans, _needed = _plan_or_error(grant, ended_on.year)
            _sync_lines(grant, plans)
        elif ended_on < grant.period_start:
            grant.payment_lines.filter(status=PaymentStatus.PLANNED).update(status=PaymentStatus.CANCELLED)
        _log_grant(
            user=user,
            region=region,
            grant=grant,
            request=request,
            context="Toekenning beëindigd",
            fields=["status", "ended_on", "end_reason"],
        )
    return grant


def grant_wage_value_record(
    *, user, region: Region, grant: Grant, wage_value: int, source: str, applies_from: date, request=None
) -> Grant:
    """A (new) wage value for the grant from `applies_from` (e.g. after the flat-rate months, or a
    re-assessment, art. 10d lid 6): planned lines from that month on are recalculated; paid lines stay."""
    _check_decide(user, region, grant)
    errors: dict[str, list[str]] = {}
    if wage_value is None or not 0 <= wage_value <= 100:
        errors["wage_value"] = [_("Enter the wage value as a whole percentage from 0 to 100.")]
    if not (source or "").strip():
        errors["source"] = [_("Say where the wage value comes from (report, date, expert).")]
    if applies_from is None:
        errors["applies_from"] = [_("Enter the date from which the wage value applies.")]
    elif applies_from < grant.period_start:
        errors["applies_from"] = [_("The wage value cannot apply before the grant starts.")]
    if grant.status not in (GrantStatus.APPLIED, GrantStatus.GRANTED, GrantStatus.ACTIVE):
        errors["wage_value"] = [_("The wage value of a closed grant cannot change.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        grant = (
            Grant.objects.select_for_update()
            .select_related("candidate", "instrument_version")
            .get(pk=grant.pk)
        )
        if grant.status != GrantStatus.APPLIED:
            grant.previous_wage_value = grant.wage_value
        grant.wage_value, grant.wage_value_source = wage_value, source.strip()
        grant.wage_value_from = grant.period_start if grant.status == GrantStatus.APPLIED else applies_from
        grant.save(
            update_fields=[
                "wage_value",
                "wage_value_source",
                "wage_value_from",
                "previous_wage_value",
                "updated_at",
            ]
        )
        if grant.status != GrantStatus.APPLIED:
            last = grant.payment_lines.exclude(status=PaymentStatus.CANCELLED).order_by("-month").first()
            through = max(last.month.year if last else applies_from.year, applies_from.year)
            plans, _needed = _plan_or_error(grant, through)
            _sync_lines(grant, plans, from_month=schedule.month_start(applies_from))
        _log_grant(
            user=user,
            region=region,
            grant=grant,
            request=request,
            context=f"Loonwaarde vastgelegd vanaf {_fmt(applies_from)}",
            fields=["wage_value", "wage_value_source", "wage_value_from"],
        )
    return grant


def grants_redetermine(*, region: Region, year: int) -> int:
    """The 1 January re-determination (Pw art. 10d lid 7): every granted or running wage-cost subsidy gets its
    lines of `year` with that year's figures (planned lines recalculated, missing months added). Returns the
    number of grants changed. Run by the system (`werkbedrijf redetermine_grants --year`)."""
    changed = 0
    grants = Grant.objects.filter(
        region=region,
        status__in=(GrantStatus.GRANTED, GrantStatus.ACTIVE),
        instrument_version__payment_method=PaymentMethod.MONTHLY_WAGE_COST_SUBSIDY,
    ).select_related("candidate", "instrument_version")
    for grant in grants:
        with transaction.atomic():
            locked = (
                Grant.objects.select_for_update()
                .select_related("candidate", "instrument_version")
                .get(pk=grant.pk)
            )
            plans, _needed = _plan_or_error(locked, year)
            touched = _sync_lines(locked, plans, from_month=date(year, 1, 1))
            if touched:
                changed += 1
                log_change(
                    actor=None,
                    action=AccessAction.UPDATE,
                    object_type="instrument_grant",
                    object_uuid=locked.uuid,
                    object_label=_grant_label(locked),
                    context=f"Loonkostensubsidie per 1 januari {year} opnieuw vastgesteld",
                    changed_fields=["payment_lines"],
                    subject_uuids=[locked.candidate.uuid],
                    region_code=region.code,
                )
    return changed


def payment_line_mark_paid(
    *, user, region: Region, line: PaymentLine, paid_on: date, request=None
) -> PaymentLine:
    """Record that the municipality paid the line; a paid line never changes again."""
    grant = line.grant
    _check_decide(user, region, grant)
    errors: dict[str, list[str]] = {}
    if paid_on is None:
        errors["paid_on"] = [_("Enter the payment date.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("The payment date cannot be in the future.")]
    if grant.status not in (GrantStatus.GRANTED, GrantStatus.ACTIVE, GrantStatus.ENDED):
        errors["paid_on"] = [_("Only lines of a granted grant can be paid.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        line = PaymentLine.objects.select_for_update().get(pk=line.pk)
        if line.status != PaymentStatus.PLANNED:
            raise ValidationError({"paid_on": [_("This line is not open for payment.")]})
        line.status, line.paid_on, line.paid_by = PaymentStatus.PAID, paid_on, user
        line.save(update_fields=["status", "paid_on", "paid_by", "updated_at"])
        _log(
            user=user,
            region=region,
            action=AccessAction.UPDATE,
            object_type="instrument_payment_line",
            obj=line,
            label=_grant_label(grant),
            context=f"Betaling {line.month:%m-%Y} als betaald geboekt",
            fields=["status", "paid_on", "paid_by"],
            subjects=[grant.candidate.uuid],
            request=request,
        )
    return line


# --- budgets --------------------------------------------------------------------------------------------


def budget_set(
    *, user, region: Region, organisation, instrument: Instrument | None, year: int, allocated, request=None
) -> Budget:
    """Set (or change) what the municipality allocated to the instrument for the year."""
    errors: dict[str, list[str]] = {}
    if organisation is None or not may_set_budget_of(user, region, organisation):
        raise PermissionDenied
    if instrument is None or instrument.region_id != region.pk:
        errors["instrument"] = [_("Choose an instrument of the regional catalogue.")]
    if year is None or not 2015 <= year <= 2100:
        errors["year"] = [_("Enter a year from 2015.")]
    amount = _decimal(allocated, "allocated", errors, _("Enter an amount in euros."))
    if "allocated" not in errors and (amount is None or amount < 0):
        errors["allocated"] = [_("Enter an amount of 0 or more.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        budget, created = Budget.objects.select_for_update().get_or_create(
            organisation=organisation,
            instrument=instrument,
            year=year,
            defaults={"region": region, "allocated": amount, "updated_by": user},
        )
        if not created:
            budget.allocated, budget.updated_by = amount, user
            budget.save(update_fields=["allocated", "updated_by", "updated_at"])
        _log(
            user=user,
            region=region,
            action=AccessAction.CREATE if created else AccessAction.UPDATE,
            object_type="instrument_budget",
            obj=budget,
            label=f"{instrument.code} {year}",
            context=f"Budget {instrument.code} {year} van {organisation.name} vastgesteld",
            fields=["allocated"],
            request=request,
        )
    return budget
