from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.wage_value.presentation import step_rows

from . import exports, presentation, selectors, services
from .forms import (
    ApplicationForm,
    BudgetForm,
    DecisionForm,
    EligibilityForm,
    EndForm,
    ExportForm,
    GrantFilterForm,
    NewInstrumentForm,
    PaidForm,
    VersionForm,
    WageValueForm,
    WithdrawForm,
)
from .models import Instrument, PaymentMethod, PaymentStatus
from .permissions import GrantScope, instrument_rule

ELIGIBILITY_CONTEXT = "Toets welke instrumenten van toepassing zijn (interface)"
LIST_CONTEXT = "Aanvragen en toekenningen van instrumenten bekeken (interface)"
DETAIL_CONTEXT = "Toekenning van instrument bekeken (interface)"
ACTION_CONTEXT = "Toekenning geopend om te besluiten, te beëindigen of bij te werken (interface)"
DEADLINE_CONTEXT = "Beslistermijnen van aanvragen bekeken (interface)"
EXPORT_CONTEXT = "Betaalschema geëxporteerd voor het financieel systeem (interface)"


def _rule(request):
    return instrument_rule(request.user, request.region)


def _grantable_instruments(region, on: date):
    """Instruments a municipality decides on, offered on `on`, and their names on that date."""
    entries = [
        e
        for e in selectors.catalogue_entries(region=region, on=on)
        if e.version and e.version.grantable and e.version.offered
    ]
    names = {e.instrument.pk: e.version.name for e in entries}
    return Instrument.objects.filter(pk__in=names).order_by("id"), names


# --- catalogue ------------------------------------------------------------------------------------------


@login_required
def overview_view(request):
    rule = _rule(request)
    if not rule.catalogue:
        raise PermissionDenied
    today = timezone.localdate()
    entries = selectors.catalogue(user=request.user, region=request.region, on=today)
    context = {"entries": entries, "rule": rule, "today": today}
    if rule.grants == GrantScope.COUNTS:
        context["counts"] = selectors.grant_counts(user=request.user, region=request.region)
    return render(request, "instruments/overview.html", context)


@login_required
def instrument_detail_view(request, instrument_uuid):
    instrument = selectors.instrument_get(
        user=request.user, region=request.region, instrument_uuid=instrument_uuid
    )
    versions = selectors.instrument_versions(instrument)
    current = selectors.pick_version(versions, timezone.localdate())
    return render(
        request,
        "instruments/instrument_detail.html",
        {"instrument": instrument, "versions": versions, "current": current, "rule": _rule(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create_view(request, instrument_uuid):
    instrument = selectors.instrument_get(
        user=request.user, region=request.region, instrument_uuid=instrument_uuid
    )
    if not _rule(request).edit_catalogue:
        raise PermissionDenied
    latest = instrument.versions.order_by("-number").first()
    form = VersionForm(request.POST or None, initial=VersionForm.initial_from(latest) if latest else None)
    form.fields["change_note"].required = latest is not None
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_version_create(
                user=request.user,
                region=request.region,
                instrument=instrument,
                valid_from=form.cleaned_data["valid_from"],
                change_note=form.cleaned_data["change_note"],
                request=request,
                **form.version_values(),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(
                request, _("The new version has been saved; the earlier versions stay in the history.")
            )
            return redirect("instruments:instrument", instrument_uuid=instrument.uuid)
    return render(
        request,
        "instruments/version_form.html",
        {"form": form, "instrument": instrument, "latest": latest},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_create_view(request):
    if not _rule(request).edit_catalogue:
        raise PermissionDenied
    form = NewInstrumentForm(request.POST or None, initial={"decision_period_weeks": 8, "offered": True})
    if request.method == "POST" and form.is_valid():
        data = form.version_values()
        try:
            instrument = services.instrument_create(
                user=request.user,
                region=request.region,
                code=form.cleaned_data["code"],
                kind=form.cleaned_data["kind"],
                valid_from=form.cleaned_data["valid_from"],
                request=request,
                **data,
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The instrument has been added to the regional catalogue."))
            return redirect("instruments:instrument", instrument_uuid=instrument.uuid)
    return render(
        request,
        "instruments/version_form.html",
        {"form": form, "instrument": None, "latest": None},
        status=400 if form.errors else 200,
    )


# --- eligibility ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def eligibility_view(request):
    """The check is a POST: its form carries a BSN, which must not end up in addresses, browser history or
    server logs."""
    rule = _rule(request)
    if rule.grants < GrantScope.OWN:
        raise PermissionDenied
    initial = {"on": timezone.localdate()}
    if request.GET.get("kandidaat"):
        candidate = selectors.candidate_for_grants(
            user=request.user, region=request.region, candidate_uuid=request.GET["kandidaat"]
        )
        initial["bsn"] = candidate.bsn
    submitted = request.method == "POST"
    form = EligibilityForm(
        request.POST if submitted else None, initial=initial, user=request.user, region=request.region
    )
    result = None
    if submitted and form.is_valid():
        data = form.cleaned_data
        vacancy = (
            selectors.vacancy_in_region(region=request.region, vacancy_uuid=data["vacancy"])
            if data["vacancy"]
            else None
        )
        result = selectors.eligibility_check(
            user=request.user,
            region=request.region,
            candidate=form.candidate,
            employer=data["employer"],
            vacancy=vacancy,
            on=data["on"],
            hours_per_week=data["hours_per_week"],
            contract_months=data["contract_months"],
            employment_start=data["employment_start"],
            already_employed=data["already_employed"],
            wage_value=data["wage_value"],
            job_kind=data["job_kind"],
            request=request,
            context=ELIGIBILITY_CONTEXT,
        )
    rows = []
    if result is not None:
        for outcome in result.outcomes:
            version = result.versions[outcome.rules.key]
            rows.append(
                {
                    "outcome": outcome,
                    "version": version,
                    "status_text": presentation.status_text(outcome.status),
                    "reasons": presentation.reason_rows(outcome),
                    "where": presentation.where_to_apply(version.provider),
                }
            )
    return render(
        request,
        "instruments/eligibility.html",
        {"form": form, "result": result, "rows": rows, "candidate": form.candidate, "rule": rule},
        status=400 if form.errors else 200,
    )


# --- grants ---------------------------------------------------------------------------------------------


@login_required
def grant_list_view(request):
    if _rule(request).grants < GrantScope.OWN:
        raise PermissionDenied
    form = GrantFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = selectors.grant_list(
        user=request.user,
        region=request.region,
        filters=selectors.GrantFilters(status=status, candidate_uuid=request.GET.get("kandidaat", "")),
        page_number=request.GET.get("pagina"),
        request=request,
        context=LIST_CONTEXT,
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "instruments/grant_list.html",
        {
            "form": form,
            "page": page,
            "grants": page.object_list,
            "query": query.urlencode(),
            "rule": _rule(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_create_view(request):
    if not _rule(request).apply:
        raise PermissionDenied
    region = request.region
    initial = {"applied_on": timezone.localdate(), "full_time_hours_per_week": 36}
    for field, param in (("employer", "werkgever"), ("instrument", "instrument"), ("hours_per_week", "uren")):
        if request.GET.get(param):
            initial[field] = request.GET[param]
    if request.GET.get("kandidaat"):
        candidate = selectors.candidate_for_grants(
            user=request.user, region=region, candidate_uuid=request.GET["kandidaat"]
        )
        initial["bsn"] = candidate.bsn
        record = selectors.wage_value_for_grant(candidate)
        if record is not None:
            initial.update(wage_value=record.percent, wage_value_source=record.source)
    form = ApplicationForm(
        request.POST or None,
        initial=initial,
        user=request.user,
        region=region,
        instruments=_grantable_instruments(region, timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("bsn")
        try:
            grant = services.grant_apply(
                user=request.user, region=region, candidate=form.candidate, request=request, **data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(
                request,
                _("The application has been recorded. The decision is due on %(date)s.")
                % {"date": grant.decision_due_on.strftime("%d-%m-%Y")},
            )
            return redirect("instruments:grant", grant_uuid=grant.uuid)
    return render(request, "instruments/grant_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def grant_detail_view(request, grant_uuid):
    grant = selectors.grant_get(user=request.user, region=request.region, grant_uuid=grant_uuid)
    detail = selectors.grant_detail(
        user=request.user, region=request.region, grant=grant, request=request, context=DETAIL_CONTEXT
    )
    rule = _rule(request)
    first_open = next((line for line in detail.lines if line.status == PaymentStatus.PLANNED), None)
    working = []
    if (
        first_open is not None
        and grant.instrument_version.payment_method == PaymentMethod.MONTHLY_WAGE_COST_SUBSIDY
    ):
        working = step_rows(selectors.line_working(grant, first_open))
    return render(
        request,
        "instruments/grant_detail.html",
        {
            "grant": grant,
            "detail": detail,
            "rule": rule,
            "may_decide": rule.decide,
            "first_open": first_open,
            "working": working,
            "candidate_name": grant.candidate.full_name,
            "paid_form": PaidForm(),
        },
    )


def _grant_action(
    request,
    grant_uuid,
    *,
    form_class,
    title,
    service,
    success,
    template="instruments/action_form.html",
    explanation="",
):
    grant = selectors.grant_get(user=request.user, region=request.region, grant_uuid=grant_uuid)
    if not _rule(request).decide:
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                user=request.user, region=request.region, grant=grant, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, success)
            return redirect("instruments:grant", grant_uuid=grant.uuid)
    selectors.grant_read_log(
        user=request.user, region=request.region, grant=grant, request=request, context=ACTION_CONTEXT
    )
    return render(
        request,
        template,
        {"form": form, "grant": grant, "title": title, "explanation": explanation},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_decide_view(request, grant_uuid):
    return _grant_action(
        request,
        grant_uuid,
        form_class=DecisionForm,
        title=_("Decide on the application"),
        service=services.grant_decide,
        success=_("The decision has been recorded."),
        explanation=_(
            "Granting creates the payment schedule. When the grant does not fit in the municipality's "
            "budget for "
            "this instrument, give the reason to grant it anyway."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_end_view(request, grant_uuid):
    return _grant_action(
        request,
        grant_uuid,
        form_class=EndForm,
        title=_("End the grant"),
        service=services.grant_end,
        success=_("The grant has been ended; later planned payments are cancelled."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_withdraw_view(request, grant_uuid):
    return _grant_action(
        request,
        grant_uuid,
        form_class=WithdrawForm,
        title=_("Withdraw the application"),
        service=services.grant_withdraw,
        success=_("The application has been withdrawn."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_wage_value_view(request, grant_uuid):
    return _grant_action(
        request,
        grant_uuid,
        form_class=WageValueForm,
        title=_("Record the wage value"),
        service=services.grant_wage_value_record,
        success=_("The wage value has been recorded; planned payments from that month on are recalculated."),
        explanation=_("Paid months do not change."),
    )


@login_required
@require_POST
def grant_start_view(request, grant_uuid):
    grant = selectors.grant_get(user=request.user, region=request.region, grant_uuid=grant_uuid)
    try:
        services.grant_start(user=request.user, region=request.region, grant=grant, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The grant is running."))
    return redirect("instruments:grant", grant_uuid=grant.uuid)


@login_required
@require_POST
def line_paid_view(request, grant_uuid, line_uuid):
    grant = selectors.grant_get(user=request.user, region=request.region, grant_uuid=grant_uuid)
    line = selectors.payment_line_get(
        user=request.user, region=request.region, grant=grant, line_uuid=line_uuid
    )
    form = PaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the payment date."))
        return redirect("instruments:grant", grant_uuid=grant.uuid)
    try:
        services.payment_line_mark_paid(
            user=request.user,
            region=request.region,
            line=line,
            paid_on=form.cleaned_data["paid_on"],
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The payment of %(month)s has been recorded.") % {"month": line.month.strftime("%m-%Y")},
        )
    return redirect("instruments:grant", grant_uuid=grant.uuid)


@login_required
def deadlines_view(request):
    if _rule(request).grants < GrantScope.OWN:
        raise PermissionDenied
    grants = selectors.deadline_warnings(
        user=request.user, region=request.region, request=request, context=DEADLINE_CONTEXT
    )
    return render(
        request,
        "instruments/deadlines.html",
        {"grants": grants, "within_days": selectors.deadline_warning_days()},
    )


# --- budgets and export ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def budgets_view(request):
    rule = _rule(request)
    if not rule.budgets:
        raise PermissionDenied
    region = request.region
    try:
        year = int(request.GET.get("jaar") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    organisation = selectors.budget_organisations(user=request.user, region=region).first()
    form = None
    if organisation is not None:
        form = BudgetForm(
            request.POST or None,
            initial={"year": year},
            instruments=_grantable_instruments(region, date(year, 12, 31)),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.budget_set(
                    user=request.user,
                    region=region,
                    organisation=organisation,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_service_errors(error.message_dict)
            else:
                messages.success(request, _("The budget has been saved."))
                return redirect(f"{request.path}?jaar={form.cleaned_data['year']}")
    elif request.method == "POST":
        raise PermissionDenied
    rows = selectors.budget_overview(user=request.user, region=region, year=year)
    return render(
        request,
        "instruments/budgets.html",
        {
            "rows": rows,
            "year": year,
            "form": form,
            "organisation": organisation,
            "years": range(year - 2, year + 3),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def export_view(request):
    if not _rule(request).decide:
        raise PermissionDenied
    form = ExportForm(request.POST or None, initial={"year": timezone.localdate().year, "format": "csv"})
    if request.method == "POST" and form.is_valid():
        year, month, fmt = form.cleaned_data["year"], form.cleaned_data["month"], form.cleaned_data["format"]
        lines = list(
            selectors.payment_lines_for_export(
                user=request.user, region=request.region, year=year, month=month
            )
        )
        log_access(
            actor=request.user,
            action=AccessAction.EXPORT,
            object_type="instrument_payment_schedule",
            context=EXPORT_CONTEXT,
            subject_uuids=sorted({str(line.grant.candidate.uuid) for line in lines}),
            region_code=request.region.code,
            request=request,
        )
        name = f"betaalschema-{year}" + (f"-{month:02d}" if month else "")
        if fmt == "xlsx":
            response = HttpResponse(
                exports.payment_schedule_xlsx(lines),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        else:
            response = HttpResponse(
                exports.payment_schedule_csv(lines), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return render(request, "instruments/export.html", {"form": form}, status=400 if form.errors else 200)
