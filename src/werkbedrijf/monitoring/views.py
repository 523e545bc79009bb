"""The monitoring pages: the region's dashboard (selectors.dashboard, filtered by month, period and
municipality of residence) and the region's share of the national target, set by the functional
administrator. Thin: rights from permissions.py, figures from selectors.py, the one write through
services.py."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.instruments.models import InstrumentKind, InstrumentVersion
from werkbedrijf.parameters.models import Confidence, JobsAgreementTarget
from werkbedrijf.regions.models import Municipality

from . import report, selectors, services
from .forms import DashboardFilterForm, TargetShareForm
from .models import RegionTargetShare
from .months import month_start, months_back, months_between
from .permissions import may_read_monitoring, may_set_target_share
from .selectors import AreaRow, Count, MonthRow
from .templatetags.monitoring import part_of

RETENTION_MONTHS = (6, 12, 24)


def _error_dict(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {None: error.messages}


def _municipality_choices(region) -> list[tuple[str, str]]:
    """Every municipality that has belonged to the region in a loaded year (placements keep the municipality
    they started in)."""
    return list(
        Municipality.objects.filter(memberships__region=region)
        .distinct()
        .order_by("name")
        .values_list("code", "name")
    )


def _full_series(result) -> list[MonthRow]:
    """One row per month of the period: a month without figures had no placements running, starting or
    ending (with the municipality filter: none of its residents)."""
    rows = {row.month: row for row in result.series}
    zero = Decimal("0.0")
    return [
        rows.get(month) or MonthRow(month, zero, zero, Count(0), Count(0), Count(0))
        for month in months_between(result.period_start, result.period_end)
    ]


def _fair_shares(result) -> list[AreaRow]:
    """For who sees aggregates only, a municipality's share of the placements started is hidden with the
    number it is made of: a share of a small total would tell the number."""
    if not result.suppressed:
        return result.municipalities
    return [
        replace(row, started_share=None) if row.started.suppressed else row for row in result.municipalities
    ]


def _some(value: Count) -> bool:
    return value.value is None or value.value > 0


def _total(row: MonthRow) -> Decimal | None:
    if row.market is None or row.government is None:
        return None
    return row.market + row.government


def _instrument_names(region, codes) -> dict[str, str]:
    """The name of each instrument's latest version."""
    names: dict[str, str] = {}
    for code, name in (
        InstrumentVersion.objects.filter(instrument__region=region, instrument__code__in=codes)
        .order_by("instrument__code", "valid_from", "number")
        .values_list("instrument__code", "name")
    ):
        names[code] = name
    return names


def _target_context(region, result) -> dict:
    """The target for the measuring year, or the latest year's when no national target is known for it (the
    macro target of 125,000 jobs stays after the build-up ended in 2025), and why there is none."""
    year = result.period_end.year
    share = selectors.target_share_on(region, date(year, 12, 31))
    target, national = result.target, None
    fallback = target is not None and target.year != year
    if target is not None:
        national = JobsAgreementTarget.objects.filter(year=target.year).first()
    progress = None
    if target is not None and not result.municipality_code and result.total is not None and target.region:
        progress = part_of(result.total, target.region)
    return {
        "target": target,
        "target_national": national,
        "target_fallback": fallback,
        "target_missing_share": share is None,
        "target_confidence_label": Confidence(target.confidence).label if target else "",
        "progress": progress,
    }


@login_required
def dashboard_view(request):
    region = request.region
    if not may_read_monitoring(request.user, region):
        raise PermissionDenied
    today = timezone.localdate()
    municipalities = _municipality_choices(region)
    if request.GET:
        form = DashboardFilterForm(request.GET, municipalities=municipalities, today=today)
    else:
        this_month = month_start(today)
        form = DashboardFilterForm(
            municipalities=municipalities,
            today=today,
            initial={"maand": this_month, "vanaf": months_back(this_month, 12)},
        )
    result = selectors.dashboard(user=request.user, region=region, today=today, **form.filters())
    series = _full_series(result)
    municipalities_rows = _fair_shares(result)
    group_labels = dict(TargetGroup.choices)
    kind_labels = dict(InstrumentKind.choices)
    instrument_names = _instrument_names(region, [row.instrument for row in result.budgets])
    municipality_name = dict(municipalities).get(result.municipality_code, "")
    context = {
        "form": form,
        "dashboard": result,
        "municipalities": municipalities_rows,
        "measuring_day": result.measuring_day,
        "filtered": any(request.GET.get(name) for name in ("maand", "vanaf", "gemeente")),
        "municipality_name": municipality_name,
        "series": [(row, _total(row)) for row in series],
        "series_chart": [(date_format(row.month, "b Y"), (row.market, row.government)) for row in series],
        "municipality_chart": [
            (row.name, (row.pool_share, row.started_share)) for row in municipalities_rows
        ],
        "group_chart": [(row.label, row.running) for row in result.target_groups],
        "funnel_chart": [(row.label, row.count) for row in result.funnel],
        "retention": [
            {
                "target_group": str(group_labels.get(row.target_group, row.target_group)),
                "instrument": str(kind_labels.get(row.instrument, row.instrument))
                if row.instrument
                else _("None"),
                "started": row.started,
                "rates": row.rates,
            }
            for row in result.retention
        ],
        "retention_months": RETENTION_MONTHS,
        "budgets": [
            {
                "row": row,
                "name": instrument_names.get(row.instrument, row.instrument),
                "used": part_of(row.committed, row.allocated),
            }
            for row in result.budgets
        ],
        "no_placements": not any(
            _some(row.running) or _some(row.started) or _some(row.ended) for row in series
        ),
        "may_set_target_share": may_set_target_share(request.user, region),
        **_target_context(region, result),
        **_one_day(request, region, result.municipality_code, today),
    }
    return render(request, "monitoring/dashboard.html", context)


def _one_day(request, region, municipality_code: str, today: date) -> dict:
    """The exact figures of the day asked for (`dag`), or why it cannot be used."""
    raw = request.GET.get("dag", "").strip()
    if not raw:
        return {"day_raw": "", "day_figures": None, "day_error": ""}
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return {"day_raw": raw, "day_figures": None, "day_error": _("Enter a date, for example 2025-03-31.")}
    if not date(2013, 1, 1) <= day <= today:
        return {"day_raw": raw, "day_figures": None, "day_error": _("Choose a day from 2013 up to today.")}
    figures = selectors.jobs_on(
        user=request.user, region=region, day=day, municipality_code=municipality_code
    )
    return {"day_raw": raw, "day_figures": figures, "day_error": ""}


def _share_history(region) -> list[dict]:
    """Every share set for the region, newest date first; of several with one date, the latest set counts."""
    rows = list(
        RegionTargetShare.objects.filter(region=region)
        .select_related("created_by")
        .order_by("-valid_from", "-created_at", "-pk")
    )
    in_force = selectors.target_share_on(region, timezone.localdate())
    seen: set[date] = set()
    history = []
    for row in rows:
        history.append({"share": row, "replaced": row.valid_from in seen, "current": row == in_force})
        seen.add(row.valid_from)
    return history


@login_required
@require_http_methods(["GET", "POST"])
def target_share_view(request):
    region = request.region
    if not may_set_target_share(request.user, region):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = TargetShareForm(request.POST)
        if form.is_valid():
            try:
                services.target_share_set(
                    user=request.user, region=region, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_service_errors(_error_dict(error))
            else:
                messages.success(request, _("The region's share of the national target has been saved."))
                return redirect("monitoring:target_share")
        status = 400
    else:
        form = TargetShareForm()
    targets = []
    for national in JobsAgreementTarget.objects.order_by("-year"):
        target = selectors.region_target(region, national.year)
        label = Confidence(target.confidence).label if target else ""
        targets.append({"national": national, "region": target, "confidence_label": label})
    return render(
        request,
        "monitoring/target_share.html",
        {"form": form, "history": _share_history(region), "targets": targets},
        status=status,
    )


# --- downloads (always with small numbers suppressed: they leave the system) -------------------------------


def _log_download(request, what: str, filters: str) -> None:
    log_access(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type="monitoring_report",
        object_label=f"{request.region.code} {filters}",
        context=what,
        region_code=request.region.code,
        request=request,
    )


def _quarter(value: str, today: date) -> tuple[int, int] | None:
    """'2026-3' or '2026-Q3' as (2026, 3); None when it is not a quarter up to the current one."""
    try:
        year_text, quarter_text = value.upper().replace("Q", "").split("-")
        year, quarter = int(year_text), int(quarter_text)
    except ValueError:
        return None
    if not 1 <= quarter <= 4 or year < 2013 or (year, quarter) > report.quarter_of(today):
        return None
    return year, quarter


@login_required
def quarterly_report_view(request):
    """The board's quarterly report as a PDF: the quarter's last month (to date for the current quarter) with
    the twelve months before it."""
    region = request.region
    if not may_read_monitoring(request.user, region):
        raise PermissionDenied
    today = timezone.localdate()
    requested = request.GET.get("kwartaal", "")
    quarter = _quarter(requested, today) if requested else report.quarter_of(today)
    if quarter is None:
        messages.error(
            request, _("Choose a quarter as year and quarter, for example 2026-3, up to this one.")
        )
        return redirect("monitoring:dashboard")
    first, last = report.quarter_months(*quarter)
    result = selectors.dashboard(
        user=request.user, region=region, month=last, period_start=first, today=today, suppress=True
    )
    pdf = report.render_quarterly_pdf(result, region_name=region.name, quarter=quarter)
    _log_download(request, "Kwartaalrapportage banenafspraak gedownload (PDF)", f"{quarter[0]}-Q{quarter[1]}")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"kwartaalrapportage-{region.code}-{quarter[0]}-Q{quarter[1]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def figures_xlsx_view(request):
    """The dashboard's figures with the same filters, as a spreadsheet."""
    region = request.region
    if not may_read_monitoring(request.user, region):
        raise PermissionDenied
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, municipalities=_municipality_choices(region), today=today)
    filters = form.filters()
    result = selectors.dashboard(user=request.user, region=region, today=today, suppress=True, **filters)
    content = report.render_figures_xlsx(result, region_name=region.name)
    _log_download(request, "Cijfers banenafspraak gedownload (XLSX)", f"{filters['month']:%Y-%m}")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="banenafspraak-{region.code}-{filters["month"]:%Y-%m}.xlsx"'
    )
    return response


@login_required
def national_view(request):
    """Every region of this installation at one month, and their sum (aggregates only, suppressed)."""
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, municipalities=[], today=today)
    result = selectors.national_figures(user=request.user, month=form.filters()["month"], today=today)
    return render(request, "monitoring/national.html", {"form": form, "national": result})
