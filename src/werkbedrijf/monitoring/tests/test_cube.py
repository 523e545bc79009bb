"""The monitoring cube on a small data set, its figures computed by hand."""

from datetime import date
from decimal import Decimal

import pytest

from werkbedrijf.candidates.models import Candidate
from werkbedrijf.monitoring.cube import build_region
from werkbedrijf.monitoring.models import CubeState, MonthlyFigure, RetentionFigure
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.placements import services
from werkbedrijf.placements.choices import ContractType, EndReason

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 15)


def _register(candidate, start, until=None):
    Candidate.objects.filter(pk=candidate.pk).update(
        in_target_group_register=True,
        register_ground="participation_below_minimum_wage",
        registered_from=start,
        registered_until=until,
    )
    candidate.refresh_from_db()


@pytest.fixture
def placed(w):
    """Three placements in municipality A's and B's cells:
    - own (A, registered all along): 25.5 h from 10 Jan 2025, 12.75 h from 1 Mar, ended 20 Apr;
    - shared (B, registered until 31 Mar): 17 h from 1 Feb 2025, running;
    - private (B, not registered): sheltered work, 20 h from 15 Feb 2025, running."""
    load_legal_parameters()
    _register(w.own, date(2020, 1, 1))
    _register(w.shared, date(2020, 1, 1), until=date(2025, 3, 31))
    consultant_b = w.consultant_b

    def place(user, candidate, start, hours, contract=ContractType.REGULAR):
        return services.placement_create(
            user=user,
            region=w.region,
            candidate=candidate,
            employer=w.employer,
            contract_type=contract,
            start_date=start,
            hours_per_week=Decimal(hours),
            job_title="Schoonmaker",
        )

    first = place(w.consultant_a, w.own, date(2025, 1, 10), "25.5")
    services.placement_change_hours(
        user=w.consultant_a,
        region=w.region,
        placement=first,
        valid_from=date(2025, 3, 1),
        hours_per_week="12.75",
    )
    services.placement_end(
        user=w.consultant_a,
        region=w.region,
        placement=first,
        ended_on=date(2025, 4, 20),
        reason=EndReason.HEALTH,
    )
    place(consultant_b, w.shared, date(2025, 2, 1), "17")
    place(consultant_b, w.private, date(2025, 2, 15), "20", ContractType.SHELTERED_WORK)
    return w


def _month(region, year, month):
    rows = MonthlyFigure.objects.filter(region=region, month=date(year, month, 1))
    return {
        "running": sum(r.running for r in rows),
        "counted": sum(r.counted for r in rows),
        "units": sum((r.job_units for r in rows), Decimal(0)),
        "started": sum(r.started for r in rows),
        "ended": sum(r.ended for r in rows),
    }


def test_the_monthly_figures_by_hand(placed):
    state = build_region(placed.region, today=TODAY)
    assert state.placements == 3 and state.measured_on == TODAY and state.dirty_since is None
    # January (31st): own 25.5 h → 1 job.
    assert _month(placed.region, 2025, 1) == {
        "running": 1, "counted": 1, "units": Decimal("1"), "started": 1, "ended": 0,
    }  # fmt: skip
    # February (28th): own 25.5 + shared 17 = 42.5 h → 1.6667; private runs but is sheltered work.
    assert _month(placed.region, 2025, 2) == {
        "running": 3, "counted": 2, "units": Decimal("1.6667"), "started": 2, "ended": 0,
    }  # fmt: skip
    # March (31st): own 12.75 + shared 17 (last day in the register) = 29.75 h → 1.1667.
    assert _month(placed.region, 2025, 3) == {
        "running": 3, "counted": 2, "units": Decimal("1.1667"), "started": 0, "ended": 0,
    }  # fmt: skip
    # April (30th): own ended on the 20th; shared left the register on 31 March.
    assert _month(placed.region, 2025, 4) == {
        "running": 2, "counted": 0, "units": Decimal("0"), "started": 0, "ended": 1,
    }  # fmt: skip
    # June: measured today (the 15th).
    assert _month(placed.region, 2025, 6)["running"] == 2
    assert not MonthlyFigure.objects.filter(month__gt=date(2025, 6, 1)).exists()
    # Market sector (the employer's) and B's municipality for the shared candidate.
    february = MonthlyFigure.objects.get(
        region=placed.region, month=date(2025, 2, 1), municipality=placed.shared.municipality,
        contract_type=ContractType.REGULAR,
    )  # fmt: skip
    assert february.job_units == Decimal("0.6667") and february.sector_type == placed.employer.sector_type


def test_retention_counts_who_was_still_working(placed):
    build_region(placed.region, today=date(2026, 3, 1))
    rows = {(r.target_group, r.instrument): r for r in RetentionFigure.objects.filter(region=placed.region)}
    total_due_6 = sum(r.due_6 for r in rows.values())
    total_retained_6 = sum(r.retained_6 for r in rows.values())
    assert sum(r.started for r in rows.values()) == 3
    assert (total_due_6, total_retained_6) == (3, 2)  # own ended after 3 months
    # All three started by 1 March 2025; the two still running count as retained after 12 months.
    assert sum(r.due_12 for r in rows.values()) == 3 and sum(r.retained_12 for r in rows.values()) == 2
    assert sum(r.due_24 for r in rows.values()) == 0


def test_a_rebuild_replaces_the_figures(placed):
    build_region(placed.region, today=TODAY)
    count = MonthlyFigure.objects.count()
    build_region(placed.region, today=TODAY)
    assert MonthlyFigure.objects.count() == count and CubeState.objects.count() == 1
