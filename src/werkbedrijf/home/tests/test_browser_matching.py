"""Issue 5 in a real browser: a consultant ranks the region's candidates for a vacancy, with each score and
the employer's net cost explained, and proposes the best one; the account manager sends that proposal to the
employer, records another proposal's decline with its reason, runs a region-wide matching round, accepts one
suggestion and rejects another, and reads the fairness report. Every page is checked with axe-core.

The region is built so that the answers are known without the engine: three candidates of Zeestad who differ
in one factor each (distance, then occupation), and one of Duinkerk whose functional abilities exclude them
from both vacancies. Nothing is frozen: the round runs on today's date.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.candidates.models import FunctionalAbility
from werkbedrijf.candidates.tests.factories import CandidateFactory, place_in_region
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.employers.tests.factories import employer_in, sbi_division
from werkbedrijf.matching import engine
from werkbedrijf.matching import selectors as matching_selectors
from werkbedrijf.matching.models import MatchRound, RoundStatus, RoundSuggestion, SuggestionState
from werkbedrijf.matching.tests.conftest import CENTRE, KM_PER_DEGREE_LAT, occupation
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.proposals import services as proposal_services
from werkbedrijf.proposals.models import Proposal, ProposalSource
from werkbedrijf.proposals.states import DeclinedBy, DeclineReason, ProposalState
from werkbedrijf.regions.models import PostcodeArea, Sector, SectorClassification
from werkbedrijf.vacancies.models import Vacancy, VacancyDemand, VacancyKind, VacancyStatus

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
DEMAND = ("physical_environment", 3)

COST_EXPLANATION = (
    "The employer's net cost counts as the share of the wage cost that the instruments cover. It is "
    "calculated at the minimum wage for the candidate's age with a 36-hour full-time week: the wage-cost "
    "subsidy for the Participatiewet, former special-education pupils and sheltered work, wage dispensation "
    "for Wajong, and the latest finalised wage value (without one, the flat rate of the wage-cost subsidy). "
    "The actual wage and instruments can differ."
)


def nl(msgid) -> str:
    """A msgid or a lazy label (a choice's) in Dutch."""
    with translation.override("nl"):
        return gettext(msgid) if isinstance(msgid, str) else str(msgid)


def net_cost_line() -> re.Pattern:
    """The cost factor's line as _factors.html renders it, with whole-euro amounts."""
    message = re.escape(nl("employer's net cost € %(net)s of € %(gross)s a month"))
    for name in ("net", "gross"):
        message = message.replace(re.escape(f"%({name})s"), r"[\d.]+")
    return re.compile(rf"^{message}: \+\d+$")


def staff(region, organisation, role, username):
    user = UserFactory(username=username, organisation=organisation)
    give_role(user, role, region)
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def area(pc4: str, km_north: float, municipality) -> PostcodeArea:
    lat = CENTRE[0] + Decimal(str(round(km_north / KM_PER_DEGREE_LAT, 4)))
    return PostcodeArea.objects.create(pc4=pc4, lat=lat, lon=CENTRE[1], municipality=municipality)


def candidate(organisation, first_name, last_name, postcode, wanted, **abilities):
    person = CandidateFactory(
        responsible_organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        postcode=postcode,
        hours_per_week=int(HOURS),
        max_travel_km=15,
        own_transport="bicycle",
        education_level="vmbo_mbo1",
    )
    person.desired_occupations.add(wanted)
    for rubric, level in abilities.items():
        FunctionalAbility.objects.create(candidate=person, rubric=rubric, level=level)
    person.refresh_from_db()  # shared_in_region is set by a database trigger when the consent is recorded
    return person


def vacancy(employer, location, title, job, positions, created_by):
    found = Vacancy.objects.create(
        employer=employer,
        region=employer.organisation.region,
        location=location,
        title=title,
        occupation=job,
        tasks="Kantoren en ramen schoonhouden",
        hours_per_week=HOURS,
        number_of_positions=positions,
        kind=VacancyKind.REGULAR,
        status=VacancyStatus.OPEN,
        start_date=date(2020, 1, 1),
        created_by=created_by,
    )
    VacancyDemand.objects.create(vacancy=found, rubric=DEMAND[0], level=DEMAND[1])
    return found


def factor_lines(row) -> list[str]:
    return [text.strip() for text in row.locator("li.utrecht-unordered-list__item").all_inner_texts()]


def cells(row) -> list[str]:
    return [text.strip() for text in row.locator("td").all_inner_texts()]


@pytest.mark.django_db(transaction=True)
def test_matching_proposals_and_a_round_from_ranking_to_fairness(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    base = live_server.url
    today = timezone.localdate()

    load_legal_parameters()
    region = RegionFactory(code="AM93", name="Testregio Matching")
    zeestad = MunicipalityOrganisationFactory(region=region, municipality__name="Zeestad")
    duinkerk = MunicipalityOrganisationFactory(region=region, municipality__name="Duinkerk")
    for organisation in (zeestad, duinkerk):
        place_in_region(organisation.municipality, region, year=today.year)
    wsp = OrganisationFactory(
        region=region, kind=OrganisationKind.EMPLOYER_SERVICE_POINT, name="Werkgeversservicepunt"
    )
    consultant, consultant_device = staff(region, zeestad, Role.CONSULTANT, "consulent")
    manager, manager_device = staff(region, wsp, Role.ACCOUNT_MANAGER, "accountmanager")

    area("1021", 0, zeestad.municipality)
    area("1012", 6, zeestad.municipality)
    area("1111", 12, duinkerk.municipality)
    Sector.objects.get_or_create(
        classification=SectorClassification.SBI_2008,
        code="N",
        defaults={"level": "sectie", "section": "N", "name_nl": "Verhuur en overige zakelijke diensten"},
    )
    employer = employer_in(
        region, "Schoonmaakbedrijf Glans", "12345678", sector=sbi_division("81", "N", "Facility management")
    )
    location = EmployerLocation.objects.create(
        employer=employer,
        name="Hoofdkantoor",
        postcode="1021 AB",
        postcode_area=PostcodeArea.objects.get(pc4="1021"),
        municipality=zeestad.municipality,
        is_main=True,
    )
    cleaner = occupation("9112", "schoonmaker kantoren")
    window_cleaner = occupation("9123", "glazenwasser")
    kitchen_help = occupation("9412", "keukenhulp")
    offices = vacancy(employer, location, "Schoonmaker kantoren", cleaner, 2, manager)
    windows = vacancy(employer, location, "Glazenwasser", window_cleaner, 1, manager)

    # Ranked for the offices: next door and the same occupation; 6 km away; 6 km away and another occupation.
    best = candidate(zeestad, "Fatima", "Dichtbij", "1021 AB", cleaner)
    second = candidate(zeestad, "Gerrit", "Verderop", "1012 AB", cleaner)
    third = candidate(zeestad, "Hanna", "Keukenhulp", "1012 AB", kitchen_help)
    # In the round's pool, but the work asks more of the physical environment than they can take.
    excluded = candidate(duinkerk, "Ivo", "Buitenboord", "1111 AB", cleaner, **{DEMAND[0]: DEMAND[1] + 1})

    with translation.override("nl"):
        expected = matching_selectors.matches_for_vacancy(user=consultant, region=region, vacancy=offices)
        expected_lines = [
            [f"{factor.label}: +{factor.points}" for factor in match.score.factors]
            for match in expected.matches
        ]
    assert expected.cost_calculated
    assert [m.profile.uuid for m in expected.matches] == [best.uuid, second.uuid, third.uuid]
    assert all(f.points > 0 for m in expected.matches for f in m.score.factors if f.code == "cost")

    axe: dict[str, list[str]] = {}
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            consultant_page = browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="nl-NL"
            ).new_page()
            manager_page = browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="nl-NL"
            ).new_page()

            # 1. The consultant ranks the region's candidates for the offices, from the vacancy's page.
            page = consultant_page
            log_in(page, base, "consulent", consultant_device)
            page.goto(f"{base}/vacatures/{offices.uuid}/")
            page.locator(f'a[href="/matching/vacature/{offices.uuid}/"]').first.click()
            page.wait_for_url(f"{base}/matching/vacature/{offices.uuid}/")
            assert page.locator("p", has_text=nl(COST_EXPLANATION)).count() == 1
            rows = page.locator("table", has=page.locator("caption", has_text=nl("Best first"))).locator(
                "tbody > tr"
            )
            assert [rows.nth(i).locator("th").inner_text().strip() for i in range(rows.count())] == [
                best.full_name,
                second.full_name,
                third.full_name,
            ]
            for i, lines in enumerate(expected_lines):
                shown = factor_lines(rows.nth(i))
                assert shown == lines
                assert sum(bool(net_cost_line().match(line)) for line in shown) == 1
            excluded_row = page.locator(
                "#uitgesloten ~ div tbody tr",
                has_text=nl(matching_selectors.EXCLUSION_SUMMARIES[engine.ABILITY]),
            )
            assert excluded_row.locator("td").inner_text().strip() == "1"
            assert excluded.full_name not in page.content()
            axe["vacancy matches"] = wcag_violations(page)

            # 2. They propose the best candidate from the list and land on the proposal.
            rows.first.get_by_role("button", name=f"{nl('Propose')} – {best.full_name}").click()
            page.wait_for_url(f"{base}/voordrachten/*-*/")
            first = Proposal.objects.get(candidate=best)
            assert page.url == f"{base}/voordrachten/{first.uuid}/"
            assert (first.vacancy, first.state, first.source) == (
                offices,
                ProposalState.PROPOSED,
                ProposalSource.MANUAL,
            )
            assert first.points == expected.matches[0].score.points and first.created_by == consultant
            assert page.locator(".wb-proposal-state").first.inner_text() == nl(ProposalState.PROPOSED.label)
            axe["proposal (consultant)"] = wcag_violations(page)
            page.goto(f"{base}/voordrachten/")
            assert page.locator(f'#proposals a[href="/voordrachten/{first.uuid}/"]').count() == 1
            axe["proposals list"] = wcag_violations(page)

            # A second proposal for the offices, of the second candidate, already with the employer.
            declined = proposal_services.proposal_create(
                user=consultant, region=region, candidate=second, vacancy=offices
            )
            declined = proposal_services.proposal_transition(
                user=manager, region=region, proposal=declined, to_state=ProposalState.SENT_TO_EMPLOYER
            )

            # 3. The account manager sends the first proposal to the employer: the history shows both steps.
            page = manager_page
            log_in(page, base, "accountmanager", manager_device)
            page.goto(f"{base}/voordrachten/")
            page.locator(f'#proposals a[href="/voordrachten/{first.uuid}/"]').click()
            page.wait_for_url(f"{base}/voordrachten/{first.uuid}/")
            sent_label = nl("Sent to the employer")
            page.locator("#stap-sent_to_employer").get_by_role("button", name=sent_label).click()
            page.wait_for_url(f"{base}/voordrachten/{first.uuid}/")
            first.refresh_from_db()
            assert first.state == ProposalState.SENT_TO_EMPLOYER
            history = page.locator("#geschiedenis + ol > li > strong").all_inner_texts()
            proposed = nl(ProposalState.PROPOSED.label)
            assert history == [proposed, f"{proposed} → {nl(ProposalState.SENT_TO_EMPLOYER.label)}"]
            axe["proposal (account manager)"] = wcag_violations(page)

            # The employer declines the second proposal: skills fall short.
            page.goto(f"{base}/voordrachten/{declined.uuid}/")
            step = page.locator("#stap-declined-employer")
            step.get_by_label(field_label("Reason")).select_option(label=nl(DeclineReason.SKILLS.label))
            step.get_by_role("button", name=nl("Declined by the employer")).click()
            page.wait_for_url(f"{base}/voordrachten/{declined.uuid}/")
            declined.refresh_from_db()
            assert (declined.state, declined.declined_by, declined.decline_reason) == (
                ProposalState.DECLINED,
                DeclinedBy.EMPLOYER,
                DeclineReason.SKILLS,
            )
            page.goto(f"{base}/voordrachten/")
            page.get_by_role("link", name=nl("Why matches fail: the decline report")).click()
            page.wait_for_url(f"{base}/voordrachten/redenen/")
            skills_row = page.locator(
                "#by-reason tbody tr",
                has=page.get_by_role("rowheader", name=nl(DeclineReason.SKILLS.label), exact=True),
            )
            assert cells(skills_row) == ["1", "0", "1"]
            travel_row = page.locator(
                "#by-reason tbody tr",
                has=page.get_by_role("rowheader", name=nl(DeclineReason.TRAVEL.label), exact=True),
            )
            assert cells(travel_row) == ["0", "0", "0"]
            axe["decline report"] = wcag_violations(page)

            # 4. The account manager starts a round for the region and waits for its result.
            page.goto(f"{base}/matching/rondes/")
            assert page.locator("#no-rounds").count() == 1
            axe["rounds list"] = wcag_violations(page)
            page.get_by_role("button", name=nl("Start the round")).click()
            page.wait_for_url(f"{base}/matching/rondes/*-*/")
            match_round = MatchRound.objects.get(region=region)
            assert page.url == f"{base}/matching/rondes/{match_round.uuid}/"
            page.locator("#round-figures").wait_for(timeout=60_000)  # htmx reloads the page when done
            match_round.refresh_from_db()
            assert (match_round.status, match_round.started_by) == (RoundStatus.DONE, manager)
            # The offices have one position left (the first proposal is active), the windows one; the best
            # candidate is in a process, and the declined pair is not suggested again.
            figures = {
                name: page.locator(f"#count-{name}").inner_text()
                for name in ("positions", "suggestions", "unfilled", "pool")
            }
            assert figures == {"positions": "2", "suggestions": "2", "unfilled": "0", "pool": "3"}
            assert (match_round.candidates_in_process, match_round.declined_pairs_skipped) == (1, 1)
            with translation.override("nl"):
                left_out = " ".join(
                    (
                        gettext("Left out:"),
                        ngettext(
                            "%(counter)s candidate in an active process,",
                            "%(counter)s candidates in an active process,",
                            1,
                        )
                        % {"counter": 1},
                        ngettext(
                            "and %(counter)s pair declined before.",
                            "and %(counter)s pairs declined before.",
                            1,
                        )
                        % {"counter": 1},
                    )
                )
            assert left_out in " ".join(page.locator("#round-figures").locator("..").inner_text().split())
            suggestions = {s.candidate_id: s for s in RoundSuggestion.objects.filter(round=match_round)}
            assert {pk: s.vacancy_id for pk, s in suggestions.items()} == {
                third.pk: offices.pk,
                second.pk: windows.pk,
            }
            accept, reject = suggestions[third.pk], suggestions[second.pk]
            for suggestion, person in ((accept, third), (reject, second)):
                row = page.locator(f"#suggestie-{suggestion.uuid}")
                assert row.locator("th").inner_text().strip().startswith(pseudonym("kandidaat", person.uuid))
                assert sum(bool(net_cost_line().match(line)) for line in factor_lines(row)) == 1
            assert page.locator("#fairness").count() == 1
            axe["round"] = wcag_violations(page)
            page.screenshot(path=str(ARTIFACTS / "matching-round.png"), full_page=True)

            # Accepting proposes the third candidate for the offices; rejecting records why.
            row = page.locator(f"#suggestie-{accept.uuid}")
            row.locator("summary", has_text=nl("Accept and propose")).click()
            row.get_by_role("button", name=nl("Accept and propose")).click()
            page.wait_for_url(f"{base}/matching/rondes/{match_round.uuid}/#suggestions")
            accept.refresh_from_db()
            made = Proposal.objects.get(candidate=third)
            assert (accept.state, accept.proposal_uuid, accept.decided_by) == (
                SuggestionState.ACCEPTED,
                made.uuid,
                manager,
            )
            assert (made.vacancy, made.source, made.state, made.points) == (
                offices,
                ProposalSource.ROUND,
                ProposalState.PROPOSED,
                accept.points,
            )
            reason = "De werkgever zoekt voor de ramen iemand met ervaring op hoogte."
            row = page.locator(f"#suggestie-{reject.uuid}")
            row.locator("summary", has_text=nl("Reject")).click()
            row.get_by_label(nl("Why this suggestion is not followed")).fill(reason)
            row.get_by_role("button", name=nl("Reject")).click()
            page.wait_for_url(f"{base}/matching/rondes/{match_round.uuid}/#suggestions")
            reject.refresh_from_db()
            assert (reject.state, reject.reject_reason, reject.proposal_uuid) == (
                SuggestionState.REJECTED,
                reason,
                None,
            )
            assert not Proposal.objects.filter(candidate=second, vacancy=windows).exists()
            assert reason in page.locator(f"#suggestie-{reject.uuid}").inner_text()

            # The fairness report, exact for the account manager: Zeestad had both suggestions, one accepted;
            # Duinkerk's candidate was in the pool but fits no vacancy.
            fairness = page.locator("#fairness-municipality")
            zeestad_row = fairness.locator(f'tr[data-group="{zeestad.municipality.code}"]')
            duinkerk_row = fairness.locator(f'tr[data-group="{duinkerk.municipality.code}"]')
            # Pool, share, suggested, share of suggestions, per 100, ratio, accepted, decided, acceptance.
            assert cells(zeestad_row) == ["2", "66,7%", "2", "100,0%", "100,0", "1,50", "1", "2", "50,0%"]
            assert cells(duinkerk_row) == ["1", "33,3%", "0", "0,0%", "0,0", "0,00", "0", "0", "–"]
            axe["round after the decisions"] = wcag_violations(page)
        finally:
            close_db_connections()
            browser.close()

    assert axe == {name: [] for name in axe}
