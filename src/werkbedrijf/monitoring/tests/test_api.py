"""The monitoring API: a region's figures and the national roll-up, always with small numbers suppressed."""

import pytest
from freezegun import freeze_time

from werkbedrijf.monitoring.cube import build_region
from werkbedrijf.monitoring.models import CubeState

from .test_cube import TODAY, placed  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@freeze_time(TODAY)
def test_the_region_figures_leave_the_system_suppressed(placed, login_verified):  # noqa: F811
    client = login_verified(placed.manager)  # who sees the exact figures on the page
    response = client.get("/api/v1/monitoring/figures?maand=2025-02&vanaf=2025-01")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["region"] == placed.region.code and data["month"] == "2025-02-01"
    assert data["counted"] is None and data["market"] is None  # 2 placements: under 5
    assert [row["month"] for row in data["series"]] == ["2025-01-01", "2025-02-01"]
    assert all(row["running"] is None for row in data["municipalities"] if row["running"] != 0)
    assert client.get("/api/v1/monitoring/figures?maand=februari").status_code == 400


@freeze_time(TODAY)
def test_the_national_roll_up(placed, login_verified):  # noqa: F811
    build_region(placed.region, today=TODAY)
    client = login_verified(placed.board)
    response = client.get("/api/v1/monitoring/national?maand=2025-02")
    assert response.status_code == 200
    data = response.json()
    assert data["month"] == "2025-02-01" and data["nationalTarget"] == 125000
    [region] = data["regions"]
    assert region["code"] == placed.region.code and region["running"] is None
    assert data["market"] == pytest.approx(1.7)


def test_no_monitoring_for_employer_users(placed, login_verified):  # noqa: F811
    client = login_verified(placed.employer_user)
    assert client.get("/api/v1/monitoring/figures").status_code == 403
    assert client.get("/api/v1/monitoring/national").status_code == 403
    # Nothing was built for a refused caller (the changes only marked the figures out of date).
    assert not CubeState.objects.filter(built_at__isnull=False).exists()
