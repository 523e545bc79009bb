"""Eligibility reasons in words, for the pages and the API (the codes come from eligibility.py)."""

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.vacancies.models import VacancyKind

from .eligibility import Outcome, Reason, Status

REASON_TEXTS = {
    "not_offered": gettext_lazy("The region does not offer this instrument on this date."),
    "target_group": gettext_lazy("Target group %(target_group)s; the instrument is for: %(allowed)s."),
    "in_register": gettext_lazy("Registration in the target-group register on the date."),
    "wage_value_below_100": gettext_lazy("Wage value %(wage_value)s%%: below 100%% is required."),
    "wage_value_unknown": gettext_lazy("No wage value determined yet."),
    "productivity_loss": gettext_lazy(
        "%(loss_pct)s%% less productive; at least %(minimum_pct)s%% is required."
    ),
    "productivity_loss_unknown": gettext_lazy(
        "Needs a wage value: at least %(minimum_pct)s%% less productive is required."
    ),
    "job_kind_excluded": gettext_lazy("Not for a job of kind %(job_kind)s."),
    "min_hours": gettext_lazy("%(hours)s hours a week; at least %(minimum)s required."),
    "hours_unknown": gettext_lazy("Hours a week not known; at least %(minimum)s required."),
    "min_contract": gettext_lazy("Contract of %(months)s months; at least %(minimum)s required."),
    "contract_unknown": gettext_lazy("Contract length not known; at least %(minimum)s months required."),
    "apply_within": gettext_lazy("Apply within %(months)s months of the start of the job: by %(deadline)s."),
    "no_risk_jobs_agreement_route": gettext_lazy(
        "Participatiewet: covered through the jobs-agreement target group (registration in the register)."
    ),
    "no_risk_job_start": gettext_lazy("The job must have started on or after %(start)s."),
    "not_yet_in_register": gettext_lazy("The route into the register is for candidates not yet registered."),
    "sheltered_work_with_subsidy": gettext_lazy("Sheltered work gets wage-cost subsidy where needed."),
    "lkv_not_for_sheltered_work": gettext_lazy("No wage-cost benefit for sheltered work."),
}
FLAT_RATE_TEXT = gettext_lazy(
    "No wage value determined yet: the flat rate applies for at most the first 6 months."
)
STATUS_TEXTS = {
    Status.APPLIES: gettext_lazy("Applies"),
    Status.POSSIBLE: gettext_lazy("Possibly: check"),
    Status.DOES_NOT_APPLY: gettext_lazy("Does not apply"),
}


def _format(name: str, value) -> str:
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize(), use_l10n=True)
    if name == "target_group":
        return str(TargetGroup(value).label) if value in TargetGroup.values else str(value)
    if name == "allowed":
        return ", ".join(str(TargetGroup(v).label) if v in TargetGroup.values else v for v in value)
    if name == "job_kind":
        return str(VacancyKind(value).label) if value in VacancyKind.values else str(value)
    return str(value)


def describe(reason: Reason) -> str:
    if reason.code == "wage_value_unknown" and reason.values.get("flat_rate"):
        return str(FLAT_RATE_TEXT)
    return str(REASON_TEXTS[reason.code]) % {k: _format(k, v) for k, v in reason.params}


def reason_rows(outcome: Outcome) -> list[dict]:
    return [{"code": r.code, "met": r.met, "text": describe(r)} for r in outcome.reasons]


def status_text(status: Status) -> str:
    return str(STATUS_TEXTS[status])


def where_to_apply(provider: str) -> str:
    return {
        "municipality": _("Apply at the municipality (here)."),
        "uwv": _("Apply at UWV."),
        "tax_administration": _("The employer claims it in the payroll tax return."),
    }.get(provider, "")
