"""Building a region's monitoring figures (models.MonthlyFigure, RetentionFigure) from its placements.

One pass per region, vectorised with numpy: the placements and their hours history are read in three
queries, then for every month from the first placement's start to now, the placements running on the
month's measuring day (its last day; today for the current month) are counted per cell, with their hours a
week summed exactly (in hundredths) and divided by the hours a job in force on that day (the legal parameter
job_unit_hours_per_week) for the jobs of the banenafspraak. The counting rules are placements/rules.py's:
paid work at a regular employer (rules.COUNTING_CONTRACTS) by a candidate in the target-group register on the
day (from and until inclusive). Placements are counted in the municipality and target group they started in.

Retention per start year, target group and instrument: of the placements whose start lies at least N months
(6, 12, 24) before the build, how many were still running on the day N months after their start
(rules.add_months). The instrument is the placement's grant of the highest kind in INSTRUMENT_ORDER.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.utils import timezone

from werkbedrijf.instruments.models import InstrumentKind
from werkbedrijf.parameters import keys
from werkbedrijf.parameters.models import LegalParameter
from werkbedrijf.placements.models import Placement, PlacementHours
from werkbedrijf.placements.rules import COUNTING_CONTRACTS

from .models import CubeState, MonthlyFigure, RetentionFigure, WaitFigure
from .months import measuring_day, months_between

RETENTION_MONTHS = (6, 12, 24)
INSTRUMENT_ORDER = (
    InstrumentKind.WAGE_COST_SUBSIDY,
    InstrumentKind.WAGE_DISPENSATION,
)
LOW = np.iinfo(np.int64).min // 4
HIGH = np.iinfo(np.int64).max // 4


def _hours_per_job(day: date, rows: list[tuple[date, date | None, Decimal]]) -> Decimal | None:
    for valid_from, valid_to, value in rows:
        if valid_from <= day and (valid_to is None or day < valid_to):
            return value
    return None


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """rules.add_months over an array of datetime64[D]: the same day N months on, or the month's last day."""
    first = days.astype("datetime64[M]")
    target = first + months
    offset = days - first.astype("datetime64[D]")
    last = (target + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(target.astype("datetime64[D]") + offset, last)


class _Codes(dict):
    def __missing__(self, value):
        code = self[value] = len(self)
        return code


def build_region(region, *, today: date | None = None) -> CubeState:
    """Rebuild the region's figures (in one transaction) and return its state."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    rows = list(
        Placement.objects.filter(region=region, start_date__lte=today)
        .order_by("pk")
        .values_list(
            "pk",
            "start_date",
            "ended_on",
            "contract_type",
            "municipality_id",
            "target_group",
            "employer__sector_type",
            "candidate__in_target_group_register",
            "candidate__registered_from",
            "candidate__registered_until",
            "candidate__created_at",
        )
    )
    monthly: list[MonthlyFigure] = []
    retention: list[RetentionFigure] = []
    waits: list[WaitFigure] = []
    if rows:
        monthly = _monthly(region, rows, today)
        retention = _retention(region, rows, today)
        waits = _waits(region, rows)
    with transaction.atomic():
        MonthlyFigure.objects.filter(region=region).delete()
        RetentionFigure.objects.filter(region=region).delete()
        WaitFigure.objects.filter(region=region).delete()
        MonthlyFigure.objects.bulk_create(monthly, batch_size=2000)
        RetentionFigure.objects.bulk_create(retention, batch_size=2000)
        WaitFigure.objects.bulk_create(waits, batch_size=2000)
        state, _created = CubeState.objects.select_for_update().get_or_create(region=region)
        state.built_at = timezone.now()
        state.measured_on = today
        state.dirty_since = None
        state.placements = len(rows)
        state.seconds = time.perf_counter() - started
        state.save()
    return state


def _monthly(region, rows, today: date) -> list[MonthlyFigure]:
    n = len(rows)
    index_of = {row[0]: i for i, row in enumerate(rows)}
    start = np.array([row[1].toordinal() for row in rows], dtype=np.int64)
    end = np.array([row[2].toordinal() if row[2] else HIGH for row in rows], dtype=np.int64)
    contract_counts = np.array([row[3] in COUNTING_CONTRACTS for row in rows], dtype=np.bool_)
    in_register = np.array([bool(row[7]) for row in rows], dtype=np.bool_)
    registered_from = np.array([row[8].toordinal() if row[8] else LOW for row in rows], dtype=np.int64)
    registered_until = np.array([row[9].toordinal() if row[9] else HIGH for row in rows], dtype=np.int64)

    cells = _Codes()  # (municipality, target group, sector, contract) → code
    cell_of = np.array([cells[(row[4], row[5], row[6], row[3])] for row in rows], dtype=np.int64)

    # Hours history as sorted keys (placement position, day) → hundredths of hours.
    history = PlacementHours.objects.filter(placement__region=region).values_list(
        "placement_id", "valid_from", "hours_per_week"
    )
    keys_list, values_list = [], []
    for placement_id, valid_from, hours in history.iterator(chunk_size=20_000):
        position = index_of.get(placement_id)
        if position is not None:
            keys_list.append(position * 10_000_000 + valid_from.toordinal())
            values_list.append(int(hours * 100))
    order = np.argsort(np.array(keys_list, dtype=np.int64), kind="stable")
    hour_keys = np.array(keys_list, dtype=np.int64)[order]
    hour_values = np.array(values_list, dtype=np.int64)[order]

    parameter_rows = list(
        LegalParameter.objects.filter(key=keys.JOB_UNIT_HOURS_PER_WEEK, variant="").values_list(
            "valid_from", "valid_to", "value"
        )
    )
    months = months_between(min(row[1] for row in rows), today)
    month_start_ordinals = np.array([m.toordinal() for m in months], dtype=np.int64)
    started_month = np.searchsorted(month_start_ordinals, start, side="right") - 1
    ended_month = np.where(
        end < HIGH, np.searchsorted(month_start_ordinals, np.minimum(end, HIGH - 1), side="right") - 1, -1
    )
    cell_count = len(cells)
    started_counts = np.bincount(started_month * cell_count + cell_of, minlength=len(months) * cell_count)
    ended_valid = (ended_month >= 0) & (end <= today.toordinal())
    ended_counts = np.bincount(
        ended_month[ended_valid] * cell_count + cell_of[ended_valid], minlength=len(months) * cell_count
    )
    by_cell = {code: cell for cell, code in cells.items()}
    positions = np.arange(n, dtype=np.int64)
    figures: list[MonthlyFigure] = []
    for m, month in enumerate(months):
        day = measuring_day(month, today).toordinal()
        running = (start <= day) & (day <= end)
        counted = (
            running & contract_counts & in_register & (registered_from <= day) & (day <= registered_until)
        )
        hours = np.zeros(n, dtype=np.int64)
        rows_counted = positions[counted]
        if len(rows_counted):
            at = np.searchsorted(hour_keys, rows_counted * 10_000_000 + day, side="right") - 1
            found = (at >= 0) & ((hour_keys[np.maximum(at, 0)] // 10_000_000) == rows_counted)
            hours[rows_counted[found]] = hour_values[at[found]]
        running_by_cell = np.bincount(cell_of[running], minlength=cell_count)
        counted_by_cell = np.bincount(cell_of[counted], minlength=cell_count)
        hours_by_cell = np.bincount(cell_of[counted], weights=hours[counted], minlength=cell_count)
        hours_per_job = _hours_per_job(date.fromordinal(day), parameter_rows)
        base = m * cell_count
        for code in np.flatnonzero(
            running_by_cell
            | started_counts[base : base + cell_count]
            | ended_counts[base : base + cell_count]
        ).tolist():
            municipality, target_group, sector, contract = by_cell[code]
            units = Decimal(0)
            if hours_per_job:
                units = (Decimal(int(hours_by_cell[code])) / 100 / hours_per_job).quantize(Decimal("0.0001"))
            figures.append(
                MonthlyFigure(
                    region=region,
                    month=month,
                    municipality_id=municipality,
                    target_group=target_group,
                    sector_type=sector,
                    contract_type=contract,
                    running=int(running_by_cell[code]),
                    counted=int(counted_by_cell[code]),
                    job_units=units,
                    started=int(started_counts[base + code]),
                    ended=int(ended_counts[base + code]),
                )
            )
    return figures


def _waits(region, rows) -> list[WaitFigure]:
    """Median days from entering the pool or the register (whichever came first) to the start, per start
    year and target group (placements that started before the candidate entered count as 0 days)."""
    zone = timezone.get_current_timezone()
    days: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row in rows:
        start, registered_from, created_at = row[1], row[8], row[10]
        entered = [
            d for d in (registered_from, created_at.astimezone(zone).date() if created_at else None) if d
        ]
        if entered:
            days[(start.year, row[5])].append(max(0, (start - min(entered)).days))
    return [
        WaitFigure(
            region=region,
            start_year=year,
            target_group=group,
            placements=len(values),
            median_days=int(np.median(np.array(values))),
        )
        for (year, group), values in sorted(days.items())
    ]


def _retention(region, rows, today: date) -> list[RetentionFigure]:
    kinds: dict[int, set[str]] = defaultdict(set)
    through = Placement.grants.through.objects.filter(placement__region=region)
    for placement_id, kind in through.values_list(
        "placement_id", "grant__instrument_version__instrument__kind"
    ):
        kinds[placement_id].add(kind)

    def instrument(pk: int) -> str:
        return next((kind for kind in INSTRUMENT_ORDER if kind in kinds.get(pk, ())), "")

    start = np.array([row[1] for row in rows], dtype="datetime64[D]")
    end = np.array([row[2] if row[2] else date.max for row in rows], dtype="datetime64[D]")
    now = np.datetime64(today, "D")
    cells = _Codes()
    cell_of = np.array([cells[(row[1].year, row[5], instrument(row[0]))] for row in rows], dtype=np.int64)
    count = len(cells)
    started = np.bincount(cell_of, minlength=count)
    measures: dict[str, np.ndarray] = {}
    for months in RETENTION_MONTHS:
        after = _add_months(start, months)
        due = after <= now
        measures[f"due_{months}"] = np.bincount(cell_of[due], minlength=count)
        measures[f"retained_{months}"] = np.bincount(cell_of[due & (end >= after)], minlength=count)
    out = []
    for cell, code in cells.items():
        year, target_group, kind = cell
        out.append(
            RetentionFigure(
                region=region,
                start_year=year,
                target_group=target_group,
                instrument=kind,
                started=int(started[code]),
                **{name: int(values[code]) for name, values in measures.items()},
            )
        )
    return out
