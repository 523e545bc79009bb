"""The public calculators: no login needed, GET forms so that every result is a link.

Anonymous visitors pass TwoFactorRequiredMiddleware (it only holds back staff halfway through their
login) and these views carry no login_required, like the login page.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import calculators
from .calculation import CalculationInputError
from .forms import NetCostForm, WageCostSubsidyForm, WageDispensationForm, WageValueForm, initial_data
from .presentation import LINE_LABELS, describe_check, error_message, format_money, step_rows

CALCULATORS = [
    (
        "wage_value:wage_cost_subsidy",
        _("Wage-cost subsidy"),
        _("The monthly subsidy for an employer under the Participatiewet (art. 10d), from the wage value."),
    ),
    (
        "wage_value:wage_value",
        _("Wage value from a measurement"),
        _("The wage value from the main tasks, scored on tempo, quality and net working time."),
    ),
    (
        "wage_value:wage_dispensation",
        _("Wage dispensation"),
        _("What the employer pays under wage dispensation (Wajong art. 2:20), and the conditions."),
    ),
    (
        "wage_value:net_cost",
        _("Employer's net cost of a job"),
        _("Gross wage cost minus wage-cost subsidy or wage dispensation and the wage cost benefit (LKV)."),
    ),
]


@require_GET
def index(request):
    return render(request, "wage_value/index.html", {"calculators": CALCULATORS})


def _bound(form_class, request):
    if any(name in request.GET for name in form_class.base_fields):
        return form_class(request.GET)
    return form_class(initial=initial_data())


def _calculate(form, compute):
    """Run `compute(cleaned_data)` when the form is valid; calculation errors go next to their field."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return compute(form.cleaned_data)
    except CalculationInputError as error:
        form.add_calculation_error(error.field, error_message(error))
        return None


def _context(form, answer, **extra) -> dict:
    return {
        "form": form,
        "answer": answer,
        "rows": step_rows(answer.steps) if answer else [],
        "unconfirmed_figures": answer.unconfirmed_figures if answer else [],
        **extra,
    }


@require_GET
def wage_cost_subsidy(request):
    form = _bound(WageCostSubsidyForm, request)
    answer = _calculate(form, calculators.wage_cost_subsidy_from_fields)
    extra = {"amount": format_money(answer.result.monthly_amount)} if answer else {}
    return render(request, "wage_value/wage_cost_subsidy.html", _context(form, answer, **extra))


@require_GET
def wage_value(request):
    form = _bound(WageValueForm, request)
    answer = _calculate(
        form,
        lambda data: calculators.wage_value(
            on=data["date"],
            tasks=data["tasks"],
            method=form.method_value(),
            reported_wage_value=data["reported_wage_value"],
        ),
    )
    return render(request, "wage_value/wage_value.html", _context(form, answer))


@require_GET
def wage_dispensation(request):
    form = _bound(WageDispensationForm, request)
    answer = _calculate(form, calculators.wage_dispensation_from_fields)
    checks = []
    if answer:
        checks = [{"text": describe_check(check), "passed": check.passed} for check in answer.result.checks]
    extra = {"checks": checks}
    if answer:
        extra["employer_pays"] = format_money(answer.result.employer_pays)
        extra["reduction"] = format_money(answer.result.reduction)
    return render(request, "wage_value/wage_dispensation.html", _context(form, answer, **extra))


@require_GET
def net_cost(request):
    form = _bound(NetCostForm, request)
    answer = _calculate(form, calculators.net_cost_from_fields)
    lines = []
    if answer:
        lines = [
            {
                "label": LINE_LABELS[line.code],
                "amount": format_money(line.monthly_amount),
                "rows": step_rows(line.steps),
                "unconfirmed": line.unconfirmed,
            }
            for line in answer.result.lines
        ]
    extra = {"lines": lines}
    if answer:
        extra["net"] = format_money(answer.result.monthly_net_cost)
        extra["gross"] = format_money(answer.result.gross_monthly_cost)
    return render(request, "wage_value/net_cost.html", _context(form, answer, **extra))
