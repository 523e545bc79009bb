"""The board's quarterly report (PDF) and the figures (XLSX): small numbers suppressed, downloads logged."""

import io

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.monitoring.report import quarter_months

from .test_cube import TODAY, placed  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_quarter_months():
    assert [m.isoformat() for m in quarter_months(2025, 1)] == ["2024-04-01", "2025-03-01"]
    assert [m.isoformat() for m in quarter_months(2026, 4)] == ["2026-01-01", "2026-12-01"]


@freeze_time(TODAY)
def test_the_board_downloads_the_quarterly_report(placed, login_verified):  # noqa: F811
    client = login_verified(placed.board)
    response = client.get("/monitoring/kwartaalrapportage.pdf?kwartaal=2025-1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000
    assert "kwartaalrapportage-" in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT, object_type="monitoring_report").exists()
    # A future quarter or nonsense goes back to the dashboard with a message.
    assert client.get("/monitoring/kwartaalrapportage.pdf?kwartaal=2030-1").status_code == 302
    assert client.get("/monitoring/kwartaalrapportage.pdf?kwartaal=Q9").status_code == 302


@freeze_time(TODAY)
def test_the_figures_as_a_spreadsheet_suppress_small_numbers_even_for_staff(placed, login_verified):  # noqa: F811
    response = login_verified(placed.manager).get("/monitoring/cijfers.xlsx?maand=2025-02&vanaf=2025-01")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 8
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert "<5" in summary.values()  # the counted placements: 2
    per_month = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert len(per_month) == 2 and per_month[1][4] == "<5"  # started in February: 2


def test_no_downloads_without_monitoring(placed, login_verified):  # noqa: F811
    client = login_verified(placed.employer_user)
    assert client.get("/monitoring/kwartaalrapportage.pdf").status_code == 403
    assert client.get("/monitoring/cijfers.xlsx").status_code == 403
