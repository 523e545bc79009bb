"""Issue 6's monitoring in a real browser: the functional administrator sets the region's share of the
target; a board member opens the dashboard from the menu, sees small numbers suppressed and the target, and
downloads the quarterly report as a PDF. Every page is checked with axe-core.

Nothing is frozen: the placements started months before today, so the figures of this month count them.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.tests.factories import CandidateFactory, place_in_region
from werkbedrijf.employers.tests.factories import employer_in, sbi_division
from werkbedrijf.monitoring.models import RegionTargetShare
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.placements import services as placement_services
from werkbedrijf.placements.choices import ContractType
from werkbedrijf.regions.models import Sector, SectorClassification

from .browser import (
    ARTIFACTS,
    BROWSER_MARKS,
    close_db_connections,
    field_label,
    launch,
    log_in,
    wcag_violations,
)

pytestmark = BROWSER_MARKS


def nl(msgid: str) -> str:
    with translation.override("nl"):
        return gettext(msgid)


def staff(region, organisation, role, username):
    user = UserFactory(username=username, organisation=organisation)
    give_role(user, role, region)
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


@pytest.mark.django_db(transaction=True)
def test_board_member_opens_the_dashboard_and_downloads_the_quarterly_report(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    base = live_server.url
    today = timezone.localdate()

    load_legal_parameters()
    region = RegionFactory(code="AM97", name="Testregio Monitoring")
    zeestad = MunicipalityOrganisationFactory(region=region, municipality__name="Zeestad")
    duinkerk = MunicipalityOrganisationFactory(region=region, municipality__name="Duinkerk")
    for organisation in (zeestad, duinkerk):
        place_in_region(organisation.municipality, region, year=today.year)
    wsp = OrganisationFactory(region=region, kind=OrganisationKind.EMPLOYER_SERVICE_POINT, name="WSP")
    manager, _device = staff(region, wsp, Role.ACCOUNT_MANAGER, "accountmanager")
    board, board_device = staff(region, zeestad, Role.BOARD_MEMBER, "bestuurder")
    admin, admin_device = staff(region, wsp, Role.FUNCTIONAL_ADMIN, "beheerder")
    Sector.objects.get_or_create(
        classification=SectorClassification.SBI_2008,
        code="N",
        defaults={"level": "sectie", "section": "N", "name_nl": "Verhuur en overige zakelijke diensten"},
    )
    employer = employer_in(
        region, "Facilitair Bedrijf Duin", "12345678", sector=sbi_division("81", "N", "FM")
    )
    # Six placements of Zeestad's residents (shown) and two of Duinkerk's (fewer than 5: suppressed).
    for number, organisation in enumerate([zeestad] * 6 + [duinkerk] * 2):
        candidate = CandidateFactory(
            responsible_organisation=organisation,
            in_target_group_register=True,
            registered_from=today - timedelta(days=900),
        )
        placement_services.placement_create(
            user=manager,
            region=region,
            candidate=candidate,
            employer=employer,
            contract_type=ContractType.REGULAR,
            start_date=today - timedelta(days=100 + 20 * number),
            hours_per_week=Decimal("25.5"),
            job_title="Medewerker facilitair",
        )
    ARTIFACTS.mkdir(exist_ok=True)
    axe: dict[str, list[str]] = {}

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            # 1. The functional administrator sets the region's share of the national target.
            page = browser.new_context(locale="nl-NL", accept_downloads=True).new_page()
            log_in(page, base, "beheerder", admin_device)
            page.goto(f"{base}/monitoring/doelstelling/")
            axe["target share"] = wcag_violations(page)
            page.get_by_label(field_label("Valid from")).fill(today.replace(month=1, day=1).isoformat())
            page.get_by_label(field_label("Share of the national target (%)")).fill("2,857")
            page.get_by_label(field_label("Source")).fill("Indicatieve verdeling Werkkamer (test)")
            page.get_by_label(field_label("Confidence")).select_option("SECONDARY")
            page.get_by_role("button", name=nl("Save share")).click()
            page.wait_for_load_state()
            share = RegionTargetShare.objects.get(region=region)
            assert share.share_percent == Decimal("2.857") and share.created_by == admin
            page.context.close()

            # 2. A board member opens the dashboard from the menu.
            page = browser.new_context(locale="nl-NL", accept_downloads=True).new_page()
            log_in(page, base, "bestuurder", board_device)
            page.get_by_role("link", name=nl("Monitoring"), exact=True).first.click()
            page.wait_for_url(f"{base}/monitoring/")
            axe["dashboard (board)"] = wcag_violations(page)
            text = page.locator("main").inner_text()
            assert nl("Monitoring of the banenafspraak") in text
            assert "<5" in text  # Duinkerk's two placements
            zeestad_row = page.locator("tr", has_text="Zeestad").first
            assert "6" in zeestad_row.inner_text()
            assert "SVG" not in text and page.locator("svg[role=img]").count() >= 3
            page.screenshot(path=str(ARTIFACTS / "monitoring-dashboard.png"), full_page=True)

            # 3. … and downloads the quarterly report.
            with page.expect_download() as info:
                page.locator("#download-pdf").click()
            download = info.value
            path = ARTIFACTS / download.suggested_filename
            download.save_as(str(path))
            content = path.read_bytes()
            assert download.suggested_filename.startswith("kwartaalrapportage-AM97-")
            assert content.startswith(b"%PDF") and len(content) > 3000
            assert AccessLogEntry.objects.filter(
                actor=board, action=AccessAction.EXPORT, object_type="monitoring_report"
            ).exists()
        finally:
            close_db_connections()
            browser.close()
    assert axe == {name: [] for name in axe}, axe
