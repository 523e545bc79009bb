"""Issue 4 in a real browser: an instrument officer takes a candidate from the wage-value assessment to the
grant and the first month's payment line; the expert does their part in a second browser context.

Nothing is frozen: the dates are today's (the live server and Chromium cannot share a frozen clock). The
grant starts on the first of this month, so its first line is a whole month paid this year.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
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
from werkbedrijf.candidates.tests.factories import CandidateFactory, place_in_region
from werkbedrijf.employers.tests.factories import EmployerFactory, EmployerOrganisationFactory
from werkbedrijf.instruments import services as instrument_services
from werkbedrijf.instruments.models import Grant, GrantStatus, Instrument, PaymentLine
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.wage_value import calculation as calc
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus
from werkbedrijf.wage_value.rules import rules_on

from .browser import ARTIFACTS, BROWSER_MARKS, close_db_connections, field_label, launch, log_in

VIEW_LABEL = field_label("View", context="opinion of a party")

pytestmark = BROWSER_MARKS

HOURS = Decimal(32)
FULL_TIME = Decimal(36)
# DOMAIN.md §1.4's example: 0.36 + 0.162 + 0.20 = 0.722, a wage value of 72 %.
TASKS = [
    calc.MainTask("Planten oppotten", Decimal(50), Decimal(240), Decimal(80), Decimal(90), Decimal(100)),
    calc.MainTask("Kas schoonmaken", Decimal(30), Decimal(144), Decimal(60), Decimal(100), Decimal(90)),
    calc.MainTask(
        "Bestellingen klaarzetten", Decimal(20), Decimal(96), Decimal(100), Decimal(100), Decimal(100)
    ),
]


def nl(msgid: str) -> str:
    with translation.override("nl"):
        return gettext(msgid)


def euro(amount: Decimal) -> str:
    """An amount as the grant page shows it (floatformat "2g" in Dutch)."""
    with translation.override("nl"):
        return f"€ {floatformat(amount, '2g')}"


def staff(region, organisation, role, username, **names):
    user = UserFactory(username=username, organisation=organisation, **names)
    give_role(user, role, region)
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def fill_number(page, msgid: str, value) -> None:
    page.get_by_label(field_label(msgid)).fill(str(value))


@pytest.mark.django_db(transaction=True)
def test_officer_takes_a_candidate_from_assessment_to_the_first_payment_line(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    base = live_server.url
    today = timezone.localdate()
    period_start = today.replace(day=1)

    load_legal_parameters()
    region = RegionFactory(code="AM95", name="Testregio Loonwaarde")
    instrument_services.load_starter_package(region)
    lks = Instrument.objects.get(region=region, code="loonkostensubsidie")
    gemeente = MunicipalityOrganisationFactory(region=region, municipality__name="Groenstad")
    place_in_region(gemeente.municipality, region, year=today.year)
    bureau = OrganisationFactory(region=region, name="Loonwaardebureau", kind=OrganisationKind.WERKBEDRIJF)
    officer, officer_device = staff(region, gemeente, Role.INSTRUMENT_OFFICER, "instrumenten")
    expert, expert_device = staff(
        region, bureau, Role.WAGE_VALUE_EXPERT, "deskundige", first_name="Dirk", last_name="Deskundig"
    )
    candidate = CandidateFactory(
        responsible_organisation=gemeente, first_name="Wilhelmina", last_name="Meetbaar"
    )
    employer = EmployerFactory(
        organisation=EmployerOrganisationFactory(
            region=region, name="Kwekerij De Groene Vinger", kvk_number="23456780"
        )
    )
    instrument_services.budget_set(
        user=officer,
        region=region,
        organisation=gemeente,
        instrument=lks,
        year=today.year,
        allocated="100000",
    )

    measured = calc.wage_value_measurement(method=calc.wage_value_method_on(today), tasks=TASKS)
    wage_value = measured.computed_wage_value
    assert wage_value == 72  # the DOMAIN.md example
    subsidy = calc.wage_cost_subsidy(
        rules=rules_on(period_start, date_of_birth=candidate.date_of_birth),
        wage_value=wage_value,
        hours_per_week=HOURS,
        full_time_hours_per_week=FULL_TIME,
    )
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            officer_page = browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="nl-NL"
            ).new_page()
            expert_page = browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="nl-NL"
            ).new_page()

            # The officer creates the assessment for their candidate and assigns the expert.
            page = officer_page
            log_in(page, base, "instrumenten", officer_device)
            page.goto(f"{base}/metingen/")
            page.get_by_role("link", name=nl("New assessment")).click()
            page.wait_for_url(f"{base}/metingen/nieuw/")
            page.get_by_label(field_label("Name or BSN of the candidate")).fill("Meetbaar")
            page.get_by_role("search", name=nl("Find a candidate")).get_by_role("button").click()
            page.get_by_role("radio", name=candidate.full_name).check()
            page.get_by_label(field_label("Employer")).select_option(label=employer.name)
            page.get_by_label(field_label("Job at the workplace")).fill("Medewerker kwekerij")
            page.get_by_label(field_label("Wage-value expert")).select_option(label="Dirk Deskundig")
            page.get_by_label(field_label("Reference job")).fill("Medewerker teelt")
            page.get_by_label(field_label("Wage scale of the reference job")).fill("CAO Glastuinbouw A")
            page.get_by_label(field_label("Hourly wage of the reference job (euro)")).fill("14.71")
            page.get_by_label(field_label("Observation date")).fill(today.isoformat())
            page.get_by_role("button", name=nl("Create the assessment")).click()
            page.wait_for_url(f"{base}/metingen/*-*/")
            assessment = Assessment.objects.get(candidate=candidate)
            assert page.url == f"{base}/metingen/{assessment.uuid}/"
            assert (assessment.assessor, assessment.employer) == (expert, employer)

            # The expert finds it in their list, enters the main tasks, records both views and finalises.
            page = expert_page
            log_in(page, base, "deskundige", expert_device)
            page.goto(f"{base}/metingen/")
            page.locator(f'tr[data-assessment="{assessment.uuid}"] a').click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/")
            for task in TASKS:
                page.get_by_role("link", name=nl("Add a main task")).click()
                page.wait_for_url(f"{base}/metingen/{assessment.uuid}/taken/nieuw/")
                page.get_by_label(field_label("Main task")).fill(task.name)
                fill_number(page, "Share of the working week (%)", task.share_pct)
                fill_number(page, "Minutes per working day", task.minutes_per_day)
                fill_number(page, "Tempo (%)", task.tempo_pct)
                fill_number(page, "Quality (%)", task.quality_pct)
                fill_number(page, "Net working time (%)", task.third_factor_pct)
                page.get_by_role("button", name=nl("Save")).click()
                page.wait_for_url(f"{base}/metingen/{assessment.uuid}/")
                page.locator("#task-table").get_by_role("cell", name=task.name, exact=True).wait_for()

            page.get_by_role("link", name=nl("Employer's view")).click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/zienswijze/werkgever/")
            page.get_by_label(VIEW_LABEL).fill("De werkgever herkent het beeld.")
            page.get_by_label(field_label("Given by")).fill("J. Bedrijfsleider, teamleider")
            page.get_by_role("button", name=nl("Record the view")).click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/")
            page.get_by_role("link", name=nl("Candidate's view")).click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/zienswijze/kandidaat/")
            page.get_by_label(VIEW_LABEL).fill("Ik ben het ermee eens.")
            page.get_by_role("button", name=nl("Record the view")).click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/")
            assert page.locator("#missing").count() == 0  # nothing left before finalising

            page.get_by_role("link", name=nl("Finalise"), exact=True).click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/vaststellen/")
            fill_number(page, "Wage value you report (whole percent)", wage_value)
            page.get_by_label(field_label("Next re-assessment")).fill(
                (today + timedelta(days=365)).isoformat()
            )
            page.get_by_label(
                field_label(
                    "The date of the next re-assessment was agreed with the employer and the candidate"
                )
            ).check()
            page.get_by_role("button", name=nl("Finalise"), exact=True).click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/")
            assert page.locator("#result-percent").inner_text() == f"{wage_value} %"
            assessment.refresh_from_db()
            assert assessment.status == AssessmentStatus.FINALISED
            assert (assessment.computed_wage_value, assessment.result_percent) == (wage_value, wage_value)

            # The officer checks what applies: the finalised assessment's wage value is used.
            page = officer_page
            page.goto(f"{base}/instrumenten/")
            page.get_by_role("link", name=nl("Eligibility check")).first.click()
            page.wait_for_url(f"{base}/instrumenten/toets/")
            page.get_by_label(field_label("BSN of the candidate")).fill(candidate.bsn)
            page.get_by_label(field_label("Employer")).select_option(label=employer.name)
            page.get_by_label(field_label("Hours per week")).fill(str(HOURS))
            page.get_by_role("button", name=nl("Check"), exact=True).click()
            lks_row = page.locator('#eligibility tr[data-code="loonkostensubsidie"]')
            lks_row.wait_for()
            assert "wb-eligibility--does_not_apply" not in lks_row.get_attribute("class")
            page.get_by_role("link", name=nl("Record an application")).first.wait_for()
            page.screenshot(path=str(ARTIFACTS / "grant-eligibility.png"), full_page=True)

            # The application form is pre-filled from the check and the finalised assessment.
            lks_row.get_by_role("link", name=nl("Record an application")).click()
            page.wait_for_url(lambda url: url.startswith(f"{base}/instrumenten/aanvragen/nieuw/?"))
            assert page.get_by_label(field_label("BSN of the candidate")).input_value() == candidate.bsn
            assert page.get_by_label(field_label("Wage value (%)")).input_value() == str(wage_value)
            source = page.get_by_label(field_label("Source of the wage value")).input_value()
            assert employer.name in source
            assert page.get_by_label(field_label("Instrument")).input_value() == str(lks.uuid)
            assert Decimal(page.get_by_label(field_label("Hours per week")).input_value()) == HOURS
            page.get_by_label(field_label("From (start of the job)")).fill(period_start.isoformat())
            page.get_by_role("button", name=nl("Save"), exact=True).click()
            page.wait_for_url(f"{base}/instrumenten/aanvragen/*-*/")
            grant = Grant.objects.get(candidate=candidate)
            assert page.url == f"{base}/instrumenten/aanvragen/{grant.uuid}/"
            assert grant.status == GrantStatus.APPLIED and grant.assessment == assessment

            # The decision: granted, today.
            page.get_by_role("link", name=nl("Decide"), exact=True).click()
            page.wait_for_url(f"{base}/instrumenten/aanvragen/{grant.uuid}/besluiten/")
            page.get_by_role("radio", name=nl("Grant"), exact=True).check()
            page.get_by_role("button", name=nl("Save"), exact=True).click()
            page.wait_for_url(f"{base}/instrumenten/aanvragen/{grant.uuid}/")

            first_line = page.locator(f'#payment-lines tr[data-month="{period_start:%Y-%m}"]')
            first_line.wait_for()
            amount_cell = first_line.locator("td").nth(1)
            assert amount_cell.inner_text().strip() == euro(subsidy.monthly_amount)
            line = PaymentLine.objects.get(grant=grant, month=period_start)
            assert line.amount == subsidy.monthly_amount and line.wage_value == wage_value

            # The grant names the assessment its wage value comes from, and links to it.
            link = page.locator(f'a[href="/metingen/{assessment.uuid}/"]')
            assert link.count() == 1
            page.screenshot(path=str(ARTIFACTS / "grant-payment-line.png"), full_page=True)
            link.click()
            page.wait_for_url(f"{base}/metingen/{assessment.uuid}/")
            assert page.locator("#result-percent").inner_text() == f"{wage_value} %"
        finally:
            close_db_connections()
            browser.close()
