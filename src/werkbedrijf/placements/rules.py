"""Placement rules as plain functions over plain values: job units, trial-placement limits, checkpoints.

Job units (banenafspraak, DOMAIN.md §3.2-3.3). One job is `hours_per_job` paid hours a week (the legal
parameter job_unit_hours_per_week, 25.5, SECONDARY source); every hour counts, so a placement of 12 hours
is 12 / 25.5 jobs. A placement counts on a day when:
- the candidate is in the target-group register on that day: registered from `registered_from` up to and
  including `registered_until` (a candidate who leaves the register stops counting after that last day);
- it is paid work at a regular employer: an employment contract, a secondment (detached workers count at
  the hirer, Wfsv art. 38g lid 2) or work via a labour pool. Sheltered work does not count (people found
  fit for sheltered work only are outside the target group, Wfsv art. 38b), nor does an unpaid trial
  placement (no paid hours);
- the placement has started and not ended (`ended_on` is its last day).
Whether it counts for the market or the government sector follows the employer's sector.

Trial placements (DOMAIN.md §1.5): under the Participatiewet 2 months, extendable by at most 4 (6 in all,
Pw art. 8a lid 2 onder d); Wajong at most 6 months (Wajong art. 2:24); others by the WW route at most 6
months (WW art. 76a, SECONDARY source).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .choices import ContractType

CHECKPOINT_MONTHS = (1, 3, 6, 12, 24)
COUNTING_CONTRACTS = frozenset({ContractType.REGULAR, ContractType.SECONDMENT, ContractType.LABOUR_POOL})
UNITS_PLACES = Decimal("0.0001")

# Target groups (candidates.models.TargetGroup values) whose benefit the municipality pays.
PARTICIPATION_ACT_GROUPS = frozenset({"participation_act", "special_education", "sheltered_work"})


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checkpoint_dates(start: date) -> list[tuple[int, date]]:
    """The aftercare checkpoints of a placement that starts on `start`: (months, due date)."""
    return [(months, add_months(start, months)) for months in CHECKPOINT_MONTHS]


def registered_on(
    *, in_register: bool, registered_from: date | None, registered_until: date | None, day: date
) -> bool:
    """In the target-group register on `day` (from and until are both days in the register)."""
    return (
        in_register
        and (registered_from is None or registered_from <= day)
        and (registered_until is None or day <= registered_until)
    )


def counts_for_jobs_agreement(contract_type: str) -> bool:
    return contract_type in COUNTING_CONTRACTS


def active_on(*, start: date, ended_on: date | None, day: date) -> bool:
    return start <= day and (ended_on is None or day <= ended_on)


def job_units(hours_per_week: Decimal, hours_per_job: Decimal) -> Decimal:
    """Jobs of the banenafspraak for these hours a week (hours ÷ hours_per_job, to four decimals)."""
    if hours_per_job <= 0:
        raise ValueError("hours_per_job must be positive")
    return (Decimal(hours_per_week) / hours_per_job).quantize(UNITS_PLACES)


@dataclass(frozen=True)
class PlacementFacts:
    """What job units depend on: the placement's dates, contract and hours over time, the candidate's
    registration. `hours` holds (valid from, hours per week), ascending; the first from the start."""

    start: date
    ended_on: date | None
    contract_type: str
    hours: tuple[tuple[date, Decimal], ...]
    in_register: bool
    registered_from: date | None
    registered_until: date | None


def hours_on(hours: tuple[tuple[date, Decimal], ...], day: date) -> Decimal | None:
    found = None
    for valid_from, value in hours:
        if valid_from > day:
            break
        found = value
    return found


def job_units_on(facts: PlacementFacts, day: date, hours_per_job: Decimal) -> Decimal:
    """The placement's jobs of the banenafspraak on `day` (0 when it does not count that day)."""
    if not counts_on(facts, day):
        return Decimal(0)
    hours = hours_on(facts.hours, day)
    return Decimal(0) if hours is None else job_units(hours, hours_per_job)


def counts_on(facts: PlacementFacts, day: date) -> bool:
    """Whether the placement counts for the banenafspraak on `day` (see the module's docstring)."""
    return (
        counts_for_jobs_agreement(facts.contract_type)
        and active_on(start=facts.start, ended_on=facts.ended_on, day=day)
        and registered_on(
            in_register=facts.in_register,
            registered_from=facts.registered_from,
            registered_until=facts.registered_until,
            day=day,
        )
    )


def counted_hours_between(facts: PlacementFacts, first: date, last: date) -> Decimal:
    """The paid hours that count for the banenafspraak from `first` to `last` (both included): the hours a
    week of every counting day, divided by 7 (to two decimals)."""
    total = Decimal(0)
    for ordinal in range(max(first, facts.start).toordinal(), last.toordinal() + 1):
        day = date.fromordinal(ordinal)
        if counts_on(facts, day):
            total += hours_on(facts.hours, day) or 0
    return (total / 7).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class TrialLimit:
    initial_months: int  # without an extension
    max_months: int  # with one
    basis: str


PARTICIPATION_ACT_TRIAL = TrialLimit(2, 6, "Participatiewet art. 8a lid 2 onder d")
WAJONG_TRIAL = TrialLimit(6, 6, "Wajong art. 2:24")
OTHER_TRIAL = TrialLimit(6, 6, "WW art. 76a")


def trial_limit(target_group: str) -> TrialLimit:
    if target_group in PARTICIPATION_ACT_GROUPS:
        return PARTICIPATION_ACT_TRIAL
    if target_group == "wajong":
        return WAJONG_TRIAL
    return OTHER_TRIAL


def trial_problem(*, target_group: str, start: date, end: date | None, extended: bool) -> str | None:
    """Why a trial placement from `start` to `end` (its planned last day) is not allowed, or None:
    'no_end', 'end_before_start', 'needs_extension' (longer than the initial period without an extension's
    reason) or 'too_long' (longer than the legal maximum)."""
    if end is None:
        return "no_end"
    if end < start:
        return "end_before_start"
    limit = trial_limit(target_group)
    if end >= add_months(start, limit.max_months):
        return "too_long"
    if end >= add_months(start, limit.initial_months) and not extended:
        return "needs_extension"
    return None
