"""The dashboard's figures on the small data set of test_cube (computed by hand there), the target, small
numbers suppressed for the board, and who may see it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from werkbedrijf.monitoring.models import CubeState, RegionTargetShare
from werkbedrijf.monitoring.selectors import dashboard

from .test_cube import TODAY, placed  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _share(w, percent="2.5"):
    RegionTargetShare.objects.create(
        region=w.region,
        valid_from=date(2015, 1, 1),
        share_percent=Decimal(percent),
        source="Werkkamer, indicatieve verdeling (test)",
        confidence="SECONDARY",
        created_by=w.admin,
        created_at=timezone.now(),
    )


def test_the_figures_of_february_as_staff_see_them(placed):  # noqa: F811
    _share(placed)
    result = dashboard(user=placed.manager, region=placed.region, month=date(2025, 2, 1), today=TODAY)
    assert not result.suppressed and not result.building
    assert result.market == Decimal("1.7") and result.government == 0 and result.total == Decimal("1.7")
    assert result.counted.value == 2
    # 2025's target: 125,000 × 2.5 % = 3,125, with the lower confidence of the two (official target,
    # secondary share).
    assert result.target.region == Decimal("3125.0") and result.target.confidence == "SECONDARY"
    assert [row.month for row in result.series] == [date(2025, 1, 1), date(2025, 2, 1)]
    assert [row.started.value for row in result.series] == [1, 2]
    by_name = {row.code: row for row in result.municipalities}
    a, b = placed.own.municipality.code, placed.shared.municipality.code
    assert by_name[a].running.value == 1 and by_name[b].running.value == 2
    assert by_name[a].started_share == Decimal("33.3") and by_name[b].started_share == Decimal("66.7")


def test_the_board_sees_small_numbers_suppressed(placed):  # noqa: F811
    result = dashboard(user=placed.board, region=placed.region, month=date(2025, 2, 1), today=TODAY)
    assert result.suppressed
    assert str(result.counted) == "<5" and result.market is None and result.total is None
    assert all(str(row.running) in ("<5", "0") for row in result.municipalities)
    assert result.target is None  # no share set for the region


def test_a_change_rebuilds_the_figures_before_they_are_read(placed):  # noqa: F811
    dashboard(user=placed.manager, region=placed.region, today=TODAY)
    state = CubeState.objects.get(region=placed.region)
    assert state.dirty_since is None
    placed.shared.save()  # a candidate with placements changed
    assert CubeState.objects.get(region=placed.region).dirty_since is not None
    dashboard(user=placed.manager, region=placed.region, today=TODAY)
    assert CubeState.objects.get(region=placed.region).dirty_since is None


def test_who_may_see_the_dashboard(placed):  # noqa: F811
    for user in (placed.consultant_a, placed.policy, placed.admin):
        dashboard(user=user, region=placed.region, today=TODAY)
    with pytest.raises(PermissionDenied):
        dashboard(user=placed.employer_user, region=placed.region, today=TODAY)
    with pytest.raises(PermissionDenied):
        dashboard(user=placed.consultant_c, region=placed.region, today=TODAY)


def test_the_time_to_placement_per_target_group(placed):  # noqa: F811
    from werkbedrijf.candidates.models import Candidate

    # Registered on 1 January 2020 (before entering the pool): the days from then to each start.
    for candidate in (placed.own, placed.shared):
        Candidate.objects.filter(pk=candidate.pk).update(registered_from=date(2020, 1, 1))
    result = dashboard(user=placed.manager, region=placed.region, month=date(2025, 6, 1), today=TODAY)
    by_group = {row.target_group: row for row in result.waits}
    assert sum(row.placements.value for row in result.waits) == 3
    own_group = by_group[placed.own.target_group]
    assert (
        own_group.median_days is not None
        and own_group.median_days >= (date(2025, 1, 10) - date(2020, 1, 1)).days - 1
    )
    board = dashboard(user=placed.board, region=placed.region, month=date(2025, 6, 1), today=TODAY)
    assert all(row.median_days is None for row in board.waits)  # fewer than 5 placements each


def test_the_jobs_on_any_day_exactly(placed):  # noqa: F811
    from werkbedrijf.monitoring.selectors import jobs_on

    def units(day):
        return jobs_on(user=placed.manager, region=placed.region, day=day).total

    # By hand (see test_cube): 10 Jan only own (25.5 h) → 1.0; 1 Feb own + shared (25.5 + 17) → 1.7;
    # 1 Mar own's hours became 12.75 → (12.75 + 17) / 25.5 = 1.2; 1 Apr shared left the register → 0.5;
    # 21 Apr own ended the day before → 0.
    assert [units(date(2025, m, d)) for m, d in ((1, 9), (1, 10), (2, 1), (3, 1), (4, 1), (4, 21))] == [
        0, Decimal("1.0"), Decimal("1.7"), Decimal("1.2"), Decimal("0.5"), 0,
    ]  # fmt: skip
    board = jobs_on(user=placed.board, region=placed.region, day=date(2025, 2, 1))
    assert board.total is None and str(board.counted) == "<5"
