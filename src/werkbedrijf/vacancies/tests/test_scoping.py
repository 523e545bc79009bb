"""Who sees which vacancies, in the interface: per role, another employer and another region."""

import pytest
from django.urls import reverse

from werkbedrijf.vacancies.models import Vacancy

from .factories import make_vacancy

LIST = reverse("vacancies:list")


@pytest.fixture
def vacancies(account_manager, region, employer, other_employer, occupation):
    return {
        "own": make_vacancy(account_manager, region, employer, occupation, title="Bakkershulp"),
        "other": make_vacancy(account_manager, region, other_employer, occupation, title="Hovenier"),
    }


@pytest.fixture
def foreign_vacancy(other_region_manager, other_region, foreign_employer, occupation):
    return make_vacancy(other_region_manager, other_region, foreign_employer, occupation, title="Ver weg")


def titles(response):
    return sorted(v.title for v in response.context["vacancies"])


@pytest.mark.parametrize("role_fixture", ["account_manager", "consultant", "policy_adviser"])
def test_staff_with_region_scope_see_all_of_the_region(
    request, login_verified, role_fixture, vacancies, foreign_vacancy
):
    client = login_verified(request.getfixturevalue(role_fixture))
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Bakkershulp", "Hovenier"]
    assert client.get(reverse("vacancies:detail", args=[vacancies["other"].uuid])).status_code == 200
    assert client.get(reverse("vacancies:detail", args=[foreign_vacancy.uuid])).status_code == 404


def test_consultant_reads_but_cannot_write(login_verified, consultant, vacancies, employer):
    client = login_verified(consultant)
    vacancy = vacancies["own"]
    detail = client.get(reverse("vacancies:detail", args=[vacancy.uuid]))
    assert "status_form" not in detail.context and not detail.context["may_edit"]
    assert client.get(reverse("vacancies:edit", args=[vacancy.uuid])).status_code == 403
    assert client.get(reverse("vacancies:create", args=[employer.uuid])).status_code == 403
    assert client.get(reverse("vacancies:carving", args=[employer.uuid])).status_code == 403
    response = client.post(
        reverse("vacancies:status", args=[vacancy.uuid]), {"status-to_status": "open", "status-reason": "x"}
    )
    assert response.status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.status == "draft"


def test_employer_user_sees_only_its_own_employers_vacancies(
    login_verified, employer_user, vacancies, foreign_vacancy
):
    client = login_verified(employer_user)
    response = client.get(LIST)
    assert titles(response) == ["Bakkershulp"]
    assert response.context["own_only"]
    assert client.get(reverse("vacancies:detail", args=[vacancies["own"].uuid])).status_code == 200
    assert client.get(reverse("vacancies:detail", args=[vacancies["other"].uuid])).status_code == 404
    assert client.get(reverse("vacancies:edit", args=[vacancies["own"].uuid])).status_code == 403
    # Filtering on another employer does not widen the view.
    response = client.get(LIST, {"werkgever": str(vacancies["other"].employer.uuid)})
    assert titles(response) == []


def test_board_member_gets_counts_only(login_verified, board_member, vacancies):
    client = login_verified(board_member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "vacancies" not in response.context
    counts = response.context["counts"]
    assert counts.total == 2 and dict(counts.by_status)
    assert "Bakkershulp" not in response.text
    assert client.get(reverse("vacancies:detail", args=[vacancies["own"].uuid])).status_code == 404


def test_auditor_sees_nothing(login_verified, auditor, vacancies):
    client = login_verified(auditor)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("vacancies:detail", args=[vacancies["own"].uuid])).status_code == 404


def test_other_regions_manager_gets_404_everywhere(login_verified, other_region_manager, vacancies, employer):
    client = login_verified(other_region_manager)
    uuid = vacancies["own"].uuid
    assert titles(client.get(LIST)) == []
    assert client.get(reverse("vacancies:detail", args=[uuid])).status_code == 404
    assert client.get(reverse("vacancies:edit", args=[uuid])).status_code == 404
    assert client.post(reverse("vacancies:status", args=[uuid]), {}).status_code == 404
    assert client.get(reverse("vacancies:carving", args=[employer.uuid])).status_code == 404
    assert client.get(reverse("vacancies:create", args=[employer.uuid])).status_code == 404
    assert Vacancy.objects.get(uuid=uuid).status == "draft"


@pytest.mark.parametrize(
    ("role_fixture", "expected"),
    [
        ("account_manager", True),
        ("consultant", True),
        ("board_member", True),
        ("employer_user", True),
        ("auditor", False),
    ],
)
def test_menu_item(request, login_verified, role_fixture, expected):
    client = login_verified(request.getfixturevalue(role_fixture))
    response = client.get(reverse("home:home"))
    assert response.context["can_list_vacancies"] is expected
    assert ('href="/vacatures/"' in response.text) is expected
