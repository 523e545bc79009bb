"""The payment schedule of a grant, month by month: pure, no ORM.

The amount itself is wage_value.calculation.wage_cost_subsidy; this module decides which months there are,
which date's legal figures each month uses, and how a month the grant only partly covers is paid.

- Re-determination: the college re-determines the wage-cost subsidy ex officio per 1 January with the
  development of the minimum wage (Participatiewet art. 10d lid 7, DOMAIN.md §1.3). So a month uses the
  figures of 1 January of its year, or of the grant's first day when that is later: the 1 July indexation
  of the minimum wage changes the amount only from the next 1 January.
- Part months are paid pro rata to calendar days. The law prescribes no rule for this (the payment moment is
  for the Besluit LKS 2021 and the municipal verordening, DOMAIN.md §1.4 [UNCONFIRMED]), so lines carry
  `pro_rata` and the page marks them.
- The flat rate (no wage value yet, art. 10d lid 5) runs at most the first `flat_rate_max_months` months of
  the employment; the schedule stops there until a wage value is recorded.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from werkbedrijf.wage_value.calculation import SubsidyResult, round_cents

from .eligibility import add_months


@dataclass(frozen=True)
class MonthSlice:
    month: date  # first day of the month
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def days_in_month(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]

    @property
    def whole_month(self) -> bool:
        return self.days == self.days_in_month


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_slices(start: date, end: date) -> list[MonthSlice]:
    """The months from `start` to `end` (both inclusive), each cut to the period."""
    if end < start:
        return []
    slices = []
    month = month_start(start)
    while month <= end:
        slices.append(MonthSlice(month, max(start, month), min(end, month_end(month))))
        month = month_end(month) + timedelta(days=1)
    return slices


def determination_date(month: date, grant_start: date) -> date:
    """The date whose legal figures the month's amount uses (art. 10d lid 7: re-determined per 1 January)."""
    return max(grant_start, date(month.year, 1, 1))


def flat_rate_last_day(employment_start: date, max_months: int) -> date:
    """The last day the flat rate may be paid: `max_months` months after the start of the employment."""
    return add_months(employment_start, max_months) - timedelta(days=1)


def pro_rata(monthly_exact: Decimal, piece: MonthSlice) -> Decimal:
    if piece.whole_month:
        return round_cents(monthly_exact)
    return round_cents(monthly_exact * piece.days / piece.days_in_month)


@dataclass(frozen=True)
class PlannedLine:
    month: date
    start: date
    end: date
    determined_on: date
    monthly_amount: Decimal  # rounded, for a whole month
    amount: Decimal  # rounded, for start..end
    wage_value: int | None
    flat_rate: bool
    result: SubsidyResult

    @property
    def pro_rata(self) -> bool:
        return self.monthly_amount != self.amount


@dataclass(frozen=True)
class Plan:
    lines: tuple[PlannedLine, ...]
    # The schedule stops here because the flat rate has run out and no wage value is known yet.
    wage_value_needed_from: date | None = None


SubsidyFor = Callable[[date, int | None], SubsidyResult]
"""(date of the figures, wage value or None for the flat rate) → the monthly subsidy."""


def plan_wage_cost_subsidy(
    *,
    period_start: date,
    through: date,
    subsidy_for: SubsidyFor,
    wage_value: int | None,
    wage_value_from: date | None = None,
    earlier_wage_value: int | None = None,
    flat_rate_max_months: int,
) -> Plan:
    """Monthly lines from `period_start` to `through` (inclusive).

    `wage_value` applies from `wage_value_from` (default: the start); before that `earlier_wage_value` does
    (None: the flat rate). A month in which the wage value changes is split at the change day is not
    modelled: the month takes the wage value in force on its first day covered. The flat rate stops after
    `flat_rate_max_months` months of employment.
    """
    flat_until = flat_rate_last_day(period_start, flat_rate_max_months)
    lines: list[PlannedLine] = []
    for piece in month_slices(period_start, through):
        value = wage_value
        if wage_value_from is not None and piece.start < wage_value_from:
            value = earlier_wage_value
        if value is None:
            if piece.start > flat_until:
                return Plan(tuple(lines), wage_value_needed_from=piece.start)
            piece = MonthSlice(piece.month, piece.start, min(piece.end, flat_until))
        on = determination_date(piece.month, period_start)
        result = subsidy_for(on, value)
        lines.append(
            PlannedLine(
                month=piece.month,
                start=piece.start,
                end=piece.end,
                determined_on=on,
                monthly_amount=result.monthly_amount,
                amount=pro_rata(result.monthly_amount_exact, piece),
                wage_value=value,
                flat_rate=value is None,
                result=result,
            )
        )
    return Plan(tuple(lines))


def year_totals(lines) -> dict[int, Decimal]:
    """Amount per calendar year of planned lines (anything with `month` and `amount`)."""
    totals: dict[int, Decimal] = {}
    for line in lines:
        totals[line.month.year] = totals.get(line.month.year, Decimal(0)) + line.amount
    return totals
