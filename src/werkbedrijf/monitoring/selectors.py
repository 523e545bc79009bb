"""The monitoring's figures for a dashboard, always as a given user in a given region.

Everything comes from the ready figures (models.MonthlyFigure, RetentionFigure) and from counts in other
apps; there are no persons in it, so nothing is access-logged. For users who see aggregates only
(permissions.sees_aggregates_only), and in everything that leaves the system, a figure about fewer than
SMALL_COUNT people is a `Count` with `value` None, shown as "<5"; a sum of jobs over such a cell is hidden
with it.

Figures are measured per month: at its last day, and for the current month at the day the figures were
built (today, after the nightly build or after a change). When the figures are out of date they are built
again before they are read (in the request without a broker; with one the dashboard shows the last figures,
says so, and a worker builds new ones).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count as DbCount
from django.db.models import Q, Sum
from django.utils import timezone

from werkbedrijf.candidates.models import Candidate, CandidateStatus, TargetGroup
from werkbedrijf.employers.models import SectorType
from werkbedrijf.instruments.models import COMMITTING_STATUSES, Budget, PaymentLine, PaymentStatus
from werkbedrijf.parameters import keys
from werkbedrijf.parameters.keys import DEFINITIONS as PARAMETER_DEFINITIONS
from werkbedrijf.parameters.models import JobsAgreementTarget
from werkbedrijf.parameters.selectors import ParameterNotFound, parameter_on
from werkbedrijf.placements import rules
from werkbedrijf.placements.models import Placement, PlacementHours
from werkbedrijf.proposals.models import ProposalEvent
from werkbedrijf.proposals.states import DeclineReason, ProposalState
from werkbedrijf.regions.models import Municipality

from . import quota
from .cube import build_region
from .models import CubeState, MonthlyFigure, RegionTargetShare, RetentionFigure, WaitFigure
from .months import measuring_day, month_start, months_back, next_month
from .permissions import SMALL_COUNT, may_read_monitoring, sees_aggregates_only


@dataclass(frozen=True)
class Count:
    """A number of people; None when it is suppressed (fewer than SMALL_COUNT)."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return f"<{SMALL_COUNT}" if self.value is None else str(self.value)


def count(n: int, suppress: bool) -> Count:
    return Count(None if suppress and 0 < n < SMALL_COUNT else n)


def _units(units: Decimal, people: int, suppress: bool) -> Decimal | None:
    return None if suppress and 0 < people < SMALL_COUNT else units.quantize(Decimal("0.1"))


def _share(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


# --- freshness ------------------------------------------------------------------------------------------


def fresh_state(region, *, today: date | None = None) -> tuple[CubeState, bool]:
    """The region's figures, built again first when out of date (see the module's docstring). Returns the
    state and whether it is still out of date (a worker is building)."""
    today = today or timezone.localdate()
    state = CubeState.objects.filter(region=region).first()
    outdated = (
        state is None or state.built_at is None or state.dirty_since is not None or state.measured_on != today
    )
    if not outdated:
        return state, False
    if settings.CELERY_TASK_ALWAYS_EAGER or state is None or state.built_at is None:
        return build_region(region, today=today), False
    from .tasks import build_region as build_task

    build_task.delay(region.pk)
    return state, True


# --- the dashboard --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    year: int
    national: int
    share_percent: Decimal
    region: Decimal  # national × share
    confidence: str  # the lower of the target's and the share's
    share_source: str


@dataclass(frozen=True)
class MonthRow:
    month: date
    market: Decimal | None
    government: Decimal | None
    running: Count
    started: Count
    ended: Count


@dataclass(frozen=True)
class AreaRow:
    name: str
    code: str
    running: Count
    counted: Count
    units: Decimal | None
    started: Count  # in the period
    pool_share: Decimal | None  # % of the region's pool living here
    started_share: Decimal | None  # % of the period's placements of people living here


@dataclass(frozen=True)
class GroupRow:
    code: str
    label: str
    running: Count
    counted: Count
    units: Decimal | None
    started: Count


@dataclass(frozen=True)
class RetentionRow:
    target_group: str
    instrument: str
    started: Count
    rates: tuple[tuple[int, Count, Count, Decimal | None], ...]  # (months, due, retained, % retained)


@dataclass(frozen=True)
class WaitRow:
    target_group: str
    label: str
    placements: Count
    median_days: int | None  # None when it is about fewer than SMALL_COUNT placements (for the board)


@dataclass(frozen=True)
class FunnelRow:
    state: str
    label: str
    count: Count


@dataclass(frozen=True)
class BudgetRow:
    instrument: str
    allocated: Decimal
    committed: Decimal
    paid: Decimal


@dataclass(frozen=True)
class Dashboard:
    region: object
    period_start: date
    period_end: date  # the measuring month (its first day)
    measured_on: date
    built_at: object
    building: bool
    suppressed: bool
    municipality_code: str
    market: Decimal | None
    government: Decimal | None
    total: Decimal | None
    counted: Count
    target: Target | None
    series: list[MonthRow] = field(default_factory=list)
    municipalities: list[AreaRow] = field(default_factory=list)
    target_groups: list[GroupRow] = field(default_factory=list)
    retention: list[RetentionRow] = field(default_factory=list)
    waits: list[WaitRow] = field(default_factory=list)
    funnel: list[FunnelRow] = field(default_factory=list)
    declines: list[FunnelRow] = field(default_factory=list)
    budgets: list[BudgetRow] = field(default_factory=list)

    @property
    def measuring_day(self) -> date:
        """The day the figures at the measuring month are about (the build's day in the current month)."""
        return measuring_day(self.period_end, self.measured_on)


_CONFIDENCE_ORDER = ["LAW", "OFFICIAL", "SECONDARY", "UNCONFIRMED"]


def target_share_on(region, on: date) -> RegionTargetShare | None:
    return (
        RegionTargetShare.objects.filter(region=region, valid_from__lte=on)
        .order_by("-valid_from", "-created_at")
        .first()
    )


def region_target(region, year: int) -> Target | None:
    """The region's target at the end of `year`: the region's share then of the national target of that
    year, or of the latest year before it when none is known (the build-up ended in 2025; the macro target
    of 125,000 jobs stays). `Target.year` is the national target's year."""
    national = JobsAgreementTarget.objects.filter(year__lte=year).order_by("-year").first()
    share = target_share_on(region, date(year, 12, 31))
    if national is None or share is None:
        return None
    confidence = max(national.confidence, share.confidence, key=_CONFIDENCE_ORDER.index)
    return Target(
        year=national.year,
        national=national.total,
        share_percent=share.share_percent,
        region=(Decimal(national.total) * share.share_percent / 100).quantize(Decimal("0.1")),
        confidence=confidence,
        share_source=share.source,
    )


def _empty_cell() -> dict:
    return {"running": 0, "counted": 0, "units": Decimal(0), "started": 0, "ended": 0}


def dashboard(
    *,
    user,
    region,
    month: date | None = None,
    period_start: date | None = None,
    municipality_code: str = "",
    today: date | None = None,
    suppress: bool | None = None,
) -> Dashboard:
    """The region's figures at `month` (the current month by default), the series and flows over
    `period_start` … `month` (twelve months by default), for one municipality of residence when given."""
    if not may_read_monitoring(user, region):
        raise PermissionDenied
    today = today or timezone.localdate()
    suppress = sees_aggregates_only(user, region) if suppress is None else suppress
    state, building = fresh_state(region, today=today)
    end = month_start(min(month or today, today))
    start = month_start(period_start) if period_start else months_back(end, 12)
    start = min(start, end)
    figures = MonthlyFigure.objects.filter(region=region, month__gte=start, month__lte=end)
    if municipality_code:
        figures = figures.filter(municipality__code=municipality_code)

    series = []
    by_month = (
        figures.values("month", "sector_type")
        .annotate(
            running=Sum("running"),
            counted=Sum("counted"),
            units=Sum("job_units"),
            started=Sum("started"),
            ended=Sum("ended"),
        )
        .order_by("month")
    )
    months: dict[date, dict] = defaultdict(lambda: defaultdict(_empty_cell))
    for row in by_month:
        months[row["month"]][row["sector_type"]] = row
    for current in sorted(months):
        sectors = months[current]
        market, government = sectors[SectorType.MARKET], sectors[SectorType.GOVERNMENT]
        totals = {k: market[k] + government[k] for k in ("running", "started", "ended")}
        series.append(
            MonthRow(
                month=current,
                market=_units(Decimal(market["units"]), market["counted"], suppress),
                government=_units(Decimal(government["units"]), government["counted"], suppress),
                running=count(totals["running"], suppress),
                started=count(totals["started"], suppress),
                ended=count(totals["ended"], suppress),
            )
        )
    at_end = months.get(end)
    market_units = government_units = None
    counted_total = 0
    if at_end:
        market, government = at_end[SectorType.MARKET], at_end[SectorType.GOVERNMENT]
        market_units = _units(Decimal(market["units"]), market["counted"], suppress)
        government_units = _units(Decimal(government["units"]), government["counted"], suppress)
        counted_total = market["counted"] + government["counted"]
    total = None
    if market_units is not None and government_units is not None:
        total = market_units + government_units
    elif not at_end:
        market_units = government_units = total = Decimal(0)

    funnel, declines = _funnel(region, start, end, suppress)
    return Dashboard(
        region=region,
        period_start=start,
        period_end=end,
        measured_on=state.measured_on or today,
        built_at=state.built_at,
        building=building,
        suppressed=suppress,
        municipality_code=municipality_code,
        market=market_units,
        government=government_units,
        total=total,
        counted=count(counted_total, suppress),
        target=region_target(region, end.year),
        series=series,
        municipalities=_municipalities(region, start, end, suppress),
        target_groups=_target_groups(figures, start, end, suppress),
        retention=_retention(region, suppress),
        waits=_waits(region, start, end, suppress),
        funnel=funnel,
        declines=declines,
        budgets=_budgets(region, end.year),
    )


def _municipalities(region, start: date, end: date, suppress: bool) -> list[AreaRow]:
    figures = MonthlyFigure.objects.filter(region=region, month__gte=start, month__lte=end)
    now = {
        row["municipality"]: row
        for row in figures.filter(month=end)
        .values("municipality")
        .annotate(running=Sum("running"), counted=Sum("counted"), units=Sum("job_units"))
    }
    started = dict(figures.values("municipality").annotate(n=Sum("started")).values_list("municipality", "n"))
    pool = dict(
        Candidate.objects.filter(region=region)
        .exclude(status=CandidateStatus.LEFT)
        .values("municipality")
        .annotate(n=DbCount("pk"))
        .values_list("municipality", "n")
    )
    ids = set(now) | set(started) | set(pool)
    names = {m.pk: m for m in Municipality.objects.filter(pk__in=ids)}
    pool_total, started_total = sum(pool.values()), sum(started.values())
    rows = []
    for pk in sorted(ids, key=lambda pk: names[pk].name):
        current = now.get(pk, {"running": 0, "counted": 0, "units": Decimal(0)})
        # A share about fewer than 5 people gives the small number away (33.3 % of 3).
        small_pool = suppress and 0 < pool.get(pk, 0) < SMALL_COUNT
        small_started = suppress and 0 < started.get(pk, 0) < SMALL_COUNT
        rows.append(
            AreaRow(
                name=names[pk].name,
                code=names[pk].code,
                running=count(current["running"], suppress),
                counted=count(current["counted"], suppress),
                units=_units(Decimal(current["units"]), current["counted"], suppress),
                started=count(started.get(pk, 0), suppress),
                pool_share=None if small_pool else _share(pool.get(pk, 0), pool_total),
                started_share=None if small_started else _share(started.get(pk, 0), started_total),
            )
        )
    return rows


def _target_groups(figures, start: date, end: date, suppress: bool) -> list[GroupRow]:
    now = {
        row["target_group"]: row
        for row in figures.filter(month=end)
        .values("target_group")
        .annotate(running=Sum("running"), counted=Sum("counted"), units=Sum("job_units"))
    }
    started = dict(figures.values("target_group").annotate(n=Sum("started")).values_list("target_group", "n"))
    labels = dict(TargetGroup.choices)
    rows = []
    for code in [c for c in TargetGroup.values if c in now or c in started]:
        current = now.get(code, {"running": 0, "counted": 0, "units": Decimal(0)})
        rows.append(
            GroupRow(
                code=code,
                label=str(labels[code]),
                running=count(current["running"], suppress),
                counted=count(current["counted"], suppress),
                units=_units(Decimal(current["units"]), current["counted"], suppress),
                started=count(started.get(code, 0), suppress),
            )
        )
    return rows


def _retention(region, suppress: bool) -> list[RetentionRow]:
    totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in RetentionFigure.objects.filter(region=region).values():
        cell = totals[(row["target_group"], row["instrument"])]
        for name in ("started", "due_6", "retained_6", "due_12", "retained_12", "due_24", "retained_24"):
            cell[name] += row[name]
    rows = []
    for (group, instrument), cell in sorted(totals.items()):
        rates = []
        for months in (6, 12, 24):
            due, kept = cell[f"due_{months}"], cell[f"retained_{months}"]
            hidden = suppress and 0 < due < SMALL_COUNT
            rates.append(
                (
                    months,
                    count(due, suppress),
                    count(kept, suppress or hidden),
                    None if hidden else _share(kept, due),
                )
            )
        rows.append(RetentionRow(group, instrument, count(cell["started"], suppress), tuple(rates)))
    return rows


def _waits(region, start: date, end: date, suppress: bool) -> list[WaitRow]:
    """Per target group, the placements that started in the years of the period and the median of their
    years' medians weighted by placements (the exact median of every year's own figure is on the year)."""
    labels = dict(TargetGroup.choices)
    cells: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in WaitFigure.objects.filter(region=region, start_year__gte=start.year, start_year__lte=end.year):
        cells[row.target_group].append((row.median_days, row.placements))
    rows = []
    for code in [c for c in TargetGroup.values if c in cells]:
        values = sorted(cells[code])
        total = sum(n for _days, n in values)
        running, median = 0, values[-1][0]
        for days, n in values:
            running += n
            if running * 2 >= total:
                median = days
                break
        hidden = suppress and total < SMALL_COUNT
        rows.append(WaitRow(code, str(labels[code]), count(total, suppress), None if hidden else median))
    return rows


_FUNNEL_STATES = [
    ProposalState.PROPOSED,
    ProposalState.SENT_TO_EMPLOYER,
    ProposalState.INTERVIEW,
    ProposalState.TRIAL_PLACEMENT,
    ProposalState.HIRED,
    ProposalState.DECLINED,
]


def _funnel(region, start: date, end: date, suppress: bool) -> tuple[list[FunnelRow], list[FunnelRow]]:
    last = next_month(end)
    events = ProposalEvent.objects.filter(proposal__region=region, at__date__gte=start, at__date__lt=last)
    by_state = dict(events.values("to_state").annotate(n=DbCount("pk")).values_list("to_state", "n"))
    labels = dict(ProposalState.choices)
    funnel = [FunnelRow(s, str(labels[s]), count(by_state.get(s, 0), suppress)) for s in _FUNNEL_STATES]
    reasons = dict(
        events.filter(to_state=ProposalState.DECLINED)
        .values("reason")
        .annotate(n=DbCount("pk"))
        .values_list("reason", "n")
    )
    reason_labels = dict(DeclineReason.choices)
    declines = [
        FunnelRow(code, str(reason_labels.get(code, code)), count(n, suppress))
        for code, n in sorted(reasons.items(), key=lambda item: -item[1])
    ]
    return funnel, declines


def _budgets(region, year: int) -> list[BudgetRow]:
    allocated = dict(
        Budget.objects.filter(region=region, year=year)
        .values("instrument__code")
        .annotate(total=Sum("allocated"))
        .values_list("instrument__code", "total")
    )
    lines = (
        PaymentLine.objects.filter(
            grant__region=region, grant__status__in=COMMITTING_STATUSES, month__year=year
        )
        .exclude(status=PaymentStatus.CANCELLED)
        .values("grant__instrument_version__instrument__code")
        .annotate(committed=Sum("amount"), paid=Sum("amount", filter=Q(status=PaymentStatus.PAID)))
    )
    used = {row["grant__instrument_version__instrument__code"]: row for row in lines}
    return [
        BudgetRow(
            instrument=code,
            allocated=allocated.get(code) or Decimal(0),
            committed=(used.get(code) or {}).get("committed") or Decimal(0),
            paid=(used.get(code) or {}).get("paid") or Decimal(0),
        )
        for code in sorted(set(allocated) | set(used))
    ]


# --- over all regions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    market: Decimal | None
    government: Decimal | None
    running: Count
    counted: Count
    target: Target | None
    built_at: object


@dataclass(frozen=True)
class National:
    month: date
    regions: list[RegionRow]
    market: Decimal
    government: Decimal
    running: Count
    national_target: int | None


def national_figures(*, user, month: date | None = None, today: date | None = None) -> National:
    """Every region's figures at `month` and their sum, always with small numbers suppressed (they are for
    whoever reads monitoring in any region). Regions whose figures are out of date are built again first
    (see fresh_state)."""
    from werkbedrijf.accounts.permissions import regions_of
    from werkbedrijf.regions.models import Region

    if not any(may_read_monitoring(user, region) for region in regions_of(user)):
        raise PermissionDenied
    today = today or timezone.localdate()
    end = month_start(min(month or today, today))
    rows = []
    market_total, government_total, running_total = Decimal(0), Decimal(0), 0
    for region in Region.objects.order_by("code"):
        state = CubeState.objects.filter(region=region).first()
        if state is None:
            continue
        state, _building = fresh_state(region, today=today)
        cells = {
            row["sector_type"]: row
            for row in MonthlyFigure.objects.filter(region=region, month=end)
            .values("sector_type")
            .annotate(running=Sum("running"), counted=Sum("counted"), units=Sum("job_units"))
        }
        empty = {"running": 0, "counted": 0, "units": Decimal(0)}
        market, government = cells.get(SectorType.MARKET, empty), cells.get(SectorType.GOVERNMENT, empty)
        running = market["running"] + government["running"]
        market_total += Decimal(market["units"])
        government_total += Decimal(government["units"])
        running_total += running
        rows.append(
            RegionRow(
                code=region.code,
                name=region.name,
                market=_units(Decimal(market["units"]), market["counted"], True),
                government=_units(Decimal(government["units"]), government["counted"], True),
                running=count(running, True),
                counted=count(market["counted"] + government["counted"], True),
                target=region_target(region, end.year),
                built_at=state.built_at,
            )
        )
    national = JobsAgreementTarget.objects.filter(year=end.year).first()
    return National(
        month=end,
        regions=rows,
        market=market_total.quantize(Decimal("0.1")),
        government=government_total.quantize(Decimal("0.1")),
        running=count(running_total, True),
        national_target=national.total if national else None,
    )


# --- an employer's quota position -----------------------------------------------------------------------

QUOTA_FIGURES = {
    keys.QUOTA_EXEMPTION_HOURS: "exemption_hours",
    keys.QUOTA_PERCENTAGE: "quota_percentage",
    keys.JOB_UNIT_HOURS_PER_YEAR: "hours_per_job_year",
    keys.QUOTA_LEVY_PER_SHORTFALL: "levy_per_job",
}


@dataclass(frozen=True)
class QuotaView:
    year: int
    paid_hours: Decimal | None  # None: the employer's paid hours are not known
    jobs_agreement_hours: Decimal
    placements_counted: int
    rules: quota.QuotaRules | None  # None: a legal figure is missing for the year
    position: quota.QuotaPosition | None
    planned_hours: Decimal | None = None
    planned_position: quota.QuotaPosition | None = None
    unconfirmed: list[str] = field(default_factory=list)  # labels of the unconfirmed figures used


def may_see_quota(user, region, employer) -> bool:
    from werkbedrijf.employers.permissions import EmployerScope, employer_rule

    rule = employer_rule(user, region)
    if employer.organisation.region_id != getattr(region, "pk", None):
        return False
    if rule.scope == EmployerScope.REGION:
        return True
    return rule.scope == EmployerScope.OWN and user.organisation_id == employer.organisation_id


def quota_rules(year: int) -> tuple[quota.QuotaRules | None, list[str]]:
    """The quota's legal figures in force on 1 January of `year`, and the labels of the unconfirmed ones."""
    on = date(year, 1, 1)
    values, unconfirmed = {}, []
    for key, name in QUOTA_FIGURES.items():
        try:
            row = parameter_on(key, on)
        except ParameterNotFound:
            return None, []
        values[name] = row.value
        if row.confidence == "UNCONFIRMED":
            definition = PARAMETER_DEFINITIONS.get(key)
            unconfirmed.append(str(definition.label) if definition else key)
    return quota.QuotaRules(**values, unconfirmed=frozenset(unconfirmed)), unconfirmed


def employer_quota(*, user, region, employer, year: int, planned_hours: Decimal | None = None) -> QuotaView:
    """The employer's quota position in `year` (its paid hours as recorded, the hours of its placements that
    count for the banenafspraak in the year), and what hiring someone in the register for `planned_hours` a
    week would change. Figures only: not access-logged."""
    if not may_see_quota(user, region, employer):
        raise PermissionDenied
    first, last = date(year, 1, 1), date(year, 12, 31)
    placements = Placement.objects.filter(employer=employer, start_date__lte=last).exclude(ended_on__lt=first)
    counted_hours, counted = Decimal(0), 0
    for placement in placements.select_related("candidate").prefetch_related("hours_history"):
        facts = rules.PlacementFacts(
            start=placement.start_date,
            ended_on=placement.ended_on,
            contract_type=placement.contract_type,
            hours=tuple(
                (h.valid_from, h.hours_per_week)
                for h in sorted(placement.hours_history.all(), key=lambda h: h.valid_from)
            ),
            in_register=placement.candidate.in_target_group_register,
            registered_from=placement.candidate.registered_from,
            registered_until=placement.candidate.registered_until,
        )
        hours = rules.counted_hours_between(facts, first, last)
        if hours:
            counted_hours += hours
            counted += 1
    legal, unconfirmed = quota_rules(year)
    paid = Decimal(employer.yearly_paid_hours) if employer.yearly_paid_hours is not None else None
    position = planned = None
    if legal is not None and paid is not None:
        data = quota.QuotaInput(
            paid_hours_previous_year=paid, paid_hours=paid, jobs_agreement_hours=counted_hours
        )
        position = quota.quota_position(data, legal)
        if planned_hours:
            planned = quota.quota_position(quota.with_planned_hire(data, planned_hours), legal)
    return QuotaView(
        year=year,
        paid_hours=paid,
        jobs_agreement_hours=counted_hours,
        placements_counted=counted,
        rules=legal,
        position=position,
        planned_hours=planned_hours,
        planned_position=planned,
        unconfirmed=unconfirmed,
    )


# --- one day exactly --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayFigures:
    day: date
    market: Decimal | None
    government: Decimal | None
    total: Decimal | None
    counted: Count
    hours_per_job: Decimal | None  # None: the legal parameter is missing for the day


def jobs_on(
    *, user, region, day: date, municipality_code: str = "", suppress: bool | None = None
) -> DayFigures:
    """The jobs of the banenafspraak on any day, straight from the placements (the cube has month ends):
    the placements running that day, paid work, by a candidate in the register that day, with the hours in
    force that day (placements.rules), per sector of the employer."""
    if not may_read_monitoring(user, region):
        raise PermissionDenied
    suppress = sees_aggregates_only(user, region) if suppress is None else suppress
    try:
        per_job = parameter_on(keys.JOB_UNIT_HOURS_PER_WEEK, day).value
    except ParameterNotFound:
        per_job = None
    counting = (
        Placement.objects.filter(
            region=region, start_date__lte=day, contract_type__in=rules.COUNTING_CONTRACTS
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .filter(candidate__in_target_group_register=True)
        .filter(Q(candidate__registered_from__isnull=True) | Q(candidate__registered_from__lte=day))
        .filter(Q(candidate__registered_until__isnull=True) | Q(candidate__registered_until__gte=day))
    )
    if municipality_code:
        counting = counting.filter(municipality__code=municipality_code)
    sector_of = dict(counting.values_list("pk", "employer__sector_type"))
    hours: dict[int, Decimal] = {}
    rows = PlacementHours.objects.filter(placement_id__in=list(sector_of), valid_from__lte=day)
    for placement_id, value in rows.order_by("placement_id", "valid_from").values_list(
        "placement_id", "hours_per_week"
    ):
        hours[placement_id] = value  # the latest row on or before the day comes last
    totals = {SectorType.MARKET: Decimal(0), SectorType.GOVERNMENT: Decimal(0)}
    people = {SectorType.MARKET: 0, SectorType.GOVERNMENT: 0}
    for pk, sector in sector_of.items():
        if pk in hours:
            totals[sector] += hours[pk]
            people[sector] += 1
    if per_job is None:
        return DayFigures(day, None, None, None, count(len(hours), suppress), None)
    market = _units(totals[SectorType.MARKET] / per_job, people[SectorType.MARKET], suppress)
    government = _units(totals[SectorType.GOVERNMENT] / per_job, people[SectorType.GOVERNMENT], suppress)
    total = None if market is None or government is None else market + government
    return DayFigures(day, market, government, total, count(len(hours), suppress), per_job)
