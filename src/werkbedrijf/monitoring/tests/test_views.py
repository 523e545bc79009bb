"""The monitoring pages: the dashboard per role (the board sees "<5"), its filters, a region without
placements, and the page where the functional administrator sets the region's share of the target."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from freezegun import freeze_time

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.monitoring.context_processors import monitoring_navigation
from werkbedrijf.monitoring.models import RegionTargetShare
from werkbedrijf.monitoring.selectors import Count
from werkbedrijf.monitoring.services import target_share_set
from werkbedrijf.monitoring.templatetags.monitoring import bar_chart, figure, line_chart

from .test_cube import TODAY, placed  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("monitoring:dashboard")
TARGET_SHARE = reverse("monitoring:target_share")
FEBRUARY = {"maand": "2025-02", "vanaf": "2025-01"}


def dutch(text):
    with translation.override("nl"):
        return gettext(text)


def _share(w, percent="2.5", valid_from=date(2015, 1, 1)):
    return RegionTargetShare.objects.create(
        region=w.region,
        valid_from=valid_from,
        share_percent=Decimal(percent),
        source="Werkkamer, indicatieve verdeling (test)",
        confidence="SECONDARY",
        created_by=w.admin,
        created_at=timezone.now(),
    )


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, table_id
    return match.group(0)


def test_navigation_flag_per_role(w):
    factory = RequestFactory()
    for user, expected in (
        (w.consultant_a, True),
        (w.manager, True),
        (w.policy, True),
        (w.board, True),
        (w.admin, True),
        (w.auditor, False),
        (w.employer_user, False),
        (w.consultant_c, False),  # another region's consultant
    ):
        request = factory.get("/")
        request.user, request.region = user, w.region
        assert monitoring_navigation(request) == {"can_see_monitoring": expected}, user.username


def test_the_account_manager_sees_the_figures_of_february(placed, login_verified):  # noqa: F811
    _share(placed)
    response = login_verified(placed.manager).get(DASHBOARD, FEBRUARY)
    assert response.status_code == 200
    result = response.context["dashboard"]
    assert result.period_start == date(2025, 1, 1) and result.period_end == date(2025, 2, 1)
    assert result.total == Decimal("1.7") and not result.suppressed
    text = response.text
    # Headline and target: 125,000 × 2.5 % = 3,125 jobs, secondary share → secondary confidence.
    assert "1,7" in text and "3.125,0" in text
    assert "wb-badge--confidence-secondary" in text
    assert "Werkkamer, indicatieve verdeling (test)" in text
    assert response.context["progress"] == Decimal("0.1")  # 1.7 of 3,125
    # The series as chart and table: two months, February with 2 started.
    assert text.count('role="img"') == 4  # series, municipalities, target groups, funnel
    series = _table(text, "tabel-verloop")
    assert series.count('scope="row"') == 2 and "februari 2025" in series
    # Fairness: A has 1 of 3 placements started (33.3 %), B 2 (66.7 %).
    municipalities = _table(text, "tabel-gemeenten")
    assert "33,3 %" in municipalities and "66,7 %" in municipalities
    assert "&lt;5" not in text


def test_the_board_sees_small_numbers_as_less_than_five(placed, login_verified):  # noqa: F811
    response = login_verified(placed.board).get(DASHBOARD, FEBRUARY)
    assert response.status_code == 200
    result = response.context["dashboard"]
    assert result.suppressed and result.total is None
    municipalities = _table(response.text, "tabel-gemeenten")
    assert "&lt;5" in municipalities
    # A share of the placements started would tell the small number it is made of.
    rows = re.findall(r"<tr[^>]*>.*?</tr>", municipalities.split("<tbody")[1], re.S)
    assert len(rows) == 2 and all(re.findall(r"<td[^>]*>(.*?)</td>", row)[-1] == "–" for row in rows)
    assert "&lt;5" in _table(response.text, "tabel-verloop")
    # The charts say "<5" too, never the small number.
    groups = re.search(r'aria-labelledby="doelgroepen".*?</section>', response.text, re.S).group(0)
    svg = re.search(r"<svg.*?</svg>", groups, re.S).group(0)
    assert "&lt;5" in svg and not re.search(r">[1-4]<", svg)
    assert response.context["target"] is None  # no share set: a notice instead
    assert dutch("The functional administrator of the region can set it.") in response.text
    assert TARGET_SHARE not in response.text


def test_who_may_see_the_dashboard(placed, login_verified):  # noqa: F811
    for user in (placed.consultant_a, placed.policy, placed.admin):
        assert login_verified(user).get(DASHBOARD).status_code == 200, user.username
    for user in (placed.auditor, placed.employer_user):
        assert login_verified(user).get(DASHBOARD).status_code == 403, user.username
    # Another region's consultant sees that region's figures only.
    other = login_verified(placed.consultant_c).get(DASHBOARD, FEBRUARY)
    assert other.context["dashboard"].region == placed.other_region
    assert other.context["dashboard"].municipalities == [] or all(
        row.started.value == 0 for row in other.context["dashboard"].municipalities
    )
    anonymous = Client().get(DASHBOARD)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))


def test_the_municipality_filter_changes_the_figures(placed, login_verified):  # noqa: F811
    client = login_verified(placed.manager)
    whole = client.get(DASHBOARD, FEBRUARY).context["dashboard"]
    code_a = placed.own.municipality.code
    response = client.get(DASHBOARD, {**FEBRUARY, "gemeente": code_a})
    only_a = response.context["dashboard"]
    assert only_a.municipality_code == code_a
    assert (whole.total, only_a.total) == (Decimal("1.7"), Decimal("1.0"))
    assert [row.started.value for row in only_a.series] == [1, 0]
    assert response.context["municipality_name"] == placed.own.municipality.name
    # Fairness stays about the whole region.
    assert len(only_a.municipalities) == len(whole.municipalities)


def test_invalid_filters_are_reported_and_the_defaults_used(placed, login_verified):  # noqa: F811
    client = login_verified(placed.manager)
    response = client.get(DASHBOARD, {"maand": "2025-13", "vanaf": "2025-03", "gemeente": "GM9999"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"maand", "gemeente"}
    assert 'value="2025-13"' in response.text  # the input is kept
    this_month = timezone.localdate().replace(day=1)
    assert response.context["dashboard"].period_end == this_month
    response = client.get(DASHBOARD, {"maand": "2025-02", "vanaf": "2025-05"})
    assert "vanaf" in response.context["form"].errors
    # Defaults: this month, twelve months before.
    result = client.get(DASHBOARD).context["dashboard"]
    assert result.period_end == this_month
    assert (result.period_end.year - result.period_start.year) * 12 + (
        result.period_end.month - result.period_start.month
    ) == 12
    # A month written the other way round is understood.
    assert client.get(DASHBOARD, {"maand": "02-2025"}).context["dashboard"].period_end == date(2025, 2, 1)


def test_a_region_without_placements_shows_zeros(w, login_verified):
    response = login_verified(w.manager).get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["no_placements"]
    result = response.context["dashboard"]
    assert result.total == 0 and result.counted.value == 0
    series = _table(response.text, "tabel-verloop")
    assert series.count('scope="row"') == 13  # every month of the period, all zeros
    assert "&lt;5" not in series
    assert dutch("The functional administrator of the region can set it.") in response.text


def test_the_admin_sets_the_share_and_the_dashboard_shows_the_target(placed, login_verified):  # noqa: F811
    client = login_verified(placed.admin)
    page = client.get(TARGET_SHARE)
    assert page.status_code == 200 and page.context["history"] == []
    response = client.post(
        TARGET_SHARE,
        {
            "valid_from": "2020-01-01",
            "share_percent": "2,857",
            "source": "Werkkamer, indicatieve verdeling 2020 (test)",
            "confidence": "OFFICIAL",
        },
    )
    assert response.status_code == 302 and response["Location"] == TARGET_SHARE
    share = RegionTargetShare.objects.get(region=placed.region)
    assert share.share_percent == Decimal("2.857") and share.created_by == placed.admin
    entry = AccessLogEntry.objects.get(object_type="region_target_share")
    assert entry.action == AccessAction.CREATE and entry.object_uuid == share.uuid
    assert "source" in entry.changed_fields and "2.857" not in entry.object_label

    page = client.get(TARGET_SHARE)
    assert [item["share"] for item in page.context["history"]] == [share]
    assert page.context["history"][0]["current"]
    # 2025: 125,000 × 2.857 % = 3,571.25 → 3,571.2 (rounded half to even; official target and share).
    dashboard = client.get(DASHBOARD, FEBRUARY)
    target = dashboard.context["target"]
    assert target.region == Decimal("3571.2") and target.confidence == "OFFICIAL"
    assert "3.571,2" in dashboard.text and "wb-badge--confidence-official" in dashboard.text


def test_a_later_share_with_the_same_date_replaces_the_earlier(placed, login_verified):  # noqa: F811
    first = _share(placed, "2.5", date(2020, 1, 1))
    second = _share(placed, "3", date(2020, 1, 1))
    page = login_verified(placed.admin).get(TARGET_SHARE)
    history = page.context["history"]
    assert [item["share"] for item in history] == [second, first]
    assert history[0]["current"] and history[1]["replaced"] and not history[1]["current"]


def test_only_the_functional_administrator_sets_the_share(placed, login_verified):  # noqa: F811
    data = {"valid_from": "2020-01-01", "share_percent": "3", "source": "x", "confidence": "OFFICIAL"}
    for user in (placed.manager, placed.board, placed.policy, placed.auditor, placed.employer_user):
        client = login_verified(user)
        assert client.get(TARGET_SHARE).status_code == 403, user.username
        assert client.post(TARGET_SHARE, data).status_code == 403, user.username
    assert not RegionTargetShare.objects.exists()


def test_invalid_input_keeps_what_was_entered(placed, login_verified):  # noqa: F811
    client = login_verified(placed.admin)
    response = client.post(
        TARGET_SHARE,
        {
            "valid_from": "2020-01-01",
            "share_percent": "2.8571",
            "source": "Eigen schatting van de regio",
            "confidence": "UNCONFIRMED",
        },
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"share_percent"}
    assert 'value="2.8571"' in response.text and "Eigen schatting van de regio" in response.text
    assert 'value="UNCONFIRMED" selected' in response.text
    for bad, field in (("0", "share_percent"), ("100.5", "share_percent"), ("twee", "share_percent")):
        response = client.post(
            TARGET_SHARE,
            {"valid_from": "2020-01-01", "share_percent": bad, "source": "x", "confidence": "LAW"},
        )
        assert response.status_code == 400 and field in response.context["form"].errors, bad
    response = client.post(
        TARGET_SHARE, {"valid_from": "1999-01-01", "share_percent": "2", "source": " ", "confidence": "?"}
    )
    assert set(response.context["form"].errors) >= {"source", "confidence"}
    response = client.post(
        TARGET_SHARE,
        {"valid_from": "1999-01-01", "share_percent": "2", "source": "bron", "confidence": "LAW"},
    )
    assert set(response.context["form"].errors) == {"valid_from"}
    assert not RegionTargetShare.objects.exists()


def test_the_charts_are_labelled_and_suppress_small_numbers():
    svg = bar_chart([("Amsterdam", Count(12)), ("Diemen", Count(None))], "Plaatsingen per gemeente")
    assert 'role="img"' in svg and 'aria-label="Plaatsingen per gemeente.' in svg
    assert "&lt;5" in svg and ">12<" in svg
    assert svg.count('fill="url(#') == 1  # no bar for the suppressed figure
    line = line_chart(
        [("01-2025", (Decimal("1.0"), None)), ("02-2025", (Decimal("1.7"), Decimal("0.5")))],
        "Banen per maand",
        series="Markt|Overheid",
    )
    assert line.count("<polyline") == 1  # the second series breaks at its suppressed point
    assert "<script" not in line and "style=" not in line
    escaped = bar_chart([("<b>Zaanstad</b>", 3)], 'Titel "met" <tags>')
    assert "<b>" not in escaped and "&lt;b&gt;Zaanstad" in escaped
    assert figure(None) == "<5" and figure(Count(3)) == "3"


def test_after_the_build_up_the_last_target_is_shown(placed, login_verified):  # noqa: F811
    _share(placed)
    response = login_verified(placed.manager).get(DASHBOARD, {"maand": "2026-01"})
    assert response.context["dashboard"].target.year == 2025  # no national target for 2026: the last one
    assert response.context["target_fallback"] and response.context["target"].year == 2025
    assert "3.125,0" in response.text


def test_the_service_checks_rights_and_input(placed):  # noqa: F811
    arguments = {
        "region": placed.region,
        "valid_from": date(2020, 1, 1),
        "share_percent": "3",
        "source": "Werkkamer",
        "confidence": "OFFICIAL",
    }
    with pytest.raises(PermissionDenied):
        target_share_set(user=placed.manager, **arguments)
    with pytest.raises(ValidationError) as error:
        target_share_set(
            user=placed.admin, **{**arguments, "valid_from": None, "share_percent": "-1", "source": ""}
        )
    assert set(error.value.message_dict) == {"valid_from", "share_percent", "source"}
    share = target_share_set(user=placed.admin, **arguments)
    assert share.share_percent == Decimal("3.000") and share.region == placed.region


def test_the_national_page_sums_the_regions_suppressed(placed, login_verified):  # noqa: F811
    from werkbedrijf.monitoring.cube import build_region

    build_region(placed.region, today=TODAY)
    with freeze_time(TODAY):
        response = login_verified(placed.manager).get("/monitoring/landelijk/", {"maand": "2025-02"})
    assert response.status_code == 200
    national = response.context["national"]
    assert [row.code for row in national.regions] == [placed.region.code]
    assert str(national.regions[0].running) == "<5"  # always suppressed, also for staff
    assert national.market == Decimal("1.7")
    assert login_verified(placed.employer_user).get("/monitoring/landelijk/").status_code == 403


def test_the_figures_of_one_day(placed, login_verified):  # noqa: F811
    client = login_verified(placed.manager)
    with freeze_time(TODAY):
        response = client.get("/monitoring/", {"maand": "2025-03", "dag": "2025-02-01"})
        assert response.status_code == 200 and 'id="day-figures"' in response.text
        assert response.context["day_figures"].total == Decimal("1.7")
        response = client.get("/monitoring/", {"dag": "2031-01-01"})
        assert response.context["day_figures"] is None and 'aria-invalid="true"' in response.text
