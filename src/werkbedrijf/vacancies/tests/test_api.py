"""The vacancies API: per-role access, validation as problem+json, status action, tasks and carved jobs."""

from decimal import Decimal

import pytest

from werkbedrijf.vacancies.models import CarvedTask, EmployerTask, Vacancy

from .factories import make_task, make_vacancy

URL = "/api/v1/vacancies"


def _body(employer, occupation, **overrides):
    body = {
        "employer": str(employer.uuid),
        "title": "Productiemedewerker",
        "occupation": str(occupation.uuid),
        "tasks": "Inpakken en etiketteren",
        "hoursPerWeek": 24,
        "kind": "jobs_agreement",
        "numberOfPositions": 2,
        "support": {"jobCoach": True, "other": "Rustige werkplek"},
        "demands": [{"rubric": "dynamic_actions", "level": 2, "note": "Tillen tot 10 kg"}],
    }
    body.update(overrides)
    return body


def test_account_manager_creates_reads_patches_and_changes_status(
    login_verified, account_manager, employer, location, occupation
):
    client = login_verified(account_manager)
    response = client.post(
        URL, _body(employer, occupation, location=str(location.uuid)), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and data["region"] == "AM98" and data["hoursPerWeek"] == 24
    assert data["support"]["jobCoach"] is True and data["support"]["other"] == "Rustige werkplek"
    assert data["demands"] == [{"rubric": "dynamic_actions", "level": 2, "note": "Tillen tot 10 kg"}]
    assert data["location"]["municipalityCode"] == "GM9901" and data["carvedTasks"] == []
    url = f"{URL}/{data['uuid']}"

    response = client.patch(
        url,
        {"hoursPerWeek": "20.5", "demands": [{"rubric": "dynamic_actions", "level": None}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["hoursPerWeek"] == 20.5 and response.json()["demands"] == []
    assert response.json()["title"] == "Productiemedewerker"

    response = client.post(
        f"{url}/status", {"toStatus": "filled", "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "toStatus"
    response = client.post(
        f"{url}/status", {"toStatus": "open", "reason": "Akkoord"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "open"
    assert response["API-Version"]


def test_validation_errors_are_problem_json(
    login_verified, account_manager, employer, other_location, occupation
):
    client = login_verified(account_manager)
    response = client.post(
        URL,
        _body(employer, occupation, hoursPerWeek=41, numberOfPositions=0, kind="vast"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert {p["name"] for p in response.json()["invalidParams"]} == {
        "hoursPerWeek",
        "numberOfPositions",
        "kind",
    }
    response = client.post(
        URL, _body(employer, occupation, location=str(other_location.uuid)), content_type="application/json"
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["location"]
    response = client.post(
        URL,
        _body(employer, occupation, demands=[{"rubric": "dynamic_actions", "level": 5}]),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Vacancy.objects.exists()


def test_consultant_reads_but_cannot_write(
    login_verified, account_manager, consultant, region, employer, occupation
):
    vacancy = make_vacancy(account_manager, region, employer, occupation)
    client = login_verified(consultant)
    assert client.get(URL).json()["count"] == 1
    assert client.get(f"{URL}/{vacancy.uuid}").status_code == 200
    assert client.post(URL, _body(employer, occupation), content_type="application/json").status_code == 403
    assert (
        client.patch(f"{URL}/{vacancy.uuid}", {"title": "x"}, content_type="application/json").status_code
        == 403
    )
    response = client.post(
        f"{URL}/{vacancy.uuid}/status", {"toStatus": "open", "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert (
        client.post(
            f"/api/v1/employers/{employer.uuid}/tasks",
            {"name": "x", "sourceJob": "y", "hoursPerWeek": 2},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert Vacancy.objects.get().status == "draft" and not EmployerTask.objects.exists()


def test_employer_user_board_member_and_other_region(
    login_verified,
    account_manager,
    employer_user,
    board_member,
    other_region_manager,
    region,
    employer,
    other_employer,
    occupation,
):
    own = make_vacancy(account_manager, region, employer, occupation, title="Eigen")
    other = make_vacancy(account_manager, region, other_employer, occupation, title="Ander")
    client = login_verified(employer_user)
    assert [v["title"] for v in client.get(URL).json()["results"]] == ["Eigen"]
    assert client.get(f"{URL}/{other.uuid}").status_code == 404
    assert (
        client.patch(f"{URL}/{own.uuid}", {"title": "x"}, content_type="application/json").status_code == 403
    )
    assert client.get(f"{URL}?employer={other_employer.uuid}").json()["count"] == 0

    client = login_verified(board_member)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/{own.uuid}").status_code == 404

    client = login_verified(other_region_manager)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}/{own.uuid}").status_code == 404
    assert (
        client.patch(f"{URL}/{own.uuid}", {"title": "x"}, content_type="application/json").status_code == 404
    )
    assert client.get(f"/api/v1/employers/{employer.uuid}/tasks").status_code == 404


def test_list_filters(
    login_verified, account_manager, region, employer, other_employer, occupation, other_occupation
):
    make_vacancy(account_manager, region, employer, occupation, title="Schoonmaker", kind="regular")
    make_vacancy(account_manager, region, other_employer, other_occupation, title="Winkelhulp")
    client = login_verified(account_manager)
    assert [v["title"] for v in client.get(f"{URL}?search=winkel").json()["results"]] == ["Winkelhulp"]
    assert client.get(f"{URL}?kind=regular").json()["count"] == 1
    assert client.get(f"{URL}?occupationGroup=9").json()["count"] == 1
    assert client.get(f"{URL}?occupation={other_occupation.uuid}").json()["count"] == 1
    assert client.get(f"{URL}?employer={employer.uuid}&sort=title").json()["count"] == 1
    response = client.get(f"{URL}?employer=geen-uuid")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "employer"


def test_tasks_and_carved_jobs(login_verified, account_manager, region, employer, other_employer, occupation):
    client = login_verified(account_manager)
    tasks_url = f"/api/v1/employers/{employer.uuid}/tasks"
    response = client.post(
        tasks_url, {"name": "", "sourceJob": "Kok", "hoursPerWeek": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"name", "hoursPerWeek"}
    response = client.post(
        tasks_url,
        {
            "name": "Groente snijden",
            "sourceJob": "Kok",
            "hoursPerWeek": 12,
            "demands": [{"rubric": "static_postures", "level": 2}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    chop = response.json()
    assert chop["suitableForTargetGroup"] is True and chop["demands"] == [
        {"rubric": "static_postures", "level": 2}
    ]
    dishes = make_task(
        account_manager,
        region,
        employer,
        name="Afwassen",
        source_job="Afwasser",
        hours_per_week=Decimal("16"),
    )
    foreign = make_task(account_manager, region, other_employer, name="Snoeien", source_job="Hovenier")
    assert [t["name"] for t in client.get(tasks_url).json()] == ["Afwassen", "Groente snijden"]

    carve_url = f"/api/v1/employers/{employer.uuid}/carved-jobs"
    body = {
        "title": "Keukenhulp",
        "occupation": str(occupation.uuid),
        "tasks": [{"task": chop["uuid"], "hoursPerWeek": 8}, {"task": str(dishes.uuid)}],
    }
    response = client.post(
        carve_url, {**body, "tasks": [{"task": str(foreign.uuid)}]}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "tasks"
    response = client.post(
        carve_url,
        {**body, "tasks": [{"task": chop["uuid"], "hoursPerWeek": 13}]},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "tasks"
    response = client.post(carve_url, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["hoursPerWeek"] == 24 and data["kind"] == "jobs_agreement" and data["status"] == "draft"
    assert {(t["name"], t["sourceJob"], t["hoursPerWeek"]) for t in data["carvedTasks"]} == {
        ("Groente snijden", "Kok", 8),
        ("Afwassen", "Afwasser", 16),
    }
    assert [(d["rubric"], d["level"]) for d in data["demands"]] == [("static_postures", 2)]
    assert CarvedTask.objects.count() == 2


@pytest.mark.parametrize("role_fixture", ["consultant", "employer_user"])
def test_carving_api_is_for_account_managers(
    request, login_verified, role_fixture, account_manager, region, employer, occupation
):
    task = make_task(account_manager, region, employer)
    client = login_verified(request.getfixturevalue(role_fixture))
    assert client.get(f"/api/v1/employers/{employer.uuid}/tasks").status_code == 200
    response = client.post(
        f"/api/v1/employers/{employer.uuid}/carved-jobs",
        {"title": "x", "occupation": str(occupation.uuid), "tasks": [{"task": str(task.uuid)}]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Vacancy.objects.exists()
