"""The occupation picker in a real browser: search, choose two, untick none, save the candidate."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import MunicipalityOrganisationFactory, UserFactory, give_role
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.regions.models import Occupation, OccupationGroup, RegionMembership

from .browser import ARTIFACTS, BROWSER_MARKS, close_db_connections, launch, log_in, wcag_violations

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_consultant_picks_occupations_by_searching(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    organisation = MunicipalityOrganisationFactory(municipality__name="Amsterdam")
    RegionMembership.objects.get_or_create(
        municipality=organisation.municipality, region=organisation.region, year=2026
    )
    user = UserFactory(username="consulent", organisation=organisation)
    give_role(user, Role.CONSULTANT, organisation.region)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    group = OccupationGroup.objects.create(code="5120", level=4, name_nl="Koks", name_en="Cooks")
    cook = Occupation.objects.create(esco_uri="x:1", esco_code="5120.1", group=group, name_nl="kok")
    assistant = Occupation.objects.create(esco_uri="x:2", esco_code="5120.2", group=group, name_nl="hulpkok")
    Occupation.objects.create(esco_uri="x:3", esco_code="5120.3", group=group, name_nl="pizzabakker")

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
            csp_errors = []
            page.on(
                "console",
                lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
            )
            log_in(page, live_server.url, "consulent", device)
            page.goto(f"{live_server.url}/kandidaten/nieuw/")

            search = page.get_by_label("Gewenste beroepen")
            search.fill("kok")
            page.get_by_role("button", name="hulpkok").click()
            page.get_by_role("checkbox", name="hulpkok").wait_for()
            search.fill("ko")
            page.get_by_role("button", name="kok", exact=False).first.wait_for()
            assert page.get_by_role("button", name="hulpkok").count() == 0  # already chosen
            page.locator(f"#id_desired_occupations_result_{cook.pk} button").click()
            page.get_by_role("checkbox", name="kok ISCO 5120", exact=True).wait_for()
            assert wcag_violations(page) == []
            page.screenshot(path=str(ARTIFACTS / "occupation-picker.png"), full_page=True)

            page.fill("[name=bsn]", "111222333")
            page.fill("[name=first_name]", "Eva")
            page.fill("[name=last_name]", "Jansen")
            page.fill("[name=date_of_birth]", "1998-04-03")
            page.fill("[name=postcode]", "1013 AB")
            page.select_option("[name=municipality]", str(organisation.municipality.pk))
            page.select_option("[name=target_group]", "wajong")
            page.select_option("[name=register_ground]", "none")
            page.fill("[name=hours_per_week]", "24")
            page.locator("form [type=submit]").last.click()
            page.wait_for_url(f"{live_server.url}/kandidaten/*/")
            candidate = Candidate.objects.get(bsn="111222333")
            assert set(candidate.desired_occupations.all()) == {cook, assistant}
            assert csp_errors == []
        finally:
            close_db_connections()
            browser.close()
