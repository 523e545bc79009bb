"""An employer's quota position under the Wfsv (DOMAIN.md §4.1), as plain functions over plain values.

- Exempt when the paid hours of the previous year, or of the year itself, are under the threshold
  (25 × the average paid hours per employee = 40,575; Wfsv art. 34 lid 4 and 6, Besluit Wfsv 2.20-2.21).
- The shortfall is (A × B − C) / D, rounded down to one decimal and never below 0, with A the employer's
  paid hours in the year, B the quota percentage, C the paid hours of employees in the target group and D
  the average paid hours of one such job a year (Wfsv art. 38g lid 3, Besluit Wfsv 2.23 lid 3). The law
  gives the formula typographically; this reconstruction from its variables is UNCONFIRMED, and so are B
  (2.58 % for 2026, sector unclear) and D (1,326 = 25.5 × 52): the interface says so.
- The levy is the shortfall × € 5,000 (Wfsv art. 38h lid 4), due only once a ministerial regulation has
  activated it for the sector (art. 122n); it has not been, so the levy is what it would be.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal

WEEKS_PER_YEAR = Decimal(52)


@dataclass(frozen=True)
class QuotaRules:
    exemption_hours: Decimal  # 40,575
    quota_percentage: Decimal  # B, in percent (2.58)
    hours_per_job_year: Decimal  # D (1,326)
    levy_per_job: Decimal  # € 5,000
    unconfirmed: frozenset[str] = frozenset()  # names of the figures above whose source is unconfirmed


@dataclass(frozen=True)
class QuotaInput:
    paid_hours_previous_year: Decimal | None  # None: not known (then only the year itself decides)
    paid_hours: Decimal  # A
    jobs_agreement_hours: Decimal  # C


@dataclass(frozen=True)
class QuotaPosition:
    exempt: bool
    required_hours: Decimal  # A × B
    jobs_agreement_jobs: Decimal  # C / D, to two decimals
    required_jobs: Decimal  # A × B / D, to two decimals
    shortfall: Decimal  # jobs, one decimal, rounded down, >= 0 (0 when exempt)
    levy: Decimal  # euros (0 when exempt)


def _down(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_FLOOR)


def is_exempt(data: QuotaInput, rules: QuotaRules) -> bool:
    below = [data.paid_hours < rules.exemption_hours]
    if data.paid_hours_previous_year is not None:
        below.append(data.paid_hours_previous_year < rules.exemption_hours)
    return any(below)


def quota_position(data: QuotaInput, rules: QuotaRules) -> QuotaPosition:
    if data.paid_hours < 0 or data.jobs_agreement_hours < 0 or rules.hours_per_job_year <= 0:
        raise ValueError("Hours cannot be negative and a job has hours.")
    required = data.paid_hours * rules.quota_percentage / 100
    exempt = is_exempt(data, rules)
    shortfall = Decimal(0)
    if not exempt:
        shortfall = max(
            Decimal(0), _down((required - data.jobs_agreement_hours) / rules.hours_per_job_year, "0.1")
        )
    return QuotaPosition(
        exempt=exempt,
        required_hours=required,
        jobs_agreement_jobs=_down(data.jobs_agreement_hours / rules.hours_per_job_year, "0.01"),
        required_jobs=_down(required / rules.hours_per_job_year, "0.01"),
        shortfall=shortfall,
        levy=shortfall * rules.levy_per_job,
    )


def with_planned_hire(data: QuotaInput, hours_per_week: Decimal, *, counts: bool = True) -> QuotaInput:
    """The input after hiring someone for `hours_per_week` for a whole year: more paid hours, and more
    jobs-agreement hours when the person counts (in the register, paid work)."""
    added = Decimal(hours_per_week) * WEEKS_PER_YEAR
    return replace(
        data,
        paid_hours=data.paid_hours + added,
        jobs_agreement_hours=data.jobs_agreement_hours + (added if counts else 0),
    )
