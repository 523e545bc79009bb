"""The matching pages: the ranked list with each score explained, an empty state, access per role, and the
links from the vacancy and candidate pages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.matching import selectors


def _page(vacancy):
    return reverse("matching:vacancy", args=[vacancy.uuid])


def _candidate_page(candidate):
    return reverse("matching:candidate", args=[candidate.uuid])


@pytest.fixture
def two(world):
    add = world["add_candidate"]
    return {"own": add(first_name="Eigen"), "other": add(world["org_b"], first_name="Ander")}


def test_the_page_lists_candidates_with_their_score_explained(login_verified, world, two):
    client = login_verified(world["consultant_a"])
    response = client.get(_page(world["vacancy"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(two["own"].full_name) in html
    assert two["other"].full_name not in html and pseudonym("kandidaat", two["other"].uuid) in html
    assert two["other"].bsn not in html
    result = selectors.matches_for_vacancy(
        user=world["manager"], region=world["region"], vacancy=world["vacancy"]
    )
    with translation.override("nl"):
        for factor in result.matches[0].score.factors:
            assert escape(f"{factor.label}: +{factor.points}") in html
    entry = AccessLogEntry.objects.filter(actor=world["consultant_a"]).get()
    assert entry.action == AccessAction.SEARCH and entry.subject_uuids == [str(two["own"].uuid)]


def test_an_empty_state_and_the_exclusion_counts(login_verified, world):
    world["add_candidate"](postcode="1501 AA", own_transport="car")
    response = login_verified(world["consultant_a"]).get(_page(world["vacancy"]))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("nl"):
        assert (
            escape(
                translation.gettext(
                    "No candidate in the region fits every requirement of this vacancy on this date. "
                    "The reasons are counted below."
                )
            )
            in html
        )
        assert escape(str(selectors.EXCLUSION_SUMMARIES["too_far"])) in html


def test_filters_and_a_bad_date(login_verified, world, two):
    client = login_verified(world["consultant_a"])
    html = client.get(_page(world["vacancy"]), {"eigen": "on"}).content.decode()
    assert pseudonym("kandidaat", two["other"].uuid) not in html
    assert client.get(_page(world["vacancy"]), {"datum": "morgen"}).status_code == 400


def test_a_policy_adviser_sees_counts_only(login_verified, world, two):
    response = login_verified(world["policy"]).get(_page(world["vacancy"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert pseudonym("kandidaat", two["own"].uuid) not in html and two["own"].full_name not in html


@pytest.mark.parametrize("who", ["employer_user", "board"])
def test_roles_without_candidate_matches_are_refused(login_verified, world, who):
    assert login_verified(world[who]).get(_page(world["vacancy"])).status_code == 403


def test_another_regions_vacancy_is_not_found(login_verified, world):
    assert login_verified(world["consultant_a"]).get(_page(world["foreign_vacancy"])).status_code == 404


def test_suitable_vacancies_for_an_own_candidate(login_verified, world, two):
    response = login_verified(world["consultant_a"]).get(_candidate_page(two["own"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        escape(world["vacancy"].title) in html
        and reverse("vacancies:detail", args=[world["vacancy"].uuid]) in html
    )
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.READ and entry.object_uuid == two["own"].uuid


def test_suitable_vacancies_only_for_who_sees_the_candidate_in_full(login_verified, world, two):
    assert login_verified(world["consultant_b"]).get(_candidate_page(two["own"])).status_code == 403
    assert login_verified(world["manager"]).get(_candidate_page(two["own"])).status_code == 403
    assert login_verified(world["consultant_c"]).get(_candidate_page(two["own"])).status_code == 404


def test_the_vacancy_page_links_to_matching_for_who_may_use_it(login_verified, world):
    link = _page(world["vacancy"])
    detail = reverse("vacancies:detail", args=[world["vacancy"].uuid])
    assert link in login_verified(world["consultant_a"]).get(detail).content.decode()
    assert link in login_verified(world["manager"]).get(detail).content.decode()
    response = login_verified(world["employer_user"]).get(detail)
    assert response.status_code == 200 and link not in response.content.decode()


def test_the_candidate_page_links_to_suitable_vacancies_only_in_full(login_verified, world, two):
    detail = reverse("candidates:detail", args=[two["own"].uuid])
    assert _candidate_page(two["own"]) in login_verified(world["consultant_a"]).get(detail).content.decode()
    response = login_verified(world["consultant_b"]).get(detail)
    assert response.status_code == 200 and _candidate_page(two["own"]) not in response.content.decode()
