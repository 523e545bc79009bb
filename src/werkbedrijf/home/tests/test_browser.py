"""One real login in Chromium: password, TOTP code, home page; screenshot plus an axe-core check.

Runs the machine's Chromium (/usr/bin/chromium, `apt-get install chromium`); never `playwright install`.
Run apart with `pytest -m browser`.
"""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import RegionFactory, UserFactory, give_role

from .browser import ARTIFACTS, BROWSER_MARKS, PASSWORD, launch, wcag_violations

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_staff_logs_in_with_password_and_code_and_home_is_accessible(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    user = UserFactory(
        username="j.devries",
        first_name="Jelle",
        last_name="de Vries",
        organisation__name="Gemeente Amsterdam (test)",
        organisation__region=region,
    )
    give_role(user, Role.CONSULTANT, region)
    give_role(user, Role.INSTRUMENT_OFFICER, region)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
            csp_errors = []
            page.on(
                "console",
                lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
            )

            page.goto(f"{live_server.url}/")
            assert page.url.startswith(f"{live_server.url}/account/inloggen/")
            assert page.locator("html").get_attribute("lang") == "nl"
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.getAttribute('href')") == "#main-content"
            assert wcag_violations(page) == []

            page.get_by_label("Gebruikersnaam").fill("j.devries")
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()

            page.wait_for_url(f"{live_server.url}/account/tweede-stap/")
            assert wcag_violations(page) == []
            page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
            page.get_by_role("button", name="Bevestigen").click()

            page.wait_for_url(f"{live_server.url}/")
            assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
            assert page.get_by_role("heading", name="Consulent / jobcoach").is_visible()
            page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
            assert wcag_violations(page) == []
            assert csp_errors == []
        finally:
            browser.close()
