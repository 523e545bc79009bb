"""Issue 3 in a real browser: a consultant uploads candidates with one bad row and gets the report (row,
column, reason) with nothing imported, then uploads the corrected file and sees the job finish.

As with a broker, the upload only queues the job: the page shows it running and polls its status with htmx;
the test then runs the job in-process and waits for the page to show the end.
"""

import csv
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
    synthetic_bsn,
)
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.candidates.tests.factories import place_in_region
from werkbedrijf.transfers import tasks
from werkbedrijf.transfers.models import ImportJob, ImportStatus

from .browser import ARTIFACTS, BROWSER_MARKS, close_db_connections, field_label, launch, log_in

pytestmark = BROWSER_MARKS

HEADER = [
    "BSN",
    "Voornaam",
    "Achternaam",
    "Geboortedatum",
    "Postcode",
    "Gemeente",
    "Doelgroep",
    "Maximaal uren per week",
]
NOT_A_BSN = "123456789"  # fails the 11-check


def nl(msgid: str) -> str:
    with translation.override("nl"):
        return gettext(msgid)


def candidates_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row[h] for h in HEADER])
    return buffer.getvalue().encode("utf-8-sig")


def row(bsn: str, first_name: str, last_name: str) -> dict[str, str]:
    return {
        "BSN": bsn,
        "Voornaam": first_name,
        "Achternaam": last_name,
        "Geboortedatum": "17-05-1990",
        "Postcode": "1012 AB",
        "Gemeente": "GM0363",
        "Doelgroep": "participation_act",
        "Maximaal uren per week": "24",
    }


def upload(page, base: str, name: str, content: bytes, queued: list[str]) -> ImportJob:
    """Choose candidates and the file, upload, see the job queued and run it; the page then polls its end."""
    page.goto(f"{base}/import-export/")
    page.get_by_label(field_label("What does the file contain?")).select_option(label=nl("Candidates"))
    page.get_by_label(field_label("File")).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name=nl("Upload and check")).click()
    page.wait_for_url(f"{base}/import-export/importeren/*-*/")
    job = ImportJob.objects.get(uuid=page.url.rstrip("/").rsplit("/", 1)[1])
    assert job.file_name == name and queued == [str(job.uuid)]
    wait_for_status(page, ImportStatus.QUEUED)
    page.locator("#job-progress").wait_for()
    tasks.run_import_job(queued.pop())
    return job


def wait_for_status(page, status: ImportStatus) -> None:
    """The job page polls its status block with htmx while the job runs; wait until it shows `status`."""
    with translation.override("nl"):
        label = str(status.label)
    page.locator("#job-status-heading", has_text=label).wait_for()


@pytest.mark.django_db(transaction=True)
def test_consultant_gets_a_row_report_then_imports_the_corrected_file(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    queued: list[str] = []
    monkeypatch.setattr(tasks.run_import_job, "delay", queued.append)
    base = live_server.url
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    gemeente = MunicipalityOrganisationFactory(
        region=region, municipality__name="Amsterdam", municipality__code="GM0363"
    )
    place_in_region(gemeente.municipality, region)
    consultant = UserFactory(username="consulent", organisation=gemeente)
    give_role(consultant, Role.CONSULTANT, region)
    device = TOTPDevice.objects.create(user=consultant, name="app", confirmed=True)

    good = [row(synthetic_bsn(), "Sanne", "Vries"), row(synthetic_bsn(), "Bram", "Bakker")]
    bad = row(NOT_A_BSN, "Fenna", "Foutief")
    fixed = row(synthetic_bsn(), "Fenna", "Foutief")
    bsns = [r["BSN"] for r in (*good, fixed)]
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
            log_in(page, base, "consulent", device)

            # One bad row (the third data row, row 4 as in Excel): nothing is imported, the report says why.
            job = upload(page, base, "kandidaten-fout.csv", candidates_csv([good[0], good[1], bad]), queued)
            wait_for_status(page, ImportStatus.INVALID)
            page.get_by_role("alert").wait_for()
            errors = page.locator("#job-errors tbody tr")
            assert errors.count() == 1
            cells = [c.strip() for c in errors.first.locator("td").all_inner_texts()]
            with translation.override("nl"):
                reason = gettext("This is not a valid BSN (9 digits that pass the 11-check).")
            assert cells == ["4", "BSN", reason]
            assert NOT_A_BSN not in page.locator("#job-status").inner_text()
            page.get_by_role("link", name=nl("Download the error report (CSV)")).wait_for()
            page.screenshot(path=str(ARTIFACTS / "import-report.png"), full_page=True)
            job.refresh_from_db()
            assert job.status == ImportStatus.INVALID
            assert not Candidate.objects.filter(bsn__in=[r["BSN"] for r in good]).exists()

            # The corrected file: the job runs to the end and every row is a new candidate.
            job = upload(page, base, "kandidaten.csv", candidates_csv([good[0], good[1], fixed]), queued)
            wait_for_status(page, ImportStatus.DONE)
            assert page.locator("#count-created").inner_text().strip() == "3"
            assert page.locator("#job-progress").count() == 0
            page.screenshot(path=str(ARTIFACTS / "import-done.png"), full_page=True)
            job.refresh_from_db()
            assert (job.status, job.created_count) == (ImportStatus.DONE, 3)
            imported = Candidate.objects.filter(bsn__in=bsns, responsible_organisation=gemeente)
            assert sorted(imported.values_list("first_name", flat=True)) == ["Bram", "Fenna", "Sanne"]

            # Both uploads are listed under the user's recent imports.
            page.get_by_role("link", name=nl("Back to import and export")).click()
            page.wait_for_url(f"{base}/import-export/")
            recent = page.locator("section[aria-labelledby=jobs-heading]")
            recent.get_by_role("link", name="kandidaten-fout.csv").wait_for()
            recent.get_by_role("link", name="kandidaten.csv", exact=True).wait_for()
        finally:
            close_db_connections()
            browser.close()
