"""Issue 6 in a real browser: a consultant registers the placement of a hired candidate from the proposal's
page, sees the checkpoint that is due on the home page, records it as a change of hours, records a job-coach
plan and the coaching given, and ends the placement (first without the note the reason "other" needs).
Every page is checked with axe-core.

Nothing is frozen: the placement starts 40 days before today, so the checkpoint after one month is overdue
and the one after three months is still weeks away.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.candidates.models import CandidateStatus
from werkbedrijf.candidates.tests.factories import CandidateFactory, place_in_region
from werkbedrijf.employers.tests.factories import employer_in, sbi_division
from werkbedrijf.matching.tests.conftest import occupation
from werkbedrijf.parameters import keys
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.parameters.selectors import parameter_on
from werkbedrijf.placements import rules
from werkbedrijf.placements.choices import CheckpointOutcome, CoachingKind, ContractType, EndReason
from werkbedrijf.placements.models import CoachingActivity, CoachingPlan, Placement, Reminder
from werkbedrijf.placements.reminders import checkpoint_reminders
from werkbedrijf.proposals import services as proposal_services
from werkbedrijf.proposals.states import ProposalState
from werkbedrijf.regions.models import Sector, SectorClassification
from werkbedrijf.vacancies.models import Vacancy, VacancyKind, VacancyStatus

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

HOURS = Decimal(24)
NEW_HOURS = Decimal(20)
END_NOTE = "De kandidaat volgt vanaf volgende maand een voltijdopleiding."


def nl(msgid) -> str:
    """A msgid or a lazy label (a choice's) in Dutch."""
    with translation.override("nl"):
        return gettext(msgid) if isinstance(msgid, str) else str(msgid)


def after_months(months: int) -> str:
    with translation.override("nl"):
        return ngettext("after %(months)s month", "after %(months)s months", months) % {"months": months}


def units_shown(hours: Decimal) -> str:
    """The jobs of the jobs agreement today for these hours, as the placement page shows them."""
    units = rules.job_units(hours, parameter_on(keys.JOB_UNIT_HOURS_PER_WEEK, timezone.localdate()).value)
    with translation.override("nl"):
        return floatformat(units, "-2")


def staff(region, organisation, role, username):
    user = UserFactory(username=username, organisation=organisation)
    give_role(user, role, region)
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def cells(row) -> list[str]:
    return [text.strip() for text in row.locator("th, td").all_inner_texts()]


def submit(page, button) -> None:
    """Click a submit button and wait for the page it leads to (also when it is the same address)."""
    with page.expect_navigation():
        button.click()


@pytest.mark.django_db(transaction=True)
def test_placement_from_hire_through_aftercare_to_its_end(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    base = live_server.url
    today = timezone.localdate()
    start = today - timedelta(days=40)

    load_legal_parameters()
    region = RegionFactory(code="AM96", name="Testregio Plaatsingen")
    zeestad = MunicipalityOrganisationFactory(region=region, municipality__name="Zeestad")
    place_in_region(zeestad.municipality, region, year=today.year)
    wsp = OrganisationFactory(
        region=region, kind=OrganisationKind.EMPLOYER_SERVICE_POINT, name="Werkgeversservicepunt"
    )
    consultant, consultant_device = staff(region, zeestad, Role.CONSULTANT, "consulent")
    manager, _device = staff(region, wsp, Role.ACCOUNT_MANAGER, "accountmanager")
    Sector.objects.get_or_create(
        classification=SectorClassification.SBI_2008,
        code="N",
        defaults={"level": "sectie", "section": "N", "name_nl": "Verhuur en overige zakelijke diensten"},
    )
    employer = employer_in(
        region, "Schoonmaakbedrijf Glans", "12345678", sector=sbi_division("81", "N", "Facility management")
    )
    cleaner = occupation("9112", "schoonmaker kantoren")
    vacancy = Vacancy.objects.create(
        employer=employer,
        region=region,
        title="Schoonmaker kantoren",
        occupation=cleaner,
        tasks="Kantoren schoonhouden",
        hours_per_week=HOURS,
        number_of_positions=1,
        kind=VacancyKind.REGULAR,
        status=VacancyStatus.OPEN,
        start_date=start,
        created_by=manager,
    )
    candidate = CandidateFactory(
        responsible_organisation=zeestad,
        first_name="Fatima",
        last_name="Werkvloer",
        hours_per_week=int(HOURS),
        in_target_group_register=True,
        registered_from=today - timedelta(days=400),
    )
    candidate.desired_occupations.add(cleaner)
    candidate.refresh_from_db()  # shared_in_region is set by a database trigger when the consent is recorded
    proposal = proposal_services.proposal_create(
        user=consultant, region=region, candidate=candidate, vacancy=vacancy
    )
    for state in (ProposalState.SENT_TO_EMPLOYER, ProposalState.INTERVIEW, ProposalState.HIRED):
        proposal = proposal_services.proposal_transition(
            user=manager, region=region, proposal=proposal, to_state=state
        )

    axe: dict[str, list[str]] = {}
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
            log_in(page, base, "consulent", consultant_device)

            # 1. No placement yet: the list says where one is registered.
            page.goto(f"{base}/plaatsingen/")
            assert page.locator("#placements").count() == 0
            assert page.get_by_role("link", name=nl("Go to the proposals.")).count() == 1
            axe["list (empty)"] = wcag_violations(page)

            # 2. From the hired proposal to the form, prefilled with the vacancy's employer, job and hours.
            page.goto(f"{base}/voordrachten/{proposal.uuid}/")
            page.get_by_role("link", name=nl("Register the placement"), exact=True).click()
            create_url = f"{base}/plaatsingen/nieuw/?voordracht={proposal.uuid}"
            page.wait_for_url(create_url)
            assert page.get_by_label(field_label("Employer")).input_value() == str(employer.uuid)
            assert page.get_by_label(field_label("Vacancy")).input_value() == str(vacancy.uuid)
            assert page.get_by_label(field_label("Job")).input_value() == vacancy.title
            assert page.get_by_label(field_label("Contract type")).input_value() == ContractType.REGULAR
            assert Decimal(page.get_by_label(field_label("Hours per week")).input_value()) == HOURS
            assert page.get_by_label(field_label("Responsible for aftercare")).input_value() == str(
                consultant.uuid
            )
            axe["create form"] = wcag_violations(page)

            # Without a start date: the error next to the field and in the summary, the rest kept.
            page.get_by_label(field_label("Gross hourly wage (€)")).fill("14.25")
            register = page.get_by_role("button", name=nl("Register placement"), exact=True)
            submit(page, register)
            assert page.url == create_url
            assert page.locator("#error-summary").is_visible()
            assert page.locator("#id_start_date_error").inner_text().strip() == nl("This field is required.")
            assert page.get_by_label(field_label("Gross hourly wage (€)")).input_value() == "14.25"
            assert Decimal(page.get_by_label(field_label("Hours per week")).input_value()) == HOURS
            assert not Placement.objects.exists()
            axe["create form with errors"] = wcag_violations(page)

            page.get_by_label(field_label("Start date")).fill(start.isoformat())
            register.click()
            page.wait_for_url(f"{base}/plaatsingen/*-*/")
            placement = Placement.objects.get(candidate=candidate)
            detail_url = f"{base}/plaatsingen/{placement.uuid}/"
            assert page.url == detail_url
            assert (
                placement.proposal,
                placement.vacancy,
                placement.employer,
                placement.contract_type,
                placement.start_date,
                placement.hours_per_week,
                placement.hourly_wage,
                placement.responsible,
                placement.created_by,
            ) == (
                proposal,
                vacancy,
                employer,
                ContractType.REGULAR,
                start,
                HOURS,
                Decimal("14.25"),
                consultant,
                consultant,
            )
            assert list(placement.checkpoints.values_list("months", "due_on")) == rules.checkpoint_dates(
                start
            )
            candidate.refresh_from_db()
            vacancy.refresh_from_db()
            assert (candidate.status, vacancy.status) == (CandidateStatus.PLACED, VacancyStatus.FILLED)
            units_label = page.locator("dt", has_text=nl("Jobs for the jobs agreement today"))
            assert units_label.count() == 1
            assert units_shown(HOURS) not in ("", "0")
            assert page.locator("#job-units").inner_text().startswith(units_shown(HOURS))
            rows = page.locator("#checkpoints tbody tr")
            assert [rows.nth(i).locator("th").inner_text().strip() for i in range(5)] == [
                after_months(m) for m in rules.CHECKPOINT_MONTHS
            ]
            first_row = rows.first
            assert first_row.locator("strong.wb-badge").inner_text() == nl("overdue")
            assert rows.nth(1).locator("a").count() == 0  # three months away: not recordable yet
            axe["placement"] = wcag_violations(page)

            # 3. The list shows the placement, running.
            page.goto(f"{base}/plaatsingen/")
            listed = page.locator("#placements tbody tr")
            assert listed.count() == 1
            assert candidate.full_name in listed.first.locator("th").inner_text()
            assert listed.first.locator(".wb-placement-status--running").inner_text() == nl("running")
            assert listed.first.locator(f'a[href="/plaatsingen/{placement.uuid}/"]').count() == 1
            axe["list (filled)"] = wcag_violations(page)

            # 4. The nightly job makes a reminder; the home page shows it and the checkpoint due.
            assert checkpoint_reminders() == 1
            page.goto(f"{base}/")
            aftercare = page.locator("#nazorg")
            assert aftercare.locator("#aftercare-heading").inner_text() == nl("Aftercare to do")
            assert aftercare.locator("ul > li").count() == 1
            due = aftercare.locator("#checkpoints-due tbody tr")
            assert due.count() == 1
            assert cells(due.first)[1:4] == [after_months(1), candidate.full_name, employer.organisation.name]
            axe["home with aftercare"] = wcag_violations(page)

            # 5. From the home page to the checkpoint: still employed, 20 hours from its due date.
            checkpoint = placement.checkpoints.get(months=1)
            record = f"{nl('Record')} – {candidate.full_name}, {after_months(1)}"
            due.first.get_by_role("link", name=record, exact=True).click()
            checkpoint_url = f"{base}/plaatsingen/{placement.uuid}/nazorg/{checkpoint.uuid}/"
            page.wait_for_url(checkpoint_url)
            axe["checkpoint"] = wcag_violations(page)
            page.get_by_label(nl(CheckpointOutcome.HOURS_CHANGED.label)).check()
            page.get_by_label(field_label("New hours per week")).fill(str(NEW_HOURS))
            page.get_by_label(field_label("New hours from")).fill(checkpoint.due_on.isoformat())
            page.get_by_role("button", name=nl("Record the checkpoint")).click()
            page.wait_for_url(f"{detail_url}#nazorg")
            checkpoint.refresh_from_db()
            assert (checkpoint.outcome, checkpoint.new_hours, checkpoint.recorded_by) == (
                CheckpointOutcome.HOURS_CHANGED,
                NEW_HOURS,
                consultant,
            )
            assert not Reminder.objects.filter(checkpoint=checkpoint, dismissed_at__isnull=True).exists()
            assert (
                nl(CheckpointOutcome.HOURS_CHANGED.label)
                in page.locator("#checkpoints tbody tr").first.inner_text()
            )
            hours_rows = page.locator("#hours tbody tr")
            assert hours_rows.count() == 2
            assert [cells(hours_rows.nth(i))[1] for i in range(2)] == ["24", "20"]
            placement.refresh_from_db()
            assert placement.hours_per_week == NEW_HOURS
            assert page.locator("#job-units").inner_text().startswith(units_shown(NEW_HOURS))

            page.goto(f"{base}/")
            assert page.locator("#nazorg").count() == 0  # nothing due any more

            # 6. A job-coach plan, then the coaching given under it.
            page.goto(detail_url)
            plan_form = page.locator("#form-plan")
            plan_form.locator("summary").click()
            plan_form.get_by_label(field_label("Job-coach provider")).fill("Jobcoach Kust B.V.")
            plan_form.get_by_label(field_label("Job coach")).fill("Joris Begeleider")
            plan_form.get_by_label(field_label("Coaching hours")).fill("4")
            plan_form.get_by_label(field_label("Goals")).fill("Zelfstandig de avondronde lopen.")
            assert plan_form.get_by_label(field_label("From")).input_value() == start.isoformat()
            plan_form.get_by_role("button", name=nl("Save the plan")).click()
            page.wait_for_url(f"{detail_url}#jobcoaching")
            plan = CoachingPlan.objects.get(placement=placement)
            assert (plan.provider, plan.hours, plan.valid_from) == ("Jobcoach Kust B.V.", Decimal(4), start)
            assert page.get_by_role("heading", name=nl("Job-coach plan in force")).count() == 1

            activity_form = page.locator("#form-activiteit")
            activity_form.locator("summary").click()
            activity_form.get_by_label(field_label("Kind")).select_option(
                label=nl(CoachingKind.WORKPLACE_VISIT.label)
            )
            activity_form.get_by_label(field_label("Hours")).fill("1.5")
            activity_form.get_by_label(field_label("Note")).fill("Werkplek bekeken met de leidinggevende.")
            activity_form.get_by_role("button", name=nl("Record the activity")).click()
            page.wait_for_url(f"{detail_url}#jobcoaching")
            activity = CoachingActivity.objects.get(plan=plan)
            assert (activity.on, activity.kind, activity.hours) == (
                today,
                CoachingKind.WORKPLACE_VISIT,
                Decimal("1.5"),
            )
            activities = page.locator("#activities tbody tr")
            assert activities.count() == 1
            assert cells(activities.first)[1:3] == [nl(CoachingKind.WORKPLACE_VISIT.label), "1,50"]
            axe["placement with coaching"] = wcag_violations(page)

            # 7. Ending it as "other" needs a note: the error is next to the field and the date is kept.
            last_day = today - timedelta(days=1)
            end_form = page.locator("#form-einde")
            end_form.locator("summary").click()
            end_form.get_by_label(field_label("Last working day")).fill(last_day.isoformat())
            end_form.get_by_label(field_label("Reason for the end")).select_option(EndReason.OTHER)
            submit(page, end_form.get_by_role("button", name=nl("End the placement")))
            end_form = page.locator("#form-einde")
            assert end_form.get_attribute("open") is not None
            assert end_form.locator("#id_einde-note_error").inner_text().strip() == nl(
                "Say why the placement ended."
            )
            assert (
                end_form.get_by_label(field_label("Last working day")).input_value() == last_day.isoformat()
            )
            assert end_form.get_by_label(field_label("Reason for the end")).input_value() == EndReason.OTHER
            placement.refresh_from_db()
            assert placement.is_active
            axe["placement, end with errors"] = wcag_violations(page)

            end_form.get_by_label(field_label("Note on the end")).fill(END_NOTE)
            end_form.get_by_role("button", name=nl("End the placement")).click()
            page.wait_for_url(detail_url)
            placement.refresh_from_db()
            assert (placement.ended_on, placement.end_reason, placement.end_note) == (
                last_day,
                EndReason.OTHER,
                END_NOTE,
            )
            candidate.refresh_from_db()
            vacancy.refresh_from_db()
            assert (candidate.status, vacancy.status) == (CandidateStatus.AVAILABLE, VacancyStatus.OPEN)
            assert set(placement.checkpoints.filter(cancelled=True).values_list("months", flat=True)) == {
                3,
                6,
                12,
                24,
            }
            rows = page.locator("#checkpoints tbody tr")
            for i in range(1, 5):
                assert rows.nth(i).locator(".wb-badge").inner_text() == nl("cancelled")
            assert page.locator("#form-einde").count() == 0
            assert page.locator(".wb-placement-status--ended").count() == 1
            axe["placement (ended)"] = wcag_violations(page)
            page.screenshot(path=str(ARTIFACTS / "placement.png"), full_page=True)
        finally:
            close_db_connections()
            browser.close()

    assert axe == {name: [] for name in axe}
