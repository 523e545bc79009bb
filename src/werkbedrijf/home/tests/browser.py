"""What the browser tests share: Debian's Chromium, the axe-core check and the two-step login."""

import os
import re
from pathlib import Path

import pytest
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext
from django_otp.oath import totp

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
PASSWORD = "correct-horse-battery-staple"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
]


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wcag_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


def log_in(page, base_url: str, username: str, device) -> None:
    """Password, then the TOTP code of `device`; ends on the home page."""
    page.goto(f"{base_url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}/account/tweede-stap/")
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{base_url}/")


def field_label(msgid: str, context: str | None = None) -> re.Pattern:
    """A form field's Dutch label as includes/form_field.html renders it: with or without "(optional)"."""
    with translation.override("nl"):
        text = translation.pgettext(context, msgid) if context else gettext(msgid)
        optional = gettext("optional")
    return re.compile(rf"^{re.escape(text)}( \({re.escape(optional)}\))?$")


def close_db_connections() -> None:
    """Close the connections the ORM opened while Playwright's sync API was running.

    Those calls run in another context than the test's own, so they get their own connection, which nothing
    else closes; on PostgreSQL it would keep the test database from being dropped. Call it before leaving the
    `sync_playwright()` block.
    """
    connections.close_all()
